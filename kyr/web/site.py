"""`kyr site`: a static site for a network's website. The PDFs (and the messages and
images, when the request makes them) and `manifest.json` are made and written by kyr's
build (locked, journaled, every file or none; unchanged files are left as they are), then
the pages, thumbnails and fonts are written together in one step
(`write_files_atomically`), under the folder's build lock, after the files they show:
the folder never holds a page that links to a missing file.

    OUT/index.html            the languages, and a section per language with its PDFs
    OUT/LANG/index.html       per language: the rights and the statement as text, its
                              PDFs, images and messages to copy (kyr/web/site_pages.py)
    OUT/LANG/large.html       the same in large print
    OUT/fonts/                the pages' own web fonts, subset to their text (webfonts)
    OUT/manifest.json         kyr's manifest of the PDFs
    OUT/*.pdf, *.txt, *.md    the PDFs and messages; *.png the images
    OUT/thumbs/*.png          the first page of each PDF (a card's front)

Nothing else: the build's lock and journal are gone when it ends."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kyr.build.request import BuildEvents, BuildRequest
from kyr.config.community import Community
from kyr.i18n.languages import Language, load_registry

if TYPE_CHECKING:
    from kyr.build.run import BuildPlan
    from kyr.content.pieces import Piece

THUMBS = "thumbs"
THUMB_DPI = 48
ALT_SUFFIX = ".alt.txt"


def _quiet(line: str) -> None:
    pass


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


def build_site(
    community: Community, request: BuildRequest, progress: Callable[[str], None] = _quiet
) -> list[SiteItem]:
    """Build (or bring up to date) the site in `request.out_dir`; returns the PDFs it
    lists."""
    from kyr.build.run import plan_build, render_builds, write_builds
    from kyr.files import write_files_atomically
    from kyr.output.folder import folder_lock
    from kyr.web.site_pages import site_files

    events = BuildEvents(progress=progress)
    plan = plan_build(community, request.out_dir, request, events)
    write_builds(render_builds([plan], request, events), progress)
    content, thumbs = _content(plan)
    pages = site_files(community, content, request.allow_incomplete)
    files = {**thumbs, **{request.out_dir / name: data for name, data in pages.items()}}
    # Under the folder's lock, as the build's files are: two sites written into one
    # folder at once take turns. The lock file goes when it is released.
    with folder_lock(request.out_dir):
        write_files_atomically(files)
        _remove_old_fonts(request.out_dir, pages)
    progress(f"wrote {_count(len(pages), 'page and font file', 'pages and font files')}"
             f" and {_count(len(thumbs), 'thumbnail', 'thumbnails')} in {request.out_dir}")
    return content.items


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _remove_old_fonts(out_dir: Path, written: dict[str, bytes]) -> None:
    """Fonts an earlier site wrote that these pages no longer use."""
    from kyr.web.webfonts import FOLDER

    for path in (out_dir / FOLDER).glob("*.woff2"):
        if f"{FOLDER}/{path.name}" not in written:
            path.unlink(missing_ok=True)


def _content(plan: BuildPlan) -> tuple[SiteContent, dict[Path, bytes]]:
    """What the pages list of `plan`'s files, and the thumbnails to write (a PDF left
    unchanged keeps its thumbnail)."""
    content = SiteContent([], [], [])
    thumbs: dict[Path, bytes] = {}
    listed = _listed(plan.out_dir)
    for piece in plan.pieces:
        if piece.product.is_message:
            content.messages.extend(_messages(plan, piece))
        elif getattr(piece.product, "is_image", False):
            content.images.extend(_images(plan, piece))
        else:
            item, thumb = _item(plan, piece, listed)
            content.items.append(item)
            thumbs.update(thumb)
    return content, thumbs


def _listed(out_dir: Path) -> dict[str, dict]:
    from kyr.output.manifest import read_manifest

    return {entry.get("path"): entry for entry in read_manifest(out_dir)}


def _item(plan: BuildPlan, piece: Piece, listed: dict[str, dict]) -> tuple[SiteItem, dict]:
    from kyr.web.rendering import preview_pngs

    out_dir, name = plan.out_dir, plan.file_name(piece)
    thumb = f"{THUMBS}/{Path(name).stem}.png"
    thumbs = {}
    if piece not in set(plan.unchanged) or not (out_dir / thumb).is_file():  # else current
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
        kind = "sms" if name.endswith("-sms.txt") else "markdown" if name.endswith(".md") else "text"
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
