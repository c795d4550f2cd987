"""Web links in a configuration: which are accepted, how they read in print, and which
point at example domains (those print the SAMPLE mark, however they are disguised)."""

from __future__ import annotations

import contextlib
import re
import unicodedata
from urllib.parse import urlsplit

#: Domains reserved for documentation (RFC 2606 / RFC 6761).
_EXAMPLE_HOST = re.compile(r"(^|\.)example\.(org|com|net)$|(^|\.)example$|\.(test|invalid)$")
#: Where a printed link may wrap: after these characters only (a label's spaces too).
_BREAK_AFTER = "/.- "


def url_problem(url: str) -> str | None:
    """Why a web link is unacceptable, or None. Only https: links print or go in a QR."""
    if any(c.isspace() for c in url):
        return "must not contain spaces"
    if not url.startswith("https://"):
        return "must start with https://"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as error:
        return f"not a valid link ({error})"
    host = parts.hostname or ""
    if not host or "." not in host.strip("."):
        return "not a complete https:// link (no domain name)"
    if parts.username or parts.password:
        return "must not contain a user name or password"
    from confusable_homoglyphs import confusables  # 30 ms to import: only when needed

    if any(confusables.is_dangerous(label) for label in _decoded_host(host).split(".")):
        return "its domain mixes look-alike letters from different scripts"
    return None


def _decoded_host(host: str) -> str:
    """The host as a reader sees it: punycode (xn--) labels decoded, NFKC folded."""
    labels = []
    for label in host.rstrip(".").split("."):
        if label.startswith("xn--"):
            with contextlib.suppress(UnicodeError):
                label = label.encode("ascii").decode("idna")
        labels.append(label)
    return unicodedata.normalize("NFKC", ".".join(labels)).casefold()


def _skeleton(text: str) -> str:
    """`text` with every letter that looks like a Latin one replaced by it."""
    from confusable_homoglyphs import confusables

    found = confusables.is_confusable(text, greedy=True, preferred_aliases=["latin"]) or []
    table = {item["character"]: item["homoglyphs"][0]["c"] for item in found}
    return "".join(table.get(c, c) for c in text)


def is_example_host(host: str) -> bool:
    """True for a documentation domain, also written with a trailing dot, in punycode,
    in full-width or look-alike letters ("еxample.org" with a Cyrillic е)."""
    return bool(_EXAMPLE_HOST.search(_skeleton(_decoded_host(host))))


def printed_link(url: str) -> str:
    """A link as people read it under a QR code: no scheme, no "www.", no query or
    fragment, no trailing slash ("https://www.a.org/rights/?lang=es" -> "a.org/rights")."""
    parts = urlsplit(url)
    host = _decoded_host(parts.netloc.split("@")[-1])
    host = host.removeprefix("www.")
    return (host + parts.path).rstrip("/")


def resource_link(url: str) -> str:
    """A resource's link as printed for people to type: only the scheme and a trailing
    slash left out (its query may matter, as no QR code carries it)."""
    return url.removeprefix("https://").rstrip("/")


def link_segments(text: str) -> tuple[str, ...]:
    """`text` cut after each "/", "." and "-" (and space, in a label): the only places a
    printed link may wrap."""
    segments, current = [], ""
    for char in text:
        current += char
        if char in _BREAK_AFTER:
            segments.append(current)
            current = ""
    if current:
        segments.append(current)
    return tuple(segments)
