"""Writes the Thai XLSForm workbooks of the import tests (`python -m tests.data.xlsforms.make_xlsforms`).

Each workbook is a dict of sheets, each a list of rows whose first row is the header, so a
test can read what a workbook holds right here. `workbook_bytes(name)` builds one in memory.
"""

import io
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent

TH, EN = "label::Thai (th)", "label::English (en)"
CM_TH, CM_EN = "constraint_message::Thai (th)", "constraint_message::English (en)"

HOUSEHOLD = {
    "survey": [
        ["type", "name", TH, EN, "hint::Thai (th)", "required", "relevant", "constraint",
         CM_TH, CM_EN, "calculation", "default", "repeat_count", "appearance"],
        ["note", "intro", "สำรวจครัวเรือนเกษตรกร", "Farm household survey"],
        ["text", "head_name", "ชื่อหัวหน้าครัวเรือน", "Head of household", "ชื่อ นามสกุล", "yes", "",
         "string-length(.) >= 3", "ชื่อต้องยาวอย่างน้อย 3 ตัวอักษร", "At least 3 characters"],
        ["integer", "head_age", "อายุหัวหน้าครัวเรือน", "Age of the head", "", "yes", "",
         ". >= 15 and . <= 120", "อายุต้องอยู่ระหว่าง 15 ถึง 120 ปี", "Age must be 15 to 120"],
        ["date", "visit_date", "วันที่สำรวจ", "Visit date", "", "yes", "", ". <= today()",
         "วันที่สำรวจต้องไม่เกินวันนี้", "The visit cannot be after today"],
        ["select_one yes_no", "has_land", "มีที่ดินทำกินหรือไม่", "Owns farm land?", "", "yes"],
        ["decimal", "land_rai", "พื้นที่ (ไร่)", "Area (rai)", "", "yes", "${has_land} = 'yes'",
         ". > 0", "พื้นที่ต้องมากกว่า 0", "The area must be above 0"],
        ["select_multiple crops or_other", "crops", "พืชที่ปลูก", "Crops grown", "", "", "${has_land} = 'yes'"],
        ["integer", "rice_rai", "พื้นที่ปลูกข้าว (ไร่)", "Rice area (rai)", "", "",
         "selected(${crops}, 'rice')", ". <= ${land_rai}", "ต้องไม่เกินพื้นที่ทั้งหมด", "Cannot exceed the whole area"],
        ["begin group", "place", "ที่ตั้ง", "Location"],
        ["integer", "village_no", "หมู่ที่", "Village no.", "", "yes", "", ". >= 1 and . <= 30"],
        ["geopoint", "gps", "พิกัดบ้าน", "Home location"],
        ["end group"],
        ["integer", "member_count", "จำนวนสมาชิก", "Number of members", "", "yes", "", ". >= 1 and . <= 20"],
        ["begin repeat", "members", "สมาชิกครัวเรือน", "Household members", "", "", "", "", "", "", "", "",
         "${member_count}"],
        ["text", "member_name", "ชื่อสมาชิก", "Member name", "", "yes"],
        ["integer", "member_age", "อายุ", "Age", "", "yes", "", ". >= 0 and . < 130", "อายุไม่ถูกต้อง", "Not a valid age"],
        ["select_one yes_no", "in_school", "กำลังเรียนหรือไม่", "In school?", "", "yes", "${member_age} < 25"],
        ["end repeat"],
        ["calculate", "members_listed", "", "", "", "", "", "", "", "", "count(${members})"],
        ["calculate", "age_total", "", "", "", "", "", "", "", "", "sum(${member_age})"],
        ["calculate", "head_age_group", "", "", "", "", "", "", "", "", "if(${head_age} >= 60, 'elder', 'adult')"],
        ["text", "phone_no", "เบอร์โทรศัพท์", "Phone", "", "", "", "regex(., '^0[689][0-9]{8}$')",
         "เบอร์มือถือ 10 หลัก", "A 10-digit mobile number"],
        ["text", "remark", "หมายเหตุ", "Remarks", "", "", "", "", "", "", "", "ไม่มี", "", "multiline"],
        ["barcode", "asset_tag", "รหัสครุภัณฑ์ที่มอบ", "Asset tag given"],
    ],
    "choices": [
        ["list_name", "name", TH, EN],
        ["yes_no", "yes", "ใช่", "Yes"],
        ["yes_no", "no", "ไม่ใช่", "No"],
        ["crops", "rice", "ข้าว", "Rice"],
        ["crops", "cassava", "มันสำปะหลัง", "Cassava"],
        ["crops", "rubber", "ยางพารา", "Rubber"],
    ],
    "settings": [
        ["form_id", "form_title", "version"],
        ["household_survey", "แบบสำรวจครัวเรือนเกษตรกร", "2026112001"],
    ],
}

# Things Tambon cannot carry over, each on its own row: the import must list every one.
UNSUPPORTED = {
    "survey": [
        ["type", "name", "label", "relevant", "constraint", "calculation", "appearance", "parameters",
         "media::image", "read_only"],
        ["start", "start_time"],
        ["text", "village", "ชื่อหมู่บ้าน"],
        ["audio", "voice_note", "บันทึกเสียง"],
        ["barcode", "asset_code", "รหัสครุภัณฑ์"],
        ["range", "satisfaction", "ความพึงพอใจ", "", "", "", "", "start=0 end=10 step=2"],
        ["calculate", "village_label", "", "", "", "instance('villages')/root/item[name=${village}]/label"],
        ["calculate", "pulled", "", "", "", "pulldata('villages', 'code', 'name', ${village})"],
        ["text", "odd_function", "ข้อความ", "", "uuid() != ''"],
        ["text", "Bad-Name", "ชื่อแปลก", "", "", "", "minimal"],
        ["text", "with_image", "มีรูป", "", "", "", "", "", "photo.jpg"],
        ["text", "locked", "อ่านอย่างเดียว", "", "", "", "", "", "", "yes"],
        ["begin repeat", "rows", "แถว"],
        ["text", "row_name", "ชื่อในแถว"],
        ["calculate", "row_no", "", "", "", "position(..)"],
        ["end repeat"],
        ["text", "broken", "สูตรผิด", "${village} = ", ""],
        ["text", "unknown_ref", "อ้างผิด", "${nowhere} = 'x'"],
    ],
    "settings": [
        ["form_id", "form_title", "version", "instance_name"],
        ["unsupported_things", "สิ่งที่แปลงไม่ได้", "1", "concat(${village}, '')"],
    ],
}

# A workbook with language-less labels, no settings sheet, the English-only fallback.
PLAIN = {
    "survey": [
        ["type", "name", "label", "label::English (en)", "required"],
        ["text", "shop_name", "ชื่อร้านค้า", "Shop name", "yes"],
        ["integer", "staff", "จำนวนพนักงาน", "Staff", "yes"],
        ["select_one size", "size", "ขนาดร้าน", "Shop size"],
    ],
    "choices": [
        ["list_name", "name", "label", "label::English (en)"],
        ["size", "small", "เล็ก", "Small"],
        ["size", "large", "ใหญ่", "Large"],
    ],
}

WORKBOOKS = {"household_survey": HOUSEHOLD, "unsupported_things": UNSUPPORTED, "shop_plain": PLAIN}


def workbook_bytes(sheets: dict) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append([cell if cell != "" else None for cell in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def main() -> None:
    for name, sheets in WORKBOOKS.items():
        (HERE / f"{name}.xlsx").write_bytes(workbook_bytes(sheets))
        print(f"wrote {name}.xlsx")


if __name__ == "__main__":
    main()
