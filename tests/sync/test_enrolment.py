"""Set-up codes and accounts: a code connects one phone once, before it expires, unless
revoked, and is never stored in clear; a disabled account signs in and syncs nowhere."""

import pytest

from sync import accounts, audit, enrolment
from sync.db import database
from sync.tables import create_tables
from sync.errors import InvalidRequest, NotFound
from sync.models import Device, EnrolmentCode, User
from tests.conftest import ADMIN, OFFICER, PASSWORD


def reason(excinfo) -> str:
    return excinfo.value.details["reason"]


def test_a_code_connects_a_phone_with_a_token_of_its_own(people):
    [issued] = enrolment.create_codes([OFFICER], hours=2, actor=ADMIN)
    device, token = enrolment.redeem(issued.code)
    assert accounts.user_for_token(token).username == OFFICER
    assert device.label.startswith(f"{OFFICER}-")
    assert token.replace("-", "").upper() != issued.code.replace("-", "")


def test_a_code_works_once_only(people):
    [issued] = enrolment.create_codes([OFFICER], actor=ADMIN)
    enrolment.redeem(issued.code, "first-phone")
    with pytest.raises(enrolment.EnrolmentRefused) as refused:
        enrolment.redeem(issued.code, "second-phone")
    assert reason(refused) == "used"
    assert [d.label for d in Device.select()] == ["first-phone"]


def test_a_code_typed_in_small_letters_with_spaces_still_works(people):
    [issued] = enrolment.create_codes([OFFICER], actor=ADMIN)
    typed = " ".join(issued.code.lower().replace("-", "")[i:i + 3] for i in range(0, 10, 3))
    _, token = enrolment.redeem(typed)
    assert accounts.user_for_token(token).username == OFFICER


def test_a_code_is_stored_only_as_its_hash(people):
    [issued] = enrolment.create_codes([OFFICER], actor=ADMIN)
    bare = issued.code.replace("-", "")
    row = EnrolmentCode.get()
    assert bare not in str(row.__data__) and issued.code not in str(row.__data__)
    assert bare not in str(audit.entries())


def test_an_expired_code_is_refused_and_connects_nothing(people):
    [issued] = enrolment.create_codes([OFFICER], hours=1, actor=ADMIN)
    EnrolmentCode.update(expires_at="2000-01-01T00:00:00.000000+00:00").execute()
    with pytest.raises(enrolment.EnrolmentRefused) as refused:
        enrolment.redeem(issued.code)
    assert reason(refused) == "expired"
    assert Device.select().count() == 0


def test_a_revoked_code_is_refused_and_a_used_one_cannot_be_revoked(people):
    first, second = enrolment.create_codes([OFFICER, OFFICER], actor=ADMIN)
    enrolment.revoke_code(first.id, actor=ADMIN)
    with pytest.raises(enrolment.EnrolmentRefused) as refused:
        enrolment.redeem(first.code)
    assert reason(refused) == "revoked"
    enrolment.redeem(second.code)
    with pytest.raises(NotFound):
        enrolment.revoke_code(second.id, actor=ADMIN)
    assert {c.id: c.status for c in enrolment.list_codes()} == {
        first.id: "revoked", second.id: "used"}


@pytest.mark.parametrize("code", ["", "ABCDE", "0" * 10, None, 42, "A" * 500])
def test_a_wrong_code_is_unknown(people, code):
    with pytest.raises(enrolment.EnrolmentRefused) as refused:
        enrolment.redeem(code)
    assert reason(refused) == "unknown"


def test_codes_last_at_most_three_days_and_need_a_person(people):
    for hours in (0, -1, enrolment.MAX_HOURS + 1, "12", True):
        with pytest.raises(InvalidRequest):
            enrolment.create_codes([OFFICER], hours=hours)
    with pytest.raises(InvalidRequest):
        enrolment.create_codes([])
    with pytest.raises(NotFound):
        enrolment.create_codes(["nobody"])


def test_disabling_an_account_revokes_its_phones_and_codes_and_refuses_its_password(people):
    _, token = accounts.issue_device_token(OFFICER, "somchai-phone")
    [issued] = enrolment.create_codes([OFFICER], actor=ADMIN)
    accounts.disable_user(OFFICER, actor=ADMIN)
    assert accounts.user_for_token(token) is None
    assert accounts.check_password(OFFICER, PASSWORD) is None
    with pytest.raises(enrolment.EnrolmentRefused) as refused:
        enrolment.redeem(issued.code)
    assert reason(refused) == "revoked"
    with pytest.raises(InvalidRequest):
        accounts.issue_device_token(OFFICER, "another-phone")
    actions = [e["action"] for e in audit.entries()]
    assert {"user.disabled", "token.revoked", "enrolment.revoked"} <= set(actions)


def test_an_enabled_account_signs_in_again_but_its_old_phones_stay_revoked(people):
    _, token = accounts.issue_device_token(OFFICER, "somchai-phone")
    accounts.disable_user(OFFICER, actor=ADMIN)
    accounts.enable_user(OFFICER, actor=ADMIN)
    assert accounts.check_password(OFFICER, PASSWORD).username == OFFICER
    assert accounts.user_for_token(token) is None


def test_an_administrator_cannot_disable_themselves(people):
    with pytest.raises(InvalidRequest):
        accounts.disable_user(ADMIN, actor=ADMIN)
    assert User.get(User.username == ADMIN).disabled_at is None


def test_a_full_name_is_recorded_cleared_and_checked(people):
    assert accounts.set_full_name(OFFICER, "  นายสมศักดิ์ จิตรวิไลย ").full_name == (
        "นายสมศักดิ์ จิตรวิไลย")
    assert accounts.display_name(User.get(User.username == OFFICER)) == (
        "นายสมศักดิ์ จิตรวิไลย (somchai)")
    assert accounts.set_full_name(OFFICER, "").full_name is None
    for bad in ("x" * 201, "tab\there", 7):
        with pytest.raises(InvalidRequest):
            accounts.set_full_name(OFFICER, bad)


def test_a_database_from_before_full_names_gains_the_new_columns_on_start(people):
    for column in ("full_name", "disabled_at"):
        database.execute_sql(f'ALTER TABLE "user" DROP COLUMN "{column}"')
    for column in ("app_version", "unsent", "unsent_since", "clock_skew_seconds",
                   "reported_at"):
        database.execute_sql(f'ALTER TABLE "device" DROP COLUMN "{column}"')
    create_tables()
    assert {c.name for c in database.get_columns("user")} >= {"full_name", "disabled_at"}
    assert User.get(User.username == OFFICER).full_name is None
    assert accounts.check_password(OFFICER, PASSWORD).username == OFFICER
