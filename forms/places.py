"""The Thai administrative places Tambon ships as lists (data/thai-places/, MIT licence;
its SOURCE.md says where the files come from).

- `th_provinces`: 77 provinces, value = the Department of Provincial Administration's code
  ("24", Chachoengsao);
- `th_districts`: 929 districts, value = code ("2401"), column `province`;
- `th_subdistricts`: 7,451 sub-districts, value = code ("240112", Sothon), columns `district`,
  `province` and `postcode`.

Codes are text, as answers are: a form picks a province, then filters districts with
`{"==": [{"var": "item.province"}, {"var": "place.province"}]}` (docs/forms.md, "Places").
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from forms.lists import COLUMN_NAME, ITEM_VALUE, ListDocument, read_list
from forms.rosters import MODES

__all__ = ["PLACES_DIR", "PLACE_LISTS", "lists_for_phone", "place_code", "place_lists", "place_names"]

PLACES_DIR = Path(__file__).parent / "data" / "thai-places"
PLACE_LISTS = ("th_provinces", "th_districts", "th_subdistricts")
TITLES = {
    "th_provinces": {"th": "จังหวัด", "en": "Provinces"},
    "th_districts": {"th": "อำเภอ/เขต", "en": "Districts"},
    "th_subdistricts": {"th": "ตำบล/แขวง", "en": "Sub-districts"},
}


def _rows(name: str) -> list[dict]:
    with open(PLACES_DIR / name, encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if not row.get("deleted_at")]


def _label(row: dict) -> dict:
    return {"th": row["name_th"].strip(), "en": row["name_en"].strip()}


@lru_cache(maxsize=1)
def place_lists() -> tuple[ListDocument, ...]:
    """The three place lists, checked like any published list."""
    district_rows = _rows("districts.csv")
    # The source numbers provinces 1-77; the official code is the first two digits of each
    # of its districts' codes (Bangkok 10, Chachoengsao 24).
    code_of = {row["province_id"]: row["id"][:2] for row in district_rows}
    provinces = [{"value": code_of[row["id"]], "label": _label(row)}
                 for row in _rows("provinces.csv")]
    districts = [{"value": row["id"], "label": _label(row), "province": code_of[row["province_id"]]}
                 for row in district_rows]
    province_of = {d["value"]: d["province"] for d in districts}
    subdistricts = [{"value": row["id"], "label": _label(row), "district": row["district_id"],
                     "province": province_of[row["district_id"]], "postcode": row["zip_code"]}
                    for row in _rows("sub_districts.csv")]
    return tuple(
        read_list({"list_id": list_id, "title": TITLES[list_id], "items": items})
        for list_id, items in zip(PLACE_LISTS, (provinces, districts, subdistricts)))


@lru_cache(maxsize=1)
def place_names() -> dict[str, dict[str, str]]:
    """list_id -> {code: Thai name}: what the supervisors' pages show for a code."""
    return {document.list_id: {item["value"]: item["label"]["th"] for item in document.items}
            for document in place_lists()}


# What officers write before a name in free text: จ.กาญจนบุรี, จังหวัดกาญจนบุรี, อ.เมือง...
_PREFIXES = {
    "th_provinces": ("จังหวัด", "จ."),
    "th_districts": ("อำเภอ", "อ.", "เขต"),
    "th_subdistricts": ("ตำบล", "ต.", "แขวง"),
}
_PARENT_COLUMN = {"th_districts": "province", "th_subdistricts": "district"}


@lru_cache(maxsize=1)
def _codes_by_name() -> dict[str, dict[tuple[str | None, str], str]]:
    """list_id -> (parent code, Thai name) -> code; a name is unique within its parent."""
    out: dict[str, dict] = {}
    for document in place_lists():
        parent = _PARENT_COLUMN.get(document.list_id)
        out[document.list_id] = {
            (item["columns"][parent] if parent else None, item["label"]["th"]): item["value"]
            for item in document.items}
    return out


def place_code(list_id: str, text: str, parent: str | None = None) -> str | None:
    """The code of the place named exactly `text` (its usual prefix allowed: จ., อ., ต. and
    the words they stand for) within `parent` (a province's code for a district, a
    district's for a sub-district); None when no place has that name there."""
    if not isinstance(text, str):
        return None
    name = " ".join(text.split())
    codes = _codes_by_name()[list_id]
    found = codes.get((parent, name))
    if found is None:
        for prefix in _PREFIXES[list_id]:
            if name.startswith(prefix) and len(name) > len(prefix):
                found = codes.get((parent, name[len(prefix):].strip()))
                if found is not None:
                    break
    return found


def lists_for_phone() -> dict:
    """What the phone's list code must agree on (through js/shared.js): the syntax of values
    and columns, the bundled place lists, the roster modes."""
    return {"value_pattern": ITEM_VALUE.pattern.removesuffix("\\Z"),
            "column_pattern": COLUMN_NAME.pattern.removesuffix("\\Z"),
            "place_lists": list(PLACE_LISTS), "roster_modes": list(MODES)}
