"""Files over real HTTP against `tambon serve`, on SQLite and PostgreSQL: an upload whose
connection drops in the middle of a chunk resumes from what the server kept, and two phones
sending the same photo at once both end well with one stored copy."""

import socket
import threading
import time
from urllib.parse import urlsplit

import pytest
import requests

from tests.e2e.harness import submission
from tests.media import photo, sha, training_item

pytestmark = pytest.mark.slow

CHUNK = 64 * 1024


def push_naming(site, phone_label: str, *photos) -> dict:
    phone = site.phone(phone_label)
    answers = training_item(photos=photos)["answers"]
    response = phone.push([submission(answers, form_version="4")])
    [result] = response.json()["results"]
    assert result["status"] == "created", result
    return result


def put_chunk(phone, content: bytes, first: int, last: int) -> requests.Response:
    return phone.session.put(
        f"{phone.url}/api/v1/attachments/{sha(content)}", data=content[first:last + 1],
        headers={"Content-Type": "image/jpeg",
                 "Content-Range": f"bytes {first}-{last}/{len(content)}"}, timeout=60)


def status_of(phone, content: bytes) -> dict:
    return phone.session.get(f"{phone.url}/api/v1/attachments/{sha(content)}/status",
                             timeout=30).json()


def send_cut_short(phone, content: bytes, first: int, last: int, sent: int) -> None:
    """A chunk of `first`..`last` whose connection drops after `sent` bytes of its body."""
    url = urlsplit(phone.url)
    head = (f"PUT /api/v1/attachments/{sha(content)} HTTP/1.1\r\n"
            f"Host: {url.netloc}\r\n"
            f"Authorization: {phone.session.headers['Authorization']}\r\n"
            "Content-Type: image/jpeg\r\n"
            f"Content-Range: bytes {first}-{last}/{len(content)}\r\n"
            f"Content-Length: {last - first + 1}\r\n\r\n").encode()
    with socket.create_connection((url.hostname, url.port), timeout=30) as conn:
        conn.sendall(head + content[first:first + sent])
        conn.shutdown(socket.SHUT_WR)  # the phone's link goes down here


def wait_for_received(phone, content: bytes, beyond: int, give_up_after: float = 60) -> int:
    """The server's received count once it has dealt with the broken request."""
    deadline = time.monotonic() + give_up_after
    while True:
        received = status_of(phone, content)["received"]
        if received > beyond or time.monotonic() > deadline:
            return received
        time.sleep(0.1)


def test_an_upload_cut_in_the_middle_of_a_chunk_resumes_from_what_arrived(site):
    big = photo(21, (1000, 800), noise=1)
    push_naming(site, "phone-1", big)
    phone = site.phone("phone-1")
    assert put_chunk(phone, big, 0, CHUNK - 1).status_code == 200
    send_cut_short(phone, big, CHUNK, 4 * CHUNK - 1, sent=CHUNK + 12345)
    received = wait_for_received(phone, big, CHUNK)
    assert received == 2 * CHUNK + 12345  # the part that arrived is kept, never from zero
    status = status_of(phone, big)
    assert (status["size"], status["complete"]) == (len(big), False)
    stale = put_chunk(phone, big, CHUNK, 2 * CHUNK - 1)  # a phone that did not ask first
    assert stale.status_code == 409
    assert stale.json()["error"]["details"]["received"] == received
    first = received
    while first < len(big):
        last = min(first + CHUNK, len(big)) - 1
        response = put_chunk(phone, big, first, last)
        assert response.status_code == (201 if last == len(big) - 1 else 200), response.text
        first = last + 1
    served = requests.get(f"{site.url}/api/v1/attachments/{sha(big)}",
                          auth=site.admin(), timeout=30)
    assert served.content == big and served.headers["ETag"] == f'"{sha(big)}"'
    assert site.query(f"SELECT count(*) FROM attachment WHERE sha256 = '{sha(big)}'") == [(1,)]
    assert site.query("SELECT count(*) FROM attachment_chunk") == [(0,)]


def test_two_phones_sending_the_same_photo_at_once_end_with_one_copy(site):
    shared = photo(22, (1000, 800), noise=1)
    push_naming(site, "phone-1", shared)
    push_naming(site, "somsri-phone", shared)
    finals, start = {}, threading.Barrier(2)

    def upload(label):
        phone = site.phone(label)
        start.wait()
        first = 0
        while first < len(shared):
            last = min(first + CHUNK, len(shared)) - 1
            response = put_chunk(phone, shared, first, last)
            assert response.status_code in (200, 201), response.text
            body = response.json()
            if body["complete"]:
                finals[label] = response.status_code
                return
            first = body["received"]

    threads = [threading.Thread(target=upload, args=(label,))
               for label in ("phone-1", "somsri-phone")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(finals.values()) == [200, 201]  # one stored it, the other found it stored
    assert site.query(f"SELECT count(*) FROM attachment WHERE sha256 = '{sha(shared)}'") == [(1,)]
    for label in ("phone-1", "somsri-phone"):
        assert status_of(site.phone(label), shared)["complete"] is True
    assert site.query(f"SELECT count(*) FROM attachment_upload WHERE sha256 = '{sha(shared)}'"
                      ) == [(0,)]  # the loser's prefix is dropped, not left behind
