"""Languages and translations: the language registry, the gettext catalogs translators
edit, the checks on each string and catalog, which catalog a build may use, line
breaking for scripts without spaces, reviews per string, and the translator's commands
(extract, init, update, review).

May import: core, fonts."""
