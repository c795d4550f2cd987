"""A property of the limits: any configuration that loads builds the card, in English and
in Arabic (right to left). Hypothesis draws names in several scripts, phone numbers as
people type them, links with query strings and up to three resources."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kyr.config.community import (
    MAX_LABEL,
    MAX_NAME,
    MAX_RESOURCE_NAME,
    parse_community,
    qr_url_problem,
    resource_url_problem,
)
from kyr.content.pieces import Piece
from kyr.content.products import get_product
from kyr.errors import ConfigError
from kyr.i18n.languages import get_language
from kyr.render.fitter import Builder

LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
TEXT = LETTERS + "áéíñóúüçÀÉ" + "абвгдеж" + "مرحباكلنو" + "中文网络" + " &,.-()'" + "0123456789"
HOST = "abcdefghijklmnopqrstuvwxyz0123456789-"
PATH = HOST + "_~"
AREA_CODES = ("213", "510", "951", "415", "718", "312", "206", "505")


def text(limit: int) -> st.SearchStrategy[str]:
    return st.text(TEXT, min_size=1, max_size=limit).filter(lambda s: s.strip())


@st.composite
def phones(draw) -> str:
    area = draw(st.sampled_from(AREA_CODES))
    exchange = draw(st.integers(200, 999))
    line = draw(st.integers(0, 9999))
    a, b, c = area, f"{exchange:03d}", f"{line:04d}"
    style = draw(
        st.sampled_from(["({}) {}-{}", "{}.{}.{}", "{}-{}-{}", "+1 {} {} {}", "1-{}-{}-{}"])
    )
    return style.format(a, b, c)


@st.composite
def links(draw, max_bytes: int = 150) -> str:
    host = draw(st.text(HOST, min_size=1, max_size=14).filter(lambda h: h.strip("-") == h))
    www = draw(st.sampled_from(["", "www."]))
    parts = draw(st.lists(st.text(PATH, min_size=1, max_size=10), max_size=3))
    query = draw(st.one_of(st.just(""), st.text(LETTERS + "=&_-0123456789", max_size=90)))
    url = f"https://{www}{host}.org/" + "/".join(parts) + (f"?{query}" if query else "")
    return url[:max_bytes]


@st.composite
def configurations(draw) -> str:
    lines = [
        f"name = {json.dumps(draw(text(MAX_NAME)))}",
        'languages = ["en", "ar"]',
        "[hotline]",
        f"number = {json.dumps(draw(phones()))}",
    ]
    if draw(st.booleans()):
        lines.append(f"label = {json.dumps(draw(text(MAX_LABEL)))}")
    url = draw(links())
    assume(qr_url_problem(url) is None)
    lines += ["[qr]", f"url = {json.dumps(url)}"]
    for _ in range(draw(st.integers(0, 3))):
        lines += ["[[resources]]", f"name = {json.dumps(draw(text(MAX_RESOURCE_NAME)))}"]
        if draw(st.booleans()):
            lines.append(f"phone = {json.dumps(draw(phones()))}")
        if draw(st.booleans()):
            link = draw(links(max_bytes=48))
            assume(resource_url_problem(link) is None)
            lines.append(f"url = {json.dumps(link)}")
    return "\n".join(lines) + "\n"


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(configurations())
def test_every_configuration_that_loads_builds_the_card_in_english_and_arabic(
    renderer, text_of_config
) -> None:
    try:
        community = parse_community(text_of_config)
    except ConfigError:
        assume(False)  # outside the limits: refused at load, which other tests check
        return
    builder = Builder(community, renderer)
    for code in ("en", "ar"):
        rendered = builder.render(Piece(get_product("card"), (get_language(code),), "letter"))
        assert rendered.pages == 2
