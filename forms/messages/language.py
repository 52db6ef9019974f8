"""What the definition checker says about the form language version (the `language` key)."""

LANGUAGE: dict[str, dict[str, str]] = {
    "language_needed": {
        "en": '"{name}" belongs to form language {needed}; '
              'add "language": {needed} to the definition.',
        "th": '"{name}" เป็นของภาษาแบบฟอร์มรุ่น {needed} '
              'ให้เพิ่ม "language": {needed} ในแบบฟอร์ม',
    },
    "language_unknown": {
        "en": "must be one of {versions} (the form language versions this server reads).",
        "th": "ต้องเป็นหนึ่งใน {versions} (รุ่นภาษาแบบฟอร์มที่เซิร์ฟเวอร์นี้อ่านได้)",
    },
}
