"""A comment that shows nothing on screen is no comment: sending a submission back needs
words. On SQLite and PostgreSQL."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sync import push, review
from sync.errors import InvalidRequest
from tests.conftest import OFFICER, SUPERVISOR
from tests.factories import batch, item

pytestmark = pytest.mark.usefixtures("forms")

INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u200f",
             "\u202e", "\u2066", "\u180e", "\u3164", "\u115f", "\u2800", "\u00a0", "\u3000",
             "\u2028", "\u2029", " ", "\t", "\n", "\r", "\x0b"]


@pytest.fixture
def pushed(people):
    sent = item(seed=31)
    push.push_batch(people[OFFICER], batch(sent))
    return sent


@pytest.mark.parametrize("state", ["has_issues", "rejected"])
@pytest.mark.parametrize("comment", ["\u200b", "\u200b\u200c\u200d", "\ufeff \u2060", "\u3164",
                                     " \u00a0\u200b\n"])
def test_a_comment_of_invisible_characters_does_not_send_a_submission_back(
        people, pushed, state, comment):
    with pytest.raises(InvalidRequest) as raised:
        review.review_submission(pushed["uuid"], people[SUPERVISOR], state, comment)
    assert "comment" in raised.value.details


def test_a_real_comment_with_a_zero_width_space_in_it_is_kept(people, pushed):
    decision = review.review_submission(pushed["uuid"], people[SUPERVISOR], "has_issues",
                                        "  ขาด\u200bเบอร์โทร ")
    assert decision["comment"] == "ขาด\u200bเบอร์โทร"


@given(st.lists(st.sampled_from(INVISIBLE), max_size=20).map("".join))
def test_any_mix_of_invisible_characters_shows_nothing(text):
    assert review.shows_nothing(text)


@given(st.text(min_size=1).filter(lambda t: any(c.isalnum() for c in t)))
def test_text_with_a_letter_or_digit_shows_something(text):
    assert not review.shows_nothing(text)


def test_thai_marks_alone_count_as_something():
    assert not review.shows_nothing("\u0e34\u0e48")  # a vowel and a tone mark
