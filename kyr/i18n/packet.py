"""What a review packet says (`kyr i18n packet LANG`): one entry per printed string, in
the order the template catalog lists them, with the English, the translation, the
drafter's back-translation and notes (translator comments `# back-translation: ...` and
`# note: ...`), the legal terms to watch, which products print it and its review state;
the reviewer's legal checklist; and the answer sheet (`packet-LANG-answers.toml`) a
reviewer fills in. Pure functions over catalogs: `kyr.build.packet` renders them."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass

from babel.messages.catalog import Catalog, Message

from kyr.i18n.catalogs import message_id
from kyr.i18n.languages import Language
from kyr.i18n.reviews import (
    current_review,
    english_digest,
    is_translated,
    reviews,
    translation_digest,
)

#: Words whose meaning a translation must keep exactly: an entry with one is flagged.
LEGAL_TERMS = (
    "warrant", "judge", "court", "magistrate", "remain silent", "lawyer", "sign",
    "consent", "arrest", "search",
)  # fmt: skip

#: The reviewer's legal checklist: what each key line must keep, in plain words.
CHECKLIST = (
    ("Judicial warrant",
     "A judicial warrant is signed by a judge (or magistrate) and comes from a court. "
     "The translation must say both: a judge signs it, a court issues it."),
    ("Administrative warrant",
     "Forms I-200 and I-205 are signed by an immigration officer. They are NOT judicial "
     "warrants and do not let agents enter a home. The translation must not make them "
     "sound like a judge's warrant."),
    ("Silence",
     "Staying silent is a right (\"remain silent\"). It must read as a right the person "
     "has, not as advice or a duty."),
    ("Do not sign", "\"Do not sign\" (sign nothing) must stay a clear \"do not\"."),
    ("Do not open the door", "\"Do not open the door\" must stay a clear \"do not\"."),
    ("Do not run, resist or block",
     "\"Do not run, resist or block\" agents: all three must stay, each with its \"not\"."),
    ("The statement to the agent",
     "The statement to the agent is printed in English and stays in English. Its "
     "translation (\"What this says\") must say exactly the same, nothing added or left out."),
    ("May and must",
     "\"May\" (allowed, possible) must not become \"must\" (required), nor the other way. "
     "A \"not\" or \"never\" must never be lost."),
    ("Names of forms and courts",
     "I-200, I-205, I-94 and \"(U.S. District Court)\" stay exactly as written, in "
     "English, so the reader can match them on a real paper."),
)  # fmt: skip

INSTRUCTIONS = (
    "You are checking that each translation says the same as its English, in words the "
    "people who will carry this card understand. You do not need to be a lawyer or a "
    "programmer.",
    "Read the checklist below first. Then, for each entry: read the English, read the "
    "translation, and look at the picture of where it prints. Entries marked LEGAL TERMS "
    "carry words whose meaning must not change: read them twice.",
    "If the translation is right, tick \"correct as written\". If not, write the whole "
    "corrected translation on the line. In the answer file (packet-LANG-answers.toml) "
    "that means ok = true, or the corrected text in correction = \"...\".",
    "Strings already reviewed and unchanged since are listed at the end: you may skip "
    "them. When you are done, send the answer file back to your network's coordinator.",
)

#: Translator comments a drafter adds to an entry, and how the packet names them.
_FIELDS = {"back-translation": "back_translation", "note": "notes"}


class ReviewState:
    """How far an entry's translation is reviewed (`PacketEntry.state`)."""

    REVIEWED = "reviewed"  # reviewed against the words it now has
    CHANGED = "changed"  # reviewed once, but the English or the translation changed since
    DRAFT = "draft"  # translated, never reviewed
    UNTRANSLATED = "untranslated"  # prints in English (or the fallback language)


@dataclass(frozen=True)
class PacketEntry:
    number: int
    msgid: str
    english: str  # plural forms joined by " | "
    translation: str  # "" when untranslated
    english_digest: str
    translation_digest: str
    products: tuple[str, ...]  # products that print it, in product order
    context: tuple[str, ...]  # the template's notes for translators (`#.` comments)
    back_translation: str
    notes: tuple[str, ...]
    terms: tuple[str, ...]  # legal terms of LEGAL_TERMS in the English
    state: str
    reviewed_by: str = ""
    reviewed_on: str = ""

    @property
    def to_review(self) -> bool:
        return self.state != ReviewState.REVIEWED


@dataclass(frozen=True)
class Packet:
    language: Language
    content_version: str
    entries: tuple[PacketEntry, ...]
    drafter_notes: str  # the language's section of locales/REVIEW-NOTES.md, if any

    @property
    def to_review(self) -> tuple[PacketEntry, ...]:
        return tuple(entry for entry in self.entries if entry.to_review)

    @property
    def reviewed(self) -> tuple[PacketEntry, ...]:
        return tuple(entry for entry in self.entries if not entry.to_review)


def legal_terms(english: str) -> tuple[str, ...]:
    """The terms of LEGAL_TERMS in `english` (as word starts: "signed" has "sign")."""
    lower = english.lower()
    return tuple(term for term in LEGAL_TERMS if re.search(rf"\b{re.escape(term)}", lower))


def drafter_comments(comments: list[str]) -> dict[str, list[str]]:
    """A drafter's `back-translation:` and `note:` translator comments, each with the
    lines a tool wrapped it onto (lines that start no other comment)."""
    found: dict[str, list[str]] = {"back_translation": [], "notes": []}
    current: list[str] | None = None
    for comment in comments:
        label, colon, rest = comment.partition(":")
        field = _FIELDS.get(label.strip().lower()) if colon else None
        if field:
            found[field].append(rest.strip())
            current = found[field]
        elif current is not None and comment.strip() and not comment.startswith("reviewed:"):
            current[-1] = f"{current[-1]} {comment.strip()}"
        else:
            current = None
    return found


def _text(value: str | tuple[str, ...] | list[str]) -> str:
    return " | ".join(value) if isinstance(value, (list, tuple)) else value


def _state(message: Message | None) -> tuple[str, str, str]:
    if message is None or not is_translated(message):
        return ReviewState.UNTRANSLATED, "", ""
    review = current_review(message)
    if review:
        return ReviewState.REVIEWED, review.by, review.on
    earlier = reviews(message)
    if earlier:
        return ReviewState.CHANGED, earlier[-1].by, earlier[-1].on
    return ReviewState.DRAFT, "", ""


def _products(
    source: Message, products_by_template: Mapping[str, tuple[str, ...]], order: tuple[str, ...]
) -> tuple[str, ...]:
    found = {p for name, _ in source.locations for p in products_by_template.get(name, ())}
    return tuple(product for product in order if product in found)


def packet_entries(
    template: Catalog,
    catalog: Catalog,
    products_by_template: Mapping[str, tuple[str, ...]],
    product_order: tuple[str, ...],
) -> tuple[PacketEntry, ...]:
    """An entry per msgid of `template` (messages.pot), with `catalog`'s translation;
    `products_by_template` names the products each template file is part of."""
    entries: list[PacketEntry] = []
    for source in template:
        if not source.id:
            continue
        msgid = message_id(source)
        message = catalog.get(msgid)
        state, by, on = _state(message)
        translated = message is not None and is_translated(message)
        comments = drafter_comments(list(message.user_comments) if message else [])
        english = _text(source.id or "")
        entries.append(
            PacketEntry(
                number=len(entries) + 1,
                msgid=msgid,
                english=english,
                translation=_text(message.string or "") if translated and message else "",
                english_digest=english_digest(source),
                translation_digest=translation_digest(message) if message else "",
                products=_products(source, products_by_template, product_order),
                context=tuple(source.auto_comments),
                back_translation=" ".join(comments["back_translation"]),
                notes=tuple(comments["notes"]),
                terms=legal_terms(english),
                state=state,
                reviewed_by=by,
                reviewed_on=on,
            )
        )
    return tuple(entries)


def drafter_notes(review_notes: str, code: str) -> str:
    """The section of REVIEW-NOTES.md about language `code`: from the `#### ` heading
    that names it ("#### es (Spanish)", "#### Russian (ru)", "#### gu: Gujarati") to the
    next heading of its level or above; "" when there is none."""
    name = re.compile(rf"(?<![\w-]){re.escape(code)}(?![\w-])", re.IGNORECASE)
    lines = review_notes.splitlines()
    for start, line in enumerate(lines):
        if line.startswith("#### ") and name.search(line[5:]):
            end = start + 1
            while end < len(lines) and not re.match(r"#{1,4} ", lines[end]):
                end += 1
            section = "\n".join([line[5:], *lines[start + 1 : end]]).strip()
            return section.removesuffix("---").strip()  # a separator before the next
    return ""


def _toml_string(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def answers_toml(packet: Packet) -> str:
    """The answer sheet: one [[string]] table per entry, to fill in (ok, correction) and
    give back to `kyr i18n review LANG --by NAME --from FILE`."""
    language = packet.language
    lines = [
        f"# Review answers for {language.english_name} ({language.code}), "
        f"kyr content {packet.content_version}.",
        "# For each string: ok = true when the translation is correct as written; else write",
        "# the whole corrected translation in correction = \"...\". Leave both as they are",
        "# for a string you did not check. Then, with kyr:",
        f"#   kyr i18n review {language.code} --by \"YOUR NAME\" --from THIS-FILE",
        "",
        f"language = {_toml_string(language.code)}",
        f"content_version = {_toml_string(packet.content_version)}",
    ]
    for entry in packet.entries:
        lines += ["", "[[string]]", f"number = {entry.number}"]
        if not entry.to_review:
            lines.append(f"# already reviewed by {entry.reviewed_by} on {entry.reviewed_on}")
        lines += [
            f"english = {_toml_string(entry.english)}",
            f"translation = {_toml_string(entry.translation)}",
            f"english_digest = {_toml_string(entry.english_digest)}",
            f"translation_digest = {_toml_string(entry.translation_digest)}",
            "ok = false",
            'correction = ""',
        ]
    return "\n".join(lines) + "\n"


def search_text(text: str, max_chars: int = 24) -> str:
    """What to look for on a printed page to find `text`: its start, without emphasis
    marks or placeholders, cut at a word end (scripts without spaces: at `max_chars`),
    so line breaks and hyphenation later in the string do not matter."""
    plain = re.split(r"%\(\w+\)[sd]|%[sd]|\{\w*\}", text.replace("**", ""))[0]
    plain = " ".join(plain.split())
    if len(plain) <= max_chars:
        return plain.strip()
    cut = plain[:max_chars]
    if " " in cut[8:]:
        cut = cut[: cut.rindex(" ")]
    return cut.strip()
