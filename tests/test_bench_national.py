"""The national benchmark's chapters are real configurations: every one loads, they
differ as real networks do, and the same run writes the same files."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from kyr import paths
from kyr.config.community import MAX_NAME, load_community

SCRIPT = paths.CHECKOUT / "scripts" / "bench_national.py"


def bench_national():
    spec = importlib.util.spec_from_file_location("bench_national", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_generated_chapter_is_a_valid_and_distinct_network(tmp_path: Path) -> None:
    bench_national().write_chapters(tmp_path / "chapters", 60, ["en", "es", "ar"])
    communities = [load_community(p) for p in sorted((tmp_path / "chapters").glob("*.toml"))]
    assert len(communities) == 60
    assert len({c.qr_url for c in communities}) == 60
    assert any(not c.name.isascii() for c in communities)  # names in their own scripts
    assert all(len(c.name) <= MAX_NAME for c in communities)
    assert len({str(c.hotline) for c in communities}) == 60


def test_the_chapters_are_the_same_on_every_run(tmp_path: Path) -> None:
    module = bench_national()
    module.write_chapters(tmp_path / "a", 5, ["en"])
    module.write_chapters(tmp_path / "b", 5, ["en"])
    for path in (tmp_path / "a").iterdir():
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes()
