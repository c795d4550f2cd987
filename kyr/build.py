"""A build job: from configuration, products, languages and paper to PDFs and a
manifest. Everything is checked and rendered in memory first; files are written only
when every piece succeeded, so a failed build leaves the output folder as it was."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kyr import CONTENT_VERSION, __version__
from kyr.builder import Builder
from kyr.config import Community
from kyr.manifest import MANIFEST, ManifestEntry, sha256
from kyr.output import FolderWrite, write_outputs
from kyr.parallel import auto_jobs, render_in_workers
from kyr.planning import Mix, plan_mixed_sheets, plan_pieces
from kyr.print_shop import output_name
from kyr.products import public_products
from kyr.render import Renderer

#: A rendered build, not yet written: its folder, files by name and manifest entries.
BuildOutput = FolderWrite


def render_build(
    community: Community,
    out_dir: Path,
    product_ids: tuple[str, ...] = (),
    language_codes: tuple[str, ...] = (),
    paper: str | None = None,
    progress: Callable[[str], None] = lambda line: None,
    renderer: Renderer | None = None,
    allow_incomplete: bool = False,
    jobs: int = 1,
    target: str = "home",
    mix: Mix = (),
) -> BuildOutput:
    """Render every piece in memory (nothing is written): the PDFs and manifest entries
    for `out_dir`. `jobs` > 1 renders in that many worker processes (0: as many as pay off).
    `target` "print-shop" makes PDF/X-4 files in CMYK, named `*-print-shop.pdf`; `mix`
    makes one sheet of cards in several languages per product (`--mix es=4`)."""
    paper = paper or community.paper
    codes = language_codes or community.languages
    if mix:
        pieces = plan_mixed_sheets(product_ids, mix, paper)
    else:
        pieces = plan_pieces(product_ids, codes, paper, explicit=bool(product_ids))
    if not product_ids and not mix:
        for product in public_products().values():
            if paper not in product.papers:
                progress(f"skipped {product.id}: it does not come on {paper} paper")
    builder = Builder(community, renderer, allow_incomplete, target)
    for language in dict.fromkeys(lang for piece in pieces for lang in piece.languages):
        builder.translations(language)  # refuse incomplete catalogs before rendering
    # Pieces sized together (signs) and mixed sheets are rendered here; the rest may go
    # to workers.
    shared = [piece for piece in pieces if piece.product.one_size_per_build or piece.counts]
    alone = [piece for piece in pieces if piece not in shared]
    jobs = auto_jobs(len(alone)) if jobs == 0 else jobs
    if jobs > 1 and len(alone) > 1:
        rendered_alone = render_in_workers(community, alone, allow_incomplete, jobs, target)
        done = dict(zip(alone, rendered_alone, strict=True))
    else:
        done = {piece: builder.render(piece) for piece in alone}
    builder.share_sizes(shared)
    done.update({piece: builder.render(piece) for piece in shared})
    rendered = [done[piece] for piece in pieces]
    names = {
        r.piece: output_name(r.piece.filename) if target == "print-shop" else r.piece.filename
        for r in rendered
    }
    entries = [
        ManifestEntry(
            product=r.piece.product.id,
            lang=r.piece.lang_tag,
            paper=r.piece.paper,
            path=names[r.piece],
            pages=r.pages,
            sha256=sha256(r.pdf),
            font_size_pt=r.font_size,
            reviewed=all(language.reviewed for language in r.piece.languages),
            config=community.source_name,
            config_sha256=community.source_sha256,
            kyr_version=__version__,
            content_version=CONTENT_VERSION,
        )
        for r in rendered
    ]
    files = {names[r.piece]: r.pdf for r in rendered}
    return BuildOutput(out_dir, files, entries)


def write_builds(outputs: list[BuildOutput], progress: Callable[[str], None]) -> None:
    """Write every build's files and manifests (merged with what each folder holds, under
    its lock): all of them land, or none."""
    write_outputs(outputs)
    for output in outputs:
        for entry in output.entries:
            where = output.out_dir / entry.path
            progress(f"wrote {where}  ({entry.pages} pages, {entry.font_size_pt}pt)")
        progress(f"wrote {output.out_dir / MANIFEST}")


def build(
    community: Community,
    out_dir: Path,
    product_ids: tuple[str, ...] = (),
    language_codes: tuple[str, ...] = (),
    paper: str | None = None,
    progress: Callable[[str], None] = lambda line: None,
    renderer: Renderer | None = None,
    allow_incomplete: bool = False,
    jobs: int = 1,
    target: str = "home",
    mix: Mix = (),
) -> list[ManifestEntry]:
    """Render every piece, then write the PDFs and `manifest.json` into `out_dir`."""
    output = render_build(
        community, out_dir, product_ids, language_codes, paper, progress, renderer,
        allow_incomplete, jobs, target, mix,
    )  # fmt: skip
    write_builds([output], progress)
    return output.entries
