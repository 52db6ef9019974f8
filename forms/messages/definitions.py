"""What is wrong with a form definition, in words a form's author can act on.

Every problem forms/definition.py, forms/summary.py and sync/catalog.py find in a definition
names one of these entries; the problem's path (`fields[3].choices[1].value`, or for an
XLSForm its sheet, row and column) is written beside it, never inside it. The marshmallow
schemas that check a definition's shape carry these codes as their error messages, so no
library sentence ever reaches an author (tests/forms/test_definition_messages.py).
"""

DEFINITIONS: dict[str, dict[str, str]] = {
    # --- where: the whole document rather than one of its keys -------------------------------
    "def_whole_document": {
        "en": "(the whole form)",
        "th": "(ทั้งแบบฟอร์ม)",
    },
    # --- the document itself --------------------------------------------------------------------
    "def_not_json": {
        "en": "This is not readable JSON (line {line}, column {column}); check for a missing "
              "comma, quote or bracket there.",
        "th": "อ่านเป็น JSON ไม่ได้ (บรรทัด {line} ตำแหน่ง {column}) "
              "ตรวจดูว่าขาดจุลภาค เครื่องหมายคำพูด หรือวงเล็บตรงนั้นหรือไม่",
    },
    "def_not_readable": {
        "en": "The file could not be read.",
        "th": "อ่านไฟล์นี้ไม่ได้",
    },
    "def_not_form_object": {
        "en": "A form definition is one JSON object: {\"form_id\": …, \"version\": …, "
              "\"title\": …, \"fields\": […]}.",
        "th": "แบบฟอร์มต้องเป็นออบเจกต์ JSON หนึ่งตัว: {\"form_id\": …, \"version\": …, "
              "\"title\": …, \"fields\": […]}",
    },
    # --- any key: its kind of value ---------------------------------------------------------------
    "def_required": {
        "en": "This is required and missing.",
        "th": "ต้องมีค่านี้ แต่ยังไม่ได้ใส่",
    },
    "def_unknown_key": {
        "en": "This key is not part of the form language; check its spelling, or remove it.",
        "th": "คีย์นี้ไม่มีในภาษาแบบฟอร์ม ตรวจการสะกด หรือลบออก",
    },
    "def_null": {
        "en": "Give a value here, or leave the key out; null is not a value.",
        "th": "ใส่ค่าที่นี่ หรือไม่ต้องใส่คีย์นี้เลย null ไม่ใช่ค่า",
    },
    "def_not_object": {
        "en": "This must be an object ({…}) of keys and values.",
        "th": "ต้องเป็นออบเจกต์ ({…}) ของคีย์และค่า",
    },
    "def_not_text": {
        "en": "This must be text in quotes.",
        "th": "ต้องเป็นข้อความในเครื่องหมายคำพูด",
    },
    "def_not_list": {
        "en": "This must be a list ([…]).",
        "th": "ต้องเป็นรายการ ([…])",
    },
    "def_list_empty": {
        "en": "This list needs at least one entry.",
        "th": "รายการนี้ต้องมีอย่างน้อยหนึ่งรายการ",
    },
    "def_true_or_false": {
        "en": "This must be true or false (without quotes).",
        "th": "ต้องเป็น true หรือ false (ไม่มีเครื่องหมายคำพูด)",
    },
    "def_count": {
        "en": "This must be a whole number, 0 or more.",
        "th": "ต้องเป็นจำนวนเต็มตั้งแต่ 0 ขึ้นไป",
    },
    "def_invalid_value": {
        "en": "This value is not valid here.",
        "th": "ค่านี้ใช้ที่นี่ไม่ได้",
    },
    # --- labels (title, label, hint, constraint_message, choices) -------------------------------
    "def_label_not_object": {
        "en": "Texts are given by language, like {\"th\": \"ชื่อ\", \"en\": \"Name\"}.",
        "th": "ข้อความต้องแยกตามภาษา เช่น {\"th\": \"ชื่อ\", \"en\": \"Name\"}",
    },
    "def_label_language": {
        "en": "\"{key}\" is not a language code; use th, en or another two- or three-letter "
              "code.",
        "th": "\"{key}\" ไม่ใช่รหัสภาษา ใช้ th, en หรือรหัสภาษาสองหรือสามตัวอักษร",
    },
    "def_label_text": {
        "en": "The \"{key}\" text must be non-empty text.",
        "th": "ข้อความภาษา \"{key}\" ต้องเป็นข้อความที่ไม่ว่าง",
    },
    "def_label_needs_thai": {
        "en": "Needs a Thai text under \"th\".",
        "th": "ต้องมีข้อความภาษาไทยในคีย์ \"th\"",
    },
    "def_label_needed": {
        "en": "This field needs a label people can read.",
        "th": "ช่องนี้ต้องมีชื่อ (label) ที่ผู้กรอกอ่านเข้าใจ",
    },
    # --- the form ---------------------------------------------------------------------------------
    "def_form_id": {
        "en": "A form id is 2 to 64 lowercase letters, digits or _, starting with a letter "
              "(like village_visit).",
        "th": "รหัสแบบฟอร์มใช้ตัวอักษรอังกฤษพิมพ์เล็ก ตัวเลข หรือ _ ได้ 2 ถึง 64 ตัว "
              "และขึ้นต้นด้วยตัวอักษร (เช่น village_visit)",
    },
    # --- fields -----------------------------------------------------------------------------------
    "def_field_name": {
        "en": "A field name is 1 to 64 lowercase letters, digits or _, starting with a letter "
              "(like household_size).",
        "th": "ชื่อช่องใช้ตัวอักษรอังกฤษพิมพ์เล็ก ตัวเลข หรือ _ ได้ 1 ถึง 64 ตัว "
              "และขึ้นต้นด้วยตัวอักษร (เช่น household_size)",
    },
    "def_unknown_type": {
        "en": "\"{value}\" is not a field type; use one of: {types}.",
        "th": "\"{value}\" ไม่ใช่ชนิดของช่อง ใช้ชนิดใดชนิดหนึ่งต่อไปนี้: {types}",
    },
    "def_key_not_used": {
        "en": "A field of type {kind} does not use \"{key}\"; remove it.",
        "th": "ช่องชนิด {kind} ไม่ใช้ \"{key}\" กรุณาลบออก",
    },
    "def_type_needs": {
        "en": "A field of type {kind} needs \"{key}\".",
        "th": "ช่องชนิด {kind} ต้องมี \"{key}\"",
    },
    "def_duplicate_name": {
        "en": "The name \"{name}\" is used twice here (also {other}); names must differ.",
        "th": "ชื่อ \"{name}\" ซ้ำกัน (ใช้แล้วที่ {other}) ชื่อในระดับเดียวกันต้องไม่ซ้ำ",
    },
    "def_choice_value": {
        "en": "A choice value is 1 to 64 letters, digits, _ - or . (like yes or type_2).",
        "th": "ค่าของตัวเลือกใช้ตัวอักษรอังกฤษ ตัวเลข _ - หรือ . ได้ 1 ถึง 64 ตัว "
              "(เช่น yes หรือ type_2)",
    },
    "def_duplicate_choice": {
        "en": "The choice value \"{value}\" is used twice; each choice needs its own value.",
        "th": "ค่าตัวเลือก \"{value}\" ซ้ำกัน ตัวเลือกแต่ละตัวต้องมีค่าไม่ซ้ำกัน",
    },
    "def_bound_value": {
        "en": "A bound is a number, or for a date field a date like 2026-01-31.",
        "th": "ขอบเขตต้องเป็นตัวเลข หรือสำหรับช่องวันที่ เป็นวันที่ เช่น 2026-01-31",
    },
    "def_date_bound": {
        "en": "A date field's bound is a date like 2026-01-31 (year-month-day, C.E.).",
        "th": "ขอบเขตของช่องวันที่ต้องเป็นวันที่ เช่น 2026-01-31 (ปี ค.ศ.-เดือน-วัน)",
    },
    "def_number_bound": {
        "en": "A bound of a field of type {kind} is a number, not text.",
        "th": "ขอบเขตของช่องชนิด {kind} ต้องเป็นตัวเลข ไม่ใช่ข้อความ",
    },
    "def_integer_bound": {
        "en": "An integer field's bound is a whole number.",
        "th": "ขอบเขตของช่องจำนวนเต็มต้องเป็นจำนวนเต็ม",
    },
    "def_bounds_order": {
        "en": "{low} ({lo}) is greater than {high} ({hi}); no answer could meet both.",
        "th": "{low} ({lo}) มากกว่า {high} ({hi}) จึงไม่มีคำตอบใดผ่านได้ทั้งสองข้อ",
    },
    "def_pattern_invalid": {
        "en": "This is not a valid regular expression (the problem is near character {pos}).",
        "th": "รูปแบบ (regular expression) นี้ไม่ถูกต้อง (ปัญหาอยู่ราวตัวอักษรที่ {pos})",
    },
    "def_message_without_constraint": {
        "en": "There is a constraint message but no constraint for it to explain.",
        "th": "มีข้อความเงื่อนไข แต่ไม่มีเงื่อนไข (constraint) ให้อธิบาย",
    },
    "def_default_invalid": {
        "en": "The default is not a valid answer of this field: {problem}",
        "th": "ค่าเริ่มต้นไม่ใช่คำตอบที่ถูกต้องของช่องนี้: {problem}",
    },
    "def_default_unchecked": {
        "en": "The default can be checked once the field itself is fixed.",
        "th": "จะตรวจค่าเริ่มต้นได้เมื่อแก้ช่องนี้ให้ถูกต้องก่อน",
    },
    # --- logic (relevant, constraint, expr) ---------------------------------------------------------
    "def_logic": {
        "en": "This rule cannot work: {problem}",
        "th": "กฎนี้ใช้งานไม่ได้: {problem}",
    },
    # what forms/jsonlogic.py's check_rule finds in a rule; `at` is "" or a logic_where
    "logic_where": {"en": " (at {where})", "th": " (ที่ {where})"},
    "logic_too_deep": {
        "en": "The rule is nested deeper than {depth} levels.",
        "th": "กฎนี้ซ้อนกันลึกเกิน {depth} ชั้น",
    },
    "logic_one_key": {
        "en": "An operation is an object with exactly one key, the operator; this one has "
              "{count} keys{keys}{at}.",
        "th": "การดำเนินการหนึ่งคือออบเจกต์ที่มีคีย์เดียว คือตัวดำเนินการ แต่ที่นี่มี {count} คีย์"
              "{keys}{at}",
    },
    "logic_unknown_operator": {
        "en": "Unknown operator \"{operator}\"{at}.",
        "th": "ไม่รู้จักตัวดำเนินการ \"{operator}\"{at}",
    },
    "logic_not_json": {
        "en": "A {kind} is not a JSON value{at}.",
        "th": "{kind} ไม่ใช่ค่าของ JSON{at}",
    },
    "logic_arity": {
        "en": "\"{operator}\" takes {wanted} but has {given}{at}.",
        "th": "\"{operator}\" รับ{wanted} แต่ได้ {given} ค่า{at}",
    },
    "logic_wanted_one": {"en": "1 argument", "th": " 1 ค่า"},
    "logic_wanted_n": {"en": "{count} arguments", "th": " {count} ค่า"},
    "logic_wanted_at_least_one": {"en": "at least 1 argument", "th": "อย่างน้อย 1 ค่า"},
    "logic_wanted_at_least_n": {"en": "at least {count} arguments", "th": "อย่างน้อย {count} ค่า"},
    "logic_wanted_range": {"en": "{low} to {high} arguments", "th": " {low} ถึง {high} ค่า"},
    "logic_var_path": {
        "en": "\"var\" takes a field path: a string such as \"age\" or \"place.village_no\"{at}.",
        "th": "\"var\" รับตำแหน่งของช่อง: ข้อความ เช่น \"age\" หรือ \"place.village_no\"{at}",
    },
    "logic_missing_paths": {
        "en": "\"missing\" takes field paths: strings such as \"age\" or "
              "\"place.village_no\"{at}.",
        "th": "\"missing\" รับตำแหน่งของช่อง: ข้อความ เช่น \"age\" หรือ "
              "\"place.village_no\"{at}",
    },
    "logic_missing_some_count": {
        "en": "\"missing_some\" takes first the number of fields that must be present{at}.",
        "th": "\"missing_some\" รับค่าแรกเป็นจำนวนช่องที่ต้องมีคำตอบ{at}",
    },
    "logic_missing_some_list": {
        "en": "\"missing_some\" takes second a list of field paths{at}.",
        "th": "\"missing_some\" รับค่าที่สองเป็นรายการตำแหน่งของช่อง{at}",
    },
    "logic_regex_literal": {
        "en": "\"regex_match\" takes second a pattern written out as a text, not computed{at}.",
        "th": "\"regex_match\" รับค่าที่สองเป็นรูปแบบที่เขียนเป็นข้อความไว้ตรง ๆ "
              "ไม่ใช่ค่าที่คำนวณ{at}",
    },
    "logic_regex_unusable": {
        "en": "\"regex_match\" has a pattern it cannot use{at}: {problem}",
        "th": "\"regex_match\" ใช้รูปแบบนี้ไม่ได้{at}: {problem}",
    },
    "def_unknown_field_ref": {
        "en": "\"{var}\" names no field of this form; check the name and the group it is in.",
        "th": "\"{var}\" ไม่ตรงกับช่องใดในแบบฟอร์มนี้ ตรวจชื่อและกลุ่มที่ช่องนั้นอยู่",
    },
    "def_row_outside_repeat": {
        "en": "\"{var}\": row is only defined inside a repeat.",
        "th": "\"{var}\": row ใช้ได้เฉพาะภายในกลุ่มซ้ำ (repeat)",
    },
    "def_not_in_repeat": {
        "en": "\"{var}\" names no field of the repeat \"{repeat}\".",
        "th": "\"{var}\" ไม่ตรงกับช่องใดในกลุ่มซ้ำ \"{repeat}\"",
    },
    # --- summary ------------------------------------------------------------------------------------
    "def_answer_path": {
        "en": "An answer path is the field's name, with its groups before it "
              "(like place.village_no).",
        "th": "ตำแหน่งคำตอบคือชื่อช่อง โดยมีชื่อกลุ่มนำหน้า (เช่น place.village_no)",
    },
    "def_column_one_value": {
        "en": "A column shows either a field or a count.",
        "th": "คอลัมน์หนึ่งแสดงช่องหนึ่งช่อง (field) หรือการนับ (count) อย่างใดอย่างหนึ่ง",
    },
    "def_column_count_alone": {
        "en": "A count column has no detail or of.",
        "th": "คอลัมน์การนับไม่มี detail หรือ of",
    },
    "def_column_detail_or_of": {
        "en": "A column has a detail or an of, not both.",
        "th": "คอลัมน์มีได้อย่างใดอย่างหนึ่ง ระหว่าง detail หรือ of",
    },
    "def_positive_number": {
        "en": "This must be a number greater than 0.",
        "th": "ต้องเป็นตัวเลขที่มากกว่า 0",
    },
    "def_chart_limit": {
        "en": "A chart shows 1 to 100 records.",
        "th": "แผนภูมิแสดงได้ 1 ถึง 100 รายการ",
    },
    "def_chart_kind": {
        "en": "\"{value}\" is not a kind of chart; use one of: {kinds}.",
        "th": "\"{value}\" ไม่ใช่ชนิดของแผนภูมิ ใช้ชนิดใดชนิดหนึ่งต่อไปนี้: {kinds}",
    },
    "def_chart_key_unused": {
        "en": "A chart of kind {kind} does not use \"{key}\"; remove it.",
        "th": "แผนภูมิชนิด {kind} ไม่ใช้ \"{key}\" กรุณาลบออก",
    },
    "def_chart_key_needed": {
        "en": "A chart of kind {kind} needs \"{key}\".",
        "th": "แผนภูมิชนิด {kind} ต้องมี \"{key}\"",
    },
    "def_chart_fields": {
        "en": "This must be a group's path or a list of answer paths.",
        "th": "ต้องเป็นตำแหน่งของกลุ่ม หรือรายการตำแหน่งคำตอบ",
    },
    "def_ranked_needs_label": {
        "en": "A ranked chart needs a label, or the summary a title.",
        "th": "แผนภูมิจัดอันดับต้องมี label หรือ summary ต้องมี title",
    },
    "def_group_no_numbers": {
        "en": "The group \"{group}\" holds no number field.",
        "th": "กลุ่ม \"{group}\" ไม่มีช่องตัวเลข",
    },
    "def_in_repeat": {
        "en": "\"{path}\" lies inside a repeat, which has many rows; name a field with one "
              "answer per record.",
        "th": "\"{path}\" อยู่ในกลุ่มซ้ำซึ่งมีหลายแถว ให้ระบุช่องที่มีคำตอบเดียวต่อหนึ่งรายการ",
    },
    "def_wrong_kind_of_field": {
        "en": "\"{path}\" is a {kind} field; {wanted}",
        "th": "\"{path}\" เป็นช่องชนิด {kind}: {wanted}",
    },
    "def_want_one_answer": {
        "en": "name a field with one answer.",
        "th": "ให้ระบุช่องที่มีคำตอบเดียว",
    },
    "def_want_place": {
        "en": "a {part} is one of {kinds}.",
        "th": "{part} ต้องเป็นช่องชนิด {kinds}",
    },
    "def_want_date": {
        "en": "the record's date is a date field.",
        "th": "วันที่ของรายการต้องเป็นช่องวันที่",
    },
    "def_want_count": {
        "en": "a count is of a repeat's rows or a select_multiple's choices.",
        "th": "การนับใช้กับแถวของกลุ่มซ้ำ หรือตัวเลือกของช่อง select_multiple",
    },
    "def_want_number": {
        "en": "a chart's number is an integer, decimal or calculate field.",
        "th": "ตัวเลขของแผนภูมิต้องเป็นช่อง integer, decimal หรือ calculate",
    },
    "def_want_mark": {
        "en": "a mark is a boolean or calculate field.",
        "th": "เครื่องหมาย (mark) ต้องเป็นช่อง boolean หรือ calculate",
    },
    "def_want_tally": {
        "en": "a tally counts the choices of a select field.",
        "th": "การนับตัวเลือกใช้กับช่อง select เท่านั้น",
    },
    "def_want_group_or_numbers": {
        "en": "name a group, or list the number fields.",
        "th": "ให้ระบุกลุ่ม หรือระบุรายการช่องตัวเลข",
    },
}
