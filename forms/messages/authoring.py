"""The admin's forms page: uploading an XLSForm or JSON, its problems, the preview, publishing,
versions compared (server/web/admin.py, templates web/admin_form*.html)."""

AUTHORING: dict[str, dict[str, str]] = {
    # --- where a problem is --------------------------------------------------------------------
    "where_sheet": {"th": "ชีต {sheet}", "en": "sheet {sheet}"},
    "where_row": {"th": "แถว {row}", "en": "row {row}"},
    "where_column": {"th": "คอลัมน์ {column}", "en": "column {column}"},
    # --- what is wrong with the file itself -------------------------------------------------------
    "upload_kind": {
        "th": "รับเฉพาะไฟล์ XLSForm (.xlsx หรือ .xls) หรือไฟล์แบบฟอร์ม JSON (.json)",
        "en": "Upload an XLSForm (.xlsx or .xls) or a form definition in JSON (.json).",
    },
    "upload_too_large": {
        "th": "ไฟล์ใหญ่เกิน {limit} MB แบบฟอร์มจริงมักมีขนาดไม่กี่สิบ KB ตรวจว่าเลือกไฟล์ถูกหรือไม่",
        "en": "The file is larger than {limit} MB; a real form is tens of kilobytes. "
              "Check that this is the right file.",
    },
    "upload_not_utf8": {
        "th": "ไฟล์ JSON ต้องบันทึกเป็น UTF-8 บันทึกไฟล์ใหม่เป็น UTF-8 แล้วอัปโหลดอีกครั้ง",
        "en": "A JSON file must be saved as UTF-8; save it as UTF-8 and upload it again.",
    },
    "upload_not_workbook": {
        "th": "อ่านไฟล์นี้เป็นสมุดงาน Excel ไม่ได้ เปิดไฟล์ใน Excel หรือ LibreOffice "
              "แล้วบันทึกเป็น .xlsx อีกครั้ง",
        "en": "This file cannot be read as an Excel workbook; open it in Excel or LibreOffice "
              "and save it as .xlsx again.",
    },
    # --- the page -----------------------------------------------------------------------------------
    "upload_hint": {
        "th": "อัปโหลด XLSForm (.xlsx, .xls) หรือ JSON ไม่เกิน {mb} MB ระบบจะแสดงปัญหาและตัวอย่าง"
              "แบบฟอร์มเหมือนบนโทรศัพท์ โดยยังไม่บันทึกอะไร",
        "en": "Upload an XLSForm (.xlsx, .xls) or JSON of up to {mb} MB. You will see its "
              "problems and the form as phones show it; nothing is stored yet.",
    },
    "check_upload": {"th": "ตรวจและแสดงตัวอย่าง", "en": "Check and preview"},
    "downgrades": {"th": "สิ่งที่แปลงแบบลดรูป", "en": "Downgrades"},
    "where": {"th": "ตำแหน่ง", "en": "Where"},
    "problem": {"th": "ปัญหา", "en": "Problem"},
    "decision": {"th": "ต้องทำ", "en": "To do"},
    "must_fix": {"th": "ต้องแก้ไข", "en": "Must be fixed"},
    "accept_downgrade": {"th": "ยอมรับ", "en": "Accept"},
    "no_problems": {
        "th": "ไม่พบปัญหา ลองกรอกตัวอย่างด้านล่าง แล้วเผยแพร่ได้",
        "en": "No problems found: try the preview below, then publish.",
    },
    "publish_blocked": {
        "th": "ยังเผยแพร่ไม่ได้: แก้ปัญหาทุกข้อในไฟล์ และยอมรับการแปลงแบบลดรูปทุกข้อก่อน",
        "en": "Not publishable yet: fix every problem in the file and accept every downgrade "
              "first.",
    },
    "publish_version": {"th": "เผยแพร่เป็นรุ่นใหม่", "en": "Publish as a version"},
    "download_json": {"th": "ดาวน์โหลด JSON", "en": "Download JSON"},
    "preview_title": {"th": "ตัวอย่างบนโทรศัพท์", "en": "Phone preview"},
    "preview_language": {"th": "ภาษาของตัวอย่าง", "en": "Preview language"},
    "preview_version": {"th": "ดูตัวอย่าง", "en": "Preview"},
    "actions": {"th": "ทำรายการ", "en": "Actions"},
    "reopen_form": {"th": "เปิดรับอีกครั้ง", "en": "Reopen"},
    "form_reopened": {"th": "เปิดรับแบบฟอร์ม {form} อีกครั้งแล้ว", "en": "Reopened {form}."},
    "compare_versions": {"th": "เปรียบเทียบรุ่น", "en": "Compare versions"},
    "compare_previous": {"th": "เทียบกับรุ่นก่อน", "en": "Compare with previous"},
    "older_version": {"th": "รุ่นเก่า", "en": "Older version"},
    "newer_version": {"th": "รุ่นใหม่", "en": "Newer version"},
    "what_changed": {"th": "สิ่งที่เปลี่ยนจากรุ่น {old} เป็นรุ่น {new}",
                     "en": "What changed from version {old} to {new}"},
    "title_changed": {"th": "ชื่อแบบฟอร์มเปลี่ยน", "en": "Title changed"},
    "no_field_changes": {"th": "ไม่มีช่องใดเปลี่ยน", "en": "No field changed."},
    "field": {"th": "ช่อง", "en": "Field"},
    "change": {"th": "การเปลี่ยนแปลง", "en": "Change"},
    "details": {"th": "รายละเอียด", "en": "Details"},
    "relabelled": {"th": "เปลี่ยนข้อความ", "en": "relabelled"},
    "change_added": {"th": "เพิ่ม", "en": "Added"},
    "change_removed": {"th": "ลบ", "en": "Removed"},
    "change_changed": {"th": "แก้ไข", "en": "Changed"},
    "aspect_type": {"th": "ชนิด", "en": "Type"},
    "aspect_label": {"th": "ข้อความ", "en": "Label"},
    "aspect_required": {"th": "ต้องตอบ", "en": "Required"},
    "aspect_choices": {"th": "ตัวเลือก", "en": "Choices"},
    "aspect_relevant": {"th": "เงื่อนไขการแสดง", "en": "Shown when"},
    "aspect_constraint": {"th": "เงื่อนไขคำตอบ", "en": "Constraint"},
    "aspect_constraint_message": {"th": "ข้อความเมื่อผิดเงื่อนไข", "en": "Constraint message"},
    "aspect_expr": {"th": "สูตรคำนวณ", "en": "Calculation"},
    "aspect_hint": {"th": "คำแนะนำ", "en": "Hint"},
    "aspect_default": {"th": "ค่าเริ่มต้น", "en": "Default"},
    "upload_too_large_title": {"th": "ไฟล์ใหญ่เกินไป", "en": "File too large"},
    # --- the preview pane (the phone's own renderer, server/static/app/preview.html) ------------
    "preview_check": {"th": "ตรวจคำตอบ", "en": "Check answers"},
    "preview_all_good": {
        "th": "คำตอบผ่านทุกเงื่อนไข (ตัวอย่างนี้ไม่บันทึกและไม่ส่ง)",
        "en": "Every answer passes (this preview keeps and sends nothing).",
    },
    "preview_waiting": {"th": "กำลังรอแบบฟอร์ม…", "en": "Waiting for the form…"},
}
