"""The message product: text to paste (plain, Markdown) and an SMS of at most three
segments, per language, written with the manifest like the PDFs."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from kyr.build.run import build
from kyr.config.community import load_community
from kyr.content.context import STATEMENT
from kyr.content.sms import sms_count
from tests.conftest import FIXTURES, run_kyr

LANGUAGES = ("en", "es", "ar", "zh-Hans", "my")
LONGEST = FIXTURES / "longest-links.toml"

# GSM 03.38, typed out here (not kyr's table): the default alphabet, then the extension
# table (each of those sent as ESC + character).
_GSM_ROWS = (
    "@£$¥èéùìòÇ\nØø\rÅå",
    "Δ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ",  # \x1b: the escape itself, never sent as a character
    " !\"#¤%&'()*+,-./",
    "0123456789:;<=>?",
    "¡ABCDEFGHIJKLMNO",
    "PQRSTUVWXYZÄÖÑÜ§",
    "¿abcdefghijklmno",
    "pqrstuvwxyzäöñüà",
)
GSM_DEFAULT = set("".join(_GSM_ROWS)) - {"\x1b"}
GSM_EXTENDED = set("\f^{}\\[~]|€")


def independent_segments(text: str) -> tuple[str, int]:
    """(encoding, segments) by the standard's arithmetic, no character split between two
    segments."""
    if all(ch in GSM_DEFAULT or ch in GSM_EXTENDED for ch in text):
        costs = [2 if ch in GSM_EXTENDED else 1 for ch in text]
        single, part, encoding = 160, 153, "GSM-7"
    else:
        costs = [2 if ord(ch) > 0xFFFF else 1 for ch in text]
        single, part, encoding = 70, 67, "UCS-2"
    if sum(costs) <= single:
        return encoding, 1
    segments, used = 1, 0
    for cost in costs:
        if used + cost > part:
            segments, used = segments + 1, 0
        used += cost
    return encoding, segments


@pytest.mark.parametrize(
    "text",
    [
        "a" * 160,
        "a" * 161,
        "a" * 306,
        "a" * 307,
        "a" * 459,
        "a" * 460,
        "€" * 80,
        "€" * 81,
        "a" * 152 + "€" + "a" * 10,  # the escape pair cannot be split
        "é" * 160 + "è",
        "á" * 70,
        "á" * 71,
        "á" * 201,
        "á" * 202,
        "😀" * 35,
        "a" * 66 + "😀" + "á" * 10,  # a surrogate pair is not split either
        "မြန်မာ" * 30,
        "Hotline: (951) 555-0100 · en",
    ],
)
def test_sms_segments_match_the_standards_arithmetic(text: str) -> None:
    count = sms_count(text)
    assert (count.encoding, count.segments) == independent_segments(text)


@pytest.fixture(scope="module")
def sample_messages(tmp_path_factory, sample) -> Path:
    out = tmp_path_factory.mktemp("messages")
    build(sample, out, ("message",), LANGUAGES)
    return out


@pytest.fixture(scope="module")
def longest_messages(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("messages-longest")
    build(load_community(LONGEST), out, ("message",), LANGUAGES)
    return out


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_message_carries_the_statement_verbatim(sample_messages: Path, code: str) -> None:
    for name in (f"message-{code}.txt", f"message-{code}.md"):
        text = (sample_messages / name).read_text(encoding="utf-8")
        assert STATEMENT in text, name
        assert "kyr 2026" in text and f"· {code}" in text  # the version and locale code


def test_a_message_prints_the_sample_and_draft_lines_as_the_pdfs_do(sample_messages) -> None:
    arabic = (sample_messages / "message-ar.txt").read_text(encoding="utf-8")
    english = (sample_messages / "message-en.txt").read_text(encoding="utf-8")
    assert "SAMPLE: set your local details" in arabic
    assert "Draft translation, not yet reviewed" not in english


@pytest.mark.parametrize("folder", ["sample_messages", "longest_messages"])
def test_every_sms_fits_three_segments_by_an_independent_count(request, folder: str) -> None:
    out: Path = request.getfixturevalue(folder)
    for code in LANGUAGES:
        text = (out / f"message-{code}-sms.txt").read_text(encoding="utf-8")
        encoding, segments = independent_segments(text)
        assert segments <= 3, (code, segments)
        assert (sms_count(text).encoding, sms_count(text).segments) == (encoding, segments)


def test_the_sms_keeps_the_link_whole(longest_messages: Path) -> None:
    url = tomllib.loads(LONGEST.read_text(encoding="utf-8"))["qr"]["url"]
    for code in LANGUAGES:
        assert url in (longest_messages / f"message-{code}-sms.txt").read_text("utf-8")


def test_markdown_escapes_the_networks_details(tmp_path: Path) -> None:
    config = tmp_path / "kyr.toml"
    text = LONGEST.read_text(encoding="utf-8")
    config.write_text(text.replace('name = "Oakland Sanctuary', 'name = "*Oakland_[x]'), "utf-8")
    build(load_community(config), tmp_path / "out", ("message",), ("en",))
    markdown = (tmp_path / "out" / "message-en.md").read_text(encoding="utf-8")
    assert r"\*Oakland\_\[x\]" in markdown


def test_the_manifest_lists_every_message_file(sample_messages: Path) -> None:
    manifest = json.loads((sample_messages / "manifest.json").read_text())
    listed = {entry["path"] for entry in manifest}
    for code in LANGUAGES:
        assert {f"message-{code}.txt", f"message-{code}.md", f"message-{code}-sms.txt"} <= listed


def test_two_builds_write_the_same_bytes(tmp_path: Path, sample) -> None:
    outputs = []
    for name in ("one", "two"):
        build(sample, tmp_path / name, ("message",), LANGUAGES, force=True)
        outputs.append({p.name: p.read_bytes() for p in (tmp_path / name).iterdir()})
    assert outputs[0] == outputs[1]


def test_a_name_outside_the_gsm_alphabet_sends_the_hotline_and_link_alone(tmp_path) -> None:
    """An em dash in the longest name sends even the short form as UCS-2 (five segments):
    the SMS falls back to the hotline, the link and the print rules, and the build goes on."""
    text = LONGEST.read_text(encoding="utf-8")
    config = tmp_path / "kyr.toml"
    config.write_text(text.replace("Coalition, Alameda", "Coalition—Alameda"), "utf-8")
    out = tmp_path / "out"
    result = run_kyr(
        "build", "--config", str(config), "--product", "message", "--lang", "es", "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert "SMS (minimal): 2 SMS segments, GSM-7" in result.stdout
    sms = (out / "message-es-sms.txt").read_text(encoding="utf-8")
    assert sms.splitlines() == [
        "(510) 241-4011",
        load_community(LONGEST).qr_url,
        "General information, not legal advice.",
        "DRAFT kyr 2026.12.1 - es",
    ]
    assert independent_segments(sms) == ("GSM-7", 2)


def test_an_sms_too_long_in_every_form_fails_naming_its_language() -> None:
    from kyr.content.messages import fitted_sms
    from kyr.errors import RenderError
    from kyr.i18n.languages import get_language

    with pytest.raises(RenderError, match=r"message in Spanish \(es\): .* 3 segments"):
        fitted_sms(lambda form: "á" * 250, get_language("es"))


def test_the_build_line_gives_the_sms_segments_and_encoding(tmp_path: Path) -> None:
    result = run_kyr("build", "--product", "message", "--lang", "en", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "message (en): 3 files; SMS (full): 3 SMS segments, GSM-7" in result.stdout


def test_numbers_and_links_stay_left_to_right_in_an_arabic_message(sample_messages) -> None:
    arabic = (sample_messages / "message-ar.txt").read_text(encoding="utf-8")
    english = (sample_messages / "message-en.txt").read_text(encoding="utf-8")
    assert "\u2066(951) 555-0100\u2069" in arabic
    assert "\u2066https://example.org/rights\u2069" in arabic
    assert "\u2066" not in english


def test_the_networks_own_words_keep_their_direction_in_an_arabic_message(
    sample_messages,
) -> None:
    for name in ("message-ar.txt", "message-ar.md"):
        arabic = (sample_messages / name).read_text(encoding="utf-8")
        assert "(\u206824/7 rapid response hotline\u2069)" in arabic
        assert "\u2068Example Legal Aid\u2069" in arabic
    assert "\u2068" not in (sample_messages / "message-en.txt").read_text(encoding="utf-8")
