"""Rejected items: what phones sent that the server refused, with why, who, and the raw item."""

import html
import re
import uuid

from sync.db import database
from sync.models import User
from sync.push import push_batch
from tests.conftest import only_sqlite, sign_in
from tests.factories import samples

pytestmark = only_sqlite  # pages, not queries: the listing tests cover both databases


def test_a_refused_item_is_listed_with_its_errors_and_its_raw_payload_is_shown(app):
    (answers,) = samples("training_attendance", 1)
    answers["venue"] = "ศาลาวัดโสธร"
    answers["participants"][0]["age"] = 3
    item = {"uuid": str(uuid.uuid4()), "form_id": "training_attendance", "form_version": "1",
            "base_rev": 0, "created_at": "2026-11-20T09:15:00+07:00", "answers": answers}
    with database.connection_context():
        push_batch(User.get(User.username == "somchai"), {
            "batch_id": str(uuid.uuid4()), "device_id": "phone-3",
            "sent_at": "2026-11-20T09:20:00+07:00", "submissions": [item]},
            device_label="phone-3")
    client = app.test_client()
    sign_in(client, "malee")
    listing = html.unescape(client.get("/rejected").get_data(as_text=True))
    assert "invalid_answers" in listing and "participants.0.age" in listing
    assert "somchai" in listing and "phone-3" in listing
    link = re.search(r'href="(/rejected/\d+)"', listing).group(1)
    raw = html.unescape(client.get(link).get_data(as_text=True))
    assert item["uuid"] in raw and '"venue": "ศาลาวัดโสธร"' in raw


def test_an_item_with_a_lone_surrogate_is_listed_and_shown_as_sent_with_the_escape(app):
    (answers,) = samples("training_attendance", 1)
    answers["venue"] = "ศาลา\ud800วัด"
    item = {"uuid": str(uuid.uuid4()), "form_id": "training_attendance", "form_version": "1",
            "base_rev": 0, "created_at": "2026-11-20T09:15:00+07:00", "answers": answers}
    with database.connection_context():
        push_batch(User.get(User.username == "somchai"), {
            "batch_id": str(uuid.uuid4()), "device_id": "phone-3",
            "sent_at": "2026-11-20T09:20:00+07:00", "submissions": [item]})
    client = app.test_client()
    sign_in(client, "malee")
    listing = html.unescape(client.get("/rejected").get_data(as_text=True))
    assert "invalid_item" in listing and "answers.venue" in listing
    link = re.search(r'href="(/rejected/\d+)"', listing).group(1)
    raw = html.unescape(client.get(link).get_data(as_text=True))
    assert '"venue": "ศาลา\\ud800วัด"' in raw
