"""marshmallow schemas of the HTTP envelopes: what the API reads and what it answers.

Request schemas are loaded strictly (unknown keys are an error). Response schemas describe
what views return; the OpenAPI document is generated from them and the tests check real
responses against them, so the published contract cannot drift from the served one.
"""

from datetime import timezone

from marshmallow import INCLUDE, RAISE, Schema, ValidationError, fields, validate

from forms.text import storable_text
from sync.push import STATUSES
from sync.reads import REVIEW_STATES
from sync.roles import ROLES


def in_utc_range(moment) -> None:
    """marshmallow validator: a moment that still exists in UTC (0001-01-01T00:00+05:00
    does not: it falls before year 1)."""
    try:
        moment.astimezone(timezone.utc)
    except OverflowError:
        raise ValidationError("Must be a time between the years 1 and 9999 in UTC.") from None


class Strict(Schema):
    class Meta:
        unknown = RAISE


# --- requests --------------------------------------------------------------------------------


class DeviceRequestSchema(Strict):
    label = fields.String(required=True,
                          validate=[validate.Length(min=1, max=100), storable_text])
    username = fields.String(
        load_default=None, validate=[validate.Length(min=1, max=64), storable_text],
        metadata={"description": "Admins only: issue for this user."})


class EnrolRequestSchema(Strict):
    code = fields.String(required=True, validate=validate.Length(min=1, max=64), metadata={
        "description": "The one-time set-up code, as printed or as the QR link carries it; "
                       "case, spaces and dashes do not matter."})
    label = fields.String(load_default=None, allow_none=True,
                          validate=validate.Length(min=1, max=100),
                          metadata={"description": "A name for the phone; made up if absent."})


class PullQuerySchema(Strict):
    since = fields.String(load_default=None, metadata={"description": "The last cursor."})
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1))


class ListQuerySchema(Strict):
    since = fields.Integer(load_default=None, strict=False, validate=validate.Range(min=0),
                           metadata={"description": "A list version the phone holds: only "
                                                    "items changed after it come back."})


class ListPublishQuerySchema(Strict):
    list_id = fields.String(load_default=None, validate=validate.Regexp(
        r"^[a-z][a-z0-9_]{1,63}$", error="must match ^[a-z][a-z0-9_]{1,63}$."),
        metadata={"description": "The list a CSV body publishes (needed with text/csv)."})


class SubmissionQuerySchema(Strict):
    form_id = fields.String(load_default=None)
    review_state = fields.String(load_default=None, validate=validate.OneOf(REVIEW_STATES))
    author = fields.String(load_default=None)
    received_from = fields.AwareDateTime(load_default=None, validate=in_utc_range)
    received_to = fields.AwareDateTime(load_default=None, validate=in_utc_range)
    date_from = fields.Date(load_default=None, metadata={"description": "Record date, from."})
    date_to = fields.Date(load_default=None, metadata={"description": "Record date, to."})
    waiting_for_files = fields.Boolean(load_default=False, metadata={
        "description": "true: only submissions still waiting for one of their files"})
    cursor = fields.String(load_default=None)
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1))


class PageQuerySchema(Strict):
    cursor = fields.String(load_default=None)
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1))


# --- responses -------------------------------------------------------------------------------


class ErrorBodySchema(Schema):
    code = fields.String(required=True, metadata={"description": "Stable snake_case code."})
    message = fields.String(required=True)
    details = fields.Dict(required=True)


class ErrorSchema(Schema):
    error = fields.Nested(ErrorBodySchema, required=True)


class TitleSchema(Schema):
    th = fields.String(required=True)
    en = fields.String(allow_none=True)


class FormSummarySchema(Schema):
    form_id = fields.String(required=True)
    version = fields.String(required=True)
    title = fields.Nested(TitleSchema, required=True)
    hash = fields.String(required=True, metadata={"description": "sha256:<hex> of canonical JSON"})
    status = fields.String(required=True, validate=validate.OneOf(["open", "closed"]))
    url = fields.String(required=True)


class FormListSchema(Schema):
    forms = fields.List(fields.Nested(FormSummarySchema), required=True)


class CloseResultSchema(Schema):
    form_id = fields.String(required=True)
    status = fields.String(required=True)


class PushItemResultSchema(Schema):
    uuid = fields.String(required=True, allow_none=True)
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    rev = fields.Integer()
    code = fields.String(validate=validate.OneOf(
        ["invalid_answers", "unknown_form", "form_closed", "forbidden", "invalid_item"]))
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))
    form_version = fields.String(metadata={"description": "conflict: the current version"})
    answers = fields.Dict(metadata={"description": "conflict: the current answers"})
    missing_attachments = fields.List(fields.String(), metadata={
        "description": "created, updated, duplicate: the sha256 of every file the "
                       "submission names that the server does not hold yet (empty when none)"})


class PushSummarySchema(Schema):
    created = fields.Integer(required=True)
    updated = fields.Integer(required=True)
    duplicate = fields.Integer(required=True)
    conflict = fields.Integer(required=True)
    rejected = fields.Integer(required=True)


class PushResponseSchema(Schema):
    batch_id = fields.String(required=True)
    server_time = fields.String(required=True)
    results = fields.List(fields.Nested(PushItemResultSchema), required=True)
    summary = fields.Nested(PushSummarySchema, required=True)


class FormChangeSchema(Schema):
    form_id = fields.String(required=True)
    version = fields.String(required=True)
    hash = fields.String(required=True)
    status = fields.String(required=True)


class ReviewDecisionSchema(Schema):
    uuid = fields.String(required=True)
    rev = fields.Integer(required=True)
    review_state = fields.String(required=True, validate=validate.OneOf(REVIEW_STATES))
    comment = fields.String(required=True, allow_none=True)
    reviewer = fields.String(required=True)
    reviewed_at = fields.String(required=True)


class ListSummarySchema(Schema):
    list_id = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(["published", "roster"]))
    version = fields.Integer(required=True, metadata={
        "description": "Counts the list's changes; `?since=` takes it"})
    hash = fields.String(required=True, metadata={"description": "sha256:<hex>; the ETag"})
    count = fields.Integer(required=True, metadata={"description": "Items, retired included"})


class ListEntrySchema(ListSummarySchema):
    url = fields.String(required=True)


class ListListSchema(Schema):
    lists = fields.List(fields.Nested(ListEntrySchema), required=True)


class ListItemSchema(Schema):
    class Meta:
        unknown = INCLUDE  # the list's columns

    value = fields.String(required=True)
    label = fields.Nested(TitleSchema, required=True)
    retired = fields.Boolean(metadata={"description": "Present (true) only when retired"})


class ListBodySchema(Schema):
    list_id = fields.String(required=True)
    kind = fields.String(required=True)
    version = fields.Integer(required=True)
    hash = fields.String(required=True)
    title = fields.Nested(TitleSchema)
    columns = fields.List(fields.String(), required=True)
    since = fields.Integer(metadata={"description": "Present when only changes came back"})
    items = fields.List(fields.Nested(ListItemSchema), required=True)


class PullResponseSchema(Schema):
    cursor = fields.String(required=True)
    more = fields.Boolean(required=True)
    forms = fields.List(fields.Nested(FormChangeSchema), required=True)
    reviews = fields.List(fields.Nested(ReviewDecisionSchema), required=True)
    lists = fields.List(fields.Nested(ListSummarySchema), required=True, metadata={
        "description": "Lists changed since the cursor, each once at its newest"})


class PlaceSchema(Schema):
    province = fields.String(allow_none=True)
    district = fields.String(allow_none=True)
    subdistrict = fields.String(allow_none=True)
    village_no = fields.String(allow_none=True)


class SubmissionSummarySchema(Schema):
    uuid = fields.String(required=True)
    form_id = fields.String(required=True)
    form_version = fields.String(required=True)
    author = fields.String(required=True)
    device = fields.String(allow_none=True)
    rev = fields.Integer(required=True)
    review_state = fields.String(required=True)
    created_at = fields.String(allow_none=True, metadata={"description": "device clock"})
    received_at = fields.String(required=True)
    updated_at = fields.String(required=True)
    record_date = fields.String(allow_none=True)
    place = fields.Nested(PlaceSchema)
    has_conflicts = fields.Boolean(required=True)
    waiting_for_files = fields.Boolean(required=True, metadata={
        "description": "a file its answers name has not arrived yet"})


class SubmissionListSchema(Schema):
    submissions = fields.List(fields.Nested(SubmissionSummarySchema), required=True)
    cursor = fields.String(allow_none=True)
    more = fields.Boolean(required=True)


class RevisionSchema(Schema):
    rev = fields.Integer(required=True)
    base_rev = fields.Integer(required=True)
    form_version = fields.String(required=True)
    content_hash = fields.String(required=True)
    answers = fields.Dict(required=True)
    device = fields.String(allow_none=True)
    batch_id = fields.String(allow_none=True)
    created_at = fields.String(allow_none=True)
    received_at = fields.String(required=True)


class ConflictSchema(RevisionSchema):
    rev = fields.Integer(load_default=None, dump_default=None)
    current_rev = fields.Integer(required=True)


class ReviewEntrySchema(Schema):
    rev = fields.Integer(required=True)
    review_state = fields.String(required=True)
    comment = fields.String(allow_none=True)
    reviewer = fields.String(required=True)
    reviewed_at = fields.String(required=True)


class SubmissionDetailSchema(SubmissionSummarySchema):
    batch_id = fields.String(required=True)
    content_hash = fields.String(required=True)
    answers = fields.Dict(required=True)
    missing_attachments = fields.List(fields.String(), required=True, metadata={
        "description": "the sha256 of each file its answers name that has not arrived"})
    revisions = fields.List(fields.Nested(RevisionSchema), required=True)
    conflicts = fields.List(fields.Nested(ConflictSchema), required=True)
    reviews = fields.List(fields.Nested(ReviewEntrySchema), required=True)


class QuarantineItemSchema(Schema):
    id = fields.Integer(required=True)
    username = fields.String(required=True)
    device = fields.String(allow_none=True)
    batch_id = fields.String(required=True)
    uuid = fields.String(allow_none=True)
    code = fields.String(required=True)
    errors = fields.Dict(required=True)
    payload = fields.Raw(required=True, metadata={"description": "the item exactly as sent"})
    received_at = fields.String(required=True)


class QuarantineListSchema(Schema):
    items = fields.List(fields.Nested(QuarantineItemSchema), required=True)
    cursor = fields.String(allow_none=True)
    more = fields.Boolean(required=True)


class DeviceTokenSchema(Schema):
    token = fields.String(required=True, metadata={"description": "Shown once; keep it."})
    label = fields.String(required=True)
    username = fields.String(required=True)
    role = fields.String(required=True, validate=validate.OneOf(ROLES))


class EnrolTokenSchema(DeviceTokenSchema):
    full_name = fields.String(required=True, allow_none=True)


class DeviceSchema(Schema):
    label = fields.String(required=True)
    username = fields.String(required=True)
    created_at = fields.String(required=True)
    last_seen_at = fields.String(allow_none=True)
    revoked_at = fields.String(allow_none=True)
    full_name = fields.String(allow_none=True)
    app_version = fields.String(allow_none=True, metadata={
        "description": "From the phone's last Tambon-App-Version header."})
    unsent = fields.Integer(allow_none=True, metadata={
        "description": "From the phone's last Tambon-Unsent header."})
    unsent_since = fields.String(allow_none=True, metadata={
        "description": "Server time since which the phone has reported unsent work."})
    clock_skew_seconds = fields.Float(allow_none=True, metadata={
        "description": "The phone's clock minus the server's, from Tambon-Clock."})


class DeviceListSchema(Schema):
    devices = fields.List(fields.Nested(DeviceSchema), required=True)


class MeSchema(Schema):
    username = fields.String(required=True)
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    full_name = fields.String(required=True, allow_none=True)
    device = fields.String(required=True, allow_none=True)


class HealthSchema(Schema):
    status = fields.String(required=True)
    database = fields.String(required=True)


class AttachmentStatusSchema(Schema):
    sha256 = fields.String(required=True)
    received = fields.Integer(required=True, metadata={
        "description": "bytes held: the whole size when complete, else the received prefix"})
    size = fields.Integer(required=True, allow_none=True, metadata={
        "description": "the file's size, once an upload has said it (null before)"})
    complete = fields.Boolean(required=True)
