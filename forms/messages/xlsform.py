"""What the XLSForm import says about a workbook (forms/xlsform.py) and its XPath (forms/xpath.py).

Each problem points at a sheet, a row and a column of the author's own workbook, so the words
name what to change there. Parameters: `{name}` a question or function, `{type}` an XLSForm
type, `{header}` a column header, `{at}` a character of an expression (counted from 1).
"""

XLSFORM: dict[str, dict[str, str]] = {
    # --- the workbook ---------------------------------------------------------------------
    "xlsform_unreadable": {
        "en": "The file cannot be read as an XLSForm (.xlsx or .xls): {reason}",
        "th": "อ่านไฟล์นี้เป็น XLSForm (.xlsx หรือ .xls) ไม่ได้: {reason}",
    },
    "xlsform_structure": {
        "en": "The XLSForm breaks a rule of the XLSForm format: {reason}",
        "th": "XLSForm นี้ผิดกฎของรูปแบบ XLSForm: {reason}",
    },
    "xlsform_type_unsupported": {
        "en": "Tambon has no question type like “{type}”; this question is not converted.",
        "th": "Tambon ไม่มีคำถามชนิด “{type}” คำถามนี้จึงไม่ถูกแปลง",
    },
    "xlsform_type_not_yet": {
        "en": "“{type}” questions need a field type this server does not have yet ({target}).",
        "th": "คำถามชนิด “{type}” ต้องใช้ชนิดคำถามที่เซิร์ฟเวอร์นี้ยังไม่มี ({target})",
    },
    "xlsform_barcode_as_text": {
        "en": "The barcode becomes a text question: the phone will not scan, the officer types the code.",
        "th": "บาร์โค้ดจะกลายเป็นคำถามข้อความ: โทรศัพท์จะไม่สแกน เจ้าหน้าที่ต้องพิมพ์รหัสเอง",
    },
    "xlsform_file_any": {
        "en": "The file question takes any file in XLSForm; Tambon takes the kinds it recognises (PDF, Office documents, photos, ZIP).",
        "th": "คำถามแนบไฟล์ใน XLSForm รับไฟล์ได้ทุกชนิด แต่ Tambon รับเฉพาะชนิดที่ระบบรู้จัก (PDF เอกสาร Office รูปภาพ และ ZIP)",
    },
    "xlsform_file_type_unknown": {
        "en": "Tambon does not take files of the kind “{value}”; the question takes the others listed.",
        "th": "Tambon ไม่รับไฟล์ชนิด “{value}” คำถามนี้จะรับเฉพาะชนิดอื่นที่ระบุไว้",
    },
    "xlsform_acknowledge_as_boolean": {
        "en": "The acknowledge question becomes a yes/no question.",
        "th": "คำถามรับทราบ (acknowledge) จะกลายเป็นคำถาม ใช่/ไม่ใช่",
    },
    "xlsform_range_step": {
        "en": "The range keeps its start and end but not its step ({step}): any number between is accepted.",
        "th": "ช่วงตัวเลขจะเก็บค่าเริ่มต้นและค่าสุดท้ายไว้ แต่ไม่เก็บขั้น ({step}) ตัวเลขใดก็ได้ในช่วงจะรับได้",
    },
    "xlsform_range_parameters": {
        "en": "The range parameters “{parameters}” cannot be read; write start=1 end=10 step=1.",
        "th": "อ่านพารามิเตอร์ของช่วง “{parameters}” ไม่ได้ ให้เขียนแบบ start=1 end=10 step=1",
    },
    "xlsform_column_ignored": {
        "en": "Tambon does not use the column “{header}”; its value “{value}” is left out.",
        "th": "Tambon ไม่ใช้คอลัมน์ “{header}” ค่า “{value}” ในช่องนี้จะถูกตัดทิ้ง",
    },
    "xlsform_choice_column_ignored": {
        "en": "No choice filter reads the column “{header}” of the choices sheet; it is left out.",
        "th": "ไม่มีตัวกรองตัวเลือกใดอ่านคอลัมน์ “{header}” ของชีต choices จึงถูกตัดทิ้ง",
    },
    "xlsform_appearance_ignored": {
        "en": "The appearance “{value}” changes nothing on Tambon's phone screen.",
        "th": "ลักษณะการแสดงผล (appearance) “{value}” ไม่มีผลกับหน้าจอโทรศัพท์ของ Tambon",
    },
    "xlsform_renamed": {
        "en": "The name “{name}” becomes “{new}”: Tambon names are lowercase English letters, digits and _.",
        "th": "ชื่อ “{name}” จะเปลี่ยนเป็น “{new}” เพราะชื่อใน Tambon ใช้ได้เฉพาะอักษรอังกฤษตัวเล็ก ตัวเลข และ _",
    },
    "xlsform_name_bad": {
        "en": "The name “{name}” cannot become a Tambon name; start it with an English letter.",
        "th": "ใช้ชื่อ “{name}” ใน Tambon ไม่ได้ ให้ขึ้นต้นด้วยอักษรภาษาอังกฤษ",
    },
    "xlsform_name_duplicate": {
        "en": "The name “{name}” is used twice in the same group.",
        "th": "ชื่อ “{name}” ซ้ำกันในกลุ่มเดียวกัน",
    },
    "xlsform_name_missing": {
        "en": "This question has no name.",
        "th": "คำถามนี้ไม่มีชื่อ (name)",
    },
    "xlsform_choice_value": {
        "en": "The choice name “{value}” cannot be stored by Tambon: use 1-64 English letters, digits, _ - or .",
        "th": "ชื่อตัวเลือก “{value}” ใช้ใน Tambon ไม่ได้ ให้ใช้อักษรอังกฤษ ตัวเลข _ - หรือ . 1-64 ตัว",
    },
    "xlsform_choice_duplicate": {
        "en": "The choice name “{value}” appears twice in the list “{name}”.",
        "th": "ชื่อตัวเลือก “{value}” ซ้ำกันในรายการ “{name}”",
    },
    "xlsform_choices_missing": {
        "en": "The choice list “{name}” is not on the choices sheet.",
        "th": "ไม่พบรายการตัวเลือก “{name}” ในชีต choices",
    },
    "xlsform_list_unknown": {
        "en": "The list “{name}” is not published on this server; publish it first, then import again.",
        "th": "ยังไม่มีรายการ “{name}” บนเซิร์ฟเวอร์นี้ ให้เผยแพร่รายการก่อนแล้วนำเข้าใหม่",
    },
    "xlsform_label_missing": {
        "en": "This question has no label to show.",
        "th": "คำถามนี้ไม่มีข้อความคำถาม (label)",
    },
    "xlsform_no_thai": {
        "en": "There is no Thai text here; the {lang} text is shown to Thai readers too.",
        "th": "ไม่มีข้อความภาษาไทยในช่องนี้ จะแสดงข้อความภาษา {lang} ให้ผู้อ่านภาษาไทยแทน",
    },
    "xlsform_label_reference": {
        "en": "The text shows the answer of {refs}; Tambon shows texts as written, so the answer is not filled in.",
        "th": "ข้อความนี้แสดงคำตอบของ {refs} แต่ Tambon แสดงข้อความตามที่เขียนไว้ จึงจะไม่มีคำตอบแทรกอยู่",
    },
    "xlsform_language_ignored": {
        "en": "Tambon shows Thai and English only; the {lang} column is left out.",
        "th": "Tambon แสดงเฉพาะภาษาไทยและภาษาอังกฤษ คอลัมน์ภาษา {lang} จะถูกตัดทิ้ง",
    },
    "xlsform_group_unclosed": {
        "en": "This {kind} is never closed by an end {kind} row.",
        "th": "{kind} นี้ไม่มีแถว end {kind} ปิดท้าย",
    },
    "xlsform_group_unopened": {
        "en": "This end {kind} row closes nothing.",
        "th": "แถว end {kind} นี้ไม่ได้ปิดอะไร",
    },
    "xlsform_group_empty": {
        "en": "This {kind} has no questions; it is left out.",
        "th": "{kind} นี้ไม่มีคำถามอยู่ข้างใน จึงถูกตัดทิ้ง",
    },
    "xlsform_group_flattened": {
        "en": "This group holds only notes; its notes are kept at the level above.",
        "th": "กลุ่มนี้มีแต่ข้อความแจ้ง (note) จึงย้ายข้อความเหล่านั้นขึ้นไปไว้ระดับบน",
    },
    "xlsform_repeat_count_not_yet": {
        "en": "The repeat count needs a form-language feature this server does not have yet; the number of rows is left free.",
        "th": "จำนวนรอบของการทำซ้ำ (repeat_count) ต้องใช้ความสามารถที่เซิร์ฟเวอร์นี้ยังไม่มี จำนวนแถวจะไม่ถูกจำกัด",
    },
    "xlsform_choice_filter_not_yet": {
        "en": "The choice filter needs a form-language feature this server does not have yet; every choice is offered.",
        "th": "ตัวกรองตัวเลือก (choice_filter) ต้องใช้ความสามารถที่เซิร์ฟเวอร์นี้ยังไม่มี จะแสดงตัวเลือกทั้งหมด",
    },
    "xlsform_calculation_not_calculate": {
        "en": "Only calculate questions may have a calculation in Tambon; this one is left out.",
        "th": "ใน Tambon เฉพาะคำถามชนิด calculate เท่านั้นที่มีสูตรคำนวณได้ สูตรนี้จึงถูกตัดทิ้ง",
    },
    "xlsform_required_message": {
        "en": "Tambon shows its own “Required.” message; this required message is left out.",
        "th": "Tambon ใช้ข้อความ “ต้องกรอกข้อนี้” ของระบบเอง ข้อความนี้จึงถูกตัดทิ้ง",
    },
    "xlsform_required_expression": {
        "en": "Required must be yes or no in Tambon; “{value}” is read as yes.",
        "th": "ใน Tambon ช่อง required ต้องเป็น yes หรือ no จะถือว่า “{value}” คือ yes",
    },
    "xlsform_default_bad": {
        "en": "The default “{value}” is not a valid answer for this question; it is left out.",
        "th": "ค่าเริ่มต้น “{value}” ไม่ใช่คำตอบที่ถูกต้องของคำถามนี้ จึงถูกตัดทิ้ง",
    },
    "xlsform_default_dynamic": {
        "en": "A default computed from an expression is not supported; it is left out.",
        "th": "ค่าเริ่มต้นที่คำนวณจากสูตรยังใช้ไม่ได้ จึงถูกตัดทิ้ง",
    },
    "xlsform_constraint_message_alone": {
        "en": "There is a constraint message but no constraint; it is left out.",
        "th": "มีข้อความเงื่อนไข (constraint_message) แต่ไม่มีเงื่อนไข จึงถูกตัดทิ้ง",
    },
    "xlsform_settings_form_id": {
        "en": "The form_id “{value}” is not a Tambon form id; “{new}” is used instead.",
        "th": "form_id “{value}” ใช้ใน Tambon ไม่ได้ จะใช้ “{new}” แทน",
    },
    "xlsform_settings_version": {
        "en": "The version “{value}” is not a Tambon version; “{new}” is used instead.",
        "th": "เวอร์ชัน “{value}” ใช้ใน Tambon ไม่ได้ จะใช้ “{new}” แทน",
    },
    "xlsform_no_questions": {
        "en": "The survey sheet has no question Tambon can use.",
        "th": "ชีต survey ไม่มีคำถามที่ Tambon ใช้ได้เลย",
    },
    "xlsform_definition": {
        "en": "The converted form breaks a rule of Tambon's form language at {path}: {reason}",
        "th": "แบบฟอร์มที่แปลงแล้วผิดกฎของภาษาแบบฟอร์ม Tambon ที่ {path}: {reason}",
    },
    # --- XPath expressions ------------------------------------------------------------------
    "xpath_empty": {"en": "The expression is empty.", "th": "สูตรว่างเปล่า"},
    "xpath_too_long": {
        "en": "The expression is longer than {limit} characters.",
        "th": "สูตรยาวเกิน {limit} ตัวอักษร",
    },
    "xpath_too_deep": {
        "en": "The expression nests brackets and functions more than {limit} deep.",
        "th": "สูตรซ้อนวงเล็บและฟังก์ชันลึกเกิน {limit} ชั้น",
    },
    "xpath_unexpected": {
        "en": "Unexpected “{text}” at character {at} of the expression.",
        "th": "พบ “{text}” ที่ไม่ควรอยู่ตรงตัวอักษรที่ {at} ของสูตร",
    },
    "xpath_incomplete": {
        "en": "The expression ends before it is complete.",
        "th": "สูตรจบก่อนจะเขียนครบ",
    },
    "xpath_unclosed_string": {
        "en": "The text starting at character {at} has no closing quote.",
        "th": "ข้อความที่เริ่มตรงตัวอักษรที่ {at} ไม่มีเครื่องหมายคำพูดปิด",
    },
    "xpath_expected": {
        "en": "Expected “{expected}” but found “{text}” at character {at}.",
        "th": "ต้องมี “{expected}” แต่พบ “{text}” ที่ตัวอักษรที่ {at}",
    },
    "xpath_unknown_field": {
        "en": "${{{name}}} is not a question of this form.",
        "th": "${{{name}}} ไม่ใช่คำถามในแบบฟอร์มนี้",
    },
    "xpath_repeat_values": {
        "en": "The answers inside the repeat “{name}” are many values here; use count(), sum(), max() or min() on them.",
        "th": "คำตอบในกลุ่มทำซ้ำ “{name}” มีหลายค่าในตำแหน่งนี้ ให้ใช้ count(), sum(), max() หรือ min()",
    },
    "xpath_outer_row": {
        "en": "${{{name}}} belongs to the row of an outer repeat, which a nested repeat cannot read.",
        "th": "${{{name}}} อยู่ในแถวของกลุ่มทำซ้ำชั้นนอก ซึ่งกลุ่มทำซ้ำชั้นในอ่านไม่ได้",
    },
    "xpath_other_repeat": {
        "en": "${{{name}}} is inside another repeat; a row can read only its own repeat's answers.",
        "th": "${{{name}}} อยู่ในกลุ่มทำซ้ำอื่น แต่ละแถวอ่านได้เฉพาะคำตอบในกลุ่มทำซ้ำของตัวเอง",
    },
    "xpath_nested_repeat": {
        "en": "${{{name}}} is inside a repeat nested in this row; reading it from here is not supported.",
        "th": "${{{name}}} อยู่ในกลุ่มทำซ้ำที่ซ้อนอยู่ในแถวนี้ ยังอ่านจากตำแหน่งนี้ไม่ได้",
    },
    "xpath_path": {
        "en": "The path “{text}” is not supported; name questions as ${{name}}.",
        "th": "ยังใช้เส้นทาง “{text}” ไม่ได้ ให้อ้างถึงคำถามแบบ ${{name}}",
    },
    "xpath_item_column": {
        "en": "“{name}” is not a column of the choices sheet this filter reads.",
        "th": "“{name}” ไม่ใช่คอลัมน์ของชีต choices ที่ตัวกรองนี้อ่าน",
    },
    "xpath_lookup": {
        "en": "{name}() looks data up outside the form, which Tambon does not support.",
        "th": "{name}() ดึงข้อมูลจากนอกแบบฟอร์ม ซึ่ง Tambon ยังไม่รองรับ",
    },
    "xpath_function": {
        "en": "The function {name}() is not supported.",
        "th": "ยังไม่รองรับฟังก์ชัน {name}()",
    },
    "xpath_arguments": {
        "en": "{name}() cannot take {count} arguments.",
        "th": "{name}() รับค่า {count} ค่าไม่ได้",
    },
    "xpath_position": {
        "en": "position(..) is not supported: Tambon's rules do not see row numbers.",
        "th": "ยังไม่รองรับ position(..) เพราะกฎของ Tambon ไม่เห็นลำดับแถว",
    },
    "xpath_dot": {
        "en": "“.” (this question's answer) means nothing in this column.",
        "th": "“.” (คำตอบของคำถามนี้) ใช้ในคอลัมน์นี้ไม่ได้",
    },
    "xpath_regex_literal": {
        "en": "regex() needs its pattern written out as text in quotes.",
        "th": "regex() ต้องเขียนรูปแบบเป็นข้อความในเครื่องหมายคำพูด",
    },
    "xpath_regex_pattern": {
        "en": "The regex pattern cannot be used on both phone and server: {reason}",
        "th": "รูปแบบ regex นี้ใช้ร่วมกันทั้งบนโทรศัพท์และเซิร์ฟเวอร์ไม่ได้: {reason}",
    },
    "xpath_compare_list": {
        "en": "A multiple-choice answer compared with = or !=; write selected(${{name}}, 'choice') instead.",
        "th": "คำตอบแบบเลือกได้หลายข้อเปรียบเทียบด้วย = หรือ != ไม่ได้ ให้ใช้ selected(${{name}}, 'ตัวเลือก') แทน",
    },
    "xpath_count": {
        "en": "count() takes a repeat, or a question inside one.",
        "th": "count() ใช้กับกลุ่มทำซ้ำ หรือคำถามที่อยู่ในกลุ่มทำซ้ำ",
    },
    "xpath_sum": {
        "en": "sum() takes a question inside a repeat.",
        "th": "sum() ใช้กับคำถามที่อยู่ในกลุ่มทำซ้ำ",
    },
}
