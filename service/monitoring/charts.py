"""Trend charts of an indicator in a jurisdiction: the observations, the baseline, the linear path from the baseline
to each target, and the target itself. SVG is written by hand (Chinese names in the title and tooltips, rendered
by the viewer's fonts); PNG is drawn by matplotlib's Agg backend with codes, numbers and English only, so no CJK
font is needed on the server. Both are served at stable URLs (`service/app.py`) and callable from the service
layer (the HIA report embeds them)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from sqlalchemy.ext.asyncio import AsyncSession

from service.errors import NotFoundError
from service.monitoring import facts as facts_module
from service.monitoring import reads
from service.monitoring.periods import period_of

WIDTH, HEIGHT = 720, 400
LEFT, RIGHT, TOP, BOTTOM = 70, 30, 50, 50


@dataclass
class ChartData:
    indicator: Any
    jurisdiction: Any
    measure: str
    unit: str | None
    observed: list[tuple[float, float, str]]  # (time, value, period label)
    targets: list[Any]


async def chart_data(
    session: AsyncSession, indicator_code: str, jurisdiction_code: str, measure: str | None = None
) -> ChartData:
    facts = await facts_module.load(session, [indicator_code])
    indicator = facts.indicators.get(indicator_code)
    if indicator is None:
        raise NotFoundError(f"no indicator has the code {indicator_code!r}", ["indicator"])
    jurisdiction = facts.jurisdictions.get(jurisdiction_code)
    if jurisdiction is None:
        raise NotFoundError(f"no jurisdiction has the code {jurisdiction_code!r}", ["jurisdiction"])
    measures = facts.measures(indicator, jurisdiction.id)
    name = measure if measure is not None else next(iter(measures))
    if name not in measures:
        raise NotFoundError(f"{indicator_code} has no measure {name!r} in {jurisdiction_code}", ["measure"])
    rows = [o for o in await reads.series_for_chart(session, indicator.id, jurisdiction.id) if o.measure == name]
    observed = []
    for row in rows:
        if row.value is not None:
            period = period_of(row.year, row.period)
            observed.append((period.time, float(row.value), period.label))
    targets = [
        t
        for t in facts.targets.get((indicator.id, jurisdiction.id), [])
        if t.value is not None and facts.measure_of_target(t) == name
    ]
    return ChartData(indicator, jurisdiction, name, measures[name].unit, observed, targets)


def _bounds(data: ChartData) -> tuple[float, float, float, float]:
    times = [t for t, _v, _l in data.observed] + [float(t.year) for t in data.targets]
    times += [float(t.baseline_year) for t in data.targets if t.baseline_year is not None]
    values = [v for _t, v, _l in data.observed] + [float(t.value) for t in data.targets]
    values += [float(t.baseline_value) for t in data.targets if t.baseline_value is not None]
    if not times:
        return 0.0, 1.0, 0.0, 1.0
    t0, t1 = min(times) - 0.5, max(times) + 0.5
    v0, v1 = min(values), max(values)
    pad = (v1 - v0) * 0.1 or abs(v1) * 0.1 or 1.0
    return t0, t1, v0 - pad, v1 + pad


def render_svg_data(data: ChartData) -> str:
    t0, t1, v0, v1 = _bounds(data)

    def x(t: float) -> float:
        return LEFT + (t - t0) / (t1 - t0) * (WIDTH - LEFT - RIGHT)

    def y(v: float) -> float:
        return HEIGHT - BOTTOM - (v - v0) / (v1 - v0) * (HEIGHT - TOP - BOTTOM)

    unit = escape(data.unit or "")
    name = escape(data.indicator.name_zh + (f"（{data.measure}）" if data.measure else ""))
    title = f"{escape(data.indicator.code)} {name} · {escape(data.jurisdiction.name_zh)}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        'font-family="sans-serif" font-size="12">',
        f"<title>{title}</title>",
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="white"/>',
        f'<text x="{LEFT}" y="24" font-size="15">{title}</text>',
        f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" stroke="#333"/>',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{HEIGHT - BOTTOM}" stroke="#333"/>',
    ]
    for year in range(int(t0) + 1, int(t1) + 1):
        parts.append(f'<text x="{x(year):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle">{year}</text>')
    for i in range(5):
        v = v0 + (v1 - v0) * i / 4
        parts.append(f'<text x="{LEFT - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{v:.4g}</text>')
        parts.append(f'<line x1="{LEFT}" y1="{y(v):.1f}" x2="{WIDTH - RIGHT}" y2="{y(v):.1f}" stroke="#eee"/>')
    parts.append(f'<text x="12" y="{TOP - 10}">{unit}</text>')
    for target in data.targets:
        tx, tv = float(target.year), float(target.value)
        label = escape(f"{target.target_text_zh}（{target.year}）")
        if target.baseline_value is not None and target.baseline_year is not None:
            bx, bv = float(target.baseline_year), float(target.baseline_value)
            parts.append(
                f'<line class="path" x1="{x(bx):.1f}" y1="{y(bv):.1f}" x2="{x(tx):.1f}" y2="{y(tv):.1f}" '
                'stroke="#999" stroke-dasharray="6 4"/>'
            )
            parts.append(
                f'<rect class="baseline" x="{x(bx) - 4:.1f}" y="{y(bv) - 4:.1f}" width="8" height="8" fill="#999">'
                f"<title>基线 {bv:g}{unit}（{int(bx)}）</title></rect>"
            )
        parts.append(
            f'<path class="target" d="M{x(tx):.1f},{y(tv) - 7:.1f} l7,7 l-7,7 l-7,-7 z" fill="#d62728">'
            f"<title>目标 {label}</title></path>"
        )
    if data.observed:
        points = " ".join(f"{x(t):.1f},{y(v):.1f}" for t, v, _label in data.observed)
        parts.append(f'<polyline class="observed" points="{points}" fill="none" stroke="#1f77b4" stroke-width="2"/>')
        for t, v, label in data.observed:
            parts.append(
                f'<circle class="observation" cx="{x(t):.1f}" cy="{y(v):.1f}" r="4" fill="#1f77b4">'
                f"<title>{escape(label)}: {v:g}{unit}</title></circle>"
            )
    else:
        parts.append(
            f'<text x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle" fill="#999">暂无监测数据 (no data)</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def render_png_data(data: ChartData) -> bytes:
    # Imported here: matplotlib is heavy and only PNG requests need it.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(WIDTH / 100, HEIGHT / 100), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    for i, target in enumerate(data.targets):
        if target.baseline_value is not None and target.baseline_year is not None:
            axes.plot(
                [target.baseline_year, target.year],
                [target.baseline_value, target.value],
                linestyle="--",
                color="#999999",
                label="path to target" if i == 0 else None,
            )
            axes.plot(
                [target.baseline_year],
                [target.baseline_value],
                "s",
                color="#999999",
                label="baseline" if i == 0 else None,
            )
        axes.plot([target.year], [target.value], "D", color="#d62728", label="target" if i == 0 else None)
    if data.observed:
        axes.plot(
            [t for t, _v, _l in data.observed],
            [v for _t, v, _l in data.observed],
            "o-",
            color="#1f77b4",
            label="observed",
        )
    else:
        axes.text(0.5, 0.5, "no data", transform=axes.transAxes, ha="center", color="#999999")
    axes.set_title(f"{data.indicator.code} · {data.jurisdiction.code}")
    # The unit may be Chinese (岁, 张): shown only when it is plain ASCII, so no CJK font is needed.
    if data.unit and data.unit.isascii():
        axes.set_ylabel(data.unit)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    if axes.get_legend_handles_labels()[0]:
        axes.legend(loc="best")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


async def render_svg(
    session: AsyncSession, indicator_code: str, jurisdiction_code: str, measure: str | None = None
) -> str:
    return render_svg_data(await chart_data(session, indicator_code, jurisdiction_code, measure))


async def render_png(
    session: AsyncSession, indicator_code: str, jurisdiction_code: str, measure: str | None = None
) -> bytes:
    return render_png_data(await chart_data(session, indicator_code, jurisdiction_code, measure))
