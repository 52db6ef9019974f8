"""Words of what a supervisor takes away from the pages: export headers, the printed record,
and the listing's title and search-hit columns."""

REPORTS: dict[str, dict[str, str]] = {
    # export headers (the metadata columns and the extra cells some field types export)
    "export_uuid": {"th": "รหัสแบบบันทึก", "en": "Submission id"},
    "export_form_version": {"th": "รุ่นของแบบฟอร์ม", "en": "Form version"},
    "export_review_state": {"th": "สถานะการตรวจ", "en": "Review state"},
    "export_author": {"th": "ผู้ส่ง (ชื่อผู้ใช้)", "en": "Sent by (username)"},
    "export_author_full_name": {"th": "ชื่อ-สกุลผู้ส่ง", "en": "Sender's full name"},
    "export_device": {"th": "อุปกรณ์", "en": "Device"},
    "export_created_at": {"th": "เวลาบนอุปกรณ์", "en": "Device time"},
    "export_received_at": {"th": "ได้รับเมื่อ", "en": "Received"},
    "export_record_date": {"th": "วันที่บันทึก", "en": "Record date"},
    "export_rev": {"th": "ฉบับที่", "en": "Rev"},
    "export_row": {"th": "แถวที่", "en": "Row"},
    "export_record_title": {"th": "เรื่อง", "en": "Record"},
    "export_value_code": {"th": "{label} (รหัส)", "en": "{label} (code)"},
    "export_lat": {"th": "{label} (ละติจูด)", "en": "{label} (latitude)"},
    "export_lon": {"th": "{label} (ลองจิจูด)", "en": "{label} (longitude)"},
    "export_accuracy": {"th": "{label} (ความคลาดเคลื่อน ม.)", "en": "{label} (accuracy, m)"},
    "export_in_group": {"th": "{label} ({group})", "en": "{label} ({group})"},
    # the listing's export links
    "export_csv_zip": {"th": "CSV (ไฟล์ ZIP)", "en": "CSV (ZIP file)"},
    "export_csv_zip_hint": {
        "th": "แบบฟอร์มนี้มีตารางย่อย จึงได้ไฟล์ ZIP ที่มี CSV หนึ่งไฟล์ต่อหนึ่งตาราง",
        "en": "This form has repeated rows: a ZIP file with one CSV per table",
    },
    "export_field_names": {"th": "หัวคอลัมน์เป็นชื่อฟิลด์", "en": "Field names as headers"},
    "export_field_names_hint": {
        "th": "หัวคอลัมน์เป็นชื่อฟิลด์ภาษาอังกฤษ (สำหรับโปรแกรมวิเคราะห์ข้อมูล) แทนคำถามในแบบฟอร์ม",
        "en": "Column headers as the form's field names (for analysis tools) "
              "instead of its labels",
    },
    # the listing
    "record_title": {"th": "เรื่อง", "en": "Record"},
    "found_in": {"th": "พบใน", "en": "Found in"},
    # the overview's charts
    "per_day_bars": {"th": "จำนวนต่อวัน", "en": "Per day"},
    "average_7_days": {"th": "ค่าเฉลี่ย 7 วัน", "en": "7-day average"},
    "spark_label": {"th": "รายวัน 30 วัน", "en": "daily, 30 days"},
    # the printed record
    "printed_at": {"th": "พิมพ์เมื่อ {when}", "en": "Printed {when}"},
    "print_record": {"th": "พิมพ์", "en": "Print"},
    "sent_at": {"th": "เวลาที่เครื่องส่ง", "en": "Sent from the phone"},
    "latest_changes": {"th": "การแก้ไขล่าสุด (ฉบับที่ {rev})", "en": "Latest changes (rev {rev})"},
}
