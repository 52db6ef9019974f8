"""What the server says when it refuses something: typed errors, HTTP errors, push rejections.

A typed error (sync/errors.py) or an HTTP error is worded by the entry named by its `code`,
which clients may branch on and which never changes; a few errors have a more precise
sentence with its own entry (`no_such_user` for a `not_found`). Parameters are filled from
the error's `details`. Push rejections word the per-item `errors` with the `push_` entries.
"""

ERRORS: dict[str, dict[str, str]] = {
    # --- the typed errors' own sentences, by their stable code ----------------------------------
    "error": {
        "en": "The request could not be completed.",
        "th": "ดำเนินการตามคำขอไม่สำเร็จ",
    },
    "not_found": {
        "en": "Nothing exists at this address.",
        "th": "ไม่มีข้อมูลที่ที่อยู่นี้",
    },
    "forbidden": {
        "en": "Your account is not allowed to do this.",
        "th": "บัญชีของคุณไม่มีสิทธิ์ทำรายการนี้",
    },
    "invalid_request": {
        "en": "Some values in the request are not valid; see details.",
        "th": "ข้อมูลบางส่วนในคำขอไม่ถูกต้อง ดูรายละเอียดใน details",
    },
    "invalid_batch": {
        "en": "The batch envelope is not valid; nothing of it was applied.",
        "th": "ข้อมูลชุดการส่งไม่ถูกต้อง จึงไม่ได้บันทึกรายการใดในชุดนี้",
    },
    "invalid_definition": {
        "en": "The form definition has problems; every one is listed in details.",
        "th": "แบบฟอร์มมีปัญหา รายการปัญหาทั้งหมดอยู่ใน details",
    },
    "invalid_cursor": {
        "en": "The cursor is not one this server issued; pull again without it.",
        "th": "cursor นี้ไม่ได้ออกโดยเซิร์ฟเวอร์นี้ กรุณาดึงข้อมูลใหม่โดยไม่ส่ง cursor",
    },
    "version_exists": {
        "en": "This form version is already published with other content; publish a new version.",
        "th": "แบบฟอร์มรุ่นนี้เผยแพร่ไว้แล้วด้วยเนื้อหาอื่น กรุณาเผยแพร่เป็นรุ่นใหม่",
    },
    "device_exists": {
        "en": "Another user's active device already has this label; choose another.",
        "th": "ชื่ออุปกรณ์นี้มีผู้ใช้อื่นใช้อยู่ กรุณาตั้งชื่ออื่น",
    },
    "user_exists": {
        "en": "A user with this name already exists.",
        "th": "มีผู้ใช้ชื่อนี้อยู่แล้ว",
    },
    "stale_rev": {
        "en": "The submission changed since you read it; read it again and retry.",
        "th": "แบบบันทึกนี้ถูกเปลี่ยนหลังจากที่คุณอ่าน กรุณาอ่านฉบับใหม่แล้วลองอีกครั้ง",
    },
    "payload_too_large": {
        "en": "The request is larger than this server accepts; send it in parts.",
        "th": "คำขอมีขนาดใหญ่เกินกว่าที่เซิร์ฟเวอร์รับได้ กรุณาแบ่งส่งเป็นส่วน ๆ",
    },
    "unavailable": {
        "en": "The server is busy; nothing was changed. Try again in a moment.",
        "th": "เซิร์ฟเวอร์กำลังทำงานหนัก ไม่มีการเปลี่ยนแปลงใด ๆ กรุณาลองใหม่อีกครั้งในอีกสักครู่",
    },
    # --- more precise sentences for some of them ------------------------------------------------
    "no_such_user": {
        "en": "There is no user called {username!r}.",
        "th": "ไม่มีผู้ใช้ชื่อ {username!r}",
    },
    "no_such_device": {
        "en": "No active device is labelled {label!r}.",
        "th": "ไม่มีอุปกรณ์ที่ใช้งานอยู่ชื่อ {label!r}",
    },
    "no_such_submission": {
        "en": "There is no submission with this uuid.",
        "th": "ไม่มีแบบบันทึกที่มีรหัสนี้",
    },
    "no_such_rejected_item": {
        "en": "There is no rejected item with this id.",
        "th": "ไม่มีรายการที่ถูกปฏิเสธที่มีรหัสนี้",
    },
    "no_such_form": {
        "en": "No form {form_id!r} has been published.",
        "th": "ยังไม่มีการเผยแพร่แบบฟอร์ม {form_id!r}",
    },
    "no_such_form_version": {
        "en": "Form {form_id!r} has no published version {version!r}.",
        "th": "แบบฟอร์ม {form_id!r} ไม่มีรุ่น {version!r} ที่เผยแพร่แล้ว",
    },
    "not_your_submission": {
        "en": "This submission belongs to another user.",
        "th": "แบบบันทึกนี้เป็นของผู้ใช้อื่น",
    },
    "reviewers_only": {
        "en": "Only supervisors and administrators review submissions.",
        "th": "เฉพาะหัวหน้างานและผู้ดูแลระบบเท่านั้นที่ตรวจแบบบันทึกได้",
    },
    "changed_during_review": {
        "en": "The submission changed while you reviewed it; read it again.",
        "th": "แบบบันทึกนี้ถูกเปลี่ยนระหว่างที่คุณตรวจ กรุณาอ่านอีกครั้ง",
    },
    "tokens_for_others_admins_only": {
        "en": "Only administrators issue tokens for other users.",
        "th": "เฉพาะผู้ดูแลระบบเท่านั้นที่ออกโทเคนให้ผู้ใช้อื่นได้",
    },
    "batch_too_large": {
        "en": "A batch may hold at most {max_items} submissions; this one has {items}. "
              "Send it in smaller batches.",
        "th": "ชุดการส่งหนึ่งชุดมีได้ไม่เกิน {max_items} แบบบันทึก ชุดนี้มี {items} "
              "กรุณาแบ่งส่งเป็นชุดเล็กลง",
    },
    "push_kept_racing": {
        "en": "Other pushes kept changing the same submissions; send the batch again.",
        "th": "มีการส่งอื่นเปลี่ยนแบบบันทึกเดียวกันอยู่ตลอด กรุณาส่งชุดนี้อีกครั้ง",
    },
    "database_down": {
        "en": "The database does not answer; this server cannot serve now.",
        "th": "ฐานข้อมูลไม่ตอบสนอง เซิร์ฟเวอร์นี้ให้บริการไม่ได้ในขณะนี้",
    },
    # --- what is wrong with one value of a request (an error's `details`) ----------------------
    "username_rule": {
        "en": "Use 1 to 64 letters, digits or . _ @ -, starting with a letter or digit.",
        "th": "ใช้ตัวอักษร ตัวเลข หรือ . _ @ - ได้ 1 ถึง 64 ตัว และขึ้นต้นด้วยตัวอักษรหรือตัวเลข",
    },
    "password_too_short": {
        "en": "Must be at least {min} characters.",
        "th": "ต้องยาวอย่างน้อย {min} ตัวอักษร",
    },
    "label_length": {
        "en": "Give 1 to {max} characters.",
        "th": "ต้องยาว 1 ถึง {max} ตัวอักษร",
    },
    "comment_needed": {
        "en": "Say what is wrong: a comment is required for {state}.",
        "th": "กรุณาบอกว่าต้องแก้อะไร: สถานะ {state} ต้องมีความเห็นประกอบ",
    },
    "uuid_format": {
        "en": "Must be a UUID, like 0b6a1c5e-3c1f-4d1e-9a57-2f0e0c7c1d2a.",
        "th": "ต้องเป็น UUID เช่น 0b6a1c5e-3c1f-4d1e-9a57-2f0e0c7c1d2a",
    },
    "device_time_format": {
        "en": "Must be an ISO 8601 time with an offset, like 2026-11-20T09:15:00+07:00.",
        "th": "ต้องเป็นเวลาแบบ ISO 8601 พร้อมเขตเวลา เช่น 2026-11-20T09:15:00+07:00",
    },
    # --- HTTP's own errors (server/errors.py), by their code ------------------------------------
    "bad_request": {
        "en": "The request is not one this server understands.",
        "th": "เซิร์ฟเวอร์ไม่เข้าใจคำขอนี้",
    },
    "unauthorized": {
        "en": "Sign in: send a device token or a username and password.",
        "th": "กรุณาเข้าสู่ระบบ: ส่งโทเคนของอุปกรณ์ หรือชื่อผู้ใช้และรหัสผ่าน",
    },
    "method_not_allowed": {
        "en": "This address does not accept that method.",
        "th": "ที่อยู่นี้ไม่รับคำขอแบบนี้",
    },
    "not_acceptable": {
        "en": "This server answers in JSON only.",
        "th": "เซิร์ฟเวอร์นี้ตอบเป็น JSON เท่านั้น",
    },
    "length_required": {
        "en": "Send a Content-Length with the body.",
        "th": "กรุณาส่ง Content-Length มาพร้อมข้อมูล",
    },
    "body_too_large": {
        "en": "The request is larger than this server accepts.",
        "th": "คำขอมีขนาดใหญ่เกินกว่าที่เซิร์ฟเวอร์รับได้",
    },
    "unsupported_media_type": {
        "en": "Send JSON (application/json), optionally gzip-encoded.",
        "th": "กรุณาส่งเป็น JSON (application/json) จะบีบอัดด้วย gzip ก็ได้",
    },
    "too_many_requests": {
        "en": "Too many requests; wait a moment.",
        "th": "มีคำขอมากเกินไป กรุณารอสักครู่",
    },
    "internal_error": {
        "en": "Something went wrong on the server; it has been logged.",
        "th": "เกิดข้อผิดพลาดที่เซิร์ฟเวอร์ ระบบบันทึกไว้แล้ว",
    },
    "http_error": {
        "en": "The request could not be completed.",
        "th": "ดำเนินการตามคำขอไม่สำเร็จ",
    },
    # --- why a pushed item was refused (the per-item `errors`, sync/push.py) -------------------
    "push_not_yours": {
        "en": "This submission belongs to another user; make a new one with its own uuid.",
        "th": "แบบบันทึกนี้เป็นของผู้ใช้อื่น กรุณาสร้างแบบบันทึกใหม่ที่มีรหัสของตัวเอง",
    },
    "push_other_form": {
        "en": "This submission was made with form {form_id!r}; it cannot move to another form.",
        "th": "แบบบันทึกนี้สร้างจากแบบฟอร์ม {form_id!r} จึงย้ายไปแบบฟอร์มอื่นไม่ได้",
    },
    "push_unknown_version": {
        "en": "Form {form_id!r} has no published version {version!r}; "
              "refresh the forms on the phone.",
        "th": "แบบฟอร์ม {form_id!r} ไม่มีรุ่น {version!r} ที่เผยแพร่แล้ว "
              "กรุณาโหลดแบบฟอร์มในโทรศัพท์ใหม่",
    },
    "push_form_closed": {
        "en": "Form {form_id!r} is closed and takes no more submissions; "
              "the record was kept for an administrator.",
        "th": "แบบฟอร์ม {form_id!r} ปิดรับแล้ว ไม่รับแบบบันทึกเพิ่ม "
              "ระบบเก็บรายการนี้ไว้ให้ผู้ดูแลระบบ",
    },
    "push_not_json_number": {
        "en": "NaN and Infinity are not JSON numbers.",
        "th": "NaN และ Infinity ไม่ใช่ตัวเลขของ JSON",
    },
}
