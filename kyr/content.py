"""What each printed piece says: pure functions from configuration, language and
layout decisions to the values templates print."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from kyr import CONTENT_VERSION, __version__
from kyr.config import Community, Resource, url_text
from kyr.geometry import (
    PAPER_SIZES,
    POSTER_PAPERS,
    CardSize,
    SheetLayout,
    card_sheet_layout,
    card_size,
)
from kyr.languages import Language, font_stack
from kyr.qr import qr_data_uri

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

ENGLISH_FONT_STACK = '"Noto Sans"'


@dataclass(frozen=True)
class PrintedResource:
    name: str
    phone: str
    url_text: str


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
    qr_text: str
    resources: tuple[PrintedResource, ...]
    sample: bool
    paper: str
    card: CardSize
    sheet: SheetLayout | None
    page: PageSize
    draft: bool
    blocks: tuple[Markup, ...] = ()
    #: The draft line in each unreviewed language of the piece, as (language, text).
    draft_notes: tuple[tuple[Language, Markup], ...] = ()
    #: The card back's own type size (English, fitted apart from the front); None: same.
    back_font_size: float | None = None
    statement: str = STATEMENT
    english_font_stack: str = ENGLISH_FONT_STACK
    content_version: str = CONTENT_VERSION
    kyr_version: str = __version__

    @property
    def language_css(self) -> str:
        """Rules the registry asks for, such as taller lines for Nastaliq."""
        rules = []
        for language in self.languages:
            if language.line_height:
                selector = f'[lang="{language.code}"]'
                height = language.line_height
                rules.append(f"{selector}, {selector} * {{ line-height: {height} !important; }}")
        return "\n".join(rules)

    @property
    def hotline_card_pt(self) -> float:
        return phone_size_pt(self.hotline)

    @property
    def lang_tag(self) -> str:
        return "+".join(language.code for language in self.languages)

    @property
    def poster(self) -> bool:
        return self.paper in POSTER_PAPERS

    @property
    def sign_heading_pt(self) -> float:
        """The English sign heading: cap height >= 20 mm on letter/a4 (Noto Sans Bold caps
        are 0.714 em), 30 mm on the poster sizes."""
        cap_mm = 30.0 if self.poster else 21.0
        return round(cap_mm / 0.714 / 25.4 * 72, 1)


@dataclass(frozen=True)
class PageSize:
    width: float  # portrait
    height: float


def phone_size_pt(number: str) -> float:
    """Type size for the hotline in the card's 22 mm column: as large as keeps the whole
    number on one line ("+1 555 0100" at 8 pt, "+1 (213) 555-9876" at 6 pt)."""
    length = len(number)
    if length <= 12:
        return 8.0
    if length <= 15:
        return 7.0
    if length <= 18:
        return 6.0
    return 5.5


def _resource(resource: Resource) -> PrintedResource:
    return PrintedResource(resource.name, resource.phone, url_text(resource.url))


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
        qr_text=community.qr_text,
        resources=tuple(_resource(r) for r in community.resources),
        sample=community.sample,
        paper=paper,
        card=card_size(paper),
        sheet=card_sheet_layout(paper) if paper in ("letter", "a4") else None,
        page=PageSize(*PAPER_SIZES[paper]),
        draft=draft,
        blocks=blocks,
        draft_notes=draft_notes,
        back_font_size=back_font_size,
    )
