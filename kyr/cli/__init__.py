"""The command line: parses arguments and calls the library; nothing else lives here.

May import: core, fonts, i18n, config, content, cache, pdf, render, output, build, web."""
