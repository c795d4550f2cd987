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
