"""A network's community configuration: the TOML file, its phone numbers and links as
they print, which file a command uses, and `kyr init`, the wizard that writes one.

May import: core, fonts, i18n."""
