"""Partial dates: a date known only to the year, the month or the day.

A partial date is stored as two columns, the first day of the period it names and
its precision, so it sorts and filters like a date but never shows an invented day.
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.db import models
from django.db.models import F, Q
from django.db.models.lookups import Exact
from django.utils import formats
from django.utils.translation import gettext_lazy as _


class DatePrecision(models.TextChoices):
    YEAR = "year", _("year")
    MONTH = "month", _("month")
    DAY = "day", _("day")


PARTIAL_DATE_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date at year, month or day precision."""

    value: datetime.date
    precision: str

    @classmethod
    def parse(cls, text: str) -> "PartialDate":
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; raise ValueError otherwise."""
        match = PARTIAL_DATE_PATTERN.match(text.strip())
        if not match:
            raise ValueError(f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD.")
        year, month, day = match.groups()
        if day:
            return cls(datetime.date(int(year), int(month), int(day)), DatePrecision.DAY)
        if month:
            return cls(datetime.date(int(year), int(month), 1), DatePrecision.MONTH)
        return cls(datetime.date(int(year), 1, 1), DatePrecision.YEAR)

    @classmethod
    def from_fields(cls, value, precision) -> "PartialDate | None":
        if value is None or not precision:
            return None
        return cls(value, precision)

    def isoformat(self) -> str:
        """Write the date only as far as it is known: ``2018``, ``2023-10``, ``2014-05-07``."""
        if self.precision == DatePrecision.YEAR:
            return f"{self.value.year:04d}"
        if self.precision == DatePrecision.MONTH:
            return f"{self.value.year:04d}-{self.value.month:02d}"
        return self.value.isoformat()

    def last_day(self) -> datetime.date:
        """Return the last day of the period, for 'valid until 2030' style comparisons."""
        if self.precision == DatePrecision.YEAR:
            return datetime.date(self.value.year, 12, 31)
        if self.precision == DatePrecision.MONTH:
            days = calendar.monthrange(self.value.year, self.value.month)[1]
            return self.value.replace(day=days)
        return self.value

    def __str__(self) -> str:
        """Format for display in the active language: '2018', 'October 2023', '7 May 2014'."""
        if self.precision == DatePrecision.YEAR:
            return str(self.value.year)
        if self.precision == DatePrecision.MONTH:
            return formats.date_format(self.value, "YEAR_MONTH_FORMAT")
        return formats.date_format(self.value, "DATE_FORMAT")


def normalise(value: datetime.date | None, precision: str) -> datetime.date | None:
    """Move a date to the first day of its period, as the database requires."""
    if value is None:
        return None
    if precision == DatePrecision.YEAR:
        return value.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    return value


class DatePart(models.Func):
    """Month or day of a date column in SQL both SQLite and PostgreSQL accept in a CHECK."""

    output_field = models.IntegerField()

    def __init__(self, expression, part: str, **extra):
        if part not in {"month", "day"}:
            raise ValueError("part must be 'month' or 'day'")
        self.part = part
        super().__init__(expression, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            # The cast lets PostgreSQL type a bare parameter when Django checks the
            # constraint in Python (Model.validate_constraints).
            template=f"EXTRACT({self.part.upper()} FROM (%(expressions)s)::date)",
            **extra_context,
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        # strftime's format goes in as a parameter: a literal % would clash with
        # the %-formatting Django applies to expression and constraint SQL.
        sql, params = compiler.compile(self.source_expressions[0])
        code = "%m" if self.part == "month" else "%d"
        return f"CAST(strftime(%s, {sql}) AS INTEGER)", (code, *params)


def partial_date_fields(
    verbose_name: str, help_text: str = ""
) -> tuple[models.Field, models.Field]:
    """Return the (value, precision) field pair that stores one partial date."""
    value = models.DateField(
        verbose_name,
        null=True,
        blank=True,
        help_text=help_text
        or _("The first day of the period when only the year or the month is known."),
    )
    precision = models.CharField(
        _("precision"),
        max_length=5,
        choices=DatePrecision.choices,
        blank=True,
        help_text=_("How much of the date is known. Never pick 'day' for a guessed day."),
    )
    return value, precision


def partial_date_constraints(model_name: str, field: str) -> list[models.BaseConstraint]:
    """Constraints that keep a partial date's value and precision consistent.

    A date has a precision and a precision has a date; a year-precision date is
    1 January and a month-precision date is the first of its month.
    """
    precision = f"{field}_precision"
    month_is_1 = Exact(DatePart(F(field), "month"), 1)
    day_is_1 = Exact(DatePart(F(field), "day"), 1)
    return [
        models.CheckConstraint(
            condition=Q(**{f"{field}__isnull": True, precision: ""})
            | (Q(**{f"{field}__isnull": False}) & ~Q(**{precision: ""})),
            name=f"{model_name}_{field}_has_precision",
        ),
        models.CheckConstraint(
            condition=~Q(**{precision: DatePrecision.YEAR}) | (month_is_1 & day_is_1),
            name=f"{model_name}_{field}_year_starts_in_january",
        ),
        models.CheckConstraint(
            condition=~Q(**{precision: DatePrecision.MONTH}) | Q(day_is_1),
            name=f"{model_name}_{field}_month_starts_on_the_first",
        ),
    ]


def clean_partial_date(instance, field: str) -> dict[str, str]:
    """Normalise a partial date on a model instance; return form errors by field."""
    value = getattr(instance, field)
    precision = getattr(instance, f"{field}_precision")
    if value is None and precision:
        return {field: _("Enter a date or clear its precision.")}
    if value is not None and not precision:
        return {f"{field}_precision": _("Say whether the year, the month or the day is known.")}
    setattr(instance, field, normalise(value, precision))
    return {}


class PartialDateAccessor:
    """Read a (value, precision) pair as one PartialDate: ``agreement.signed``."""

    def __init__(self, field: str):
        self.field = field

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return PartialDate.from_fields(
            getattr(instance, self.field), getattr(instance, f"{self.field}_precision")
        )

    def __set__(self, instance, partial: "PartialDate | None"):
        setattr(instance, self.field, partial.value if partial else None)
        setattr(instance, f"{self.field}_precision", partial.precision if partial else "")
