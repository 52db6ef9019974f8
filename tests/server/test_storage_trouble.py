"""When the database cannot write (disk full, write lock held), a push is 503 with
Retry-After, nothing of it is stored, and the server recovers by itself: the same batch sent
again is stored exactly once, and the database file is intact.

SQLite only: these are faults of the local file. A full disk is a real one, a small tmpfs
mounted for the test (root is needed; CI runs as root on the same kind of machine, so there
the test must run).
"""

import os
import sqlite3
import subprocess

import pytest

from sync import accounts, db
from tests.conftest import OFFICER, Api, bearer, make_app, needs, release
from tests.factories import batch, item
from tests.server.test_errors import PUSH, error_of

BATCH_SIZE = 60  # about 400 KB of answers: more than any free page the file already has


def _mount_tmpfs(path, size: str) -> bool:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                          capture_output=True).returncode == 0


@pytest.fixture
def small_disk(tmp_path):
    """A 32 MB file system of its own (tmpfs), unmounted afterwards."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    needs(_mount_tmpfs(mount_point, "32m"),
          "mounting a tmpfs needs root and permission to mount (a full disk is simulated "
          "with a real small file system)")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], check=False)


def _site(data_dir, database_path):
    app = make_app(data_dir, str(database_path))
    with db.database.connection_context():
        _, token = accounts.issue_device_token(OFFICER, "phone")
    api = Api(app.test_client(), {OFFICER: bearer(token)})
    api.get("/api/v1/me", who=OFFICER)  # last-seen written now, not during the fault
    return app, api


def _fill(directory, leave: int) -> None:
    """Write a file until the file system has no byte left, then give `leave` bytes back."""
    fd = os.open(directory / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        for size in (1 << 20, 4096, 1):
            try:
                while os.write(fd, b"\0" * size):
                    pass
            except OSError:
                pass
        os.ftruncate(fd, max(0, os.fstat(fd).st_size - leave))
    finally:
        os.close(fd)


def _stored(database_path) -> tuple[int, int, str]:
    """(submissions, batches, integrity_check) read by a connection of its own."""
    conn = sqlite3.connect(database_path)
    try:
        return (conn.execute("SELECT count(*) FROM submission").fetchone()[0],
                conn.execute("SELECT count(*) FROM batch").fetchone()[0],
                conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def _statuses(response) -> set[str]:
    assert response.status_code == 200, response.data[:300]
    return {result["status"] for result in response.get_json()["results"]}


# No byte left: SQLite cannot even create its -wal file. 256 KB left: the batch's transaction
# starts writing and runs out of space half way.
@pytest.mark.parametrize("leave", [0, 256 * 1024], ids=["no-byte-left", "full-half-way"])
def test_a_full_disk_is_503_with_retry_after_and_the_batch_is_stored_once_space_returns(
        small_disk, leave):
    database_path = small_disk / "tambon.db"
    app, api = _site(small_disk, database_path)
    try:
        envelope = batch(*(item(seed=n) for n in range(BATCH_SIZE)))
        _fill(small_disk, leave)

        response = api.post(PUSH, envelope, who=OFFICER)
        error = error_of(response, 503, "storage_full")
        assert int(response.headers["Retry-After"]) >= 1
        assert "disk" in error["message"]

        (small_disk / "filler").unlink()
        assert _stored(database_path) == (0, 0, "ok")  # nothing half written
        assert _statuses(api.post(PUSH, envelope, who=OFFICER)) == {"created"}
        assert _statuses(api.post(PUSH, envelope, who=OFFICER)) == {"duplicate"}
        assert _stored(database_path) == (BATCH_SIZE, 1, "ok")
    finally:
        release(app.extensions["tambon_db"])


def test_a_write_lock_held_elsewhere_is_503_and_the_batch_is_stored_once_it_is_released(
        tmp_path, monkeypatch):
    monkeypatch.setattr(db, "SQLITE_BUSY_TIMEOUT_MS", 200)
    database_path = tmp_path / "tambon.db"
    app, api = _site(tmp_path, database_path)
    try:
        envelope = batch(*(item(seed=n) for n in range(5)))
        holder = sqlite3.connect(database_path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            response = api.post(PUSH, envelope, who=OFFICER)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        error_of(response, 503, "unavailable")
        assert int(response.headers["Retry-After"]) >= 1
        assert _stored(database_path) == (0, 0, "ok")

        assert _statuses(api.post(PUSH, envelope, who=OFFICER)) == {"created"}
        assert _statuses(api.post(PUSH, envelope, who=OFFICER)) == {"duplicate"}
        assert _stored(database_path) == (5, 1, "ok")
    finally:
        release(app.extensions["tambon_db"])
