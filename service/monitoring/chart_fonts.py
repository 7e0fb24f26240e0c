"""The font and the matplotlib settings of the trend charts: Chinese text needs a CJK font on the server for the
PNG, and the SVG keeps its text as text, naming the same families, so a viewer renders it with its own fonts.

Set once per process (matplotlib reads these settings when it draws and saves; changing them per chart would race
between the threads that draw PNGs). The charts are the only matplotlib users of the service."""

from __future__ import annotations

import functools
import logging

log = logging.getLogger(__name__)

# Simplified Chinese first (the text is Simplified), then the other CJK faces, which cover the same characters.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Noto Sans SC",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "SimHei",
    "Noto Sans CJK JP",
    "Noto Sans CJK TC",
    "Source Han Sans",
    "Droid Sans Fallback",
)
FALLBACK = "DejaVu Sans"


@functools.cache
def cjk_families() -> tuple[str, ...]:
    """The CJK families installed here, in order of preference; empty (and a warning, once) when there is none."""
    from matplotlib import font_manager

    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    found = tuple(family for family in CJK_FAMILIES if family in installed)
    if not found:
        log.warning(
            "no CJK font found (looked for %s): Chinese text in PNG charts will not render; install fonts-noto-cjk",
            ", ".join(CJK_FAMILIES[:4]),
        )
    return found


@functools.cache
def configure() -> None:
    """Apply the chart settings to matplotlib, once."""
    import matplotlib

    matplotlib.rcParams.update(
        {
            "font.family": "sans-serif",
            # Only installed families: matplotlib looks up every name on each text it draws and logs the missing.
            # The SVG names the same list, ending in the generic family, so a viewer falls back to its own CJK font.
            "font.sans-serif": [*cjk_families()[:2], FALLBACK],
            "svg.fonttype": "none",
            # Stable element ids: the same chart gives the same SVG.
            "svg.hashsalt": "hia-trend-chart",
            "axes.unicode_minus": False,
        }
    )
