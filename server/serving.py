"""The gunicorn worker `tambon serve` runs: gunicorn's threaded worker with two changes.

- What gunicorn's own HTTP parser refuses (a request line or headers over its limits, bytes
  that are not HTTP) is answered in the error shape, `{"error": {"code", "message",
  "details"}}`, like everything else, instead of gunicorn's HTML page. The parser stops
  before it knows the path, so these answers are JSON everywhere.
- A connection that sends nothing for `read_timeout` seconds while its request is read is
  dropped (the kernel's SO_RCVTIMEO, which survives gunicorn switching the socket between
  blocking and not): a phone whose link died mid-upload gives its thread back instead of
  holding it for ever. The application answers a body that stalls with 408.

Threads, not processes, wait for slow uploads: each upload in flight holds one thread of a
worker (docs/operations.md, "Slow links").
"""

import json
import socket
import struct

from gunicorn import util
from gunicorn.http import errors as http_errors
from gunicorn.workers.gthread import ThreadWorker

from forms.messages import text

__all__ = ["TambonWorker", "WORKER_CLASS"]

WORKER_CLASS = "server.serving.TambonWorker"

# (exception class, status, reason, error code, message code); the first match wins.
_PARSER_ERRORS = [
    (http_errors.LimitRequestLine, 414, "URI Too Long", "uri_too_long", "uri_too_long"),
    (http_errors.LimitRequestHeaders, 431, "Request Header Fields Too Large",
     "headers_too_large", "headers_too_large"),
    (http_errors.ParseException, 400, "Bad Request", "bad_request", "bad_http"),
]


def error_bytes(status: int, reason: str, code: str, message: str) -> bytes:
    """A complete HTTP/1.1 response carrying the error shape; the connection closes."""
    body = json.dumps({"error": {"code": code, "message": message, "details": {}}},
                      ensure_ascii=False).encode("utf-8")
    head = (f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n")
    return head.encode("latin-1") + body


class TambonWorker(ThreadWorker):
    """gunicorn's gthread worker, answering parser errors in the error shape and dropping
    connections that stall."""

    read_timeout = 60  # seconds; `tambon serve` sets it from Config before forking

    def enqueue_req(self, conn):
        if not getattr(conn, "tambon_timeout_set", False):
            conn.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO,
                                 struct.pack("ll", int(self.read_timeout), 0))
            conn.tambon_timeout_set = True
        super().enqueue_req(conn)

    def handle_error(self, req, client, addr, exc):
        for cls, status, reason, code, message_code in _PARSER_ERRORS:
            if isinstance(exc, cls) and not isinstance(
                    exc, (http_errors.InvalidResponseHeader,
                          http_errors.InvalidResponseHeaderName)):
                self.log.warning("Invalid request from ip=%s: %s", (addr or ("",))[0], exc)
                break
        else:
            self.log.exception("Error handling request")
            status, reason, code, message_code = (
                500, "Internal Server Error", "internal_error", None)
        message = text(message_code, "en") if message_code else (
            "Something went wrong on the server; it has been logged.")
        try:
            util.write_nonblock(client, error_bytes(status, reason, code, message))
        except Exception:
            self.log.debug("Failed to send error message.")
