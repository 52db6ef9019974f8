"""Password guessing is slowed down in the database, per account and per address, and a real
officer is never locked out for long. Runs on SQLite and PostgreSQL."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from sync import throttle
from sync.models import SignInThrottle
from tests.conftest import ADMIN, PASSWORD, SUPERVISOR

ADDRESS = "203.0.113.7"


@pytest.fixture
def clock(monkeypatch):
    """The throttle's clock, moved forward by hand (no sleeping)."""
    start = throttle._now()
    moment = {"now": start}
    monkeypatch.setattr(throttle, "_now", lambda: moment["now"])

    def advance(seconds: float) -> None:
        moment["now"] += timedelta(seconds=seconds)

    return advance


def guess_wrong(username: str, times: int, address: str = ADDRESS) -> None:
    for _ in range(times):
        assert throttle.check_password(username, "wrong-guess", address) is None


def test_the_first_few_wrong_passwords_are_free(people, clock):
    guess_wrong(SUPERVISOR, throttle.FREE_FAILURES["user"])
    assert throttle.check_password(SUPERVISOR, PASSWORD, ADDRESS).username == SUPERVISOR


def test_the_right_password_is_refused_while_the_account_waits(people, clock):
    guess_wrong(SUPERVISOR, throttle.FREE_FAILURES["user"] + 1)
    with pytest.raises(throttle.TooManyAttempts) as refused:
        throttle.check_password(SUPERVISOR, PASSWORD, ADDRESS)
    assert refused.value.retry_after == 1
    assert refused.value.code == "too_many_attempts"
    clock(1.01)
    assert throttle.check_password(SUPERVISOR, PASSWORD, ADDRESS).username == SUPERVISOR


def test_each_further_wrong_password_doubles_the_wait_up_to_the_cap(people, clock):
    guess_wrong(SUPERVISOR, throttle.FREE_FAILURES["user"])
    waits = []
    for _ in range(12):
        assert throttle.check_password(SUPERVISOR, "wrong-guess", ADDRESS) is None
        waits.append(throttle.seconds_to_wait(throttle.keys_for(SUPERVISOR, ADDRESS)))
        clock(waits[-1] + 0.01)
    assert waits[:6] == [1, 2, 4, 8, 16, 32]
    assert max(waits) == throttle.MAX_DELAY_SECONDS == waits[-1]


def test_a_refused_try_is_not_counted_so_hammering_does_not_lengthen_the_wait(people, clock):
    guess_wrong(SUPERVISOR, throttle.FREE_FAILURES["user"] + 1)
    for _ in range(50):
        with pytest.raises(throttle.TooManyAttempts):
            throttle.check_password(SUPERVISOR, "wrong-guess", ADDRESS)
    counted = SignInThrottle.get_by_id(f"user:{SUPERVISOR}").failures
    assert counted == throttle.FREE_FAILURES["user"] + 1


def test_two_hundred_quick_guesses_get_only_a_handful_of_password_checks(people, clock):
    checked = 0
    for _ in range(200):
        try:
            throttle.check_password(SUPERVISOR, "wrong-guess", ADDRESS)
            checked += 1
        except throttle.TooManyAttempts:
            clock(0.05)  # 200 tries in about ten seconds
    assert checked <= throttle.FREE_FAILURES["user"] + 4
    with pytest.raises(throttle.TooManyAttempts):
        throttle.check_password(SUPERVISOR, PASSWORD, ADDRESS)


def test_the_account_is_throttled_from_every_address(people, clock):
    for n in range(throttle.FREE_FAILURES["user"] + 1):
        guess_wrong(SUPERVISOR, 1, address=f"198.51.100.{n}")
    with pytest.raises(throttle.TooManyAttempts):
        throttle.check_password(SUPERVISOR, PASSWORD, "192.0.2.99")


def test_one_address_guessing_many_accounts_is_throttled(people, clock):
    for n in range(throttle.FREE_FAILURES["addr"] + 1):
        guess_wrong(f"nobody{n}", 1)
    with pytest.raises(throttle.TooManyAttempts):
        throttle.check_password(ADMIN, PASSWORD, ADDRESS)
    assert throttle.check_password(ADMIN, PASSWORD, "192.0.2.99").username == ADMIN


def test_failures_are_forgotten_after_a_quiet_spell(people, clock):
    guess_wrong(SUPERVISOR, throttle.FREE_FAILURES["user"])
    clock(throttle.FORGET_MINUTES * 60 + 1)
    guess_wrong(SUPERVISOR, throttle.FREE_FAILURES["user"])
    assert throttle.check_password(SUPERVISOR, PASSWORD, ADDRESS).username == SUPERVISOR


def test_the_right_password_clears_the_accounts_count_but_not_the_addresss(people, clock):
    guess_wrong(SUPERVISOR, throttle.FREE_FAILURES["user"])
    assert throttle.check_password(SUPERVISOR, PASSWORD, ADDRESS) is not None
    assert SignInThrottle.get_or_none(SignInThrottle.key == f"user:{SUPERVISOR}") is None
    assert SignInThrottle.get_by_id(f"addr:{ADDRESS}").failures == throttle.FREE_FAILURES["user"]


@pytest.mark.parametrize("username", [
    "malee\x00", "x" * 100_000, "\ud800", "ชัย", "", " malee", "malee\n", "💥" * 70,
    "=cmd|' /C calc'!A0",
])
def test_hostile_usernames_are_counted_without_reaching_the_database_as_they_are(
        people, clock, username):
    guess_wrong(username, throttle.FREE_FAILURES["user"] + 1)
    with pytest.raises(throttle.TooManyAttempts):
        throttle.check_password(username, PASSWORD, ADDRESS)
    keys = [row.key for row in SignInThrottle.select()]
    assert all(len(key) < 80 and key.isprintable() for key in keys)


def test_a_burst_of_parallel_guesses_gets_no_more_password_checks_than_one_by_one(
        people, store):
    tries = 16
    start = threading.Barrier(tries)

    def one_try(_):
        start.wait()
        with store.connection_context():
            try:
                throttle.check_password(SUPERVISOR, "wrong-guess", ADDRESS)
                return "checked"
            except throttle.TooManyAttempts:
                return "refused"

    with ThreadPoolExecutor(tries) as pool:
        outcomes = list(pool.map(one_try, range(tries)))
    assert outcomes.count("checked") == throttle.FREE_FAILURES["user"] + 1
