"""Lists, places, rosters, national IDs and links between records (docs/forms.md, "Lists"
and "Rosters"): what their checks, errors and pages say."""

LISTS: dict[str, dict[str, str]] = {
    # answer checks (forms/fieldtypes.py, forms/links.py, forms/compile.py)
    "thai_id": {
        "en": "Must be a Thai national ID: 13 digits, without dashes or spaces.",
        "th": "ต้องเป็นเลขประจำตัวประชาชน 13 หลัก ไม่มีขีดหรือช่องว่าง",
    },
    "thai_id_check": {
        "en": "This national ID's last digit does not match: check each digit again.",
        "th": "เลขประจำตัวประชาชนไม่ถูกต้อง (หลักสุดท้ายไม่ตรง) กรุณาตรวจทีละหลัก",
    },
    "ref": {
        "en": "Must be the id of another record.",
        "th": "ต้องเป็นรหัสของบันทึกอื่น",
    },
    "ref_unknown": {
        "en": "Names no record of yours of the form {form}.",
        "th": "ไม่พบบันทึกแบบฟอร์ม {form} ของท่านที่อ้างถึง",
    },
    "list_choice_unknown": {
        "en": "\"{value}\" is not an item of the list {list}.",
        "th": "\"{value}\" ไม่มีอยู่ในรายการ {list}",
    },
    "list_choice_retired": {
        "en": "\"{value}\" is no longer offered (retired); choose another.",
        "th": "\"{value}\" เลิกใช้แล้ว กรุณาเลือกรายการอื่น",
    },
    "choice_filtered": {
        "en": "\"{value}\" does not fit the other answers (e.g. a district of another province).",
        "th": "\"{value}\" ไม่ตรงกับคำตอบอื่น (เช่น อำเภอที่ไม่อยู่ในจังหวัดที่เลือก)",
    },
    "roster_value": {
        "en": "Cannot enter the roster: \"{value}\" is not a list value (letters, digits, _ - .).",
        "th": "บันทึกลงทะเบียนรายชื่อไม่ได้: \"{value}\" ไม่ใช่รหัสรายการที่ใช้ได้",
    },
    "roster_unknown_item": {
        "en": "\"{value}\" is not in the roster {list}.",
        "th": "ไม่พบ \"{value}\" ในทะเบียนรายชื่อ {list}",
    },
    "roster_needs_label": {
        "en": "A new person in the roster {list} needs a name.",
        "th": "ผู้ที่เพิ่มใหม่ในทะเบียนรายชื่อ {list} ต้องมีชื่อ",
    },
    "repeat_count": {
        "en": "Must have {count} rows.",
        "th": "ต้องมี {count} แถว",
    },
    # definition problems (forms/definition.py, forms/rosters.py)
    "def_list_id": {
        "en": "A list id is 2 to 64 lowercase letters, digits or _, starting with a letter "
              "(like th_provinces).",
        "th": "รหัสรายการใช้ตัวอักษรอังกฤษพิมพ์เล็ก ตัวเลข หรือ _ ได้ 2 ถึง 64 ตัว "
              "ขึ้นต้นด้วยตัวอักษร (เช่น th_provinces)",
    },
    "def_choices_or_list": {
        "en": "A field of type {kind} needs \"choices\". (Or \"choices_from\": a list.)",
        "th": "ช่องชนิด {kind} ต้องมี \"choices\" (หรือ \"choices_from\": รายการ)",
    },
    "def_choices_and_list": {
        "en": "A field of type {kind} takes \"choices\" or \"choices_from\", not both.",
        "th": "ช่องชนิด {kind} ใช้ \"choices\" หรือ \"choices_from\" อย่างใดอย่างหนึ่ง ไม่ใช่ทั้งสอง",
    },
    "def_choice_extra_key": {
        "en": "An extra key of a choice is named like a field (lowercase letters, digits, _).",
        "th": "คีย์เพิ่มเติมของตัวเลือกต้องตั้งชื่อแบบชื่อช่อง (อักษรอังกฤษพิมพ์เล็ก ตัวเลข _)",
    },
    "def_choice_extra_value": {
        "en": "An extra key of a choice holds text, a number, true/false or null.",
        "th": "คีย์เพิ่มเติมของตัวเลือกต้องเป็นข้อความ ตัวเลข จริง/เท็จ หรือ null",
    },
    "def_rows_from": {
        "en": "Names a select_one field of this repeat whose choices come from a list "
              "(choices_from).",
        "th": "ต้องเป็นชื่อช่อง select_one ในกลุ่มซ้ำนี้ที่ดึงตัวเลือกจากรายการ (choices_from)",
    },
    "def_roster_nested": {
        "en": "A roster is written by a repeat that is not inside another repeat.",
        "th": "ทะเบียนรายชื่อต้องบันทึกจากกลุ่มซ้ำที่ไม่ได้อยู่ในกลุ่มซ้ำอื่น",
    },
    "def_roster_not_object": {
        "en": "A roster is an object with list, value and label.",
        "th": "roster ต้องเป็นออบเจกต์ที่มี list, value และ label",
    },
    "def_roster_key": {
        "en": "Is not a key of a roster ({keys}).",
        "th": "ไม่ใช่คีย์ของ roster ({keys})",
    },
    "def_roster_mode": {
        "en": "Must be one of {modes}.",
        "th": "ต้องเป็นหนึ่งใน {modes}",
    },
    "def_roster_value": {
        "en": "Says which item a row writes (JSON Logic).",
        "th": "ต้องระบุว่าแต่ละแถวบันทึกรายการใด (JSON Logic)",
    },
    "def_roster_label": {
        "en": "An upsert roster gives new items their label (JSON Logic).",
        "th": "roster แบบ upsert ต้องระบุชื่อของรายการใหม่ (JSON Logic)",
    },
    "def_roster_columns": {
        "en": "An object of column name -> JSON Logic; each name like a field's.",
        "th": "ต้องเป็นออบเจกต์ ชื่อคอลัมน์ -> JSON Logic โดยตั้งชื่อแบบชื่อช่อง",
    },
    "def_roster_over_list": {
        "en": "{list_id!r} is a published list; a form writes only rosters.",
        "th": "{list_id!r} เป็นรายการที่เผยแพร่ แบบฟอร์มบันทึกได้เฉพาะทะเบียนรายชื่อ",
    },
    # errors (sync/lists.py)
    "no_such_list": {
        "en": "No list {list_id!r} has been published.",
        "th": "ยังไม่มีการเผยแพร่รายการ {list_id!r}",
    },
    "invalid_list": {
        "en": "The list has problems; every one is listed in details.",
        "th": "รายการมีปัญหา รายการปัญหาทั้งหมดอยู่ใน details",
    },
    "list_is_roster": {
        "en": "The list {list_id!r} is a roster that forms write; it cannot be published.",
        "th": "รายการ {list_id!r} เป็นทะเบียนรายชื่อที่แบบฟอร์มบันทึก จึงเผยแพร่ทับไม่ได้",
    },
    "list_id_needed": {
        "en": "A CSV list needs ?list_id= to say which list it is.",
        "th": "รายการแบบ CSV ต้องระบุ ?list_id= ว่าเป็นรายการใด",
    },
    # supervisor pages (server/web/lists.py)
    "lists_title": {"en": "Lists", "th": "รายการตัวเลือก"},
    "lists_intro": {
        "en": "Choices that forms read from outside: places, rosters and published lists.",
        "th": "ตัวเลือกที่แบบฟอร์มดึงมาใช้ เช่น สถานที่ ทะเบียนรายชื่อ และรายการที่เผยแพร่",
    },
    "list_kind_published": {"en": "published", "th": "เผยแพร่"},
    "list_kind_roster": {"en": "roster", "th": "ทะเบียนรายชื่อ"},
    "list_items": {"en": "Items", "th": "จำนวนรายการ"},
    "list_version": {"en": "Version", "th": "รุ่น"},
    "list_publish": {"en": "Publish a list (JSON or CSV)", "th": "เผยแพร่รายการ (JSON หรือ CSV)"},
    "list_published": {"en": "Published {list_id} version {version}.",
                       "th": "เผยแพร่ {list_id} รุ่น {version} แล้ว"},
    "list_unchanged": {"en": "{list_id} is unchanged.", "th": "{list_id} ไม่มีการเปลี่ยนแปลง"},
    "roster_title": {"en": "Roster {list_id}", "th": "ทะเบียนรายชื่อ {list_id}"},
    "roster_person": {"en": "Person", "th": "ชื่อ-สกุล"},
    "roster_attended": {"en": "Attended", "th": "เข้าร่วม"},
    "roster_sessions": {"en": "Sessions", "th": "รอบที่บันทึก"},
    "roster_present": {"en": "present", "th": "มา"},
    "roster_absent": {"en": "absent", "th": "ไม่มา"},
    "roster_empty": {"en": "Nobody is in this roster yet.", "th": "ยังไม่มีรายชื่อในทะเบียนนี้"},
    "retired": {"en": "retired", "th": "เลิกใช้"},
    "nav_lists": {"en": "Lists", "th": "รายการ"},
    "list_id_label": {"en": "List id (CSV; the file name when empty)",
                      "th": "รหัสรายการ (CSV; ถ้าเว้นว่างใช้ชื่อไฟล์)"},
    "list_more_items": {"en": "The first {shown} of {count} items.",
                        "th": "แสดง {shown} รายการแรกจาก {count} รายการ"},
    "list_value": {"en": "Value", "th": "รหัส"},
    "list_label": {"en": "Name", "th": "ชื่อ"},
    "list_publish_help": {
        "en": "CSV: a header row with value, label_th, label_en, retired and any other columns. "
              "JSON: {\"list_id\", \"items\": [{\"value\", \"label\": {\"th\", \"en\"}}]}. "
              "An item left out of a new publication is retired, never deleted.",
        "th": "CSV: แถวหัวตารางมี value, label_th, label_en, retired และคอลัมน์อื่นได้ "
              "JSON: {\"list_id\", \"items\": [{\"value\", \"label\": {\"th\", \"en\"}}]} "
              "รายการที่ไม่มีในไฟล์ใหม่จะถูกเลิกใช้ ไม่ถูกลบ",
    },
}
