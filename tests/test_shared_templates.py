"""A templates folder from another network is data, not code: it cannot run commands,
read Python's internals, print a file from outside the folder through a link, an
include or a stylesheet, or feed kyr compiled code through the cache. Each attempt is
refused with one line (exit 6 for a template, 9 for its registry of products)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from kyr import paths
from kyr.errors import ExitStatus

from .conftest import error_lines, run_kyr

HEADING = '{{ _("Know your rights") }}'


@pytest.fixture()
def shared(tmp_path) -> Path:
    """A copy of kyr's templates, as another network would pass it on."""
    folder = tmp_path / "shared-templates"
    shutil.copytree(paths.templates_dir(), folder)
    return folder


@pytest.fixture()
def secret(tmp_path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text("TOP-SECRET-42")
    return path


def card_with(folder: Path, replacement: str) -> None:
    card = folder / "_card.html"
    text = card.read_text()
    assert HEADING in text
    card.write_text(text.replace(HEADING, replacement, 1))


def build_card(folder: Path, out: Path):
    return run_kyr("--templates", str(folder), "build", "--product", "card", "--lang", "es",
                   "--out", str(out))  # fmt: skip


def assert_refused(result, out: Path, status: ExitStatus, *fragments: str) -> None:
    assert result.returncode == status, result.stdout + result.stderr
    (line,) = error_lines(result.stderr)
    assert line.startswith("kyr: error: ") and "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in line
    assert not list(out.glob("*.pdf"))


@pytest.mark.parametrize(
    "code",
    [
        '{{ lipsum.__globals__["os"].popen("touch PWNED").read() }}',
        "{{ self.__init__.__globals__.__builtins__.open('SECRET').read() }}",
        "{{ cycler.__init__.__globals__.os.system('touch PWNED') }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ c.__class__.__init__.__globals__ }}",
        "{% set x = c.languages.append(1) %}",
    ],
)
def test_a_template_cannot_reach_python_internals(code, shared, secret, tmp_path) -> None:
    card_with(shared, code.replace("SECRET", str(secret)).replace("PWNED", str(tmp_path / "p")))
    result = build_card(shared, tmp_path / "out")
    assert_refused(result, tmp_path / "out", ExitStatus.RENDER, "_card.html")
    assert "unsafe" in result.stderr or "no attribute" in result.stderr
    assert not (tmp_path / "p").exists()


def test_an_include_through_a_link_out_of_the_folder_is_refused(shared, secret, tmp_path):
    (shared / "x.txt").symlink_to(secret)
    card_with(shared, '{% include "x.txt" %}')
    result = build_card(shared, tmp_path / "out")
    assert_refused(result, tmp_path / "out", ExitStatus.RENDER, "x.txt", "leads out")
    assert "TOP-SECRET" not in result.stdout + result.stderr


@pytest.mark.parametrize("name", ["/etc/hostname", "../secret.txt", "../../etc/passwd"])
def test_an_include_by_absolute_or_climbing_name_is_refused(name, shared, secret, tmp_path):
    card_with(shared, f'{{% include "{name}" %}}')
    result = build_card(shared, tmp_path / "out")
    assert_refused(result, tmp_path / "out", ExitStatus.RENDER)
    assert "TOP-SECRET" not in result.stdout + result.stderr


@pytest.mark.parametrize("style", ["/etc/hostname", "../secret.txt", "link.css"])
def test_a_stylesheet_outside_the_folder_is_refused(style, shared, secret, tmp_path) -> None:
    (shared / "link.css").symlink_to(secret)
    registry = shared / "products.toml"
    text = registry.read_text()
    registry.write_text(text.replace('"card.css"', f'"{style}"', 1))
    result = build_card(shared, tmp_path / "out")
    assert result.returncode in (ExitStatus.TEMPLATES, ExitStatus.RENDER)
    (line,) = error_lines(result.stderr)
    assert (style.split("/")[-1] in line and "products.toml" in line) or "stylesheet" in line
    assert "TOP-SECRET" not in result.stdout + result.stderr


def test_a_fifo_in_the_folder_does_not_hang_the_build(shared, tmp_path) -> None:
    os.mkfifo(shared / "fifo.html")
    card_with(shared, '{% include "fifo.html" %}')
    result = build_card(shared, tmp_path / "out")
    assert_refused(result, tmp_path / "out", ExitStatus.RENDER, "not a regular file")


def test_a_template_that_fails_while_rendering_names_its_line(shared, tmp_path) -> None:
    card_with(shared, "{{ 1 / 0 }}")
    result = build_card(shared, tmp_path / "out")
    line_number = next(
        number for number, line in enumerate((shared / "_card.html").read_text().splitlines(), 1)
        if "1 / 0" in line
    )
    assert_refused(result, tmp_path / "out", ExitStatus.RENDER,
                   f"_card.html:{line_number}", "ZeroDivisionError")  # fmt: skip


def test_compiled_templates_planted_in_the_cache_are_not_loaded(tmp_path, monkeypatch):
    """Another user's (or a loose-mode) cache file is never loaded as code."""
    import jinja2

    from kyr.content import templating

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    paths.use_data_dirs()  # clears the cached environment
    env = templating.environment()
    folder = Path(env.bytecode_cache.directory)  # type: ignore[union-attr]
    env.get_template("card.html")
    compiled = list(folder.iterdir())
    assert compiled, "kyr's own compiled templates are cached"
    loaded = []
    original = jinja2.bccache.Bucket.load_bytecode
    monkeypatch.setattr(jinja2.bccache.Bucket, "load_bytecode",
                        lambda self, f: loaded.append(1) or original(self, f))  # fmt: skip

    def fresh_load() -> None:
        paths.use_data_dirs()
        templating.environment().get_template("card.html")

    fresh_load()
    assert loaded, "a private cache file is used"
    loaded.clear()
    for path in compiled:
        path.chmod(0o666)  # as if someone else could have written it
    fresh_load()
    assert not loaded
    for path in compiled:
        path.chmod(0o600)
    folder.chmod(0o777)
    fresh_load()
    assert not loaded
    paths.use_data_dirs()


def test_kyr_info_says_templates_are_sandboxed() -> None:
    result = run_kyr("--info")
    assert "rendered in Jinja's sandbox" in result.stdout


@pytest.mark.parametrize(
    ("code", "says"),
    [('{{ "a" * 1000000000 }}', "repeating more than"),
     ("{{ 9 ** 999 }}", "a power above"),
     ("{{ 9 ** 64 ** 64 ** 64 }}", "a power above"),  # Jinja's ** groups to the left
     ("{{ range(1000000000) | list }}", "Range too big")],
)  # fmt: skip
def test_a_template_cannot_build_something_huge(code, says, shared, tmp_path) -> None:
    card_with(shared, code)
    result = build_card(shared, tmp_path / "out")
    assert_refused(result, tmp_path / "out", ExitStatus.RENDER, says)


def test_a_template_that_loops_for_ever_is_stopped(shared, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr("kyr.content.templating.RENDER_SECONDS", 1.0)
    loops = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    card_with(shared, loops)
    result = build_card(shared, tmp_path / "out")
    assert_refused(result, tmp_path / "out", ExitStatus.RENDER, "took over 1 s to render")
