"""The `tambon` command: run the server and administer it from a shell.

Every command reads the same environment configuration as the server (`TAMBON_DATA_DIR`,
`TAMBON_DATABASE_URL`, ...; see server/config.py), so `tambon user add` on a host changes the
database that `tambon serve` on that host uses. Mistakes a person can make (an unknown form,
a duplicate user, an empty password) end with one sentence on stderr and exit code 1, never
a traceback.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import secrets
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import contextmanager, suppress
from datetime import date
from pathlib import Path

import peewee
from gunicorn.app.base import BaseApplication

from forms.messages import by_path
from server.config import Config
from sync import accounts, catalog, db, enrolment, fleet, lists, reads, rescue, search, tables
from sync.errors import InvalidRequest, SyncError, UserExists
from sync.roles import ADMIN, ROLES

__all__ = ["main", "pg_dump_command"]

ADMIN_USERNAME = "admin"
INDEX_CHUNK = 200  # submissions per indexing transaction: pushes wait at most this long
INDEX_IDLE_SECONDS = 1.0
INDEX_QUIET_SECONDS = 2.0  # --follow indexes once pushes have paused this long...
INDEX_MAX_WAIT_SECONDS = 30.0  # ...or a submission has waited this long for the index
PR_SET_PDEATHSIG = 1


class UserError(Exception):
    """A mistake the person at the shell can fix; printed as one line, exit code 1."""


# --- database lifecycle ----------------------------------------------------------------------


# --data-dir of this command line: it overrides TAMBON_DATA_DIR without writing to the
# environment (only server/config.py reads that).
_data_dir_option: str | None = None


def _config():
    try:
        return Config(data_dir=_data_dir_option) if _data_dir_option else Config()
    except ValueError as exc:  # a TAMBON_* variable that is not a number
        raise UserError(str(exc)) from None


@contextmanager
def _database(config=None, initialised=True):
    """Bind the sync layer's database to the configured URL for the length of one command.

    Unless `initialised` is False, a database without Tambon's tables is refused with the
    command that makes them, instead of failing on the first query.
    """
    config = config or _config()
    Path(config.data_dir).mkdir(parents=True, exist_ok=True)
    db.init_database(config.database_url)
    db.database.connect(reuse_if_open=True)
    try:
        if initialised and not tables.has_tables():
            raise UserError(f"The database at {_safe_url(config.database_url)} has no Tambon "
                            "tables yet; run `tambon init` first.")
        if initialised:
            tables.add_missing_columns()  # a database from an older release, before `serve` ran
        yield config
    finally:
        db.database.close()
        # A pool keeps closed connections open for reuse; none may survive into a fork.
        if hasattr(db.database.obj, "close_all"):
            db.database.obj.close_all()


def prepare(config=None) -> None:
    """Make the data dir and database ready to serve; safe to run any number of times.

    Creates the tables, publishes the bundled forms (an already published identical version
    is left alone) and, the first time only, an `admin` with a random password that is
    printed here and nowhere else.
    """
    with _database(config, initialised=False):
        tables.create_tables()
        catalog.publish_bundled(actor=None)
        password = secrets.token_urlsafe(12)
        try:
            accounts.create_user(ADMIN_USERNAME, ADMIN, password)
        except UserExists:
            return
        print(
            f"Created the administrator account.\n"
            f"  username: {ADMIN_USERNAME}\n"
            f"  password: {password}\n"
            f"This password is shown only now; keep it somewhere safe.",
            flush=True,
        )


# --- commands --------------------------------------------------------------------------------


def cmd_init(args) -> None:
    prepare()


def cmd_serve(args) -> None:
    config = _config()
    prepare(config)
    from server.serving import WORKER_CLASS, TambonWorker

    TambonWorker.read_timeout = config.read_timeout_seconds
    options = {
        "bind": f"{args.host}:{args.port}",
        "workers": args.workers,
        "threads": args.threads,
        # Threads even with one: a slow phone upload then ties up a thread, not a worker.
        "worker_class": WORKER_CLASS,
        "worker_connections": args.threads,
        # gunicorn's largest request line, so a long Thai search reaches the app; what its
        # parser refuses still comes back in the error shape (server/serving.py).
        "limit_request_line": 8190,
        "keepalive": 0,
        "timeout": 120,
        "graceful_timeout": 30,
        "preload_app": False,
        "accesslog": "-" if args.access_log else None,
        "proc_name": "tambon",
    }
    indexer = _start_indexer()
    try:
        _Gunicorn(options).run()
    finally:
        indexer.terminate()
        indexer.wait(timeout=10)


def _start_indexer() -> subprocess.Popen:
    """`tambon index --follow` beside the web workers, at a lower CPU priority: it keeps the
    search index caught up with what pushes stored, without slowing the pushes down."""
    data_dir = ["--data-dir", _data_dir_option] if _data_dir_option else []
    return subprocess.Popen([sys.executable, "-m", "server", *data_dir, "index", "--follow"],
                            preexec_fn=_as_lesser_child)


def _as_lesser_child() -> None:
    """In the indexer, before it runs: a lower priority, and death with its parent (Linux's
    PR_SET_PDEATHSIG), so a server killed outright leaves no indexer behind."""
    os.nice(10)
    with suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def cmd_index(args) -> None:
    """Bring the search index up to date; with --follow, keep it so until stopped."""
    with _database():
        while True:
            try:
                due = not args.follow or search.indexing_due(INDEX_QUIET_SECONDS,
                                                             INDEX_MAX_WAIT_SECONDS)
                done = search.catch_up(limit=INDEX_CHUNK) if due else 0
            except peewee.OperationalError as exc:  # busy or locked: a push holds the lock
                if not db.is_busy_error(exc):
                    raise
                done = 0
            if done:
                continue
            if not args.follow:
                return
            db.database.close()  # hold no snapshot while idle
            time.sleep(INDEX_IDLE_SECONDS)


class _Gunicorn(BaseApplication):
    """Gunicorn run in this process; each worker builds its own app after the fork.

    Nothing that holds a database connection is created before the fork: `prepare` closes
    its connection, and `create_app` runs in the worker. SIGTERM stops gracefully: workers
    finish the requests they hold (each push batch is one transaction) and exit.
    """

    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            if value is not None:
                self.cfg.set(key, value)

    def load(self):
        from server.app import create_app

        return create_app(_config())


def _read_password(stream) -> str:
    # One line: a trailing newline from `echo` or a heredoc is not part of the password.
    password = stream.readline().rstrip("\r\n")
    if not password:
        raise UserError("The password read from stdin is empty; give one on the first line.")
    return password


def cmd_user_add(args) -> None:
    password = _read_password(sys.stdin)
    with _database():
        try:
            accounts.create_user(args.username, args.role, password,
                                 full_name=args.full_name)
        except UserExists:
            raise UserError(f"A user named {args.username!r} already exists.") from None
    print(f"Created {args.role} user {args.username}.")


def cmd_user_password(args) -> None:
    password = _read_password(sys.stdin)
    with _database():
        accounts.set_password(args.username, password, actor=None)
    print(f"Changed the password of {args.username}; their open web sessions are signed out.")


def cmd_user_signout(args) -> None:
    with _database():
        ended = accounts.sign_out_everywhere(args.username, actor=None)
    print(f"Signed {args.username} out of {ended} open web session(s).")


def cmd_user_role(args) -> None:
    with _database():
        accounts.set_role(args.username, args.role, actor=None)
    print(f"{args.username} is now a {args.role} user.")


def cmd_user_name(args) -> None:
    with _database():
        accounts.set_full_name(args.username, args.full_name, actor=_shell_actor())
    print(f"Recorded the full name of {args.username}.")


def cmd_user_disable(args) -> None:
    with _database():
        accounts.disable_user(args.username, actor=_shell_actor())
    print(f"Disabled {args.username}; their device tokens and set-up codes are revoked.")


def cmd_user_enable(args) -> None:
    with _database():
        accounts.enable_user(args.username, actor=_shell_actor())
    print(f"Enabled {args.username}; give their phone a new set-up code.")


def cmd_user_list(args) -> None:
    with _database():
        rows = accounts.list_users()
    _print_table(rows, args.json)


def _shell_actor() -> str:
    """Who the audit log names for a command typed at the server's shell."""
    try:
        import getpass

        return f"shell:{getpass.getuser()}"
    except (KeyError, OSError):
        return "shell"


def cmd_enrol_create(args) -> None:
    with _database():
        issued = enrolment.create_codes(args.usernames, args.hours, actor=_shell_actor())
    rows = [{"username": c.username, "full_name": c.full_name or "", "code": c.code,
             "expires_at": c.expires_at, "link": enrolment.app_link(args.url, c.code)}
            for c in issued]
    if not args.json:
        print("Set-up codes, shown once (the server keeps only their hashes); each works once:")
    _print_table(rows, args.json)


def cmd_enrol_list(args) -> None:
    with _database():
        rows = [{"id": c.id, "username": c.user.username, "status": c.status,
                 "created_at": c.created_at, "expires_at": c.expires_at,
                 "device": c.device_label} for c in enrolment.list_codes()]
    _print_table(rows, args.json)


def cmd_enrol_revoke(args) -> None:
    with _database():
        enrolment.revoke_code(args.code_id, actor=_shell_actor())
    print(f"Revoked set-up code {args.code_id}.")


def cmd_rescue_load(args) -> None:
    try:
        raw = Path(args.file).read_bytes()
    except OSError as exc:
        raise UserError(f"Cannot read {args.file}: {exc.strerror}.") from None
    config = _config()
    with _database(config):
        outcome = rescue.load_rescue(raw, actor=_shell_actor(),
                                     max_items=config.max_batch_items)
    counts = ", ".join(f"{n} {status}" for status, n in outcome.summary.items())
    print(f"Loaded {len(outcome.results)} items of {outcome.username}: {counts}.")


def cmd_device_issue(args) -> None:
    with _database():
        device, token = accounts.issue_device_token(args.username, args.label, actor=None)
    print(f"Issued a token for device {device.label} of {args.username}. It is shown only once:")
    print(token)


def cmd_device_revoke(args) -> None:
    with _database():
        accounts.revoke_device(args.label, actor=None)
    print(f"Revoked the token of device {args.label}.")


def cmd_device_list(args) -> None:
    with _database():
        rows = [{"label": r.device.label, "username": r.user.username,
                 "created_at": r.device.created_at, "last_seen_at": r.device.last_seen_at,
                 "revoked_at": r.device.revoked_at, "app_version": r.device.app_version,
                 "unsent": r.device.unsent, "unsent_since": r.device.unsent_since,
                 "clock_skew_seconds": r.device.clock_skew_seconds}
                for r in fleet.fleet()]
    _print_table(rows, args.json)


def cmd_form_publish(args) -> None:
    definitions = []
    for path in args.files:
        try:
            definitions.append((path, json.loads(Path(path).read_text(encoding="utf-8"))))
        except OSError as exc:
            raise UserError(f"Cannot read {path}: {exc.strerror}.") from None
        except json.JSONDecodeError as exc:
            raise UserError(f"{path} is not JSON: {exc}.") from None
    with _database():
        for path, definition in definitions:
            version, created = catalog.publish_form(definition, actor=None)
            verb = "Published" if created else "Already published, unchanged:"
            print(f"{verb} {version.form_id} version {version.version} ({path})")


def cmd_form_import(args) -> None:
    """Convert an XLSForm; list every problem in Thai and English; write, print or publish it."""
    from forms import xlsform

    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"Cannot read {path}: {exc.strerror}.") from None
    known_lists = None
    if args.publish:  # publishing needs the database: name the lists it has at the rows reading them
        with _database():
            known_lists = {summary["list_id"] for summary in lists.list_summaries()}
    conversion = xlsform.convert(data, path.name, lists=known_lists)
    for problem in conversion.problems:
        mark = " [downgrade]" if problem.downgrade else ""
        print(f"{problem.where('th')}: {problem.render('th')}{mark}\n"
              f"  {problem.where('en')}: {problem.render('en')}", file=sys.stderr)
    if conversion.definition is None:
        raise UserError(f"{path} was not converted: {len(conversion.problems)} problem(s) above.")
    text = json.dumps(conversion.definition, ensure_ascii=False, indent=2) + "\n"
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"Wrote {conversion.definition['form_id']} version {conversion.definition['version']} to {args.out}")
    elif not args.publish:
        sys.stdout.write(text)
    if args.publish:
        if not conversion.publishable(args.accept_downgrades):
            blocking, downgrades = len(conversion.blocking), len(conversion.downgrades)
            raise UserError(f"Not published: {blocking} problem(s) must be fixed in the workbook and "
                            f"{downgrades} downgrade(s) need --accept-downgrades.")
        with _database():
            version, created = catalog.publish_form(conversion.definition, actor=None)
        verb = "Published" if created else "Already published, unchanged:"
        print(f"{verb} {version.form_id} version {version.version} ({path})")
    elif conversion.blocking:
        raise UserError(f"{len(conversion.blocking)} problem(s) must be fixed in the workbook before it "
                        "can be published.")


def cmd_form_close(args) -> None:
    with _database():
        catalog.close_form(args.form_id, actor=None)
    print(f"Closed form {args.form_id}: it leaves the list and new pushes to it are rejected.")


def cmd_form_list(args) -> None:
    with _database():
        rows = [{key: form[key] for key in ("form_id", "version", "status", "hash")}
                for form in catalog.list_forms()]
    _print_table(rows, args.json)


def cmd_list_publish(args) -> None:
    """Publish list files: JSON documents, or CSV (list_id from --list-id or the file name)."""
    if args.list_id and len(args.files) > 1:
        raise UserError("--list-id names one list: publish one file with it.")
    with _database():
        for path in args.files:
            try:
                document = lists.read_document_file(Path(path), args.list_id)
            except OSError as exc:
                raise UserError(f"Cannot read {path}: {exc.strerror}.") from None
            published = lists.publish_list(document, actor=None)
            summary = published.summary
            verb = "Published" if published.changed else "Already published, unchanged:"
            print(f"{verb} {summary['list_id']} version {summary['version']}, "
                  f"{summary['count']} items ({path})")


def cmd_list_list(args) -> None:
    with _database():
        rows = lists.list_summaries()
    _print_table(rows, args.json)


def cmd_list_show(args) -> None:
    with _database():
        body = lists.get_list(args.list_id)
    if args.json:
        print(json.dumps(body, ensure_ascii=False, indent=1))
        return
    columns = body["columns"]
    _print_table([{"value": item["value"], "label_th": item["label"]["th"],
                   "label_en": item["label"].get("en", ""),
                   **{c: item.get(c) for c in columns},
                   "retired": "yes" if item.get("retired") else ""}
                  for item in body["items"]], False)


def cmd_submission_list(args) -> None:
    """The newest submissions that pass the filters, through the same reader as the API."""
    filters = reads.Filters(form_id=args.form, states=tuple(args.state or ()),
                            author=args.author, date_from=args.date_from,
                            date_to=args.date_to, text=args.search, sort=args.sort)
    with _database():
        page = reads.page(filters, limit=args.limit, columns=reads.SUMMARY)
        rows = [{key: summary[key] for key in ("uuid", "form_id", "review_state", "author",
                                                "record_date", "received_at")}
                for summary in map(reads.summary, page.rows)]
    _print_table(rows, args.json)


def _safe_url(url: str) -> str:
    """The database URL without its password, fit for a message."""
    scheme, sep, rest = url.partition("://")
    if sep and "@" in rest:
        credentials, _, host = rest.rpartition("@")
        rest = credentials.split(":", 1)[0] + ":***@" + host
    return scheme + sep + rest


def cmd_backup(args) -> None:
    """A consistent copy of the live database, taken without stopping the server."""
    target = Path(args.path)
    if target.exists():
        raise UserError(f"{target} already exists; choose a new file name.")
    config = _config()
    database = db.open_database(config.database_url)
    if isinstance(database, peewee.SqliteDatabase):
        source = Path(database.database)
        if not source.exists():
            raise UserError(f"There is no database at {source} yet; run `tambon init` first.")
    private = os.umask(0o077)  # the copy holds what the database holds: this account's only
    try:
        if isinstance(database, peewee.SqliteDatabase):
            _backup_sqlite(source, target)
        else:
            _backup_postgres(config.database_url, target)
    finally:
        os.umask(private)
    print(f"Wrote a backup of the database to {target}.")


def _backup_sqlite(source: Path, target: Path) -> None:
    # VACUUM INTO reads one snapshot of a WAL database while writers carry on, and writes a
    # compact, self-contained file (no -wal beside it) that SQLite opens as it is.
    conn = sqlite3.connect(source, timeout=30)
    try:
        conn.execute("VACUUM INTO ?", (str(target),))
    finally:
        conn.close()


def pg_dump_command(url: str, target: Path) -> tuple[list[str], dict[str, str]]:
    """The pg_dump command line and environment that back `url` up to `target`: the
    connection travels in the environment, never on the command line."""
    return (["pg_dump", "--format=custom", "--file", str(target)],
            {**os.environ, **_libpq_environment(url)})


def _backup_postgres(url: str, target: Path) -> None:
    if shutil.which("pg_dump") is None:
        raise UserError("pg_dump is not installed; install the PostgreSQL client tools.")
    argv, env = pg_dump_command(url, target)
    result = subprocess.run(argv, capture_output=True, text=True, env=env)
    if result.returncode != 0:
        target.unlink(missing_ok=True)
        raise UserError(f"pg_dump failed: {result.stderr.strip()}")


def _libpq_environment(url: str) -> dict[str, str]:
    """The connection URL as libpq's PG* variables, so that a password in it never appears
    on a command line, where every user of the machine can read it (`ps`)."""
    from psycopg2.extensions import parse_dsn

    return {_LIBPQ_NAMES.get(key, "PG" + key.upper().replace("_", "")): value
            for key, value in parse_dsn(url).items()}


# libpq names its variables PG + the keyword in capitals without underscores
# (target_session_attrs: PGTARGETSESSIONATTRS), except these.
_LIBPQ_NAMES = {"dbname": "PGDATABASE", "application_name": "PGAPPNAME",
                "connect_timeout": "PGCONNECT_TIMEOUT"}


# --- output ----------------------------------------------------------------------------------


def _print_table(rows: list[dict], as_json: bool) -> None:
    if as_json:
        print(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
        return
    if not rows:
        print("(none)")
        return
    columns = list(rows[0])
    cells = [[("" if r[c] is None else str(r[c])) for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    for line in [columns, *cells]:
        print("  ".join(v.ljust(w) for v, w in zip(line, widths)).rstrip())


# --- argument parsing ------------------------------------------------------------------------


def _iso_date(text: str) -> str:
    try:
        if len(text) == 10:
            return date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    raise argparse.ArgumentTypeError("must be a date, YYYY-MM-DD")


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tambon",
        description="Run and administer a Tambon form-collection server. "
        "Configuration comes from TAMBON_* environment variables (see README.md).",
    )
    parser.add_argument("--data-dir", help="overrides TAMBON_DATA_DIR for this command")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(parent, name, handler, help):
        sub = parent.add_parser(name, help=help, description=help)
        sub.set_defaults(handler=handler)
        return sub

    def group(name, help):
        sub = commands.add_parser(name, help=help, description=help)
        return sub.add_subparsers(dest="action", required=True, metavar="ACTION")

    command(commands, "init", cmd_init,
            "Create the database, publish the bundled forms and the first admin, then exit.")

    serve = command(commands, "serve", cmd_serve,
                    "Prepare the database like `init`, then serve HTTP until SIGTERM or Ctrl-C.")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (8000)")
    serve.add_argument("--workers", type=_positive, default=2, help="worker processes (2)")
    serve.add_argument("--threads", type=_positive, default=16,
                       help="request threads per worker: each slow phone upload in flight "
                            "holds one (16)")
    serve.add_argument("--access-log", action="store_true", help="log every request to stdout")

    index = command(commands, "index", cmd_index,
                    "Bring the search index up to date with stored submissions.")
    index.add_argument("--follow", action="store_true",
                       help="keep indexing new submissions until stopped (`serve` runs this)")

    users = group("user", "Manage people's accounts.")
    add = command(users, "add", cmd_user_add, "Create an account; the password is read from stdin.")
    add.add_argument("username")
    add.add_argument("--role", choices=ROLES, required=True)
    add.add_argument("--password-stdin", action="store_true", required=True,
                     help="read the password from the first line of stdin")
    add.add_argument("--full-name", help="the person's full name, e.g. นายสมศักดิ์ จิตรวิไลย")
    name = command(users, "name", cmd_user_name, "Record an account's full name.")
    name.add_argument("username")
    name.add_argument("full_name")
    disable = command(users, "disable", cmd_user_disable,
                      "Disable an account: no sign-in, no sync; its tokens are revoked.")
    disable.add_argument("username")
    enable = command(users, "enable", cmd_user_enable, "Enable a disabled account again.")
    enable.add_argument("username")
    password = command(users, "password", cmd_user_password,
                       "Set an account's password, read from stdin.")
    password.add_argument("username")
    password.add_argument("--password-stdin", action="store_true", required=True,
                          help="read the password from the first line of stdin")
    signout = command(users, "signout", cmd_user_signout,
                      "End every web session of an account, on every server.")
    signout.add_argument("username")
    role = command(users, "role", cmd_user_role, "Give an account another role.")
    role.add_argument("username")
    role.add_argument("--role", choices=ROLES, required=True)
    listing = command(users, "list", cmd_user_list, "List accounts.")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")

    devices = group("device", "Manage the tokens that phones sync with.")
    issue = command(devices, "issue", cmd_device_issue,
                    "Issue a token for a user's device; it is printed once, on the last line.")
    issue.add_argument("username")
    issue.add_argument("--label", required=True, help="a name for the phone, unique while active")
    revoke = command(devices, "revoke", cmd_device_revoke, "Revoke a device's token.")
    revoke.add_argument("label")
    listing = command(devices, "list", cmd_device_list, "List devices.")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")

    enrol = group("enrol", "One-time set-up codes that connect officers' phones.")
    create = command(enrol, "create", cmd_enrol_create,
                     "Make one set-up code per officer; printed once with its link.")
    create.add_argument("usernames", nargs="+", metavar="USERNAME")
    create.add_argument("--hours", type=float, default=enrolment.DEFAULT_HOURS,
                        help=f"how long the codes work ({enrolment.DEFAULT_HOURS}, "
                             f"at most {enrolment.MAX_HOURS})")
    create.add_argument("--url", required=True,
                        help="the server's address as phones reach it, e.g. https://tambon.example")
    create.add_argument("--json", action="store_true", help="print JSON instead of a table")
    listing = command(enrol, "list", cmd_enrol_list, "List recent set-up codes (never the codes).")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    revoke_code = command(enrol, "revoke", cmd_enrol_revoke, "Revoke an unused set-up code.")
    revoke_code.add_argument("code_id", metavar="ID")

    rescues = group("rescue", "Load the unsent work a phone saved to a file.")
    load = command(rescues, "load", cmd_rescue_load,
                   "Store a rescue file's items as their author pushed them (each once).")
    load.add_argument("file", metavar="FILE")

    forms = group("form", "Publish and close form definitions.")
    publish = command(forms, "publish", cmd_form_publish, "Publish form definition files.")
    publish.add_argument("files", nargs="+", metavar="FILE")
    imports = command(forms, "import", cmd_form_import,
                      "Convert an XLSForm (.xlsx, .xls), list what it loses, publish it or write JSON.")
    imports.add_argument("file", metavar="FILE")
    imports.add_argument("--publish", action="store_true", help="publish the converted form")
    imports.add_argument("--accept-downgrades", action="store_true",
                         help="publish even though the listed downgrades lose something")
    imports.add_argument("--out", metavar="FILE.json", help="write the Tambon definition here")
    close = command(forms, "close", cmd_form_close, "Close a form: no new submissions.")
    close.add_argument("form_id")
    listing = command(forms, "list", cmd_form_list, "List the current version of every form.")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")

    lists_group = group("list", "Publish and read lists: choices forms take from outside.")
    publish = command(lists_group, "publish", cmd_list_publish,
                      "Publish list files (JSON, or CSV with value,label_th,label_en,...).")
    publish.add_argument("files", nargs="+", metavar="FILE")
    publish.add_argument("--list-id", help="the list a CSV file publishes (its file name)")
    listing = command(lists_group, "list", cmd_list_list, "List every list with its version.")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    show = command(lists_group, "show", cmd_list_show, "Print a list's items.")
    show.add_argument("list_id")
    show.add_argument("--json", action="store_true", help="print JSON instead of a table")

    submissions = group("submission", "Read submissions as the supervisors' listing does.")
    listing = command(submissions, "list", cmd_submission_list,
                      "List the newest submissions, filtered like the listing.")
    listing.add_argument("--form", help="one form's id")
    listing.add_argument("--state", action="append", choices=reads.REVIEW_STATES,
                         help="a review state (repeat for several)")
    listing.add_argument("--author", help="the sender's username")
    listing.add_argument("--from", dest="date_from", type=_iso_date, metavar="DATE",
                         help="record date from, YYYY-MM-DD")
    listing.add_argument("--to", dest="date_to", type=_iso_date, metavar="DATE",
                         help="record date to, YYYY-MM-DD")
    listing.add_argument("--search", help="text anywhere in the answers")
    listing.add_argument("--sort", choices=tuple(reads.SORTS), default="received",
                         help="newest received first (received) or newest record date first")
    listing.add_argument("--limit", type=_positive, default=reads.PAGE_SIZE,
                         help=f"at most this many rows ({reads.PAGE_SIZE})")
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")

    backup = command(commands, "backup", cmd_backup,
                     "Write a consistent copy of the live database to PATH (SQLite or pg_dump).")
    backup.add_argument("path", metavar="PATH")
    return parser


def main(argv: list[str] | None = None) -> int:
    global _data_dir_option
    args = build_parser().parse_args(argv)
    _data_dir_option = args.data_dir
    try:
        args.handler(args)
    except UserError as exc:
        print(f"tambon: {exc}", file=sys.stderr)
        return 1
    except SyncError as exc:
        print(f"tambon: {exc.text('en')}", file=sys.stderr)
        # Only invalid input has details worth a line each; elsewhere they repeat the message.
        problems = exc.details if isinstance(exc, InvalidRequest) else {}
        for path, found in by_path(problems).items():
            for problem in found:
                # A definition's problems carry their own paths (`fields[2].name: ...`).
                print(f"  {problem}" if path == "problems" else f"  {path}: {problem}",
                      file=sys.stderr)
        return 1
    except (peewee.OperationalError, peewee.InterfaceError) as exc:
        print(f"tambon: the database could not be used: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0
