"""Words the supervisor pages and the phone both say, written once."""

COMMON: dict[str, dict[str, str]] = {
    "username": {"th": "ชื่อผู้ใช้", "en": "Username"},
    "password": {"th": "รหัสผ่าน", "en": "Password"},
    "sign_in": {"th": "เข้าสู่ระบบ", "en": "Sign in"},
    "sign_out": {"th": "ออกจากระบบ", "en": "Sign out"},
    "yes": {"th": "ใช่", "en": "Yes"},
    "no": {"th": "ไม่ใช่", "en": "No"},
}
