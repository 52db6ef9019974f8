"""The phone's words for fast entry: repeats as compact tables, copying, "next problem",
starting from an earlier record, lists and rosters on the phone, and date readouts."""

ENTRY: dict[str, dict[str, str]] = {
    "row_details": {"th": "รายละเอียดของ {name}", "en": "Details of {name}"},
    "copy_previous_row": {"th": "คัดลอกแถวบน", "en": "Copy the row above"},
    "row_problems": {"th": "{name}: {problems}", "en": "{name}: {problems}"},
    "problem_at": {"th": "{where}: {message}", "en": "{where}: {message}"},
    "next_problem": {"th": "ข้อถัดไปที่ต้องแก้ ({i}/{n})", "en": "Next problem ({i} of {n})"},
    "problems_fixed": {
        "th": "แก้ครบแล้ว กด “เสร็จสิ้น พร้อมส่ง” อีกครั้ง",
        "en": "All fixed: tap “Finish, ready to send” again",
    },
    "start_from_previous": {"th": "เริ่มจากรายการเดิม", "en": "Start from an earlier record"},
    "start_from_title": {"th": "เริ่มจากรายการเดิม: {form}", "en": "Start from an earlier record: {form}"},
    "start_from_hint": {
        "th": "เลือกรายการ แล้วคำตอบจะถูกคัดลอกเป็นร่างใหม่ (ยกเว้นวันที่ เวลา และไฟล์)",
        "en": "Choose a record: its answers are copied into a new draft (not dates, times or files)",
    },
    "start_from_none": {
        "th": "ยังไม่มีรายการของแบบฟอร์มนี้ในเครื่องนี้",
        "en": "This phone has no records of this form yet",
    },
    "be_year_converted": {
        "th": "ปี {be} เป็นปี พ.ศ. จึงบันทึกเป็น ค.ศ. {ce}",
        "en": "{be} is a Buddhist-era year, so it is saved as {ce} AD",
    },
    "datetime_readout": {"th": "{date} เวลา {time} น.", "en": "{date}, {time}"},
    "list_search": {"th": "พิมพ์บางส่วนของชื่อเพื่อค้นหา", "en": "Type part of a name to search"},
    "list_no_match": {"th": "ไม่พบชื่อที่ตรงกับที่พิมพ์", "en": "No name matches what you typed"},
    "list_choose_first": {
        "th": "ยังไม่มีตัวเลือก: ตอบข้อก่อนหน้าก่อน (เช่น เลือกอำเภอก่อนตำบล)",
        "en": "Nothing to choose yet: answer the question before first (a district before its sub-district)",
    },
    "list_item_retired": {"th": "เลิกใช้แล้ว", "en": "retired"},
    "thai_id_progress": {"th": "พิมพ์แล้ว {n} จาก 13 หลัก", "en": "{n} of 13 digits"},
    "thai_id_valid": {"th": "✓ เลขประจำตัวประชาชนถูกต้อง", "en": "✓ A valid national ID"},
    "ref_none": {
        "th": "ยังไม่มีบันทึกแบบฟอร์ม {form} ของท่านในเครื่องนี้",
        "en": "This phone has no record of yours of the form {form} yet",
    },
    "ref_not_here": {"th": "บันทึกที่ไม่อยู่ในเครื่องนี้", "en": "A record not on this phone"},
    "roster_fill": {"th": "เติมรายชื่อจากทะเบียน ({n} คน)", "en": "Take {n} people from the roster"},
}
