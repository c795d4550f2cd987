"""Languages and translations: the language registry, the gettext catalogs translators
edit, the checks on each string and catalog, which catalog a build may use, line
breaking for scripts without spaces, and the translator's commands (extract, init,
update).

May import: core, fonts."""
