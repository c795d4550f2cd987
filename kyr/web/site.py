"""`kyr site`: a static download page for a network's website. The PDFs and
`manifest.json` are made and written by kyr's build (locked, journaled, every file or
none; unchanged PDFs are left as they are), then the thumbnails and `index.html` are
written together in one step (`write_files_atomically`), after the PDFs they show: the
folder never holds a page that links to a missing file.

    OUT/index.html         one section per language (lang, dir, its own name)
    OUT/manifest.json      kyr's manifest of the PDFs
    OUT/*.pdf              the PDFs
    OUT/thumbs/*.png       the first page of each PDF (a card's front)"""

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

THUMBS = "thumbs"
THUMB_DPI = 48


def _quiet(line: str) -> None:
    pass


@dataclass(frozen=True)
class SiteItem:
    """One PDF on the page."""

    title: str
    product: str
    path: str
    thumb: str
    pages: int
    size_kb: int
    languages: tuple[str, ...]


def build_site(
    community: Community, request: BuildRequest, progress: Callable[[str], None] = _quiet
) -> list[SiteItem]:
    """Build (or bring up to date) the site in `request.out_dir`; returns what the page
    lists."""
    from kyr.build.run import plan_build, render_builds, write_builds
    from kyr.files import write_files_atomically

    events = BuildEvents(progress=progress)
    plan = plan_build(community, request.out_dir, request, events)
    write_builds(render_builds([plan], request, events), progress)
    items, thumbs = _items(plan)
    codes = tuple(dict.fromkeys(code for item in items for code in item.languages))
    page = site_html(community, items, codes).encode("utf-8")
    files = {**thumbs, request.out_dir / "index.html": page}
    write_files_atomically(files)
    progress(f"wrote index.html and {len(files) - 1} thumbnails in {request.out_dir}")
    return items


def _items(plan: BuildPlan) -> tuple[list[SiteItem], dict[Path, bytes]]:
    """What the page lists of `plan`'s PDFs, and the thumbnails to write (a PDF left
    unchanged keeps its thumbnail)."""
    from kyr.output.manifest import read_manifest
    from kyr.web.rendering import preview_pngs

    out_dir = plan.out_dir
    listed = {entry.get("path"): entry for entry in read_manifest(out_dir)}
    unchanged = set(plan.unchanged)
    items = []
    thumbs: dict[Path, bytes] = {}
    for piece in plan.pieces:
        if not piece.product.is_pdf:  # messages, images: in the folder, not on the page
            continue
        name = plan.file_name(piece)
        thumb = f"{THUMBS}/{Path(name).stem}.png"
        if piece not in unchanged or not (out_dir / thumb).is_file():  # else it is current
            thumbs[out_dir / thumb] = preview_pngs((out_dir / name).read_bytes(), 1, THUMB_DPI)[0]
        items.append(
            SiteItem(
                title=piece.product.title,
                product=piece.product.id,
                path=name,
                thumb=thumb,
                pages=int(listed[name]["pages"]),
                size_kb=max(1, round((out_dir / name).stat().st_size / 1024)),
                languages=tuple(language.code for language in piece.languages),
            )
        )
    return items, thumbs


def sections(items: list[SiteItem], codes: tuple[str, ...]) -> list[tuple[Language, list]]:
    """Each language with the PDFs in it: its own, and the signs that carry it beside
    English (a sign in English, Spanish and Vietnamese is listed under all three only
    when it is the only English one; otherwise under Spanish and Vietnamese)."""
    registry = load_registry()
    result = []
    for code in codes:
        mine = [
            item for item in items
            if code in item.languages and (code != "en" or item.languages == ("en",))
        ]  # fmt: skip
        if mine:
            result.append((registry[code], mine))
    return result


def site_html(community: Community, items: list[SiteItem], codes: tuple[str, ...]) -> str:
    from kyr.web import ui

    return ui.render_page(
        "site.html",
        ui.interface("en"),
        community=community,
        sections=sections(items, codes),
    )
