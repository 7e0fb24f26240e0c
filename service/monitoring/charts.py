"""Trend charts of an indicator in a jurisdiction, in Chinese: the observations, the baseline, the straight path from
the baseline to each target (the path the status rule judges progress by, service/monitoring/status.py) and the
target, with a legend and the source. One plotting function draws them with matplotlib; it saves PNG (text drawn
with a CJK font found on the server, chart_fonts.py) or SVG (text kept as text, so it can be searched and copied).
Both are served at stable URLs (routes.py) and callable from the service layer (the HIA report embeds them)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy.ext.asyncio import AsyncSession

from service.errors import NotFoundError
from service.i18n import _
from service.monitoring import chart_fonts, reads
from service.monitoring import facts as facts_module
from service.monitoring.periods import period_of

Format = Literal["png", "svg"]
SIZE = (8.0, 4.6)  # inches
PNG_DPI = 150
COMPARATOR_SIGN = {"GE": "≥", "LE": "≤", "GT": ">", "LT": "<", "EQ": "="}
COLOURS = {"observed": "#1f77b4", "baseline": "#555555", "path": "#8c8c8c", "target": "#d62728"}
LEGEND = {"observed": "实测值", "baseline": "基线", "path": "目标路径", "target": "目标值"}
# Values are written beside the points while there are few enough to stay legible.
MAX_LABELLED_POINTS = 12


@dataclass
class ChartData:
    indicator: Any
    jurisdiction: Any
    measure: str
    unit: str | None
    observed: list[tuple[float, float, str]]  # (time, value, period label), oldest first
    targets: list[Any]
    plans: list[str] = field(default_factory=list)  # titles of the plans that set the targets

    @property
    def title(self) -> str:
        """指标名称（单位）— 辖区名称, the measure after the indicator's name when it has several."""
        name = self.indicator.name_zh + (f"：{self.measure}" if self.measure else "")
        # Some names print their unit already: 5岁以下儿童死亡率（‰）.
        printed = self.unit and (f"（{self.unit}）" in name or f"({self.unit})" in name)
        unit = f"（{self.unit}）" if self.unit and not printed else ""
        full = name + unit
        return f"{full}{'' if full.endswith('）') else ' '}— {self.jurisdiction.name_zh}"


async def chart_data(
    session: AsyncSession, indicator_code: str, jurisdiction_code: str, measure: str | None = None
) -> ChartData:
    facts = await facts_module.load(session, [indicator_code])
    indicator = facts.indicators.get(indicator_code)
    if indicator is None:
        raise NotFoundError(_("no indicator has the code {code!r}", code=indicator_code), ["indicator"])
    jurisdiction = facts.jurisdictions.get(jurisdiction_code)
    if jurisdiction is None:
        raise NotFoundError(_("no jurisdiction has the code {code!r}", code=jurisdiction_code), ["jurisdiction"])
    measures = facts.measures(indicator, jurisdiction.id)
    name = measure if measure is not None else next(iter(measures))
    if name not in measures:
        raise NotFoundError(
            _(
                "{indicator} has no measure {measure!r} in {jurisdiction}",
                indicator=indicator_code,
                measure=name,
                jurisdiction=jurisdiction_code,
            ),
            ["measure"],
        )
    rows = [o for o in await reads.series_for_chart(session, indicator.id, jurisdiction.id) if o.measure == name]
    observed = []
    for row in rows:
        if row.value is not None:
            period = period_of(row.year, row.period)
            observed.append((period.time, float(row.value), period.label))
    observed.sort()
    targets = sorted(
        (
            t
            for t in facts.targets.get((indicator.id, jurisdiction.id), [])
            if t.value is not None and facts.measure_of_target(t) == name
        ),
        key=lambda t: (t.year, t.position),
    )
    plans = list(dict.fromkeys(facts.plans[t.plan_id].title_zh for t in targets))
    return ChartData(indicator, jurisdiction, name, measures[name].unit, observed, targets, plans)


@dataclass(frozen=True)
class Path:
    start: tuple[float, float]
    end: tuple[float, float]
    printed_baseline: bool


def paths(data: ChartData) -> list[Path]:
    """From the printed baseline to each target; without one, from the earliest observation in or before the target
    year once there is a later one, as the status rule does; none when there is nothing to start from."""
    found = []
    for target in data.targets:
        end = (float(target.year), float(target.value))
        if target.baseline_value is not None and target.baseline_year is not None:
            found.append(Path((float(target.baseline_year), float(target.baseline_value)), end, True))
            continue
        usable = [(t, v) for t, v, _label in data.observed if t <= end[0]]
        if len(usable) > 1:
            found.append(Path(usable[0], end, False))
    return found


def value_limits(data: ChartData, drawn: list[Path]) -> tuple[float, float]:
    """Every value drawn, with room above and below for the labels; not below zero when nothing drawn is."""
    values = [v for _t, v, _l in data.observed] + [float(t.value) for t in data.targets]
    values += [p.start[1] for p in drawn]
    if not values:
        return 0.0, 1.0
    low, high = min(values), max(values)
    span = high - low or max(abs(high) * 0.1, 1.0)
    bottom, top = low - span * 0.15, high + span * 0.2
    if low >= 0 > bottom:
        bottom = 0.0
    return bottom, top


def time_limits(data: ChartData, drawn: list[Path]) -> tuple[float, float]:
    times = [t for t, _v, _l in data.observed] + [float(t.year) for t in data.targets]
    times += [p.start[0] for p in drawn]
    if not times:
        return 0.0, 1.0
    first, last = min(times), max(times)
    # A single year still shows the years around it.
    margin = 1.0 if last - first < 1 else 0.5
    return first - margin, last + margin


def _number(value: float) -> str:
    return f"{value:g}"


def render(data: ChartData, fmt: Format) -> bytes:
    """The chart as PNG or SVG bytes: the one plotting code path of both."""
    # Imported here: matplotlib is heavy, and only chart requests need it.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.layout_engine import ConstrainedLayoutEngine
    from matplotlib.ticker import FormatStrFormatter, MaxNLocator, MultipleLocator, ScalarFormatter

    chart_fonts.configure()
    # Room at the bottom for the source line, which the layout does not place.
    figure = Figure(figsize=SIZE, layout=ConstrainedLayoutEngine(rect=(0, 0.05, 1, 0.95)))
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    drawn = paths(data)
    unit = data.unit or ""
    labelled: set[str] = set()

    def label(kind: str) -> str | None:
        if kind in labelled:
            return None
        labelled.add(kind)
        return LEGEND[kind]

    for path in drawn:
        (line,) = axes.plot(
            [path.start[0], path.end[0]],
            [path.start[1], path.end[1]],
            linestyle="--",
            linewidth=1.4,
            color=COLOURS["path"],
            label=label("path"),
            zorder=1,
        )
        line.set_gid("target-path")
    for start in dict.fromkeys(p.start for p in drawn if p.printed_baseline):
        (marker,) = axes.plot(
            [start[0]], [start[1]], "s", markersize=7, color=COLOURS["baseline"], label=label("baseline"), zorder=3
        )
        marker.set_gid("baseline")
        axes.annotate(
            f"基线 {_number(start[1])}{unit}",
            start,
            xytext=(0, -14),
            textcoords="offset points",
            ha="center",
            fontsize=8,
        )
    for target in data.targets:
        point = (float(target.year), float(target.value))
        (marker,) = axes.plot(
            [point[0]], [point[1]], "D", markersize=8, color=COLOURS["target"], label=label("target"), zorder=4
        )
        marker.set_gid("target")
        sign = COMPARATOR_SIGN.get(target.comparator, "")
        axes.annotate(
            f"目标 {sign}{_number(point[1])}{unit}",
            point,
            xytext=(0, 9),
            textcoords="offset points",
            ha="center",
            fontsize=8,
            color=COLOURS["target"],
        )
    if data.observed:
        times = [t for t, _v, _l in data.observed]
        values = [v for _t, v, _l in data.observed]
        (line,) = axes.plot(
            times, values, "o-", linewidth=2, markersize=5, color=COLOURS["observed"], label=label("observed"), zorder=5
        )
        line.set_gid("observed")
        if len(values) <= MAX_LABELLED_POINTS:
            for t, v in zip(times, values, strict=True):
                axes.annotate(_number(v), (t, v), xytext=(0, -13), textcoords="offset points", ha="center", fontsize=8)
    else:
        axes.text(0.02, 0.96, "暂无监测数据", transform=axes.transAxes, ha="left", va="top", color="#999999")

    axes.set_xlim(*time_limits(data, drawn))
    axes.set_ylim(*value_limits(data, drawn))
    # Whole years: every year over a plan's span, fewer over a long series.
    first_year, last_year = axes.get_xlim()
    axes.xaxis.set_major_locator(MultipleLocator(1) if last_year - first_year <= 12 else MaxNLocator(integer=True))
    axes.xaxis.set_major_formatter(FormatStrFormatter("%d"))
    axes.yaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
    axes.yaxis.set_major_formatter(ScalarFormatter(useOffset=False))
    axes.grid(axis="y", color="#e5e5e5", linewidth=0.8)
    axes.set_axisbelow(True)
    axes.set_title(data.title, fontsize=13)
    axes.set_xlabel("年份")
    axes.set_ylabel(f"指标值（{unit}）" if unit else "指标值")
    if labelled:
        order = [LEGEND[k] for k in ("observed", "baseline", "path", "target")]
        handles, names = axes.get_legend_handles_labels()
        pairs = sorted(zip(names, handles, strict=True), key=lambda pair: order.index(pair[0]))
        axes.legend(
            [h for _n, h in pairs],
            [n for n, _h in pairs],
            loc="upper center",
            bbox_to_anchor=(0.5, -0.14),
            ncol=len(pairs),
            frameon=False,
        )
    figure.text(0.01, 0.01, _source(data), fontsize=7.5, color="#666666")

    buffer = io.BytesIO()
    if fmt == "svg":
        figure.savefig(buffer, format="svg", metadata={"Title": data.title, "Date": None})
    else:
        figure.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Title": data.title})
    return buffer.getvalue()


def _source(data: ChartData) -> str:
    plans = "、".join(f"《{title}》" for title in data.plans)
    printed = "目标、基线" if any(t.baseline_value is not None for t in data.targets) else "目标"
    targets = f"{printed}：{plans}；" if plans else "未设定数值目标；"
    return f"{targets}实测值：各部门在本系统填报的监测数据（{data.indicator.code}）"


def render_svg_data(data: ChartData) -> str:
    return render(data, "svg").decode("utf-8")


def render_png_data(data: ChartData) -> bytes:
    return render(data, "png")


async def render_svg(
    session: AsyncSession, indicator_code: str, jurisdiction_code: str, measure: str | None = None
) -> str:
    return render_svg_data(await chart_data(session, indicator_code, jurisdiction_code, measure))


async def render_png(
    session: AsyncSession, indicator_code: str, jurisdiction_code: str, measure: str | None = None
) -> bytes:
    return render_png_data(await chart_data(session, indicator_code, jurisdiction_code, measure))
