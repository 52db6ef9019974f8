"""Every string of the supervisor pages in Thai and English, and dates the way each reads them.

Thai is the default. Thai official writing uses the Buddhist Era (B.E. = C.E. + 543) and Thai
month names ("25 มิถุนายน 2555", short "25 มิ.ย. 2555"); English gets C.E. ("25 June 2012").
Server times are stored in UTC and shown in Thailand's time (UTC+7, no daylight saving).
"""

from datetime import date, datetime, timedelta, timezone

__all__ = ["LANGS", "DEFAULT_LANG", "translate", "format_date", "format_datetime", "format_skew",
           "pick",
           "STATE_LABELS", "MessageKeyError"]

LANGS = ("th", "en")
DEFAULT_LANG = "th"
THAILAND = timezone(timedelta(hours=7))

MONTHS = {
    "th": ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม",
           "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}
MONTHS_SHORT = {
    "th": ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.",
           "พ.ย.", "ธ.ค."),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}

STATE_LABELS = {
    "received": ("ได้รับแล้ว", "Received"),
    "edited": ("แก้ไขแล้ว", "Edited"),
    "has_issues": ("มีประเด็นต้องแก้", "Has issues"),
    "approved": ("อนุมัติ", "Approved"),
    "rejected": ("ไม่รับ", "Rejected"),
}

CATALOG: dict[str, tuple[str, str]] = {
    "app_name": ("Tambon", "Tambon"),
    "app_tagline": ("ระบบเก็บแบบบันทึกงานพัฒนาชุมชน", "Community-development records"),
    "nav_submissions": ("รายการแบบบันทึก", "Submissions"),
    "nav_overview": ("ภาพรวม", "Overview"),
    "nav_rejected": ("รายการที่ถูกปฏิเสธ", "Rejected items"),
    "nav_admin": ("ผู้ดูแลระบบ", "Admin"),
    "nav_users": ("ผู้ใช้", "Users"),
    "nav_devices": ("อุปกรณ์", "Devices"),
    "nav_forms": ("แบบฟอร์ม", "Forms"),
    "sign_in": ("เข้าสู่ระบบ", "Sign in"),
    "sign_out": ("ออกจากระบบ", "Sign out"),
    "username": ("ชื่อผู้ใช้", "Username"),
    "password": ("รหัสผ่าน", "Password"),
    "sign_in_intro": ("สำหรับหัวหน้างานและผู้ดูแลระบบ", "For supervisors and administrators"),
    "sign_in_failed": ("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง", "The username or password is wrong."),
    "session_expired": ("หมดเวลาการใช้งานเนื่องจากไม่มีการใช้งานนาน กรุณาเข้าสู่ระบบอีกครั้ง",
                        "Your session ended after a period without use. Please sign in again."),
    "password_changed": ("รหัสผ่านของบัญชีนี้ถูกเปลี่ยนแล้ว กรุณาเข้าสู่ระบบด้วยรหัสผ่านใหม่",
                         "The password of this account was changed. Please sign in with the "
                         "new one."),
    "signed_out": ("ออกจากระบบแล้ว", "You have signed out."),
    "signed_in_as": ("ผู้ใช้", "Signed in as"),
    "language": ("ภาษา", "Language"),
    "forbidden_title": ("ไม่มีสิทธิ์เข้าถึง", "Not allowed"),
    "forbidden_text": ("หน้านี้สำหรับหัวหน้างานและผู้ดูแลระบบเท่านั้น บัญชีเจ้าหน้าที่ภาคสนามใช้แอปบนโทรศัพท์",
                       "These pages are for supervisors and administrators. Field accounts use the phone app."),
    "admin_only_text": ("หน้านี้สำหรับผู้ดูแลระบบเท่านั้น", "This page is for administrators only."),
    "bad_request_title": ("คำขอไม่ถูกต้อง", "Bad request"),
    "csrf_text": ("แบบฟอร์มนี้หมดอายุหรือไม่ได้มาจากหน้านี้ ไม่มีการเปลี่ยนแปลงใด ๆ กรุณาโหลดหน้าใหม่แล้วลองอีกครั้ง",
                  "This form expired or did not come from this site; nothing was changed. Reload the page and try again."),
    "not_found_title": ("ไม่พบหน้านี้", "Not found"),
    "not_found_text": ("ไม่มีข้อมูลที่ที่อยู่นี้", "Nothing exists at this address."),
    "invalid_cursor_text": ("ลิงก์ไปยังหน้านี้ถูกแก้ไขหรือไม่ได้มาจากระบบนี้ กรุณาเริ่มจากหน้าแรกของรายการ",
                            "This page link was edited or did not come from this site; "
                            "start again from the first page of the list."),
    "busy_title": ("ระบบกำลังทำงานหนัก", "The server is busy"),
    "busy_text": ("ไม่มีการเปลี่ยนแปลงใด ๆ กรุณาลองใหม่อีกครั้งในอีกสักครู่", "Nothing was changed. Try again in a moment."),
    "back_to_list": ("กลับไปที่รายการ", "Back to the list"),
    "all_forms": ("ทุกแบบฟอร์ม", "All forms"),
    "form": ("แบบฟอร์ม", "Form"),
    "review_state": ("สถานะการตรวจ", "Review state"),
    "any_state": ("ทุกสถานะ", "Any state"),
    "province": ("จังหวัด", "Province"),
    "district": ("อำเภอ", "District"),
    "subdistrict": ("ตำบล", "Sub-district"),
    "village": ("หมู่ที่", "Village no."),
    "village_name": ("หมู่บ้าน", "Village"),
    "any": ("ทั้งหมด", "Any"),
    "date_from": ("วันที่บันทึก ตั้งแต่", "Record date from"),
    "date_to": ("ถึง", "to"),
    "author": ("ผู้ส่ง", "Sent by"),
    "device": ("อุปกรณ์", "Device"),
    "has_conflicts": ("มีฉบับที่ขัดแย้ง", "Has conflicts"),
    "search": ("ค้นหา", "Search"),
    "search_placeholder": ("ค้นหาคำในคำตอบ เช่น ขนม", "Find a word in the answers, e.g. ขนม"),
    "filter": ("กรอง", "Filter"),
    "clear_filters": ("ล้างตัวกรอง", "Clear filters"),
    "more_filters": ("ตัวกรองเพิ่มเติม", "More filters"),
    "sort": ("เรียงตาม", "Sort by"),
    "sort_received": ("เวลาที่ได้รับ (ใหม่สุดก่อน)", "Time received (newest first)"),
    "sort_record_date": ("วันที่ในแบบบันทึก (ล่าสุดก่อน)", "Record date (latest first)"),
    "results_count": ("พบ {n} รายการ", "{n} found"),
    "results_count_capped": ("พบมากกว่า {n} รายการ (นับถึง {n})", "More than {n} found (counted up to {n})"),
    "no_results": ("ไม่พบแบบบันทึกที่ตรงกับตัวกรอง", "No submissions match these filters."),
    "newer": ("← ใหม่กว่า", "← Newer"),
    "older": ("เก่ากว่า →", "Older →"),
    "first_page": ("หน้าแรก", "First page"),
    "received_at": ("ได้รับเมื่อ", "Received"),
    "record_date": ("วันที่บันทึก", "Record date"),
    "place": ("สถานที่", "Place"),
    "sent_by_at": ("{who} · {when}", "{who} · {when}"),
    "select_all": ("เลือกทั้งหมดในหน้านี้", "Select all on this page"),
    "selected_action": ("รายการที่เลือก:", "Selected items:"),
    "apply": ("ดำเนินการ", "Apply"),
    "export": ("ส่งออก", "Export"),
    "export_csv": ("CSV", "CSV"),
    "export_xlsx": ("Excel (XLSX)", "Excel (XLSX)"),
    "export_needs_form": ("เลือกแบบฟอร์มก่อนจึงจะส่งออกได้", "Choose a form to export."),
    "comment": ("ความเห็น", "Comment"),
    "comment_required": ("ต้องใส่ความเห็นเมื่อเลือก \"มีประเด็นต้องแก้\" หรือ \"ไม่รับ\"",
                         "A comment is required for \"has issues\" and \"rejected\"."),
    "review": ("ตรวจแบบบันทึก", "Review"),
    "set_state": ("บันทึกผลการตรวจ", "Save decision"),
    "approve": ("อนุมัติ", "Approve"),
    "reviewed_n": ("บันทึกผลการตรวจ {n} รายการแล้ว", "Recorded the decision on {n} submissions."),
    "review_saved": ("บันทึกผลการตรวจแล้ว", "Decision recorded."),
    "stale_revision": ("แบบบันทึกนี้ถูกแก้ไขระหว่างที่คุณอ่าน กรุณาอ่านฉบับใหม่อีกครั้ง",
                       "The submission changed while you read it; read the new revision first."),
    "nothing_selected": ("ยังไม่ได้เลือกรายการ", "Nothing was selected."),
    "answers": ("คำตอบ", "Answers"),
    "computed": ("คำนวณ", "computed"),
    "computed_hint": ("ค่านี้คำนวณโดยระบบ", "Computed by the server"),
    "yes": ("ใช่", "Yes"),
    "no": ("ไม่ใช่", "No"),
    "no_rows": ("ไม่มีรายการ", "No rows"),
    "revisions": ("ประวัติการแก้ไข", "Revision history"),
    "revision": ("ฉบับที่", "Revision"),
    "first_revision": ("ฉบับแรก", "First revision"),
    "changed_fields": ("ช่องที่เปลี่ยน", "Changed fields"),
    "before": ("เดิม", "Before"),
    "after": ("ใหม่", "After"),
    "no_changes": ("ไม่มีช่องที่เปลี่ยน", "No field changed"),
    "conflicts": ("ฉบับที่ขัดแย้ง", "Conflicting revisions"),
    "conflicts_intro": ("ฉบับเหล่านี้ส่งมาจากฉบับเก่า จึงไม่ได้เป็นฉบับปัจจุบัน เปรียบเทียบกับฉบับปัจจุบันได้ด้านล่าง",
                        "These were edited from an older revision, so they did not become current. Compare them with the current one below."),
    "current": ("ฉบับปัจจุบัน", "Current"),
    "conflicting": ("ฉบับที่ขัดแย้ง", "Conflicting"),
    "based_on": ("แก้จากฉบับที่ {base} (ฉบับปัจจุบันตอนนั้นคือ {current})", "Edited from rev {base} (current was {current})"),
    "reviews": ("ประวัติการตรวจ", "Review history"),
    "no_reviews": ("ยังไม่มีการตรวจ", "Not reviewed yet"),
    "sync_facts": ("ข้อมูลการส่ง", "Sync facts"),
    "batch": ("ชุดการส่ง", "Batch"),
    "device_time": ("เวลาบนอุปกรณ์", "Device time"),
    "server_time": ("เวลาที่เซิร์ฟเวอร์ได้รับ", "Server time"),
    "clock_skew": ("นาฬิกาอุปกรณ์คลาดเคลื่อน", "Device clock skew"),
    "form_version": ("รุ่นของแบบฟอร์ม", "Form version"),
    "rev": ("ฉบับที่", "Rev"),
    "uuid": ("รหัสแบบบันทึก", "Submission id"),
    "rejected_title": ("รายการที่เซิร์ฟเวอร์ไม่รับ", "Items the server refused"),
    "rejected_intro": ("ข้อมูลที่โทรศัพท์ส่งมาแต่ไม่ผ่านการตรวจสอบ เก็บไว้ทั้งหมดพร้อมเหตุผล",
                       "What phones sent that failed the checks, kept in full with the reasons."),
    "code": ("รหัสเหตุผล", "Code"),
    "errors": ("ข้อผิดพลาด", "Errors"),
    "raw_payload": ("ข้อมูลดิบที่ส่งมา", "Raw payload"),
    "view": ("ดู", "View"),
    "overview_title": ("ภาพรวม", "Overview"),
    "per_day": ("จำนวนที่ได้รับต่อวัน (30 วันล่าสุด)", "Received per day (last 30 days)"),
    "per_state": ("ตามสถานะการตรวจ", "By review state"),
    "value_of_target": ("{value} จากเป้าหมาย {target}", "{value} of a target of {target}"),
    "target_line": ("เป้าหมาย {n}", "target {n}"),
    "total": ("รวม", "Total"),
    "met_target": ("ถึงเป้าหมาย", "Target met"),
    "below_target": ("ต่ำกว่าเป้าหมาย", "Below target"),
    "people": ("คน", "people"),
    "overview_sample_note": ("คำนวณจากแบบบันทึก {n} ฉบับล่าสุดที่ตรงกับตัวกรอง", "From the latest {n} matching records"),
    "users_title": ("ผู้ใช้", "Users"),
    "role": ("บทบาท", "Role"),
    "role_field": ("เจ้าหน้าที่ภาคสนาม", "Field officer"),
    "role_supervisor": ("หัวหน้างาน", "Supervisor"),
    "role_admin": ("ผู้ดูแลระบบ", "Administrator"),
    "created": ("สร้างเมื่อ", "Created"),
    "add_user": ("เพิ่มผู้ใช้", "Add a user"),
    "add": ("เพิ่ม", "Add"),
    "user_added": ("เพิ่มผู้ใช้ {name} แล้ว", "Added {name}."),
    "change_role": ("เปลี่ยนบทบาท", "Change role"),
    "role_changed": ("เปลี่ยนบทบาทของ {name} แล้ว", "Changed the role of {name}."),
    "devices_title": ("อุปกรณ์และโทเคน", "Devices and tokens"),
    "issue_token": ("ออกโทเคนให้อุปกรณ์", "Issue a device token"),
    "label": ("ชื่ออุปกรณ์", "Label"),
    "owner": ("ผู้ใช้", "User"),
    "last_seen": ("ใช้ล่าสุด", "Last seen"),
    "revoked": ("ยกเลิกแล้ว", "Revoked"),
    "active": ("ใช้งาน", "Active"),
    "revoke": ("ยกเลิกโทเคน", "Revoke"),
    "token_once": ("โทเคนของ {label} (แสดงครั้งเดียว คัดลอกไปใส่ในโทรศัพท์ตอนนี้)",
                   "Token for {label}: shown this once, copy it to the phone now."),
    "token_revoked": ("ยกเลิกโทเคนของ {label} แล้ว", "Revoked the token of {label}."),
    "never": ("ยังไม่เคย", "never"),
    "forms_title": ("แบบฟอร์ม", "Forms"),
    "publish": ("เผยแพร่", "Publish"),
    "publish_intro": ("อัปโหลดไฟล์ JSON ของแบบฟอร์ม", "Upload a form definition (JSON file)"),
    "published": ("เผยแพร่ {form} รุ่น {version} แล้ว", "Published {form} version {version}."),
    "already_published": ("{form} รุ่น {version} เผยแพร่ไว้แล้ว (เนื้อหาเดียวกัน)",
                          "{form} version {version} was already published with this content."),
    "close_form": ("ปิดรับ", "Close"),
    "form_closed": ("ปิดรับแบบฟอร์ม {form} แล้ว", "Closed {form}."),
    "status": ("สถานะ", "Status"),
    "status_open": ("เปิดรับ", "Open"),
    "status_closed": ("ปิดรับ", "Closed"),
    "versions": ("รุ่นที่เผยแพร่", "Published versions"),
    "version": ("รุ่น", "Version"),
    "published_at": ("เผยแพร่เมื่อ", "Published"),
    "by": ("โดย", "by"),
    "problems": ("ปัญหาที่พบ", "Problems found"),
    "choose_file": ("เลือกไฟล์", "Choose a file"),
    "invalid_input": ("ข้อมูลไม่ถูกต้อง", "Some values are not valid"),
    "confirm_close": ("ปิดรับแบบฟอร์มนี้? โทรศัพท์จะส่งแบบบันทึกของฟอร์มนี้ไม่ได้อีก",
                      "Close this form? Phones will no longer be able to send it."),
}


class MessageKeyError(KeyError):
    """A template asked for a string the catalog does not have: a bug, caught by tests."""


def translate(key: str, lang: str, **values) -> str:
    try:
        th, en = CATALOG[key]
    except KeyError:
        raise MessageKeyError(key) from None
    text = en if lang == "en" else th
    return text.format(**values) if values else text


def pick(label, lang: str) -> str:
    """One language of a definition's label object, falling back to Thai, then any."""
    if not isinstance(label, dict):
        return "" if label is None else str(label)
    return label.get(lang) or label.get("th") or next(iter(label.values()), "")


def _year(year: int, lang: str) -> int:
    return year + 543 if lang == "th" else year


def format_date(value, lang: str, short: bool = False) -> str:
    """`2012-06-25` -> `25 มิถุนายน 2555` (th) or `25 June 2012` (en); short month if asked."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    months = MONTHS_SHORT if short else MONTHS
    return f"{value.day} {months[lang][value.month - 1]} {_year(value.year, lang)}"


UNITS = {"th": ("วัน", "ชม.", "นาที", "วินาที"), "en": ("d", "h", "min", "s")}


def format_skew(seconds: float, lang: str) -> str:
    """A phone's clock error, signed, in the two largest units: `-4 วัน 7 ชม.`, `+12 s`."""
    sign, left = ("-" if seconds < 0 else "+"), int(round(abs(seconds)))
    parts = []
    for size, unit in zip((86400, 3600, 60, 1), UNITS[lang if lang in UNITS else "th"],
                          strict=True):
        if left >= size or (size == 1 and not parts):
            parts.append(f"{left // size} {unit}")
            left %= size
    return sign + " ".join(parts[:2])


def format_datetime(value, lang: str, short: bool = True) -> str:
    """A stored UTC (or device, with offset) time in Thailand's time: `25 มิ.ย. 2555 14:05`."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    if value.tzinfo is not None:
        value = value.astimezone(THAILAND)
    return f"{format_date(value.date(), lang, short)} {value:%H:%M}"
