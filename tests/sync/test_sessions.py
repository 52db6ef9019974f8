"""Supervisor page sessions live in the database so that they can be ended from anywhere.
On SQLite and PostgreSQL."""

from sync import accounts, sessions
from sync.models import WebSession
from tests.conftest import ADMIN, SUPERVISOR


def test_a_session_is_found_by_its_key_and_only_its_hash_is_stored(people):
    key = sessions.open_session(people[SUPERVISOR])
    found = sessions.find(key)
    assert found.user.username == SUPERVISOR and found.ended_at is None
    assert key not in {row.key_hash for row in WebSession.select()}


def test_ending_a_session_says_why_and_leaves_the_others_open(people):
    laptop = sessions.open_session(people[SUPERVISOR])
    phone = sessions.open_session(people[SUPERVISOR])
    sessions.end_session(laptop, sessions.SIGNED_OUT)
    assert sessions.find(laptop).end_reason == sessions.SIGNED_OUT
    assert sessions.find(phone).ended_at is None


def test_a_new_password_ends_every_session_of_that_account_only(people):
    mine = [sessions.open_session(people[SUPERVISOR]) for _ in range(3)]
    theirs = sessions.open_session(people[ADMIN])
    accounts.set_password(SUPERVISOR, "a-brand-new-password")
    assert {sessions.find(k).end_reason for k in mine} == {sessions.PASSWORD_CHANGED}
    assert sessions.find(theirs).ended_at is None


def test_sessions_older_than_the_longest_life_are_deleted_at_the_next_sign_in(people):
    old = sessions.open_session(people[SUPERVISOR])
    WebSession.update(created_at="2020-01-01T00:00:00.000000+00:00").execute()
    sessions.open_session(people[ADMIN])
    assert sessions.find(old) is None


def test_unknown_or_hostile_keys_find_nothing(people):
    for key in (None, "", "x" * 10_000, "nope", 42, "\x00", "\ud800"):
        assert sessions.find(key) is None
        sessions.end_session(key)  # and ending one is harmless
