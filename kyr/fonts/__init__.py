"""The pinned fonts: fontconfig pointed at kyr's own fonts only, which characters
they draw, and how wide a line sets in them.

May import: core."""
