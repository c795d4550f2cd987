"""Hostile and broken input: every failure is one line with a documented exit code (no
traceback), what is printed never carries a control character from the input, and
writes leave every file or none."""

from __future__ import annotations

import pickle
import re
import subprocess
import sys
import threading
from dataclasses import asdict
from pathlib import Path

import pytest

from kyr import paths
from kyr.errors import CatalogError, ExitStatus, KyrError, RenderError, UnknownNameError, one_line
from kyr.i18n.catalogs import read_catalog
from kyr.output import folder as output
from kyr.output.folder import JOURNAL, FolderWrite, output_problems, write_outputs
from kyr.output.manifest import MANIFEST, ManifestEntry, read_manifest, sha256

from .conftest import copy_project, error_lines, run_kyr

ES_PO = paths.locales_dir() / "es" / "LC_MESSAGES" / "messages.po"
SPANISH = ES_PO.read_text(encoding="utf-8")


def assert_one_line(result, status: ExitStatus, *fragments: str) -> str:
    assert result.returncode == status, result.stderr
    assert "Traceback" not in result.stderr
    assert len(error_lines(result.stderr)) == 1, result.stderr
    assert "\x1b" not in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr
    return result.stderr


def catalog_with(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "messages.po"
    path.write_bytes(text.encode("utf-8"))
    return path


def catalog_error(tmp_path: Path, text: str) -> str:
    with pytest.raises(CatalogError) as error:
        read_catalog(catalog_with(tmp_path, text))
    message = str(error.value)
    assert "\n" not in message
    return message


def entry(name: str, digest: str = "0" * 64) -> ManifestEntry:
    return ManifestEntry("card", "en", "letter", name, 2, digest, 7.0, False)


# Configuration


def test_a_configuration_nested_500_deep_is_a_one_line_config_error(tmp_path) -> None:
    config = tmp_path / "deep.toml"
    config.write_text("x = " + "[" * 500 + "]" * 500 + "\n")
    result = run_kyr("build", "--config", str(config), "--out", str(tmp_path / "out"))
    assert_one_line(result, ExitStatus.CONFIG, "deep.toml")


def test_a_configuration_read_from_dev_zero_is_refused_without_reading(tmp_path) -> None:
    result = run_kyr("build", "--config", "/dev/zero", "--out", str(tmp_path / "out"))
    assert_one_line(result, ExitStatus.CONFIG, "not a regular file")


# Catalogs


@pytest.mark.parametrize("charset", ["bogus", "ISO-8859-1"])
def test_a_catalog_header_naming_another_charset_is_refused(tmp_path, charset) -> None:
    message = catalog_error(tmp_path, SPANISH.replace("charset=utf-8", f"charset={charset}"))
    assert f"messages.po:17: the header says charset={charset}" in message


def test_a_catalog_is_decoded_once_as_utf8(tmp_path) -> None:
    catalog = read_catalog(
        catalog_with(tmp_path, SPANISH.replace("charset=utf-8", "charset=UTF-8"))
    )
    assert catalog.get("Hotline").string == "Línea directa"


def test_a_folded_header_line_is_a_one_line_catalog_error(tmp_path) -> None:
    folded = re.sub(
        r'"POT-Creation-Date: (\S+) (\S+)\\n"\n',
        r'"POT-Creation-Date: \1\\n"\n" \2\\n"\n',
        SPANISH,
        count=1,
    )
    assert folded != SPANISH
    assert "cannot read the catalog's header" in catalog_error(tmp_path, folded)


def test_a_message_context_is_refused_with_its_line(tmp_path) -> None:
    text = SPANISH.replace('msgid "Hotline"', 'msgctxt "card"\nmsgid "Hotline"')
    assert "messages.po:23: msgctxt is not supported" in catalog_error(tmp_path, text)


def test_a_msgid_given_twice_is_refused_with_both_lines(tmp_path) -> None:
    text = SPANISH + '\nmsgid "Hotline"\nmsgstr "Otra"\n'
    message = catalog_error(tmp_path, text)
    assert 'msgid "Hotline" is given twice (first at line 23)' in message


def test_a_nul_character_in_a_catalog_is_refused(tmp_path) -> None:
    text = SPANISH.replace('msgstr "Línea directa"', 'msgstr "Línea\x00 directa"')
    assert "messages.po:24: a NUL character" in catalog_error(tmp_path, text)


def test_a_byte_order_mark_is_named_not_shown(tmp_path) -> None:
    message = catalog_error(tmp_path, "\ufeff" + SPANISH)
    assert "U+FEFF" in message and "\ufeff" not in message


@pytest.mark.parametrize("char", ["\u2028", "\x85", "\x0c"])
def test_a_line_separator_in_a_translation_is_named(tmp_path, char) -> None:
    from kyr.i18n.string_checks import string_problems

    text = SPANISH.replace('msgstr "Línea directa"', f'msgstr "Línea{char}directa"')
    catalog = read_catalog(catalog_with(tmp_path, text))  # not "string is not closed"
    (problem,) = string_problems("Hotline", catalog.get("Hotline").string)
    assert f"U+{ord(char):04X}" in problem


@pytest.mark.parametrize("char", ["\u202e", "\u202a", "\u2066", "\u2069", "\u200b", "\ufeff"])
def test_bidi_controls_and_invisible_characters_are_refused(char) -> None:
    from kyr.i18n.string_checks import string_problems

    (problem,) = string_problems("Hotline", f"Línea {char}directa")
    assert f"U+{ord(char):04X}" in problem


@pytest.mark.parametrize("char", ["\u200e", "\u200f", "\u061c", "\u200c", "\u200d", "\u00ad"])
def test_bidi_marks_joiners_and_soft_hyphens_are_allowed(char) -> None:
    from kyr.i18n.string_checks import string_problems

    assert string_problems("Hotline", f"Línea {char}directa") == []


def test_a_literal_percent_is_written_as_double_percent() -> None:
    from kyr.i18n.string_checks import string_problems

    assert string_problems("100 percent", "100%% seguro") == []
    assert "a lone %" in string_problems("100 percent", "100% seguro")[0]
    assert "a lone %" in string_problems("100 percent", "100%%% seguro")[0]


def test_a_right_to_left_override_is_refused_by_check_and_build(tmp_path) -> None:
    project = copy_project(tmp_path / "project")
    po = project / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    po.write_text(SPANISH.replace('msgstr "Línea directa"', 'msgstr "\u202eLínea directa"'))
    checked = run_kyr("i18n", "check", "es", "--no-fit", cwd=project)
    assert checked.returncode == ExitStatus.CATALOG
    assert "messages.po:23: contains a control or invisible character (U+202E" in checked.stdout
    built = run_kyr("build", "--lang", "es", "--product", "card", "--out", "out", cwd=project)
    assert_one_line(built, ExitStatus.CATALOG, "messages.po:23", "U+202E")
    assert not (project / "out").exists()


# Messages


def test_control_characters_from_input_are_shown_escaped_on_one_line(tmp_path) -> None:
    result = run_kyr("build", "--lang", "x\n\x1b[31mred", "--out", str(tmp_path))
    assert_one_line(result, ExitStatus.UNKNOWN, "unknown language 'x\\n\\x1b[31mred'")


def test_one_line_escapes_controls_and_names_invisible_characters() -> None:
    assert one_line("a\nb\tc\x1bd\u2028e\ufeff") == "a\\nb\\tc\\x1bdU+2028eU+FEFF"
    assert one_line("Línea, 第五, مرحبا") == "Línea, 第五, مرحبا"


def test_traceback_option_shows_the_full_error(tmp_path) -> None:
    from click.testing import CliRunner

    from kyr.cli.main import cli

    args = ["--traceback", "build", "--product", "billboard", "--out", str(tmp_path)]
    result = CliRunner().invoke(cli, args)
    assert isinstance(result.exception, UnknownNameError)


def test_an_unexpected_error_is_one_line_with_exit_1(tmp_path, monkeypatch) -> None:
    import kyr.build.networks

    def broken(*args, **kwargs):
        raise ZeroDivisionError("boom\nsecond line")

    monkeypatch.setattr(kyr.build.networks, "build_networks", broken)
    result = run_kyr("build", "--product", "card", "--lang", "en", "--out", str(tmp_path))
    assert_one_line(result, ExitStatus.ERROR, "internal error: ZeroDivisionError", "--traceback")


def test_ctrl_c_exits_130_and_leaves_nothing_behind(tmp_path, monkeypatch) -> None:
    import kyr.files

    out = tmp_path / "out"
    out.mkdir()
    (out / "card-en-letter.pdf").write_bytes(b"old")
    calls = []
    real = kyr.files.write_synced

    def interrupted(path, data, mode):
        calls.append(path)
        if len(calls) == 2:
            raise KeyboardInterrupt
        real(path, data, mode)

    monkeypatch.setattr(kyr.files, "write_synced", interrupted)
    result = run_kyr(
        "build", "--product", "card", "--product", "door-slip", "--lang", "en", "--out", str(out)
    )
    assert_one_line(result, ExitStatus.INTERRUPTED, "stopped")
    assert sorted(p.name for p in out.iterdir()) == ["card-en-letter.pdf"]
    assert (out / "card-en-letter.pdf").read_bytes() == b"old"


def test_an_output_folder_that_cannot_be_made_is_exit_8(tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = run_kyr("build", "--product", "card", "--lang", "en", "--out", str(blocker / "out"))
    assert_one_line(result, ExitStatus.OUTPUT, "cannot write")


def test_too_many_jobs_is_a_usage_error(tmp_path) -> None:
    result = run_kyr("build", "--jobs", "1000000000", "--out", str(tmp_path))
    assert result.returncode == ExitStatus.USAGE
    assert result.stderr.splitlines() == [
        "kyr: error: --jobs: 1000000000 is not from 0 to 64 (see `kyr build --help`)"
    ]


def test_an_unknown_product_is_refused_before_weasyprint_is_imported(tmp_path) -> None:
    code = (
        "import sys\nfrom kyr.cli.main import main\n"
        f"try:\n    main(['build', '--product', 'billboard', '--out', {str(tmp_path)!r}])\n"
        "except SystemExit as e:\n    print(e.code, 'weasyprint' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.split() == ["5", "False"], result.stderr


def test_every_exit_status_is_in_the_readme() -> None:
    readme = (paths.CHECKOUT / "README.md").read_text()
    for status in ExitStatus:
        assert f"\n| {int(status)} |" in readme, status


# Errors across processes


def test_errors_pickle_with_their_message_and_status() -> None:
    for error in (KyrError("a", ExitStatus.OUTPUT), RenderError("b"), UnknownNameError("c")):
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error)
        assert (copy.message, copy.status) == (error.message, error.status)


# The manifest


def test_foreign_manifest_entries_are_dropped(tmp_path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.pdf").write_bytes(b"kept")
    (out / "notes.txt").write_bytes(b"not ours")
    foreign = [
        {"path": "../../../../etc/passwd"}, {"path": 7}, {"path": ["a"]}, {"path": "notes.txt"},
        {"path": "/etc/hosts.pdf"}, "a string", {"path": "keep.pdf", "sha256": "x"},
        {**asdict(entry("keep.pdf")), "pages": "lots"}, {**asdict(entry("keep.pdf")),
        "lang": "<script>"},
    ]  # fmt: skip
    import json

    (out / MANIFEST).write_text(json.dumps(foreign))
    write_outputs([FolderWrite(out, {"new.pdf": b"new"}, [entry("new.pdf")])])
    paths_left = [item["path"] for item in json.loads((out / MANIFEST).read_text())]
    assert paths_left == ["new.pdf"]

    (out / MANIFEST).write_text(json.dumps([*foreign, asdict(entry("keep.pdf"))]))
    write_outputs([FolderWrite(out, {"new.pdf": b"new"}, [entry("new.pdf")])])
    paths_left = [item["path"] for item in json.loads((out / MANIFEST).read_text())]
    assert paths_left == ["keep.pdf", "new.pdf"]


def test_a_garbled_manifest_is_rebuilt(tmp_path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / MANIFEST).write_bytes(b"\xff[[[")
    write_outputs([FolderWrite(out, {"new.pdf": b"new"}, [entry("new.pdf")])])
    assert [item["path"] for item in read_manifest(out)] == ["new.pdf"]


def test_an_unreadable_manifest_is_a_one_line_output_error(tmp_path, monkeypatch) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / MANIFEST).write_text("[]")

    def refuse(path, limit):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr("kyr.output.manifest.read_regular", refuse)  # root reads any mode
    with pytest.raises(KyrError) as error:
        read_manifest(out)
    assert error.value.status == ExitStatus.OUTPUT and "Permission denied" in str(error.value)


# Writes that survive kills


def test_an_interrupted_commit_is_detected_and_finished_by_the_next_build(tmp_path) -> None:
    out = tmp_path / "out"
    write_outputs([FolderWrite(out, {"a.pdf": b"old a", "b.pdf": b"old b"}, [entry("a.pdf")])])
    new = {"a.pdf": b"new a", "b.pdf": b"new b"}
    write = FolderWrite(out, new, [entry(name, sha256(data)) for name, data in new.items()])
    staging, listed = output._stage(write)
    journal = {"staging": staging.name, "files": [{"path": n, "sha256": d} for n, d in listed]}
    import json

    (out / JOURNAL).write_text(json.dumps(journal))
    (staging / "a.pdf").rename(out / "a.pdf")  # killed after the first rename
    assert output_problems(out) and "interrupted" in output_problems(out)[0]
    result = run_kyr("verify", "--out", str(out))
    assert_one_line(result, ExitStatus.OUTPUT, "interrupted")
    repaired = run_kyr("verify", "--out", str(out), "--repair")
    assert repaired.returncode == 0, repaired.stderr
    assert (out / "b.pdf").read_bytes() == b"new b"
    assert not (out / JOURNAL).exists() and not list(out.glob(".kyr-staging-*"))


def test_staging_left_by_a_kill_is_removed_by_the_next_build(tmp_path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / ".kyr-staging-dead").mkdir()
    (out / ".kyr-staging-dead" / "a.pdf").write_bytes(b"half")
    write_outputs([FolderWrite(out, {"b.pdf": b"b"}, [entry("b.pdf")])])
    assert sorted(p.name for p in out.iterdir()) == ["b.pdf", MANIFEST]


def test_two_builds_into_one_folder_keep_both_manifest_entries(tmp_path) -> None:
    out = tmp_path / "out"
    out.mkdir()

    def write(name: str) -> None:
        for round_ in range(10):
            file = f"{name}-{round_}.pdf"
            write_outputs([FolderWrite(out, {file: name.encode()}, [entry(file)])])

    threads = [threading.Thread(target=write, args=(name,)) for name in ("one", "two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(read_manifest(out)) == 20


# Fonts and the fit cache


def test_fontconfig_file_lives_in_a_private_cache_folder(tmp_path, monkeypatch) -> None:
    from kyr.fonts.pinned import pin_fonts

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("FONTCONFIG_FILE", "")
    conf = pin_fonts()
    assert conf.is_relative_to(tmp_path / "kyr")
    assert conf.parent.stat().st_mode & 0o777 == 0o700
    assert [p.name for p in conf.parent.iterdir()] == ["fonts.conf"]


def test_a_planted_link_in_the_font_folder_is_refused(tmp_path, monkeypatch) -> None:
    from kyr.fonts.pinned import pin_fonts

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("FONTCONFIG_FILE", "")
    conf = pin_fonts()
    victim = tmp_path / "victim"
    victim.mkdir()
    conf.parent.rename(tmp_path / "moved")
    conf.parent.symlink_to(victim, target_is_directory=True)
    with pytest.raises(KyrError) as error:
        pin_fonts()
    assert error.value.status == ExitStatus.ENVIRONMENT
    assert list(victim.iterdir()) == []


@pytest.mark.parametrize("content", ["[]", "{}", '{"key": 1}', "null", "\xff", '"x"' * 10])
def test_a_fit_cache_of_any_shape_is_ignored_and_replaced(tmp_path, monkeypatch, content) -> None:
    from kyr.cache import fit_results as fit_cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    paths.fit_cache_file().parent.mkdir(parents=True)
    paths.fit_cache_file().write_text(content)
    assert fit_cache.cached_failures("k", "es", "l") is None
    fit_cache.store_failures("k", "es", "l", ["a"])
    assert fit_cache.cached_failures("k", "es", "l") == ["a"]
    fit_cache.store_failures("k2", "ar", "m", [])
    assert fit_cache.cached_failures("k", "es", "l") is None  # pruned: another key


def test_the_fit_cache_key_covers_fallback_catalogs_and_the_community(tmp_path) -> None:
    from dataclasses import replace

    from kyr.cache import fit_results as fit_cache
    from kyr.config.community import load_community
    from kyr.i18n.languages import get_language

    sample = load_community(paths.sample_config())
    es = get_language("es")
    key = fit_cache.language_key(es, sample)
    assert fit_cache.language_key(es, replace(sample, name="Other")) != key
    dari_like = replace(es, fallback="fa")
    assert fit_cache.language_key(dari_like, sample) != key
