"""The pages' words and dates: Buddhist Era in Thai, Common Era in English, Thailand's time,
and no template asking for a string the catalog lacks."""

import re
from pathlib import Path

import pytest

from forms import messages
from server.web import i18n

TEMPLATES = Path(__file__).resolve().parents[2] / "server" / "templates" / "web"


@pytest.mark.parametrize(("lang", "short", "expected"), [
    ("th", False, "25 มิถุนายน 2555"),
    ("th", True, "25 มิ.ย. 2555"),
    ("en", False, "25 June 2012"),
    ("en", True, "25 Jun 2012"),
])
def test_a_date_reads_in_the_era_and_month_names_of_its_language(lang, short, expected):
    assert i18n.format_date("2012-06-25", lang, short=short) == expected


def test_a_server_time_in_utc_is_shown_in_thailand_time_even_across_midnight():
    assert i18n.format_datetime("2012-06-24T20:30:00.000000+00:00", "th") == "25 มิ.ย. 2555 03:30"
    assert i18n.format_datetime("2012-12-31T18:00:00+00:00", "en") == "1 Jan 2013 01:00"


def test_a_phone_clock_error_reads_in_its_two_largest_units():
    assert i18n.format_skew(-(4 * 86400 + 7 * 3600 + 12), "th") == "-4 วัน 7 ชม."
    assert i18n.format_skew(12.4, "en") == "+12 s"
    assert i18n.format_skew(-0.3, "en") == "+0 s"  # no minus on what rounds to nothing


def test_every_string_a_template_asks_for_is_in_the_catalog_in_both_languages():
    asked = set()
    for template in TEMPLATES.glob("*.html"):
        asked |= set(re.findall(r"""_\(\s*["']([a-z_]+)["']\s*[,)]""", template.read_text()))
    assert asked, "no strings found: the pattern is wrong"
    missing = sorted(asked - set(messages.CATALOG))
    assert missing == []


def test_an_unknown_key_is_an_error_not_a_blank():
    with pytest.raises(i18n.MessageKeyError):
        i18n.translate("no_such_string", "th")
