"""kyr: print-ready, multilingual know-your-rights materials."""

__version__ = "0.1.0"

#: Version of the printed wording (content brief). Printed on every piece so that an
#: outdated card in circulation can be recognised. Bump it whenever a msgid changes.
CONTENT_VERSION = "2026.12"
