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
