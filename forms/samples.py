"""Realistic answers for any form definition: valid ones, and ones broken on purpose.

Tests, benchmarks (a million listing rows), demos and the load test all need answers that look
like what officers of Chachoengsao type on their phones: Thai names, real districts and
sub-districts, Thai sentences about forums, desserts and OTOP groups, so that search and
sorting meet realistic data. The generator reads the raw definition and obeys every rule of
FORMS.md, evaluating `relevant`, `constraint` and `expr` with the project's JSON Logic against
the answers built so far, in field order (`row` inside a repeat, `value` in a constraint).

Everything is drawn from one `random.Random(seed)`, so a seed always gives the same answers.

`single_rule_violations` lists every rule of a definition that an answer can break, each with
the dotted path where validation must report it; `invalid_answers` breaks exactly that rule in
an otherwise valid sample (rules that read the broken answer may then fail too, as they should).
Together they test a validator against the whole definition.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from forms import media
from forms.fieldtypes import FIELD_TYPES
from forms.jsonlogic import apply
from forms.places import PLACE_LISTS, place_code

__all__ = ["SampleError", "Violation", "invalid_answers", "sample_answers", "single_rule_violations"]

OPTIONAL_ANSWERED = 0.75  # how often an optional field is filled in
DEFAULT_KEPT = 0.6  # how often an officer leaves a default as it is
CONSTRAINT_TRIES = 200  # fresh candidates for a value before its constraint is declared unsatisfiable
SAMPLE_TRIES = 200  # fresh samples before a violation is declared impossible to stage
EXTRA_ROWS = 5  # a repeat gets min_items to min_items + EXTRA_ROWS rows unless told otherwise
DATE_WINDOW = (dt.date(2011, 10, 1), dt.date(2026, 9, 30))  # fiscal years 2555-2569 B.E.
DATE_SPREAD = 45  # days between the dates of one record, at most
UNKNOWN_KEY = "not_in_form"
LAST_QUARTER = 23 * 60 + 45  # 23:45, the last quarter hour of a day, in minutes


def _holds(rule, data) -> bool:
    """Whether a rule is truthy by JSON Logic's own rules (an empty list is false)."""
    return apply({"!!": [rule]}, data)


class SampleError(ValueError):
    """The definition asks for something the generator cannot produce."""


# --- what officers write --------------------------------------------------------------------

MALE_GIVEN = (
    "สมศักดิ์ สมชาย ประสิทธิ์ วิชัย สุรชัย บุญมี ธนากร อนุชา ณัฐพล กิตติพงษ์ ชัยวัฒน์ สมพงษ์ "
    "ธีรศักดิ์ วรวุฒิ พงศกร ศุภชัย เกียรติศักดิ์ อภิชาติ ปิยะพงษ์ ภานุวัฒน์ ธนวัฒน์ สุริยา มานพ "
    "บุญเลิศ ทองคำ วีระพงษ์ จักรพันธ์ ณัฐวุฒิ สมบัติ เอกชัย"
).split()
FEMALE_GIVEN = (
    "สมศรี มาลี วันเพ็ญ สุดารัตน์ กาญจนา นงลักษณ์ ประภาพร อรุณี พรทิพย์ ศิริพร จันทร์เพ็ญ รัตนา "
    "สุภาพร วิไลวรรณ ปิยะนุช ณัฐธิดา กมลวรรณ ชลธิชา อัญชลี บุษบา ทองใบ สายสุนีย์ เพ็ญศรี ลำดวน "
    "พิมพ์ชนก อำไพ บุญเรือน จิราพร สุนันทา ปราณี"
).split()
SURNAMES = (
    "จิตรวิไลย ศรีสุข ทองดี แก้วมณี บุญมา สุขเจริญ วงศ์สวัสดิ์ ใจดี พึ่งบุญ รุ่งเรือง แสงทอง "
    "เพชรรัตน์ ศรีประเสริฐ มั่นคง สมบูรณ์ผล เจริญสุข ทองประเสริฐ พรหมมา ชัยมงคล อินทร์แก้ว "
    "บุญประเสริฐ ปานทอง นาคสวัสดิ์ คงสมบูรณ์ สุวรรณรัตน์ กลิ่นหอม ยิ้มแย้ม วัฒนกุล ศรีวงศ์ ธนสาร "
    "โพธิ์ทอง เกตุแก้ว ดวงจันทร์ สีทอง บางพลี"
).split()

# province -> district -> sub-districts; Chachoengsao first, it is where the source is from.
PLACES: dict[str, dict[str, tuple[str, ...]]] = {
    "ฉะเชิงเทรา": {
        "เมืองฉะเชิงเทรา": ("หน้าเมือง", "ท่าไข่", "บ้านใหม่", "คลองนา", "บางตีนเป็ด", "บางไผ่",
                            "คลองจุกกระเฌอ", "บางแก้ว", "บางขวัญ", "วังตะเคียน", "โสธร", "บางพระ",
                            "บางกะไห", "หนามแดง", "คลองเปรง", "คลองอุดมชลจร", "คลองหลวงแพ่ง", "บางเตย"),
        "บางคล้า": ("บางคล้า", "บางสวน", "บางกระเจ็ด", "ปากน้ำ", "ท่าทองหลาง", "สาวชะโงก",
                    "เสม็ดเหนือ", "เสม็ดใต้", "หัวไทร"),
        "บางน้ำเปรี้ยว": ("บางน้ำเปรี้ยว", "บางขนาก", "สิงโตทอง", "หมอนทอง", "บึงน้ำรักษ์",
                          "ดอนเกาะกา", "โยธะกา", "ดอนฉิมพลี", "ศาลาแดง", "โพรงอากาศ"),
        "บางปะกง": ("บางปะกง", "ท่าสะอ้าน", "บางวัว", "บางสมัคร", "บางผึ้ง", "บางเกลือ",
                    "สองคลอง", "หนองจอก", "พิมพา", "ท่าข้าม", "หอมศีล", "เขาดิน"),
        "บ้านโพธิ์": ("บ้านโพธิ์", "เกาะไร่", "คลองขุด", "คลองบ้านโพธิ์", "คลองประเวศ", "ดอนทราย",
                      "เทพราช", "ท่าพลับ", "หนองตีนนก", "หนองบัว", "บางซ่อน", "บางกรูด",
                      "แหลมประดู่", "ลาดขวาง", "สนามจันทร์", "แสนภูดาษ", "สิบเอ็ดศอก"),
        "พนมสารคาม": ("เกาะขนุน", "บ้านซ่อง", "พนมสารคาม", "เมืองเก่า", "หนองยาว", "ท่าถ่าน",
                      "หนองแหน", "เขาหินซ้อน"),
        "สนามชัยเขต": ("คู้ยายหมี", "ท่ากระดาน", "ทุ่งพระยา", "ลาดกระทิง"),
        "แปลงยาว": ("แปลงยาว", "วังเย็น", "หัวสำโรง", "หนองไม้แก่น"),
        "ราชสาส์น": ("บางคา", "เมืองใหม่", "ดงน้อย"),
        "ท่าตะเกียบ": ("ท่าตะเกียบ", "คลองตะเกรา"),
        "คลองเขื่อน": ("ก้อนแก้ว", "คลองเขื่อน", "บางเล่า", "บางโรง", "บางตลาด"),
    },
    "ปราจีนบุรี": {
        "เมืองปราจีนบุรี": ("หน้าเมือง", "รอบเมือง", "วัดโบสถ์", "บางเดชะ", "ท่างาม", "บางบริบูรณ์",
                            "ดงพระราม", "บ้านพระ", "โคกไม้ลาย", "ไม้เค็ด", "ดงขี้เหล็ก", "เนินหอม"),
        "ศรีมหาโพธิ": ("ศรีมหาโพธิ", "สัมพันธ์", "บ้านทาม", "ท่าตูม", "บางกุ้ง", "ดงกระทงยาม",
                       "หนองโพรง", "หัวหว้า", "หาดยาง", "กรอกสมบูรณ์"),
        "บ้านสร้าง": ("บ้านสร้าง", "บางกระเบา", "บางเตย", "บางยาง", "บางแตน", "บางพลวง",
                      "บางปลาร้า", "บางขาม", "กระทุ่มแพ้ว"),
    },
    "ชลบุรี": {
        "พนัสนิคม": ("พนัสนิคม", "หน้าพระธาตุ", "วัดหลวง", "บ้านเซิด", "นาเริก", "หมอนนาง",
                     "สระสี่เหลี่ยม", "กุฎโง้ง", "หัวถนน", "ท่าข้าม", "หนองปรือ", "ทุ่งขวาง"),
        "เมืองชลบุรี": ("บางปลาสร้อย", "มะขามหย่ง", "บ้านโขด", "แสนสุข", "บ้านสวน", "หนองรี",
                        "นาป่า", "หนองข้างคอก", "ดอนหัวฬ่อ", "หนองไม้แดง", "คลองตำหรุ", "บ้านปึก"),
    },
    "นครนายก": {
        "เมืองนครนายก": ("นครนายก", "ท่าช้าง", "บ้านใหญ่", "วังกระโจม", "ท่าทราย", "ดอนยอ",
                         "ศรีจุฬา", "ดงละคร", "ศรีนาวา", "สาริกา", "หินตั้ง", "พรหมณี"),
    },
    "สมุทรปราการ": {
        "บางบ่อ": ("บางบ่อ", "บ้านระกาศ", "บางพลีน้อย", "บางเพรียง", "คลองด่าน", "คลองสวน",
                   "เปร็ง", "คลองนิยมยาตรา"),
    },
}
PROVINCE_WEIGHTS = {"ฉะเชิงเทรา": 12, "ปราจีนบุรี": 2, "ชลบุรี": 2, "นครนายก": 1, "สมุทรปราการ": 1}
PROVINCE_CENTRES = {  # (lat, lon) of each province's populated centre
    "ฉะเชิงเทรา": (13.69, 101.08), "ปราจีนบุรี": (14.05, 101.37), "ชลบุรี": (13.36, 100.98),
    "นครนายก": (14.20, 101.21), "สมุทรปราการ": (13.60, 100.60),
}
VILLAGE_WORDS = (
    "คลองสวน หัวไผ่ ดอนทอง หนองบัว ท่าไข่ บางพระ โสธร คลองใหม่ ปากน้ำ หนองตะเคียน ดอนสีนนท์ "
    "ต้นมะขาม สวนหลวง หัวคลอง บางแก้ว ท่าเกวียน หนองแหน คลองขุด เนินกระบก หนองปลาไหล ใหม่พัฒนา"
).split()

SUBJECTS = (
    "ที่ประชุม", "สมาชิกกลุ่ม", "ผู้ใหญ่บ้าน", "กำนัน", "สมาชิก อบต.", "ประชาชนในชุมชน",
    "เยาวชนในชุมชน", "วิทยากร", "เจ้าหน้าที่พัฒนาชุมชน", "ประธานกลุ่มวิสาหกิจชุมชน", "ผู้นำชุมชน",
)
ACTIONS = (
    "เสนอให้จัดฝึกอบรมการทำขนมไทย", "เห็นควรให้พัฒนาบรรจุภัณฑ์ของผลิตภัณฑ์ OTOP",
    "ต้องการขยายตลาดสินค้าของกลุ่ม", "ร่วมกันระดมความคิดเห็น", "สนับสนุนการสืบทอดภูมิปัญญาท้องถิ่น",
    "ขอให้จัดทำบัญชีรายรับรายจ่ายของกลุ่ม", "เสนอให้ศึกษาดูงานกลุ่มอาชีพที่ประสบความสำเร็จ",
    "ต้องการพัฒนาฝีมือของสมาชิกในหมู่บ้าน", "เห็นด้วยกับการยกระดับผู้ประกอบการ OTOP ก้าวไปสู่ SMEs",
    "ขอให้ประสานงานกับหน่วยงานภาคีที่เกี่ยวข้อง", "เสนอให้ถ่ายทอดสูตรขนมทองหยิบและข้าวตู",
    "ฝึกการนั่งสมาธิและการเดินจงกรม", "อธิบายเรื่องการรักษาความสะอาดร่างกายและสิ่งของ",
    "สาธิตการทำขนมกล้วยทีละขั้นตอน", "เสนอให้ใช้วัตถุดิบในท้องถิ่น",
    "เสนอให้จัดตั้งเครือข่ายผู้ผลิตในตำบล", "ต้องการลดต้นทุนการผลิต",
    "ร่วมกันอนุรักษ์ทรัพยากรธรรมชาติและสิ่งแวดล้อม", "เตรียมวัตถุดิบสำหรับทำขนมสอดไส้",
)
PURPOSES = (
    "เพื่อเสริมสร้างความเข้มแข็งของชุมชน", "เพื่อสืบสานภูมิปัญญาท้องถิ่น", "เพื่อเพิ่มรายได้ให้แก่ครัวเรือน",
    "ให้เยาวชนมีอาชีพเสริม", "เพื่อให้กลุ่มพึ่งพาตนเองได้", "เพื่อยกระดับผลิตภัณฑ์สู่มาตรฐาน",
    "โดยเปิดโอกาสให้ทุกคนแสดงความคิดเห็น", "ตามเกณฑ์ของกรมการพัฒนาชุมชน",
    "ให้เชื่อมโยงกับกิจกรรม OTOP", "ภายในปีงบประมาณนี้",
)
AGENDA_TOPICS = (
    "ชี้แจงวัตถุประสงค์ของโครงการ", "ระดมความคิดเห็นแนวทางเสริมสร้างความเข้มแข็งของชุมชน",
    "พิจารณาคัดเลือกโครงการ/กิจกรรม", "รายงานผลการดำเนินงานของกลุ่ม", "เรื่องแจ้งให้ที่ประชุมทราบ",
    "กำหนดวันฝึกอบรม", "เรื่องอื่น ๆ",
)
PROJECTS = (
    "โครงการฝึกอบรมการทำขนมไทยสืบทอดภูมิปัญญาท้องถิ่น", "โครงการพัฒนาบรรจุภัณฑ์ผลิตภัณฑ์ชุมชน",
    "โครงการฝึกอบรมพัฒนาจิตเยาวชน", "โครงการศึกษาดูงานกลุ่มอาชีพต้นแบบ",
    "โครงการจัดการความรู้ภูมิปัญญาท้องถิ่น", "โครงการส่งเสริมการตลาดสินค้า OTOP",
    "โครงการปลูกป่าชุมชนรักษ์สิ่งแวดล้อม", "โครงการพัฒนาศักยภาพผู้นำกลุ่มอาชีพ",
)
KM_TITLES = (
    "การขับเคลื่อน OTOP to be SMEs", "การจัดเวทีประชาคมแบบมีส่วนร่วม",
    "การสืบทอดภูมิปัญญาท้องถิ่นสู่เยาวชน", "การเสริมสร้างความเข้มแข็งของกลุ่มวิสาหกิจชุมชน",
)
KM_ITEMS = (
    "การศึกษาข้อมูล", "การมีส่วนร่วมของกลุ่ม OTOP และผู้นำชุมชน", "การสืบทอดภูมิปัญญาท้องถิ่น",
    "การประสานงาน", "เน้นการมีส่วนร่วมในการทำงาน", "การมีภาวะผู้นำของผู้นำชุมชน",
    "ประสานหน่วยงานภาคีที่เกี่ยวข้อง", "การจัดเวทีประชาคมและเปิดโอกาสให้ทุกคนแสดงความคิดเห็น",
    "ศึกษาหนังสือสั่งการและทำความเข้าใจรายละเอียดโครงการ",
    "การศึกษาสถานการณ์การประกอบอาชีพของคนในหมู่บ้าน",
)
ABSENCE_REASONS = ("ป่วย", "ติดธุระที่บ้าน", "ไปโรงเรียน", "ช่วยพ่อแม่ทำนา", "เดินทางไปต่างจังหวัด")
POSITIONS = (
    "นักวิชาการพัฒนาชุมชนปฏิบัติการ", "นักวิชาการพัฒนาชุมชนชำนาญการ",
    "นักวิชาการพัฒนาชุมชนชำนาญการพิเศษ", "เจ้าพนักงานพัฒนาชุมชนปฏิบัติงาน",
    "เจ้าพนักงานพัฒนาชุมชนชำนาญงาน", "พัฒนาการอำเภอ",
)


@dataclass(frozen=True)
class _Person:
    given: str
    surname: str
    sex: str  # "male" or "female", matching the choice values of the bundled gender field

    def full_name(self, rng: random.Random) -> str:
        title = "นาย" if self.sex == "male" else rng.choice(("นาง", "นางสาว"))
        return f"{title}{self.given} {self.surname}"


# --- the sampler ----------------------------------------------------------------------------


def _fields_of(definition) -> list[dict]:
    raw = getattr(definition, "raw", definition)
    if not isinstance(raw, dict) or not isinstance(raw.get("fields"), list):
        raise TypeError("expected a form definition dict, or an object with a .raw dict")
    return raw["fields"]


class _Sampler:
    """One sample's random choices: where it happened, when, and every answer in field order."""

    def __init__(self, seed, repeat_counts: dict[str, int] | None,
                 lists: dict[str, list[str]] | None = None,
                 records: dict[str, list[str]] | None = None):
        self.rng = rng = random.Random(seed)
        self.repeat_counts = repeat_counts or {}
        self.lists = {} if lists is None else lists
        self.records = {} if records is None else records
        self.province = rng.choices(list(PROVINCE_WEIGHTS), weights=list(PROVINCE_WEIGHTS.values()))[0]
        self.district = rng.choice(list(PLACES[self.province]))
        self.subdistrict = rng.choice(PLACES[self.province][self.district])
        self.village_no = rng.randint(1, 15)
        self.village_name = "บ้าน" + rng.choice(VILLAGE_WORDS)
        low, high = DATE_WINDOW
        self.anchor = low + dt.timedelta(days=rng.randrange((high - low).days))
        self.row_person: _Person | None = None
        self.last_time: int | None = None  # minutes after midnight of the last time answered
        self.last_date: dt.date | None = None  # the last date answered, for the next to follow
        self.root: dict = {}

    # Filling objects in field order ---------------------------------------------------------

    def fill(self, fields: list[dict], target: dict, row: dict | None, prefix: str) -> None:
        """Answer `fields` into `target` (the root, a group or a repeat row)."""
        for field in fields:
            kind, name = field["type"], field["name"]
            if kind == "note" or not self.is_relevant(field, row):
                continue
            if not self.can_answer(field):
                if field.get("required"):
                    raise SampleError(f"{prefix}{name}: nothing to pick from")
                continue
            if kind == "calculate":
                target[name] = apply(field["expr"], self.data(row))
                continue
            forced = kind == "repeat" and self.repeat_key(prefix, name) in self.repeat_counts
            if not (field.get("required") or forced or kind == "group") and self.rng.random() > OPTIONAL_ANSWERED:
                continue
            self.answer_into(field, target, row, prefix)

    def answer_into(self, field: dict, target: dict, row: dict | None, prefix: str) -> None:
        """Put a valid answer for `field` into `target`, whatever its relevance says."""
        kind, name = field["type"], field["name"]
        if kind == "group":
            target[name] = group = {}
            self.fill(field["fields"], group, row, f"{prefix}{name}.")
            if not group:
                del target[name]
        elif kind == "repeat":
            target[name] = rows = []
            outer_person = self.row_person
            for index in range(self.row_count(field, prefix)):
                rows.append(new_row := {})
                self.row_person = self.new_person()
                self.fill(field["fields"], new_row, new_row, f"{prefix}{name}.{index}.")
            self.row_person = outer_person
        else:
            target[name] = self.leaf(field, f"{prefix}{name}", row)

    def can_answer(self, field: dict) -> bool:
        """Whether there is something to pick: a list's values, a record to point to."""
        if field["type"] == "ref":
            return bool(self.records.get(field["form"]))
        if field.get("choices_from"):
            return field["choices_from"] in _PLACE_LEVEL or bool(self.lists.get(field["choices_from"]))
        if field["type"] == "repeat" and field.get("rows_from"):
            picked = next(f for f in field["fields"] if f["name"] == field["rows_from"])
            return self.can_answer(picked)
        return True

    def data(self, row: dict | None, **extra) -> dict:
        """What a rule sees: the answers so far, `row` inside a repeat, and any extras."""
        if row is None and not extra:
            return self.root
        data = dict(self.root, **extra)
        if row is not None:
            data["row"] = row
        return data

    def is_relevant(self, field: dict, row: dict | None) -> bool:
        rule = field.get("relevant")
        return rule is None or _holds(rule, self.data(row))

    def repeat_key(self, prefix: str, name: str) -> str:
        """`participants`, or `visits.items` for a nested repeat: the path without row numbers."""
        return ".".join(part for part in f"{prefix}{name}".split(".") if not part.isdigit())

    def row_count(self, field: dict, prefix: str) -> int:
        """A few rows, or exactly what `repeat_counts` says (past max_items too, on purpose)."""
        key = self.repeat_key(prefix, field["name"])
        if key in self.repeat_counts:
            return self.repeat_counts[key]
        low = max(field.get("min_items", 0), 1)
        high = max(low, min(field.get("max_items", low + EXTRA_ROWS), low + EXTRA_ROWS))
        return self.rng.randint(low, high)

    def leaf(self, field: dict, path: str, row: dict | None) -> Any:
        """A value of the field's type within its static rules that also meets its constraint."""
        constraint = field.get("constraint")
        for _ in range(CONSTRAINT_TRIES):
            value = self.candidate(field, path)
            if constraint is None or _holds(constraint, self.data(row, value=value)):
                return value
        raise SampleError(f"{path}: no value met the constraint in {CONSTRAINT_TRIES} tries")

    # Values by type -------------------------------------------------------------------------

    def candidate(self, field: dict, path: str) -> Any:
        """A value of the field's type within its static rules (constraint aside)."""
        if "default" in field and self.rng.random() < DEFAULT_KEPT:
            return field["default"]
        return _BY_TYPE[field["type"]](self, field, path)

    def text(self, field: dict, path: str) -> str:
        low, high = field.get("min_length", 1), field.get("max_length", 5000)
        pattern = field.get("pattern")
        if pattern is None:
            return self.fit(self.natural_text(field), low, high)
        for make in _PATTERN_CANDIDATES:
            value = make(self, field)
            if low <= len(value) <= high and re.fullmatch(pattern, value):
                return value
        raise SampleError(f"{path}: cannot generate text matching the pattern {pattern!r}")

    def natural_text(self, field: dict) -> str:
        make = _TEXT_BY_NAME.get(field["name"])
        if make is not None:
            return make(self)
        if field["type"] == "textarea":
            return self.paragraph()
        return self.clause()

    def fit(self, text: str, low: int, high: int) -> str:
        """Lengthen with more sentences, or cut, until low <= len(text) <= high."""
        while len(text) < low:
            text = f"{text} {self.sentence()}"
        return text[:high]

    def clause(self) -> str:
        return self.rng.choice(ACTIONS) + self.rng.choice(PURPOSES)

    def sentence(self) -> str:
        return self.rng.choice(SUBJECTS) + self.clause()

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(1, 4)))

    def new_person(self) -> _Person:
        sex = self.rng.choice(("male", "female"))
        given = self.rng.choice(MALE_GIVEN if sex == "male" else FEMALE_GIVEN)
        return _Person(given, self.rng.choice(SURNAMES), sex)

    def person_name(self) -> str:
        """The person this repeat row is about (so name and gender agree), or someone new."""
        return (self.row_person or self.new_person()).full_name(self.rng)

    def integer(self, field: dict, path: str) -> int:
        low, high = _range(field, 1000)
        make = _INTEGER_BY_NAME.get(field["name"])
        if make is not None:
            value = make(self)
            if low <= value <= high:
                return value
        return self.skewed(low, high)

    def skewed(self, low: int, high: int) -> int:
        """Small counts are common, big ones rare: uniform for short ranges, skewed for long."""
        if high - low <= 20:
            return self.rng.randint(low, high)
        return low + int((high - low) * self.rng.random() ** 3)

    def decimal(self, field: dict, path: str) -> float:
        low, high = _range(field, 1_000_000)
        if field["name"] == "budget" and low <= 5_000 and high >= 500_000:
            return float(self.rng.randrange(5, 500) * 1_000)
        return round(low + (high - low) * self.rng.random() ** 3, 2)

    def boolean(self, field: dict, path: str) -> bool:
        return self.rng.random() < 0.5

    def date(self, field: dict, path: str) -> str:
        """A day near this sample's anchor; each later date of a record is not before the one
        before it (an end not before its start), when the window leaves room."""
        earliest = self.anchor - dt.timedelta(days=DATE_SPREAD)
        if self.last_date is not None and self.last_date <= self.anchor + dt.timedelta(days=DATE_SPREAD):
            earliest = self.last_date
        low = max(_date(field.get("min")) or dt.date.min, earliest)
        high = min(_date(field.get("max")) or dt.date.max, self.anchor + dt.timedelta(days=DATE_SPREAD))
        if low > high:  # the field's bounds lie outside this sample's window: use the bounds
            low = _date(field.get("min")) or high - dt.timedelta(days=DATE_SPREAD)
            high = _date(field.get("max")) or low + dt.timedelta(days=DATE_SPREAD)
        day = low + dt.timedelta(days=self.rng.randint(0, (high - low).days))
        self.last_date = day
        return day.isoformat()

    def time(self, field: dict | None = None, path: str = "") -> str:
        """Office hours in quarter hours; each later time of a record comes after the one before
        it (an end after its start), within four hours, when the day leaves room."""
        last = self.last_time
        if last is None or last + 15 > LAST_QUARTER:
            minutes = self.rng.randrange(8 * 60, 16 * 60 + 1, 15)
        else:
            minutes = self.rng.randrange(last + 15, min(last + 4 * 60, LAST_QUARTER) + 1, 15)
        self.last_time = minutes
        return f"{minutes // 60:02d}:{minutes % 60:02d}"

    def datetime(self, field: dict, path: str) -> str:
        day = self.root.get("date")
        day = day if isinstance(day, str) else self.anchor.isoformat()
        seconds = self.rng.randrange(8 * 3600, 17 * 3600)
        return f"{day}T{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}+07:00"

    def phone(self, field: dict | None = None, path: str = "") -> str:
        return f"0{self.rng.choice('689')}{self.rng.randrange(10)}-{self.rng.randrange(10_000_000):07d}"

    def geopoint(self, field: dict, path: str) -> dict:
        lat, lon = PROVINCE_CENTRES[self.province]
        return {"lat": round(lat + self.rng.uniform(-0.15, 0.15), 6),
                "lon": round(lon + self.rng.uniform(-0.15, 0.15), 6),
                "accuracy": round(self.rng.uniform(3, 30), 1)}

    def select_one(self, field: dict, path: str) -> str:
        list_id = field.get("choices_from")
        if list_id in _PLACE_LEVEL:
            return self.place_code(list_id)
        if list_id:
            return self.rng.choice(self.lists[list_id])
        values = [c["value"] for c in field["choices"]]
        if field["name"] == "gender" and self.row_person is not None and self.row_person.sex in values:
            return self.row_person.sex
        return self.rng.choice(values)

    def place_code(self, list_id: str) -> str:
        """The official code of this sample's province, district or sub-district."""
        province = place_code("th_provinces", self.province)
        if list_id == "th_provinces":
            return province
        district = place_code("th_districts", self.district, province)
        if list_id == "th_districts":
            return district
        return place_code("th_subdistricts", self.subdistrict, district)

    def thai_id(self, field: dict, path: str) -> str:
        digits = f"{self.rng.choice('1235678')}{self.rng.randrange(10**11):011d}"
        total = sum(int(d) * (13 - i) for i, d in enumerate(digits))
        return digits + str((11 - total % 11) % 10)

    def ref(self, field: dict, path: str) -> str:
        return self.rng.choice(self.records[field["form"]])

    def select_multiple(self, field: dict, path: str) -> list[str]:
        if field.get("choices_from"):
            return [self.select_one(field, path)]
        values = [c["value"] for c in field["choices"]]
        low = max(field.get("min_items", 1), 1)
        high = min(field.get("max_items", len(values)), len(values))
        chosen = set(self.rng.sample(values, self.rng.randint(low, high)))
        return [v for v in values if v in chosen]  # in the order the form lists them

    def attachment(self, field: dict, path: str) -> dict:
        """A reference to a file that is not there: the bytes travel apart and samples
        never make them (the attachment tests do)."""
        kind = self.rng.choice(media.accepted_types(field))
        stem = {"image": "ภาพกิจกรรม", "signature": "ลายมือชื่อ"}.get(field["type"], "เอกสาร")
        return {"sha256": f"{self.rng.getrandbits(256):064x}",
                "name": f"{stem}-{self.rng.randrange(1, 1000)}.{media.MEDIA_TYPES[kind]}",
                "type": kind,
                "size": self.rng.randint(1, min(media.max_bytes(field), 400_000))}


_BY_TYPE: dict[str, Callable] = {
    "text": _Sampler.text, "textarea": _Sampler.text, "integer": _Sampler.integer,
    "decimal": _Sampler.decimal, "boolean": _Sampler.boolean, "date": _Sampler.date,
    "time": _Sampler.time, "datetime": _Sampler.datetime, "phone": _Sampler.phone,
    "geopoint": _Sampler.geopoint, "select_one": _Sampler.select_one,
    "select_multiple": _Sampler.select_multiple, "thai_id": _Sampler.thai_id,
    "ref": _Sampler.ref,
    **dict.fromkeys(media.MEDIA_KINDS, _Sampler.attachment),
}
_PLACE_LEVEL = frozenset(PLACE_LISTS)


class _AnyList(dict):
    """Values for any list and uuids for any form, made up: for answers only the compiled
    checks judge (a broken rule staged by `invalid_answers`), never stored by a server."""

    def __missing__(self, key: str) -> list[str]:
        return [str(uuid.UUID(int=n, version=4)) for n in range(1, 4)]

    def get(self, key, default=None):
        return self[key]


def _venue(s: _Sampler) -> str:
    return s.rng.choice((
        f"ศาลาประชาคมหมู่ที่ {s.village_no}", f"ที่ทำการกลุ่มวิสาหกิจชุมชน{s.subdistrict}พัฒนา",
        f"ห้องประชุมองค์การบริหารส่วนตำบล{s.subdistrict}", f"วัด{s.subdistrict}", f"โรงเรียน{s.village_name}",
    ))


def _group_name(s: _Sampler) -> str:
    return s.rng.choice((
        f"กลุ่มวิสาหกิจชุมชน{s.subdistrict}พัฒนา", f"กลุ่มแม่บ้านเกษตรกร{s.village_name}",
        f"กลุ่มอาชีพทำขนมไทย{s.village_name}", f"กลุ่มผู้ผลิตสินค้า OTOP ตำบล{s.subdistrict}",
    ))


def _pick(options: tuple[str, ...]) -> Callable[[_Sampler], str]:
    return lambda s: s.rng.choice(options)


# Text by what the field is called, so that names look like names and places are real places.
_TEXT_BY_NAME: dict[str, Callable[[_Sampler], str]] = {
    "province": lambda s: s.province,
    "district": lambda s: s.district,
    "subdistrict": lambda s: s.subdistrict,
    "village_name": lambda s: s.village_name,
    "office": lambda s: f"สำนักงานพัฒนาชุมชนอำเภอ{s.district}",
    "venue": _venue,
    "enterprise_group": _group_name,
    "proposing_group": _group_name,
    "position": _pick(POSITIONS),
    "title": _pick(KM_TITLES),
    "topic": _pick(AGENDA_TOPICS),
    "item": _pick(KM_ITEMS),
    "absence_reason": _pick(ABSENCE_REASONS),
    **dict.fromkeys(("full_name", "officer_name", "facilitator", "recorder", "trainer", "scorer"),
                    _Sampler.person_name),
    **dict.fromkeys(("proposal_title", "course_title", "selected_project", "programme_other"),
                    _pick(PROJECTS)),
}

def _between(low: int, high: int) -> Callable[[_Sampler], int]:
    return lambda s: s.rng.randint(low, high)


# Counts as a forum or a course has them, rather than anywhere up to the field's maximum.
_INTEGER_BY_NAME: dict[str, Callable[[_Sampler], int]] = {
    "village_no": lambda s: s.village_no if s.rng.random() < 0.6 else s.rng.randint(1, 15),
    "age": lambda s: s.rng.randint(12, 25) if s.rng.random() < 0.8 else s.rng.randint(26, 70),  # youth
    "day_no": _between(1, 2),
    "subdistrict_headman": _between(0, 1),
    "village_headmen": _between(0, 5),
    "sao_members": _between(0, 8),
    "residents": _between(10, 80),
    "group_members": _between(5, 40),
    "cd_staff": _between(1, 4),
    "others": _between(0, 10),
    "votes_for": _between(10, 60),
    "votes_against": _between(0, 10),
    "abstaining": _between(0, 5),
}

# Texts tried, in order, for a field with a pattern: enough for ids, phone numbers and codes.
_PATTERN_CANDIDATES: tuple[Callable[[_Sampler, dict], str], ...] = (
    lambda s, field: str(uuid.UUID(int=s.rng.getrandbits(128), version=4)),
    lambda s, field: s.phone(),
    lambda s, field: s.natural_text(field),
    *(lambda s, field, n=n: "".join(s.rng.choices("0123456789", k=n)) for n in range(1, 21)),
)


def _range(field: dict, span: int) -> tuple:
    """The field's bounds; a missing one is `span` away from the other (or from 0)."""
    low, high = field.get("min"), field.get("max")
    if low is None:
        low = min(0, high - span) if high is not None else 0
    if high is None:
        high = low + span
    return low, high


def _date(value) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else None


def sample_answers(definition, seed, *, repeat_counts: dict[str, int] | None = None,
                   lists: dict[str, list[str]] | None = None,
                   records: dict[str, list[str]] | None = None) -> dict:
    """Realistic valid answers for `definition` (a dict, or an object with a `.raw` dict).

    The same seed gives the same answers. `repeat_counts` fixes how many rows a repeat gets,
    keyed by its path without row numbers (`{"participants": 30}`); others get a few.
    Places (`choices_from` the Thai place lists) are real and agree with each other; other
    lists' values come from `lists` (list_id -> values) and `ref` answers from `records`
    (form_id -> uuids): a field without any is left out, as a repeat whose rows pick from it.
    Raises SampleError when a rule cannot be met (a pattern it has no generator for, a
    required field it has nothing to pick from).
    """
    sampler = _Sampler(seed, repeat_counts, lists, records)
    sampler.fill(_fields_of(definition), sampler.root, None, "")
    return sampler.root


# --- answers broken on purpose --------------------------------------------------------------


@dataclass(frozen=True)
class Violation:
    """One rule of a definition, broken: `kind` names the rule, `path` is where it is reported."""

    kind: str
    path: str

    def __str__(self) -> str:
        return f"{self.kind} at {self.path}"


# Right JSON type, wrong content (30 February, past midnight, no "T" and no offset, a digit
# short, latitude and longitude swapped), and what a careless client sends (numbers where text
# belongs, numbers as text, one choice instead of a list, a list instead of a group): each
# field type declares its own (forms/fieldtypes.py).
_BAD_FORMAT: dict[str, tuple[str, Any]] = {
    name: entry.bad_format for name, entry in FIELD_TYPES.items() if entry.bad_format}
_WRONG_TYPE: dict[str, Any] = {
    name: entry.wrong_type for name, entry in FIELD_TYPES.items() if entry.wrong_type is not None}


def single_rule_violations(definition) -> list[Violation]:
    """Every single-rule violation the definition allows, in field order."""
    found: list[Violation] = []
    _list_violations(_fields_of(definition), "", found)
    return found


def _list_violations(fields: list[dict], prefix: str, found: list[Violation]) -> None:
    found.append(Violation("unknown_key", prefix + _unknown_name(fields)))
    for field in fields:
        kind, path = field["type"], prefix + field["name"]
        if kind in ("note", "calculate"):
            continue
        found.extend(Violation(rule, path) for rule in _rules_of(field))
        if kind == "group":
            _list_violations(field["fields"], f"{path}.", found)
        elif kind == "repeat":
            _list_violations(field["fields"], f"{path}.{_row_index(field)}.", found)


def _rules_of(field: dict) -> list[str]:
    kind = field["type"]
    rules = ["wrong_type"]
    if field.get("required"):
        rules.append("missing_required")
    if "relevant" in field:
        rules.append("irrelevant_present")
    if "min" in field:
        rules.append("below_min")
    if "max" in field:
        rules.append("above_max")
    if field.get("min_length", 0) >= 2:  # shorter than 1 is empty: that is missing_required
        rules.append("too_short")
    if "max_length" in field:
        rules.append("too_long")
    if "pattern" in field:
        rules.append("pattern_mismatch")
    if "choices" in field:
        rules.append("not_a_choice")
    if field.get("min_items", 0) >= 1:
        rules.append("too_few_items")
    if "max_items" in field and (kind == "repeat" or field["max_items"] < len(field.get("choices", ()))):
        rules.append("too_many_items")
    if "constraint" in field:
        rules.append("constraint_failed")
    if kind in _BAD_FORMAT:
        rules.append(_BAD_FORMAT[kind][0])
    return rules


def _unknown_name(fields: list[dict]) -> str:
    names = {f["name"] for f in fields}
    name = UNKNOWN_KEY
    while name in names:
        name += "_"
    return name


def _row_index(repeat: dict) -> int:
    """The row a violation inside a repeat goes in: the second, to catch off-by-one paths."""
    return 1 if repeat.get("max_items", 2) >= 2 else 0


def invalid_answers(definition, seed, violation: Violation) -> tuple[dict, str]:
    """Answers that break exactly `violation`'s rule, and the path the error must be at.

    Starts from a valid sample and changes one answer. When the sample does not allow it
    (the field is not relevant, or no value can fail its constraint), it tries other samples
    derived from the seed. Raises SampleError when none allows it.
    """
    fields = _fields_of(definition)
    steps = _resolve(fields, violation.path)
    counts = _rows_needed(steps, violation)
    breaker = _BREAKERS[violation.kind]
    for attempt in range(SAMPLE_TRIES):
        sampler = _Sampler(seed if attempt == 0 else f"{seed}/{attempt}", counts,
                           lists=_AnyList(), records=_AnyList())
        sampler.fill(fields, sampler.root, None, "")
        site = _Site(sampler, steps)
        if site.container is not None and breaker(site):
            return sampler.root, violation.path
    raise SampleError(f"could not stage {violation} in {SAMPLE_TRIES} samples")


def _resolve(fields: list[dict], path: str) -> list[tuple[str, dict | None]]:
    """Each segment of `path` with the field it names (the repeat, for a row number)."""
    steps: list[tuple[str, dict | None]] = []
    current: dict | None = None
    for segment in path.split("."):
        if segment.isdigit():
            steps.append((segment, current))
            continue
        siblings = current["fields"] if current else fields
        current = next((f for f in siblings if f["name"] == segment), None)
        steps.append((segment, current))
    return steps


def _rows_needed(steps, violation: Violation) -> dict[str, int]:
    """Row counts that make every row on the path exist (and overflow, for too_many_items)."""
    counts: dict[str, int] = {}
    names: list[str] = []
    for segment, _field in steps:
        if segment.isdigit():
            counts[".".join(names)] = int(segment) + 1
        else:
            names.append(segment)
    last = steps[-1][1]
    if violation.kind == "too_many_items" and last and last["type"] == "repeat":
        counts[".".join(names)] = last["max_items"] + 1
    return counts


class _Site:
    """Where in a sample a violation goes: the object holding the answer, its row, its rules."""

    def __init__(self, sampler: _Sampler, steps):
        self.sampler = sampler
        self.key, self.field = steps[-1]
        self.prefix = "".join(f"{segment}." for segment, _ in steps[:-1])
        self.container: dict | None = sampler.root
        self.row: dict | None = None
        self.ancestors_relevant = True
        for segment, field in steps[:-1]:
            if segment.isdigit():
                rows = self.container
                if not (isinstance(rows, list) and int(segment) < len(rows)):
                    self.container = None
                    return
                self.container = self.row = rows[int(segment)]
                continue
            self.ancestors_relevant &= sampler.is_relevant(field, self.row)
            self.container = self.container.get(segment) if isinstance(self.container, dict) else None
            if self.container is None:
                return

    def own_relevant(self) -> bool:
        return self.field is None or self.sampler.is_relevant(self.field, self.row)

    def applies(self) -> bool:
        """The answer is asked for here, so breaking its rule must be reported."""
        return self.ancestors_relevant and self.own_relevant()

    @property
    def current(self):
        return self.container.get(self.key)

    def put(self, value) -> bool:
        self.container[self.key] = value
        return True

    def replace_if_asked(self, make: Callable[[], Any]) -> bool:
        return self.applies() and self.put(make())


def _missing_required(site: _Site) -> bool:
    return site.applies() and site.container.pop(site.key, None) is not None


def _wrong_type(site: _Site) -> bool:
    return site.replace_if_asked(lambda: _WRONG_TYPE[site.field["type"]])


def _beyond(side: str) -> Callable[[_Site], bool]:
    step = -1 if side == "min" else 1

    def breaker(site: _Site) -> bool:
        bound, kind = site.field[side], site.field["type"]
        if kind == "date":
            return site.replace_if_asked(lambda: (_date(bound) + dt.timedelta(days=step)).isoformat())
        return site.replace_if_asked(lambda: bound + (step if kind == "integer" else step / 2))

    return breaker


def _too_short(site: _Site) -> bool:
    return site.replace_if_asked(lambda: site.sampler.natural_text(site.field)[: site.field["min_length"] - 1])


def _too_long(site: _Site) -> bool:
    length = site.field["max_length"] + 1
    return site.replace_if_asked(lambda: site.sampler.fit(site.sampler.paragraph(), length, length))


def _pattern_mismatch(site: _Site) -> bool:
    value = site.sampler.fit(site.sampler.clause(), site.field.get("min_length", 1), site.field.get("max_length", 5000))
    return not re.fullmatch(site.field["pattern"], value) and site.replace_if_asked(lambda: value)


def _not_a_choice(site: _Site) -> bool:
    values = [c["value"] for c in site.field["choices"]]
    stranger = "other_value"
    while stranger in values:
        stranger += "_"
    if site.field["type"] == "select_one":
        return site.replace_if_asked(lambda: stranger)
    keep = max(site.field.get("min_items", 1), 1) - 1
    return site.replace_if_asked(lambda: values[:keep] + [stranger])


def _too_few_items(site: _Site) -> bool:
    fewer = site.field["min_items"] - 1
    if site.field["type"] == "select_multiple":
        return site.replace_if_asked(lambda: [c["value"] for c in site.field["choices"]][:fewer])
    return isinstance(site.current, list) and site.replace_if_asked(lambda: site.current[:fewer])


def _too_many_items(site: _Site) -> bool:
    if site.field["type"] == "select_multiple":
        return site.replace_if_asked(lambda: [c["value"] for c in site.field["choices"]])
    rows = site.current  # already generated one past max_items, see _rows_needed
    return site.applies() and isinstance(rows, list) and len(rows) > site.field["max_items"]


def _unknown_key(site: _Site) -> bool:
    return site.ancestors_relevant and site.put("ข้อมูลที่ไม่มีในแบบฟอร์ม")


def _irrelevant_present(site: _Site) -> bool:
    if not site.ancestors_relevant or site.own_relevant():
        return False
    site.sampler.answer_into(site.field, site.container, site.row, site.prefix)
    return True


def _constraint_failed(site: _Site) -> bool:
    if not site.applies():
        return False
    sampler, rule = site.sampler, site.field["constraint"]
    sampler.last_time = None  # any time of day, not only after the one before
    sampler.last_date = None  # any day in the window, not only after the one before
    for _ in range(CONSTRAINT_TRIES):
        value = sampler.candidate(site.field, site.prefix + site.key)
        if not _holds(rule, sampler.data(site.row, value=value)):
            return site.put(value)
    return False


def _bad_format(site: _Site) -> bool:
    return site.replace_if_asked(lambda: _BAD_FORMAT[site.field["type"]][1])


_BREAKERS: dict[str, Callable[[_Site], bool]] = {
    "missing_required": _missing_required,
    "wrong_type": _wrong_type,
    "below_min": _beyond("min"),
    "above_max": _beyond("max"),
    "too_short": _too_short,
    "too_long": _too_long,
    "pattern_mismatch": _pattern_mismatch,
    "not_a_choice": _not_a_choice,
    "too_few_items": _too_few_items,
    "too_many_items": _too_many_items,
    "unknown_key": _unknown_key,
    "irrelevant_present": _irrelevant_present,
    "constraint_failed": _constraint_failed,
    **{kind: _bad_format for kind, _ in _BAD_FORMAT.values()},
}
