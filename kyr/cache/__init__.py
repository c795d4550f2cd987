"""What kyr remembers between runs: content hashes of its inputs, fitted type sizes
and the fit check's results, shipped and local.

May import: core, fonts, i18n, config, content."""
