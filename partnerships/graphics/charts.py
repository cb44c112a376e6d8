"""Bar charts as SVG: horizontal bars for categories, columns for years."""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from partnerships.graphics.svg import element, svg_root, title_and_description, titled


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    url: str = ""


def _linked(content: str, bar: Bar) -> str:
    if not bar.url:
        return content
    # The name is the bar's title plus its visible label and value (axe: label-content).
    return element("a", content, href=bar.url)


def bar_chart(bars: list[Bar], *, dom_id: str, title: str, description: str) -> SafeString:
    """Horizontal bars, longest first as given, each labelled with its value."""
    row, label_width, bar_width = 26, 230, 420
    height = max(row * len(bars), row)
    largest = max((bar.value for bar in bars), default=0) or 1
    parts = [
        svg_root(f"0 0 {label_width + bar_width + 60} {height}", dom_id, "chart"),
        title_and_description(dom_id, title, description),
    ]
    for index, bar in enumerate(bars):
        y = index * row
        width = max(bar.value / largest * bar_width, 1)
        label = bar.label if len(bar.label) <= 32 else bar.label[:31] + "…"
        content = (
            element("text", escape(label), x=str(label_width - 8), y=str(y + 17), class_="label")
            + element(
                "rect",
                titled(f"{bar.label}: {bar.value}"),
                x=str(label_width),
                y=str(y + 4),
                width=f"{width:.1f}",
                height=str(row - 8),
                class_="bar",
            )
            + element("text", str(bar.value), x=f"{label_width + width + 6:.1f}", y=str(y + 17))
        )
        parts.append(_linked(element("g", content, class_="bar-row"), bar))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every value went through element(), which escapes


def column_chart(bars: list[Bar], *, dom_id: str, title: str, description: str) -> SafeString:
    """Vertical columns in the given order (years), labelled every few columns."""
    column, plot_height, axis = 22, 180, 40
    # A few columns stay column-sized instead of stretching across the page.
    width = max(column * len(bars) + 20, 600)
    largest = max((bar.value for bar in bars), default=0) or 1
    every = max(1, len(bars) // 12)
    parts = [
        svg_root(f"0 0 {width} {plot_height + axis}", dom_id, "chart"),
        title_and_description(dom_id, title, description),
    ]
    for index, bar in enumerate(bars):
        x = 10 + index * column
        height = max(bar.value / largest * plot_height, 1)
        content = (
            element(
                "rect",
                titled(f"{bar.label}: {bar.value}"),
                x=str(x + 2),
                y=f"{plot_height - height:.1f}",
                width=str(column - 4),
                height=f"{height:.1f}",
                class_="bar",
            )
            if bar.value
            else ""
        )
        if index % every == 0:
            content += element(
                "text",
                escape(bar.label),
                x=str(x + column / 2),
                y=str(plot_height + 16),
                class_="axis-label",
            )
        parts.append(_linked(element("g", content, class_="bar-row"), bar))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every value went through element(), which escapes
