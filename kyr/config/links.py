"""Web links in a configuration: which are accepted, how they read in print, and which
point at example domains (those print the SAMPLE mark, however they are disguised)."""

from __future__ import annotations

import contextlib
import ipaddress
import re
import unicodedata
from collections.abc import Callable
from urllib.parse import unquote, urlsplit

#: Domains reserved for documentation (RFC 2606 / RFC 6761).
_EXAMPLE_HOST = re.compile(
    r"(^|\.)example\.(org|com|net)$"  # RFC 2606
    r"|(^|\.)(example|test|invalid|localhost|local|internal|alt)$"  # RFC 6761, 6762, 9476
    r"|(^|\.)home\.arpa$"  # RFC 8375
)
#: Address blocks reserved for documentation (RFC 5737, RFC 3849, RFC 9637).
DOCUMENTATION_NETWORKS = tuple(
    ipaddress.ip_network(block)
    for block in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32",
                  "3fff::/20")
)  # fmt: skip
#: What IDNA (UTS #46) reads as the dot between labels: the full stop and the ideographic,
#: full-width and half-width ones.
_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})


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
    """The host as a reader (and a browser) sees it: percent-escapes undone ("%65" is
    "e"), every IDNA dot a full stop, punycode (xn--) labels decoded, NFKC folded."""
    host = unquote(host).translate(_DOTS)
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
    """True for a documentation or reserved name (example.org, *.test, kyr.localhost)
    and for an address no one outside can reach or that is kept for documentation
    (192.0.2.10, [2001:db8::1], 10.0.0.1), however written: a trailing dot, punycode,
    percent-escapes, full-width or ideographic dots, look-alike letters ("еxample.org"
    with a Cyrillic е)."""
    decoded = _decoded_host(host).strip("[]")
    try:
        address = ipaddress.ip_address(decoded)
    except ValueError:
        return bool(_EXAMPLE_HOST.search(_skeleton(decoded)))
    return not address.is_global or any(address in net for net in DOCUMENTATION_NETWORKS)


def printed_link(url: str) -> str:
    """A link as people read it under a QR code: no scheme, no "www.", no query or
    fragment, no trailing slash ("https://www.a.org/rights/?lang=es" -> "a.org/rights")."""
    parts = urlsplit(url)
    return (printed_host(url) + parts.path).rstrip("/")


def printed_host(url: str) -> str:
    """A link's domain name as people read it: decoded, without "www." ("a.org")."""
    host = _decoded_host(urlsplit(url).netloc.split("@")[-1])
    return host.removeprefix("www.")


def resource_link(url: str) -> str:
    """A resource's link as printed for people to type: only the scheme and a trailing
    slash left out (its query may matter, as no QR code carries it)."""
    return url.removeprefix("https://").rstrip("/")


def resource_forms(url: str) -> tuple[str, ...]:
    """What may print for a resource's link, best first: the whole link without its
    scheme, its short form (no "www.", query or fragment), its domain name alone. Each
    form is left out when it says no more than the one after it."""
    return _distinct((resource_link(url), printed_link(url), printed_host(url)))


def qr_forms(url: str) -> tuple[str, ...]:
    """What may print under a QR code holding `url`, best first: the short form, then the
    domain name alone (the code itself holds the whole link)."""
    return _distinct((printed_link(url), printed_host(url)))


def _distinct(forms: tuple[str, ...]) -> tuple[str, ...]:
    kept: list[str] = []
    for form in forms:
        if form and form not in kept:
            kept.append(form)
    return tuple(kept)


# -- where a printed link may wrap --

Fits = Callable[[str], bool]

#: Where a link's path may wrap, coarsest first: after "/", then after the marks that
#: start a query's parts, then after punctuation inside a word.
_PATH_BREAKS = ("/", "?&#", "-._~=+,;:")
#: A label is words: after spaces, then as a link would.
_LABEL_BREAKS = (" ", "/", ".-")


def link_parts(text: str, fits: Fits) -> tuple[str, ...]:
    """A printed link cut into the parts it may wrap between, as few as keep each part
    within the line (`fits`). A link that fits the line is one part. Else the domain
    name stays whole and the path breaks after "/";
    a domain wider than the line breaks after its dots (then its hyphens), a path part
    after its punctuation; a part wider still, between characters. Nothing is added: the parts
    join to `text`."""
    if fits(text):
        return (text,)  # a link that fits a line moves to a line of its own, whole
    end = next((i for i, char in enumerate(text) if char in "/?#"), len(text))
    if text[end : end + 1] == "/":
        end += 1  # the slash after the domain stays with it
    host, path = text[:end], text[end:]
    pieces = _cut_after(path, _PATH_BREAKS[0])
    return _cut(host, (".", "-"), fits) + tuple(
        part for piece in pieces for part in _cut(piece, _PATH_BREAKS[1:], fits)
    )


def label_parts(text: str, fits: Fits) -> tuple[str, ...]:
    """A label (words chosen by the network) cut where it may wrap: between words; a word
    wider than the line after "/", then "." or "-", then between characters."""
    return _cut(text, _LABEL_BREAKS, fits)


def _cut(text: str, levels: tuple[str, ...], fits: Fits) -> tuple[str, ...]:
    """`text` whole if it fits, else cut after the first level's characters, each piece
    cut again with the next levels; past the last level, between any two characters."""
    if not text or fits(text.rstrip()):
        return (text,)
    if not levels:
        return tuple(text)
    first, rest = levels[0], levels[1:]
    pieces = _cut_after(text, first)
    if len(pieces) == 1:
        return _cut(text, rest, fits)
    return tuple(part for piece in pieces for part in _cut(piece, rest, fits))


def _cut_after(text: str, marks: str) -> tuple[str, ...]:
    """`text` cut after each of `marks` (a run of marks stays together: "//", "?&")."""
    pieces, current = [], ""
    for index, char in enumerate(text):
        current += char
        following = text[index + 1 : index + 2]
        if char in marks and following and following not in marks:
            pieces.append(current)
            current = ""
    if current:
        pieces.append(current)
    return tuple(pieces)


def wrapped_lines(parts: tuple[str, ...], fits: Fits) -> tuple[str, ...]:
    """The lines `parts` set in, each filled with as many parts as fit (as a browser
    fills them: a part wider than the line gets a line of its own)."""
    lines: list[str] = []
    current = ""
    for part in parts:
        if current and not fits((current + part).rstrip()):
            lines.append(current)
            current = part
        else:
            current += part
    if current:
        lines.append(current)
    return tuple(lines)


def line_count(items: list[tuple[float, float]], line_width: float) -> int:
    """How many lines a run of parts fills, each line taking as many as fit. An item is
    (the part's width, the width of the space after it): a space at a line's end takes
    no room. A part wider than the line takes a line of its own."""
    lines, used = 0, 0.0
    for width, space in items:
        if lines and used + width <= line_width:
            used += width + space
        else:
            lines, used = lines + 1, width + space
    return lines


def fitted_form(
    forms: tuple[str, ...], fits: Fits, max_lines: int, words: bool = False
) -> tuple[str, ...]:
    """The parts of the first of `forms` that sets in at most `max_lines` lines, else of
    the last (the shortest form prints, however many lines it takes). `words`: the forms
    are a label's words (`label_parts`), not links."""
    cut = label_parts if words else link_parts
    parts: tuple[str, ...] = ()
    for form in forms:
        parts = cut(form, fits)
        if len(wrapped_lines(parts, fits)) <= max_lines:
            break
    return parts
