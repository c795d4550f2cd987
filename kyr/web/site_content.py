"""What `kyr site` lists of a build (kyr/web/site.py): its PDFs with their thumbnails,
its images to share with their alt text, and its messages to copy, read from the output
folder after the build wrote them; and which PDFs go under which language."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kyr.i18n.languages import Language, load_registry

if TYPE_CHECKING:
    from kyr.build.run import BuildPlan
    from kyr.content.pieces import Piece

THUMBS = "thumbs"
THUMB_DPI = 48
ALT_SUFFIX = ".alt.txt"


@dataclass(frozen=True)
class SiteItem:
    """One PDF on the pages."""

    title: str
    product: str
    path: str
    thumb: str
    pages: int
    size_kb: int
    languages: tuple[str, ...]
    paper: str = ""


@dataclass(frozen=True)
class SiteImage:
    """An image to share (a product whose output is an image) and its alt text."""

    product: str
    path: str
    alt: str
    language: str


@dataclass(frozen=True)
class SiteMessage:
    """A message to copy: `kind` "text" (Signal, WhatsApp), "sms" or "markdown"."""

    kind: str
    path: str
    text: str
    language: str


@dataclass(frozen=True)
class SiteContent:
    items: list[SiteItem]
    images: list[SiteImage]
    messages: list[SiteMessage]


def site_content(plan: BuildPlan) -> tuple[SiteContent, dict[Path, bytes]]:
    """What the pages list of `plan`'s files, and the thumbnails to write (a PDF left
    unchanged keeps its thumbnail)."""
    content = SiteContent([], [], [])
    thumbs: dict[Path, bytes] = {}
    listed, unchanged = _listed(plan.out_dir), set(plan.unchanged)
    for piece in plan.pieces:
        if piece.product.is_message:
            content.messages.extend(_messages(plan, piece))
        elif piece.product.is_image:
            content.images.extend(_images(plan, piece))
        else:
            item, thumb = _item(plan, piece, listed, piece in unchanged)
            content.items.append(item)
            thumbs.update(thumb)
    return content, thumbs


def _listed(out_dir: Path) -> dict[str, dict]:
    from kyr.output.manifest import read_manifest

    return {str(entry.get("path")): entry for entry in read_manifest(out_dir)}


def _item(
    plan: BuildPlan, piece: Piece, listed: dict[str, dict], unchanged: bool
) -> tuple[SiteItem, dict]:
    """A PDF's entry, and its thumbnail when it is new (an unchanged PDF's is current)."""
    from kyr.web.rendering import preview_pngs

    out_dir, name = plan.out_dir, plan.file_name(piece)
    thumb = f"{THUMBS}/{Path(name).stem}.png"
    thumbs = {}
    if not unchanged or not (out_dir / thumb).is_file():
        thumbs[out_dir / thumb] = preview_pngs((out_dir / name).read_bytes(), 1, THUMB_DPI)[0]
    item = SiteItem(
        title=piece.product.title,
        product=piece.product.id,
        path=name,
        thumb=thumb,
        pages=int(listed[name]["pages"]),
        size_kb=max(1, round((out_dir / name).stat().st_size / 1024)),
        languages=tuple(language.code for language in piece.languages),
        paper=piece.paper or "",
    )
    return item, thumbs


def _messages(plan: BuildPlan, piece: Piece) -> list[SiteMessage]:
    """A message piece's files: the plain text, the SMS, the Markdown (linked only)."""
    code = piece.languages[0].code
    found = []
    for name in plan.file_names(piece):
        kind = "sms" if name.endswith("-sms.txt") else "text"
        kind = "markdown" if name.endswith(".md") else kind
        text = (plan.out_dir / name).read_text(encoding="utf-8")
        found.append(SiteMessage(kind, name, text, code))
    order = {"text": 0, "sms": 1, "markdown": 2}
    return sorted(found, key=lambda message: order[message.kind])


def _images(plan: BuildPlan, piece: Piece) -> list[SiteImage]:
    """An image piece's pictures, each with the alt text written beside it."""
    code = piece.languages[0].code
    names = plan.file_names(piece)
    images = []
    for name in names:
        if name.endswith(".png"):
            alt_name = name.removesuffix(".png") + ALT_SUFFIX
            alt_path = plan.out_dir / alt_name
            alt = alt_path.read_text(encoding="utf-8").strip() if alt_path.is_file() else ""
            images.append(SiteImage(piece.product.id, name, alt, code))
    return images


def sections(items: list[SiteItem], codes: tuple[str, ...]) -> list[tuple[Language, list]]:
    """Each language with the PDFs in it (none, when the site has only its messages or
    images): its own, and the signs that carry it beside
    English (a sign in English, Spanish and Vietnamese is listed under all three only
    when it is the only English one; otherwise under Spanish and Vietnamese)."""
    registry = load_registry()
    result = []
    for code in codes:
        mine = [
            item for item in items
            if code in item.languages and (code != "en" or item.languages == ("en",))
        ]  # fmt: skip
        result.append((registry[code], mine))
    return result
