"""The review states' names: one word per state, on the phone and on the supervisor pages.

The code of each is `state_` + the state as PROTOCOL.md spells it (`state_has_issues`).
"""

STATES: dict[str, dict[str, str]] = {
    "state_received": {"th": "ได้รับแล้ว", "en": "Received"},
    "state_edited": {"th": "แก้ไขแล้ว", "en": "Edited"},
    "state_has_issues": {"th": "มีประเด็นต้องแก้", "en": "Has issues"},
    "state_approved": {"th": "อนุมัติแล้ว", "en": "Approved"},
    "state_rejected": {"th": "ไม่รับ", "en": "Rejected"},
}


def state_code(review_state: str) -> str:
    """The catalog code naming `review_state`."""
    return f"state_{review_state}"
