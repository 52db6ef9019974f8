"""Tables of the sync engine.

Conventions: server times are TEXT in one fixed UTC format (`sync.clock.now_iso`, e.g.
`2026-11-24T09:55:54.123456+00:00`) so they sort and compare alike on SQLite and PostgreSQL;
device times are TEXT exactly as the phone sent them. Answers and definitions are canonical
JSON text. `submission` is denormalised for listing and filtering (author name, place, record
date, search text) so the supervisor pages never need to parse answers.
"""

import peewee as pw

from sync.db import database
from sync.roles import ROLES

__all__ = [
    "MODELS",
    "REVIEW_STATES",
    "ROLES",
    "Attachment",
    "AttachmentChunk",
    "AttachmentPreview",
    "AttachmentRef",
    "AttachmentUpload",
    "AuditEntry",
    "Batch",
    "Change",
    "ChoiceList",
    "ConflictRevision",
    "Device",
    "EnrolmentCode",
    "Form",
    "FormVersion",
    "Quarantine",
    "ListItem",
    "ReviewEvent",
    "Revision",
    "RosterMark",
    "SignInThrottle",
    "Submission",
    "SubmissionTally",
    "User",
    "WebSession",
]

REVIEW_STATES = ("received", "has_issues", "edited", "approved", "rejected")


class BaseModel(pw.Model):
    class Meta:
        database = database
        legacy_table_names = False


class User(BaseModel):
    username = pw.TextField(unique=True)
    role = pw.TextField(
        constraints=[pw.Check("role IN (" + ", ".join(f"'{r}'" for r in ROLES) + ")")])
    password_hash = pw.TextField()
    created_at = pw.TextField()
    # Added after the first release: nullable, so sync.tables.create_tables can add them to an
    # existing database with a plain ADD COLUMN.
    full_name = pw.TextField(null=True)  # as the officer writes it: นายสมศักดิ์ จิตรวิไลย
    disabled_at = pw.TextField(null=True)  # a disabled account cannot sign in or sync


class Device(BaseModel):
    """A device token: one user, one label; only the token's sha256 is stored."""

    user = pw.ForeignKeyField(User, backref="devices", on_delete="CASCADE")
    label = pw.TextField()
    token_hash = pw.TextField(unique=True)
    created_at = pw.TextField()
    created_by = pw.TextField(null=True)
    revoked_at = pw.TextField(null=True)
    last_seen_at = pw.TextField(null=True)
    # What the phone last said about itself (Tambon-* headers on push and pull): see
    # sync/fleet.py. Nullable for the same reason as User.full_name.
    app_version = pw.TextField(null=True)
    unsent = pw.IntegerField(null=True)
    unsent_since = pw.TextField(null=True)  # server time the phone first reported unsent work
    clock_skew_seconds = pw.FloatField(null=True)  # phone clock minus server clock
    reported_at = pw.TextField(null=True)


# A label names one active device; a revoked label may be issued again.
Device.add_index(Device.index(Device.label, unique=True, where=Device.revoked_at.is_null()))


class WebSession(BaseModel):
    """A signed-in supervisor page session. The cookie holds a random key; only its sha256 is
    stored, and the row is checked on every page, so ending it here (sign-out, password
    changed) ends it at once in every process and on every host."""

    key_hash = pw.TextField(unique=True)
    user = pw.ForeignKeyField(User, backref="web_sessions", on_delete="CASCADE")
    created_at = pw.TextField()
    ended_at = pw.TextField(null=True)
    end_reason = pw.TextField(null=True)  # signed_out | password_changed | idle | disabled

    class Meta:
        table_name = "web_session"
        indexes = ((("created_at",), False),)


class EnrolmentCode(BaseModel):
    """A one-time code that connects a phone to `user`: only its sha256 is stored; it is
    used once, before `expires_at`, unless revoked (see sync/enrolment.py)."""

    code_hash = pw.TextField(unique=True)
    user = pw.ForeignKeyField(User, backref="enrolment_codes", on_delete="CASCADE")
    created_at = pw.TextField()
    created_by = pw.TextField(null=True)
    expires_at = pw.TextField()
    used_at = pw.TextField(null=True)
    device_label = pw.TextField(null=True)  # the device it connected
    revoked_at = pw.TextField(null=True)

    class Meta:
        table_name = "enrolment_code"


class Form(BaseModel):
    """One row per form_id: whether it is open, and its newest published version."""

    form_id = pw.TextField(primary_key=True)
    status = pw.TextField(default="open")
    latest_version = pw.TextField()
    updated_at = pw.TextField()


class FormVersion(BaseModel):
    form_id = pw.TextField()
    version = pw.TextField()
    hash = pw.TextField()
    title_th = pw.TextField()
    title_en = pw.TextField(null=True)
    definition = pw.TextField()  # canonical JSON; sha256 of it is `hash`
    published_at = pw.TextField()
    published_by = pw.TextField(null=True)

    class Meta:
        indexes = ((("form_id", "version"), True),)


class Batch(BaseModel):
    """Every push received; a re-sent batch (same user and batch_id) counts a receipt."""

    batch_id = pw.TextField()
    user = pw.ForeignKeyField(User, index=False)
    device = pw.TextField(null=True)  # label of the token used, if any
    device_id = pw.TextField(null=True)  # free text from the envelope
    sent_at = pw.TextField(null=True)  # the phone's clock, as sent
    received_at = pw.TextField()
    last_received_at = pw.TextField()
    receipts = pw.IntegerField(default=1)
    clock_skew_seconds = pw.FloatField(null=True)  # phone clock minus server clock
    items = pw.IntegerField()
    created = pw.IntegerField()
    updated = pw.IntegerField()
    duplicate = pw.IntegerField()
    conflict = pw.IntegerField()
    rejected = pw.IntegerField()

    class Meta:
        indexes = ((("user", "batch_id"), True),)


class Submission(BaseModel):
    """The current state of one filled form, keyed by the uuid the phone made."""

    id = pw.BigAutoField()
    uuid = pw.TextField(unique=True)
    form_id = pw.TextField()
    form_version = pw.TextField()
    author = pw.ForeignKeyField(User, column_name="author_id", index=False)
    author_name = pw.TextField()
    device = pw.TextField(null=True)
    batch_id = pw.TextField()
    review_state = pw.TextField(default="received")
    created_at = pw.TextField(null=True)  # device time, as given
    received_at = pw.TextField()
    updated_at = pw.TextField()
    rev = pw.IntegerField()
    content_hash = pw.TextField()  # of the content as the phone sent it (dedupe)
    answers = pw.TextField()  # canonical JSON of the validated answers
    province = pw.TextField(null=True)
    district = pw.TextField(null=True)
    subdistrict = pw.TextField(null=True)
    village_no = pw.TextField(null=True)
    record_date = pw.TextField(null=True)
    has_conflicts = pw.BooleanField(default=False)
    search_text = pw.TextField(default="")

    class Meta:
        indexes = (
            (("form_id", "received_at", "id"), False),
            (("received_at", "id"), False),
            (("review_state", "received_at"), False),
            (("author", "received_at"), False),
            (("province", "district", "subdistrict", "village_no"), False),
            (("record_date",), False),
        )


class Revision(BaseModel):
    """Every accepted revision of a submission, the current one included."""

    id = pw.BigAutoField()
    submission = pw.ForeignKeyField(
        Submission, field=Submission.uuid, column_name="uuid", index=False
    )
    rev = pw.IntegerField()
    base_rev = pw.IntegerField()
    form_version = pw.TextField()
    content_hash = pw.TextField()
    answers = pw.TextField()
    author = pw.ForeignKeyField(User, column_name="author_id")
    device = pw.TextField(null=True)
    batch_id = pw.TextField(null=True)
    created_at = pw.TextField(null=True)
    received_at = pw.TextField()

    class Meta:
        indexes = ((("submission", "rev"), True),)


class ConflictRevision(BaseModel):
    """Content that arrived on a stale `base_rev`: kept for supervisors, never current."""

    id = pw.BigAutoField()
    submission = pw.ForeignKeyField(
        Submission, field=Submission.uuid, column_name="uuid", index=False
    )
    base_rev = pw.IntegerField()
    current_rev = pw.IntegerField()  # the rev it conflicted with
    form_version = pw.TextField()
    content_hash = pw.TextField()
    answers = pw.TextField()  # canonical JSON as sent, not validated
    author = pw.ForeignKeyField(User, column_name="author_id")
    device = pw.TextField(null=True)
    batch_id = pw.TextField(null=True)
    created_at = pw.TextField(null=True)
    received_at = pw.TextField()

    class Meta:
        table_name = "conflict_revision"
        indexes = ((("submission", "content_hash"), True),)


class ReviewEvent(BaseModel):
    id = pw.BigAutoField()
    submission = pw.ForeignKeyField(Submission, field=Submission.uuid, column_name="uuid")
    rev = pw.IntegerField()
    review_state = pw.TextField()
    comment = pw.TextField(null=True)
    reviewer = pw.ForeignKeyField(User, column_name="reviewer_id")
    reviewer_name = pw.TextField()
    reviewed_at = pw.TextField()


class Quarantine(BaseModel):
    """A rejected push item, raw, with why and who sent it: nothing a phone sends is lost."""

    id = pw.BigAutoField()
    user = pw.ForeignKeyField(User, index=False)
    username = pw.TextField()
    device = pw.TextField(null=True)
    batch_id = pw.TextField()
    uuid = pw.TextField(null=True)
    code = pw.TextField()
    errors = pw.TextField()  # JSON
    payload = pw.TextField()  # canonical JSON of the item as sent
    payload_hash = pw.TextField()
    received_at = pw.TextField()

    class Meta:
        indexes = ((("user", "payload_hash"), True), (("received_at",), False))


class Change(BaseModel):
    """The change log pull reads: form publications and closings, review decisions.

    `audience` is the only user who may see the change (the author of a reviewed
    submission), or NULL for everyone. `seq` order is commit order (see db.lock_change_log).
    """

    seq = pw.BigAutoField()
    kind = pw.TextField()  # form | review
    audience = pw.ForeignKeyField(User, null=True, column_name="audience_id", index=False)
    payload = pw.TextField()  # JSON of the item as pull returns it
    created_at = pw.TextField()

    class Meta:
        indexes = ((("audience", "seq"), False),)


class AuditEntry(BaseModel):
    """Who changed what, when: written in the same transaction as the change."""

    id = pw.BigAutoField()
    at = pw.TextField()
    actor = pw.TextField(null=True)
    action = pw.TextField()
    target = pw.TextField(null=True)
    details = pw.TextField(default="{}")  # JSON

    class Meta:
        table_name = "audit_log"
        indexes = ((("target", "id"), False),)


class SubmissionTally(BaseModel):
    """Signed changes to the number of submissions per form and review state (see
    sync/tally.py): appended by every write that creates or re-states a submission."""

    id = pw.BigAutoField()
    form_id = pw.TextField()
    review_state = pw.TextField()
    n = pw.IntegerField()

    class Meta:
        table_name = "submission_tally"


class SignInThrottle(BaseModel):
    """Recent wrong passwords per account (`user:...`) or client address (`addr:...`), and
    until when further tries are refused (see sync/throttle.py)."""

    key = pw.TextField(primary_key=True)
    failures = pw.IntegerField()
    last_failure_at = pw.TextField(index=True)
    blocked_until = pw.TextField(null=True)

    class Meta:
        table_name = "sign_in_throttle"


class Attachment(BaseModel):
    """A file of an attachment answer, stored once however many answers name it: keyed by
    the sha256 of its bytes (verified), its type told from those bytes (sync/blobs.py)."""

    sha256 = pw.TextField(primary_key=True)
    type = pw.TextField()
    size = pw.BigIntegerField()
    content = pw.BlobField()
    uploaded_by = pw.ForeignKeyField(User, column_name="uploaded_by_id", index=False)
    created_at = pw.TextField()


class AttachmentPreview(BaseModel):
    """A small JPEG of a stored image for the pages, made on first request and kept apart
    from the file so that adding it never rewrites the file's row."""

    sha256 = pw.TextField(primary_key=True)
    type = pw.TextField()
    content = pw.BlobField()

    class Meta:
        table_name = "attachment_preview"


class AttachmentRef(BaseModel):
    """An attachment answer of a submission's current revision: which file it names, where,
    and what the field takes. Uploads are allowed, and files readable, by these rows."""

    id = pw.BigAutoField()
    submission = pw.ForeignKeyField(
        Submission, field=Submission.uuid, column_name="uuid", index=False
    )
    path = pw.TextField()  # dotted answer path: participants.3.signature
    sha256 = pw.TextField()
    name = pw.TextField()  # as the phone named it
    type = pw.TextField()  # as the phone said
    accept = pw.TextField()  # the MIME types the field takes, space-separated
    max_bytes = pw.BigIntegerField()

    class Meta:
        table_name = "attachment_ref"
        indexes = ((("submission", "path"), True), (("sha256",), False))


class AttachmentUpload(BaseModel):
    """A resumable upload under way: one per file and uploader, its chunks apart."""

    id = pw.BigAutoField()
    sha256 = pw.TextField()
    user = pw.ForeignKeyField(User, index=False, on_delete="CASCADE")
    total = pw.BigIntegerField()
    received = pw.BigIntegerField()
    started_at = pw.TextField()
    updated_at = pw.TextField()

    class Meta:
        table_name = "attachment_upload"
        indexes = ((("sha256", "user"), True),)


class AttachmentChunk(BaseModel):
    """One received piece of an upload: appending a chunk writes only that chunk."""

    id = pw.BigAutoField()
    upload = pw.ForeignKeyField(AttachmentUpload, on_delete="CASCADE", index=False)
    offset = pw.BigIntegerField()
    content = pw.BlobField()

    class Meta:
        table_name = "attachment_chunk"
        indexes = ((("upload", "offset"), True),)
class ChoiceList(BaseModel):
    """One row per list (docs/protocol.md, "Lists"): a list admins publish, or a roster that
    forms write. `version` counts its changes (1 for the first), `hash` chains them (see
    sync/lists.py) and is the list's ETag; `source_hash` is the hash of the document last
    published, so publishing the same document again changes nothing."""

    list_id = pw.TextField(primary_key=True)
    kind = pw.TextField()  # published | roster
    version = pw.IntegerField()
    hash = pw.TextField()
    source_hash = pw.TextField(null=True)
    title_th = pw.TextField(null=True)
    title_en = pw.TextField(null=True)
    columns = pw.TextField(default="[]")  # JSON array of the extra columns' names
    count = pw.IntegerField(default=0)  # items, retired ones included
    updated_at = pw.TextField()
    updated_by = pw.TextField(null=True)

    class Meta:
        table_name = "choice_list"


class ListItem(BaseModel):
    """One item of a list. Items are retired, never deleted; `changed_in` is the list version
    that last changed it, which is what `?since=` reads."""

    id = pw.BigAutoField()
    list_id = pw.TextField()
    value = pw.TextField()
    label_th = pw.TextField()
    label_en = pw.TextField(null=True)
    columns = pw.TextField(default="{}")  # JSON object: column -> value
    retired_at = pw.TextField(null=True)
    position = pw.IntegerField()
    changed_in = pw.IntegerField()
    source = pw.TextField(null=True)  # for a roster: the submission uuid that last wrote it

    class Meta:
        table_name = "list_item"
        indexes = ((("list_id", "value"), True), (("list_id", "changed_in"), False))


class RosterMark(BaseModel):
    """A roster item named by a stored submission (registered, or ticked present or absent):
    what the supervisors' roster page reads. Rewritten with the submission on every edit."""

    id = pw.BigAutoField()
    list_id = pw.TextField()
    value = pw.TextField()
    uuid = pw.TextField()
    form_id = pw.TextField()
    present = pw.BooleanField()
    record_date = pw.TextField(null=True)
    author_name = pw.TextField()

    class Meta:
        table_name = "roster_mark"
        indexes = ((("list_id", "value"), False), (("uuid",), False))


MODELS = [
    User,
    Device,
    WebSession,
    EnrolmentCode,
    Form,
    FormVersion,
    Batch,
    Submission,
    Revision,
    ConflictRevision,
    ReviewEvent,
    Quarantine,
    Change,
    AuditEntry,
    SubmissionTally,
    SignInThrottle,
    Attachment,
    AttachmentPreview,
    AttachmentRef,
    AttachmentUpload,
    AttachmentChunk,
    ChoiceList,
    ListItem,
    RosterMark,
]
