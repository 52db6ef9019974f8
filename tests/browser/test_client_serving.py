"""How the server hands out the offline client: types, caching, the self-versioning worker."""

import json
import shutil

import pytest

from server import client_app
from server.app import create_app


@pytest.fixture
def client(tmp_path):
    return create_app({"data_dir": str(tmp_path), "testing": True}).test_client()


@pytest.fixture
def app_copy(tmp_path, monkeypatch):
    """The app's files copied somewhere they can be changed."""
    copy = tmp_path / "app"
    shutil.copytree(client_app.APP_DIR, copy)
    monkeypatch.setattr(client_app, "APP_DIR", copy)
    client_app.shell.cache_clear()
    yield copy
    client_app.shell.cache_clear()


def test_the_app_page_is_html_with_a_strict_content_security_policy(client):
    response = client.get("/app/")
    assert response.status_code == 200
    assert response.content_type == "text/html; charset=utf-8"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["Cache-Control"] == "no-cache"
    assert client.get("/app").status_code == 308


def test_the_worker_is_javascript_that_names_its_version_and_every_shell_file(client):
    response = client.get("/app/sw.js")
    body = response.get_data(as_text=True)
    shell = client_app.shell()
    assert response.content_type.startswith("text/javascript")
    assert response.headers["Service-Worker-Allowed"] == "/app/"
    assert f"const SHELL = {json.dumps(shell)} ||" in body
    assert {"./", "./js/main.js", "./js/jsonlogic.js", "./css/app.css", "./manifest.webmanifest"} <= set(shell["files"])
    for file in shell["files"]:
        assert client.get(f"/app/{file[2:]}").status_code == 200, file


@pytest.mark.parametrize("path, kind", [
    ("js/main.js", "text/javascript; charset=utf-8"),
    ("css/app.css", "text/css; charset=utf-8"),
    ("icons/icon.svg", "image/svg+xml"),
    ("manifest.webmanifest", "application/manifest+json"),
])
def test_each_kind_of_file_has_its_content_type_and_is_revalidated_by_etag(client, path, kind):
    response = client.get(f"/app/{path}")
    assert (response.status_code, response.content_type) == (200, kind)
    again = client.get(f"/app/{path}", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_changing_any_app_file_changes_the_worker_so_phones_install_the_new_version(app_copy, client):
    before = client.get("/app/sw.js").get_data()
    (app_copy / "css" / "app.css").write_text("body { color: black; }\n")
    client_app.shell.cache_clear()
    after = client.get("/app/sw.js").get_data()
    assert before != after
    assert client_app.shell()["version"].encode() in after


def test_nothing_outside_the_app_folder_is_served(client):
    assert client.get("/app/../client_app.py").status_code == 404
    assert client.get("/app/%2e%2e/client_app.py").status_code == 404
    assert client.get("/app/js/nope.js").status_code == 404


def test_the_manifest_makes_an_installable_app_with_svg_icons_that_exist(client):
    manifest = client.get("/app/manifest.webmanifest").get_json(force=True)
    assert manifest["display"] == "standalone" and manifest["lang"] == "th"
    assert {icon["purpose"] for icon in manifest["icons"]} == {"any", "maskable"}
    for icon in manifest["icons"]:
        assert client.get(f"/app/{icon['src']}").content_type == "image/svg+xml"
