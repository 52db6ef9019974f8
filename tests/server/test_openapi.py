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
