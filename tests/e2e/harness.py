"""Real `tambon` processes for end-to-end tests and benchmarks.

`TambonServer` runs `python -m server serve` exactly as an operator would, in its own process
group, on a free loopback port, with its own data dir (and optionally a PostgreSQL URL). It can
be stopped gracefully, or killed with SIGKILL mid-request and started again. Nothing here
imports pytest, so the benchmarks use the same code.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import socket
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

import requests

from tests.cast import OFFICER, PASSWORD, SECOND_OFFICER, SUPERVISOR

REPO_ROOT = Path(__file__).resolve().parents[2]
PG_ADMIN_URL = os.environ.get(
    "TAMBON_TEST_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tambon_env(data_dir: Path, database_url: str | None = None) -> dict:
    """The environment of a `tambon` process: this one's, minus any inherited TAMBON_*."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TAMBON_")}
    env["TAMBON_DATA_DIR"] = str(data_dir)
    if database_url:
        env["TAMBON_DATABASE_URL"] = database_url
    env["PYTHONUNBUFFERED"] = "1"
    return env


def run_cli(env: dict, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run `tambon ARGS...`; raises with its output when it fails."""
    result = subprocess.run(
        [sys.executable, "-m", "server", *args], env=env, cwd=REPO_ROOT, input=stdin,
        capture_output=True, text=True, timeout=120,
    )
    if result.returncode != 0:
        raise RuntimeError(f"tambon {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result


def add_user(env: dict, username: str, role: str) -> None:
    run_cli(env, "user", "add", username, "--role", role, "--password-stdin", stdin=PASSWORD)


def issue_token(env: dict, username: str, label: str) -> str:
    return run_cli(env, "device", "issue", username, "--label", label).stdout.splitlines()[-1]


def _processes():
    """(pid, state, parent pid, process group) of every process, from /proc."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            state, ppid, pgrp = stat.read_text().rsplit(")", 1)[1].split()[:3]
        except OSError:  # it ended while we looked
            continue
        yield int(stat.parent.name), state, int(ppid), int(pgrp)


class TambonServer:
    """One `tambon serve` process tree (gunicorn master and its workers)."""

    def __init__(self, data_dir: Path, database_url: str | None = None, workers: int = 2,
                 port: int | None = None, extra_env: dict | None = None):
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.env = {**tambon_env(self.data_dir, database_url), **(extra_env or {})}
        self.workers = workers
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = self.data_dir / f"serve-{self.port}.log"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> "TambonServer":
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "server", "serve", "--port", str(self.port),
             "--workers", str(self.workers)],
            env=self.env, cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        self.wait_healthy(timeout)
        return self

    def wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"tambon serve exited with {self.process.returncode}:\n"
                                   + self.log())
            try:
                if requests.get(f"{self.url}/api/v1/health", timeout=2).status_code == 200:
                    return
            except (requests.ConnectionError, requests.Timeout):
                pass  # not listening yet, or a worker still starting on a busy machine
            time.sleep(0.1)
        self.kill()
        raise RuntimeError(f"tambon serve was not healthy after {timeout}s:\n" + self.log())

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def worker_pids(self) -> list[int]:
        """The gunicorn workers: the master's children that run the master's command line
        (the search indexer beside them runs another)."""
        master = Path(f"/proc/{self.process.pid}/cmdline").read_bytes()
        pids = []
        for pid, state, ppid, _ in _processes():
            if ppid == self.process.pid and state != "Z":
                with suppress(OSError):
                    if Path(f"/proc/{pid}/cmdline").read_bytes() == master:
                        pids.append(pid)
        return pids

    def kill(self) -> None:
        """SIGKILL the whole process group at once: a crash, with no chance to clean up."""
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self._wait_group_gone()

    def stop(self, timeout: float = 30) -> int | None:
        """SIGTERM (gunicorn's graceful shutdown), then SIGKILL whatever is left."""
        if self.process is None or self.process.poll() is not None:
            return self.process and self.process.returncode
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            pass
        code = self.process.poll()
        self.kill()
        self._wait_group_gone()
        return code

    def _wait_group_gone(self, timeout: float = 10) -> None:
        """Wait until no live process of the group is left (zombies, already dead, count as
        gone: a container's init may be slow to reap them)."""
        deadline = time.monotonic() + timeout
        while self._live_group_members() and time.monotonic() < deadline:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                return
            time.sleep(0.05)

    def _live_group_members(self) -> list[int]:
        return [pid for pid, state, _, pgrp in _processes()
                if pgrp == self.process.pid and state != "Z"]

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


@contextmanager
def scratch_postgres_database(prefix: str = "tambon_e2e"):
    """A new, empty PostgreSQL database for one test or benchmark; dropped afterwards."""
    import psycopg2

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = psycopg2.connect(PG_ADMIN_URL)
    admin.autocommit = True
    try:
        with admin.cursor() as cur:
            cur.execute(f'CREATE DATABASE "{name}"')
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


class Phone:
    """A device speaking the sync protocol over HTTP, as the offline client does."""

    def __init__(self, url: str, token: str, device_id: str = "e2e-phone"):
        self.url = url
        self.device_id = device_id
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"

    def push(self, submissions: list[dict], batch_id: str | None = None) -> requests.Response:
        body = {
            "batch_id": batch_id or str(uuid.uuid4()),
            "device_id": self.device_id,
            "sent_at": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime()),
            "submissions": submissions,
        }
        return self.session.post(f"{self.url}/api/v1/sync/push", json=body, timeout=120)

    def push_until_answered(self, submissions: list[dict], batch_id: str,
                            give_up_after: float = 120) -> tuple[requests.Response, int]:
        """Send one batch until the server answers it, as a phone does; returns the answer
        and how many attempts were cut off (connection lost, or 503 busy) before it."""
        interrupted = 0
        deadline = time.monotonic() + give_up_after
        while True:
            try:
                response = self.push(submissions, batch_id)
                if response.status_code != 503:
                    return response, interrupted
                wait = float(response.headers.get("Retry-After", 1))
            except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError):
                wait = 0.2
            interrupted += 1
            if time.monotonic() > deadline:
                raise TimeoutError(f"batch {batch_id} was not answered in {give_up_after}s")
            time.sleep(wait)

    def pull(self, cursor: str | None = None) -> requests.Response:
        params = {"since": cursor} if cursor else {}
        return self.session.get(f"{self.url}/api/v1/sync/pull", params=params, timeout=30)


def submission(answers: dict, form_id: str = "training_attendance", form_version: str = "1",
               base_rev: int = 0, uuid_: str | None = None) -> dict:
    """One push item, as a phone makes it."""
    return {
        "uuid": uuid_ or str(uuid.uuid4()),
        "form_id": form_id,
        "form_version": form_version,
        "base_rev": base_rev,
        "created_at": "2026-11-20T09:15:00+07:00",
        "answers": answers,
    }


@dataclass
class Site:
    """A prepared installation: its server(s), and who can log in to it."""

    data_dir: Path
    env: dict
    servers: list[TambonServer]
    admin_password: str
    tokens: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return self.servers[0].url

    @property
    def engine(self) -> str:
        return "postgres" if self.env.get("TAMBON_DATABASE_URL") else "sqlite"

    def admin(self) -> tuple[str, str]:
        return ("admin", self.admin_password)

    def phone(self, label: str, server: int = 0) -> Phone:
        return Phone(self.servers[server].url, self.tokens[label], device_id=label)

    def query(self, sql: str) -> list[tuple]:
        """Rows of `sql` read straight from the site's database, behind the server's back."""
        if self.engine == "postgres":
            import psycopg2

            with psycopg2.connect(self.env["TAMBON_DATABASE_URL"]) as conn, conn.cursor() as cur:
                cur.execute(sql)
                rows = cur.fetchall()
            conn.close()
            return rows
        conn = sqlite3.connect(self.data_dir / "tambon.db")
        try:
            return conn.execute(sql).fetchall()
        finally:
            conn.close()


def prepare_site(data_dir: Path, database_url: str | None = None, phones: int = 2) -> Site:
    """`tambon init`, a supervisor `malee`, a field officer `somchai` with `phones` phones,
    and a second field officer `somsri` with phone `somsri-phone`."""
    env = tambon_env(data_dir, database_url)
    out = run_cli(env, "init").stdout
    admin_password = next(line.split(":", 1)[1].strip() for line in out.splitlines()
                          if line.strip().startswith("password:"))
    add_user(env, SUPERVISOR, "supervisor")
    add_user(env, OFFICER, "field")
    add_user(env, SECOND_OFFICER, "field")
    site = Site(data_dir, env, [], admin_password)
    for n in range(1, phones + 1):
        site.tokens[f"phone-{n}"] = issue_token(env, OFFICER, f"phone-{n}")
    site.tokens["somsri-phone"] = issue_token(env, SECOND_OFFICER, "somsri-phone")
    return site


def start_servers(site: Site, count: int = 1, workers: int = 2) -> Site:
    """Start `count` servers one after another (each on its own port) on the site's database."""
    for _ in range(count):
        server = TambonServer(site.data_dir, site.env.get("TAMBON_DATABASE_URL"), workers)
        site.servers.append(server.start())
    return site


def stop_servers(site: Site) -> None:
    for server in site.servers:
        server.stop()
