"""The `tambon` command, run through `main(argv)` against a temporary data dir.

Each test gets its own TAMBON_DATA_DIR (SQLite inside it), so commands see exactly what an
operator on a fresh host would. A few tests run the real process to check exit codes and
that user mistakes never print a traceback.
"""

import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys

import pytest

from server.cli import main
from sync import accounts, db
from tests.conftest import PASSWORD, PG_URL, needs, postgres_available
from tests.e2e.harness import REPO_ROOT, scratch_postgres_database, tambon_env

@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    for name in [n for n in os.environ if n.startswith("TAMBON_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("TAMBON_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


@pytest.fixture
def tambon(capsys, monkeypatch):
    """Run `tambon ARGS` in this process; returns (exit code, stdout, stderr)."""

    def run(*args, stdin=""):
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def initialised(tambon):
    code, out, _ = tambon("init")
    assert code == 0, out
    return out


def listing(tambon, *args):
    code, out, err = tambon(*args, "--json")
    assert code == 0, err
    return json.loads(out)


def configured_database():
    """The database the commands just used, connected, for checking what they did."""
    from server.config import Config

    return db.init_database(Config().database_url).connection_context()


def _printed_password(output):
    return next(line.split(":", 1)[1].strip()
                for line in output.splitlines() if line.strip().startswith("password:"))


def test_init_creates_an_admin_whose_random_password_is_printed_once(tambon):
    code, first, _ = tambon("init")
    assert code == 0
    password = _printed_password(first)
    assert len(password) >= 12
    code, second, _ = tambon("init")
    assert code == 0 and "password" not in second
    users = listing(tambon, "user", "list")
    assert [(u["username"], u["role"]) for u in users] == [("admin", "admin")]


def test_the_printed_admin_password_logs_in(tambon, initialised):
    with configured_database():
        assert accounts.check_password("admin", _printed_password(initialised))
        assert not accounts.check_password("admin", "not-the-password")


def test_init_publishes_every_bundled_form(tambon, initialised):
    from forms.bundled import bundled, bundled_paths

    published = {(f["form_id"], f["version"]) for f in listing(tambon, "form", "list")}
    assert published == {(path.stem, bundled(path.stem).version) for path in bundled_paths()}


def test_user_add_reads_the_password_from_the_first_line_of_stdin(tambon, initialised):
    code, out, _ = tambon("user", "add", "somchai", "--role", "field", "--password-stdin",
                          stdin=PASSWORD + "\n")
    assert code == 0 and "somchai" in out
    roles = {u["username"]: u["role"] for u in listing(tambon, "user", "list")}
    assert roles["somchai"] == "field"


def test_user_add_refuses_a_duplicate_username_with_exit_code_1(tambon, initialised):
    args = ("user", "add", "somchai", "--role", "field", "--password-stdin")
    assert tambon(*args, stdin=PASSWORD)[0] == 0
    code, _, err = tambon(*args, stdin=PASSWORD)
    assert code == 1
    assert "already exists" in err


def test_user_add_refuses_an_empty_password(tambon, initialised):
    code, _, err = tambon("user", "add", "somchai", "--role", "field", "--password-stdin",
                          stdin="\n")
    assert code == 1 and "empty" in err
    assert "somchai" not in {u["username"] for u in listing(tambon, "user", "list")}


def test_user_password_replaces_the_password_read_from_stdin(tambon, initialised):
    assert tambon("user", "add", "somchai", "--role", "field", "--password-stdin",
                  stdin=PASSWORD)[0] == 0
    code, out, _ = tambon("user", "password", "somchai", "--password-stdin",
                          stdin="another-long-password\n")
    assert code == 0 and "somchai" in out
    with configured_database():
        assert accounts.check_password("somchai", "another-long-password")
        assert not accounts.check_password("somchai", PASSWORD)
    code, _, err = tambon("user", "password", "nobody", "--password-stdin", stdin=PASSWORD)
    assert code == 1 and "nobody" in err
    code, _, err = tambon("user", "password", "somchai", "--password-stdin", stdin="short")
    assert code == 1 and "password" in err


def test_user_add_says_why_a_short_password_is_refused(tambon, initialised):
    code, _, err = tambon("user", "add", "somchai", "--role", "field", "--password-stdin",
                          stdin="short")
    assert code == 1 and "password" in err


def test_user_add_refuses_an_unknown_role(tambon, initialised):
    with pytest.raises(SystemExit) as exit_:
        tambon("user", "add", "somchai", "--role", "boss", "--password-stdin", stdin=PASSWORD)
    assert exit_.value.code == 2


def test_user_role_promotes_an_officer_to_supervisor(tambon, initialised):
    tambon("user", "add", "somchai", "--role", "field", "--password-stdin", stdin=PASSWORD)
    code, out, _ = tambon("user", "role", "somchai", "--role", "supervisor")
    assert code == 0
    roles = {u["username"]: u["role"] for u in listing(tambon, "user", "list")}
    assert roles["somchai"] == "supervisor"


def test_user_role_of_an_unknown_user_fails_with_exit_code_1(tambon, initialised):
    code, _, err = tambon("user", "role", "nobody", "--role", "admin")
    assert code == 1 and "nobody" in err


def test_device_issue_prints_a_working_token_alone_on_the_last_line(tambon, initialised):
    tambon("user", "add", "somchai", "--role", "field", "--password-stdin", stdin=PASSWORD)
    code, out, _ = tambon("device", "issue", "somchai", "--label", "phone-1")
    assert code == 0
    token = out.splitlines()[-1]
    assert " " not in token and len(token) >= 32
    with configured_database():
        assert accounts.user_for_token(token).username == "somchai"


def test_device_issue_for_an_unknown_user_fails_with_exit_code_1(tambon, initialised):
    code, out, err = tambon("device", "issue", "nobody", "--label", "phone-1")
    assert code == 1 and "nobody" in err and out == ""


def test_device_revoke_makes_the_token_stop_working(tambon, initialised):
    tambon("user", "add", "somchai", "--role", "field", "--password-stdin", stdin=PASSWORD)
    token = tambon("device", "issue", "somchai", "--label", "phone-1")[1].splitlines()[-1]
    assert tambon("device", "revoke", "phone-1")[0] == 0
    with configured_database():
        assert accounts.user_for_token(token) is None
    devices = listing(tambon, "device", "list")
    assert devices[0]["label"] == "phone-1" and devices[0]["revoked_at"]


def test_device_revoke_of_an_unknown_label_fails_with_exit_code_1(tambon, initialised):
    code, _, err = tambon("device", "revoke", "phone-9")
    assert code == 1 and "phone-9" in err


def test_device_list_shows_each_device_with_its_owner(tambon, initialised):
    tambon("user", "add", "somchai", "--role", "field", "--password-stdin", stdin=PASSWORD)
    tambon("device", "issue", "somchai", "--label", "phone-1")
    code, out, _ = tambon("device", "list")
    assert code == 0
    header, row = out.splitlines()
    assert header.split()[:2] == ["label", "username"]
    assert row.split()[:2] == ["phone-1", "somchai"]


def _definition(version="1", **changes):
    definition = {
        "form_id": "village_survey", "version": version,
        "title": {"th": "สำรวจหมู่บ้าน", "en": "Village survey"},
        "fields": [{"name": "village_name", "type": "text", "required": True,
                    "label": {"th": "ชื่อหมู่บ้าน", "en": "Village name"}}],
    }
    definition.update(changes)
    return definition


def _write(path, definition):
    path.write_text(json.dumps(definition, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_form_publish_publishes_a_file_once_and_again_is_a_no_op(tambon, initialised, tmp_path):
    path = _write(tmp_path / "survey.json", _definition())
    code, out, _ = tambon("form", "publish", path)
    assert code == 0 and out.startswith("Published village_survey version 1")
    code, out, _ = tambon("form", "publish", path)
    assert code == 0 and "unchanged" in out
    forms = {f["form_id"]: f for f in listing(tambon, "form", "list")}
    assert forms["village_survey"]["status"] == "open"


def test_form_publish_refuses_other_content_under_a_published_version(
        tambon, initialised, tmp_path):
    tambon("form", "publish", _write(tmp_path / "a.json", _definition()))
    changed = _definition(title={"th": "สำรวจ", "en": "Survey"})
    code, _, err = tambon("form", "publish", _write(tmp_path / "b.json", changed))
    assert code == 1 and "new version" in err


def test_form_publish_of_an_invalid_definition_lists_every_problem(
        tambon, initialised, tmp_path):
    broken = _definition(form_id="Bad Id", fields=[{"name": "x", "type": "colour"}])
    code, _, err = tambon("form", "publish", _write(tmp_path / "bad.json", broken))
    assert code == 1
    problems = err.splitlines()[1:]
    assert [line.split(":")[0].strip() for line in problems] == ["fields[0].type", "form_id"]


def test_form_publish_of_a_file_that_is_not_json_names_the_file(tambon, initialised, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not json")
    code, _, err = tambon("form", "publish", str(path))
    assert code == 1 and "notes.txt is not JSON" in err


def test_form_publish_of_a_missing_file_names_the_file(tambon, initialised, tmp_path):
    code, _, err = tambon("form", "publish", str(tmp_path / "missing.json"))
    assert code == 1 and "missing.json" in err


def test_form_close_keeps_the_form_listed_as_closed(tambon, initialised):
    code, out, _ = tambon("form", "close", "training_attendance")
    assert code == 0
    forms = {f["form_id"]: f["status"] for f in listing(tambon, "form", "list")}
    assert forms["training_attendance"] == "closed"
    assert forms["forum_minutes"] == "open"


def test_form_close_of_an_unknown_form_fails_with_exit_code_1(tambon, initialised):
    code, _, err = tambon("form", "close", "no_such_form")
    assert code == 1 and "no_such_form" in err


def test_backup_of_sqlite_is_a_complete_self_contained_database(tambon, initialised, tmp_path):
    tambon("user", "add", "somchai", "--role", "field", "--password-stdin", stdin=PASSWORD)
    target = tmp_path / "backup.db"
    code, out, _ = tambon("backup", str(target))
    assert code == 0 and str(target) in out
    assert not (tmp_path / "backup.db-wal").exists()
    conn = sqlite3.connect(target)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        users = {name for (name,) in conn.execute("SELECT username FROM user")}
    finally:
        conn.close()
    assert users == {"admin", "somchai"}


def test_backup_never_overwrites_an_existing_file(tambon, initialised, tmp_path):
    target = tmp_path / "backup.db"
    target.write_bytes(b"precious")
    code, _, err = tambon("backup", str(target))
    assert code == 1 and "already exists" in err
    assert target.read_bytes() == b"precious"


def test_backup_before_init_says_to_run_init(tambon, tmp_path):
    code, _, err = tambon("backup", str(tmp_path / "backup.db"))
    assert code == 1 and "tambon init" in err


@pytest.mark.postgres
def test_backup_of_postgres_is_a_pg_dump_archive(tambon, monkeypatch, tmp_path):
    needs(postgres_available(), f"PostgreSQL is not reachable at {PG_URL}")
    needs(shutil.which("pg_dump") is not None, "pg_dump is not installed")
    with scratch_postgres_database("tambon_cli") as url:
        monkeypatch.setenv("TAMBON_DATABASE_URL", url)
        assert tambon("init")[0] == 0
        target = tmp_path / "tambon.dump"
        assert tambon("backup", str(target))[0] == 0
    contents = subprocess.run(["pg_restore", "--list", str(target)],
                              capture_output=True, text=True, check=True).stdout
    assert "TABLE public submission" in contents


def test_pg_dump_gets_the_connection_from_its_environment_not_its_command_line(tmp_path):
    from server.cli import pg_dump_command

    argv, env = pg_dump_command(
        "postgresql://tambon:s3cret@db.example:5433/province?sslmode=require",
        tmp_path / "x.dump")
    assert not any("s3cret" in part for part in argv)
    assert {k: env[k] for k in ("PGUSER", "PGPASSWORD", "PGHOST", "PGPORT",
                                "PGDATABASE", "PGSSLMODE")} == {
        "PGUSER": "tambon", "PGPASSWORD": "s3cret", "PGHOST": "db.example", "PGPORT": "5433",
        "PGDATABASE": "province", "PGSSLMODE": "require"}


def test_connection_keywords_become_the_variables_libpq_reads():
    from server.cli import _libpq_environment

    env = _libpq_environment("postgresql://db.example/province?application_name=tambon"
                             "&target_session_attrs=read-write&connect_timeout=5")
    assert env == {"PGHOST": "db.example", "PGDATABASE": "province", "PGAPPNAME": "tambon",
                   "PGTARGETSESSIONATTRS": "read-write", "PGCONNECT_TIMEOUT": "5"}


def test_data_dir_option_overrides_the_environment(tambon, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    assert tambon("--data-dir", str(elsewhere), "init")[0] == 0
    assert (elsewhere / "tambon.db").exists()


def test_a_command_before_init_says_to_run_init(tambon):
    code, _, err = tambon("user", "list")
    assert code == 1 and "run `tambon init` first" in err


def test_a_user_mistake_in_the_real_process_exits_1_with_one_line_and_no_traceback(tmp_path):
    env = tambon_env(tmp_path / "data")
    tambon_ = [sys.executable, "-m", "server"]
    subprocess.run([*tambon_, "init"], env=env, cwd=REPO_ROOT, check=True, capture_output=True)
    result = subprocess.run([*tambon_, "form", "close", "no_such_form"],
                            env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr == "tambon: No form 'no_such_form' has been published.\n"


def test_index_catches_the_search_index_up_with_stored_submissions(tambon, initialised):
    from sync import push, search
    from tests.factories import batch, item

    with configured_database():
        officer = accounts.create_user("somchai", "field", PASSWORD)
        push.push_batch(officer, batch(item(seed=1), item(seed=2)))
        assert search.backlog() == 2
    code, _, err = tambon("index")
    assert code == 0, err
    with configured_database():
        assert search.backlog() == 0


def test_submission_list_shows_the_newest_submissions_filtered_like_the_listing(
        tambon, initialised):
    from sync import push
    from tests.factories import batch, item

    sent = [item(seed=1), item("km_record", seed=2)]
    with configured_database():
        officer = accounts.create_user("somchai", "field", PASSWORD)
        push.push_batch(officer, batch(sent[0]))
        push.push_batch(officer, batch(sent[1]))
    rows = listing(tambon, "submission", "list")
    assert [r["uuid"] for r in rows] == [sent[1]["uuid"], sent[0]["uuid"]]
    assert rows[0] == {**rows[0], "form_id": "km_record", "review_state": "received",
                       "author": "somchai"}
    assert [r["uuid"] for r in listing(tambon, "submission", "list", "--form",
                                       "training_attendance")] == [sent[0]["uuid"]]
    assert listing(tambon, "submission", "list", "--state", "approved") == []
    with pytest.raises(SystemExit) as exit_:
        tambon("submission", "list", "--from", "1 Nov")
    assert exit_.value.code == 2
