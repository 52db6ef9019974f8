"""The admin's forms page: upload and check, preview, publish, download, versions compared,
close and reopen. Only admins; every change carries the CSRF token; a bad file gets a clear
message in the page's language, never a 500."""

import base64
import copy
import io
import json
import os
import re

import pytest

from forms.bundled import bundled
from sync.db import database
from sync.models import AuditEntry, Form, FormVersion
from tests.conftest import ADMIN, SUPERVISOR, csrf_of, only_sqlite
from tests.factories import market_survey_xlsx

pytestmark = only_sqlite  # pages, not queries: the catalog tests cover both databases


@pytest.fixture
def admin(client, auth):
    auth.sign_in(ADMIN)
    return client


def token_of(client) -> str:
    return csrf_of(client.get("/admin/forms").get_data(as_text=True))


def upload(client, data: bytes, filename: str, path="/admin/forms"):
    return client.post(path, data={"csrf_token": token_of(client),
                                   "upload": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data")


CURRENT = bundled("km_record").version  # the bundled forms' newest version
NEXT = str(int(CURRENT) + 1)
BUNDLED = {str(n) for n in range(1, int(CURRENT) + 1)}  # every bundled version stays published


def newer_km(version=NEXT, **changes) -> dict:
    definition = copy.deepcopy(bundled("km_record").raw)
    return {**definition, "version": version, **changes}


def hidden(page: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', page)[1]


def publish(client, page: str, accept=()):
    return client.post("/admin/forms/publish", data={
        "csrf_token": token_of(client), "source": hidden(page, "source"),
        "filename": hidden(page, "filename"), "accept": list(accept)})


def versions_of(form_id="km_record") -> set[str]:
    with database.connection_context():
        return {v for (v,) in FormVersion.select(FormVersion.version).where(
            FormVersion.form_id == form_id).tuples()}


def test_a_json_upload_is_checked_and_previewed_and_nothing_is_stored(admin):
    response = upload(admin, json.dumps(newer_km()).encode(), "km_record.json")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "ไม่พบปัญหา" in page  # Thai: the page's language
    # the preview frame is the phone app's own renderer, fed the definition as a data block
    assert 'src="/app/preview.html"' in page
    block = re.search(r'<script type="application/json" data-preview-definition>(.*?)</script>',
                      page, re.S)[1]
    assert json.loads(block) == newer_km()
    assert versions_of() == BUNDLED


def test_publishing_reads_the_same_upload_again_and_publishes_it(admin):
    page = upload(admin, json.dumps(newer_km()).encode(), "km_record.json").get_data(
        as_text=True)
    response = publish(admin, page)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/admin/forms/km_record/versions/{NEXT}")
    assert versions_of() == BUNDLED | {NEXT}
    shown = admin.get(f"/admin/forms/km_record/versions/{NEXT}").get_data(as_text=True)
    assert f"เผยแพร่ km_record รุ่น {NEXT} แล้ว" in shown and 'src="/app/preview.html"' in shown


def test_an_xlsform_upload_lists_its_downgrades_by_row_and_publishes_once_all_are_accepted(
        admin):
    page = upload(admin, market_survey_xlsx(), "market_survey.xlsx").get_data(as_text=True)
    assert "ชีต survey, แถว 6, คอลัมน์ type" in page  # the barcode, in the page's language
    assert "บาร์โค้ดจะกลายเป็นคำถามข้อความ" in page
    downgrades = re.findall(r'name="accept" value="(\d+)"', page)
    assert len(downgrades) >= 1
    refused = publish(admin, page, accept=downgrades[:-1])
    assert refused.status_code == 422
    assert versions_of("market_survey") == set()
    assert publish(admin, page, accept=downgrades).status_code == 302
    assert versions_of("market_survey") == {"1"}
    english = upload(admin, market_survey_xlsx(), "market_survey.xlsx",
                     path="/admin/forms?lang=en").get_data(as_text=True)
    assert "sheet survey, row 6, column type" in english


def test_a_version_published_again_with_other_content_is_409_and_says_so_in_thai(admin):
    other = newer_km(version="2", title={"th": "ชื่ออื่น", "en": "Other"})
    page = upload(admin, json.dumps(other).encode(), "km_record.json").get_data(as_text=True)
    response = publish(admin, page)
    assert response.status_code == 409  # as the API answers version_exists
    assert "แบบฟอร์มรุ่นนี้เผยแพร่ไว้แล้วด้วยเนื้อหาอื่น" in response.get_data(as_text=True)


def test_a_broken_definition_lists_its_problems_in_the_page_s_language_and_cannot_publish(admin):
    broken = newer_km(fields=[{"name": "Bad Name", "type": "text"}])
    response = upload(admin, json.dumps(broken).encode(), "broken.json")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "fields[0].name" in page and "ชื่อช่องใช้ตัวอักษรอังกฤษพิมพ์เล็ก" in page
    english = admin.get("/admin/forms?lang=en")  # the language sticks to the session
    assert english.status_code == 200
    page = upload(admin, json.dumps(broken).encode(), "broken.json").get_data(as_text=True)
    assert "A field name is 1 to 64 lowercase letters" in page
    assert re.search(r'data-publish[^>]*disabled', page)
    refused = publish(admin, page)
    assert refused.status_code == 422 and "Not publishable yet" in refused.get_data(as_text=True)
    assert versions_of() == BUNDLED


@pytest.mark.parametrize("data, filename, words", [
    (b"\xff\xfe junk", "form.json", "ต้องบันทึกเป็น UTF-8"),
    (b'{"form_id": "x",', "form.json", "อ่านเป็น JSON ไม่ได้ (บรรทัด 1"),
    (b'["a list"]', "form.json", "แบบฟอร์มต้องเป็นออบเจกต์ JSON หนึ่งตัว"),
    (b'{"form_id": "' + b"9" * 5000 + b'"}', "form.json", "รหัสแบบฟอร์ม"),
    (b'{"a": ' + b"1" * 5000 + b"}", "form.json", "อ่านไฟล์นี้ไม่ได้"),
    (b'{"form_id": "a\\u0000b", "title": {"th": "\\ud800"}}', "form.json",
     "อักขระ"),
    (b"PK\x03\x04 not really a workbook", "form.xlsx", ""),
    (b"just words", "form.txt", "รับเฉพาะไฟล์ XLSForm"),
    (b"", "", "รับเฉพาะไฟล์ XLSForm"),
], ids=["not-utf8", "cut-short", "a-list", "long-id", "huge-number", "nul-and-surrogate",
        "fake-zip", "text-file", "no-file"])
def test_a_bad_file_gets_a_clear_message_never_a_500(admin, data, filename, words):
    response = upload(admin, data, filename)
    page = response.get_data(as_text=True)
    assert response.status_code == 422, page[:500]
    assert words in page
    assert not re.search(r"data-publish[ >](?![^>]*disabled)", page)  # never a live button
    assert versions_of() == BUNDLED


def test_ten_megabytes_of_junk_are_refused_cleanly(admin):
    response = upload(admin, os.urandom(10 * 1024 * 1024), "big.xlsx")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "ไฟล์ใหญ่เกิน 5 MB" in page
    assert 'name="source" value=""' in page  # nothing of it is sent back to the browser


def test_a_body_over_the_server_s_limit_is_a_page_not_a_500(admin, app):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = upload(admin, b"x" * 4096, "big.json")
    assert response.status_code == 413
    assert "ไฟล์ใหญ่เกินไป" in response.get_data(as_text=True)


def test_a_tampered_source_is_a_bad_request_and_publishes_nothing(admin):
    response = admin.post("/admin/forms/publish", data={
        "csrf_token": token_of(admin), "source": "not base64!!", "filename": "x.json"})
    assert response.status_code == 400
    source = base64.b64encode(json.dumps(newer_km(fields="x")).encode()).decode()
    response = admin.post("/admin/forms/publish", data={
        "csrf_token": token_of(admin), "source": source, "filename": "x.json"})
    assert response.status_code == 422
    assert versions_of() == BUNDLED


def test_every_change_needs_the_csrf_token(admin):
    for path in ("/admin/forms", "/admin/forms/publish", "/admin/forms/download",
                 "/admin/forms/km_record/close", "/admin/forms/km_record/reopen"):
        response = admin.post(path, data={"upload": (io.BytesIO(b"{}"), "a.json")},
                              content_type="multipart/form-data")
        assert response.status_code == 400, path
    with database.connection_context():
        assert Form.get(Form.form_id == "km_record").status == "open"


@pytest.mark.parametrize("path", ["/admin/forms", "/admin/forms/km_record/versions/1",
                                  "/admin/forms/km_record/compare"])
def test_only_admins_see_the_forms_pages(client, auth, path):
    auth.sign_in(SUPERVISOR)
    assert client.get(path).status_code == 403


def test_a_supervisor_cannot_publish(client, auth):
    auth.sign_in(SUPERVISOR)
    token = csrf_of(client.get("/").get_data(as_text=True))
    source = base64.b64encode(json.dumps(newer_km()).encode()).decode()
    response = client.post("/admin/forms/publish", data={
        "csrf_token": token, "source": source, "filename": "km.json"})
    assert response.status_code == 403
    assert versions_of() == BUNDLED


def test_the_converted_definition_downloads_as_tambon_json(admin):
    page = upload(admin, json.dumps(newer_km()).encode(), "km_record.json").get_data(
        as_text=True)
    response = admin.post("/admin/forms/download", data={
        "csrf_token": token_of(admin), "source": hidden(page, "source"),
        "filename": hidden(page, "filename")})
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'attachment; filename="km_record.json"'
    assert json.loads(response.data) == newer_km()
    published = admin.get(f"/admin/forms/km_record/versions/{CURRENT}/download")
    assert json.loads(published.data) == bundled("km_record").raw


def test_a_closed_form_is_reopened_from_the_page_and_both_are_audited(admin):
    admin.post("/admin/forms/forum_minutes/close", data={"csrf_token": token_of(admin)})
    page = admin.get("/admin/forms").get_data(as_text=True)
    assert "/admin/forms/forum_minutes/reopen" in page
    admin.post("/admin/forms/forum_minutes/reopen", data={"csrf_token": token_of(admin)})
    with database.connection_context():
        assert Form.get(Form.form_id == "forum_minutes").status == "open"
        actions = [e.action for e in AuditEntry.select().where(
            AuditEntry.target == "form:forum_minutes").order_by(AuditEntry.id)]
    assert actions[-2:] == ["form.closed", "form.reopened"]


def test_two_versions_are_compared_field_by_field(admin):
    changed = newer_km()
    first = changed["fields"][0]
    first["label"] = {**first["label"], "th": "ชื่อใหม่"}
    changed["fields"].append({"name": "extra_note", "type": "text",
                              "label": {"th": "หมายเหตุเพิ่ม", "en": "Extra note"}})
    page = upload(admin, json.dumps(changed).encode(), "km.json").get_data(as_text=True)
    publish(admin, page)
    compared = admin.get(f"/admin/forms/km_record/compare?a={CURRENT}&b={NEXT}&lang=en").get_data(
        as_text=True)
    assert f"What changed from version {CURRENT} to {NEXT}" in compared
    assert "extra_note" in compared and "Added" in compared
    assert f"{first['name']}" in compared and "ชื่อใหม่" in compared
    assert compared.count('src="/app/preview.html"') == 2  # both versions side by side


def test_an_unknown_version_is_a_404_page(admin):
    assert admin.get("/admin/forms/km_record/versions/99").status_code == 404
    assert admin.get("/admin/forms/nothing/compare").status_code == 404


def test_the_preview_may_be_framed_by_this_site_only_and_the_app_by_none(client):
    preview = client.get("/app/preview.html")
    assert "frame-ancestors 'self'" in preview.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in client.get("/app/").headers["Content-Security-Policy"]
