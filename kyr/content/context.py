"""What each printed piece says: pure functions from configuration, language and
layout decisions to the values templates print."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from kyr import CONTENT_VERSION, __version__, paths
from kyr.config.community import Community, Resource, legal_aid
from kyr.config.links import (
    Fits,
    fitted_form,
    line_count,
    link_parts,
    qr_forms,
    resource_forms,
)
from kyr.content.phone_type import (
    SMALLEST_PT,
    NumberLines,
    phone_lines,
    phone_size_pt,
)
from kyr.content.qr import qr_data_uri, quiet_zone_mm
from kyr.fonts.text_width import text_width_mm
from kyr.geometry import (
    CARD_QR_COLUMN,
    PAPER_SIZES,
    POSTER_PAPERS,
    SHEET_PAPERS,
    CardSize,
    SheetLayout,
    card_sheet_layout,
    card_size,
    custom_properties,
    sticker_sheet_layout,
)
from kyr.i18n.languages import Language, font_stack

#: The statement to the agent: fixed legal wording, printed in English, verbatim.
STATEMENT = (
    "I do not wish to speak with you, answer your questions, or sign or hand you any "
    "documents based on my 5th Amendment rights under the United States Constitution. "
    "I do not give you permission to enter my home based on my 4th Amendment rights under "
    "the United States Constitution unless you have a warrant to enter, signed by a judge "
    "or magistrate with my name on it that you slide under the door. I do not give you "
    "permission to search any of my belongings based on my 4th Amendment rights. I choose "
    "to exercise my constitutional rights."
)

#: The statement's key clause, set in bold on the door slip (the words stay as they are).
KEY_CLAUSE = (
    "unless you have a warrant to enter, signed by a judge or magistrate with my name on it "
    "that you slide under the door"
)
_before, _after = STATEMENT.split(KEY_CLAUSE)
STATEMENT_PARTS = (_before, KEY_CLAUSE, _after)

ENGLISH_FONT_STACK = '"Noto Sans"'
TEXT_FONT = "NotoSans-Regular.ttf"
BOLD_FONT = "NotoSans-Bold.ttf"


#: A measured width counts as this much of a line, for shaping and kerning to spare:
#: the forms and their break points are chosen from the fonts' advances, and only
#: checked by the layout.
_LINE_SHARE = 0.95


@dataclass(frozen=True)
class PrintedResource:
    name: str
    phone: str
    #: What may print for its link, best first (kyr.config.links.resource_forms); () for none.
    link_forms: tuple[str, ...] = ()

    @property
    def link(self) -> str:
        return self.link_forms[0] if self.link_forms else ""

    def link_parts(self, width_mm: float, pt: float, max_lines: int) -> tuple[str, ...]:
        """The link, cut where it may wrap, in the first form with which the whole entry
        ("Name (phone) · link", the name in bold) sets in `max_lines` lines `width_mm`
        wide at `pt`; else in its shortest form."""
        if not self.link_forms:
            return ()
        fits = _fits(width_mm, pt)
        regular, bold = _font(TEXT_FONT), _font(BOLD_FONT)
        space = text_width_mm(" ", regular, pt)
        lead = [(text_width_mm(word, bold, pt), space) for word in self.name.split()]
        if self.phone:
            lead.append((text_width_mm(self.phone, regular, pt), space))
        lead.append((text_width_mm("·", regular, pt), space))
        parts: tuple[str, ...] = ()
        for form in self.link_forms:
            parts = link_parts(form, fits)
            link = [(text_width_mm(part, regular, pt), 0.0) for part in parts]
            # The whole line's width: a near miss is the layout's to decide (kerning).
            if line_count(lead + link, width_mm) <= max_lines:
                break
        return parts


def _font(name: str) -> Path:
    return paths.fonts_dir() / name


def _fits(width_mm: float, pt: float) -> Fits:
    """Whether a text in Noto Sans at `pt` sets within `width_mm` (with room to spare)."""
    font = _font(TEXT_FONT)
    return lambda text: text_width_mm(text, font, pt) <= width_mm * _LINE_SHARE


@dataclass(frozen=True)
class PieceContext:
    """Everything a template prints, for one product in one language (or group)."""

    title: str
    community_name: str
    lang: Language
    languages: tuple[Language, ...]
    document_lang: str
    document_dir: str
    font_size: float
    font_stack: str
    hotline: str
    hotline_label: str
    qr_image: str
    qr_url: str  # what the code holds: the image's alt text
    #: What may print under the QR code, best first: the label, or the link's short form
    #: and its domain name (kyr.config.links.qr_forms); a tel: code's number.
    qr_forms: tuple[str, ...]
    #: True for a label or a phone number: it wraps between words, not as a link.
    qr_in_words: bool
    resources: tuple[PrintedResource, ...]
    #: The resource the workplace plan prints as its lawyer or legal aid, or None.
    legal_aid: PrintedResource | None
    sample: bool
    paper: str
    card: CardSize
    sheet: SheetLayout | None
    stickers: SheetLayout | None
    page: PageSize
    draft: bool
    blocks: tuple[Markup, ...] = ()
    #: The draft line in each unreviewed language of the piece, as (language, text).
    draft_notes: tuple[tuple[Language, Markup], ...] = ()
    #: The card back's own type size (English, fitted apart from the front); None: same.
    back_font_size: float | None = None
    #: The layout to try when nothing fits otherwise: a link too long for its column
    #: (the QR caption on the card) gets a line as wide as the piece instead.
    wide_links: bool = False
    #: How many of the product's tighter layouts are taken (`tighter_layouts`; 0: as
    #: designed): the stylesheet says what each gives up.
    tighter: int = 0
    #: How much (mm) each gap between a sign's blocks opens to spread its text over the
    #: page (kyr/render/spread.py; 0: packed at the top, as fitted).
    spread_mm: float = 0.0
    statement: str = STATEMENT
    statement_parts: tuple[str, str, str] = STATEMENT_PARTS
    english_font_stack: str = ENGLISH_FONT_STACK
    content_version: str = CONTENT_VERSION
    kyr_version: str = __version__

    @property
    def community_name_dir(self) -> str:
        """The network's name's own direction ("rtl" when its first strong letter is
        right-to-left), for a `dir` attribute: WeasyPrint does not isolate `<bdi>`, so a
        Latin name wrapped in an Arabic piece would move its comma to the line's start."""
        return text_direction(self.community_name, self.document_dir)

    @property
    def hotline_label_dir(self) -> str:
        """The hotline label's own direction, as `community_name_dir` is the name's: an
        English "24/7 hotline" on its own line in an Arabic piece keeps "24/7" first."""
        return text_direction(self.hotline_label, self.document_dir)

    @property
    def language_css(self) -> str:
        """Rules the registry asks for, such as taller lines for Nastaliq."""
        rules = []
        for language in self.languages:
            if language.line_height:
                # :lang() follows inheritance, so an English block inside (the card's
                # back in an Urdu document) keeps its own line height.
                height = language.line_height
                rules.append(f"*:lang({language.code}) {{ line-height: {height} !important; }}")
        return "\n".join(rules)

    @property
    def css_properties(self) -> Markup:
        """The paper's sizes as CSS custom properties on the root element (`--card-w`,
        …: kyr.geometry.custom_properties), for the stylesheets to read with var()."""
        values = custom_properties(self.paper, self.page.width, self.page.height)
        if not self.paper:  # an image: its stylesheet sets its page's size, in px
            values = {name: value for name, value in values.items() if name not in _PAGE}
        # Printed as Jinja prints a float, so a size reads the same as when the templates
        # wrote it themselves.
        lines = "".join(f" --{name}: {value}mm;" for name, value in values.items())
        return Markup(f":root {{{lines} }}")

    @property
    def qr_column(self) -> float:
        """The card's QR column in mm (`--qr-column`): what its caption and number fit."""
        return CARD_QR_COLUMN

    @property
    def version_line(self) -> str:
        return f"kyr {self.content_version} · {self.lang_tag}"

    @property
    def version_mm(self) -> float:
        """How wide the card's version line sets at 6pt, for the footer to keep clear."""
        return round(
            text_width_mm(self.version_line, paths.fonts_dir() / TEXT_FONT, SMALLEST_PT), 2
        )

    def hotline_pt(self, width_mm: float, largest: float) -> float:
        """The hotline's type size in a box `width_mm` wide: as large as keeps the number
        on one line, up to `largest`; never under 6pt (then it wraps at a space)."""
        return phone_size_pt(self.hotline, width_mm, largest)

    def hotline_lines(
        self, width_mm: float, largest: float, first_mm: float | None = None
    ) -> NumberLines:
        """The hotline set large (a poster's): its size in pt, as large as it sets in
        `width_mm` up to `largest`, and its lines, two when cutting it at a group
        separator lets it set larger (the first in `first_mm`, beside the QR code, when
        given)."""
        return phone_lines(self.hotline, width_mm, largest, first_mm)

    def qr_quiet_mm(self, symbol_mm: float) -> float:
        """The QR code's quiet zone in mm when its symbol (the dark modules' square) is
        `symbol_mm` wide: the image is that plus twice this."""
        return quiet_zone_mm(self.qr_url, symbol_mm)

    def qr_caption(self, width_mm: float, pt: float, max_lines: int) -> tuple[str, ...]:
        """The text under the QR code in a column `width_mm` wide at `pt`, cut where it
        may wrap: the first form that sets in `max_lines` lines, else the shortest."""
        return fitted_form(self.qr_forms, _fits(width_mm, pt), max_lines, words=self.qr_in_words)

    @property
    def qr_text(self) -> str:
        """The text under the QR code when it has room: the label or the short form."""
        return self.qr_forms[0]

    @property
    def lang_tag(self) -> str:
        return "+".join(language.code for language in self.languages)

    @property
    def poster(self) -> bool:
        return self.paper in POSTER_PAPERS


def text_direction(text: str, default: str) -> str:
    """"ltr" or "rtl", as the first strong letter of `text` reads; `default` without one."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("L", "R", "AL"):
            return "ltr" if kind == "L" else "rtl"
    return default


@dataclass(frozen=True)
class PageSize:
    width: float  # as the product is printed (landscape: the paper's long side)
    height: float


#: The page's custom properties, left out of an image's (it has no paper).
_PAGE = ("page-w", "page-h")


def oriented_page(paper: str, orientation: str) -> PageSize:
    """The page as printed; 0 x 0 for an image (no paper: its `@page` sets its size)."""
    if not paper:
        return PageSize(0.0, 0.0)
    width, height = PAPER_SIZES[paper]
    return PageSize(height, width) if orientation == "landscape" else PageSize(width, height)


def printed_resource(resource: Resource) -> PrintedResource:
    phone = resource.phone.printed if resource.phone else ""
    forms = resource_forms(resource.url) if resource.url else ()
    return PrintedResource(resource.name, phone, forms)


def _qr_forms(community: Community) -> tuple[str, ...]:
    if community.qr_label or not community.qr_url.startswith("https:"):
        return (community.qr_text,)
    return qr_forms(community.qr_url)


def piece_context(
    community: Community,
    languages: tuple[Language, ...],
    paper: str,
    font_size: float,
    title: str,
    blocks: tuple[Markup, ...] = (),
    draft: bool = False,
    draft_notes: tuple[tuple[Language, Markup], ...] = (),
    back_font_size: float | None = None,
    orientation: str = "portrait",
    wide_links: bool = False,
    tighter: int = 0,
    spread_mm: float = 0.0,
) -> PieceContext:
    """The template context for a piece in `languages` (the first is the holder's)."""
    lang = languages[0]
    families = tuple(family for language in languages for family in language.fonts)
    return PieceContext(
        title=title,
        community_name=community.name,
        lang=lang,
        languages=languages,
        document_lang=lang.code,
        document_dir=lang.direction,
        font_size=font_size,
        font_stack=font_stack(families),
        hotline=community.hotline_number,
        hotline_label=community.hotline_label,
        qr_image=qr_data_uri(community.qr_url),
        qr_url=community.qr_url,
        qr_forms=_qr_forms(community),
        qr_in_words=bool(community.qr_label) or not community.qr_url.startswith("https:"),
        resources=tuple(printed_resource(r) for r in community.resources),
        legal_aid=printed_resource(aid) if (aid := legal_aid(community.resources)) else None,
        sample=community.sample,
        paper=paper,
        card=card_size(paper),
        sheet=card_sheet_layout(paper) if paper in SHEET_PAPERS else None,
        stickers=sticker_sheet_layout(paper) if paper in SHEET_PAPERS else None,
        page=oriented_page(paper, orientation),
        draft=draft,
        blocks=blocks,
        draft_notes=draft_notes,
        back_font_size=back_font_size,
        wide_links=wide_links,
        tighter=tighter,
        spread_mm=spread_mm,
    )
