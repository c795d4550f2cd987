"""`kyr serve` over HTTP, without a browser: loopback only, the Host and Origin checks,
the security headers, the form's messages (the configuration's own), the downloads."""

from __future__ import annotations

import io
import json
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

import pytest
from markupsafe import escape

from kyr import paths
from kyr.config.community import ConfigError, load_community, parse_community
from kyr.errors import ExitStatus
from kyr.i18n.catalogs import web_template_catalog_path
from kyr.i18n.translators import catalog_bytes, extract_web_catalog, strip_creation_date
from kyr.web.guards import CONTENT_SECURITY_POLICY, allowed_host
from kyr.web.rendering import ZIP_DATE, preview_pngs
from kyr.web.server import BLANK_NOTE, bind, serving

from .conftest import run_kyr, run_kyr_process

FORM = {
    "name": "Riverside Network",
    "country": "US",
    "paper": "letter",
    "languages": "en",
    "hotline_number": "(951) 555-0100",
    "hotline_label": "",
    "qr_url": "https://riverside-rights.org/kyr",
    "product": "card",
    "lang": "es",
    "target": "home",
}


@pytest.fixture(scope="module")
def server() -> str:
    with serving() as address:
        yield address


def request(address: str, path: str, data: dict | None = None, headers: dict | None = None):
    """(status, headers, body) of a GET, or of a form POST when `data` is given."""
    body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
    req = urllib.request.Request(address.rstrip("/") + path, data=body, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=120) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_the_server_listens_on_127_0_0_1_only() -> None:
    sock = bind(0)
    try:
        assert sock.getsockname()[0] == "127.0.0.1"
    finally:
        sock.close()


def test_a_port_in_use_is_one_line_and_exit_2() -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    try:
        result = run_kyr("serve", "--port", str(taken.getsockname()[1]))
    finally:
        taken.close()
    assert result.returncode == ExitStatus.USAGE
    assert result.stderr.startswith("kyr: error: port ") and result.stderr.count("\n") == 1


def test_requests_for_another_host_are_refused(server) -> None:
    port = server.rsplit(":", 1)[1].strip("/")
    for host in ("evil.example", "localhost.evil.example", f"127.0.0.1:{int(port) + 1}"):
        status, _, _ = request(server, "/", headers={"Host": host})
        assert status == 421, host
    assert allowed_host(f"localhost:{port}", int(port)) and allowed_host("127.0.0.1", 8)


def test_forms_posted_from_another_site_are_refused(server) -> None:
    status, _, _ = request(server, "/settings", FORM, {"Origin": "https://evil.example"})
    assert status == 403
    hidden = {"Origin": "null", "Sec-Fetch-Site": "cross-site"}
    status, _, _ = request(server, "/settings", FORM, hidden)
    assert status == 403


def test_every_response_forbids_loading_anything_from_elsewhere(server) -> None:
    for path in ("/", "/static/app.js", "/fonts.css", "/nothing-here"):
        _, headers, _ = request(server, path)
        assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
        assert headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in CONTENT_SECURITY_POLICY
    _, _, page = request(server, "/")
    assert not re.search(rb"""(src|href)=["']?(https?:)?//""", page)


def test_without_a_configuration_the_form_starts_empty_and_the_example_is_one_button(
    server,
) -> None:
    status, _, page = request(server, "/")
    text = page.decode()
    assert status == 200 and '<html lang="en" dir="ltr">' in text
    for name in ("name", "country", "hotline_number", "qr_url", "resource1_name"):
        assert re.search(rf'id="f-{name}" name="{name}" type="\w+" value=""', text), name
    assert "Example Rapid Response Network" not in text and 'data-blank="yes"' in text
    assert 'id="error-summary" class="error-summary" tabindex="-1" hidden' in text
    status, _, page = request(server, "/example", {"ui": "en"})
    assert status == 200
    assert b'value="Example Rapid Response Network"' in page
    assert b'value="(951) 555-0100"' in page and b'data-blank="yes"' not in page


def test_changing_the_pages_language_on_an_empty_form_shows_no_error(server) -> None:
    blank = {"ui": "ar", "name": "", "country": "", "product": "card", "lang": "ar"}
    status, _, page = request(server, "/", blank)
    text = page.decode()
    assert status == 200 and '<html lang="ar" dir="rtl">' in text
    assert 'data-blank="yes"' in text and 'class="error-summary" tabindex="-1" hidden' in text
    status, _, page = request(server, "/", {**blank, "name": "Riverside"})  # typed: checked
    assert status == 422 and b'data-blank="yes"' not in page


def test_the_page_opens_with_the_configurations_own_details(tmp_path) -> None:
    config = tmp_path / "kyr.toml"
    config.write_text(
        'name = "Riverside Network"\nlanguages = ["en", "es"]\n[hotline]\n'
        'number = "(951) 555-0100"\n[[resources]]\nname = "Riverside Legal Aid"\n'
        'phone = "(951) 555-0101"\n[qr]\nurl = "https://riverside-rights.org/kyr"\n',
        encoding="utf-8",
    )
    notes: list[str] = []
    with serving(config, note=notes.append) as address:
        _, _, page = request(address, "/")
    assert b'value="Riverside Network"' in page and b'value="Riverside Legal Aid"' in page
    assert b"Example Rapid Response Network" not in page
    assert notes == [f"using {config} (Riverside Network)"]
    notes.clear()
    with serving(None, note=notes.append):
        pass
    assert notes == [BLANK_NOTE]


def test_form_errors_are_the_configurations_messages(server) -> None:
    long_name = "N" * 61
    status, _, body = request(server, "/api/preview", {**FORM, "name": long_name,
                                                       "hotline_number": "951 555 01"})  # fmt: skip
    errors = json.loads(body)["errors"]
    assert status == 422 and set(errors) == {"name", "hotline_number"}
    with pytest.raises(ConfigError) as loaded:
        parse_community(
            f'name = "{long_name}"\nlanguages = ["en"]\n[hotline]\nnumber = "1"\n'
            '[qr]\nurl = "https://a.org"\n'
        )
    assert str(loaded.value).endswith(f"key 'name': {errors['name']}")
    assert "not a valid phone number: '951 555 01'" in errors["hotline_number"]


def test_without_script_the_page_shows_errors_next_to_their_fields(server) -> None:
    status, _, page = request(server, "/", {**FORM, "languages": [], "qr_url": "ftp://x"})
    assert status == 422
    text = page.decode()
    assert re.search(r'id="f-languages-error">\s*<strong>Error:</strong> <span lang="en" '
                     r'dir="ltr">give at least one language code', text)  # fmt: skip
    assert 'id="f-qr_url" ' in text and re.search(r'id="f-qr_url"[^>]*aria-invalid="true"', text)
    assert "2 fields need attention" in text


def test_the_download_is_the_pdf_the_preview_was_made_from(server) -> None:
    status, _, body = request(server, "/api/preview", FORM)
    result = json.loads(body)
    assert status == 200 and result["filename"] == "card-es-letter.pdf"
    front = request(server, result["previews"][0])[2]
    status, headers, pdf = request(server, "/download", FORM)
    assert headers["Content-Disposition"] == 'attachment; filename="card-es-letter.pdf"'
    assert pdf.startswith(b"%PDF") and preview_pngs(pdf, 2)[0] == front


def test_saved_settings_build_with_the_command_line(server, tmp_path) -> None:
    form = {**FORM, "resource1_name": "Riverside Legal Aid", "resource1_phone": "951 555 0101",
            "sample": "on", "back_offset_x": "1.5"}  # fmt: skip
    status, headers, toml = request(server, "/settings", form)
    assert status == 200 and headers["Content-Disposition"].endswith('filename="kyr.toml"')
    settings = tmp_path / "kyr.toml"
    settings.write_bytes(toml)
    community = parse_community(toml.decode())
    assert community.resources[0].name == "Riverside Legal Aid"
    assert community.sample and community.back_offset_mm == (1.5, 0.0)
    built = run_kyr("build", "--config", str(settings), "--product", "card", "--out",
                    str(tmp_path / "out"))  # fmt: skip
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "out" / "card-en-letter.pdf").is_file()


def test_download_all_is_a_zip_with_the_manifest_and_the_settings(server) -> None:
    form = {**FORM, "paper": "tabloid", "product": "sign-private"}  # the signs and the poster
    status, headers, data = request(server, "/download-all", form)
    assert status == 200 and headers["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = set(archive.namelist())
    assert names == {"sign-private-en-tabloid.pdf", "sign-public-en-tabloid.pdf",
                     "poster-en-tabloid.pdf",
                     "message-en.txt", "message-en.md", "message-en-sms.txt",  # no paper
                     "social-post-en.png", "social-post-en.alt.txt",  # images: no paper
                     "social-story-en.png", "social-story-en.alt.txt",
                     "manifest.json", "kyr.toml"}  # fmt: skip
    manifest = json.loads(archive.read("manifest.json"))
    listed = {n for n in names if n not in ("manifest.json", "kyr.toml")}
    assert {entry["path"] for entry in manifest} == listed


def wait_for_job(server: str, started: dict) -> tuple[dict, list[tuple[int, int]]]:
    """The job's last status, and every (done, total) seen while it ran."""
    seen = []
    status = started
    while status["state"] == "running":
        seen.append((status["done"], status["total"]))
        time.sleep(0.1)
        status = json.loads(request(server, started["status"])[2])
    return status, seen


def test_download_all_reports_its_progress_then_gives_the_same_zip_as_without_script(
    server,
) -> None:
    form = {**FORM, "paper": "tabloid", "product": "sign-private"}
    status, _, body = request(server, "/api/download-all", form)
    started = json.loads(body)
    assert status == 202 and started["state"] == "running"
    again = json.loads(request(server, "/api/download-all", form)[2])
    assert again["job"] == started["job"]  # the same settings: the same job
    status, headers, _ = request(server, "/api/download-all", {**form, "languages": "es"})
    assert status == 503 and headers["Retry-After"]  # one zip at a time: asked to retry
    done, seen = wait_for_job(server, started)
    # On tabloid in English: the two signs, the poster, the messages and the two images.
    assert done["state"] == "ready" and (done["done"], done["total"]) == (6, 6)
    assert any(total > 0 and count < total for count, total in seen), seen
    assert [count for count, _ in seen] == sorted(count for count, _ in seen)
    status, headers, data = request(server, done["download"])
    assert status == 200 and headers["Content-Disposition"].endswith('"kyr-tabloid.zip"')
    # Rendered again, without script: byte for byte the same zip.
    assert request(server, "/download-all", form)[2] == data
    assert {info.date_time for info in zipfile.ZipFile(io.BytesIO(data)).infolist()} == {
        ZIP_DATE
    }


def test_download_all_as_a_job_refuses_a_bad_form_and_unknown_jobs(server) -> None:
    status, _, body = request(server, "/api/download-all", {**FORM, "languages": []})
    assert status == 422 and set(json.loads(body)["errors"]) == {"languages"}
    assert request(server, "/api/download-all/" + "0" * 32)[0] == 404
    assert request(server, "/download-all/" + "0" * 32 + ".zip")[0] == 404
    assert request(server, "/api/download-all/../../etc")[0] == 404
    status, _, _ = request(server, "/api/download-all", FORM, {"Origin": "https://evil.example"})
    assert status == 403


def test_a_domain_too_long_for_under_the_qr_code_asks_for_the_text_in_plain_words(
    server,
) -> None:
    url = "https://" + "a" * 30 + "." + "b" * 30 + ".example.org/kyr"  # 73 characters
    _, _, body = request(server, "/api/preview", {**FORM, "qr_url": url})
    message = json.loads(body)["errors"]["qr_url"]
    assert message.endswith(
        "(type a shorter text in “Text under the QR code” to print instead)"
    ), message
    _, _, body = request(server, "/api/preview", {**FORM, "qr_url": url, "qr_label": "a.org"})
    assert json.loads(body)["errors"] == {}


def test_the_interface_is_arabic_and_right_to_left_when_asked(server) -> None:
    _, _, page = request(server, "/?ui=ar")
    assert b'<html lang="ar" dir="rtl">' in page and "معاينة".encode() in page
    _, _, page = request(server, "/", headers={"Accept-Language": "ar-EG,ar;q=0.9"})
    assert b'<html lang="ar" dir="rtl">' in page
    _, _, page = request(server, "/", headers={"Accept-Language": "xx"})
    assert b'<html lang="en" dir="ltr">' in page


def test_the_pages_template_catalog_is_up_to_date() -> None:
    expected = strip_creation_date(catalog_bytes(extract_web_catalog()))
    assert web_template_catalog_path().read_bytes() == expected, (
        "locales/web.pot is stale: run `kyr i18n extract` and `kyr i18n update`"
    )
    assert Path(paths.locales_dir() / "ar" / "LC_MESSAGES" / "web.po").is_file()


def test_an_invalid_configuration_opens_the_page_with_its_error_beside_the_field(
    tmp_path,
) -> None:
    config = tmp_path / "kyr.toml"
    config.write_text(
        'name = "Riverside Rapid Response"\nlanguages = ["en", "es"]\n'
        '[hotline]\nnumber = "12"\n[qr]\nurl = "https://riverside.network/kyr"\n'
    )
    with pytest.raises(ConfigError) as loaded:
        load_community(config)
    notes: list[str] = []
    with serving(config, note=notes.append) as address:
        status, _, page = request(address, "/")
    assert status == 422
    text = page.decode()
    assert 'value="Riverside Rapid Response"' in text and 'value="12"' in text  # as written
    problem = re.escape(escape(loaded.value.problem))
    assert re.search(r'id="f-hotline_number-error">\s*<strong>Error:</strong> <span lang="en" '
                     rf'dir="ltr">{problem}</span>', text)  # fmt: skip
    assert re.search(r'id="f-hotline_number"[^>]*aria-invalid="true"', text)
    assert notes == [f"using {config}; fix its error on the page: {loaded.value}"]


def test_an_error_the_form_has_no_field_for_shows_at_the_top(tmp_path) -> None:
    config = tmp_path / "kyr.toml"
    config.write_text(
        'name = "Riverside"\nlanguages = ["en"]\nhotlne = "typo"\n'
        '[hotline]\nnumber = "(213) 241-4011"\n[qr]\nurl = "https://riverside.network/kyr"\n'
    )
    with serving(config) as address:
        _, _, page = request(address, "/")
    text = page.decode()
    assert re.search(rf'<p id="form-error" lang="en" dir="ltr">{re.escape(str(config))}:3: '
                     r"key &#39;hotlne&#39;: unknown key", text)  # fmt: skip
    assert re.search(r'<div id="error-summary" class="error-summary" tabindex="-1">', text)


def test_a_configuration_that_is_not_toml_stops_serve_with_one_line(tmp_path) -> None:
    config = tmp_path / "kyr.toml"
    config.write_text('name = "Riverside\n')
    result = run_kyr_process("serve", "--config", str(config), "--port", "0")
    assert result.returncode == ExitStatus.CONFIG
    assert result.stderr.startswith(f"kyr: error: {config}:1: invalid TOML")
    assert result.stderr.count("\n") == 1


def test_the_form_errors_an_organizer_meets_are_in_the_pages_language(server) -> None:
    """Each error the page has words for is one the checks really give (a changed
    wording in the loader fails here), and the Arabic page says it in Arabic."""
    from kyr.web import ui
    from kyr.web.form_errors import KNOWN, in_words

    url = "https://" + "a" * 30 + "." + "b" * 30 + ".example.org/kyr"
    cases = {
        "name": {"name": ""},
        "country": {"country": "USA"},
        "languages": {"languages": []},
        "hotline_number": {"hotline_number": "951 555 01"},
        "qr_url": {"qr_url": url},
        "resource1_url": {"resource1_name": "Aid", "resource1_url": "http://a.org"},
        "resource2_url": {"resource2_name": "Aid", "resource2_url": "https://a.org/x y"},
        "hotline_label": {"hotline_label": "L" * 61},
        "paper": {"paper": "tabloid"},
    }
    arabic = ui.interface("ar").gettext
    matched = set()
    said_by_field = {}
    for field, change in cases.items():
        status, _, body = request(server, "/api/preview?ui=ar", {**FORM, **change})
        english = json.loads(request(server, "/api/preview", {**FORM, **change})[2])
        answer = json.loads(body)
        assert status == 422 and field in answer["errors"], (field, answer)
        assert field not in answer["english"] and field in english["english"]
        said = said_by_field[field] = answer["errors"][field]
        assert said == in_words(english["errors"][field], arabic)
        assert re.search("[\u0600-\u06ff]", said), said
        matched |= {k.words for k in KNOWN if k.pattern.fullmatch(english["errors"][field])}
    assert matched == {k.words for k in KNOWN}
    # The example number stays as written inside the Arabic sentence (isolated LTR).
    assert re.search("\u2066\\(\\d{3}\\) \\d{3}-\\d{4}\u2069", said_by_field["hotline_number"])
    # One the page has no words for stays as the loader says it, marked English.
    _, _, body = request(server, "/api/preview?ui=ar", {**FORM, "name": "a\u200bb"})
    answer = json.loads(body)
    assert answer["english"] == ["name"] and "invisible" in answer["errors"]["name"]
