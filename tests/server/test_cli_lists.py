"""`tambon list publish|list|show`: lists from files, as an operator on a fresh host runs them."""

import json

from tests.server.test_cli import data_dir, initialised, listing, tambon  # noqa: F401 (fixtures)


def test_init_publishes_the_thai_places(tambon, initialised):
    lists = {entry["list_id"]: entry["count"] for entry in listing(tambon, "list", "list")}
    assert lists == {"th_provinces": 77, "th_districts": 929, "th_subdistricts": 7451,
                     "training_trainees": 0}


def test_a_csv_file_is_published_under_its_file_name_then_unchanged(tambon, initialised, tmp_path):
    path = tmp_path / "crops.csv"
    path.write_text("value,label_th,label_en,season\nrice,ข้าว,Rice,rainy\ncassava,มันสำปะหลัง,,dry\n",
                    encoding="utf-8")
    code, out, _ = tambon("list", "publish", str(path))
    assert code == 0 and out.startswith("Published crops version 1, 2 items")
    code, out, _ = tambon("list", "publish", str(path))
    assert code == 0 and "unchanged" in out
    shown = json.loads(tambon("list", "show", "crops", "--json")[1])
    assert shown["items"][1] == {"value": "cassava", "label": {"th": "มันสำปะหลัง"},
                                 "season": "dry"}
    code, out, _ = tambon("list", "show", "crops")
    assert code == 0 and "มันสำปะหลัง" in out.splitlines()[2]


def test_a_json_file_with_problems_lists_each_with_its_path(tambon, initialised, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"list_id": "crops", "items": [
        {"value": "rice", "label": {"th": "ข้าว"}}, {"value": "rice", "label": "ข้าวเหนียว"}]}))
    code, _, err = tambon("list", "publish", str(path))
    assert code == 1
    assert "items[1].value: duplicate" in err


def test_a_roster_cannot_be_published_over(tambon, initialised, tmp_path):
    path = tmp_path / "training_trainees.csv"
    path.write_text("value,label_th\nx,คนหนึ่ง\n", encoding="utf-8")
    code, _, err = tambon("list", "publish", str(path))
    assert code == 1 and "roster" in err
