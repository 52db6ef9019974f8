"""The phone's upload of files the server still needs, against a stand-in for the attachment
endpoints that keeps what it receives and answers as PROTOCOL.md says (Content-Range chunks,
`409 offset_mismatch` with the count it holds, `/status`): a broken upload resumes from the
server's count, never from zero, a file is sent once, and what the server has is let go."""

import hashlib
import json
import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHUNK = 256 * 1024
RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+)")


class AttachmentStandIn:
    """Holds each file's received prefix; `cut_at` makes the PUT starting there fail once, as
    a dropped connection; `refuse` answers every PUT with that status and code."""

    def __init__(self):
        self.held: dict[str, bytes] = {}
        self.puts: list[tuple[str, int, int]] = []  # (sha256, first, last) of each PUT seen
        self.statuses: list[str] = []
        self.cut_at: int | None = None
        self.refuse: tuple[int, str] | None = None

    def __call__(self, route):
        request = route.request
        sha256 = request.url.split("/attachments/")[1].split("/")[0]
        have = self.held.get(sha256, b"")
        if request.method == "GET":
            self.statuses.append(sha256)
            total = getattr(self, "totals", {}).get(sha256, 0)
            return route.fulfill(json={"sha256": sha256, "received": len(have), "size": total,
                                       "complete": bool(total) and len(have) == total})
        first, last, total = map(int, RANGE.fullmatch(request.headers["content-range"]).groups())
        self.puts.append((sha256, first, last))
        if self.cut_at == first:
            self.cut_at = None
            return route.abort("connectionreset")
        if self.refuse:
            status, code = self.refuse
            return route.fulfill(status=status, json={"error": {"code": code, "message": "not a photo", "details": {}}})
        if first != len(have):
            return route.fulfill(status=409, json={"error": {
                "code": "offset_mismatch", "message": "wrong offset", "details": {"received": len(have)}}})
        self.held[sha256] = have = have + request.post_data_buffer
        self.__dict__.setdefault("totals", {})[sha256] = total
        complete = len(have) == total
        assert not complete or hashlib.sha256(have).hexdigest() == sha256
        return route.fulfill(status=201 if complete else 200,
                             json={"sha256": sha256, "received": len(have), "size": total, "complete": complete})


def keep_sent_item_waiting_for(page, sizes: list[int]) -> dict:
    """Random files kept on the phone, and one sent submission whose receipt said the server
    still needs them all. Returns {uuid, hashes}."""
    return page.evaluate("""async (sizes) => {
        const db = await import('./js/db.js');
        const { keep } = await import('./js/media.js');
        const hashes = [];
        const answers = { photos: [] };
        for (const size of sizes) {
            const bytes = new Uint8Array(size);
            for (let i = 0; i < size; i += 65536) crypto.getRandomValues(bytes.subarray(i, i + 65536));
            const ref = await keep(new Blob([bytes]), 'p.jpg', 'image/jpeg', 'image');
            answers.photos.push({ picture: ref });
            hashes.push(ref.sha256);
        }
        const uuid = crypto.randomUUID();
        await db.putSub({ uuid, form_id: 'f', form_version: '1', state: 'sent', answers, payload: answers,
            base_rev: 1, rev: 1, created_at: '2026-11-20T09:15:00+07:00', updated_at: '2026-11-20T09:15:00+07:00',
            files_waiting: hashes });
        return { uuid, hashes };
    }""", sizes)


UPLOAD = """async () => {
    const { Api } = await import('./js/api.js');
    const { uploadWaiting } = await import('./js/uploads.js');
    try {
        await uploadWaiting(new Api(location.origin, 'Bearer stand-in'));
        return 'done';
    } catch (err) {
        return `stopped: ${err.status} ${err.code}`;
    }
}"""

STATE = """async (uuid) => {
    const db = await import('./js/db.js');
    const { fileNotes } = await import('./js/uploads.js');
    const record = await db.getSub(uuid);
    const files = (await db.listFiles()).map((f) => f.sha256);
    return { waiting: record.files_waiting, refused: record.files_refused || {}, notes: await fileNotes(record), files };
}"""


@pytest.fixture
def stand_in(phone):
    store = AttachmentStandIn()
    phone.route("**/api/v1/attachments/**", store)
    return store


def test_an_upload_cut_mid_file_resumes_from_the_servers_count_and_each_file_is_sent_once(phone, stand_in):
    page = phone
    item = keep_sent_item_waiting_for(page, [700_000, 1000])
    big, small = item["hashes"]
    assert page.evaluate(STATE, item["uuid"])["notes"] == ["ส่งแล้ว รอส่ง รูป 2 รูป"]

    stand_in.cut_at = CHUNK  # the connection drops as the second chunk of the big one goes
    assert page.evaluate(UPLOAD) == "stopped: 0 network"
    assert len(stand_in.held[big]) == CHUNK
    state = page.evaluate(STATE, item["uuid"])
    assert state["waiting"] == [big, small] and set(state["files"]) == {big, small}

    assert page.evaluate(UPLOAD) == "done"  # the next sync
    assert stand_in.statuses == [big], "the broken upload asks where the server stands"
    assert [(first, last) for sha, first, last in stand_in.puts if sha == big] == [
        (0, CHUNK - 1), (CHUNK, 2 * CHUNK - 1),  # the cut one
        (CHUNK, 2 * CHUNK - 1), (2 * CHUNK, 700_000 - 1)]
    assert [(first, last) for sha, first, last in stand_in.puts if sha == small] == [(0, 999)]
    assert {sha: hashlib.sha256(data).hexdigest() for sha, data in stand_in.held.items()} == {big: big, small: small}
    state = page.evaluate(STATE, item["uuid"])
    assert state["waiting"] == [] and state["notes"] == []
    assert state["files"] == [], "files the server has and no unsent item names are let go"

    assert page.evaluate(UPLOAD) == "done"  # nothing waits: nothing is sent again
    assert len(stand_in.puts) == 5


def test_a_file_another_phone_already_began_goes_on_from_what_the_server_holds(phone, stand_in):
    page = phone
    item = keep_sent_item_waiting_for(page, [600_000])
    [sha] = item["hashes"]
    data = page.evaluate("""async (sha) => {
        const record = await (await import('./js/db.js')).getFile(sha);
        return [...new Uint8Array(await record.blob.slice(0, 262144).arrayBuffer())];
    }""", sha)
    stand_in.held[sha] = bytes(data)
    assert page.evaluate(UPLOAD) == "done"
    assert [(first, last) for _, first, last in stand_in.puts] == [
        (0, CHUNK - 1), (CHUNK, 2 * CHUNK - 1), (2 * CHUNK, 600_000 - 1)]
    assert hashlib.sha256(stand_in.held[sha]).hexdigest() == sha


def test_a_file_the_server_refuses_is_shown_on_the_item_and_no_longer_waited_for(phone, stand_in):
    page = phone
    item = keep_sent_item_waiting_for(page, [5000])
    stand_in.refuse = (415, "unsupported_type")
    assert page.evaluate(UPLOAD) == "done"
    state = page.evaluate(STATE, item["uuid"])
    assert state["waiting"] == []
    assert state["notes"] == ["เซิร์ฟเวอร์ไม่รับไฟล์ p.jpg: not a photo"]
    assert json.dumps(state["refused"]).count("unsupported_type") == 1
