"""A mistake on the command line is one line: the option, what is wrong, where to read
more; exit 2. Unknown names get a "did you mean" from names people actually type."""

from __future__ import annotations

import io

import pytest

from kyr.errors import ExitStatus
from kyr.i18n.languages import load_registry, suggested_language
from kyr.progress import Progress, format_time_left, time_left
from kyr.suggest import closest

from .conftest import run_kyr


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["build", "--paper", "legal"],
         "kyr: error: --paper: 'legal' is not one of letter, a4, tabloid, a3 "
         "(see `kyr build --help`)"),
        (["build", "--jobs", "100"],
         "kyr: error: --jobs: 100 is not from 0 to 64 (see `kyr build --help`)"),
        (["build", "--for", "shop"],
         "kyr: error: --for: 'shop' is not one of home, print-shop (see `kyr build --help`)"),
        (["build", "--shard", "3/2"], "kyr: error: --shard 3/2: I must be from 1 to N (2)"),
        (["build", "--mix", "es"],
         "kyr: error: --mix: 'es': expected CODE=N, e.g. es=4 (see `kyr build --help`)"),
    ],
)  # fmt: skip
def test_a_bad_option_value_is_one_line_with_exit_2(args, line, tmp_path) -> None:
    result = run_kyr(*args, "--out", str(tmp_path / "out"))
    assert result.returncode == ExitStatus.USAGE
    assert result.stderr.splitlines() == [line]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("args", "fragment"),
    [(["bild"], "'build'"), (["build", "--pape", "a4"], "'--paper'")],
)
def test_a_misspelt_command_or_option_is_one_line_naming_the_right_one(args, fragment) -> None:
    result = run_kyr(*args)
    assert result.returncode == ExitStatus.USAGE
    (line,) = result.stderr.splitlines()
    assert line.startswith("kyr: error: No such") and f"Did you mean {fragment}" in line
    assert "Usage:" not in result.stderr


@pytest.mark.parametrize(
    ("asked", "code"),
    [("spanish", "es"), ("Español", "es"), ("espanol", "es"), ("arabic", "ar"),
     ("chinese", "zh-Hans"), ("zh-CN", "zh-Hans"), ("zh-TW", "zh-Hant"), ("es_MX", "es"),
     ("ar-EG", "ar"), ("vietnamese", "vi"), ("tagalog", "tl"), ("kreyòl", "ht"),
     ("русский", "ru"), ("amharic", "am")],
)  # fmt: skip
def test_a_language_named_in_english_or_its_own_language_is_suggested(asked, code) -> None:
    registry = load_registry()
    if code not in registry:
        pytest.skip(f"{code} does not ship")
    guess = suggested_language(asked, registry)
    assert guess is not None and guess.code == code


def test_nothing_is_suggested_for_a_name_like_no_language() -> None:
    assert suggested_language("klingonese", load_registry()) is None
    assert closest("xyz", ["card", "flyer"]) is None


def test_an_unknown_language_on_the_command_line_says_what_was_meant(tmp_path) -> None:
    result = run_kyr("build", "--lang", "spanish", "--out", str(tmp_path / "out"))
    assert result.returncode == ExitStatus.UNKNOWN
    (line,) = result.stderr.splitlines()
    assert line.startswith("kyr: error: unknown language 'spanish': did you mean es (Spanish)?")


def test_an_unknown_product_says_what_was_meant(tmp_path) -> None:
    result = run_kyr("build", "--product", "stickers", "--out", str(tmp_path / "out"))
    assert result.returncode == ExitStatus.UNKNOWN
    assert "unknown product 'stickers': did you mean sticker-sheet?" in result.stderr


# The time left on a terminal


def test_no_time_left_is_shown_until_the_pace_is_known() -> None:
    # The first PDF took 4 s (workers starting), the next ones 0.2 s each.
    assert time_left(1, 24, first_done_at=4.0, now=4.0) is None
    assert time_left(2, 24, first_done_at=4.0, now=4.2) is None
    assert time_left(3, 24, first_done_at=4.0, now=4.4) == pytest.approx(0.2 * 21)
    assert time_left(24, 24, first_done_at=4.0, now=8.6) is None


def test_time_left_reads_as_words() -> None:
    assert format_time_left(None) == ""
    assert format_time_left(4.2) == "about 4 s left"
    assert format_time_left(0.1) == "about 1 s left"
    assert format_time_left(150) == "about 2 min left"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_terminal_bar_shows_no_estimate_from_the_first_item_alone(monkeypatch) -> None:
    clock = iter([10.0, 10.2, 10.4, 10.6])
    monkeypatch.setattr("kyr.progress.time.monotonic", lambda: next(clock))
    stream = Terminal()
    progress = Progress("rendering", interactive=True, stream=stream)
    progress.start(24)
    progress.advance("card (es, letter)")
    shown_after_one = stream.getvalue()
    progress.advance("card (ar, letter)")
    progress.advance("card (vi, letter)")
    progress.finish()
    assert "1/24" in shown_after_one and "left" not in shown_after_one
    assert "3/24  about 4 s left" in stream.getvalue()
