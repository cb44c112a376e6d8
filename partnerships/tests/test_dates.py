import datetime

import pytest
from django.utils import translation

from partnerships.dates import DatePrecision, PartialDate, normalise


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("1973", datetime.date(1973, 1, 1), DatePrecision.YEAR),
        ("2023-10", datetime.date(2023, 10, 1), DatePrecision.MONTH),
        ("2014-05-07", datetime.date(2014, 5, 7), DatePrecision.DAY),
    ],
)
def test_parse_keeps_only_what_is_known(text, value, precision):
    partial = PartialDate.parse(text)
    assert (partial.value, partial.precision) == (value, precision)
    assert partial.isoformat() == text


@pytest.mark.parametrize("text", ["", "73", "2014-5-7", "2014-13", "2014-02-30", "May 2014"])
def test_parse_rejects_anything_else(text):
    with pytest.raises(ValueError):
        PartialDate.parse(text)


def test_display_never_invents_a_day():
    """'2018', 'October 2023', '7 May 2014': each date shown at its precision."""
    with translation.override("en"):
        assert str(PartialDate.parse("2018")) == "2018"
        assert str(PartialDate.parse("2023-10")) == "October 2023"
        assert str(PartialDate.parse("2014-05-07")) == "7 May 2014"


def test_display_follows_the_language():
    with translation.override("de"):
        assert str(PartialDate.parse("2021-05-31")) == "31. Mai 2021"


@pytest.mark.parametrize(
    ("text", "last_day"),
    [("2030", "2030-12-31"), ("2024-02", "2024-02-29"), ("2025-01-14", "2025-01-14")],
)
def test_last_day_of_the_period(text, last_day):
    assert PartialDate.parse(text).last_day() == datetime.date.fromisoformat(last_day)


def test_normalise_moves_to_the_first_day_of_the_period():
    day = datetime.date(2018, 7, 19)
    assert normalise(day, DatePrecision.YEAR) == datetime.date(2018, 1, 1)
    assert normalise(day, DatePrecision.MONTH) == datetime.date(2018, 7, 1)
    assert normalise(day, DatePrecision.DAY) == day
    assert normalise(None, DatePrecision.DAY) is None
