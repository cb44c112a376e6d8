# Day-month-year reads unambiguously for an international audience: "7 May 2014".
DATE_FORMAT = "j F Y"
YEAR_MONTH_FORMAT = "F Y"
SHORT_DATE_FORMAT = "j M Y"
