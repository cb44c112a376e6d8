"""A timeline of agreements: signing dates at their precision, validity as bars."""

import datetime
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from partnerships.dates import DatePrecision, PartialDate
from partnerships.graphics.svg import element, svg_root, title_and_description, titled

ROW, LABEL_WIDTH, PLOT_WIDTH, AXIS = 30, 300, 620, 30


@dataclass(frozen=True)
class TimelineItem:
    key: str
    label: str
    url: str
    signed: PartialDate | None
    valid_from: PartialDate | None = None
    valid_until: PartialDate | None = None
    related_to: tuple[tuple[str, str], ...] = field(default=())  # (key of the other, kind)


def _year_fraction(day: datetime.date) -> float:
    start = datetime.date(day.year, 1, 1)
    return day.year + (day - start).days / 365.25


def render_timeline(
    items: list[TimelineItem], *, dom_id: str, title: str, description: str
) -> SafeString:
    """One row per agreement: a mark for the signing date, a bar for the validity."""
    dated = [item for item in items if item.signed or item.valid_from or item.valid_until]
    years = [
        point
        for item in dated
        for partial in (item.signed, item.valid_from, item.valid_until)
        if partial
        for point in (partial.value.year, partial.last_day().year + 1)
    ]
    first, last = (min(years), max(years)) if years else (2000, 2005)
    # Widen to whole five-year steps so the grid lines fall on round years.
    first, last = first - first % 5, last + (-last) % 5
    span = max(last - first, 5)

    def x_of(day: datetime.date) -> float:
        return LABEL_WIDTH + (_year_fraction(day) - first) / span * PLOT_WIDTH

    height = AXIS + ROW * max(len(dated), 1)
    parts = [
        svg_root(f"0 0 {LABEL_WIDTH + PLOT_WIDTH + 20} {height}", dom_id, "timeline"),
        title_and_description(dom_id, title, description),
    ]
    step = 5 if span <= 60 else 10
    for year in range(first, last + 1, step):
        x = x_of(datetime.date(year, 1, 1))
        parts.append(
            element("line", x1=f"{x:.1f}", x2=f"{x:.1f}", y1="20", y2=str(height), class_="grid")
        )
        parts.append(element("text", str(year), x=f"{x:.1f}", y="14", class_="axis-label"))
    rows = {item.key: AXIS + index * ROW for index, item in enumerate(dated)}
    for item in dated:
        y = rows[item.key]
        label = item.label if len(item.label) <= 40 else item.label[:39] + "…"
        text = element("text", escape(label), x=str(LABEL_WIDTH - 8), y=str(y + 19), class_="label")
        marks = []
        start = item.valid_from or item.signed
        if start and item.valid_until:
            x1, x2 = x_of(start.value), x_of(item.valid_until.last_day())
            marks.append(
                element(
                    "rect",
                    titled(f"valid {start.isoformat()} – {item.valid_until.isoformat()}"),
                    x=f"{x1:.1f}",
                    y=str(y + 10),
                    width=f"{max(x2 - x1, 2):.1f}",
                    height="10",
                    class_="validity",
                )
            )
        if item.signed:
            x1, x2 = x_of(item.signed.value), x_of(item.signed.last_day())
            signed_title = titled(f"signed {item.signed.isoformat()}")
            if item.signed.precision == DatePrecision.DAY:
                marks.append(
                    element(
                        "circle",
                        signed_title,
                        cx=f"{x1:.1f}",
                        cy=str(y + 15),
                        r="5",
                        class_="signed",
                    )
                )
            else:
                marks.append(
                    element(
                        "rect",
                        signed_title,
                        x=f"{x1:.1f}",
                        y=str(y + 8),
                        width=f"{max(x2 - x1, 3):.1f}",
                        height="14",
                        class_=f"signed signed-{item.signed.precision}",
                    )
                )
        row = element("g", text + "".join(marks), class_="timeline-row")
        parts.append(element("a", row, href=item.url) if item.url else row)
    for item in dated:
        for other, kind in item.related_to:
            if other not in rows:
                continue
            y1, y2 = rows[item.key] + 15, rows[other] + 15
            x = LABEL_WIDTH + 4
            parts.append(
                element(
                    "path",
                    titled(kind),
                    d=f"M{x},{y1} C{x - 30},{y1} {x - 30},{y2} {x},{y2}",
                    class_="relation",
                )
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every value went through element(), which escapes
