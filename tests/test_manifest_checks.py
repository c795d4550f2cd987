"""Manifests are read like configurations: every entry's keys, types and forms are
checked; `kyr verify` refuses a manifest that does not parse or leaves a PDF out; a merge
names the bad entry and writes nothing; no name leads out of the output folder."""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict
from pathlib import Path

import pytest

from kyr import paths
from kyr.errors import ExitStatus
from kyr.output.manifest import (
    MANIFEST,
    ManifestEntry,
    entry_problem,
    files_count,
    load_manifest,
)

from .conftest import run_kyr

GOOD = asdict(ManifestEntry("card", "es", "letter", "card-es-letter.pdf", 2, "a" * 64, 7.0, False))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("built") / "out"
    result = run_kyr("build", "--product", "card", "--lang", "es", "--lang", "ar",
                     "--out", str(out))  # fmt: skip
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture()
def folder(built, tmp_path) -> Path:
    copy = tmp_path / "out"
    shutil.copytree(built, copy)
    return copy


def verify(folder: Path):
    return run_kyr("verify", "--out", str(folder))


def test_a_built_folder_verifies(folder) -> None:
    result = verify(folder)
    assert result.returncode == 0, result.stderr


def test_a_truncated_manifest_after_a_pdf_changed_is_refused(folder) -> None:
    (folder / "card-es-letter.pdf").write_bytes(b"%PDF-1.7 changed")
    manifest = folder / MANIFEST
    manifest.write_bytes(manifest.read_bytes()[:100])
    result = verify(folder)
    assert result.returncode == ExitStatus.OUTPUT
    (line,) = result.stderr.splitlines()
    assert "manifest.json: not a JSON manifest" in line


def test_a_pdf_the_manifest_does_not_list_is_refused(folder) -> None:
    entries = json.loads((folder / MANIFEST).read_text())
    (folder / MANIFEST).write_text(json.dumps(entries[:1]))
    result = verify(folder)
    assert result.returncode == ExitStatus.OUTPUT
    assert "not listed in manifest.json" in result.stderr


@pytest.mark.parametrize(
    ("change", "problem"),
    [({"pages": "lots"}, "key 'pages' must be a page count"),
     ({"lang": "<script>"}, "key 'lang' must be language tags"),
     ({"path": ["a"]}, "key 'path' must be a PDF's file name"),
     ({"path": "../x.pdf"}, "key 'path'"),
     ({"sha256": "x"}, "key 'sha256'"),
     ({"extra": 1}, "unknown key 'extra'"),
     ({"reviewed": 1}, "key 'reviewed' must be true or false")],
)  # fmt: skip
def test_each_bad_entry_is_named(change, problem) -> None:
    assert problem in (entry_problem({**GOOD, **change}) or "")


def test_an_entry_without_path_is_named(tmp_path) -> None:
    entry = dict(GOOD)
    del entry["path"]
    (tmp_path / MANIFEST).write_text(json.dumps([GOOD, entry]))
    entries, problems = load_manifest(tmp_path)
    assert entries == [GOOD]
    assert problems == [f"{tmp_path / MANIFEST}: entry 2: key 'path' missing"]


def test_a_build_over_a_hostile_manifest_rewrites_it(folder) -> None:
    (folder / MANIFEST).write_text('[{"path": ["a"]}, {"pages": "lots"}, 7]')
    result = run_kyr("build", "--product", "card", "--lang", "es", "--out", str(folder))
    assert result.returncode == 0, result.stderr
    assert [e["path"] for e in json.loads((folder / MANIFEST).read_text())] == [
        "card-es-letter.pdf"
    ]


def test_a_merge_names_a_bad_entry_and_writes_nothing(tmp_path) -> None:
    shards = []
    for index in (1, 2):
        out = tmp_path / f"shard{index}"
        result = run_kyr("build", "--product", "card", "--lang", "es", "--lang", "ar",
                         "--shard", f"{index}/2", "--out", str(out))  # fmt: skip
        assert result.returncode == 0, result.stderr
        shards.append(out)
    manifest = shards[0] / MANIFEST
    entries = json.loads(manifest.read_text())
    entries[0]["pages"] = "lots"
    manifest.write_text(json.dumps(entries))
    merged = tmp_path / "merged"
    result = run_kyr("manifest", "merge", str(shards[0]), str(shards[1]), "--out", str(merged))
    assert result.returncode == ExitStatus.OUTPUT
    (line,) = result.stderr.splitlines()
    assert "entry 1: key 'pages'" in line
    assert not merged.exists() or not any(merged.iterdir())


def test_a_configuration_named_dots_cannot_build_outside_the_folder(tmp_path) -> None:
    sample = paths.sample_config().read_text()
    (tmp_path / "...toml").write_text(sample)
    (tmp_path / "b.toml").write_text(sample)
    out = tmp_path / "deep" / "out"
    result = run_kyr("build", "--config", str(tmp_path / "...toml"), "--config",
                     str(tmp_path / "b.toml"), "--product", "card", "--lang", "es",
                     "--out", str(out))  # fmt: skip
    assert result.returncode == ExitStatus.CONFIG
    assert "rename the file" in result.stderr
    assert not (tmp_path / "deep").exists() or not list((tmp_path / "deep").rglob("*.pdf"))


def test_a_build_leaves_no_lock_file_in_the_folder(built) -> None:
    assert not (built / ".kyr-build.lock").exists()
    assert sorted(p.name for p in built.iterdir() if p.name.startswith(".")) == []


def test_builds_waiting_on_one_folder_take_turns_and_leave_no_lock(tmp_path) -> None:
    import threading

    from kyr.output.folder import folder_lock

    inside, overlaps = [], []

    def hold() -> None:
        for _ in range(20):
            with folder_lock(tmp_path):
                inside.append(1)
                if len(inside) > 1:
                    overlaps.append(1)
                inside.pop()

    threads = [threading.Thread(target=hold) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not overlaps
    assert not (tmp_path / ".kyr-build.lock").exists()


@pytest.mark.parametrize("product_id", [".hidden", "../up", "a/b", "Card"])
def test_a_product_id_that_could_not_name_a_pdf_is_refused(product_id, tmp_path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(paths.templates_dir(), templates)
    registry = templates / "products.toml"
    registry.write_text(registry.read_text().replace("[card]", f'["{product_id}"]', 1))
    result = run_kyr("--templates", str(templates), "build", "--product", "card-sheet",
                     "--lang", "es", "--out", str(tmp_path / "out"))  # fmt: skip
    assert result.returncode == ExitStatus.TEMPLATES
    assert "lowercase letters, digits and hyphens" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_listed_pdf_linked_to_dev_zero_is_not_read_forever(folder) -> None:
    pdf = folder / "card-es-letter.pdf"
    pdf.unlink()
    pdf.symlink_to("/dev/zero")
    result = verify(folder)
    assert result.returncode == ExitStatus.OUTPUT
    assert "card-es-letter.pdf: cannot be checked (not a regular file)" in result.stderr


def test_a_products_registry_nested_thousands_deep_is_one_line(tmp_path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(paths.templates_dir(), templates)
    (templates / "products.toml").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n")
    result = run_kyr("--templates", str(templates), "products")
    assert result.returncode == ExitStatus.TEMPLATES
    (line,) = result.stderr.splitlines()
    assert "products.toml" in line and "internal error" not in line


@pytest.mark.parametrize("journal", [b"{not json", b'{"staging": "../x", "files": []}',
                                     b'{"staging": ".kyr-staging-1", "files": [{"path": ".a"}]}'])
def test_an_unreadable_journal_does_not_block_later_builds(journal, folder) -> None:
    (folder / ".kyr-build.json").write_bytes(journal)
    (folder / "card-es-letter.pdf").write_bytes(b"%PDF half written")
    result = run_kyr("build", "--product", "card", "--lang", "es", "--out", str(folder))
    assert result.returncode == 0, result.stderr
    assert not (folder / ".kyr-build.json").exists()
    assert verify(folder).returncode == 0  # the altered PDF was made again


def test_build_lines_count_pdfs_and_other_files_in_the_right_number() -> None:
    assert files_count(["card-es-letter.pdf"]) == "1 PDF"
    assert files_count(["a.pdf", "b.pdf"]) == "2 PDFs"
    assert files_count(["a.pdf", "message-es.txt", "message-es.md"]) == "3 files"
    assert files_count(["message-es.txt"]) == "1 file"
