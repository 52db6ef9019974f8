"""Export what a listing filter shows, streamed: CSV (a ZIP when the form has repeats) or XLSX.

Columns come from the form's definitions (every published version, newest first, so a field
that only an older version had still gets its column): one column per answer, groups
flattened to dotted names (`place.province`), choices as their values AND their labels,
geopoints as lat/lon/accuracy. Each repeat becomes its own table, one row per repeat row,
keyed by the submission's uuid and the row number.

Memory stays flat however many submissions match: rows are read in keyset chunks
(`reads.iterate`), CSV is written as it is read, repeat tables go to temporary files until
the main table is done, and XLSX uses xlsxwriter's constant_memory mode into a temporary file.
CSV files start with a UTF-8 byte-order mark, without which Excel shows Thai as mojibake.
Text that a spreadsheet would take for a formula is neutralised in CSV (see `_csv_value`);
XLSX cells are typed, and text is always written as text, never as a formula.
"""

import csv
import io
import json
import os
import tempfile
import zipfile
from dataclasses import dataclass, field

from forms.definition import load_definition
from forms.fieldtypes import FIELD_TYPES

from sync import reads
from sync.models import FormVersion, Submission

__all__ = ["ExportPlan", "plan_for", "csv_export", "xlsx_export", "Export"]

BOM = "\ufeff"
CHUNK_ROWS = 1000
FILE_CHUNK = 64 * 1024
META = ("uuid", "form_version", "review_state", "author", "device", "created_at",
        "received_at", "record_date", "rev")
LABEL_CELLS = ("label", "multi_label")  # cells that show a choice's label, not its value
READ = (Submission.uuid, Submission.form_version, Submission.review_state,
        Submission.author_name, Submission.device, Submission.created_at,
        Submission.received_at, Submission.record_date, Submission.rev, Submission.answers)


def _label(label, lang: str) -> str:
    if not isinstance(label, dict):
        return ""
    return label.get(lang) or label.get("th") or ""


def _get(answers, path: tuple):
    for key in path:
        if not isinstance(answers, dict):
            return None
        answers = answers.get(key)
    return answers


@dataclass
class Column:
    header: str
    path: tuple  # keys from the answers object (or row) down to the value
    kind: str = "value"  # value | label | multi | multi_label | lat | lon | accuracy | json
    labels: dict = field(default_factory=dict)

    def value(self, answers):
        raw = _get(answers, self.path)
        if raw is None:
            return None
        if self.kind == "label":
            return self.labels.get(raw, raw)
        if self.kind == "multi":
            return " ".join(map(str, raw)) if isinstance(raw, list) else raw
        if self.kind == "multi_label":
            return "; ".join(self.labels.get(v, v) for v in raw) if isinstance(raw, list) else raw
        if self.kind in ("lat", "lon", "accuracy"):
            return raw.get(self.kind) if isinstance(raw, dict) else None
        if isinstance(raw, (dict, list)):
            return json.dumps(raw, ensure_ascii=False)
        return raw


@dataclass
class Table:
    name: str  # the repeat's dotted path, e.g. "participants"
    path: tuple
    columns: list[Column] = field(default_factory=list)
    seen: dict = field(default_factory=dict, repr=False)


@dataclass
class ExportPlan:
    form_id: str
    columns: list[Column]
    repeats: list[Table]

    @property
    def headers(self) -> list[str]:
        return list(META) + [c.header for c in self.columns]


def _add(columns: list[Column], seen: dict, column: Column) -> None:
    if column.header in seen:
        seen[column.header].labels = {**column.labels, **seen[column.header].labels}
        return
    seen[column.header] = column
    columns.append(column)


def _walk(specs, prefix: tuple, columns, seen, repeats, repeat_seen, lang, inside_repeat):
    for spec in specs:
        path = prefix + (spec.name,)
        header = ".".join(path)
        kind = spec.type
        if kind == "group":
            _walk(spec.children, path, columns, seen, repeats, repeat_seen, lang, inside_repeat)
        elif kind == "repeat" and not inside_repeat:
            table = repeat_seen.get(header)
            if table is None:
                table = repeat_seen[header] = Table(header, path)
                repeats.append(table)
            _walk(spec.children, (), table.columns, table.seen, repeats, repeat_seen, lang, True)
        elif kind == "repeat":  # a repeat inside a repeat: kept as JSON in one cell
            _add(columns, seen, Column(header, path))
        else:  # the cells the field type declares (forms/fieldtypes.py)
            for suffix, cell in FIELD_TYPES[kind].export:
                labels = ({c["value"]: _label(c.get("label"), lang) for c in spec.get("choices", ())}
                          if cell in LABEL_CELLS else {})
                _add(columns, seen, Column(header + suffix, path, cell, labels))


def plan_for(form_id: str, lang: str = "th") -> ExportPlan:
    """The columns of `form_id`'s export, from all its published versions, newest first."""
    versions = (FormVersion.select(FormVersion.definition)
                .where(FormVersion.form_id == form_id)
                .order_by(FormVersion.published_at.desc(), FormVersion.id.desc()))
    columns, seen, repeats, repeat_seen = [], {}, [], {}
    for (text,) in versions.tuples():
        definition = load_definition(json.loads(text))
        _walk(definition.fields, (), columns, seen, repeats, repeat_seen, lang, False)
    return ExportPlan(form_id, columns, repeats)


def _meta(row) -> list:
    return [row.uuid, row.form_version, row.review_state, row.author_name, row.device,
            row.created_at, row.received_at, row.record_date, row.rev]


def _rows(filters: reads.Filters, plan: ExportPlan):
    """(main row, {repeat name: [rows]}) per matching submission, newest first."""
    for row in reads.iterate(filters, chunk=CHUNK_ROWS, columns=READ):
        answers = json.loads(row.answers)
        main = _meta(row) + [c.value(answers) for c in plan.columns]
        repeated = {}
        for table in plan.repeats:
            items = _get(answers, table.path)
            if isinstance(items, list):
                repeated[table.name] = [
                    [row.uuid, n] + [c.value(item) for c in table.columns]
                    for n, item in enumerate(items, 1)
                ]
        yield main, repeated


def _repeat_headers(table: Table) -> list[str]:
    return ["submission_uuid", "row"] + [c.header for c in table.columns]


@dataclass
class Export:
    """What the web layer needs to send an export: a name, a type, and the bytes, lazily."""

    filename: str
    mimetype: str
    chunks: object  # iterator of bytes


# A spreadsheet opening the CSV runs a cell that starts with one of these as a formula
# (`=HYPERLINK(...)`, `@SUM(...)`, and `+`/`-` too; tab and CR hide the sign from a glance).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_value(value):
    """A cell of the CSV: booleans as words, numbers as they are, and text that a
    spreadsheet would run as a formula prefixed with a single quote (OWASP's advice), so it
    shows as the text it is. Numbers are never text here, so -5 stays the number -5."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Pipe:
    """A write-only file whose bytes are taken out as they come (for a streamed ZIP)."""

    def __init__(self):
        self._chunks: list[bytes] = []

    def write(self, data) -> int:
        self._chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        out = b"".join(self._chunks)
        self._chunks.clear()
        return out


def _csv_line_writer():
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def encode(rows) -> bytes:
        for values in rows:
            writer.writerow([_csv_value(v) for v in values])
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text.encode("utf-8")

    return encode


def csv_export(filters: reads.Filters, lang: str = "th", stem: str | None = None) -> Export:
    """The filtered submissions of one form as CSV; a ZIP of CSVs when it has repeats."""
    plan = plan_for(filters.form_id, lang)
    stem = stem or filters.form_id
    if not plan.repeats:
        return Export(f"{stem}.csv", "text/csv; charset=utf-8", _plain_csv(filters, plan))
    return Export(f"{stem}.zip", "application/zip", _zipped_csv(filters, plan, stem))


def _plain_csv(filters, plan):
    encode = _csv_line_writer()
    yield BOM.encode("utf-8") + encode([plan.headers])
    batch = []
    for main, _ in _rows(filters, plan):
        batch.append(main)
        if len(batch) >= CHUNK_ROWS:
            yield encode(batch)
            batch = []
    if batch:
        yield encode(batch)


def _zipped_csv(filters, plan, stem):
    pipe = _Pipe()
    spools = {}
    try:
        with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for table in plan.repeats:
                spool = tempfile.TemporaryFile()
                spool.write(BOM.encode("utf-8") + _csv_line_writer()([_repeat_headers(table)]))
                spools[table.name] = (spool, _csv_line_writer())
            with archive.open(f"{stem}.csv", "w", force_zip64=True) as main_file:
                encode = _csv_line_writer()
                main_file.write(BOM.encode("utf-8") + encode([plan.headers]))
                batch = []
                for main, repeated in _rows(filters, plan):
                    batch.append(main)
                    for name, rows in repeated.items():
                        spool, spool_encode = spools[name]
                        spool.write(spool_encode(rows))
                    if len(batch) >= CHUNK_ROWS:
                        main_file.write(encode(batch))
                        batch = []
                        yield pipe.take()
                if batch:
                    main_file.write(encode(batch))
            for name, (spool, _) in spools.items():
                spool.seek(0)
                with archive.open(f"{stem}.{name}.csv", "w", force_zip64=True) as part:
                    while data := spool.read(FILE_CHUNK):
                        part.write(data)
                        yield pipe.take()
        yield pipe.take()
    finally:
        for spool, _ in spools.values():
            spool.close()


def _sheet_name(name: str, used: set) -> str:
    base = "".join("_" if ch in "[]:*?/\\" else ch for ch in name)[:31] or "sheet"
    candidate, n = base, 2
    while candidate.lower() in used:
        suffix = f"~{n}"
        candidate, n = base[:31 - len(suffix)] + suffix, n + 1
    used.add(candidate.lower())
    return candidate


def xlsx_export(filters: reads.Filters, lang: str = "th", stem: str | None = None) -> Export:
    """The filtered submissions of one form as one workbook: a sheet for the submissions and
    one per repeat."""
    plan = plan_for(filters.form_id, lang)
    stem = stem or filters.form_id
    return Export(f"{stem}.xlsx",
                  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                  _xlsx_chunks(filters, plan, stem))


def _xlsx_chunks(filters, plan, stem):
    import xlsxwriter

    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        workbook = xlsxwriter.Workbook(path, {
            "constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
            "strings_to_urls": False, "tmpdir": tempfile.gettempdir(),
        })
        bold = workbook.add_format({"bold": True})
        used: set = set()
        main = workbook.add_worksheet(_sheet_name(plan.form_id, used))
        main.write_row(0, 0, plan.headers, bold)
        main.freeze_panes(1, 1)
        sheets = {}
        for table in plan.repeats:
            sheet = workbook.add_worksheet(_sheet_name(table.name, used))
            sheet.write_row(0, 0, _repeat_headers(table), bold)
            sheet.freeze_panes(1, 2)
            sheets[table.name] = [sheet, 1]
        line = 1
        for values, repeated in _rows(filters, plan):
            main.write_row(line, 0, values)
            line += 1
            for name, rows in repeated.items():
                entry = sheets[name]
                for row in rows:
                    entry[0].write_row(entry[1], 0, row)
                    entry[1] += 1
        workbook.close()
        with open(path, "rb") as result:
            while data := result.read(FILE_CHUNK):
                yield data
    finally:
        os.unlink(path)
