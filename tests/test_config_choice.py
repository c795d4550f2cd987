"""Which configuration the commands use: `--config`, else the `./kyr.toml` that `kyr init`
writes, else the shipped sample, and every command that renders says which on stderr."""

from __future__ import annotations

import json

from kyr import paths
from kyr.config.choice import chosen_config, chosen_configs
from kyr.errors import ExitStatus
from kyr.web.server import serving

from .conftest import page_text, run_kyr

EAST_BAY = "".join(
    f"{answer}\n"
    for answer in (
        "East Bay Families Coalition", "", "", "en", "(510) 241-4011", "", "", "n",
    )
)  # fmt: skip
RIVERSIDE = """
name = "Riverside Rapid Response"
languages = ["en"]
[hotline]
number = "(213) 241-4011"
[qr]
url = "https://riverside.network/kyr"
"""


def test_init_then_build_in_the_same_folder_builds_the_networks_own_card(tmp_path) -> None:
    init = run_kyr("init", input=EAST_BAY, cwd=tmp_path)
    assert init.returncode == 0, init.stdout + init.stderr

    built = run_kyr("build", "--product", "card", "--lang", "en", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert "kyr: using ./kyr.toml (East Bay Families Coalition)\n" in built.stderr
    (entry,) = json.loads((tmp_path / "output" / "manifest.json").read_text())
    assert entry["config"] == "kyr.toml"
    pdf = tmp_path / "output" / "card-en-letter.pdf"
    text = page_text(pdf, 0) + page_text(pdf, 1)
    assert "(510) 241-4011" in text and "East Bay Families Coalition" in text
    assert "555-0100" not in text  # not the sample's hotline


def test_without_kyr_toml_build_says_it_uses_the_sample_and_how_to_make_one(tmp_path) -> None:
    built = run_kyr("build", "--product", "card", "--lang", "en", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    (line,) = [line for line in built.stderr.splitlines() if line.startswith("kyr: using")]
    assert line.startswith("kyr: using the shipped sample configuration (")
    assert "SAMPLE mark" in line and "`kyr init`" in line
    (entry,) = json.loads((tmp_path / "output" / "manifest.json").read_text())
    assert entry["config"] == paths.sample_config().name


def test_an_invalid_kyr_toml_is_reported_not_replaced_by_the_sample(tmp_path) -> None:
    (tmp_path / "kyr.toml").write_text(RIVERSIDE.replace("(213) 241-4011", "12"))
    built = run_kyr("build", "--product", "card", "--lang", "en", cwd=tmp_path)
    assert built.returncode == ExitStatus.CONFIG
    assert built.stderr.startswith(f"kyr: error: {tmp_path / 'kyr.toml'}:5: key 'hotline.number'")
    assert built.stderr.count("\n") == 1 and not (tmp_path / "output").exists()


def test_config_given_wins_over_kyr_toml_which_wins_over_the_sample(tmp_path) -> None:
    given = tmp_path / "riverside.toml"
    assert chosen_config(None, tmp_path) == paths.sample_config()
    assert chosen_configs((), tmp_path) == (paths.sample_config(),)
    (tmp_path / "kyr.toml").write_text(RIVERSIDE)
    assert chosen_config(None, tmp_path) == tmp_path / "kyr.toml"
    assert chosen_config(given, tmp_path) == given
    assert chosen_configs((given, given.parent), tmp_path) == (given, given.parent)


def test_site_says_which_configuration_it_uses(tmp_path) -> None:
    (tmp_path / "kyr.toml").write_text(RIVERSIDE)
    result = run_kyr("site", "--out", "site", "--product", "card", "--lang", "en", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "kyr: using ./kyr.toml (Riverside Rapid Response)\n" in result.stderr
    assert "(213) 241-4011" in page_text(tmp_path / "site" / "card-en-letter.pdf", 1)


def test_proof_uses_kyr_toml_and_says_so(tmp_path) -> None:
    (tmp_path / "kyr.toml").write_text(RIVERSIDE)
    result = run_kyr("proof", "--lang", "en", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "kyr: using ./kyr.toml (Riverside Rapid Response)\n" in result.stderr
    (entry,) = json.loads((tmp_path / "output" / "manifest.json").read_text())
    assert entry["config"] == "kyr.toml"


def test_serve_says_which_configuration_it_uses(tmp_path) -> None:
    (tmp_path / "kyr.toml").write_text(RIVERSIDE)
    notes: list[str] = []
    with serving(chosen_config(None, tmp_path), note=notes.append):
        pass
    assert notes == [f"using {tmp_path / 'kyr.toml'} (Riverside Rapid Response)"]
    with serving(chosen_config(None, tmp_path / "elsewhere"), note=notes.append):
        pass
    assert notes[1].startswith("using the shipped sample configuration (")
