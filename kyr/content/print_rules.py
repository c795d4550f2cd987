"""The print rules every piece follows (templates/_print_rules.html): checked on each
rendered page's HTML, so a new product cannot forget the disclaimer, the version line,
the SAMPLE mark or the draft line."""

from __future__ import annotations

import re

_RULE = re.compile(r'data-print-rule="([a-z]+)"')

RULE_NAMES = {
    "disclaimer": "the not-legal-advice line",
    "version": "the content version and locale code",
    "sample": "the SAMPLE mark",
    "draft": "the draft line",
}


def missing_print_rules(html: str, sample: bool, draft: bool) -> list[str]:
    """What the piece's HTML fails to print, as the rules' names (empty: all there)."""
    found = set(_RULE.findall(html))
    wanted = ["disclaimer", "version"] + ["sample"] * sample + ["draft"] * draft
    return [RULE_NAMES[rule] for rule in wanted if rule not in found]


#: The words of the print rules that are not the catalog's (templates/_print_rules.html
#: prints the same): the English draft line and the SAMPLE note.
DRAFT_NOTE = "Draft translation, not yet reviewed"
SAMPLE_NOTE = "SAMPLE: set your local details"
#: The not-legal-advice line, through each language's catalog.
DISCLAIMER = "General information, not legal advice."


def missing_text_rules(text: str, printed: dict[str, str]) -> list[str]:
    """What a text piece (a message to paste) fails to print: `printed` gives each rule
    it must follow (RULE_NAMES' keys) and the words that print it."""
    return [RULE_NAMES[rule] for rule, words in printed.items() if words not in text]
