"""Messages to paste (the `message` product): per language, text files instead of a PDF.
The plain text (Signal, WhatsApp), the same in Markdown, and an SMS of at most three
segments (kyr.content.sms), in the first of its forms that fits: full, brief, short.

They print what the card prints, through the same catalogs: the rights, the statement to
the agent in English verbatim (kyr.content.context.STATEMENT), the hotline, the link and
the network's name, and the print rules (kyr.content.print_rules)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from kyr import CONTENT_VERSION
from kyr.config.community import Community
from kyr.content.context import STATEMENT
from kyr.content.pieces import Piece, Rendered
from kyr.content.print_rules import (
    DISCLAIMER,
    DRAFT_NOTE,
    SAMPLE_NOTE,
    missing_print_rules,
    missing_text_rules,
)
from kyr.content.sms import SmsCount, sms_count
from kyr.content.templating import render_html, render_text
from kyr.errors import RenderError
from kyr.i18n.catalogs import EMPHASIS, Translations, source_msgids
from kyr.i18n.languages import Language
from kyr.i18n.policy import is_draft, load_language_translations

#: An SMS is sent in at most this many segments.
MAX_SMS_SEGMENTS = 3
#: The SMS's forms, longest first: the first that fits is sent. "full": heading, three
#: rights, hotline, link, network, print rules; "brief": the same without the rights;
#: "short": the network's own details and the print rules in English (GSM-7 when the
#: details are); "minimal": the hotline and the link with those rules, which fits with
#: any link a QR code holds (150 bytes), so a network's valid details never stop a build.
SMS_FORMS = ("full", "brief", "short", "minimal")
#: The message as HTML, for a web page (`kyr site`): the templates folder's, so an
#: overlay may replace it.
MESSAGE_HTML = "message.html"


@dataclass(frozen=True)
class MessageResource:
    name: str
    phone: str  # as printed, or ""
    url: str  # the whole link, or ""


@dataclass(frozen=True)
class MessageContext:
    """What a message template prints (`m`): the network's details as it wrote them."""

    lang: Language
    community_name: str
    hotline: str
    hotline_label: str
    #: The link to open: the QR code's (a label's or a number's text when it holds no web link).
    link: str
    resources: tuple[MessageResource, ...]
    sample: bool
    draft: bool
    #: The draft line's words in the holder's language ("" for English or when reviewed).
    draft_note: str
    version_line: str
    statement: str = STATEMENT
    #: The SMS's form (SMS_FORMS); "" for the plain text and the Markdown.
    form: str = ""
    draft_note_en: str = DRAFT_NOTE
    sample_note: str = SAMPLE_NOTE
    disclaimer_en: str = DISCLAIMER

    def ltr(self, text: str) -> str:
        """`text` (a number, a link) kept left to right in a right-to-left message, as
        the PDFs' `dir="ltr"` does: between LEFT-TO-RIGHT ISOLATE and POP DIRECTIONAL
        ISOLATE, or a chat app may show "(951) 555-0100" as "555-0100 (951)"."""
        return f"\u2066{text}\u2069" if text and self.lang.direction == "rtl" else text

    def own(self, text: str) -> str:
        """The network's own words (its hotline's label, a resource's name), in whatever
        script they are, kept in their own direction in a right-to-left message: between
        FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE, or "24/7 hotline" in brackets
        reads "(hotline 24/7)"."""
        return f"\u2068{text}\u2069" if text and self.lang.direction == "rtl" else text


def message_context(
    community: Community, language: Language, draft: bool, draft_note: str
) -> MessageContext:
    link = community.qr_url if community.qr_url.startswith("https:") else community.qr_text
    return MessageContext(
        lang=language,
        community_name=community.name,
        hotline=community.hotline_number,
        hotline_label=community.hotline_label,
        link=link,
        resources=tuple(
            MessageResource(r.name, r.phone.printed if r.phone else "", r.url)
            for r in community.resources
        ),
        sample=community.sample,
        draft=draft,
        draft_note=draft_note,
        version_line=f"kyr {CONTENT_VERSION} · {language.code}",
    )


def catalog_text(translations: Translations, emphasis: bool) -> Callable[[str], str]:
    """gettext for text: a message's translation (else its fallback's, else the English),
    with its `**key words**` kept for Markdown (`emphasis`), else unmarked."""

    def gettext(message: str) -> str:
        if not emphasis:
            return translations.plain_text(message)
        for source in (translations, translations.fallback):
            if source is not None and source.messages.get(message):
                text = source.messages[message]
                break
        else:
            text = message
        return text if text.count(EMPHASIS) % 2 == 0 else translations.plain_text(message)

    return gettext


@dataclass(frozen=True)
class SmsText:
    text: str
    form: str
    count: SmsCount


def fitted_sms(render: Callable[[str], str], language: Language) -> SmsText:
    """The SMS in its first form (SMS_FORMS) that fits MAX_SMS_SEGMENTS segments."""
    counts = []
    for form in SMS_FORMS:
        text = render(form)
        count = sms_count(text)
        if count.segments <= MAX_SMS_SEGMENTS:
            return SmsText(text, form, count)
        counts.append(f"{form} {count.segments}")
    raise RenderError(
        f"message in {language.english_name} ({language.code}): the SMS does not fit "
        f"{MAX_SMS_SEGMENTS} segments even in its shortest form ({', '.join(counts)} "
        "segments): shorten the QR link"
    )


def _language_context(
    community: Community, language: Language, allow_incomplete: bool
) -> tuple[Translations, MessageContext]:
    """`language`'s catalog and what a message template prints in it."""
    msgids = source_msgids()
    translations = load_language_translations(language, msgids, allow_incomplete)
    draft = is_draft(language, translations, msgids)
    note = "" if language.is_source or not draft else translations.plain_text(DRAFT_NOTE)
    return translations, message_context(community, language, draft, note)


def message_html(community: Community, language: Language, allow_incomplete: bool = False) -> str:
    """The message as a web page's text (MESSAGE_HTML, for `kyr site`'s page per
    language), its print rules checked as a PDF's are."""
    translations, m = _language_context(community, language, allow_incomplete)
    html = render_html(MESSAGE_HTML, translations, m=m)
    missing = missing_print_rules(html, m.sample, m.draft)
    if missing:
        raise RenderError(
            f"templates/{MESSAGE_HTML}: {language.code} does not print {' or '.join(missing)}"
        )
    return html


def render_message(community: Community, piece: Piece, allow_incomplete: bool = False) -> Rendered:
    """A message piece's files (plain text, Markdown, SMS) in memory, their print rules
    checked; its note says how the SMS is sent."""
    language, product = piece.languages[0], piece.product
    translations, m = _language_context(community, language, allow_incomplete)
    draft = m.draft
    plain, marked = catalog_text(translations, False), catalog_text(translations, True)
    text = render_text(product.template, plain, m=m)
    markdown = render_text(product.markdown, marked, m=m)

    def sms(form: str) -> str:
        return render_text(product.sms, plain, m=replace(m, form=form)).strip() + "\n"

    short = fitted_sms(sms, language)
    rules = {"disclaimer": plain(DISCLAIMER), "version": m.version_line}
    if m.sample:
        rules["sample"] = SAMPLE_NOTE
    if draft:
        rules["draft"] = DRAFT_NOTE
    for name, content in (("txt", text), ("md", markdown)):
        missing = missing_text_rules(content, rules)
        if missing:
            raise RenderError(
                f"templates/{product.template}: {piece.label} ({name}) does not print "
                f"{' or '.join(missing)}"
            )
    contents = (text, markdown, short.text)
    files = tuple(
        (name, content.encode("utf-8"))
        for name, content in zip(piece.filenames, contents, strict=True)
    )
    summary = f"SMS ({short.form}): {short.count.summary}, {short.count.units} units"
    return Rendered(piece, b"", 0, 0.0, summary, files)
