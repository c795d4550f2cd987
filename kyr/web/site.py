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
from pathlib import Path

from kyr.build.request import BuildEvents, BuildRequest
from kyr.config.community import Community
from kyr.web.site_content import SiteItem, site_content


def _quiet(line: str) -> None:
    pass


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
    content, thumbs = site_content(plan)
    pages = site_files(community, content, request.allow_incomplete)
    files = {**thumbs, **{request.out_dir / name: data for name, data in pages.items()}}
    # Under the folder's lock, as the build's files are: two sites written into one
    # folder at once take turns. The lock file goes when it is released.
    with folder_lock(request.out_dir):
        write_files_atomically(files)
        _remove_old_fonts(request.out_dir, pages)
    languages = sum(name.endswith("/large.html") for name in pages)
    fonts = sum(name.endswith(".woff2") for name in pages)
    progress(
        f"wrote index.html, {_count(languages, 'language page')} (and large print), "
        f"{_count(fonts, 'font')} and {_count(len(thumbs), 'thumbnail')} in {request.out_dir}"
    )
    return content.items


def _count(n: int, thing: str) -> str:
    """"1 font", "2 fonts": this English line's plural (the pages' own go through the web
    catalog's ngettext)."""
    return f"{n} {thing}{'s' * (n != 1)}"


def _remove_old_fonts(out_dir: Path, written: dict[str, bytes]) -> None:
    """Fonts an earlier site wrote that these pages no longer use."""
    from kyr.web.webfonts import FOLDER

    for path in (out_dir / FOLDER).glob("*.woff2"):
        if f"{FOLDER}/{path.name}" not in written:
            path.unlink(missing_ok=True)
