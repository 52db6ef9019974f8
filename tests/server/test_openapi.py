"""The served OpenAPI document describes every API route and only those."""

import re

from server.openapi import OPERATIONS


def test_every_api_route_is_described_and_every_description_is_served(api, app):
    served = {
        (method.lower(), re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)[len("/api/v1"):])
        for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/v1/")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    document = api.get("/api/v1/openapi.json").get_json()
    described = {(method, path) for path, ops in document["paths"].items() for method in ops}
    assert described == served == {(m, p) for m, p, *_ in OPERATIONS}


def test_every_schema_the_document_refers_to_is_in_it(api):
    document = api.get("/api/v1/openapi.json").get_json()
    text = str(document)
    referred = set(re.findall(r"#/components/schemas/(\w+)", text))
    assert referred and referred <= set(document["components"]["schemas"])
    assert document["components"]["schemas"]["PushItem"]["required"] == [
        "answers", "created_at", "form_id", "form_version", "uuid"]


def _document(api) -> dict:
    return api.get("/api/v1/openapi.json").get_json()


def test_the_document_is_valid_openapi(api):
    from openapi_spec_validator import validate

    validate(_document(api))


def test_identifiers_and_times_carry_their_formats(api):
    document = _document(api)
    schemas = document["components"]["schemas"]
    envelope = schemas["PushEnvelope"]["properties"]
    assert envelope["batch_id"]["format"] == "uuid"
    assert envelope["sent_at"]["format"] == "date-time"
    assert envelope["device_id"]["maxLength"] == 200
    # Any value is taken as an item and judged on its own (a bad one is rejected in its
    # result), so the envelope must not promise to refuse the batch over one item.
    assert "type" not in envelope["submissions"]["items"]
    assert "#/components/schemas/PushItem" in envelope["submissions"]["items"]["description"]
    item = schemas["PushItem"]["properties"]
    assert item["uuid"]["format"] == "uuid" and item["created_at"]["format"] == "date-time"
    assert item["base_rev"]["minimum"] == 0
    listing = {p["name"]: p["schema"] for p in document["paths"]["/submissions"]["get"]
               ["parameters"]}
    assert listing["received_from"]["format"] == "date-time"
    assert listing["date_from"]["format"] == "date"
    assert listing["review_state"]["enum"] == ["received", "has_issues", "edited",
                                               "approved", "rejected"]
    assert all("nullable" not in schema for schema in listing.values())


def test_path_parameters_are_as_narrow_as_the_server(api):
    document = _document(api)

    def path_schema(path, method, name):
        return next(p["schema"] for p in document["paths"][path][method]["parameters"]
                    if p["name"] == name)

    assert path_schema("/submissions/{uuid}", "get", "uuid")["format"] == "uuid"
    version = path_schema("/forms/{form_id}/versions/{version}", "get", "version")
    assert re.fullmatch(version["pattern"].strip("^$"), "2.1")
    assert not re.fullmatch(version["pattern"].strip("^$"), "../1")
    assert path_schema("/devices/{label}", "delete", "label")["maxLength"] == 100


def test_a_review_comment_is_required_exactly_where_the_server_requires_it(api):
    review = _document(api)["components"]["schemas"]["Review"]
    without, needing = review["oneOf"]
    assert set(needing["properties"]["review_state"]["enum"]) == {"has_issues", "rejected"}
    assert needing["required"] == ["review_state", "comment"]
    blank = re.compile(needing["properties"]["comment"]["pattern"])
    assert blank.match("ปรับแก้ชื่อ") and not blank.match("  ") and not blank.match("\u200b")
    assert "has_issues" not in without["properties"]["review_state"]["enum"]
    assert review["properties"]["comment"]["maxLength"] == 4000


def test_free_text_in_requests_excludes_what_the_server_refuses(api):
    schemas = _document(api)["components"]["schemas"]
    for name, prop in [("PushEnvelope", "device_id"), ("Review", "comment"),
                       ("DeviceRequest", "label"), ("DeviceRequest", "username")]:
        pattern = re.compile(schemas[name]["properties"][prop]["pattern"])
        assert not pattern.match("a\x00b"), (name, prop)


def test_every_operation_documents_the_edge_errors_it_can_answer(api):
    for path, item in _document(api)["paths"].items():
        for method, operation in item.items():
            if path == "/openapi.json":
                continue
            assert {"400", "422", "503"} <= set(operation["responses"]), (method, path)
            if operation["security"]:
                assert {"401", "403", "429"} <= set(operation["responses"]), (method, path)
            if "requestBody" in operation:
                assert operation["requestBody"]["required"] is True
                assert {"413", "415"} <= set(operation["responses"]), (method, path)


def test_cursors_carry_the_alphabet_the_server_issues(api):
    parameters = {p["name"]: p["schema"] for p in
                  _document(api)["paths"]["/submissions"]["get"]["parameters"]}
    assert parameters["cursor"]["pattern"] == "^[A-Za-z0-9_-]{0,4096}$"


def test_the_attachment_operations_list_every_answer_of_the_protocol(api):
    paths = _document(api)["paths"]
    upload = paths["/attachments/{sha256}"]["put"]
    assert {"200", "201", "400", "401", "403", "409", "413", "415", "422", "503"} <= set(
        upload["responses"])
    assert upload["responses"]["201"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/AttachmentStatus"}
    assert upload["requestBody"]["content"]["*/*"]["schema"]["format"] == "binary"
    [name] = upload["parameters"]
    assert name["schema"]["pattern"] == "^[0-9a-f]{64}$"
    for tail in ("", "/preview"):
        assert {"200", "304", "403", "404"} <= set(paths[f"/attachments/{{sha256}}{tail}"]["get"]
                                                   ["responses"])
    result = _document(api)["components"]["schemas"]["PushItemResult"]["properties"]
    assert result["missing_attachments"]["items"]["type"] == "string"
