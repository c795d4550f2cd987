"""A build: from configurations and a `BuildRequest` to PDFs and a manifest, in three
steps every way in takes (`kyr build` through `kyr.build.networks`, `kyr site`, the page,
library calls): `plan_build` (the pieces, names and papers checked), `render_builds` (in
memory) and `write_builds`. Everything is checked and rendered first; files are written
only when every piece succeeded, so a failed build leaves the output folder as it was.

A piece whose PDF is already in the folder, made from the same inputs (the manifest
records their hash, `inputs_sha256`), is not rendered again; a build with nothing to
render never imports WeasyPrint. Type sizes found are remembered (`kyr.cache.sizes`), so
a piece changed in a way that keeps its size is laid out once."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kyr import CONTENT_VERSION, __version__
from kyr.build.plan import plan_mixed_sheets, plan_pieces
from kyr.build.request import QUIET, BuildEvents, BuildRequest, BuildSettings, Job
from kyr.build.shards import Shard, shard_jobs
from kyr.build.workers import auto_jobs, render_jobs
from kyr.cache.digest import catalogs_digest, code_digest, digest_of, printed_config
from kyr.cache.sizes import load_sizes, store_sizes
from kyr.choices import Paper, Target
from kyr.config.community import Community
from kyr.content.messages import render_message
from kyr.content.pieces import Piece, Rendered
from kyr.content.products import public_products
from kyr.files import FileProblem
from kyr.i18n.catalogs import source_msgids
from kyr.i18n.reviews import review_status
from kyr.output.folder import JOURNAL, FolderWrite, write_outputs
from kyr.output.manifest import (
    MANIFEST,
    ManifestEntry,
    files_count,
    read_manifest,
    read_output,
    sha256,
)
from kyr.pdf.print_shop import output_name
from kyr.render.html_to_pdf import Renderer

#: A rendered build, not yet written: its folder, files by name and manifest entries.
BuildOutput = FolderWrite


@dataclass
class BuildPlan:
    """One configuration's build: its pieces, where they go, and which are unchanged."""

    settings: BuildSettings
    out_dir: Path
    pieces: list[Piece]
    #: Pieces whose PDF in `out_dir` was made from the same inputs (left as they are).
    unchanged: list[Piece] = field(default_factory=list)

    @property
    def community(self) -> Community:
        return self.settings.community

    def file_name(self, piece: Piece) -> str:
        print_shop = self.settings.target == Target.PRINT_SHOP
        if print_shop and piece.product.is_pdf:
            return output_name(piece.filename)
        return piece.filename

    def file_names(self, piece: Piece) -> tuple[str, ...]:
        """Every file `piece` makes in `out_dir`: its PDF, a message's three, or an
        image and its alt text."""
        return (self.file_name(piece),) if piece.product.is_pdf else piece.filenames


def plan_build(
    community: Community, out_dir: Path, request: BuildRequest, events: BuildEvents = QUIET
) -> BuildPlan:
    """The pieces `request` makes of `community` into `out_dir`, their names and papers
    checked. Its `mix` makes one sheet of cards in several languages per product."""
    paper = request.paper or community.paper
    products, mix = request.products, request.mix
    if mix:
        pieces = plan_mixed_sheets(products, mix, paper)
    else:
        codes = request.languages or community.languages
        pieces = plan_pieces(products, codes, paper, explicit=bool(products))
    if not products and not mix:
        for product in public_products().values():
            if paper not in product.papers and product.is_pdf:
                events.progress(f"skipped {product.id}: it does not come on {paper} paper")
    return BuildPlan(request.settings(community), out_dir, pieces)


def jobs_for(build: int, pieces: Sequence[Piece], uniform: bool = False) -> list[Job]:
    """Pieces rendered together: in a `uniform` build the signs of one product and paper
    (they share a type size), then each language's pieces (a sheet reuses its card), in
    plan order."""
    groups: dict[tuple[str, ...], list[Piece]] = {}
    for piece in pieces:
        key: tuple[str, ...] = ("language", piece.lang_tag)
        if uniform and piece.product.one_size_per_build:
            key = ("shared", piece.product.id, piece.paper)
        groups.setdefault(key, []).append(piece)
    return [Job(build, tuple(group)) for group in groups.values()]


def inputs_digests(plan: BuildPlan) -> dict[Piece, str]:
    """Each piece's inputs hash: kyr and its data, the product, paper and languages,
    their catalogs, the printed configuration, the options; for signs set in one size
    (`uniform`), the languages of the others too."""
    s = plan.settings
    config = printed_config(s.community)
    shared: dict[tuple[str, str], list[str]] = {}
    for piece in plan.pieces:
        if s.uniform and piece.product.one_size_per_build:
            shared.setdefault((piece.product.id, piece.paper), []).append(piece.lang_tag)
    return {
        piece: digest_of(
            "pdf",
            code_digest(),
            plan.file_name(piece),
            piece.product.id,
            piece.paper,
            piece.lang_tag,
            piece.counts,
            catalogs_digest(piece.languages),
            config,
            s.allow_incomplete,
            s.target,
            s.uniform,
            shared.get((piece.product.id, piece.paper), []),
        )
        for piece in plan.pieces
    }


def find_unchanged(plan: BuildPlan, digests: dict[Piece, str]) -> list[Piece]:
    """Pieces whose PDF is in the folder, unaltered (sha256 as listed), and made from the
    same inputs. Nothing counts as unchanged in a folder with an unfinished build."""
    if (plan.out_dir / JOURNAL).exists():
        return []
    try:
        listed = {entry.get("path"): entry for entry in read_manifest(plan.out_dir)}
    except OSError:
        return []
    unchanged = []
    for piece in plan.pieces:
        names = plan.file_names(piece)
        if all(_unchanged_file(plan.out_dir, listed.get(name), digests[piece]) for name in names):
            unchanged.append(piece)
    return unchanged


def _unchanged_file(out_dir: Path, entry: dict | None, digest: str) -> bool:
    """The file `entry` lists is in `out_dir`, unaltered, and made from inputs `digest`."""
    if not entry or entry.get("inputs_sha256") != digest:
        return False
    try:
        data = read_output(out_dir / entry["path"])
    except (OSError, FileProblem):
        return False
    return sha256(data) == entry.get("sha256")


def _to_render(job: Job, unchanged: set[Piece], uniform: bool) -> tuple[Piece, ...]:
    """What of `job` must be rendered: signs sharing a size go together or not at all."""
    changed = tuple(piece for piece in job.pieces if piece not in unchanged)
    shared = uniform and any(piece.product.one_size_per_build for piece in job.pieces)
    return job.pieces if shared and changed else changed


def render_builds(
    plans: list[BuildPlan],
    request: BuildRequest,
    events: BuildEvents = QUIET,
    renderer: Renderer | None = None,
) -> list[BuildOutput]:
    """Render every plan's changed pieces (all of them with `request.force`; only the
    share of `request.shard` with one), in `request.jobs` worker processes. Nothing is
    written. `events.on_start` hears how many pieces will be rendered and how many are
    unchanged; `events.on_rendered` hears of each piece as it is done."""
    jobs = _planned_jobs(plans, request.shard)
    digests = [inputs_digests(plan) for plan in plans]
    work = _changed_jobs(plans, jobs, digests, request.force)
    count = sum(len(job.pieces) for job in work)
    events.on_start(count, sum(len(plan.pieces) for plan in plans) - count)
    rendered: list[list[Rendered]] = [[] for _ in plans]
    for job in work:  # text, rendered here first: a message too long fails in a blink
        for piece in (p for p in job.pieces if p.product.is_message):
            settings = plans[job.build].settings
            message = render_message(settings.community, piece, settings.allow_incomplete)
            rendered[job.build].append(message)
            events.on_rendered(rendered[job.build][-1])
    work = _without_messages(work)
    done = _render_jobs(plans, work, request.jobs, renderer, events)
    for job, results in zip(work, done, strict=True):
        rendered[job.build].extend(results)
    outputs = []
    for plan, results, plan_digests in zip(plans, rendered, digests, strict=True):
        made = {r.piece for r in results}
        plan.unchanged = [piece for piece in plan.pieces if piece not in made]
        outputs.append(_folder_write(plan, results, plan_digests))
    return outputs


def _without_messages(jobs: list[Job]) -> list[Job]:
    """The jobs' PDFs: messages are text, written here (kyr.content.messages)."""
    kept = [
        Job(job.build, tuple(p for p in job.pieces if not p.product.is_message)) for job in jobs
    ]
    return [job for job in kept if job.pieces]


def _planned_jobs(plans: list[BuildPlan], shard: Shard | None) -> list[Job]:
    """Every plan's jobs, or shard `shard`'s share of them (the plans keep only its
    pieces)."""
    jobs = [
        job
        for index, plan in enumerate(plans)
        for job in jobs_for(index, plan.pieces, plan.settings.uniform)
    ]
    if shard is None:
        return jobs
    jobs = shard_jobs(jobs, [plan.community.source_name for plan in plans], shard)
    kept = {piece for job in jobs for piece in job.pieces}
    for plan in plans:
        plan.pieces = [piece for piece in plan.pieces if piece in kept]
    return jobs


def _changed_jobs(
    plans: list[BuildPlan], jobs: list[Job], digests: list[dict[Piece, str]], force: bool
) -> list[Job]:
    """What of `jobs` must be rendered: every piece with `force`, else the changed ones."""
    unchanged = [
        set() if force else set(find_unchanged(plan, plan_digests))
        for plan, plan_digests in zip(plans, digests, strict=True)
    ]
    work = [
        Job(job.build, _to_render(job, unchanged[job.build], plans[job.build].settings.uniform))
        for job in jobs
    ]
    return [job for job in work if job.pieces]


def _render_jobs(
    plans: list[BuildPlan],
    work: list[Job],
    jobs: int,
    renderer: Renderer | None,
    events: BuildEvents,
) -> list[list[Rendered]]:
    """Each job's pieces rendered, in `jobs` processes (0: as many as pay off, which is
    this one when the caller hands its own `renderer`: no worker could use it); the type
    sizes found are remembered for the next build."""
    if not work:
        return []
    workers = jobs
    if jobs == 0:
        workers = 1 if renderer is not None else auto_jobs(sum(len(j.pieces) for j in work))
    settings = [plan.settings for plan in plans]
    done, found = render_jobs(settings, work, workers, load_sizes(), renderer, events.on_rendered)
    store_sizes(found)
    return done


def _folder_write(
    plan: BuildPlan, rendered: list[Rendered], digests: dict[Piece, str]
) -> FolderWrite:
    community = plan.community
    printed = source_msgids()
    outputs = [
        (r, name, data)
        for r in rendered
        for name, data in (r.files or ((plan.file_name(r.piece), r.pdf),))
    ]
    entries = [
        ManifestEntry(
            product=r.piece.product.id,
            lang=r.piece.lang_tag,
            paper=r.piece.paper,
            path=name,
            pages=r.pages,
            sha256=sha256(data),
            font_size_pt=r.font_size,
            reviewed=all(review_status(lang, printed).complete for lang in r.piece.languages),
            config=community.source_name,
            config_sha256=community.source_sha256,
            kyr_version=__version__,
            content_version=CONTENT_VERSION,
            inputs_sha256=digests[r.piece],
        )
        for r, name, data in outputs
    ]
    files = {name: data for _, name, data in outputs}
    return BuildOutput(plan.out_dir, files, entries)


def render_build(
    community: Community, request: BuildRequest, renderer: Renderer | None = None
) -> BuildOutput:
    """Render one configuration's changed pieces in memory (nothing is written): the PDFs
    and manifest entries for `request.out_dir`."""
    return render_builds(
        [plan_build(community, request.out_dir, request)], request, renderer=renderer
    )[0]


def write_builds(outputs: list[BuildOutput], progress: Callable[[str], None]) -> None:
    """Write every build's new files and manifests (merged with what each folder holds,
    under its lock): all of them land, or none. A folder with nothing new is not touched."""
    changed = [output for output in outputs if output.files]
    write_outputs(changed)
    for output in changed:
        progress(f"wrote {files_count(output.files)} and {MANIFEST} in {output.out_dir}")


def build(
    community: Community,
    out_dir: Path,
    products: tuple[str, ...] = (),
    languages: tuple[str, ...] = (),
    paper: str | None = None,
    *,
    renderer: Renderer | None = None,
    events: BuildEvents = QUIET,
    **options: Any,
) -> list[ManifestEntry]:
    """Build `community` into `out_dir` (a library shortcut): the request is
    `BuildRequest(products, languages, paper, out_dir=out_dir, **options)`, with its
    defaults (unchanged pieces are left as they are; a `renderer` given renders here).
    Returns the manifest entries of the pieces rendered."""
    chosen = Paper(paper) if paper else None
    request = BuildRequest(products, languages, chosen, out_dir=out_dir, **options)
    plan = plan_build(community, out_dir, request, events)
    [output] = render_builds([plan], request, events, renderer)
    write_builds([output], events.progress)
    return output.entries
