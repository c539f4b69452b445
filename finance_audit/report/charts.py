"""Charts for the HTML report, drawn as inline SVG from the data: no library, no CDN, nothing
fetched. Every label is escaped here, so a filed name can never become markup.
"""

from __future__ import annotations

from markupsafe import Markup, escape

BAR = 18  # height of one bar row, px
LABEL_WIDTH = 210
BAR_WIDTH = 300
SEVERITY_COLOURS = {"high": "#b3261e", "medium": "#c77700", "low": "#2b6cb0", "info": "#6b7280"}
DEFAULT_COLOUR = "#3b5b8c"


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def hbars(title: str, rows: list[tuple[str, float]], *, money: bool = False,
          colours: dict[str, str] | None = None) -> Markup:
    """A horizontal bar chart of (label, value) rows, largest scale first as given."""
    if not rows:
        return Markup("")
    top = max(value for _, value in rows) or 1.0
    height = BAR * len(rows) + 8
    width = LABEL_WIDTH + BAR_WIDTH + 110
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" xmlns="http://www.w3.org/2000/svg">'
             f"<title>{escape(title)}</title>"]
    for i, (label, value) in enumerate(rows):
        y = 4 + i * BAR
        length = max(1.0, BAR_WIDTH * value / top)
        colour = (colours or {}).get(label, DEFAULT_COLOUR)
        shown = f"EUR {value:,.0f}" if money else f"{value:,.0f}"
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 13}" text-anchor="end">'
            f"<title>{escape(label)}</title>{escape(_short(label))}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y + 2}" width="{length:.1f}" height="{BAR - 5}" '
            f'fill="{colour}"/>'
            f'<text x="{LABEL_WIDTH + length + 5:.1f}" y="{y + 13}">{escape(shown)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def timeline(title: str, rows: list[tuple[str, float]]) -> Markup:
    """Vertical bars over time: (period label, EUR) in time order, every period present."""
    if not rows:
        return Markup("")
    top = max(value for _, value in rows) or 1.0
    plot_height, left, bottom = 160, 70, 40
    step = max(6.0, min(40.0, 640 / len(rows)))
    width = int(left + step * len(rows) + 10)
    height = plot_height + bottom + 10
    parts = [f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" xmlns="http://www.w3.org/2000/svg">'
             f"<title>{escape(title)}</title>"
             f'<line x1="{left}" y1="{plot_height + 5}" x2="{width - 5}" y2="{plot_height + 5}" '
             'stroke="#999"/>'
             f'<text x="{left - 6}" y="14" text-anchor="end">{escape(_compact(top))}</text>'
             f'<text x="{left - 6}" y="{plot_height + 5}" text-anchor="end">0</text>']
    every = max(1, len(rows) // 12)  # at most about twelve labels on the axis
    for i, (label, value) in enumerate(rows):
        x = left + i * step
        bar = plot_height * value / top
        parts.append(
            f'<rect x="{x + 1:.1f}" y="{plot_height + 5 - bar:.1f}" width="{step - 2:.1f}" '
            f'height="{bar:.1f}" fill="{DEFAULT_COLOUR}"><title>{escape(label)}: '
            f"EUR {value:,.0f}</title></rect>")
        if i % every == 0:
            parts.append(f'<text x="{x + step / 2:.1f}" y="{plot_height + 22}" '
                         f'text-anchor="middle">{escape(label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _compact(value: float) -> str:
    for size, suffix in ((1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if value >= size:
            return f"EUR {value / size:,.1f}{suffix}"
    return f"EUR {value:,.0f}"
