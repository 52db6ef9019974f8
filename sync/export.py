"""Export what a listing filter shows, streamed: CSV (a ZIP when the form has repeats) or XLSX.

Made to be read as it is, by people first: the column headers are the form's labels in the
page's language (`headers="names"` gives the field names instead, for analysis tools), times
are Thailand's wall-clock time to the second, and each repeat row carries its record's title,
date and place (the form's `summary`) besides the submission's uuid.

Columns come from the form's definitions (every published version, newest first, so a field
that only an older version had still gets its column): one column per answer, groups
flattened (`place.province`), choices as their values AND their labels, geopoints as
lat/lon/accuracy. Each repeat becomes its own table, one row per repeat row.

Dates and times are typed: XLSX cells are real Excel dates and date-times with a number
format (a spreadsheet sorts and computes with them); CSV writes them as `2012-06-25` and
`2012-06-25 14:05:09`, which spreadsheets read as dates too.

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
from datetime import date, datetime, time

from forms import media, messages
from forms.definition import load_definition
from forms.fieldtypes import FIELD_TYPES

from sync import accounts, catalog, reads
from sync.attachments import stored_content
from sync.clock import thai_local
from sync.errors import NotFound
from sync.models import FormVersion, Submission

__all__ = ["ExportPlan", "plan_for", "csv_export", "xlsx_export", "Export", "HEADERS",
           "media_export"]

BOM = "\ufeff"
CHUNK_ROWS = 1000
FILE_CHUNK = 64 * 1024
HEADERS = ("labels", "names")  # what the header row shows: the form's labels, or field names
LABEL_CELLS = ("label", "multi_label")  # cells that show a choice's label, not its value
# How an extra cell of a field type is headed when headers are labels (names keep the suffix).
CELL_LABELS = {"value": "export_value_code", "multi": "export_value_code", "lat": "export_lat",
               "lon": "export_lon", "accuracy": "export_accuracy",
               "file": "export_file", "file_name": "export_file_name"}
TYPED = {"date": "date", "datetime": "datetime", "time": "time"}  # field type -> cell type
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


def _typed(kind: str | None, raw):
    """A date, time or date-time answer (or stored time) as the Python value a spreadsheet
    cell holds: times in Thailand's time, to the second. Anything unreadable stays as it is."""
    if not isinstance(raw, str) or kind is None:
        return raw
    try:
        if kind == "date":
            return date.fromisoformat(raw[:10])
        if kind == "time":
            return time.fromisoformat(raw).replace(microsecond=0)
    except ValueError:
        return raw
    if kind == "datetime":
        local = thai_local(raw)
        return raw if local is None else local
    return raw


@dataclass
class Column:
    name: str  # the field's dotted path with the cell's suffix: `place.province (label)`
    path: tuple  # keys from the answers object (or row) down to the value
    kind: str = "value"  # value | label | multi | multi_label | lat | lon | accuracy | json
    #                      | file (its name in the media download) | file_name (the phone's)
    labels: dict = field(default_factory=dict)
    header: str = ""  # the header in the page's language
    typed: str | None = None  # date | time | datetime: written as a real date or time

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
        if self.kind in ("file", "file_name"):
            if not media.is_reference(raw):
                return None
            return media.export_name(raw) if self.kind == "file" else raw["name"]
        if isinstance(raw, (dict, list)):
            return json.dumps(raw, ensure_ascii=False)
        return _typed(self.typed, raw)


@dataclass
class Table:
    name: str  # the repeat's dotted path, e.g. "participants"
    path: tuple
    columns: list[Column] = field(default_factory=list)
    seen: dict = field(default_factory=dict, repr=False)
    header: str = ""


# The submission's own facts, first in every main table: (name, typed as).
META = (("uuid", None), ("form_version", None), ("review_state", None), ("author", None),
        ("author_full_name", None), ("device", None), ("created_at", "datetime"), ("received_at", "datetime"),
        ("record_date", "date"), ("rev", None))


@dataclass
class ExportPlan:
    form_id: str
    columns: list[Column]
    repeats: list[Table]
    parents: list[Column]  # what each repeat row repeats of its record: title, date, place
    lang: str = "th"
    names: bool = False  # headers are field names, not labels

    def _head(self, name: str, header: str) -> str:
        return name if self.names else header

    @property
    def names_files(self) -> bool:
        """Whether a cell names a file (then the form has a media download)."""
        return any(c.kind == "file" for c in self.columns) or any(
            c.kind == "file" for table in self.repeats for c in table.columns)

    @property
    def headers(self) -> list[str]:
        meta = [self._head(name, messages.text(f"export_{name}", self.lang))
                for name, _ in META]
        return meta + [self._head(c.name, c.header) for c in self.columns]

    def repeat_headers(self, table: Table) -> list[str]:
        return ([self._head("submission_uuid", messages.text("export_uuid", self.lang)),
                 self._head("row", messages.text("export_row", self.lang))]
                + [self._head(c.name, c.header) for c in self.parents]
                + [self._head(c.name, c.header) for c in table.columns])


def _add(columns: list[Column], seen: dict, column: Column) -> None:
    if column.name in seen:
        seen[column.name].labels = {**column.labels, **seen[column.name].labels}
        return
    seen[column.name] = column
    columns.append(column)


def _header(spec, cell: str, label: str, lang: str) -> str:
    """A cell's header in `lang`: the field's label, with what the cell holds when the field
    type exports more than one (`จำนวน (รหัส)`, `จุดที่ตั้ง (ละติจูด)`)."""
    cells = FIELD_TYPES[spec.type].export
    if len(cells) == 1 or cell in LABEL_CELLS:
        return label
    return messages.text(CELL_LABELS.get(cell, "export_value_code"), lang, label=label)


def _walk(specs, prefix: tuple, columns, seen, repeats, repeat_seen, lang, inside_repeat,
          group: str = ""):
    for spec in specs:
        path = prefix + (spec.name,)
        name = ".".join(path)
        label = _label(spec.get("label"), lang) or spec.name
        kind = spec.type
        if kind == "group":
            _walk(spec.children, path, columns, seen, repeats, repeat_seen, lang, inside_repeat,
                  label)
        elif kind == "repeat" and not inside_repeat:
            table = repeat_seen.get(name)
            if table is None:
                table = repeat_seen[name] = Table(name, path, header=label)
                repeats.append(table)
            _walk(spec.children, (), table.columns, table.seen, repeats, repeat_seen, lang, True)
        elif kind == "repeat":  # a repeat inside a repeat: kept as JSON in one cell
            _add(columns, seen, Column(name, path, header=label))
        else:  # the cells the field type declares (forms/fieldtypes.py)
            for suffix, cell in FIELD_TYPES[kind].export:
                labels = ({c["value"]: _label(c.get("label"), lang) for c in spec.get("choices", ())}
                          if cell in LABEL_CELLS else {})
                header = _header(spec, cell, label, lang)
                if group:
                    header = messages.text("export_in_group", lang, label=header, group=group)
                _add(columns, seen, Column(name + suffix, path, cell, labels, header,
                                           TYPED.get(kind) if cell == "value" else None))


def _parents(columns: list[Column], form_id: str, lang: str) -> list[Column]:
    """The main table's columns that each repeat row repeats: the record's title, date and
    place as the newest version's summary names them (choices by their labels)."""
    try:
        summary = catalog.current_definition(form_id).summary
    except NotFound:
        summary = None
    if summary is None:
        return []
    paths = [summary.title, summary.date, *(path for _, path in summary.place)]
    by_path: dict[tuple, Column] = {}
    for column in columns:
        if column.kind in ("value", "label", "multi_label"):
            by_path[column.path] = column  # the label cell follows, and wins
    found = {}
    for path in paths:
        column = by_path.get(tuple(path.split("."))) if path else None
        if column is not None:
            found.setdefault(column.name, column)
    return list(found.values())


def plan_for(form_id: str, lang: str = "th", headers: str = "labels") -> ExportPlan:
    """The columns of `form_id`'s export, from all its published versions, newest first."""
    versions = (FormVersion.select(FormVersion.definition)
                .where(FormVersion.form_id == form_id)
                .order_by(FormVersion.published_at.desc(), FormVersion.id.desc()))
    columns, seen, repeats, repeat_seen = [], {}, [], {}
    for (text,) in versions.tuples():
        definition = load_definition(json.loads(text))
        _walk(definition.fields, (), columns, seen, repeats, repeat_seen, lang, False)
    return ExportPlan(form_id, columns, repeats, _parents(columns, form_id, lang) if repeats
                      else [], lang, headers == "names")


def _meta(row, plan: ExportPlan, full_names: dict[str, str]) -> list:
    code = messages.state_code(row.review_state)
    state = (messages.text(code, plan.lang) if code in messages.CATALOG and not plan.names
             else row.review_state)
    return [row.uuid, row.form_version, state, row.author_name,
            full_names.get(row.author_name), row.device,
            _typed("datetime", row.created_at), _typed("datetime", row.received_at),
            _typed("date", row.record_date), row.rev]


def _rows(filters: reads.Filters, plan: ExportPlan):
    """(main row, {repeat name: [rows]}) per matching submission, newest first."""
    full_names = accounts.full_names()  # one read: an office has tens of people, not millions
    for row in reads.iterate(filters, chunk=CHUNK_ROWS, columns=READ):
        answers = json.loads(row.answers)
        main = _meta(row, plan, full_names) + [c.value(answers) for c in plan.columns]
        repeated = {}
        parent = [c.value(answers) for c in plan.parents] if plan.repeats else []
        for table in plan.repeats:
            items = _get(answers, table.path)
            if isinstance(items, list):
                repeated[table.name] = [
                    [row.uuid, n, *parent] + [c.value(item) for c in table.columns]
                    for n, item in enumerate(items, 1)
                ]
        yield main, repeated


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
    """A cell of the CSV: booleans as words, numbers as they are, dates and times as
    ISO text without a zone (`2012-06-25 14:05:09`, already Thailand's time), and text that a
    spreadsheet would run as a formula prefixed with a single quote (OWASP's advice), so it
    shows as the text it is. Numbers are never text here, so -5 stays the number -5."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, time):
        return value.isoformat(timespec="minutes" if not value.second else "seconds")
    if isinstance(value, date):
        return value.isoformat()
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


def csv_export(filters: reads.Filters, lang: str = "th", stem: str | None = None,
               headers: str = "labels") -> Export:
    """The filtered submissions of one form as CSV; a ZIP of CSVs when it has repeats."""
    plan = plan_for(filters.form_id, lang, headers)
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
                spool.write(BOM.encode("utf-8") + _csv_line_writer()([plan.repeat_headers(table)]))
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


def xlsx_export(filters: reads.Filters, lang: str = "th", stem: str | None = None,
                headers: str = "labels") -> Export:
    """The filtered submissions of one form as one workbook: a sheet for the submissions and
    one per repeat."""
    plan = plan_for(filters.form_id, lang, headers)
    stem = stem or filters.form_id
    return Export(f"{stem}.xlsx",
                  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                  _xlsx_chunks(filters, plan, stem))


# Number formats of typed cells: ISO order, which reads the same in Thai and English offices.
XLSX_FORMATS = {date: "yyyy-mm-dd", datetime: "yyyy-mm-dd hh:mm:ss", time: "hh:mm"}
HEADER_WIDTH = (8, 40)  # a column's width from its header's length, within these bounds


class _Sheet:
    """One worksheet written row by row (constant_memory writes each row once, in order):
    dates and times as real Excel dates with their number format, the rest as typed."""

    def __init__(self, workbook, name: str, headers: list[str], frozen: int, styles: dict):
        self.sheet, self.styles, self.line = workbook.add_worksheet(name), styles, 1
        for n, header in enumerate(headers):  # widths are set before any row is written
            self.sheet.set_column(n, n, max(HEADER_WIDTH[0], min(HEADER_WIDTH[1],
                                                                 len(header) + 2)))
        self.sheet.set_row(0, None, styles["header"])
        self.sheet.write_row(0, 0, headers, styles["header"])
        self.sheet.freeze_panes(1, frozen)

    def write(self, values: list) -> None:
        for n, value in enumerate(values):
            style = self.styles.get(type(value))
            if style is not None:
                self.sheet.write_datetime(self.line, n, value, style)
            elif value is not None:
                self.sheet.write(self.line, n, value)
        self.line += 1


def _xlsx_chunks(filters, plan, stem):
    import xlsxwriter

    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        workbook = xlsxwriter.Workbook(path, {
            "constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
            "strings_to_urls": False, "tmpdir": tempfile.gettempdir(),
        })
        styles = {kind: workbook.add_format({"num_format": number_format})
                  for kind, number_format in XLSX_FORMATS.items()}
        styles["header"] = workbook.add_format({"bold": True, "text_wrap": True,
                                                "valign": "top"})
        used: set = set()
        main = _Sheet(workbook, _sheet_name(plan.form_id, used), plan.headers, 1, styles)
        sheets = {table.name: _Sheet(workbook, _sheet_name(table.name if plan.names
                                                           else table.header, used),
                                     plan.repeat_headers(table), 2, styles)
                  for table in plan.repeats}
        for values, repeated in _rows(filters, plan):
            main.write(values)
            for name, rows in repeated.items():
                for row in rows:
                    sheets[name].write(row)
        workbook.close()
        with open(path, "rb") as result:
            while data := result.read(FILE_CHUNK):
                yield data
    finally:
        os.unlink(path)


# --- the files the answers name ----------------------------------------------------------------


def media_export(filters: reads.Filters, lang: str = "th", stem: str | None = None,
                 headers: str = "labels") -> Export:
    """The files the filtered submissions of one form name, as one ZIP: each once, at the
    name the export's cells give it (`media/<sha256>.<ext>`), so a row of the CSV or XLSX
    points at its photo, whatever its headers. Files not yet received are left out; images
    and PDFs are stored, not compressed again. Memory holds one file at a time."""
    stem = stem or filters.form_id
    return Export(f"{stem}-media.zip", "application/zip", _media_chunks(filters))


def _media_chunks(filters):
    pipe, seen = _Pipe(), set()
    with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_STORED) as archive:
        for reference in _references(filters):
            if reference["sha256"] in seen:
                continue
            seen.add(reference["sha256"])
            content = stored_content(reference["sha256"])
            if content is None:
                continue
            with archive.open(media.export_name(reference), "w", force_zip64=True) as entry:
                for start in range(0, len(content), FILE_CHUNK):
                    entry.write(content[start:start + FILE_CHUNK])
                    yield pipe.take()
    yield pipe.take()


def _references(filters):
    """Every attachment reference of the matching submissions, in export order."""
    columns = (Submission.form_id, Submission.form_version, Submission.answers)
    for row in reads.iterate(filters, chunk=CHUNK_ROWS, columns=columns):
        definition = catalog.definition(row.form_id, row.form_version)
        for _path, _spec, reference in media.references(definition.fields,
                                                        json.loads(row.answers)):
            yield reference
