"""The phone's words for photos, signatures and documents (js/media.js, js/uploads.js), and
for a form written in a newer form language than the app knows."""

PHONE_MEDIA: dict[str, dict[str, str]] = {
    # --- a form newer than the app ------------------------------------------------------------
    "phone_form_too_new": {
        "th": "แบบฟอร์มนี้ต้องใช้แอปรุ่นใหม่กว่านี้ เชื่อมต่ออินเทอร์เน็ตแล้วปิดเปิดแอปเพื่ออัปเดต",
        "en": "This form needs a newer version of the app. Go online and reopen the app to update it.",
    },
    "phone_form_too_new_badge": {"th": "ต้องอัปเดตแอป", "en": "Update the app"},
    # --- the widgets ----------------------------------------------------------------------------
    "phone_photo_take": {"th": "ถ่ายรูป", "en": "Take a photo"},
    "phone_photo_pick": {"th": "เลือกรูป", "en": "Choose a photo"},
    "phone_photo_replace": {"th": "ถ่ายใหม่", "en": "Retake"},
    "phone_photo_working": {"th": "กำลังย่อรูป…", "en": "Shrinking the photo…"},
    "phone_photo_unreadable": {
        "th": "อ่านรูปนี้ไม่ได้ ลองถ่ายใหม่หรือเลือกรูปอื่น",
        "en": "This photo cannot be read. Take it again or choose another one.",
    },
    "phone_file_remove": {"th": "ลบไฟล์", "en": "Remove"},
    "phone_file_remove_confirm": {"th": "ลบไฟล์นี้ออกจากแบบฟอร์ม?", "en": "Remove this file from the form?"},
    "phone_file_pick": {"th": "แนบไฟล์", "en": "Attach a file"},
    "phone_file_wrong_type": {
        "th": "ไฟล์นี้ไม่ใช่ชนิดที่แบบฟอร์มรับ (รับ: {accept})",
        "en": "This file is not a type the form takes (it takes: {accept}).",
    },
    "phone_file_too_big": {
        "th": "ไฟล์ใหญ่เกินไป ({size}) รับได้ไม่เกิน {max}",
        "en": "The file is too big ({size}); the most it takes is {max}.",
    },
    "phone_file_not_here": {
        "th": "ไฟล์อยู่ที่เซิร์ฟเวอร์แล้ว ไม่ได้เก็บไว้ในเครื่องนี้",
        "en": "The file is on the server; this phone no longer keeps it.",
    },
    "phone_file_lost": {"th": "ไม่พบไฟล์นี้ในเครื่องแล้ว", "en": "This phone no longer has the file."},
    "phone_signature_hint": {"th": "เซ็นชื่อในกรอบด้วยนิ้ว", "en": "Sign in the box with a finger"},
    "phone_signature_clear": {"th": "ล้างแล้วเซ็นใหม่", "en": "Clear and sign again"},
    "phone_signature_label": {"th": "ช่องเซ็นชื่อ", "en": "Signature box"},
    # --- the outbox and the status strip ------------------------------------------------------
    "phone_files_waiting": {"th": "ส่งแล้ว รอส่ง {what}", "en": "Sent, {what} waiting"},
    "phone_files_photos": {"th": "รูป {n} รูป", "en": "{n} photo(s)"},
    "phone_files_signatures": {"th": "ลายมือชื่อ {n} รายการ", "en": "{n} signature(s)"},
    "phone_files_documents": {"th": "เอกสาร {n} ไฟล์", "en": "{n} document(s)"},
    "phone_files_refused": {
        "th": "เซิร์ฟเวอร์ไม่รับไฟล์ {name}: {why}",
        "en": "The server refused the file {name}: {why}",
    },
    "phone_files_stored": {"th": "ไฟล์ในเครื่อง {n} ไฟล์ ({size})", "en": "{n} files on this phone ({size})"},
}
