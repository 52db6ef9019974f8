"""The data directory holds password hashes, every submission and the key that signs
cookies: only the account that runs Tambon may read it, whatever its umask."""

import os
import sqlite3
import stat

import pytest

from server.app import create_app
from server.cli import main
from sync import db
from tests.conftest import release


@pytest.fixture(autouse=True)
def lax_umask():
    """A umask that would leave new files world-readable (the common default)."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_new_data_dir_and_its_database_files_are_private(tmp_path):
    data = tmp_path / "data"
    app = create_app({"data_dir": str(data), "testing": True})
    try:
        with app.app_context():
            db.database.connect(reuse_if_open=True)
            db.database.execute_sql("SELECT count(*) FROM user")  # the -wal and -shm exist now
            files = {name: mode(data / name) for name in
                     ("tambon.db", "tambon.db-wal", "tambon.db-shm", "secret_key")}
    finally:
        release(app.extensions["tambon_db"])
    assert mode(data) == 0o700
    assert files == dict.fromkeys(files, 0o600)


def test_an_existing_world_readable_database_is_made_private(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    older = sqlite3.connect(data / "tambon.db")  # an older install, still open: -wal, -shm
    older.execute("PRAGMA journal_mode=wal")
    older.execute("CREATE TABLE kept (x)")
    names = ("tambon.db", "tambon.db-wal", "tambon.db-shm")
    try:
        for name in names:
            os.chmod(data / name, 0o644)
        app = create_app({"data_dir": str(data), "testing": True})
        release(app.extensions["tambon_db"])
        assert {mode(data / name) for name in names} == {0o600}
    finally:
        older.close()


def test_a_backup_is_private_too(tmp_path, monkeypatch, capsys):
    for name in [n for n in os.environ if n.startswith("TAMBON_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("TAMBON_DATA_DIR", str(tmp_path / "data"))
    assert main(["init"]) == 0
    assert main(["backup", str(tmp_path / "copy.db")]) == 0
    assert mode(tmp_path / "copy.db") == 0o600
    assert os.umask(0o022) == 0o022  # the command gave the umask back
