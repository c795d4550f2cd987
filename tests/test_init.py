"""`kyr init`: questions checked as they are typed, with the loader's own messages, and a
file that loads with exactly the values typed, or no file at all."""

from __future__ import annotations

import tomllib
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from kyr import paths
from kyr.cli import cli
from kyr.config import load_community, parse_community
from kyr.errors import ConfigError, ExitStatus
from kyr.init_config import ask_answers, toml_string

NAME = 'Red de Respuesta Rápida «Sur» "Unidos" \\ 互助'
#: A domain name too long to print under a QR code (over MAX_HOST): kyr init asks for a label.
LONG_LINK = "https://red-de-respuesta-rapida-para-familias-inmigrantes-y-trabajadores-del-sur.org/d"


def lines(*answers: str) -> str:
    return "".join(f"{answer}\n" for answer in answers)


def run_init(path: Path, answers: str, *options: str):
    return CliRunner().invoke(cli, ["init", str(path), *options], input=answers)


def loader_problem(number: str) -> str:
    """What `kyr build` says about `number` as the hotline, without file, line and key."""
    text = f"""
name = "Riverside Rapid Response"
languages = ["en"]
[hotline]
number = "{number}"
[qr]
url = "https://riverside.network/kyr"
"""
    try:
        parse_community(text)
    except ConfigError as error:
        return str(error).split("key 'hotline.number': ")[1]
    raise AssertionError(f"{number!r} loaded")


def test_init_writes_a_file_that_loads_with_every_value_typed(tmp_path) -> None:
    path = tmp_path / "kyr.toml"
    answers = lines(
        NAME,
        "",  # country: US
        "",  # paper: letter
        "es, zh-hans ar",
        "(510) 241-4011",
        "24/7 rapid response hotline",
        LONG_LINK,
        "riverside.network/derechos",  # asked: the domain is too long to print
        "y",
        'Centro Legal "La Raza"',
        "(510) 437-1554",
        "https://centrolegal.org/ayuda",
        "y",
        "Fondo de Fianzas \\ Bail Fund",
        "",
        "",
        "n",
    )
    result = run_init(path, answers)

    assert result.exit_code == 0, result.output
    community = load_community(path)
    assert community.name == NAME
    assert community.country == "US"
    assert community.paper == "letter"
    assert community.languages == ("es", "zh-Hans", "ar")
    assert community.hotline.e164 == "+15102414011"
    assert community.hotline_label == "24/7 rapid response hotline"
    assert community.qr_url == LONG_LINK
    assert community.qr_label == "riverside.network/derechos"
    assert [(r.name, r.phone and r.phone.e164, r.url) for r in community.resources] == [
        ('Centro Legal "La Raza"', "+15104371554", "https://centrolegal.org/ayuda"),
        ("Fondo de Fianzas \\ Bail Fund", None, ""),
    ]
    assert not community.sample
    assert "kyr build --config" in result.output


def test_init_file_explains_each_key_and_its_limit(tmp_path) -> None:
    path = tmp_path / "kyr.toml"
    answers = lines("Riverside Rapid Response", "", "", "", "213 241 4011", "", "", "")
    result = run_init(path, answers)
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    for comment in ("at most 60 characters", "ISO 3166", "letter | a4", "https:// or tel:"):
        assert comment in text
    assert "# label" in text  # the QR label, optional, shown commented out
    assert tomllib.loads(text)["qr"] == {"url": "tel:+12132414011"}


def test_init_defaults_write_kyr_toml_with_a_qr_code_that_dials_the_hotline(
    tmp_path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    answers = lines("Riverside Rapid Response", "mx", "", "", "55 1234 5678", "", "", "")
    result = CliRunner().invoke(cli, ["init"], input=answers)
    assert result.exit_code == 0, result.output
    community = load_community(tmp_path / "kyr.toml")
    assert community.country == "MX"
    assert community.paper == "a4"  # letter only for the US and Canada
    assert community.languages == ("en", "es")
    assert community.hotline_label == "Rapid response hotline"
    assert community.qr_url == "tel:+525512345678"
    assert community.qr_text == community.hotline_number
    assert community.resources == ()
    assert "kyr build --config kyr.toml" in result.output


def test_init_reasks_an_invalid_phone_number_with_the_config_error(tmp_path) -> None:
    path = tmp_path / "kyr.toml"
    answers = lines("Riverside Rapid Response", "", "", "", "12", "213 241 4011", "", "", "")
    result = run_init(path, answers)
    assert result.exit_code == 0, result.output
    assert f"Error: {loader_problem('12')}" in result.output
    assert result.output.count("Hotline number") == 2
    assert load_community(path).hotline.e164 == "+12132414011"


def test_init_reasks_an_unknown_language_code_with_known_codes(tmp_path) -> None:
    path = tmp_path / "kyr.toml"
    answers = lines("Riverside", "", "", "en, xx", "vi", "213 241 4011", "", "", "")
    result = run_init(path, answers)
    assert result.exit_code == 0, result.output
    assert "Error: unknown language 'xx' (known codes include en, es" in result.output
    assert load_community(path).languages == ("vi",)


def test_init_reasks_a_name_too_long_or_with_invisible_characters(tmp_path) -> None:
    path = tmp_path / "kyr.toml"
    names = ("x" * 61, "Riverside\u200b", "Riverside")
    answers = lines(*names, "", "", "", "213 241 4011", "", "", "")
    result = run_init(path, answers)
    assert result.exit_code == 0, result.output
    assert "Error: is 61 characters long; at most 60 fit on every product" in result.output
    assert "Error: contains an invisible or control character (U+200B" in result.output
    assert load_community(path).name == "Riverside"


def test_init_says_fictional_details_will_print_the_sample_mark(tmp_path) -> None:
    path = tmp_path / "kyr.toml"
    result = run_init(path, lines("Riverside", "", "", "", "(951) 555-0100", "", "", ""))
    assert result.exit_code == 0, result.output
    assert "prints a SAMPLE mark" in result.output
    assert load_community(path).sample


def test_init_refuses_an_existing_file_without_force(tmp_path) -> None:
    path = tmp_path / "kyr.toml"
    path.write_text("# mine\n")
    result = run_init(path, lines("Riverside", "", "", "", "213 241 4011", "", "", ""))
    assert result.exit_code == ExitStatus.USAGE
    assert f"kyr: error: {path} already exists; use --force to replace it" in result.output
    assert "Network name" not in result.output  # refused before any question
    assert path.read_text() == "# mine\n"

    forced = run_init(path, lines("Riverside", "", "", "", "213 241 4011", "", "", ""), "--force")
    assert forced.exit_code == 0, forced.output
    assert load_community(path).name == "Riverside"


def test_init_stopped_by_end_of_input_writes_nothing(tmp_path) -> None:
    path = tmp_path / "kyr.toml"
    result = run_init(path, lines("Riverside", "", ""))  # input ends at the languages
    assert result.exit_code == ExitStatus.INTERRUPTED
    assert "kyr: error: init stopped; nothing written" in result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)
    assert list(tmp_path.iterdir()) == []  # no file, no temporary file


def test_questions_can_be_answered_without_a_terminal() -> None:
    script = iter(["Riverside", "", "", "", "213 241 4011", "", "https://riverside.network"])
    asked: list[tuple[str, str | None]] = []

    def prompt(question: str, default: str | None) -> str:
        asked.append((question, default))
        return next(script) or default or ""

    answers = ask_answers(prompt, lambda question: False, print, languages=["en", "es"])
    assert answers.languages == ("en", "es") and answers.qr_url == "https://riverside.network"
    assert [default for _, default in asked] == [
        None, "US", "letter", "en, es", None, "Rapid response hotline", "tel:+12132414011",
    ]  # fmt: skip


@given(st.text(st.characters(exclude_categories=("Cs",))))
def test_toml_strings_read_back_as_written(value: str) -> None:
    assert tomllib.loads(f"key = {toml_string(value)}")["key"] == value


def test_init_has_help_and_is_in_the_readme() -> None:
    result = CliRunner().invoke(cli, ["init", "--help"])
    assert result.exit_code == 0 and "--force" in result.output
    readme = (paths.CHECKOUT / "README.md").read_text()
    assert "### `kyr init`" in readme
