"""The site's own web fonts (kyr.web.webfonts): which characters the pages draw, and the
faces cut to them."""

from __future__ import annotations

from kyr.i18n.languages import load_registry
from kyr.web.webfonts import font_folder, page_text, unicode_range


def test_the_text_drawn_is_split_into_regular_and_bold_without_scripts_or_styles() -> None:
    text = page_text([
        "<title>T</title><style>s{}</style><h2>Hé <span>ll</span></h2><p>a<b>B</b></p>"
        '<img alt="Q"><pre data-copy="Cy" data-copied="Dz">x\ty</pre><script>zz</script>'
    ])
    assert text.bold == set("HéllB")
    assert text.regular == set("aQCyDzxy")


def test_a_unicode_range_joins_runs() -> None:
    assert unicode_range((0x41, 0x42, 0x43, 0x61, 0x627, 0x628)) == "U+41-43, U+61, U+627-628"


def test_faces_are_cut_to_the_text_and_made_the_same_twice() -> None:
    registry = load_registry()
    languages = [registry["en"], registry["ar"], registry["am"]]
    pages = ["<p>Know العربية አማርኛ</p><h1>Hi</h1>"]
    first, second = font_folder(pages, languages), font_folder(pages, languages)
    assert first == second
    assert set(first) == {
        "NotoSans-Regular.woff2", "NotoSans-Bold.woff2", "NotoNaskhArabic-Regular.woff2",
        "NotoSansEthiopic-Regular.woff2", "fonts.css", "OFL.txt",
    }  # fmt: skip
    css = first["fonts.css"].decode()
    assert 'src: url("NotoSans-Bold.woff2") format("woff2"); unicode-range: U+48, U+69;' in css
    assert '[lang="am"] { font-family: "Noto Sans Ethiopic", "Noto Sans", sans-serif; }' in css
    assert all(data[:4] == b"wOF2" for name, data in first.items() if name.endswith(".woff2"))


def test_the_fonts_are_the_same_bytes_in_another_process_whatever_its_hash_seed() -> None:
    import os
    import subprocess
    import sys

    script = (
        "import hashlib\nfrom kyr.web.webfonts import font_folder\n"
        "from kyr.i18n.languages import load_registry\nr = load_registry()\n"
        "files = font_folder(['<h1>العربية 中文</h1><p>မြန်မာ हिन्दी</p>'],"
        " [r[c] for c in ('en', 'ar', 'zh-Hans', 'my', 'hi')])\n"
        "print(hashlib.sha256(repr(sorted(files.items())).encode()).hexdigest())\n"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }  # fmt: skip
    assert len(digests) == 1 and len(digests.pop()) == 65
