"""What a real `tambon serve` answers before and around the app: HTTP the server's own
parser refuses (request line or headers too long, garbage) comes back in the error shape,
and slow uploads from field links do not starve other callers."""

import json
import socket
import threading
import time

import pytest
import requests

from tests.e2e.harness import TambonServer, add_user, issue_token

pytestmark = pytest.mark.slow

SLOW_UPLOADS = 8
HEALTH_PROMPT_SECONDS = 5.0


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = TambonServer(tmp_path_factory.mktemp("edge") / "data").start()
    add_user(server.env, "somchai", "field")
    server.token = issue_token(server.env, "somchai", "phone-1")
    yield server
    server.stop()


def _raw_exchange(server, request: bytes, timeout: float = 30) -> tuple[int, dict, bytes]:
    """Send raw bytes, read the answer to the end: (status, headers, body)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=timeout) as sock:
        sock.sendall(request)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
    return int(lines[0].split()[1]), {k.lower(): v for k, v in headers.items()}, body


def _assert_error_shape(status, headers, body, expected_status):
    assert status == expected_status, body[:300]
    assert headers["content-type"].startswith("application/json"), headers
    error = json.loads(body)["error"]
    assert set(error) == {"code", "message", "details"} and error["message"]
    return error


def test_a_request_line_too_long_is_414_in_the_error_shape(server):
    request = b"GET /api/v1/forms?q=" + b"x" * 20_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"
    error = _assert_error_shape(*_raw_exchange(server, request), 414)
    assert error["code"] == "uri_too_long"


def test_too_many_or_too_large_headers_are_431_in_the_error_shape(server):
    many = b"".join(b"X-Filler-%d: y\r\n" % n for n in range(500))
    large = b"X-Filler: " + b"y" * 20_000 + b"\r\n"
    for headers in (many, large):
        request = b"GET /api/v1/health HTTP/1.1\r\nHost: x\r\n" + headers + b"\r\n"
        error = _assert_error_shape(*_raw_exchange(server, request), 431)
        assert error["code"] == "headers_too_large"


def test_a_request_the_http_parser_cannot_read_is_400_in_the_error_shape(server):
    for garbage in (b"NOT HTTP AT ALL\r\n\r\n", b"GET /api/v1/health HTTP/9.9\r\n\r\n",
                    b"GET /api/v1/health HTTP/1.1\r\nBad Header\r\n\r\n"):
        error = _assert_error_shape(*_raw_exchange(server, garbage), 400)
        assert error["code"] == "bad_request"


def test_a_url_as_long_as_a_long_thai_search_reaches_the_app(server):
    query = "ก" * 800  # 7,200 bytes once percent-encoded
    response = requests.get(f"{server.url}/api/v1/health", params={"q": query}, timeout=30)
    assert response.status_code == 200


def _slow_upload(server, stop: threading.Event, started: threading.Barrier) -> None:
    """A phone on a bad link: announces a 1 MB push and sends it a byte every half second."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=60) as sock:
        sock.sendall(b"POST /api/v1/sync/push HTTP/1.1\r\nHost: x\r\n"
                     b"Authorization: Bearer " + server.token.encode() + b"\r\n"
                     b"Content-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{")
        started.wait()
        while not stop.wait(0.5):
            try:
                sock.sendall(b" ")
            except OSError:
                return


def test_health_answers_promptly_while_eight_slow_uploads_are_in_flight(server):
    stop = threading.Event()
    started = threading.Barrier(SLOW_UPLOADS + 1)
    uploads = [threading.Thread(target=_slow_upload, args=(server, stop, started))
               for _ in range(SLOW_UPLOADS)]
    for upload in uploads:
        upload.start()
    try:
        started.wait(timeout=30)
        time.sleep(1.5)  # every upload has reached the app and holds what it holds
        waits = []
        for _ in range(5):
            began = time.monotonic()
            response = requests.get(f"{server.url}/api/v1/health",
                                    timeout=HEALTH_PROMPT_SECONDS)
            waits.append(time.monotonic() - began)
            assert response.status_code == 200
        print(f"health while {SLOW_UPLOADS} slow uploads: "
              + ", ".join(f"{w * 1000:.0f} ms" for w in waits))
    finally:
        stop.set()
        for upload in uploads:
            upload.join(timeout=10)


def test_an_upload_that_stops_arriving_is_answered_408_and_gives_its_thread_back(tmp_path):
    with TambonServer(tmp_path / "data", workers=1,
                      extra_env={"TAMBON_READ_TIMEOUT_SECONDS": "1"}) as quick:
        add_user(quick.env, "somchai", "field")
        token = issue_token(quick.env, "somchai", "phone-1")
        request = (b"POST /api/v1/sync/push HTTP/1.1\r\nHost: x\r\n"
                   b"Authorization: Bearer " + token.encode() + b"\r\n"
                   b"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
        error = _assert_error_shape(*_raw_exchange(quick, request), 408)
        assert error["code"] == "request_timeout"
