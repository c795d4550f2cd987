"""`kyr site`: a static download page with a section per language."""

from __future__ import annotations

import json
import re

from kyr.errors import ExitStatus
from kyr.output.folder import output_problems

from .conftest import run_kyr


def test_the_site_has_a_section_per_language_with_its_pdfs_and_thumbnails(tmp_path) -> None:
    out = tmp_path / "site"
    result = run_kyr("site", "--out", str(out), "--lang", "en", "--lang", "ar",
                     "--product", "card", "--product", "sign-private")  # fmt: skip
    assert result.returncode == 0, result.stderr
    html = (out / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<section id="lang-ar" lang="ar" dir="rtl"[^>]*>\s*<h2[^>]*>العربية', html)
    assert re.search(r'<section id="lang-en" lang="en" dir="ltr"', html)
    manifest = json.loads((out / "manifest.json").read_text())
    listed = {entry["path"] for entry in manifest}
    assert listed == {"card-en-letter.pdf", "card-ar-letter.pdf", "sign-private-en+ar-letter.pdf"}
    for name in listed:
        assert f'href="{name}"' in html
        thumb = out / "thumbs" / name.replace(".pdf", ".png")
        assert thumb.read_bytes().startswith(b"\x89PNG") and f'src="thumbs/{thumb.name}"' in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert output_problems(out) == []
    # Run again: nothing to render, the page is written the same.
    again = run_kyr("site", "--out", str(out), "--lang", "en", "--lang", "ar",
                    "--product", "card", "--product", "sign-private")  # fmt: skip
    assert again.returncode == 0 and (out / "index.html").read_text(encoding="utf-8") == html


def test_an_unknown_language_is_one_line_before_anything_is_written(tmp_path) -> None:
    result = run_kyr("site", "--out", str(tmp_path / "site"), "--lang", "xx")
    assert result.returncode == ExitStatus.UNKNOWN
    assert result.stderr.count("\n") == 1 and not (tmp_path / "site").exists()


def test_a_print_shop_site_offers_the_pdf_x_files(tmp_path) -> None:
    import pikepdf

    out = tmp_path / "site"
    result = run_kyr("site", "--out", str(out), "--lang", "es", "--product", "card",
                     "--for", "print-shop")  # fmt: skip
    assert result.returncode == 0, result.stderr
    html = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="card-es-letter-print-shop.pdf"' in html
    with pikepdf.open(out / "card-es-letter-print-shop.pdf") as pdf:
        intent = pdf.Root.OutputIntents[0]
        assert intent.S == "/GTS_PDFX" and str(intent.OutputConditionIdentifier) == "FOGRA39"


def site_files_in(out) -> set[str]:
    return {path.relative_to(out).as_posix() for path in out.rglob("*") if path.is_file()}


def test_the_upload_folder_holds_only_the_site_and_its_fonts_are_the_same_bytes_again(
    tmp_path,
) -> None:
    out = tmp_path / "site"
    args = ("site", "--out", str(out), "--lang", "en", "--lang", "ar", "--product", "card",
            "--product", "message")  # fmt: skip
    assert run_kyr(*args).returncode == 0
    names = site_files_in(out)
    pages = {f"{code}/{page}" for code in ("en", "ar") for page in ("index.html", "large.html")}
    fonts = {name for name in names if name.startswith("fonts/")}
    expected = {"index.html", "manifest.json", *pages, "card-en-letter.pdf", "card-ar-letter.pdf",
                "thumbs/card-en-letter.png", "thumbs/card-ar-letter.png",
                *(f"message-{code}{end}" for code in ("en", "ar")
                  for end in (".txt", ".md", "-sms.txt"))}  # fmt: skip
    assert names - fonts == expected
    assert not [name for name in names if "/." in f"/{name}"]  # no lock, journal, staging
    assert {"fonts/fonts.css", "fonts/OFL.txt", "fonts/NotoSans-Regular.woff2",
            "fonts/NotoNaskhArabic-Regular.woff2", "fonts/NotoNaskhArabic-Bold.woff2"} <= fonts
    assert all(name.endswith((".woff2", ".css", ".txt")) for name in fonts)
    before = {name: (out / name).read_bytes() for name in fonts}
    for name in fonts - {"fonts/fonts.css", "fonts/OFL.txt"}:
        (out / name).unlink()
    assert run_kyr(*args).returncode == 0
    assert {name: (out / name).read_bytes() for name in fonts} == before


def test_each_font_face_holds_exactly_the_characters_its_pages_draw(tmp_path) -> None:
    from fontTools.ttLib import TTFont

    from kyr.web.webfonts import page_text

    out = tmp_path / "site"
    assert run_kyr("site", "--out", str(out), "--lang", "ar", "--product", "card").returncode == 0
    pages = [path.read_text(encoding="utf-8") for path in out.rglob("*.html")]
    text = page_text(pages)
    css = (out / "fonts" / "fonts.css").read_text(encoding="utf-8")
    face = r'font-weight: (\w+);[^}]*src: url\("([^"]+)"\)[^}]*unicode-range: ([^;]+);'
    faces = re.findall(face, css)
    assert len(faces) == 4  # Noto Sans and Noto Naskh Arabic, regular and bold
    drawn = set()
    for weight, name, ranges in faces:
        with TTFont(out / "fonts" / name) as font:
            assert font.flavor == "woff2"
            cmap = set(font.getBestCmap())
        listed = set()
        for part in ranges.split(", "):
            first, _, last = part.removeprefix("U+").partition("-")
            listed.update(range(int(first, 16), int(last or first, 16) + 1))
        assert listed == cmap, name
        wanted = text.bold if weight == "bold" else text.regular
        assert cmap <= set(map(ord, wanted)), f"{name} holds characters no page draws"
        drawn |= cmap if weight == "normal" else set()
    assert set(map(ord, text.regular)) <= drawn | {0x2066, 0x2069, 0x200B, 0x200F}


def test_an_arabic_page_gives_the_rights_and_the_statement_as_text_with_lang_and_dir(
    tmp_path,
) -> None:
    from kyr.content.context import STATEMENT

    out = tmp_path / "site"
    assert run_kyr("site", "--out", str(out), "--lang", "ar", "--product", "card",
                   "--product", "message").returncode == 0  # fmt: skip
    page = (out / "ar" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<html lang="ar" dir="rtl">', page)
    assert f'<blockquote lang="en" dir="ltr"><p>{STATEMENT}</p></blockquote>' in page
    assert "اعرف حقوقك" in page and "مضمون هذا النص" in page  # heading, what it says
    assert 'href="large.html"' in page and "كل اللغات" in page  # the site's words, in Arabic
    for landmark in ("<header", "<nav", "<main", "<footer", 'class="skip"'):
        assert landmark in page
    assert re.search(r'<pre class="message"[^>]* lang="ar" dir="rtl">', page)
    assert 'data-print-rule="disclaimer"' in page and "kyr 2026" in page
    assert 'href="../card-ar-letter.pdf"' in page and 'src="../thumbs/card-ar-letter.png"' in page
    large = (out / "ar" / "large.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl" class="large">' in large and 'href="index.html"' in large
    assert not re.search(r"""(src|<link[^>]*href)=["']?(https?:)?//""", page)
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="ar/index.html"' in index
    assert "· 1 PDF</p>" in index and "1 PDFs" not in index and "1 pages" not in index


def test_an_image_product_is_shown_as_an_image_with_its_alt_text(tmp_path) -> None:
    """Pieces whose product is an image (`is_image`) are listed as <img> with the alt
    text written beside them."""
    from types import SimpleNamespace

    from kyr import paths
    from kyr.config.community import load_community
    from kyr.i18n.languages import load_registry
    from kyr.web.site_content import SiteContent, _images
    from kyr.web.site_pages import language_pages

    arabic = load_registry()["ar"]
    (tmp_path / "social-post-ar.png").write_bytes(b"\x89PNG")
    (tmp_path / "social-post-ar.alt.txt").write_text("اعرف حقوقك <و>\n", encoding="utf-8")
    piece = SimpleNamespace(product=SimpleNamespace(id="card", is_image=True), languages=(arabic,))
    plan = SimpleNamespace(
        out_dir=tmp_path, file_names=lambda piece: ("social-post-ar.png", "social-post-ar.alt.txt")
    )
    images = _images(plan, piece)
    content = SiteContent([], images, [])
    community = load_community(paths.sample_config())
    page = language_pages(community, content, arabic, [], "")["ar/index.html"]
    assert '<img src="../social-post-ar.png" alt="اعرف حقوقك &lt;و&gt;"' in page
    assert re.search(r'<details[^>]*>\s*<summary>[^<]+</summary>\s*<pre class="message" lang="ar"'
                     r' dir="rtl">اعرف حقوقك &lt;و&gt;</pre>', page)
