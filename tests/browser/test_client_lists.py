"""Lists on the phone: a picker that finds a place by typing part of its name, cascading
province -> district -> sub-district by `choice_filter` evaluated on the phone, retired items
not offered but still read in old answers, and rosters applied to the phone's copy at once."""

import pytest
from playwright.sync_api import expect

from tests.browser.client import box, eventually, put_on_phone

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def th(name: str) -> dict:
    return {"th": name}


PLACES = {
    "th_provinces": [
        {"value": "10", "label": th("กรุงเทพมหานคร")},
        {"value": "24", "label": th("ฉะเชิงเทรา")},
    ],
    "th_districts": [
        {"value": "1001", "label": th("เขตพระนคร"), "province": "10"},
        {"value": "2401", "label": th("เมืองฉะเชิงเทรา"), "province": "24"},
        {"value": "2402", "label": th("บางคล้า"), "province": "24"},
    ],
    "th_subdistricts": [
        {"value": "100101", "label": th("พระบรมมหาราชวัง"), "district": "1001"},
        {"value": "240101", "label": th("หน้าเมือง"), "district": "2401"},
        {"value": "240112", "label": th("โสธร"), "district": "2401"},
        {"value": "240199", "label": th("ตำบลเก่า"), "district": "2401", "retired": True},
        {"value": "240201", "label": th("บางคล้า"), "district": "2402"},
    ],
}

PLACE_FORM = {
    "form_id": "place_check", "version": "1", "language": 2,
    "title": {"th": "ทดสอบเลือกสถานที่", "en": "Place check"},
    "fields": [
        {"name": "place", "type": "group", "label": th("ที่ตั้ง"), "fields": [
            {"name": "province", "type": "select_one", "required": True, "choices_from": "th_provinces",
             "label": th("จังหวัด")},
            {"name": "district", "type": "select_one", "required": True, "choices_from": "th_districts",
             "choice_filter": {"==": [{"var": "item.province"}, {"var": "place.province"}]},
             "label": th("อำเภอ")},
            {"name": "subdistrict", "type": "select_one", "required": True, "choices_from": "th_subdistricts",
             "choice_filter": {"==": [{"var": "item.district"}, {"var": "place.district"}]},
             "label": th("ตำบล")},
        ]},
    ],
}


def pick(page, path: str, typed: str, name: str) -> None:
    field = box(page, path)
    field.locator("input[type=search]").click()
    if typed:
        field.locator("input[type=search]").press_sequentially(typed)
    field.locator(".pick", has_text=name).click()
    expect(field.locator(".picked")).to_have_text(name)


def test_places_cascade_by_typing_part_of_a_name_and_a_retired_one_is_read_not_offered(phone, artifacts_dir):
    page = phone
    put_on_phone(page, PLACES, PLACE_FORM)
    page.context.set_offline(True)
    page.click('[data-form="place_check"]')
    page.wait_for_selector("form.form")

    pick(page, "place.province", "ฉะเชิง", "ฉะเชิงเทรา")
    # A district's choices are those of the province picked, listed without typing.
    district = box(page, "place.district")
    district.locator("input[type=search]").click()
    expect(district.locator(".pick")).to_have_count(2)
    district.locator(".pick", has_text="เมืองฉะเชิงเทรา").click()
    sub = box(page, "place.subdistrict")
    sub.locator("input[type=search]").click()
    expect(sub.locator(".pick")).to_have_count(2)  # the retired one is not offered
    sub.locator("input[type=search]").press_sequentially("โสธ")
    expect(sub.locator(".pick")).to_have_text(["โสธร"])
    sub.locator("input[type=search]").press("Enter")  # the first found
    page.screenshot(path=artifacts_dir / "places-picked.png")
    answers = eventually(page, """async () => {
        const record = await (await import('./js/submissions.js')).get(location.hash.split('/')[2]);
        return record.answers.place?.subdistrict && record.answers.place;
    }""")
    assert answers == {"province": "24", "district": "2401", "subdistrict": "240112"}

    # Another province: the district and sub-district that belonged to the old one are cleared.
    pick(page, "place.province", "กรุง", "กรุงเทพมหานคร")
    expect(district.locator(".picked")).to_be_hidden()
    expect(sub.locator(".picked")).to_be_hidden()
    sub.locator("input[type=search]").click()
    expect(sub.locator(".picker-hint")).to_be_visible()  # choose the district first

    # An old answer holding a retired sub-district still reads as its name.
    uuid = page.evaluate("""async (definition) => {
        const subs = await import('./js/submissions.js');
        const db = await import('./js/db.js');
        const form = await db.getForm(definition.form_id, definition.version);
        const record = await subs.createDraft(form, { place: { province: '24', district: '2401', subdistrict: '240199' } });
        return record.uuid;
    }""", PLACE_FORM)
    page.goto(page.url.split("#")[0] + f"#/fill/{uuid}")
    expect(box(page, "place.subdistrict").locator(".picked")).to_have_text("ตำบลเก่า (เลิกใช้แล้ว)")


COURSE = {
    "form_id": "course_check", "version": "1", "language": 2,
    "title": {"th": "ทดสอบทะเบียนผู้เข้าอบรม", "en": "Roster check"},
    "fields": [
        {"name": "activity", "type": "select_one", "required": True, "label": th("กิจกรรม"),
         "choices": [{"value": "desserts", "label": th("ขนมไทย")}, {"value": "mind", "label": th("พัฒนาจิต")}]},
        {"name": "day_no", "type": "integer", "required": True, "default": 1, "label": th("วันที่")},
        {"name": "attendance", "type": "repeat", "relevant": {">": [{"var": "day_no"}, 1]},
         "label": th("เช็คชื่อจากทะเบียน"), "rows_from": "trainee",
         "roster": {"list": "course_trainees", "mode": "update", "value": {"var": "row.trainee"},
                    "label": {"var": "row.corrected_name"}, "tick": {"var": "row.present"}},
         "fields": [
             {"name": "trainee", "type": "select_one", "required": True, "choices_from": "course_trainees",
              "choice_filter": {"==": [{"var": "item.activity"}, {"var": "activity"}]}, "label": th("ผู้เข้าอบรม")},
             {"name": "present", "type": "boolean", "required": True, "default": True, "label": th("มา")},
             {"name": "corrected_name", "type": "text", "label": th("แก้ชื่อ")},
         ]},
        {"name": "participants", "type": "repeat", "label": th("ลงทะเบียน"),
         "roster": {"list": "course_trainees",
                    "value": {"cat": [{"var": "record.uuid"}, ".", {"var": "record.row"}]},
                    "label": {"var": "row.full_name"}, "columns": {"activity": {"var": "activity"}},
                    "tick": {"var": "row.present"}},
         "fields": [
             {"name": "full_name", "type": "text", "required": True, "label": th("ชื่อ - สกุล")},
             {"name": "present", "type": "boolean", "required": True, "default": True, "label": th("มา")},
         ]},
    ],
}


def roster_on_phone(page, list_id: str) -> list[dict]:
    return page.evaluate("async (id) => (await (await import('./js/lists.js')).getStored(id))?.items || []", list_id)


def test_day_one_registers_trainees_on_the_phone_at_once_and_day_two_opens_with_them(phone, artifacts_dir):
    page = phone
    put_on_phone(page, {}, COURSE)
    page.context.set_offline(True)
    page.click('[data-form="course_check"]')
    page.wait_for_selector("form.form")
    day_one = page.url.rsplit("/", 1)[-1]
    box(page, "activity").locator('input[value="desserts"]').check()
    repeat = box(page, "participants")
    for name in ("สมชาย ใจดี", "สมหญิง รักถิ่น", "บุญมี ศรีสุข"):
        repeat.locator('[data-action="add-row"]').click()
        page.keyboard.type(name)
    page.click('[data-action="finalise"]')
    page.wait_for_url("**/#/outbox")
    people = roster_on_phone(page, "course_trainees")
    assert [(p["value"], p["label"]["th"], p["activity"]) for p in people] == [
        (f"{day_one}.1", "สมชาย ใจดี", "desserts"), (f"{day_one}.2", "สมหญิง รักถิ่น", "desserts"),
        (f"{day_one}.3", "บุญมี ศรีสุข", "desserts")]

    page.click('.tabs a[href="#/forms"]')
    page.click('[data-form="course_check"]')
    page.wait_for_selector("form.form")
    box(page, "activity").locator('input[value="desserts"]').check()
    box(page, "day_no").locator("input").fill("2")
    fill = box(page, "attendance").locator('[data-action="roster-fill"]')
    expect(fill).to_contain_text("3")
    fill.click()
    rows = box(page, "attendance").locator(":scope > .rows > .row")
    expect(rows).to_have_count(3)
    expect(rows.nth(1).locator(".row-name")).to_have_text("สมหญิง รักถิ่น")
    box(page, "attendance.1.present").locator("input").click()  # absent
    rows.nth(2).locator(".row-toggle").click()
    box(page, "attendance.2.corrected_name").locator("input").fill("บุญมี ศรีสุขสันต์")
    page.screenshot(path=artifacts_dir / "day-two-roster.png", full_page=True)
    page.click('[data-action="finalise"]')
    page.wait_for_url("**/#/outbox")
    people = roster_on_phone(page, "course_trainees")
    assert [p["label"]["th"] for p in people] == ["สมชาย ใจดี", "สมหญิง รักถิ่น", "บุญมี ศรีสุขสันต์"]


def test_a_national_id_is_checked_as_it_is_typed_and_kept_without_dashes(phone):
    page = phone
    page.click('[data-form="training_attendance"]')
    page.wait_for_selector("form.form")
    box(page, "participants").locator('[data-action="add-row"]').click()
    national_id = box(page, "participants.0.national_id")
    typed = national_id.locator("input")
    typed.press_sequentially("1-1017-00203-45-")
    expect(national_id.locator(".id-status")).to_have_text("พิมพ์แล้ว 12 จาก 13 หลัก")
    typed.press_sequentially("1")  # the wrong check digit
    expect(national_id.locator(".id-status")).to_have_text("เลขประจำตัวประชาชนไม่ถูกต้อง (หลักสุดท้ายไม่ตรง) กรุณาตรวจทีละหลัก")
    typed.press("Backspace")
    typed.press_sequentially("0")
    expect(national_id.locator(".id-status")).to_contain_text("ถูกต้อง")
    stored = eventually(page, """async () => {
        const record = await (await import('./js/submissions.js')).get(location.hash.split('/')[2]);
        return record.answers.participants?.[0]?.national_id;
    }""")
    assert stored == "1101700203450"


def test_a_ref_is_picked_from_the_officers_own_records_by_title_and_date(phone):
    from forms.bundled import bundled
    from forms.samples import sample_answers
    from tests.browser.client import queue_submissions
    page = phone
    forum = sample_answers(bundled("forum_minutes").raw, 3)
    [forum_uuid] = queue_submissions(page, "forum_minutes", [forum])
    page.click('[data-form="proposal_scoring"]')
    page.wait_for_selector("form.form")
    picker = box(page, "forum").locator("select")
    option = picker.locator(f'option[value="{forum_uuid}"]')
    expect(option).to_contain_text(str(int(forum["date"][:4]) + 543))  # its date, in B.E.
    assert forum_uuid not in option.inner_text(), "a record is named by its title, never its uuid"
    assert page.locator('[data-path="forum"] input').count() == 0, "no box to type a uuid into"
    picker.select_option(forum_uuid)
    stored = eventually(page, """async () => {
        const record = await (await import('./js/submissions.js')).get(location.hash.split('/')[2]);
        return record.answers.forum;
    }""")
    assert stored == forum_uuid


def test_lists_come_once_then_only_when_changed_and_a_roster_brings_only_its_changes(phone, tambon):
    from forms.bundled import bundled
    from forms.samples import sample_answers
    from tests.e2e.harness import Phone, add_user, issue_token, submission
    page = phone
    kept = page.evaluate("""async () => {
        const lists = await import('./js/lists.js');
        const out = {};
        for (const id of ['th_provinces', 'th_districts', 'th_subdistricts']) out[id] = (await lists.getStored(id))?.items.length;
        return out;
    }""")
    assert kept == {"th_provinces": 77, "th_districts": 929, "th_subdistricts": 7451}
    seen = []
    page.on("response", lambda r: seen.append((r.url.split("/api/v1")[1], r.status)) if "/api/v1/lists" in r.url else None)
    with page.expect_response(lambda r: r.url.endswith("/api/v1/lists")):  # the sync has asked
        page.click("#sync-button")
    eventually(page, "async () => !(await import('./js/sync.js')).isSyncing() && document.querySelector('#last-sync').textContent")
    assert seen == [("/lists", 304)], "nothing changed: the listing answers 304 and no list is fetched"

    # Another officer registers two trainees: the phone fetches only those two.
    other = f"other_{page.evaluate('crypto.randomUUID()')[:8]}"
    add_user(tambon.env, other, "field")
    definition = bundled("training_attendance").raw
    answers = sample_answers(definition, 5, repeat_counts={"participants": 2})
    answers["day_no"] = 1
    answers.pop("attendance", None)
    reply = Phone(tambon.url, issue_token(tambon.env, other, "other")).push([submission(answers, form_version=definition["version"])])
    assert reply.status_code == 200 and reply.json()["results"][0]["status"] == "created", reply.text
    seen.clear()
    before = page.evaluate("async () => (await (await import('./js/lists.js')).getStored('training_trainees'))?.version")
    page.click("#sync-button")
    # The roster is shared with other tests' trainees on this server: these two are the record's.
    record = reply.json()["results"][0]["uuid"]
    people = eventually(page, """async (uuid) => {
        const kept = await (await import('./js/lists.js')).getStored('training_trainees');
        const ours = (kept?.items || []).filter((p) => p.value.startsWith(`${uuid}.`));
        return ours.length === 2 && ours.map((p) => p.label.th);
    }""", arg=record)
    assert people == [p["full_name"] for p in answers["participants"]]
    assert (f"/lists/training_trainees?since={before}", 200) in seen
