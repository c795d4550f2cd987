"""Several networks in one run: each configuration file builds into its own folder
(`OUT/<file stem>/`, with its own manifest), and all of them are checked and rendered
before anything is written."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from kyr.build.merge import write_shard_record
from kyr.build.pool import start_worker_server
from kyr.build.request import QUIET, BuildEvents, BuildRequest
from kyr.build.run import BuildPlan, plan_build, render_builds, write_builds
from kyr.build.workers import will_use_workers
from kyr.config.community import load_community
from kyr.errors import ConfigError, KyrError
from kyr.output.manifest import MANIFEST, files_count


def config_files(sources: Sequence[Path]) -> list[Path]:
    """The configuration files named, a folder standing for its `*.toml` files."""
    files: list[Path] = []
    for source in sources:
        if source.is_dir():
            found = sorted(source.glob("*.toml"))
            if not found:
                raise ConfigError(f"{source}: no .toml configuration files in this folder")
            files.extend(found)
        else:
            files.append(source)
    return list(dict.fromkeys(files))


def output_folders(configs: Sequence[Path], out_dir: Path) -> dict[Path, Path]:
    """Where each configuration's files go: `out_dir` itself for one network, else
    `out_dir/<file stem>` for each."""
    if len(configs) == 1:
        return {configs[0]: out_dir}
    folders: dict[Path, Path] = {}
    for config in configs:
        if config.stem.startswith(".") or not config.stem.strip():
            raise ConfigError(
                f"{config}: each network builds into {out_dir}/<file name>/, and "
                f"{config.stem!r} is no folder name there; rename the file (e.g. east-bay.toml)"
            )
        folder = out_dir / config.stem
        clash = next((other for other, f in folders.items() if f == folder), None)
        if clash is not None:
            raise ConfigError(
                f"{config}: same file name as {clash}; each network builds into "
                f"{out_dir}/<file name>/, so rename one"
            )
        folders[config] = folder
    return folders


def build_networks(
    sources: Sequence[Path], request: BuildRequest, events: BuildEvents = QUIET
) -> list[BuildPlan]:
    """Build every network of `sources` (configuration files, or folders of them) as
    `request` says. Every configuration is validated, then every piece rendered (in one
    pool of workers for all of them), before the first file is written: a problem
    anywhere leaves every folder as it was. Returns the plans, each saying which of its
    pieces were unchanged. `events.on_loaded` hears of each configuration once it loads."""
    folders = output_folders(config_files(sources), request.out_dir)
    communities = {config: load_community(config) for config in folders}
    for config, community in communities.items():
        events.on_loaded(config, community)
    plans = []
    for config, folder in folders.items():
        if len(folders) > 1:
            events.progress(f"{config}: building into {folder}")
        plans.append(plan_build(communities[config], folder, request, events))
    if will_use_workers(request, sum(len(plan.pieces) for plan in plans)):
        start_worker_server()  # it loads WeasyPrint while this process checks the inputs
    planned = [
        (plan.out_dir.relative_to(request.out_dir) / name).as_posix()
        for plan in plans
        for piece in plan.pieces
        for name in plan.file_names(piece)
    ]
    write_builds(render_builds(plans, request, events), events.progress)
    if request.shard is not None:
        write_shard_record(request.out_dir, request.shard, planned)
        count = sum(len(plan.file_names(piece)) for plan in plans for piece in plan.pieces)
        events.progress(f"shard {request.shard}: {count} of {files_count(planned)}")
    for plan in plans:
        if plan.unchanged:
            names = [name for piece in plan.unchanged for name in plan.file_names(piece)]
            events.progress(
                f"{files_count(names)} in {plan.out_dir} unchanged "
                "(their inputs are the same; --force renders them again)"
            )
    return plans


class _NotNothing(Exception):
    """The build would render something: there is no "nothing to do" to remember."""


def _nothing_to_render(to_render: int, unchanged: int) -> None:
    if to_render:
        raise _NotNothing


def remember_noop(
    key: str,
    sources: Sequence[Path],
    request: BuildRequest,
    noting: Callable[[list[list[str]]], BuildEvents],
) -> None:
    """Check `sources` again as `request` says, now that the build is written, and when
    nothing is left to render remember what that check prints (its `noting` events)
    under `key`, with the stamps of everything it read (kyr.cache.noop_builds). A path
    known before the check keeps the stamp it had then: one that moves while the check
    runs does not match next time, and the check runs again."""
    from kyr.cache.noop_builds import read_set, remember, stamp

    before = {path: stamp(path) for path in read_set(sources)}
    lines: list[list[str]] = []
    events = replace(noting(lines), on_start=_nothing_to_render)
    try:
        plans = build_networks(sources, request, events)
    except (_NotNothing, KyrError, OSError):
        return
    outputs = [
        plan.out_dir / name
        for plan in plans
        for piece in plan.pieces
        for name in (*plan.file_names(piece), MANIFEST)
    ]
    read = read_set([*sources, *outputs])
    remember(key, {path: before[path] if path in before else stamp(path) for path in read}, lines)
