"""The OpenAPI 3 description of /api/v1, generated from the marshmallow schemas in use.

Each operation is one row of `OPERATIONS`; request and response bodies are the same schema
classes the views load with (sync.schemas, server.api.schemas), so the document describes
what is served. docs/protocol.md is the prose beside it.
"""

from functools import lru_cache

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from forms.text import STORABLE_PATTERN
from server.api import API_PREFIX
from server.api import schemas as s
from sync.review import COMMENT_REQUIRED
from sync.models import REVIEW_STATES
from sync.schemas import DeviceTime, PushEnvelopeSchema, PushItemSchema, ReviewSchema, UUIDText

__all__ = ["OPERATIONS", "openapi_document"]

ANYONE, SIGNED_IN, SUPERVISOR, ADMIN, BASIC, BEARER = (
    "anyone", "field", "supervisor", "admin", "basic", "bearer")

# (method, path, summary, who, request schema, query schema, {status: response schema})
OPERATIONS = [
    ("get", "/health", "Is the server and its database up (for load balancers)", ANYONE,
     None, None, {200: s.HealthSchema, 503: s.ErrorSchema}),
    ("get", "/openapi.json", "This document", ANYONE, None, None, {200: None}),
    ("get", "/forms", "Newest version of every open form; strong ETag, If-None-Match -> 304",
     SIGNED_IN, None, None, {200: s.FormListSchema, 304: None}),
    ("get", "/forms/{form_id}/versions/{version}",
     "A definition exactly as published (canonical JSON); ETag is its hash", SIGNED_IN,
     None, None, {200: None, 304: None, 404: s.ErrorSchema}),
    ("post", "/forms", ("Publish a definition: 201 new, 200 same content, 409 version_exists, "
                        "422 invalid_definition"), ADMIN, None, None,
     {201: s.FormSummarySchema, 200: s.FormSummarySchema, 409: s.ErrorSchema,
      422: s.ErrorSchema}),  # the body is a form definition: RAW_BODIES below
    ("post", "/forms/{form_id}/close", "Close a form (admins)", ADMIN, None, None,
     {200: s.CloseResultSchema, 404: s.ErrorSchema}),
    ("get", "/lists", "Every list (published and rosters) with version and hash; ETag -> 304",
     SIGNED_IN, None, None, {200: s.ListListSchema, 304: None}),
    ("get", "/lists/{list_id}", ("A whole list (ETag: its hash; If-None-Match -> 304), or with "
                                 "since=<version> only the items changed after it"),
     SIGNED_IN, None, s.ListQuerySchema, {200: s.ListBodySchema, 304: None, 404: s.ErrorSchema}),
    ("post", "/lists", ("Publish a list: a JSON document, or text/csv with ?list_id=; 201 "
                        "changed, 200 unchanged, 409 list_is_roster, 422 invalid_list"), ADMIN,
     None, s.ListPublishQuerySchema, {201: s.ListEntrySchema, 200: s.ListEntrySchema,
                                      409: s.ErrorSchema, 422: s.ErrorSchema}),
    ("post", "/sync/push", "Merge a batch of submissions; one result per item", SIGNED_IN,
     PushEnvelopeSchema, None,
     {200: s.PushResponseSchema, 400: s.ErrorSchema, 413: s.ErrorSchema, 422: s.ErrorSchema,
      503: s.ErrorSchema}),
    ("get", "/sync/pull", "Changes since a cursor: forms, reviews of own submissions",
     SIGNED_IN, None, s.PullQuerySchema, {200: s.PullResponseSchema, 400: s.ErrorSchema}),
    ("get", "/submissions", "List submissions, newest first, keyset-paged", SUPERVISOR,
     None, s.SubmissionQuerySchema, {200: s.SubmissionListSchema}),
    ("get", "/submissions/{uuid}", ("One submission with revisions, conflicts and reviews; "
                                    "field users only their own"), SIGNED_IN, None, None,
     {200: s.SubmissionDetailSchema, 403: s.ErrorSchema, 404: s.ErrorSchema}),
    ("post", "/submissions/{uuid}/review", ("Set the review state (comment required for "
                                            "has_issues and rejected)"), SUPERVISOR, ReviewSchema, None,
     {200: s.ReviewDecisionSchema, 404: s.ErrorSchema, 409: s.ErrorSchema,
      422: s.ErrorSchema}),
    ("get", "/quarantine", "Rejected push items, raw, with their errors", ADMIN, None,
     s.PageQuerySchema, {200: s.QuarantineListSchema}),
    ("post", "/devices", "Issue a device token with your own password (HTTP Basic only)",
     BASIC, s.DeviceRequestSchema, None,
     {201: s.DeviceTokenSchema, 404: s.ErrorSchema, 409: s.ErrorSchema}),
    ("get", "/devices", "Every device token with what its phone last reported (admins)", ADMIN, None, None,
     {200: s.DeviceListSchema}),
    ("delete", "/devices/current", "Revoke the token this request uses (Bearer only)",
     BEARER, None, None, {204: None}),
    ("delete", "/devices/{label}", "Revoke a device's token (admins)", ADMIN, None, None,
     {204: None, 404: s.ErrorSchema}),
    ("post", "/enrol", ("Exchange a one-time set-up code for a device token (no credentials; "
                        "400 invalid_enrolment_code when unknown, used, expired or revoked)"),
     ANYONE, s.EnrolRequestSchema, None,
     {201: s.EnrolTokenSchema, 400: s.ErrorSchema, 429: s.ErrorSchema}),
    ("get", "/me", "Who you are signed in as, and with which device", SIGNED_IN, None, None,
     {200: s.MeSchema}),
    ("put", "/attachments/{sha256}",
     ("Upload a file a pushed submission names: the body is its bytes; with Content-Range "
      "one chunk of a resumable upload. 201 stored, 200 already stored or chunk kept; "
      "400 invalid_range; 403 not_referenced; 409 offset_mismatch (details.received); "
      "413 over the limit; 415 unsupported_type (told from the bytes); 422 hash_mismatch"),
     SIGNED_IN, None, None,
     {201: s.AttachmentStatusSchema, 200: s.AttachmentStatusSchema, 409: s.ErrorSchema,
      415: s.ErrorSchema}),
    ("get", "/attachments/{sha256}/status", "How much of a file the server holds for you",
     SIGNED_IN, None, None, {200: s.AttachmentStatusSchema}),
    ("get", "/attachments/{sha256}",
     ("The file (supervisors, admins, authors of submissions naming it); ETag is its "
      "sha256, images inline, anything else as a download"), SIGNED_IN, None, None,
     {200: None, 304: None, 404: s.ErrorSchema}),
    ("get", "/attachments/{sha256}/preview",
     "A small JPEG of an image file (404 no_preview for other files)", SIGNED_IN, None, None,
     {200: None, 304: None, 404: s.ErrorSchema}),
]
LIST_DOCUMENT = {"description": "A list (docs/forms.md, \"Lists\"): a JSON document, or CSV."}
# Bodies that are not JSON documents described by a schema: (method, path) -> content.
RAW_BODIES = {
    ("post", "/forms"): {"application/json": {"schema": {
        "type": "object", "description": "A form definition (docs/forms.md)."}}},
    ("post", "/lists"): {
        "application/json": {"schema": {**LIST_DOCUMENT, "type": "object"}},
        "text/csv": {"schema": {**LIST_DOCUMENT, "type": "string"}}},
    ("put", "/attachments/{sha256}"): {"*/*": {"schema": {
        "type": "string", "format": "binary",
        "description": "The file's bytes (or one chunk of them); the type is told from them."}}},
}

_SECURITY = {
    ANYONE: [],
    BASIC: [{"basic": []}],
    BEARER: [{"bearer": []}],
}
# Path parameters, as precisely as the server checks them (ECMA-262 patterns).
FORM_ID_PATTERN = r"^[a-z][a-z0-9_]{1,63}$"  # forms/definition.py FORM_ID
VERSION_PATTERN = r"^[0-9A-Za-z]+(?:[._-][0-9A-Za-z]+)*$"  # forms/definition.py FormSchema
_NOT_BLANK = r"(?=[\s\S]*[^\s\u200b-\u200d\u2060\ufeff])"
PATH_PARAMETERS = {
    "uuid": {"type": "string", "format": "uuid"},
    "form_id": {"type": "string", "pattern": FORM_ID_PATTERN, "maxLength": 64},
    "list_id": {"type": "string", "pattern": FORM_ID_PATTERN, "maxLength": 64},
    "version": {"type": "string", "pattern": VERSION_PATTERN, "maxLength": 64},
    "label": {"type": "string", "minLength": 1, "maxLength": 100,
              "pattern": "^" + _NOT_BLANK + STORABLE_PATTERN[1:]},
    "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
}
# A cursor is opaque, but its alphabet and length are known (sync/cursors.py).
CURSOR_PARAMETER = {"type": "string", "pattern": "^[A-Za-z0-9_-]{0,4096}$"}  # empty: the first page
CURSOR_PARAMETERS = {"since", "cursor"}
_DESCRIPTIONS = {
    200: "OK", 201: "Created", 204: "No content", 304: "Not modified (empty body)",
    400: "Malformed request", 401: "Missing or wrong credentials", 403: "Not allowed",
    404: "Not found", 409: "Conflict", 413: "Payload too large",
    415: "Not JSON, an unknown Content-Encoding, or a file of a type no field naming it takes",
    422: "Invalid content",
    429: "Too many wrong passwords or set-up codes; retry after Retry-After seconds",
    503: "Busy or out of storage; retry after Retry-After seconds",
}


def _edge_errors(who: str, takes_body: bool) -> dict:
    """The answers any operation can get before or beside its own logic, all in the error
    shape: a malformed or hostile request (400), invalid content (422), a busy or full
    server (503); with a body, too large (413) or not JSON (415); with a password, a
    throttled account (429)."""
    errors = {400: s.ErrorSchema, 422: s.ErrorSchema, 503: s.ErrorSchema}
    if takes_body:
        errors |= {413: s.ErrorSchema, 415: s.ErrorSchema}
    if who != ANYONE:
        errors |= {401: s.ErrorSchema, 403: s.ErrorSchema, 429: s.ErrorSchema}
    return errors


def _name(schema) -> str:
    return schema.__name__.removesuffix("Schema")


@lru_cache(maxsize=1)
def openapi_document() -> dict:
    plugin = MarshmallowPlugin()
    spec = APISpec(
        title="Tambon sync API",
        version="1",
        openapi_version="3.0.3",
        plugins=[plugin],
        info={"description": "The device <-> server contract; prose in docs/protocol.md."},
        servers=[{"url": API_PREFIX}],
    )
    plugin.map_to_openapi_type(UUIDText, "string", "uuid")
    plugin.map_to_openapi_type(DeviceTime, "string", "date-time")  # RFC 3339: with an offset
    spec.components.security_scheme("basic", {"type": "http", "scheme": "basic"})
    spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    spec.components.schema("PushItem", schema=PushItemSchema)
    for method, path, summary, who, body, query, responses in OPERATIONS:
        operation = {
            "summary": summary,
            "security": _SECURITY.get(who, [{"bearer": []}, {"basic": []}]),
            "responses": {},
        }
        if who not in (ANYONE,):
            operation["description"] = f"Needs role: {who}." if who in (
                SIGNED_IN, SUPERVISOR, ADMIN) else f"Authentication: {who}."
        takes_body = body is not None or (method, path) in RAW_BODIES
        if path != "/openapi.json":
            responses = {**_edge_errors(who, takes_body), **responses}
        if body is not None:
            operation["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": _name(body)}},
            }
            _register(spec, body)
        elif takes_body:
            operation["requestBody"] = {"required": True, "content": RAW_BODIES[(method, path)]}
        if query is not None:
            operation["parameters"] = [{"in": "query", "schema": query}]
        path_params = [part[1:-1] for part in path.split("/") if part.startswith("{")]
        operation.setdefault("parameters", []).extend(
            {"in": "path", "name": name, "required": True,
             "schema": PATH_PARAMETERS.get(name, {"type": "string"})}
            for name in path_params
        )
        for status, schema in sorted(responses.items()):
            entry = {"description": _DESCRIPTIONS.get(status, "")}
            if schema is not None:
                _register(spec, schema)
                entry["content"] = {"application/json": {"schema": _name(schema)}}
            operation["responses"][str(status)] = entry
        spec.path(path=path, operations={method: operation})
    return _tightened(spec.to_dict())


def _tightened(document: dict) -> dict:
    """What marshmallow's schemas cannot say: a query parameter is never null (absent is
    how it is left out), free text in a request must be storable, and a review's comment
    is required (not blank) for has_issues and rejected."""
    for item in document["paths"].values():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] != "query":
                    continue
                schema = parameter["schema"]
                schema.pop("nullable", None)
                if schema.get("default", 0) is None:
                    del schema["default"]
                if "enum" in schema:
                    schema["enum"] = [v for v in schema["enum"] if v is not None]
                if parameter.get("name") in CURSOR_PARAMETERS:
                    schema.update(CURSOR_PARAMETER)
                if schema.get("type") == "string" and not {"format", "enum"} & set(schema):
                    schema.setdefault("pattern", STORABLE_PATTERN)
    schemas = document["components"]["schemas"]
    for name in ("PushEnvelope", "DeviceRequest", "Review"):
        for prop in schemas[name]["properties"].values():
            if prop.get("type") == "string" and not {"format", "enum", "pattern"} & set(prop):
                prop["pattern"] = STORABLE_PATTERN
    schemas["DeviceRequest"]["properties"]["label"].update(PATH_PARAMETERS["label"])
    # The envelope takes any value as an item: each is judged on its own, and one that does
    # not match PushItem is answered `rejected` in its result, never by refusing the batch.
    schemas["PushEnvelope"]["properties"]["submissions"]["items"] = {
        "description": "A submission as #/components/schemas/PushItem describes it; an item "
                       "that does not match comes back `rejected` (invalid_item) in its "
                       "result, and the rest of the batch is stored."}
    review = schemas["Review"]
    comment = review["properties"]["comment"]
    without = [state for state in REVIEW_STATES if state not in COMMENT_REQUIRED]
    review["oneOf"] = [
        {"properties": {"review_state": {"enum": without}}},
        {"properties": {"review_state": {"enum": list(COMMENT_REQUIRED)},
                        "comment": {"type": "string", "nullable": False,
                                    "pattern": "^" + _NOT_BLANK + comment["pattern"][1:]}},
         "required": ["review_state", "comment"]},
    ]
    return document


def _register(spec: APISpec, schema) -> None:
    name = _name(schema)
    if name not in spec.components.schemas:
        spec.components.schema(name, schema=schema)
