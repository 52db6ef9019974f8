"""Fast entry on a 360 px phone: repeats as a compact table (a line per row, the rest on a
tap), copying the row above, choices side by side, "next problem" naming the row, the place in
a long form kept across a reload, starting from an earlier record, and readouts that never say
`true` or a year 3112."""

import json

import pytest
from playwright.sync_api import expect

from tests.browser.client import box, eventually, open_row, put_on_phone, queue_submissions
from tests.e2e.harness import run_cli

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TRAINING = "training_attendance"
NAMES = ["สมชาย ใจดี", "สมหญิง รักถิ่น", "บุญมี ศรีสุข"]


def start(page, form_id: str) -> str:
    page.click('.tabs a[href="#/forms"]')
    page.click(f'[data-form="{form_id}"]')
    page.wait_for_selector("form.form")
    return page.url.rsplit("/", 1)[-1]


def rows(page, path: str = "participants"):
    return box(page, path).locator(":scope > .rows > .row")


def first_row(page, path: str = "participants") -> None:
    """The form's first row, whether the form starts with one or not."""
    if rows(page, path).count() == 0:
        box(page, path).locator('[data-action="add-row"]').click()
    expect(rows(page, path)).to_have_count(1)


def test_trainees_are_one_line_each_a_row_is_copied_and_choices_sit_side_by_side(phone, artifacts_dir):
    page = phone
    start(page, TRAINING)
    repeat = box(page, "participants")
    first_row(page)  # open: its name is still empty
    box(page, "participants.0.full_name").locator("input").fill(NAMES[0])
    gender = box(page, "participants.0.gender")
    # Three short choices: one row of buttons, not a column of three.
    tops = gender.locator(".choice").evaluate_all("els => els.map((e) => e.getBoundingClientRect().top)")
    assert len(tops) == 3 and len(set(tops)) == 1
    gender.locator('input[value="female"]').check()
    box(page, "participants.0.age").locator("input").fill("41")
    box(page, "participants.0.village_no").locator("input").fill("3")

    # "Copy the row above": everything but the name; the new row is open and its name focused.
    repeat.locator('[data-action="copy-row"]').click()
    expect(rows(page)).to_have_count(2)
    assert box(page, "participants.1.gender").locator('input[value="female"]').is_checked()
    expect(box(page, "participants.1.age").locator("input")).to_have_value("41")
    expect(box(page, "participants.1.full_name").locator("input")).to_have_value("")
    expect(box(page, "participants.1.full_name").locator("input")).to_be_focused()
    page.keyboard.type(NAMES[1])
    # The first row closed when the second was added: one line with the name and the tick.
    assert box(page, "participants.0.age").is_hidden()
    first = rows(page).first
    assert first.bounding_box()["height"] < 70
    expect(first.locator(".row-line input[type=text]")).to_have_value(NAMES[0])
    tick = box(page, "participants.0.present")
    expect(tick).to_contain_text("ใช่")  # the default, in words
    tick.locator("input").click()
    expect(tick).to_contain_text("ไม่ใช่")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, "nothing wider than the phone"
    page.screenshot(path=artifacts_dir / "compact-rows.png", full_page=True)

    # The tap on the arrow opens the rest of the row; its absence reason now applies.
    open_row(first)
    expect(box(page, "participants.0.absence_reason")).to_be_visible()
    saved = eventually(page, """async (uuid) => {
        const record = await (await import('./js/submissions.js')).get(uuid);
        return record.answers.participants?.length === 2 && record.answers.participants;
    }""", arg=page.url.rsplit("/", 1)[-1])
    assert saved[0]["present"] is False and saved[1]["gender"] == "female" and saved[1]["full_name"] == NAMES[1]


def test_finishing_with_errors_walks_the_problems_by_the_rows_names_and_the_place_survives_a_reload(
        phone, artifacts_dir):
    page = phone
    start(page, TRAINING)
    repeat = box(page, "participants")
    first_row(page)
    box(page, "participants.0.full_name").locator("input").fill(NAMES[0])
    for name in NAMES[1:]:
        repeat.locator('[data-action="add-row"]').click()
        page.keyboard.type(name)
    page.click('[data-action="finalise"]')
    bar = page.locator(".problem-bar")
    expect(bar).to_be_visible()
    # The rows are closed, so each says under its line, by the trainee's name, what is missing.
    expect(box(page, "participants.0").locator(".row-problems")).to_contain_text(f"{NAMES[0]}:")
    expect(box(page, "participants.0").locator(".row-problems")).to_contain_text("เพศ")
    seen = []
    for _ in range(40):
        seen.append(bar.locator(".problem-text").inner_text())
        if NAMES[2] in seen[-1]:
            break
        bar.locator('[data-action="next-problem"]').click()
    assert any(f" › {NAMES[1]} › เพศ: " in text for text in seen), seen  # the row by its trainee's name
    # Going to a problem inside a closed row opens the row and puts the cursor there.
    last = next((text for text in seen if NAMES[2] in text), seen)
    assert box(page, "participants.2.gender").is_visible(), last
    page.screenshot(path=artifacts_dir / "next-problem.png")

    # Fixing a problem takes it off the bar's count.
    count_before = bar.locator('[data-action="next-problem"]').inner_text()
    box(page, "participants.2.gender").locator('input[value="male"]').check()
    expect(bar.locator('[data-action="next-problem"]')).not_to_have_text(count_before)

    # Close the first row again (the walk opened it): rows open and closed come back as left.
    box(page, "participants.0").locator(".row-toggle").click()
    expanded = rows(page).locator(".row-toggle").evaluate_all("els => els.map((e) => e.getAttribute('aria-expanded'))")
    assert expanded == ["false", "true", "true"]
    page.evaluate("window.scrollTo(0, 900)")
    y = page.evaluate("window.scrollY")
    assert y == 900
    uuid = page.url.rsplit("/", 1)[-1]
    eventually(page, """([uuid, y]) => {
        const place = JSON.parse(localStorage.getItem('tambon.place') || '{}')[uuid];
        return place && place.y === y && place.open.includes('participants.2') && !place.open.includes('participants.0');
    }""", arg=[uuid, y])
    page.reload()
    page.wait_for_selector("form.form")
    # Within a line: the status strip above the form may settle a little after the form is back.
    eventually(page, f"() => Math.abs(window.scrollY - {y}) <= 40")
    assert rows(page).locator(".row-toggle").evaluate_all(
        "els => els.map((e) => e.getAttribute('aria-expanded'))") == expanded
    assert box(page, "participants.2.age").is_visible() and box(page, "participants.0.age").is_hidden()


MEETING = {
    "form_id": "meeting_check", "version": "1",
    "title": {"th": "ทดสอบเริ่มจากรายการเดิม", "en": "Start-from check"},
    "fields": [
        {"name": "topic", "type": "text", "required": True, "label": {"th": "เรื่อง", "en": "Topic"}},
        {"name": "meeting_day", "type": "date", "required": True, "label": {"th": "วันที่", "en": "Day"}},
        {"name": "members", "type": "repeat", "label": {"th": "ผู้เข้าร่วม", "en": "Members"},
         "fields": [{"name": "full_name", "type": "text", "required": True, "label": {"th": "ชื่อ", "en": "Name"}},
                    {"name": "came", "type": "boolean", "default": True, "label": {"th": "มา", "en": "Came"}}]},
    ],
}


def test_day_two_starts_from_day_one_with_its_people_but_not_its_dates(phone):
    page = phone
    put_on_phone(page, {}, MEETING)
    day_one = {"topic": "ประชุมกลุ่มแม่บ้าน", "meeting_day": "2026-11-27",
               "members": [{"full_name": name, "came": True} for name in NAMES]}
    [day_one_uuid] = queue_submissions(page, "meeting_check", [day_one])
    page.context.set_offline(True)
    page.reload()
    page.wait_for_selector(".form-card")
    page.click('[data-start-from="meeting_check"]')
    page.click(f'.card[data-uuid="{day_one_uuid}"]')
    page.wait_for_selector("form.form")
    copied = eventually(page, """async (uuid) => {
        const record = await (await import('./js/submissions.js')).get(location.hash.split('/')[2]);
        return record && record.uuid !== uuid && record.state === 'draft' && record.answers;
    }""", arg=day_one_uuid)
    assert copied == {"topic": day_one["topic"], "members": day_one["members"]}  # not its date
    expect(rows(page, "members")).to_have_count(3)
    expect(box(page, "members.2.full_name").locator("input")).to_have_value(NAMES[2])


def publish(server, tmp_path, definition: dict) -> None:
    path = tmp_path / f"{definition['form_id']}.json"
    path.write_text(json.dumps(definition, ensure_ascii=False), encoding="utf-8")
    run_cli(server.env, "form", "publish", str(path))


READOUTS = {
    "form_id": "readouts_check", "version": "1",
    "title": {"th": "ทดสอบการแสดงผล", "en": "Readouts"},
    "fields": [
        {"name": "meeting_day", "type": "date", "label": {"th": "วันประชุม", "en": "Meeting day"}},
        {"name": "taken_at", "type": "datetime", "label": {"th": "เวลาที่บันทึก", "en": "Taken at"}},
        {"name": "agreed", "type": "boolean", "label": {"th": "ตกลง", "en": "Agreed"}},
        {"name": "agreed_again", "type": "calculate", "label": {"th": "ยืนยัน", "en": "Confirmed"},
         "expr": {"==": [{"var": "agreed"}, True]}},
    ],
}


def test_a_buddhist_era_year_is_converted_with_a_note_times_and_yes_no_read_in_thai(phone, tambon, tmp_path):
    page = phone
    publish(tambon, tmp_path, READOUTS)
    page.click("#sync-button")
    page.wait_for_selector('[data-form="readouts_check"]')
    start(page, "readouts_check")
    day = box(page, "meeting_day")
    day.locator("input").fill("2569-11-27")  # typed as Thai people write the year
    expect(day.locator("input")).to_have_value("2026-11-27")
    expect(day.locator(".be-note")).to_contain_text("2569")
    expect(day.locator(".be-note")).to_contain_text("2026")
    expect(day.locator(".be")).to_have_text("27 พฤศจิกายน 2569")
    taken = box(page, "taken_at")
    taken.locator("input").fill("2026-11-27T09:15")
    expect(taken.locator(".be")).to_have_text("27 พฤศจิกายน 2569 เวลา 09:15 น.")
    box(page, "agreed").locator('input[value="true"]').check()
    expect(box(page, "agreed_again").locator("output")).to_have_text("ใช่")
    answers = eventually(page, """async () => {
        const record = await (await import('./js/submissions.js')).get(location.hash.split('/')[2]);
        return record.answers.agreed === true && record.answers;
    }""")
    assert answers["meeting_day"] == "2026-11-27" and answers["taken_at"] == "2026-11-27T09:15:00+07:00"


COUNTED = {
    "form_id": "counted_rows", "version": "1", "language": 2,
    "title": {"th": "ทดสอบจำนวนแถว", "en": "Counted rows"},
    "fields": [
        {"name": "children", "type": "integer", "label": {"th": "จำนวนบุตร", "en": "Children"}},
        {"name": "child", "type": "repeat", "count": {"var": "children"}, "label": {"th": "บุตร", "en": "Child"},
         "fields": [{"name": "child_name", "type": "text", "required": True, "label": {"th": "ชื่อ", "en": "Name"}}]},
    ],
}


def test_a_repeat_count_makes_its_rows_and_says_when_there_are_too_many(phone):
    page = phone
    put_on_phone(page, {}, COUNTED)
    page.click('[data-form="counted_rows"]')
    page.wait_for_selector("form.form")
    box(page, "children").locator("input").fill("3")
    expect(rows(page, "child")).to_have_count(3)
    box(page, "children").locator("input").fill("2")
    expect(rows(page, "child")).to_have_count(3)  # rows that may hold answers are not dropped
    page.click('[data-action="finalise"]')
    expect(box(page, "child").locator(":scope > .error")).to_have_text("ต้องมี 2 แถว")
