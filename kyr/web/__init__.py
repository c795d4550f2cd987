"""The local web page (`kyr serve`) and the static site (`kyr site`) over the build.

May import: core, fonts, i18n, config, content, cache, pdf, render, output, build.

May import: core, fonts, i18n, config, content, cache, pdf, render, output, build."""
