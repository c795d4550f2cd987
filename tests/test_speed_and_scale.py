"""Lay out once, rebuild nothing unchanged, start fast, spread the work: type sizes
remembered across runs give the bytes a cold fit gives, a repeat build imports no
WeasyPrint, a changed catalog re-renders only its language, and shards cover every
piece exactly once."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from kyr import paths
from kyr.build.merge import SHARD_RECORD
from kyr.build.request import BuildRequest
from kyr.build.run import jobs_for, plan_build, render_builds
from kyr.build.shards import Shard, parse_shard, shard_jobs
from kyr.cache.sizes import load_sizes
from kyr.content.pieces import Piece
from kyr.content.products import get_product
from kyr.errors import ExitStatus
from kyr.i18n.languages import get_language
from kyr.output.manifest import read_manifest
from kyr.render.fitter import Builder

from .conftest import copy_project, run_kyr


@pytest.fixture
def own_cache(tmp_path, monkeypatch) -> Path:
    """An empty cache folder for this test alone."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder


def piece(product: str, code: str, paper: str = "letter") -> Piece:
    return Piece(get_product(product), (get_language(code),), paper)


# Lay out once


def test_a_remembered_size_lays_a_card_out_once_and_gives_the_cold_bytes(
    own_cache, renderer, sample, tmp_path
) -> None:
    request = BuildRequest(("card", "card-sheet"), ("es", "ar", "zh-Hans"), jobs=1)
    plan = plan_build(sample, tmp_path / "cold", request)
    cold = render_builds([plan], request, renderer=renderer)[0]
    known = load_sizes()
    assert known, "the cold build remembers the sizes it found"

    for code in ("es", "ar", "zh-Hans"):
        builder = Builder(sample, renderer, known=known)
        card = builder.render(piece("card", code))
        assert builder.layouts == 1, f"{code}: one layout, front and back together"
        sheet = builder.render(piece("card-sheet", code))
        assert builder.layouts == 2, f"{code}: the sheet itself is the only other layout"
        assert card.pdf == cold.files[f"card-{code}-letter.pdf"]
        assert sheet.pdf == cold.files[f"card-sheet-{code}-letter.pdf"]
        assert builder.found == {}, "nothing new to remember"


def test_the_english_back_is_fitted_once_per_paper_for_every_language(
    own_cache, renderer, sample
) -> None:
    builder = Builder(sample, renderer)
    for code in ("es", "ar", "vi", "ko"):
        builder.fit(piece("card", code))
    backs = [key for key in builder._fitted if key[0] == "card-back"]
    assert backs == [("card-back", "en", "letter")]


def test_a_size_cache_of_any_shape_is_ignored(own_cache, renderer, sample) -> None:
    (own_cache / "kyr").mkdir(parents=True)
    for content in ("[1, 2]", '{"k": "big"}', "not json", '{"k": 1e400}'):
        (own_cache / "kyr" / "sizes.json").write_text(content)
        assert all(isinstance(v, float) for v in load_sizes().values())
    (own_cache / "kyr" / "sizes.json").write_text("{" + '"x": 99.0,' * 10 + '"y": 1}')
    builder = Builder(sample, renderer, known=load_sizes())
    assert builder.fit(piece("card", "es"))[0] < 99.0


# Rebuild nothing unchanged


def test_a_repeat_build_renders_nothing_and_imports_no_weasyprint(own_cache, tmp_path) -> None:
    out = tmp_path / "out"
    first = run_kyr("build", "--product", "card", "--lang", "es", "--out", str(out))
    assert first.returncode == 0, first.stderr
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    script = (
        "import sys\n"
        "from kyr.cli.main import main\n"
        "try:\n"
        f"    main(['build', '--product', 'card', '--lang', 'es', '--out', {str(out)!r}])\n"
        "except SystemExit as end:\n"
        "    assert not end.code, end.code\n"
        "print('weasyprint loaded:', 'weasyprint' in sys.modules)\n"
    )
    again = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True
    )
    assert "1 PDF in" in again.stdout and "unchanged" in again.stdout
    assert "weasyprint loaded: False" in again.stdout
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == before


def test_force_renders_an_unchanged_piece_again(own_cache, tmp_path) -> None:
    out = tmp_path / "out"
    assert run_kyr("build", "--product", "card", "--lang", "es", "--out", str(out)).returncode == 0
    forced = run_kyr("build", "--product", "card", "--lang", "es", "--out", str(out), "--force")
    assert "[1/1] card (es, letter)" in forced.stdout
    assert "wrote 1 PDF and manifest.json" in forced.stdout


def test_an_altered_pdf_is_rendered_again(own_cache, tmp_path) -> None:
    out = tmp_path / "out"
    run_kyr("build", "--product", "card", "--lang", "es", "--out", str(out))
    (out / "card-es-letter.pdf").write_bytes(b"%PDF-1.7 damaged")
    again = run_kyr("build", "--product", "card", "--lang", "es", "--out", str(out))
    assert "wrote 1 PDF" in again.stdout
    assert (out / "card-es-letter.pdf").read_bytes().startswith(b"%PDF")
    assert len((out / "card-es-letter.pdf").read_bytes()) > 1000


def test_changing_one_catalog_string_rebuilds_only_that_language(own_cache, tmp_path) -> None:
    project = copy_project(tmp_path / "project")
    out = tmp_path / "out"
    build = ("build", "--product", "card", "--product", "door-slip", "--lang", "es", "--lang", "ar")
    assert run_kyr(*build, "--out", str(out), cwd=project).returncode == 0
    listed = {e["path"]: e for e in read_manifest(out)}

    po = project / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    text = po.read_text(encoding="utf-8")
    changed = text.replace('msgstr "Conozca sus derechos"', 'msgstr "Conozca SUS derechos"', 1)
    assert changed != text
    po.write_text(changed, encoding="utf-8")
    again = run_kyr(*build, "--out", str(out), cwd=project)

    assert again.returncode == 0, again.stderr
    assert "2 PDFs in" in again.stdout and "wrote 2 PDFs" in again.stdout
    now = {e["path"]: e for e in read_manifest(out)}
    for name in ("card-ar-letter.pdf", "door-slip-ar-letter.pdf"):
        assert now[name] == listed[name]
    for name in ("card-es-letter.pdf", "door-slip-es-letter.pdf"):
        assert now[name]["inputs_sha256"] != listed[name]["inputs_sha256"]


def test_a_field_that_does_not_print_changes_no_inputs_hash(own_cache, sample, tmp_path) -> None:
    from kyr.build.run import inputs_digests

    other = replace(sample, languages=("vi",), paper="a4", source_name="other.toml")
    request = BuildRequest(("card",), ("es",), "letter")
    plans = [plan_build(c, tmp_path, request) for c in (sample, other)]
    assert list(inputs_digests(plans[0]).values()) == list(inputs_digests(plans[1]).values())
    moved = replace(sample, hotline_label=sample.hotline_label + " 24/7")
    plan = plan_build(moved, tmp_path, request)
    assert list(inputs_digests(plan).values()) != list(inputs_digests(plans[0]).values())


# Start fast


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["products"],
        ["languages", "--no-fit"],
        ["build", "--product", "no-such-product"],
        ["build", "--lang", "xx"],
        ["build", "--config", "/no/such/file.toml"],
        ["build", "--shard", "3/2"],
    ],
    ids=lambda args: " ".join(args),
)
def test_commands_that_render_nothing_never_import_weasyprint(args, own_cache) -> None:
    script = (
        "import sys\n"
        "from kyr.cli.main import main\n"
        "try:\n"
        f"    main({args!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('weasyprint loaded:', 'weasyprint' in sys.modules)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True, text=True, timeout=120, cwd=paths.CHECKOUT,
    )  # fmt: skip
    assert "weasyprint loaded: False" in run.stdout, run.stdout + run.stderr


# Spread the work


def jobs_of_sample(sample, codes: tuple[str, ...]) -> list:
    plan = plan_build(sample, Path("out"), BuildRequest((), codes, "letter"))
    return jobs_for(0, plan.pieces)


@pytest.mark.parametrize("count", [1, 2, 3, 5, 8, 40])
def test_shards_cover_every_piece_exactly_once(count, sample) -> None:
    jobs = jobs_of_sample(sample, ("en", "es", "ar", "zh-Hans", "vi", "ko", "ru", "so"))
    every = [p for job in jobs for p in job.pieces]
    shares = [shard_jobs(jobs, ["sample.toml"], Shard(i, count)) for i in range(1, count + 1)]
    pieces = [p for share in shares for job in share for p in job.pieces]
    assert sorted(p.filename for p in pieces) == sorted(p.filename for p in every)
    assert len(pieces) == len(set(pieces))
    if count <= len(jobs):
        sizes = [sum(len(job.pieces) for job in share) for share in shares]
        biggest_job = max(len(job.pieces) for job in jobs)
        assert max(sizes) - min(sizes) <= biggest_job


def test_a_shard_is_the_same_on_every_machine(sample) -> None:
    jobs = jobs_of_sample(sample, ("es", "ar", "zh-Hans"))
    names = [[p.filename for j in shard_jobs(js, ["a.toml"], Shard(2, 3)) for p in j.pieces]
             for js in (jobs, list(reversed(jobs)))]  # fmt: skip
    assert names[0] == names[1]


@pytest.mark.parametrize("text", ["0/3", "4/3", "2", "a/b", "1/0", "-1/2"])
def test_a_shard_that_is_not_i_of_n_is_one_line(text) -> None:
    result = run_kyr("build", "--shard", text)
    assert result.returncode == ExitStatus.USAGE
    assert result.stderr.count("\n") == 1 and "--shard" in result.stderr
    with pytest.raises(Exception, match="--shard"):
        parse_shard(text)


def test_shards_merged_are_the_unsharded_build_byte_for_byte(own_cache, tmp_path) -> None:
    build = ("build", "--product", "card", "--product", "door-slip", "--product", "sign-private",
             "--lang", "es", "--lang", "ar", "--lang", "vi")  # fmt: skip
    whole = tmp_path / "whole"
    assert run_kyr(*build, "--out", str(whole)).returncode == 0
    for i in (1, 2, 3):
        result = run_kyr(*build, "--shard", f"{i}/3", "--out", str(tmp_path / f"shard-{i}"))
        assert result.returncode == 0, result.stderr
        assert (tmp_path / f"shard-{i}" / SHARD_RECORD).is_file()
    shards = [str(tmp_path / f"shard-{i}") for i in (1, 2, 3)]
    merged = run_kyr("manifest", "merge", *shards, "--out", str(tmp_path / "merged"))
    assert merged.returncode == 0, merged.stderr

    pdfs = sorted(p.name for p in whole.glob("*.pdf"))
    assert sorted(p.name for p in (tmp_path / "merged").glob("*.pdf")) == pdfs
    for name in pdfs:
        assert (tmp_path / "merged" / name).read_bytes() == (whole / name).read_bytes()
    assert read_manifest(tmp_path / "merged") == read_manifest(whole)


def test_a_merge_with_a_shard_missing_twice_or_altered_writes_nothing(own_cache, tmp_path) -> None:
    build = ("build", "--product", "card", "--lang", "es", "--lang", "ar")
    for i in (1, 2):
        run_kyr(*build, "--shard", f"{i}/2", "--out", str(tmp_path / f"s{i}"))
    s1, s2, out = str(tmp_path / "s1"), str(tmp_path / "s2"), tmp_path / "merged"

    missing = run_kyr("manifest", "merge", s1, "--out", str(out))
    assert missing.returncode == ExitStatus.OUTPUT and "shard(s) 2 of 2 not given" in missing.stderr
    twice = run_kyr("manifest", "merge", s1, s2, s2, "--out", str(out))
    assert twice.returncode == ExitStatus.OUTPUT and "given twice" in twice.stderr
    pdf = next((tmp_path / "s2").glob("*.pdf"))
    pdf.write_bytes(pdf.read_bytes() + b"\n")
    altered = run_kyr("manifest", "merge", s1, s2, "--out", str(out))
    assert altered.returncode == ExitStatus.OUTPUT and "altered" in altered.stderr
    not_a_shard = run_kyr("manifest", "merge", str(tmp_path), "--out", str(out))
    assert not_a_shard.returncode == ExitStatus.OUTPUT and SHARD_RECORD in not_a_shard.stderr
    for result in (missing, twice, altered, not_a_shard):
        assert result.stderr.count("\n") == 1
    assert not out.exists()


def test_a_shard_record_lists_the_whole_build(own_cache, tmp_path) -> None:
    run_kyr("build", "--product", "card", "--lang", "es", "--lang", "ar", "--lang", "vi",
            "--shard", "1/2", "--out", str(tmp_path))  # fmt: skip
    record = json.loads((tmp_path / SHARD_RECORD).read_text())
    assert record["shard"] == "1/2"
    assert record["planned"] == ["card-ar-letter.pdf", "card-es-letter.pdf", "card-vi-letter.pdf"]


# Progress


def test_a_build_in_a_pipe_prints_one_line_per_pdf(own_cache, tmp_path) -> None:
    result = run_kyr("build", "--product", "card", "--lang", "es", "--lang", "ar",
                     "--out", str(tmp_path))  # fmt: skip
    lines = result.stdout.splitlines()
    assert lines[:2] == ["[1/2] card (es, letter): 2 pages, 6.75pt", lines[1]]
    assert lines[1].startswith("[2/2] card (ar, letter)")
    assert lines[2] == f"wrote 2 PDFs and manifest.json in {tmp_path}"


# The fit check


@pytest.mark.slow  # 12 s: two languages laid out in workers and again in one process
def test_the_fit_check_in_workers_says_what_it_says_in_one_process(
    own_cache, sample, monkeypatch, tmp_path
) -> None:
    from kyr.build.fit_check import fit_results

    languages = [get_language("es"), get_language("my")]
    seen: list[str] = []
    in_workers = fit_results(
        languages, sample, jobs=2, on_checked=seen.append, use_shipped=False
    )
    assert sorted(seen) == ["es", "my"]
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "other-cache"))
    in_process = fit_results(languages, sample, jobs=1, use_shipped=False)
    assert in_process == in_workers == {"es": [], "my": []}


def test_the_fit_check_reports_a_translation_too_long_for_its_smallest_size(
    own_cache, sample, renderer
) -> None:
    from kyr.render.fit_report import TextDoesNotFit

    card = piece("card", "es")
    builder = Builder(sample, renderer, allow_incomplete=True)
    builder.back_size("card-back", "letter")  # the English back, fitted once per paper
    before = builder.layouts
    builder.check_fits(card)
    assert builder.layouts == before + 1, "one layout, at the smallest size"
    assert ("card", "es", "letter") not in builder._fitted, "not a fitted size"

    crowded = Builder(sample, renderer, allow_incomplete=True)
    es = crowded.translations(get_language("es"))
    four_times = {msgid: " ".join([text] * 4) for msgid, text in es.messages.items()}
    crowded._translations["es"] = replace(es, messages=four_times)
    with pytest.raises(TextDoesNotFit):
        crowded.check_fits(card)


def test_fixed_size_c_arrays_are_made_without_the_parser() -> None:
    from kyr.render.cffi_arrays import ArrayTypes
    from kyr.render.html_to_pdf import weasyprint

    weasyprint()
    from weasyprint.text.ffi import ffi

    assert isinstance(ffi._parsed_types, ArrayTypes)
    array = ffi.new("hb_codepoint_t[1234]", list(range(1234)))
    assert ffi.sizeof(array) == 4 * 1234 and array[1233] == 1233
    assert ffi.typeof(array) is ffi.typeof("hb_codepoint_t[1234]")
    assert ffi.typeof("hb_codepoint_t[9]").length == 9


def test_a_sheet_page_laid_out_once_gives_each_language_its_own_bytes(
    own_cache, sample, tmp_path
) -> None:
    from kyr.build.run import render_build
    from kyr.render.html_to_pdf import Renderer

    shared = Renderer()
    request = BuildRequest(("card-sheet",), ("es", "fr", "ar"), "letter", out_dir=tmp_path, jobs=1)
    together = render_build(sample, request, renderer=shared)
    assert len(shared._frames) == 2, "one page for Spanish and French, one right to left"
    for code in ("fr", "ar"):
        alone = render_build(sample, replace(request, languages=(code,)), renderer=Renderer())
        name = f"card-sheet-{code}-letter.pdf"
        assert together.files[name] == alone.files[name]
