"""Photos, signatures and documents over HTTP: the files a push names, uploaded apart, whole
or in resumable chunks, checked, stored once, and read only by those allowed."""

import threading

import pytest

from sync import db
from sync.models import Attachment, AttachmentChunk, AttachmentUpload
from tests.cast import ADMIN, OFFICER, SECOND_OFFICER, SUPERVISOR
from tests.factories import batch
from tests.media import HTML, PDF, km_item, photo, sha, signature, training_item

PUSH = "/api/v1/sync/push"


def files(sha256: str, tail: str = "") -> str:
    return f"/api/v1/attachments/{sha256}{tail}"


def put(api, content: bytes, who=OFFICER, name: str | None = None, headers=None,
        kind="image/jpeg"):
    return api.open("PUT", files(name or sha(content)), who, raw=content,
                    headers={"Content-Type": kind, **(headers or {})})


def chunk(api, content: bytes, first: int, last: int, who=OFFICER, name=None):
    return put(api, content[first:last + 1], who, name or sha(content),
               {"Content-Range": f"bytes {first}-{last}/{len(content)}"})


def pushed(api, *items, who=OFFICER) -> list[dict]:
    response = api.post(PUSH, batch(*items), who=who)
    assert response.status_code == 200, response.get_json()
    return response.get_json()["results"]


def stored_count() -> int:
    with db.database.connection_context():
        return Attachment.select().count()


def error_of(response) -> str:
    assert response.is_json, response.data[:200]
    return response.get_json()["error"]["code"]


# --- push tells the phone what the server still needs -------------------------------------


def test_push_results_list_the_files_still_missing_and_empty_when_none(api):
    shot, drawn = photo(1), signature(1)
    item = training_item(photos=[shot], signatures=[drawn])
    [result] = pushed(api, item)
    assert result["status"] == "created"
    assert result["missing_attachments"] == [sha(drawn), sha(shot)]  # in answer order
    assert put(api, shot).status_code == 201
    [again] = pushed(api, item)
    assert (again["status"], again["missing_attachments"]) == ("duplicate", [sha(drawn)])
    assert put(api, drawn, kind="image/png").status_code == 201
    assert pushed(api, item)[0]["missing_attachments"] == []
    [plain] = pushed(api, training_item())  # no photo, no signature
    assert plain["missing_attachments"] == []


def test_an_update_names_the_files_of_its_own_revision(api):
    first, second = photo(2), photo(3)
    item = training_item(photos=[first])
    pushed(api, item)
    edited = {**training_item(photos=[second], uuid=item["uuid"]), "base_rev": 1}
    [result] = pushed(api, edited)
    assert (result["status"], result["missing_attachments"]) == ("updated", [sha(second)])
    # the first photo is no longer named by any submission of the officer
    assert error_of(put(api, first)) == "not_referenced"


# --- whole uploads ----------------------------------------------------------------------------


def test_a_file_is_stored_once_201_then_200_and_served_with_its_hash(api):
    shot = photo(4)
    pushed(api, training_item(photos=[shot]))
    created = put(api, shot)
    assert created.status_code == 201
    assert created.get_json() == {"sha256": sha(shot), "received": len(shot),
                                  "size": len(shot), "complete": True}
    assert put(api, shot).status_code == 200
    assert stored_count() == 1
    served = api.get(files(sha(shot)), who=OFFICER)
    assert served.status_code == 200 and served.data == shot
    assert served.headers["Content-Type"] == "image/jpeg"
    assert served.headers["ETag"] == f'"{sha(shot)}"'
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert served.headers["Content-Disposition"].startswith("inline")
    cached = api.get(files(sha(shot)), who=OFFICER,
                     headers={"If-None-Match": served.headers["ETag"]})
    assert (cached.status_code, cached.data) == (304, b"")


def test_bytes_that_do_not_hash_to_the_name_are_422_and_nothing_is_stored(api):
    shot, other = photo(5), photo(6)
    pushed(api, training_item(photos=[shot]))
    response = put(api, other, name=sha(shot))
    assert (response.status_code, error_of(response)) == (422, "hash_mismatch")
    assert stored_count() == 0


def test_an_html_page_named_jpg_is_415_whatever_its_content_type_says(api):
    pushed(api, training_item(photos=[HTML]))  # the reference claims a JPEG
    response = put(api, HTML)
    assert (response.status_code, error_of(response)) == (415, "unsupported_type")
    assert response.get_json()["error"]["details"]["accepted"] == "image/jpeg image/png image/webp"
    assert stored_count() == 0


def test_a_pdf_for_a_photo_is_415_and_a_pdf_for_the_document_field_is_stored(api):
    pushed(api, training_item(photos=[PDF]))
    assert error_of(put(api, PDF, kind="application/pdf")) == "unsupported_type"
    pushed(api, km_item(PDF))
    response = put(api, PDF, kind="application/pdf")
    assert response.status_code == 201
    served = api.get(files(sha(PDF)), who=SUPERVISOR)
    assert served.headers["Content-Type"] == "application/pdf"
    assert served.headers["Content-Disposition"].startswith("attachment;")


def test_a_signature_must_be_a_png(api):
    jpeg = photo(7)
    pushed(api, training_item(signatures=[jpeg]))  # named a PNG, is a JPEG
    assert error_of(put(api, jpeg)) == "unsupported_type"


def test_a_file_over_the_field_limit_is_413(app, api):
    big = photo(8, (800, 600), noise=1)
    app.config["TAMBON"] = type(app.config["TAMBON"])(**{
        **app.config["TAMBON"].__dict__, "max_file_bytes": len(big) - 1})
    pushed(api, training_item(photos=[big]))
    response = put(api, big)
    assert (response.status_code, error_of(response)) == (413, "payload_too_large")
    assert response.get_json()["error"]["details"]["max_bytes"] == len(big) - 1
    assert stored_count() == 0


def test_a_file_no_submission_of_the_uploader_names_is_403(api):
    shot = photo(9)
    response = put(api, shot)
    assert (response.status_code, error_of(response)) == (403, "not_referenced")
    pushed(api, training_item(photos=[shot]), who=SECOND_OFFICER)
    assert error_of(put(api, shot, who=OFFICER)) == "not_referenced"  # another officer's
    assert put(api, shot, who=SECOND_OFFICER).status_code == 201


@pytest.mark.parametrize("name", ["A" * 64, "abc", "../../etc/passwd", "0" * 63 + "g",
                                  "0" * 65])
def test_a_name_that_is_no_sha256_is_refused_in_the_error_shape(api, name):
    response = api.open("PUT", files(name), OFFICER, raw=b"x")
    assert response.status_code in (404, 422)
    assert response.is_json and "error" in response.get_json()


def test_no_credentials_is_401_and_a_revoked_token_too(api):
    shot = photo(10)
    assert put(api, shot, who="anonymous").status_code == 401
    assert put(api, shot, who="revoked").status_code == 401


# --- resumable uploads ------------------------------------------------------------------------


def test_a_file_sent_in_chunks_is_stored_when_the_last_one_lands(api):
    big = photo(11, (800, 600), noise=1)
    pushed(api, training_item(photos=[big]))
    step = 64 * 1024
    for first in range(0, len(big), step):
        last = min(first + step, len(big)) - 1
        response = chunk(api, big, first, last)
        done = last == len(big) - 1
        assert response.status_code == (201 if done else 200)
        assert response.get_json()["received"] == last + 1
        assert response.get_json()["complete"] is done
    assert api.get(files(sha(big)), who=SUPERVISOR).data == big
    with db.database.connection_context():
        assert AttachmentChunk.select().count() == AttachmentUpload.select().count() == 0


def test_a_chunk_at_the_wrong_offset_is_409_with_what_was_received(api):
    big = photo(12, (800, 600), noise=1)
    pushed(api, training_item(photos=[big]))
    assert chunk(api, big, 0, 9999).status_code == 200
    response = chunk(api, big, 20000, 29999)
    assert (response.status_code, error_of(response)) == (409, "offset_mismatch")
    assert response.get_json()["error"]["details"]["received"] == 10000
    again = chunk(api, big, 0, 9999)  # a retried chunk already received
    assert again.get_json()["error"]["details"]["received"] == 10000
    status = api.get(files(sha(big), "/status"), who=OFFICER).get_json()
    assert status == {"sha256": sha(big), "received": 10000, "size": len(big),
                      "complete": False}
    assert chunk(api, big, 10000, len(big) - 1).status_code == 201


def test_the_status_of_a_file_never_sent_and_of_one_stored(api):
    shot = photo(13)
    pushed(api, training_item(photos=[shot]))
    assert api.get(files(sha(shot), "/status"), who=OFFICER).get_json() == {
        "sha256": sha(shot), "received": 0, "size": None, "complete": False}
    put(api, shot)
    assert api.get(files(sha(shot), "/status"), who=OFFICER).get_json()["complete"] is True
    assert api.get(files(sha(shot), "/status"), who=SECOND_OFFICER).status_code == 403


def test_a_wrong_first_chunk_is_refused_before_anything_is_kept(api):
    fake = HTML * 2000
    pushed(api, training_item(photos=[fake]))
    response = chunk(api, fake, 0, 65535)
    assert (response.status_code, error_of(response)) == (415, "unsupported_type")
    with db.database.connection_context():
        assert AttachmentUpload.select().count() == 0


def test_chunks_that_join_to_other_bytes_are_422_and_the_upload_starts_again(api):
    big, other = photo(14, (800, 600), noise=1), photo(15, (800, 600), noise=1)
    pushed(api, training_item(photos=[big]))
    assert chunk(api, big, 0, 999).status_code == 200
    forged = other[:len(big)].ljust(len(big), b"\0")
    response = put(api, forged[1000:], name=sha(big),
                   headers={"Content-Range": f"bytes 1000-{len(big) - 1}/{len(big)}"})
    assert (response.status_code, error_of(response)) == (422, "hash_mismatch")
    assert api.get(files(sha(big), "/status"), who=OFFICER).get_json()["received"] == 0
    assert stored_count() == 0


@pytest.mark.parametrize("header", ["bytes 0-9/5", "bytes 5-1/10", "bytes=0-9/10", "0-9/10",
                                    "bytes 0-99/1000"])
def test_a_content_range_that_does_not_fit_is_400(api, header):
    shot = photo(16)
    pushed(api, training_item(photos=[shot]))
    response = put(api, shot[:10], name=sha(shot), headers={"Content-Range": header})
    assert (response.status_code, error_of(response)) == (400, "invalid_range")


# --- reading ----------------------------------------------------------------------------------


def test_files_are_read_by_supervisors_and_the_author_only(api):
    shot = photo(17)
    pushed(api, training_item(photos=[shot]))
    put(api, shot)
    for who in (OFFICER, SUPERVISOR, ADMIN):
        assert api.get(files(sha(shot)), who=who).status_code == 200
    response = api.get(files(sha(shot)), who=SECOND_OFFICER)
    assert (response.status_code, error_of(response)) == (403, "forbidden")
    assert api.get(files(sha(shot)), who="anonymous").status_code == 401
    missing = api.get(files("0" * 64), who=SUPERVISOR)
    assert (missing.status_code, error_of(missing)) == (404, "not_found")


def test_a_preview_is_a_small_jpeg_also_of_a_transparent_signature(api):
    from PIL import Image
    import io

    shot, drawn = photo(18, (1600, 1200)), signature(18)
    pushed(api, training_item(photos=[shot], signatures=[drawn]))
    put(api, shot), put(api, drawn, kind="image/png")
    for content in (shot, drawn):
        response = api.get(files(sha(content), "/preview"), who=SUPERVISOR)
        assert response.status_code == 200 and response.headers["Content-Type"] == "image/jpeg"
        with Image.open(io.BytesIO(response.data)) as image:
            assert max(image.size) <= 320
    pushed(api, km_item(PDF))
    put(api, PDF, kind="application/pdf")
    assert api.get(files(sha(PDF), "/preview"), who=SUPERVISOR).status_code == 404


# --- at once ----------------------------------------------------------------------------------


def test_two_phones_uploading_the_same_photo_at_once_both_end_with_one_copy(app, api):
    shot = photo(19, (800, 600), noise=1)
    pushed(api, training_item(photos=[shot]), who=OFFICER)
    pushed(api, training_item(photos=[shot], seed=1), who=SECOND_OFFICER)
    statuses, start = {}, threading.Barrier(2)

    def send(who):
        with app.test_client() as client:
            start.wait()
            response = client.open(files(sha(shot)), method="PUT", data=shot,
                                   headers={**api.headers[who], "Content-Type": "image/jpeg"})
            statuses[who] = response.status_code

    threads = [threading.Thread(target=send, args=(who,)) for who in (OFFICER, SECOND_OFFICER)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses.values()) == [200, 201]
    assert stored_count() == 1
