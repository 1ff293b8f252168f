"""The charts of the region report: Vega-Lite specs built with altair, rendered to SVG when the
page is built (vl-convert, offline), and inlined in the page: no script draws them.

A missing value is never drawn as 0: the trend leaves the period without a point, the bar
chart writes the reason where the bar would be.
"""

from __future__ import annotations

import re

import altair as alt
import pandas as pd
import vl_convert as vlc

WARNA = {
    "memenuhi target": "#15803d",
    "belum memenuhi target": "#b91c1c",
    "tanpa target": "#2563eb",
    "belum lengkap": "#93c5fd",
}
LEBAR = 560
FONT = "Arial, Helvetica, sans-serif"


def _svg(chart: alt.TopLevelMixin, awalan: str) -> str:
    """The chart as SVG text; ids (if any) prefixed so several charts can share one page."""
    spec = chart.configure(font=FONT).configure_view(stroke=None).to_dict(validate=False)
    svg = vlc.vegalite_to_svg(spec)
    svg = re.sub(r'id="([^"]+)"', lambda m: f'id="{awalan}-{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{awalan}-{m.group(1)})", svg)
    return svg.replace("<svg ", f'<svg role="img" data-grafik="{awalan}" ', 1)


def _garis_target(target: float | None, sumbu: str) -> list[alt.Chart]:
    if target is None or pd.isna(target):
        return []
    data = pd.DataFrame({"target": [float(target)], "label": [f"target {target:g}"]})
    garis = alt.Chart(data).mark_rule(color="#b91c1c", strokeDash=[6, 4], strokeWidth=2)
    teks = alt.Chart(data).mark_text(color="#b91c1c", align="left", dx=4, dy=-6, fontSize=11)
    if sumbu == "x":
        return [garis.encode(x="target:Q"), teks.encode(x="target:Q", y=alt.value(0), text="label")]
    return [garis.encode(y="target:Q"), teks.encode(y="target:Q", x=alt.value(0), text="label")]


def buat_grafik_tren(titik: pd.DataFrame, satuan: str, target: float | None, awalan: str) -> str:
    """Line over the periods (columns ``label``, ``urut``, ``nilai``; ``nilai`` may be NA
    for a period without a value: the axis keeps the period, no point is drawn)."""
    data = titik.sort_values("urut")[["label", "urut", "nilai"]].astype({"nilai": "float64"})
    urutan = data["label"].tolist()
    x = alt.X("label:N", sort=urutan, title=None, axis=alt.Axis(labelAngle=-45))
    y = alt.Y("nilai:Q", title=satuan, scale=alt.Scale(zero=False))
    dasar = alt.Chart(data)
    lapis = [
        dasar.mark_line(color="#2563eb", strokeWidth=2).encode(x=x, y=y),
        dasar.mark_point(color="#2563eb", filled=True, size=45).encode(
            x=x, y=y, tooltip=["label:N", alt.Tooltip("nilai:Q", format=".2f")]
        ),
        *_garis_target(target, "y"),
    ]
    return _svg(alt.layer(*lapis).properties(width=LEBAR, height=180), awalan)


def buat_grafik_anak(anak: pd.DataFrame, satuan: str, target: float | None, awalan: str) -> str:
    """Horizontal bars over the child regions (columns ``nama``, ``nilai``, ``status``,
    ``keterangan``); a child without a value gets its reason written instead of a bar."""
    data = anak[["nama", "nilai", "status", "keterangan"]].astype({"nilai": "float64"})
    urutan = data.sort_values("nilai", ascending=False, na_position="last")["nama"].tolist()
    y = alt.Y("nama:N", sort=urutan, title=None, axis=alt.Axis(labelLimit=220))
    ada_status = [s for s in WARNA if s in set(data["status"])]
    skala = alt.Scale(domain=ada_status, range=[WARNA[s] for s in ada_status])
    ada = data[data["nilai"].notna()]
    kosong = data[data["nilai"].isna()].assign(nol=0.0)
    lapis = [
        alt.Chart(ada)
        .mark_bar()
        .encode(
            y=y,
            x=alt.X("nilai:Q", title=satuan),
            color=alt.Color("status:N", scale=skala, legend=alt.Legend(title=None, orient="top")),
            tooltip=["nama:N", alt.Tooltip("nilai:Q", format=".2f")],
        ),
        alt.Chart(ada)
        .mark_text(align="left", dx=3, fontSize=10, color="#374151")
        .encode(y=y, x="nilai:Q", text=alt.Text("nilai:Q", format=".1f")),
        *_garis_target(target, "x"),
    ]
    if not kosong.empty:
        lapis.append(
            alt.Chart(kosong)
            .mark_text(align="left", dx=3, fontSize=10, color="#92400e", fontStyle="italic")
            .encode(y=y, x="nol:Q", text="keterangan:N")
        )
    tinggi = max(60, 18 * len(data))
    return _svg(alt.layer(*lapis).properties(width=LEBAR - 140, height=tinggi), awalan)
