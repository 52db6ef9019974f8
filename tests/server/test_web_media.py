"""Photos, signatures and documents on the supervisor pages: previews linked to the full
size, signatures in the attendance table, download links, the "waiting for files" filter
and badge, and the media download that the export's rows point into."""

import csv
import html
import io
import re
import zipfile

import pytest

from forms.media import export_name
from tests.cast import OFFICER, SUPERVISOR
from tests.conftest import sign_in
from tests.factories import batch
from tests.media import PDF, km_item, photo, reference, sha, signature, training_item


@pytest.fixture
def site(app, api):
    """An officer's attendance sheet with two photos and two signatures, one photo not yet
    uploaded; a knowledge record with its PDF; the supervisor signed in."""
    shots, drawn = [photo(1), photo(2)], [signature(1), signature(2)]
    sheet = training_item(photos=shots, signatures=drawn)
    record = km_item(PDF)
    assert api.post("/api/v1/sync/push", batch(sheet, record), who=OFFICER).status_code == 200
    for content, kind in ((shots[0], "image/jpeg"), (drawn[0], "image/png"),
                          (drawn[1], "image/png"), (PDF, "application/pdf")):
        response = api.open("PUT", f"/api/v1/attachments/{sha(content)}", OFFICER,
                            raw=content, headers={"Content-Type": kind})
        assert response.status_code == 201
    client = app.test_client()
    sign_in(client, SUPERVISOR)
    return client, sheet, record, shots, drawn


def text_of(response) -> str:
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def test_the_submission_page_shows_previews_linked_to_the_full_photo(site):
    client, sheet, _record, shots, drawn = site
    page = text_of(client.get(f"/submissions/{sheet['uuid']}"))
    first = sha(shots[0])
    assert f'href="/files/{first}"' in page and f'src="/files/{first}/preview"' in page
    assert f"/files/{sha(shots[1])}" not in page  # not received: its name, marked
    assert "ภาพกิจกรรม-2.jpg (ยังไม่ได้รับไฟล์)" in re.sub(r"<[^>]+>", "", page)
    table = page[page.index('class="repeat"'):]
    assert f'src="/files/{sha(drawn[0])}/preview"' in table  # signatures in the table's rows
    full = client.get(f"/files/{first}")
    assert (full.status_code, full.data, full.mimetype) == (200, shots[0], "image/jpeg")
    assert full.headers["X-Content-Type-Options"] == "nosniff"
    thumb = client.get(f"/files/{first}/preview")
    assert thumb.mimetype == "image/jpeg" and len(thumb.data) < len(shots[0])


def test_a_document_is_a_download_link(site):
    client, _sheet, record, _shots, _drawn = site
    page = text_of(client.get(f"/submissions/{record['uuid']}"))
    assert f'<a class="file" href="/files/{sha(PDF)}" download>รายงาน.pdf</a>' in page
    download = client.get(f"/files/{sha(PDF)}")
    assert download.headers["Content-Disposition"].startswith("attachment;")


def test_a_hostile_file_name_is_shown_as_text(app, api):
    shot = photo(3)
    item = training_item(photos=[shot])
    item["answers"]["photos"][0]["photo"] = reference(shot, '"><img src=x onerror=alert(1)>.jpg')
    [result] = api.post("/api/v1/sync/push", batch(item), who=OFFICER).get_json()["results"]
    assert result["status"] == "created"
    client = app.test_client()
    sign_in(client, SUPERVISOR)
    page = client.get(f"/submissions/{item['uuid']}").get_data(as_text=True)
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;.jpg" in page


def test_the_listing_offers_the_media_download_only_for_forms_with_files(site):
    client = site[0]
    assert 'id="export-media"' in text_of(client.get("/?form=training_attendance"))
    assert 'id="export-media"' not in text_of(client.get("/?form=proposal_scoring"))


def test_the_media_cells_are_headed_in_the_page_s_language(site):
    client = site[0]
    archive = zipfile.ZipFile(io.BytesIO(client.get("/export.csv?form=km_record").data))
    main = min(archive.namelist(), key=len)  # then a table per repeat
    rows = list(csv.DictReader(io.StringIO(archive.read(main).decode("utf-8-sig"))))
    assert rows[0]["เอกสารประกอบ (PDF) (ไฟล์ใน ZIP)"] == export_name(reference(
        PDF, kind="application/pdf"))
    assert rows[0]["เอกสารประกอบ (PDF) (ชื่อไฟล์)"] == "รายงาน.pdf"


def test_the_listing_filters_and_marks_what_waits_for_files(site):
    client, sheet, record, _shots, _drawn = site
    everything = text_of(client.get("/?lang=en"))
    assert everything.count("Waiting for files</span>") == 1
    waiting = text_of(client.get("/?lang=en&waiting=1"))
    assert sheet["uuid"] in waiting and record["uuid"] not in waiting


def test_the_api_listing_says_which_submissions_wait_and_filters_them(site, api):
    _client, sheet, record, shots, _drawn = site
    listed = api.get("/api/v1/submissions", who=SUPERVISOR).get_json()["submissions"]
    assert {s["uuid"]: s["waiting_for_files"] for s in listed} == {
        sheet["uuid"]: True, record["uuid"]: False}
    only = api.get("/api/v1/submissions?waiting_for_files=true", who=SUPERVISOR).get_json()
    assert [s["uuid"] for s in only["submissions"]] == [sheet["uuid"]]
    detail = api.get(f"/api/v1/submissions/{sheet['uuid']}", who=SUPERVISOR).get_json()
    assert detail["missing_attachments"] == [sha(shots[1])]


def test_the_media_download_holds_each_file_at_the_name_the_export_rows_give(site):
    client, sheet, _record, shots, drawn = site
    exported = client.get("/export.csv?form=training_attendance&headers=names")
    archive = zipfile.ZipFile(io.BytesIO(exported.data))
    photos_table = next(n for n in archive.namelist() if n.endswith(".photos.csv"))
    rows = list(csv.DictReader(io.StringIO(archive.read(photos_table).decode("utf-8-sig"))))
    assert [r["photo"] for r in rows] == [export_name(reference(s)) for s in shots]
    assert [r["photo (name)"] for r in rows] == ["ภาพกิจกรรม-1.jpg", "ภาพกิจกรรม-2.jpg"]
    media = client.get("/export.media.zip?form=training_attendance")
    assert media.status_code == 200 and media.mimetype == "application/zip"
    files = zipfile.ZipFile(io.BytesIO(media.data))
    assert sorted(files.namelist()) == sorted(
        [rows[0]["photo"], export_name(reference(drawn[0], kind="image/png")),
         export_name(reference(drawn[1], kind="image/png"))])  # the second photo never came
    assert files.read(rows[0]["photo"]) == shots[0]
