"""kyr: print-ready, multilingual know-your-rights materials.

The package is a pipeline, one subpackage a stage, each importing only the stages below
it (its docstring's "May import:" line, checked by tests/test_package_layers.py):

- core, the modules at this level: errors, paths, choices (target, paper, direction),
  geometry, files (bounded reads of files from others, atomic writes), cache files, TOML
  registries, progress, suggestions;
- `fonts`, `i18n`, `config`, `content`, `cache`: what is printed and in which fonts;
- `pdf`, `render`: HTML to PDF and one pass over the PDF;
- `output`, `build`: files written, and a build from request to files;
- `web`, `cli`: the two ways in. `launch` starts the `kyr` command.
"""

__version__ = "0.1.0"

#: Version of the printed wording (content brief). Printed on every piece so that an
#: outdated card in circulation can be recognised. Bump it whenever a msgid changes.
CONTENT_VERSION = "2026.12.1"
