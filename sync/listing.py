"""The listing's storage: the columns of `submission` that supervisors list and filter by,
and the indexes its pages walk.

The queries that read submissions (filters, keyset pages, counts, search plans) are in
`sync.reads`; this module keeps what the `submission` table needs so they stay fast.
"""

from dataclasses import dataclass

from sync import search
from sync.db import database
from sync.places import coded_place

__all__ = ["ListingColumns", "install_indexes", "listing_columns"]

# Keyset pages by record date need an index on the same expression as `sync.reads` sorts by
# (peewee cannot declare it on the model); received_at already has (received_at, id) and
# (form_id, received_at, id).
_INDEXES = (
    "CREATE INDEX IF NOT EXISTS submission_record_date_key "
    "ON submission ((COALESCE(record_date, '')), id)",
    "CREATE INDEX IF NOT EXISTS submission_form_record_date_key "
    "ON submission (form_id, (COALESCE(record_date, '')), id)",
    # The overview counts by form and state from this index alone.
    "CREATE INDEX IF NOT EXISTS submission_form_state "
    "ON submission (form_id, review_state)",
)


def install_indexes() -> None:
    """Create the listing's expression indexes and the search index (safe on every start;
    sync.tables.create_tables calls it with its connection open)."""
    for statement in _INDEXES:
        database.execute_sql(statement)
    search.install()


@dataclass(frozen=True, slots=True)
class ListingColumns:
    """The columns of `submission` that supervisors list and filter by, read from the
    answers when a submission is stored, so that no page parses answers."""

    province: str | None
    district: str | None
    subdistrict: str | None
    village_no: str | None
    record_date: str | None


def listing_columns(answers: dict, summary=None) -> ListingColumns:
    """The listing columns of validated answers: the place and date that the form's
    `summary` (a `forms.summary.Summary`) declares; none without one. Places are coded
    (sync.places): a free-text name of a real place takes its code."""
    declared = summary.place_and_date(answers) if summary else {}
    village = declared.get("village")
    record_date = declared.get("date")
    province, district, subdistrict = coded_place(
        _text_or_none(declared.get("province")), _text_or_none(declared.get("district")),
        _text_or_none(declared.get("subdistrict")))
    return ListingColumns(
        province=province,
        district=district,
        subdistrict=subdistrict,
        village_no=None if village is None or isinstance(village, (dict, list, bool))
        else str(village),
        record_date=record_date if isinstance(record_date, str) else None,
    )


def _text_or_none(value):
    return value if isinstance(value, str) else None
