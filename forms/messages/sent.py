"""What the server says about text in a pushed item that no database can keep.

A phone's item is judged field by field; these name what is wrong with a string or key
anywhere in it (see sync.schemas.unstorable_texts), in place of a crash.
"""

SENT: dict[str, dict[str, str]] = {
    "text_not_unicode": {
        "en": "Holds a broken character (a lone UTF-16 surrogate) that is not text; "
              "send it again as valid Unicode.",
        "th": "มีอักขระที่เสีย (surrogate ที่ไม่มีคู่) ซึ่งไม่ใช่ข้อความ ให้ส่งใหม่เป็นข้อความยูนิโค้ดที่ถูกต้อง",
    },
    "text_has_nul": {
        "en": "Holds a NUL character (\\u0000), which text may not contain; remove it.",
        "th": "มีอักขระ NUL (\\u0000) ซึ่งข้อความห้ามมี ให้ลบออก",
    },
}
