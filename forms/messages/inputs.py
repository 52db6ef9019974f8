"""What the server says about requests it cannot take as sent: unreadable characters,
and a server that cannot store anything right now."""

INPUTS: dict[str, dict[str, str]] = {
    "invalid_characters": {
        "en": "Must not contain control characters (such as NUL) or broken Unicode.",
        "th": "ต้องไม่มีอักขระควบคุม (เช่น NUL) หรืออักขระยูนิโค้ดที่เสีย",
    },
    "request_invalid_characters": {
        "en": "This request contains control characters (such as NUL) or broken Unicode in "
              "its address, its parameters, its form fields or its credentials; remove them "
              "and send it again.",
        "th": "คำขอนี้มีอักขระควบคุม (เช่น NUL) หรืออักขระยูนิโค้ดที่เสียในที่อยู่ พารามิเตอร์ "
              "ช่องกรอกข้อมูล หรือข้อมูลเข้าสู่ระบบ กรุณาลบออกแล้วส่งใหม่",
    },
    "body_invalid_characters": {
        "en": "Some text in the request contains control characters (such as NUL) or broken "
              "Unicode; see details.",
        "th": "ข้อความบางส่วนในคำขอมีอักขระควบคุม (เช่น NUL) หรืออักขระยูนิโค้ดที่เสีย "
              "ดูรายละเอียด",
    },
    "storage_full": {
        "en": "The server cannot store anything right now (its disk is full); nothing was "
              "changed. Try again later.",
        "th": "เซิร์ฟเวอร์บันทึกข้อมูลไม่ได้ในขณะนี้ (พื้นที่ดิสก์เต็ม) ไม่มีการเปลี่ยนแปลงใด ๆ "
              "กรุณาลองใหม่ภายหลัง",
    },
    "form_version_syntax": {
        "en": "must be 1 to 64 letters (a-z, A-Z) and digits, in parts joined by single "
              "'.', '-' or '_', like 1, 2.1 or 2026-11.",
        "th": "ต้องเป็นตัวอักษรอังกฤษและตัวเลข 1 ถึง 64 ตัว คั่นส่วนด้วย '.' '-' หรือ '_' "
              "ทีละตัว เช่น 1, 2.1 หรือ 2026-11",
    },
}
