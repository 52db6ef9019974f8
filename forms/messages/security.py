"""What Tambon says about signing in safely: guessing slowed down, sessions ended."""

SECURITY: dict[str, dict[str, str]] = {
    "too_many_code_tries": {
        "en": "Too many wrong set-up codes from this address. "
              "Wait {seconds} seconds, then try again.",
        "th": "ใส่รหัสตั้งค่าผิดหลายครั้งเกินไปจากที่อยู่นี้ "
              "กรุณารอ {seconds} วินาทีแล้วลองอีกครั้ง",
    },
    "too_many_attempts": {
        "en": "Too many wrong passwords for this account or from this address. "
              "Wait {seconds} seconds, then try again.",
        "th": "ใส่รหัสผ่านผิดหลายครั้งเกินไปสำหรับบัญชีนี้หรือจากที่อยู่นี้ "
              "กรุณารอ {seconds} วินาทีแล้วลองอีกครั้ง",
    },
    "session_ended": {
        "en": "This session was signed out. Sign in again.",
        "th": "เซสชันนี้ออกจากระบบไปแล้ว กรุณาเข้าสู่ระบบอีกครั้ง",
    },
}
