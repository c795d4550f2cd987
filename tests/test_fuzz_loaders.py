"""Fuzzing the loaders: whatever bytes a configuration, a catalog, a manifest, a shard
record or a shared templates folder (a template, products.toml) holds, kyr answers with
its own one-line error (or, for a manifest, ignores what is not its own), never another
exception. 50 examples each here; `make fuzz` (and the slow suite) runs 10,000."""

from __future__ import annotations

import atexit
import json
import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kyr import paths
from kyr.config.community import load_community
from kyr.errors import CatalogError, ConfigError, KyrError, one_line
from kyr.i18n.catalogs import read_catalog, translations_from_catalog
from kyr.i18n.string_checks import string_problems
from kyr.output.manifest import (
    MANIFEST,
    ManifestEntry,
    is_output_name,
    load_manifest,
    manifest_mismatches,
    merged_manifest,
    read_manifest,
)

EXAMPLES = int(os.environ.get("KYR_FUZZ_EXAMPLES", "50"))
fuzz = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=EXAMPLES <= 50,  # the suite is repeatable; `make fuzz` explores
)

SAMPLE = paths.sample_config().read_bytes()
SPANISH = (paths.locales_dir() / "es" / "LC_MESSAGES" / "messages.po").read_bytes()
NASTY = st.sampled_from(
    ["\x00", "\n", "\r", "\x0c", "\x1b", "\u2028", "\x85", "\ufeff", "\u202e", '"', "\\",
     "[", "]", "{", "=", "#", "%", "msgctxt ", "msgid ", "msgstr ", "charset=", "\xff"]
)  # fmt: skip


@st.composite
def mutated(draw, original: bytes, atoms=NASTY) -> bytes:
    """`original` with a few edits: inserted `atoms` (nasty text) or random text, deleted
    or cut."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["nasty", "text", "delete", "cut"]))
        if kind == "nasty":
            data[at:at] = draw(atoms).encode("utf-8", "surrogatepass")
        elif kind == "text":
            data[at:at] = draw(st.text(max_size=20)).encode("utf-8", "surrogatepass")
        elif kind == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        else:
            del data[at:]
    return bytes(data)


def any_bytes(original: bytes):
    return st.one_of(mutated(original), st.binary(max_size=300))


_FOLDER = Path(tempfile.mkdtemp(prefix="kyr-fuzz-"))
atexit.register(shutil.rmtree, _FOLDER, ignore_errors=True)


def _file(data: bytes, name: str) -> Path:
    """`data` as file `name` in a scratch folder reused by every example."""
    path = _FOLDER / name
    path.write_bytes(data)
    return path


def assert_one_line(message: str) -> None:
    assert "\n" not in message and "\x1b" not in message and one_line(message) == message


@fuzz
@given(any_bytes(SAMPLE))
def test_any_configuration_bytes_load_or_give_a_config_error(data) -> None:
    try:
        load_community(_file(data, "community.toml"))
    except ConfigError as error:
        assert_one_line(str(error))


@fuzz
@given(any_bytes(SPANISH))
def test_any_catalog_bytes_load_or_give_a_catalog_error(data) -> None:
    try:
        catalog = read_catalog(_file(data, "messages.po"))
        translations = translations_from_catalog(catalog, "es")
    except CatalogError as error:
        assert_one_line(str(error))
        return
    for msgid, msgstr in translations.messages.items():
        string_problems(msgid, msgstr)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner),
    max_leaves=12,
)
manifest_entries = st.lists(
    st.dictionaries(
        st.sampled_from(["path", "sha256", "product", "x"]),
        st.one_of(st.sampled_from(["a.pdf", "../a.pdf", "/a.pdf", "a.txt", ".a.pdf"]), json_values),
    ),
    max_size=5,
)


@fuzz
@given(st.one_of(st.binary(max_size=200), json_values.map(json.dumps).map(str.encode),
                 manifest_entries.map(json.dumps).map(str.encode)))  # fmt: skip
def test_any_manifest_is_read_and_only_its_own_entries_are_kept(data) -> None:
    out = _file(data, MANIFEST).parent
    (out / "a.pdf").write_bytes(b"a")
    entries = read_manifest(out)
    new = ManifestEntry("card", "en", "letter", "b.pdf", 1, "0" * 64, 7.0, False)
    merged = json.loads(merged_manifest(entries, [new], out))
    assert all(is_output_name(entry["path"]) for entry in merged)
    assert {entry["path"] for entry in merged} <= {"a.pdf", "b.pdf"}
    entries, problems = load_manifest(out)
    for problem in problems + manifest_mismatches(out):
        assert_one_line(problem)
    assert all(is_output_name(entry["path"]) for entry in entries)


@fuzz
@given(st.one_of(st.binary(max_size=200), json_values.map(json.dumps).map(str.encode)))
def test_any_shard_record_is_read_or_gives_a_merge_error(data) -> None:
    from kyr.build.merge import SHARD_RECORD, read_shard_record

    folder = _file(data, SHARD_RECORD).parent
    try:
        read_shard_record(folder)
    except KyrError as error:
        assert_one_line(str(error))


# A shared templates folder: a template and the product registry, as another network may
# send them (kyr's own with edits, and the constructs a hostile template would try).

_TEMPLATES = _FOLDER / "templates"
shutil.copytree(paths.templates_dir(), _TEMPLATES)
CARD = (paths.templates_dir() / "_card.html").read_bytes()
REGISTRY = (paths.templates_dir() / "products.toml").read_bytes()
JINJA = st.sampled_from(
    ["{{", "}}", "{%", "%}", "{#", "#}", "{{ c }}", "{{ c.name }}", "{{ _('x') }}",
     "__class__", "__globals__", "__init__", "lipsum", "self", "cycler", "joiner", "|attr('x')",
     "{% include '/etc/hostname' %}", "{% include '../x.html' %}", "{% include 'card.html' %}",
     "{% extends '_card.html' %}", "{% import '_piece.html' as p %}", "range(99999)", "** 999",
     " * 99999999", "{% set x = [] %}{{ x.append(1) }}", "{{ 1/0 }}", "|int", "\x00", "\xff"]
)  # fmt: skip


def _english_card_context():
    from kyr.config.community import load_community
    from kyr.content.context import piece_context
    from kyr.i18n.languages import get_language

    community = load_community(paths.sample_config())
    return piece_context(community, (get_language("en"),), "letter", 7.0, title="x")


CONTEXT = _english_card_context()


@fuzz
@given(st.one_of(mutated(CARD, JINJA), any_bytes(CARD)))
def test_any_template_renders_or_gives_a_render_error(data) -> None:
    from kyr.content.templating import render_html
    from kyr.i18n.catalogs import SOURCE

    (_TEMPLATES / "_card.html").write_bytes(data)
    paths.use_data_dirs(_TEMPLATES, None)
    try:
        html = render_html("card.html", SOURCE, c=CONTEXT)
        assert isinstance(html, str)
    except KyrError as error:
        assert_one_line(str(error))
    finally:
        paths.use_data_dirs()


@fuzz
@given(any_bytes(REGISTRY))
def test_any_product_registry_loads_or_gives_a_registry_error(data) -> None:
    from kyr.content.products import load_products

    (_TEMPLATES / "products.toml").write_bytes(data)
    (_TEMPLATES / "_card.html").write_bytes(CARD)
    paths.use_data_dirs(_TEMPLATES, None)
    try:
        products = load_products()
        assert all(is_output_name(f"{pid}-en-letter.pdf") for pid in products)
    except KyrError as error:
        assert_one_line(str(error))
    finally:
        paths.use_data_dirs()
