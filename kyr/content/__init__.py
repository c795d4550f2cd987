"""What each piece says and how it is templated: the product registry, the pieces a
build makes, the template context, QR codes, the sandboxed Jinja2 environment and the
print rules every template follows.

May import: core, fonts, i18n, config."""
