"""Writing results: an output folder that holds every new file or none, and its
`manifest.json`.

May import: core."""
