"""A build from request to files: which pieces to make, the run itself, worker
processes, several networks in one run, shards and their merge, and the fit check of
every language.

May import: core, fonts, i18n, config, content, cache, pdf, render, output."""
