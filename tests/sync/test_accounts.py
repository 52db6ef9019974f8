"""Users, passwords and device tokens, on SQLite and PostgreSQL."""

import time

import pytest

from sync import accounts, audit
from sync.errors import DeviceExists, InvalidRequest, NotFound, UserExists
from sync.models import Device


def test_the_production_password_hash_is_slow_salted_scrypt():
    first = accounts.hash_password("รหัสผ่านยาวพอ", n=2**14)
    second = accounts.hash_password("รหัสผ่านยาวพอ", n=2**14)
    assert first.startswith("scrypt$16384$8$1$") and first != second  # per-user salt
    assert accounts.verify_password_hash("รหัสผ่านยาวพอ", first)
    assert not accounts.verify_password_hash("รหัสผ่านยาวพอ!", first)


def test_a_user_signs_in_with_their_password_only(store):
    accounts.create_user("somchai", "field", "correct horse")
    assert accounts.check_password("somchai", "correct horse").username == "somchai"
    assert accounts.check_password("somchai", "wrong horse") is None
    assert accounts.check_password("nobody", "correct horse") is None


def test_a_username_is_taken_once(store):
    accounts.create_user("somchai", "field", "correct horse")
    with pytest.raises(UserExists):
        accounts.create_user("somchai", "admin", "another one")


@pytest.mark.parametrize("username, role, password, field", [
    ("has space", "field", "long enough", "username"),
    ("somchai", "boss", "long enough", "role"),
    ("somchai", "field", "short", "password"),
])
def test_a_bad_user_is_refused_with_the_reason(store, username, role, password, field):
    with pytest.raises(InvalidRequest) as raised:
        accounts.create_user(username, role, password)
    assert field in raised.value.details


def test_a_device_token_is_shown_once_and_stored_only_as_a_hash(store):
    accounts.create_user("somchai", "field", "correct horse")
    device, token = accounts.issue_device_token("somchai", "โทรศัพท์ของสมชาย", actor="admin")
    assert token not in device.token_hash and len(token) >= 40
    user = accounts.user_for_token(token)
    assert (user.username, user.device.label) == ("somchai", "โทรศัพท์ของสมชาย")
    assert accounts.user_for_token(token + "x") is None
    assert audit.entries("device:โทรศัพท์ของสมชาย")[0]["action"] == "token.issued"


def test_a_revoked_token_no_longer_signs_in(store):
    accounts.create_user("somchai", "field", "correct horse")
    _, token = accounts.issue_device_token("somchai", "phone-a")
    accounts.revoke_device("phone-a", actor="admin")
    assert accounts.user_for_token(token) is None
    with pytest.raises(NotFound):
        accounts.revoke_device("phone-a")


def test_reissuing_a_label_replaces_the_owners_old_token(store):
    accounts.create_user("somchai", "field", "correct horse")
    _, old = accounts.issue_device_token("somchai", "phone-a")
    _, new = accounts.issue_device_token("somchai", "phone-a")
    assert accounts.user_for_token(old) is None and accounts.user_for_token(new)


def test_another_users_active_label_is_not_taken_over(store):
    accounts.create_user("somchai", "field", "correct horse")
    accounts.create_user("somsri", "field", "correct horse")
    accounts.issue_device_token("somchai", "phone-a")
    with pytest.raises(DeviceExists):
        accounts.issue_device_token("somsri", "phone-a")


def test_last_seen_is_written_at_most_once_a_minute(store):
    accounts.create_user("somchai", "field", "correct horse")
    _, token = accounts.issue_device_token("somchai", "phone-a")
    accounts.user_for_token(token)
    first = Device.get(Device.label == "phone-a").last_seen_at
    time.sleep(0.01)
    accounts.user_for_token(token)
    assert Device.get(Device.label == "phone-a").last_seen_at == first


def test_devices_list_with_their_users(store):
    accounts.create_user("somchai", "field", "correct horse")
    accounts.issue_device_token("somchai", "phone-a")
    [device] = accounts.list_devices()
    assert (device.label, device.user.username, device.revoked_at) == ("phone-a", "somchai", None)
