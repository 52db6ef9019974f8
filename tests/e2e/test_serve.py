"""`tambon serve` itself: first start on an empty data dir, and a graceful stop."""

import signal
import threading
import time

import pytest
import requests

from forms.samples import sample_answers
from tests.e2e.harness import TambonServer, add_user, issue_token, submission

pytestmark = pytest.mark.slow


def test_the_first_start_prepares_an_empty_data_dir_and_prints_the_admin_password_once(
        tmp_path):
    server = TambonServer(tmp_path / "data")
    with server:
        forms = requests.get(f"{server.url}/api/v1/forms", timeout=30,
                             auth=("admin", _printed_password(server.log())))
        assert forms.status_code == 200
        assert "training_attendance" in {f["form_id"] for f in forms.json()["forms"]}
    first_log = server.log()
    with TambonServer(tmp_path / "data", port=server.port):
        pass
    assert server.log()[len(first_log):].count("password:") == 0


def test_sigterm_lets_the_batch_in_flight_finish_then_exits_cleanly(tmp_path,
                                                                    training_definition):
    server = TambonServer(tmp_path / "data").start()
    add_user(server.env, "somchai", "field")
    token = issue_token(server.env, "somchai", "phone-1")
    items = [submission(sample_answers(training_definition.raw, seed=n,
                                       repeat_counts={"participants": 30}))
             for n in range(500)]
    answered = {}

    def push():
        answered["response"] = requests.post(
            f"{server.url}/api/v1/sync/push", timeout=120,
            headers={"Authorization": f"Bearer {token}"},
            json={"batch_id": "0c1d2e3f-4a5b-4c6d-8e7f-8091a2b3c4d5", "device_id": "phone-1",
                  "sent_at": "2026-11-20T17:00:00+07:00", "submissions": items})

    sender = threading.Thread(target=push)
    sender.start()
    _wait_for_a_busy_worker(server)
    assert sender.is_alive(), "the batch was answered before SIGTERM; the test proved nothing"
    server.process.send_signal(signal.SIGTERM)
    sender.join(timeout=120)
    assert server.process.wait(timeout=60) == 0
    response = answered["response"]
    assert response.status_code == 200
    assert response.json()["summary"]["created"] == 500
    # Nothing is left behind: the port is free for the next start.
    with TambonServer(server.data_dir, port=server.port):
        pass


def _printed_password(log: str) -> str:
    return next(line.split(":", 1)[1].strip() for line in log.splitlines()
                if line.strip().startswith("password:"))


def _wait_for_a_busy_worker(server, timeout=30.0):
    """Return once some worker is using CPU, i.e. the request reached it."""

    def cpu_ticks():
        total = 0
        for pid in server.worker_pids():
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        return total

    start, deadline = cpu_ticks(), time.monotonic() + timeout
    while cpu_ticks() - start < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
