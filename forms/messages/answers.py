"""What the answer checks say, keyed by the code a `Problem` carries.

The server's compiled checks and the phone's own checks before sending render these same
entries, so an officer reads one sentence for one mistake wherever it was found.
"""

ANSWERS: dict[str, dict[str, str]] = {
    "required": {"en": "Required.", "th": "ต้องกรอกข้อนี้"},
    "not_applicable": {
        "en": "Must be left out: this question does not apply to the other answers.",
        "th": "ต้องเว้นว่าง เพราะคำถามนี้ไม่เกี่ยวกับคำตอบอื่นที่กรอก",
    },
    "unknown": {"en": "Unknown field.", "th": "ไม่มีคำถามนี้ในแบบฟอร์ม"},
    "text": {"en": "Must be text.", "th": "ต้องเป็นข้อความ"},
    "integer": {"en": "Must be a whole number.", "th": "ต้องเป็นจำนวนเต็ม"},
    "decimal": {"en": "Must be a number.", "th": "ต้องเป็นตัวเลข"},
    "boolean": {"en": "Must be true or false.", "th": "ต้องเป็น ใช่ หรือ ไม่ใช่"},
    "date": {"en": "Must be a date written YYYY-MM-DD.", "th": "ต้องเป็นวันที่ในรูปแบบ YYYY-MM-DD"},
    "time": {"en": "Must be a time written HH:MM.", "th": "ต้องเป็นเวลาในรูปแบบ HH:MM"},
    "datetime": {
        "en": "Must be a date and time with an offset, like 2026-11-20T09:15:00+07:00.",
        "th": "ต้องเป็นวันเวลาพร้อมเขตเวลา เช่น 2026-11-20T09:15:00+07:00",
    },
    "phone": {
        "en": "Must be a Thai phone number like 089-8984499.",
        "th": "ต้องเป็นหมายเลขโทรศัพท์ เช่น 089-8984499",
    },
    "geopoint": {
        "en": "Must be a location: lat from -90 to 90, lon from -180 to 180, accuracy 0 or more.",
        "th": "ต้องเป็นพิกัด: lat ตั้งแต่ -90 ถึง 90, lon ตั้งแต่ -180 ถึง 180, accuracy ไม่ติดลบ",
    },
    "choice": {"en": "Must be one of: {choices}.", "th": "ต้องเป็นหนึ่งในตัวเลือก: {choices}"},
    "choices": {"en": "Each choice must be one of: {choices}.", "th": "ทุกตัวเลือกต้องอยู่ใน: {choices}"},
    "repeated_choice": {"en": "A choice is repeated.", "th": "เลือกตัวเลือกซ้ำกัน"},
    "choice_list": {"en": "Must be a list of choices.", "th": "ต้องเป็นรายการตัวเลือก"},
    "between": {"en": "Must be between {min} and {max}.", "th": "ต้องอยู่ระหว่าง {min} ถึง {max}"},
    "at_least": {"en": "Must be at least {min}.", "th": "ต้องไม่น้อยกว่า {min}"},
    "at_most": {"en": "Must be at most {max}.", "th": "ต้องไม่มากกว่า {max}"},
    "length_between": {
        "en": "Must be {min} to {max} characters long.",
        "th": "ต้องยาว {min} ถึง {max} ตัวอักษร",
    },
    "length_at_least": {"en": "Must be at least {min} characters long.", "th": "ต้องยาวอย่างน้อย {min} ตัวอักษร"},
    "length_at_most": {"en": "Must be at most {max} characters long.", "th": "ต้องยาวไม่เกิน {max} ตัวอักษร"},
    "items_between": {"en": "Must have {min} to {max} items.", "th": "ต้องมี {min} ถึง {max} รายการ"},
    "items_at_least": {"en": "Must have at least {min} items.", "th": "ต้องมีอย่างน้อย {min} รายการ"},
    "items_at_most": {"en": "Must have at most {max} items.", "th": "ต้องมีไม่เกิน {max} รายการ"},
    "pattern": {"en": "Is not in the expected format.", "th": "รูปแบบไม่ถูกต้อง"},
    "group": {"en": "Must be an object of answers.", "th": "ต้องเป็นชุดคำตอบ"},
    "rows": {"en": "Must be a list of rows.", "th": "ต้องเป็นรายการแถว"},
    "row": {"en": "Each row must be an object of answers.", "th": "แต่ละแถวต้องเป็นชุดคำตอบ"},
    "attachment": {
        "en": "Must be a file reference: sha256 (64 lowercase hex digits), name, type and size.",
        "th": "ต้องเป็นการอ้างถึงไฟล์: sha256 (เลขฐานสิบหกตัวเล็ก 64 ตัว) ชื่อ ชนิด และขนาด",
    },
    "file_type": {"en": "Must be a file of type: {types}.", "th": "ต้องเป็นไฟล์ชนิด: {types}"},
    "file_too_large": {
        "en": "Must be at most {mb} MB ({max} bytes).",
        "th": "ไฟล์ต้องมีขนาดไม่เกิน {mb} MB ({max} ไบต์)",
    },
    "constraint": {"en": "Does not meet the form's rule.", "th": "ไม่เป็นไปตามเงื่อนไขของแบบฟอร์ม"},
    "invalid": {"en": "{reason}", "th": "{reason}"},
    "logic_failed": {
        "en": "The form's rule could not be evaluated: {reason}",
        "th": "ตรวจเงื่อนไขของแบบฟอร์มไม่ได้: {reason}",
    },
}
