"""Phones and people: setting phones up by code, reconnecting, rescue files, the fleet page
and the account pages, in the words of both the admin's web pages and the officer's phone."""

FLEET: dict[str, dict[str, str]] = {
    # --- errors of accounts, set-up codes and rescue files -----------------------------------
    "invalid_enrolment_code": {
        "th": "รหัสตั้งค่านี้ใช้ไม่ได้ ขอรหัสใหม่จากผู้ดูแลระบบ หรือเข้าสู่ระบบด้วยชื่อผู้ใช้และรหัสผ่าน",
        "en": "This set-up code does not work. Ask your administrator for a new one, or sign in with your username and password.",
    },
    "cannot_disable_self": {"th": "ระงับบัญชีของตัวเองไม่ได้", "en": "You cannot disable your own account."},
    "account_disabled": {
        "th": "บัญชี {username} ถูกระงับอยู่ เปิดใช้ก่อน",
        "en": "The account {username} is disabled; enable it first.",
    },
    "full_name_length": {"th": "ยาวได้ไม่เกิน {max} ตัวอักษร", "en": "Give at most {max} characters."},
    "no_control_characters": {"th": "ต้องไม่มีอักขระควบคุม", "en": "Must not contain control characters."},
    "choose_people": {"th": "เลือกอย่างน้อยหนึ่งคน", "en": "Choose at least one person."},
    "too_many_codes": {"th": "สร้างได้ครั้งละไม่เกิน {max} รหัส", "en": "Make at most {max} codes at once."},
    "code_hours": {
        "th": "ระบุจำนวนชั่วโมงมากกว่า 0 และไม่เกิน {max}",
        "en": "Give a number of hours above 0 and at most {max}.",
    },
    "no_such_enrolment_code": {"th": "ไม่มีรหัสตั้งค่าที่ยังไม่ใช้หมายเลขนี้", "en": "There is no unused set-up code with this number."},
    "not_a_rescue_file": {
        "th": "ไฟล์นี้ไม่ใช่ไฟล์กู้ข้อมูลที่แอปตำบลบันทึก",
        "en": "This is not a rescue file saved by the Tambon app.",
    },
    "rescue_no_owner": {"th": "ไฟล์ไม่ได้ระบุว่าเป็นงานของใคร", "en": "The file does not say whose work it is."},
    "must_be_list": {"th": "ต้องเป็นรายการ", "en": "Must be a list."},

    # --- accounts (web) ---------------------------------------------------------------------
    "people_full_name": {"th": "ชื่อ-นามสกุล", "en": "Full name"},
    "people_full_name_hint": {"th": "เช่น นายสมศักดิ์ จิตรวิไลย", "en": "e.g. นายสมศักดิ์ จิตรวิไลย"},
    "people_save_name": {"th": "บันทึกชื่อ", "en": "Save name"},
    "people_name_saved": {"th": "บันทึกชื่อของ {name} แล้ว", "en": "Saved the name of {name}."},
    "people_status": {"th": "สถานะบัญชี", "en": "Account"},
    "people_active": {"th": "ใช้งานได้", "en": "Active"},
    "people_disabled": {"th": "ระงับแล้ว", "en": "Disabled"},
    "people_disable": {"th": "ระงับบัญชี", "en": "Disable"},
    "people_enable": {"th": "เปิดใช้อีกครั้ง", "en": "Enable"},
    "people_disable_confirm": {
        "th": "ระงับบัญชี {name}? โทรศัพท์ทุกเครื่องของบัญชีนี้จะซิงค์ไม่ได้ และต้องเข้าสู่ระบบใหม่",
        "en": "Disable {name}? Every phone of this account stops syncing and its sessions end.",
    },
    "people_disabled_done": {
        "th": "ระงับบัญชี {name} แล้ว โทรศัพท์ของบัญชีนี้ถูกยกเลิกรหัสเครื่องทั้งหมด",
        "en": "Disabled {name}; every device token of the account was revoked.",
    },
    "people_enabled_done": {
        "th": "เปิดใช้บัญชี {name} แล้ว ออกรหัสตั้งค่าเครื่องใหม่ให้โทรศัพท์ของเขา",
        "en": "Enabled {name}. Give their phone a new set-up code.",
    },
    "people_reset_password": {"th": "ตั้งรหัสผ่านใหม่", "en": "Reset password"},
    "people_new_password": {"th": "รหัสผ่านใหม่", "en": "New password"},
    "people_password_done": {
        "th": "ตั้งรหัสผ่านใหม่ของ {name} แล้ว เซสชันเว็บเดิมของบัญชีนี้ถูกออกจากระบบ",
        "en": "Set a new password for {name}; their open web sessions were signed out.",
    },
    "people_actions": {"th": "จัดการ", "en": "Manage"},
    "people_choose": {"th": "— เลือกเจ้าของ —", "en": "— choose the owner —"},
    "people_revoke_confirm": {
        "th": "ยกเลิกรหัสเครื่อง {label}? โทรศัพท์เครื่องนี้จะซิงค์ไม่ได้จนกว่าจะเชื่อมต่อใหม่ (งานที่ยังไม่ส่งยังอยู่ในเครื่อง)",
        "en": "Revoke the token of {label}? The phone stops syncing until it reconnects (its unsent work stays on it).",
    },

    # --- enrolment codes (web) --------------------------------------------------------------
    "enrol_nav": {"th": "ตั้งค่าโทรศัพท์", "en": "Phone set-up"},
    "enrol_title": {"th": "รหัสตั้งค่าโทรศัพท์", "en": "Phone set-up codes"},
    "enrol_intro": {
        "th": "เจ้าหน้าที่สแกน QR ด้วยกล้องโทรศัพท์ แอปจะเปิดและเชื่อมต่อเอง ไม่ต้องพิมพ์รหัสผ่าน รหัสแต่ละอันใช้ได้ครั้งเดียวและหมดอายุตามเวลาที่กำหนด",
        "en": "The officer scans the QR code with the phone's camera; the app opens already connected, no password typed. Each code works once and expires.",
    },
    "enrol_people": {"th": "เจ้าหน้าที่", "en": "Officers"},
    "enrol_all_field": {"th": "เลือกเจ้าหน้าที่ภาคสนามทั้งหมด", "en": "All field officers"},
    "enrol_hours": {"th": "ใช้ได้กี่ชั่วโมง", "en": "Valid for (hours)"},
    "enrol_make": {"th": "สร้างรหัสและพิมพ์", "en": "Make codes to print"},
    "enrol_sheet_title": {"th": "แผ่นรหัสตั้งค่าโทรศัพท์", "en": "Phone set-up sheet"},
    "enrol_sheet_once": {
        "th": "รหัสเหล่านี้แสดงครั้งเดียว พิมพ์หน้านี้ตอนนี้ (ระบบเก็บไว้เฉพาะค่าแฮช)",
        "en": "These codes are shown once: print this page now (the server keeps only their hashes).",
    },
    "enrol_print": {"th": "พิมพ์", "en": "Print"},
    "enrol_card_scan": {
        "th": "สแกนด้วยกล้องโทรศัพท์ หรือเปิด {app} แล้วพิมพ์รหัส",
        "en": "Scan with the phone's camera, or open {app} and type the code",
    },
    "enrol_card_expires": {"th": "ใช้ได้ครั้งเดียว ถึง {when}", "en": "Works once, until {when}"},
    "enrol_codes": {"th": "รหัสที่สร้างไว้", "en": "Codes made"},
    "enrol_made": {"th": "สร้างเมื่อ", "en": "Made"},
    "enrol_expires": {"th": "หมดอายุ", "en": "Expires"},
    "enrol_device": {"th": "เครื่องที่เชื่อมต่อ", "en": "Phone connected"},
    "enrol_status_pending": {"th": "ยังไม่ใช้", "en": "Not used yet"},
    "enrol_status_used": {"th": "ใช้แล้ว", "en": "Used"},
    "enrol_status_expired": {"th": "หมดอายุ", "en": "Expired"},
    "enrol_status_revoked": {"th": "ยกเลิกแล้ว", "en": "Revoked"},
    "enrol_revoke": {"th": "ยกเลิกรหัส", "en": "Revoke"},
    "enrol_revoke_confirm": {
        "th": "ยกเลิกรหัสตั้งค่าของ {name}? รหัสบนกระดาษจะใช้ไม่ได้อีก",
        "en": "Revoke {name}'s set-up code? The printed code stops working.",
    },
    "enrol_revoked_done": {"th": "ยกเลิกรหัสแล้ว", "en": "The code was revoked."},

    # --- the fleet (web) --------------------------------------------------------------------
    "fleet_title": {"th": "โทรศัพท์ของเจ้าหน้าที่", "en": "Officers' phones"},
    "fleet_intro": {
        "th": "สิ่งที่โทรศัพท์แต่ละเครื่องแจ้งเมื่อซิงค์ครั้งล่าสุด เครื่องที่มีงานค้างส่งนานกว่า {days} วันอยู่บนสุด",
        "en": "What each phone said at its last sync. Phones holding unsent work for more than {days} days come first.",
    },
    "fleet_officer": {"th": "เจ้าหน้าที่", "en": "Officer"},
    "fleet_phone": {"th": "เครื่อง", "en": "Phone"},
    "fleet_last_contact": {"th": "ติดต่อล่าสุด", "en": "Last contact"},
    "fleet_app_version": {"th": "รุ่นแอป", "en": "App version"},
    "fleet_unsent": {"th": "ยังไม่ส่ง", "en": "Unsent"},
    "fleet_unsent_for": {"th": "ค้างมา {days} วัน", "en": "waiting {days} days"},
    "fleet_clock": {"th": "นาฬิกาเครื่องคลาดเคลื่อน", "en": "Clock skew"},
    "fleet_stale": {"th": "งานค้างส่งนาน", "en": "Unsent for long"},
    "fleet_unknown": {"th": "ไม่ทราบ", "en": "unknown"},
    "fleet_no_phones": {"th": "ยังไม่มีโทรศัพท์", "en": "No phones yet."},

    # --- rescue files (web) -----------------------------------------------------------------
    "rescue_nav": {"th": "กู้งานจากไฟล์", "en": "Rescue file"},
    "rescue_title": {"th": "นำงานเข้าจากไฟล์กู้ข้อมูล", "en": "Load a rescue file"},
    "rescue_intro": {
        "th": "เมื่อโทรศัพท์ซิงค์ไม่ได้ (เสีย หรือหาย) เจ้าหน้าที่บันทึกงานที่ยังไม่ส่งเป็นไฟล์ในหน้าตั้งค่าของแอป นำไฟล์นั้นเข้าที่นี่ งานแต่ละชิ้นถูกเก็บครั้งเดียวในชื่อเจ้าของเดิม ชิ้นที่มีอยู่แล้วจะแสดงว่า ซ้ำ",
        "en": "When a phone cannot sync, the officer saves its unsent work to a file from the app's settings. Load that file here: each item is stored once, as its original author; items already stored come back as duplicate.",
    },
    "rescue_file": {"th": "ไฟล์กู้ข้อมูล (.json)", "en": "Rescue file (.json)"},
    "rescue_load": {"th": "นำเข้า", "en": "Load"},
    "rescue_done": {
        "th": "นำเข้างานของ {name} แล้ว: ใหม่ {created} ปรับปรุง {updated} ซ้ำ {duplicate} ขัดแย้ง {conflict} ถูกปฏิเสธ {rejected}",
        "en": "Loaded {name}'s work: {created} created, {updated} updated, {duplicate} duplicate, {conflict} conflict, {rejected} rejected.",
    },
    "rescue_item": {"th": "รายการ", "en": "Item"},
    "rescue_status_created": {"th": "เก็บใหม่", "en": "created"},
    "rescue_status_updated": {"th": "ปรับปรุง", "en": "updated"},
    "rescue_status_duplicate": {"th": "มีอยู่แล้ว (ซ้ำ)", "en": "duplicate"},
    "rescue_status_conflict": {"th": "ขัดแย้ง", "en": "conflict"},
    "rescue_status_rejected": {"th": "ถูกปฏิเสธ", "en": "rejected"},
    "rescue_result": {"th": "ผล", "en": "Result"},

    # --- the phone --------------------------------------------------------------------------
    "phone_code_title": {"th": "ใช้รหัสตั้งค่าเครื่อง", "en": "Use a set-up code"},
    "phone_code_intro": {
        "th": "สแกน QR จากผู้ดูแลระบบด้วยกล้องโทรศัพท์ หรือพิมพ์รหัส 10 ตัวที่อยู่ใต้ QR",
        "en": "Scan the QR code from your administrator with the phone's camera, or type the 10-character code under it.",
    },
    "phone_code": {"th": "รหัสตั้งค่า", "en": "Set-up code"},
    "phone_code_use": {"th": "เชื่อมต่อด้วยรหัส", "en": "Connect with the code"},
    "phone_or_password": {
        "th": "หรือเข้าสู่ระบบด้วยชื่อผู้ใช้และรหัสผ่าน",
        "en": "Or sign in with your username and password",
    },
    "phone_code_unknown": {
        "th": "ไม่พบรหัสนี้ ตรวจสอบตัวอักษรอีกครั้ง หรือขอรหัสใหม่จากผู้ดูแลระบบ",
        "en": "This code is not known. Check the letters, or ask your administrator for a new one.",
    },
    "phone_code_used": {
        "th": "รหัสนี้ถูกใช้ไปแล้ว ขอรหัสใหม่จากผู้ดูแลระบบ",
        "en": "This code was already used. Ask your administrator for a new one.",
    },
    "phone_code_expired": {
        "th": "รหัสนี้หมดอายุแล้ว ขอรหัสใหม่จากผู้ดูแลระบบ",
        "en": "This code has expired. Ask your administrator for a new one.",
    },
    "phone_code_revoked": {
        "th": "รหัสนี้ถูกยกเลิกแล้ว ขอรหัสใหม่จากผู้ดูแลระบบ",
        "en": "This code was revoked. Ask your administrator for a new one.",
    },
    "phone_code_disabled": {
        "th": "บัญชีนี้ถูกระงับ ติดต่อผู้ดูแลระบบ",
        "en": "This account is disabled. Contact your administrator.",
    },
    "phone_connecting": {"th": "กำลังเชื่อมต่อ…", "en": "Connecting…"},
    "phone_reconnect_title": {"th": "เชื่อมต่อเครื่องนี้ใหม่", "en": "Connect this phone again"},
    "phone_reconnect_intro": {
        "th": "เซิร์ฟเวอร์ไม่รับรหัสเครื่องนี้แล้ว (ถูกยกเลิกหรือหมดอายุ) งานที่ยังไม่ส่ง {n} รายการยังอยู่ในเครื่องครบ และจะส่งทันทีเมื่อเชื่อมต่อใหม่ด้วยรหัสตั้งค่าหรือรหัสผ่านของ {user}",
        "en": "The server no longer accepts this phone's token (revoked or expired). Your {n} unsent items are all still here and are sent as soon as you connect again with a set-up code or {user}'s password.",
    },
    "phone_reconnect_other_user": {
        "th": "เครื่องนี้มีงานที่ยังไม่ส่งของ {user} เชื่อมต่อด้วยบัญชีของ {user} เท่านั้น หรือบันทึกงานเป็นไฟล์ก่อน",
        "en": "This phone holds {user}'s unsent work: connect as {user}, or save the work to a file first.",
    },
    "phone_reconnect_needed": {
        "th": "ต้องเชื่อมต่อใหม่ แตะที่นี่ (งานที่ยังไม่ส่งยังอยู่ครบ)",
        "en": "Connect again: tap here (your unsent work is kept).",
    },
    "phone_rescue_title": {"th": "บันทึกงานที่ยังไม่ส่งเป็นไฟล์", "en": "Save unsent work to a file"},
    "phone_rescue_intro": {
        "th": "เมื่อเครื่องซิงค์ไม่ได้ บันทึกงาน {n} รายการที่ยังไม่ส่งเป็นไฟล์ แล้วส่งไฟล์ให้ผู้ดูแลระบบนำเข้า งานจะถูกเก็บครั้งเดียวแม้ส่งซ้ำ",
        "en": "When this phone cannot sync, save its {n} unsent items to a file and give it to your administrator to load; each item is stored once even if it is also sent.",
    },
    "phone_rescue_save": {"th": "บันทึกเป็นไฟล์", "en": "Save to a file"},
    "phone_rescue_share": {"th": "แชร์ไฟล์", "en": "Share the file"},
    "phone_rescue_saved": {"th": "บันทึกไฟล์ {file} แล้ว", "en": "Saved {file}."},
    "phone_rescue_nothing": {"th": "ไม่มีงานที่ยังไม่ส่ง", "en": "Nothing is unsent."},
    "phone_sign_out_keep": {
        "th": "ออกจากระบบ? เครื่องนี้มีงานที่ยังไม่ส่ง {n} รายการ ควรซิงค์หรือบันทึกเป็นไฟล์ก่อน",
        "en": "Sign out? This phone holds {n} unsent items: sync them or save them to a file first.",
    },
    "phone_sign_out_delete": {
        "th": "ยืนยันอีกครั้ง: ลบงานที่ยังไม่ส่ง {n} รายการออกจากเครื่องนี้ถาวร?",
        "en": "Confirm again: delete {n} unsent items from this phone for ever?",
    },
}
