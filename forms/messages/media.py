"""Photos, signatures and documents: what the server says about files and their uploads,
and the supervisor pages' words for them."""

MEDIA: dict[str, dict[str, str]] = {
    # --- typed errors of sync/attachments.py, by their stable code ----------------------------
    "hash_mismatch": {
        "en": "The bytes do not hash to {sha256}; nothing was stored. Send the file again.",
        "th": "ข้อมูลไฟล์ไม่ตรงกับค่า sha256 {sha256} จึงไม่ได้บันทึก กรุณาส่งไฟล์ใหม่",
    },
    "unsupported_type": {
        "en": "The file's content is not a type this field takes ({accepted}); nothing was stored.",
        "th": "เนื้อหาไฟล์ไม่ใช่ชนิดที่คำถามนี้รับ ({accepted}) จึงไม่ได้บันทึก",
    },
    "offset_mismatch": {
        "en": "This chunk does not start where the received part ends ({received} bytes); "
              "continue from there.",
        "th": "ส่วนของไฟล์นี้ไม่ได้เริ่มต่อจากส่วนที่ได้รับแล้ว ({received} ไบต์) "
              "กรุณาส่งต่อจากตำแหน่งนั้น",
    },
    "not_referenced": {
        "en": "No submission you sent names this file; send the submission first.",
        "th": "ไม่มีแบบฟอร์มที่คุณส่งอ้างถึงไฟล์นี้ กรุณาส่งแบบฟอร์มก่อน",
    },
    "invalid_range": {
        "en": "The Content-Range header is not valid for this body: {reason}",
        "th": "ส่วนหัว Content-Range ไม่ถูกต้องสำหรับข้อมูลที่ส่ง: {reason}",
    },
    "invalid_sha256": {
        "en": "A file is named by its sha256: 64 lowercase hexadecimal digits.",
        "th": "ไฟล์ต้องระบุด้วยค่า sha256: เลขฐานสิบหกตัวเล็ก 64 ตัว",
    },
    "file_too_large_upload": {
        "en": "The file is larger than {max_bytes} bytes, the most this field takes.",
        "th": "ไฟล์ใหญ่กว่า {max_bytes} ไบต์ ซึ่งเป็นขนาดสูงสุดที่คำถามนี้รับ",
    },
    "no_such_attachment": {
        "en": "No file {sha256} is stored (it may not have been uploaded yet).",
        "th": "ไม่มีไฟล์ {sha256} ในระบบ (อาจยังไม่ได้อัปโหลด)",
    },
    "attachment_not_yours": {
        "en": "This file belongs to submissions you may not read.",
        "th": "ไฟล์นี้เป็นของแบบฟอร์มที่คุณไม่มีสิทธิ์อ่าน",
    },
    "no_preview": {
        "en": "This file has no preview: it is not an image that can be read.",
        "th": "ไฟล์นี้ไม่มีภาพตัวอย่าง เพราะไม่ใช่ภาพที่อ่านได้",
    },
    # --- definitions: the keys of media fields (forms/definition.py) --------------------------
    "def_media_type": {
        "en": '"{value}" is not a file type the server can tell from its bytes; use one of: {types}.',
        "th": '"{value}" ไม่ใช่ชนิดไฟล์ที่เซิร์ฟเวอร์ตรวจจากเนื้อไฟล์ได้ ใช้ได้เฉพาะ: {types}',
    },
    "def_max_bytes": {
        "en": "This must be a whole number of bytes from 1 to 104857600 (100 MiB).",
        "th": "ต้องเป็นจำนวนไบต์เต็มตั้งแต่ 1 ถึง 104857600 (100 MiB)",
    },
    "def_max_pixels": {
        "en": "This must be a whole number of pixels from 64 to 8192.",
        "th": "ต้องเป็นจำนวนพิกเซลเต็มตั้งแต่ 64 ถึง 8192",
    },
    # --- exports: the two cells of an attachment answer ------------------------------------------
    "export_file": {"th": "{label} (ไฟล์ใน ZIP)", "en": "{label} (file in the media ZIP)"},
    "export_file_name": {"th": "{label} (ชื่อไฟล์)", "en": "{label} (file name)"},
    # --- the supervisor pages -------------------------------------------------------------------
    "waiting_for_files": {"th": "รอไฟล์", "en": "Waiting for files"},
    "waiting_for_files_hint": {
        "th": "ส่งแบบฟอร์มแล้ว แต่ยังได้รับภาพหรือไฟล์ไม่ครบ",
        "en": "The record arrived but some of its photos or files have not yet",
    },
    "file_missing": {"th": "ยังไม่ได้รับไฟล์", "en": "File not received yet"},
    "download_file": {"th": "ดาวน์โหลด", "en": "Download"},
    "media_download": {"th": "ไฟล์ภาพและเอกสาร (ZIP)", "en": "Photos and files (ZIP)"},
}
