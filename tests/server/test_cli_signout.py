"""`tambon user signout NAME`: a lost laptop's session ends from the command line."""

import os

import pytest

from server.cli import main
from sync import accounts, db, sessions
from sync.models import AuditEntry
from tests.conftest import SUPERVISOR, release


@pytest.fixture
def site(tmp_path, monkeypatch):
    for name in [n for n in os.environ if n.startswith("TAMBON_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("TAMBON_DATA_DIR", str(tmp_path / "data"))
    assert main(["init"]) == 0
    database = db.init_database(str(tmp_path / "data" / "tambon.db"))
    with database.connection_context():
        accounts.create_user(SUPERVISOR, "supervisor", "correct horse battery")
    yield database
    release(database)


def test_signout_ends_every_open_session_of_that_account_and_is_audited(site, capsys):
    with site.connection_context():
        user = accounts.get_user(SUPERVISOR)
        keys = [sessions.open_session(user) for _ in range(2)]
    assert main(["user", "signout", SUPERVISOR]) == 0
    assert "2 open web session" in capsys.readouterr().out
    db.bind(site)
    with site.connection_context():
        assert {sessions.find(k).end_reason for k in keys} == {sessions.SIGNED_OUT}
        assert AuditEntry.select().where(AuditEntry.action == "user.signed_out").count() == 1


def test_signout_of_an_unknown_account_fails_with_exit_code_1(site, capsys):
    assert main(["user", "signout", "nobody"]) == 1
    assert "nobody" in capsys.readouterr().err
