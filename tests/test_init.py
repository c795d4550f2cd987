"""`kyr init`: questions checked as they are typed, with the loader's own messages, and a
file that loads with exactly the values typed, or no file at all."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from kyr import paths
from kyr.cli.main import cli
from kyr.config.community import load_community, parse_community
from kyr.config.init_file import toml_string
from kyr.config.questions import ask_answers
from kyr.errors import ConfigError, ExitStatus

from .conftest import run_kyr

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
        "Legal-Aid",  # what it is: any case
        "(510) 437-1554",
        "https://centrolegal.org/ayuda",
        "y",
        "Fondo de Fianzas \\ Bail Fund",
        "",  # what it is: not said
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
    assert [(r.name, r.kind, r.phone and r.phone.e164, r.url) for r in community.resources] == [
        ('Centro Legal "La Raza"', "legal-aid", "+15104371554", "https://centrolegal.org/ayuda"),
        ("Fondo de Fianzas \\ Bail Fund", "", None, ""),
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


def test_init_defaults_write_kyr_toml_with_a_qr_code_that_dials_the_hotline(tmp_path) -> None:
    answers = lines("Riverside Rapid Response", "mx", "", "", "55 1234 5678", "", "", "")
    result = run_kyr("init", input=answers, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    community = load_community(tmp_path / "kyr.toml")
    assert community.country == "MX"
    assert community.paper == "a4"  # letter only for the US and Canada
    assert community.languages == ("en", "es")
    assert community.hotline_label == "Rapid response hotline"
    assert community.qr_url == "tel:+525512345678"
    assert community.qr_text == community.hotline_number
    assert community.resources == ()
    assert "\n  kyr build\n" in result.stdout  # ./kyr.toml: what kyr build reads by default


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
    assert f"kyr: error: init stopped; nothing written to {path}" in result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)
    assert list(tmp_path.iterdir()) == []  # no file, no temporary file


def test_questions_can_be_answered_without_a_terminal() -> None:
    script = iter(["Riverside", "", "", "", "213 241 4011", "", "https://riverside.network"])
    asked: list[tuple[str, str | None]] = []

    def prompt(question: str, default: str | None) -> str:
        asked.append((question, default))
        return next(script) or default or ""

    answers = ask_answers(prompt, lambda question, default: False, print, ["en", "es"])
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


# -- answers checked by the loader itself, and kept when the file cannot be written --

ISSUE_LINK = "https://eastbayimmigrantfamiliescoalition.org/know-your-rights/cards/2026"
ISSUE_LABEL = "eastbayimmigrantfamiliescoalition.org/kyr"  # the issue's: typed, then lost
EAST_BAY = lines(
    "East Bay Families Coalition",
    "",  # US
    "",  # letter
    "en, es",
    "(510) 241-4011",
    "",  # the label kyr prints by default
    "https://eastbayfamilies.org/kyr",
    "y",
    "Centro Legal de la Raza",
    "legal-aid",
    "(510) 437-1554",
    "",
    "n",
)


def loader_says(**changes: str) -> str | None:
    """What loading a valid file with `changes` (e.g. qr_label=...) says about the changed
    key, without file, line and key; None when it loads."""
    from dataclasses import replace

    from kyr.config.answers import Answers
    from kyr.config.init_file import config_toml

    answers = Answers(
        name="East Bay Families Coalition", country="US", paper="letter", languages=("en",),
        hotline="(510) 241-4011", hotline_label="Hotline", qr_url=ISSUE_LINK,
        qr_label="eastbayfamilies.org",
    )  # fmt: skip
    try:
        parse_community(config_toml(replace(answers, **changes)))
    except ConfigError as error:
        return error.problem
    return None


def test_an_answer_only_the_whole_file_check_refuses_is_asked_again_with_its_message(
    tmp_path, monkeypatch
) -> None:
    """A rule the loader has and kyr init's own checks do not (here, a stricter loader):
    kyr init refuses the answer as it is typed, with the loader's message, not at the end."""
    from kyr.config import community as config

    loose = config.text_problem

    def stricter(value: str, limit: int | None = None) -> str | None:
        refused = value == "Riverside Ring"
        return "is not printed by this network" if refused else loose(value, limit)

    monkeypatch.setattr(config, "text_problem", stricter)
    path = tmp_path / "kyr.toml"
    answers = lines("Riverside Ring", "Riverside", "", "", "", "213 241 4011", "", "", "")
    result = run_init(path, answers)
    assert result.exit_code == 0, result.output
    assert "Error: is not printed by this network\n" in result.output
    assert result.output.count("Network name") == 2
    assert load_community(path).name == "Riverside"


def test_the_issues_qr_label_is_judged_at_the_prompt_exactly_as_the_loader_judges_it(
    tmp_path,
) -> None:
    """The issue's run: whatever the loader's rules for the QR caption are, kyr init
    applies them at the question, never after the last one."""
    path = tmp_path / "kyr.toml"
    needs_label = loader_says(qr_label="") is not None
    problem = loader_says(qr_label=ISSUE_LABEL)
    labels = []  # typed at the label question, when the link needs one
    if needs_label:
        labels = [ISSUE_LABEL, "eastbayfamilies.org"] if problem else [ISSUE_LABEL]
    answers = lines(
        "East Bay Families Coalition", "", "", "en", "(510) 241-4011", "", ISSUE_LINK,
        *labels, "n",
    )  # fmt: skip
    result = run_init(path, answers)
    assert result.exit_code == 0, result.output
    written = load_community(path)
    if not needs_label:  # the link's own short form prints: no label to ask for
        assert written.qr_label == "" and "Text to print under the QR code" not in result.output
    elif problem is None:  # the loader prints the label: so does kyr init, first time
        assert written.qr_label == ISSUE_LABEL
    else:  # refused as typed, with the loader's words, and asked again
        assert f"Error: {problem}\n" in result.output
        assert result.output.count("Text to print under the QR code") == 2
        assert written.qr_label == "eastbayfamilies.org"


def test_an_init_that_cannot_write_keeps_the_answers_and_the_next_offers_them(tmp_path) -> None:
    folder = tmp_path / "cards"
    folder.write_text("a file where the folder should be")  # the write fails at the end
    path = folder / "kyr.toml"
    failed = run_init(path, EAST_BAY)
    assert failed.exit_code == ExitStatus.OUTPUT
    kept = paths.init_answers_file(path)
    assert f"kyr: your answers are kept in {kept}; `kyr init {path}` offers them" in failed.stderr
    assert "Traceback" not in failed.output and kept.is_file()

    folder.unlink()
    folder.mkdir()
    again = run_init(path, "\n" * 20)  # Enter to every question
    assert again.exit_code == 0, again.output
    assert "Offering the answers of the unfinished `kyr init`" in again.output
    assert "[East Bay Families Coalition]" in again.output
    community = load_community(path)
    assert community.name == "East Bay Families Coalition"
    assert community.hotline.e164 == "+15102414011" and community.languages == ("en", "es")
    assert community.qr_url == "https://eastbayfamilies.org/kyr"
    assert [(r.name, r.kind, r.phone and r.phone.e164) for r in community.resources] == [
        ("Centro Legal de la Raza", "legal-aid", "+15104371554")
    ]
    assert not kept.exists()  # written: nothing left to offer


def test_answers_given_before_end_of_input_are_offered_next_time(tmp_path) -> None:
    path = tmp_path / "kyr.toml"
    stopped = run_init(path, lines("East Bay Families Coalition", "mx", "letter"))
    assert stopped.exit_code == ExitStatus.INTERRUPTED
    assert "your answers are kept in" in stopped.stderr and not path.exists()

    again = run_init(path, lines("", "", "", "", "55 1234 5678", "", "", ""))
    assert again.exit_code == 0, again.output
    community = load_community(path)
    assert (community.name, community.country, community.paper) == (
        "East Bay Families Coalition", "MX", "letter",
    )  # fmt: skip
    assert community.qr_url == "tel:+525512345678"


def test_init_fresh_does_not_offer_the_kept_answers(tmp_path) -> None:
    path = tmp_path / "kyr.toml"
    run_init(path, lines("East Bay Families Coalition"))
    fresh = run_init(path, lines("Riverside", "", "", "", "213 241 4011", "", "", ""), "--fresh")
    assert fresh.exit_code == 0, fresh.output
    assert "East Bay" not in fresh.output and load_community(path).name == "Riverside"
    assert not paths.init_answers_file(path).exists()


def test_a_kept_answers_file_that_is_not_kyrs_is_ignored_with_one_line(tmp_path) -> None:
    path = tmp_path / "kyr.toml"
    kept = paths.init_answers_file(path)
    kept.parent.mkdir(parents=True, exist_ok=True)
    record = {"format": "kyr init answers", "version": 1, "file": str(path.resolve()),
              "answers": {"name": "\x1b[31mEast Bay"}, "resources": None}  # fmt: skip
    for garbage in (b"\xff{not json", json.dumps(record).encode(), b"[" * 100_000):
        kept.write_bytes(garbage)
        answers = lines("Riverside", "", "", "", "213 241 4011", "", "", "")
        result = run_init(path, answers, "--force")
        assert result.exit_code == 0, result.output
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
        assert result.stderr.startswith(f"kyr: ignoring {kept}: not answers kept by kyr init (")
        assert "\x1b" not in result.output and load_community(path).name == "Riverside"


def test_a_resource_kind_init_does_not_know_is_asked_again_with_the_kinds(tmp_path) -> None:
    path = tmp_path / "kyr.toml"
    answers = lines(
        "Riverside Rapid Response", "", "", "", "213 241 4011", "", "", "y",
        "Riverside Legal Collective", "lawyers", "bail fund", "", "", "n",
    )  # fmt: skip
    result = run_init(path, answers)
    assert result.exit_code == 0, result.output
    assert "one of legal-aid, bail-fund, mutual-aid, other, or Enter to skip" in result.output
    assert 'kind = "bail-fund"' in path.read_text(encoding="utf-8")
    assert [r.kind for r in load_community(path).resources] == ["bail-fund"]
