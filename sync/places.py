"""Places in the listing: stored as official codes, shown as names (docs/supervisor.md).

Forms of language 2 answer a province, district and sub-district with their codes (forms/
places.py). Records made with the earlier, free-text versions say "จ.กาญจนบุรี" or
"กาญจนบุรี": when such a text names a place exactly (its usual prefix allowed), the listing
column holds that place's code instead, so one filter finds both; a text that names no place
is kept as it was typed. The answers themselves are never changed.
"""

from forms.places import place_code, place_names
from sync.db import database
from sync.models import Submission

__all__ = ["LEVEL_LISTS", "coded_place", "place_label", "place_words", "recode_stored_places"]

LEVEL_LISTS = {"province": "th_provinces", "district": "th_districts",
               "subdistrict": "th_subdistricts"}


def _is_code(list_id: str, value) -> bool:
    return isinstance(value, str) and value in place_names()[list_id]


def coded_place(province, district, subdistrict) -> tuple:
    """(province, district, subdistrict) as codes where they are codes or name a place
    exactly within the level above; anything else as it was."""
    p = province if _is_code("th_provinces", province) else (
        place_code("th_provinces", province) or province)
    parent = p if _is_code("th_provinces", p) else None
    d = district if _is_code("th_districts", district) else (
        (place_code("th_districts", district, parent) if parent else None) or district)
    parent = d if _is_code("th_districts", d) else None
    s = subdistrict if _is_code("th_subdistricts", subdistrict) else (
        (place_code("th_subdistricts", subdistrict, parent) if parent else None) or subdistrict)
    return p, d, s


def place_label(level: str, value) -> str | None:
    """What a page shows for a listing column's value: a code's Thai name, or the text."""
    list_id = LEVEL_LISTS.get(level)
    if list_id is None or value is None:
        return value
    return place_names()[list_id].get(value, value)


def recode_stored_places() -> int:
    """Give records stored before places were coded their codes (the same rule as new ones);
    cheap on every start: only the distinct places not yet coded are looked at."""
    changed = 0
    rows = (Submission.select(Submission.province, Submission.district, Submission.subdistrict)
            .where(Submission.province.is_null(False)).distinct().tuples())
    for place in list(rows):
        coded = coded_place(*place)
        if coded == place:
            continue
        with database.atomic():
            changed += (Submission.update(province=coded[0], district=coded[1],
                                          subdistrict=coded[2])
                        .where((Submission.province == place[0])
                               & _same(Submission.district, place[1])
                               & _same(Submission.subdistrict, place[2])).execute())
    return changed


def _same(column, value):
    return column.is_null() if value is None else column == value


def place_words(province, district, subdistrict) -> str:
    """The Thai names of coded places, for the search text (lower-cased lines, as it is):
    a search for "โสธร" finds a record that answered 240112."""
    names = [place_names()[LEVEL_LISTS[level]].get(value)
             for level, value in (("province", province), ("district", district),
                                  ("subdistrict", subdistrict))]
    return "".join(f"\n{name}" for name in names if name)
