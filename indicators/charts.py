"""Plotly figures of the dashboard, labelled in one language: built here, drawn by the pages.

Every target chart carries its target as a line (or a band for a range) in the figure's
shapes; women and men keep one colour each everywhere; a status is written in words beside its
colour, never shown by colour alone.
"""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from indicators.i18n import t
from indicators.targets import Target

FONT_FAMILY = "Noto Sans Lao, Source Sans, sans-serif"
FONT_SIZE = 16
WOMEN = "#D55E00"
MEN = "#0072B2"
TARGET = "#222222"
BAND = "rgba(0, 158, 115, 0.18)"
# Okabe-Ito colours, told apart by people with the common colour-vision deficiencies.
STATUS_COLOURS = {
    "achieved": "#009E73",
    "on_track": "#56B4E9",
    "at_risk": "#E69F00",
    "off_track": "#A50026",
    "no_data": "#9E9E9E",
    "no_target": "#7F7F7F",
}
STATUS_MARKS = {
    "achieved": "✔",
    "on_track": "➜",
    "at_risk": "⚠",
    "off_track": "✖",
    "no_data": "–",
    "no_target": "•",
}


def status_text(status: str, lang: str) -> str:
    """The status as a mark and words, so that it reads without its colour."""
    return f"{STATUS_MARKS[status]} {t(f'status.{status}', lang)}"


def wrap(text: str, width: int = 46) -> str:
    """Break a long title at spaces (Lao writes spaces between phrases) into lines for a chart."""
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join([*lines, line])


def _layout(figure: go.Figure, title: str, height: int = 320, top: int = 70) -> go.Figure:
    figure.update_layout(
        # Above the plotting area, with the margin grown to fit: a title of two or three lines
        # (a Lao name, then the value and status) is never cut at the top.
        title={
            "text": title,
            "x": 0,
            "xanchor": "left",
            "xref": "paper",
            "yref": "paper",
            "y": 1,
            "yanchor": "bottom",
            "pad": {"b": 28},
            "automargin": True,
            "font": {"size": FONT_SIZE + 2},
        },
        font={"family": FONT_FAMILY, "size": FONT_SIZE},
        height=height,
        margin={"l": 10, "r": 20, "t": top, "b": 40},
        plot_bgcolor="white",
        legend={"orientation": "h", "y": -0.2, "font": {"family": FONT_FAMILY, "size": FONT_SIZE}},
        hoverlabel={"font": {"family": FONT_FAMILY, "size": FONT_SIZE}},
    )
    # Legends and labels do not inherit the layout's font under Streamlit's chart theme; named
    # here, Lao in them is drawn in the app's own face and measured right.
    figure.update_annotations(font_family=FONT_FAMILY)
    figure.update_xaxes(tickfont_family=FONT_FAMILY, title_font_family=FONT_FAMILY, automargin=True)
    figure.update_yaxes(tickfont_family=FONT_FAMILY, title_font_family=FONT_FAMILY, automargin=True)
    return figure


def _target_shapes(target: Target, axis: str) -> list[dict]:
    """A dashed line at an at-least target, a shaded band for a range, on the given axis."""
    line = {"type": "line", "line": {"color": TARGET, "width": 3, "dash": "dash"}, "name": "target"}
    other = "y" if axis == "x" else "x"
    span = {f"{other}ref": f"{other} domain", f"{other}0": 0, f"{other}1": 1}
    if target.kind == "share_range":
        return [
            {
                "type": "rect",
                "fillcolor": BAND,
                "line": {"width": 0},
                "layer": "below",
                "name": "target",
                f"{axis}ref": axis,
                f"{axis}0": target.low,
                f"{axis}1": target.high,
                **span,
            }
        ]
    return [{**line, f"{axis}ref": axis, f"{axis}0": target.low, f"{axis}1": target.low, **span}]


def _target_legend(figure: go.Figure, target: Target, lang: str) -> None:
    """Name the target line or band in the legend, where no bar or label can cover it."""
    name = f"{t('app.column.target', lang)} {target.label()}"
    if target.kind == "share_range":
        figure.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=name,
                marker={"symbol": "square", "size": 16, "color": BAND},
            )
        )
    else:
        figure.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="lines",
                name=name,
                line={"color": TARGET, "width": 3, "dash": "dash"},
            )
        )


def _share_range(values, target: Target | None) -> list[float]:
    """A share axis from 0 with room above the highest value, its label and the target."""
    top = max([v for v in values if v is not None and not pd.isna(v)] or [0])
    if target is not None:
        top = max(top, target.high or target.low)
    return [0, min(1.15, top * 1.2 + 0.05)]


def _number(value: float | None, share: bool) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.1%}" if share else f"{value:,.0f}"


def target_chart(row: pd.Series, target: Target, name: str, lang: str) -> go.Figure:
    """One numeric target: the value as a bar against its target line or band."""
    share = target.is_share
    value = None if pd.isna(row["value"]) else float(row["value"])
    status = row["status"]
    upper = 1.0 if share else max(target.low, value or 0, row["expected_by_now"] or 0) * 1.15
    figure = go.Figure(
        go.Bar(
            x=[value or 0],
            y=[""],
            orientation="h",
            marker_color=STATUS_COLOURS[status],
            customdata=[[_number(row["numerator"], False), _number(row["denominator"], False)]],
            hovertemplate=(
                f"{t('app.column.value', lang)}: %{{x:{'.1%' if share else ',.0f'}}}<br>"
                f"{t('app.column.numerator', lang)}: %{{customdata[0]}}<br>"
                f"{t('app.column.denominator', lang)}: %{{customdata[1]}}<extra></extra>"
            ),
            name=t("app.column.value", lang),
            showlegend=False,
        )
    )
    shapes = _target_shapes(target, "x")
    annotations = [
        {
            "x": target.low if target.kind != "share_range" else target.high,
            "y": 1.0,
            "yref": "y domain",
            "yanchor": "bottom",
            "showarrow": False,
            "text": f"{t('app.column.target', lang)} {target.label()}",
            "font": {"size": FONT_SIZE - 2},
        }
    ]
    expected = row.get("expected_by_now")
    if not share and expected is not None and not pd.isna(expected) and expected < target.low:
        figure.add_trace(
            go.Scatter(
                x=[expected],
                y=[""],
                mode="markers",
                marker={"symbol": "diamond", "size": 16, "color": TARGET},
                name=t("app.column.expected_by_now", lang),
                hovertemplate=f"{t('app.column.expected_by_now', lang)}: %{{x:.1f}}<extra></extra>",
            )
        )
    figure.update_layout(shapes=shapes, annotations=annotations)
    figure.update_xaxes(
        range=[0, upper], tickformat=".0%" if share else ",d", showgrid=True, gridcolor="#E0E0E0"
    )
    figure.update_yaxes(showticklabels=False)
    # The value and the status in words head the chart, where no bar or line can hide them.
    headline = (
        f"{wrap(name)}<br><span style='font-size:{FONT_SIZE + 4}px'><b>{_number(value, share)}</b>"
        f"</span>   {status_text(status, lang)}"
    )
    lines = headline.count("<br>") + 1
    return _layout(figure, headline, height=150 + 28 * lines, top=20)


def share_by_unit(
    table: pd.DataFrame, measure: str, target: Target | None, title: str, unit_label, lang: str
) -> go.Figure:
    """Women's share of ``measure`` (staff, leaders) for each unit, with the target line."""
    rows = table[table["unit"] != "ALL"]
    female, total = rows[f"{measure}_female"], rows[f"{measure}_total"]
    figure = go.Figure(
        go.Bar(
            x=[unit_label(u) for u in rows["unit"]],
            y=rows[f"{measure}_share"],
            marker_color=WOMEN,
            name=t("chart.women_share", lang),
            customdata=list(zip(female.astype(int), total.astype(int), strict=True)),
            text=[f"{v:.0%}" for v in rows[f"{measure}_share"]],
            textposition="outside",
            hovertemplate=(
                f"%{{x}}<br>{t('chart.women_share', lang)}: %{{y:.1%}}<br>"
                f"{t('app.column.numerator', lang)}: %{{customdata[0]}}<br>"
                f"{t('app.column.denominator', lang)}: %{{customdata[1]}}<extra></extra>"
            ),
        )
    )
    if target is not None:
        figure.update_layout(shapes=_target_shapes(target, "y"))
        _target_legend(figure, target, lang)
    figure.update_yaxes(
        tickformat=".0%", range=_share_range(rows[f"{measure}_share"], target), gridcolor="#E0E0E0"
    )
    return _layout(figure, title, height=420)


def people_by_sex(
    categories: list[str], women: list[float], total: list[float], title: str, lang: str
) -> go.Figure:
    """Stacked bars of women and men, in the two colours used everywhere."""
    men = [max(0.0, n - w) for w, n in zip(women, total, strict=True)]
    figure = go.Figure(
        [
            go.Bar(
                x=categories,
                y=women,
                name=t("chart.women", lang),
                marker_color=WOMEN,
                hovertemplate=f"%{{x}}<br>{t('chart.women', lang)}: %{{y:,.0f}}<extra></extra>",
            ),
            go.Bar(
                x=categories,
                y=men,
                name=t("chart.men", lang),
                marker_color=MEN,
                hovertemplate=f"%{{x}}<br>{t('chart.men', lang)}: %{{y:,.0f}}<extra></extra>",
            ),
        ]
    )
    figure.update_layout(barmode="stack")
    figure.update_yaxes(gridcolor="#E0E0E0")
    return _layout(figure, title, height=420)


def trend_chart(
    trend: pd.DataFrame, measures: dict[str, str], target: Target | None, title: str, lang: str
) -> go.Figure:
    """Women's share by year for each measure, with the target line or band."""
    figure = go.Figure()
    dashes = ["solid", "dot", "dash", "longdash", "dashdot"]
    for index, (measure, label) in enumerate(measures.items()):
        rows = trend[trend["measure"] == measure]
        figure.add_trace(
            go.Scatter(
                x=rows["year"].astype(str),
                y=rows["share"],
                mode="lines+markers+text",
                name=label,
                line={"color": WOMEN, "dash": dashes[index % len(dashes)], "width": 3},
                marker={
                    "size": 10,
                    "symbol": ["circle", "square", "diamond", "triangle-up"][index % 4],
                },
                text=[f"{v:.0%}" if pd.notna(v) else "" for v in rows["share"]],
                textposition="top center",
                customdata=list(zip(rows["female"], rows["total"], strict=True)),
                hovertemplate=(
                    f"{label} %{{x}}: %{{y:.1%}}<br>"
                    f"{t('app.column.numerator', lang)}: %{{customdata[0]:,.0f}}<br>"
                    f"{t('app.column.denominator', lang)}: %{{customdata[1]:,.0f}}"
                    "<extra></extra>"
                ),
            )
        )
    if target is not None:
        figure.update_layout(shapes=_target_shapes(target, "y"))
        _target_legend(figure, target, lang)
    shown = trend[trend["measure"].isin(list(measures))]["share"]
    figure.update_yaxes(tickformat=".0%", range=_share_range(shown, target), gridcolor="#E0E0E0")
    figure.update_xaxes(type="category")
    return _layout(figure, title, height=400)


def timeline(events: pd.DataFrame, unit_label, title: str, lang: str) -> go.Figure:
    """Events logged for an activity: one mark per event, by date and unit, sized by people."""
    people = events["participants_total"].fillna(0).astype(float)
    sizes = (10 + people.clip(upper=200) / 8).tolist()
    figure = go.Figure(
        go.Scatter(
            x=pd.to_datetime(events["date"]),
            y=[unit_label(u) for u in events["unit"]],
            mode="markers",
            marker={
                "size": sizes,
                "color": MEN,
                "opacity": 0.75,
                "line": {"width": 1, "color": "white"},
            },
            customdata=list(
                zip(
                    events["title"],
                    events["participants_total"].fillna(0),
                    events["participants_female"].fillna(0),
                    strict=True,
                )
            ),
            hovertemplate=(
                "%{x|%d/%m/%Y}<br>%{customdata[0]}<br>"
                f"{t('chart.participants', lang)}: %{{customdata[1]:,.0f}} "
                f"({t('chart.women', lang)} %{{customdata[2]:,.0f}})<extra></extra>"
            ),
            name=t("chart.events", lang),
        )
    )
    figure.update_xaxes(gridcolor="#E0E0E0")
    return _layout(figure, title, height=300)
