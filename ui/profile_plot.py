"""The terrain profile of one sight line drawn on a matplotlib Figure (used by the map tool
"What can be seen from here?" and by the demo; no QGIS GUI needed)."""

import math
from typing import Optional

import numpy as np

from ..core import sightline as core_sl
from ..i18n import tr


def draw_profile(figure, prof: core_sl.Profile, title: str, vis_height: float, height: float,
                 horizon_at_target: Optional[float]) -> None:
    """Ground (and surface), the sight line (green, red beyond the first obstruction), the
    element's height with its visible part, the horizon line, the viewpoint."""
    figure.clear()
    ax = figure.add_subplot(111)
    d = prof.distance / 1000.0
    low = float(np.nanmin(prof.ground)) - 5.0
    ax.fill_between(d, low, prof.ground, color="#c9b58f", linewidth=0, label=tr("Ground"))
    if not np.allclose(prof.obstacle, prof.ground, equal_nan=True):
        ax.plot(d, prof.obstacle, color="#4d7a3a", linewidth=0.8, label=tr("Surface (buildings, trees)"))
    ax.plot(d, prof.ground, color="#7a6440", linewidth=0.8)
    # sight line: green up to the first obstruction, red beyond
    if prof.visible or math.isnan(prof.obstruction_t):
        ax.plot(d, prof.sightline, color="#1a9641", linewidth=1.6, label=tr("Sight line (clear)"))
    else:
        k = int(np.searchsorted(prof.t, prof.obstruction_t))
        ax.plot(d[:k + 1], prof.sightline[:k + 1], color="#1a9641", linewidth=1.6, label=tr("Sight line"))
        ax.plot(d[k:], prof.sightline[k:], color="#d7191c", linewidth=1.6, linestyle="--",
                label=tr("Sight line (blocked)"))
        ax.plot([d[k]], [prof.obstacle[k]], marker="X", color="#d7191c", markersize=9, linestyle="none",
                label=tr("First obstruction"))
    # the element: its height, the part above the horizon in green
    top = prof.z_b
    base = top - height
    dl = d[-1]
    ax.plot([dl, dl], [base, top], color="#333333", linewidth=3, solid_capstyle="butt")
    if vis_height > 0:
        ax.plot([dl, dl], [top - vis_height, top], color="#1a9641", linewidth=5, solid_capstyle="butt",
                label=tr("Visible part: {h:.1f} m").format(h=vis_height))
    if horizon_at_target is not None and math.isfinite(horizon_at_target):
        ax.plot([0, dl], [prof.z_a, horizon_at_target], color="#777777", linewidth=0.8, linestyle=":",
                label=tr("Horizon line"))
    ax.plot([0], [prof.z_a], marker="o", color="#1f3b57", markersize=6, linestyle="none",
            label=tr("Viewpoint (eye)"))
    ax.set_xlim(0, max(dl, 1e-3))
    hi = max(float(np.nanmax(prof.obstacle)), prof.z_a, top)
    ax.set_ylim(low, hi + 0.08 * (hi - low) + 1.0)
    ax.set_xlabel(tr("Distance from the viewpoint (km)"), fontsize=8)
    ax.set_ylabel(tr("Elevation (m)"), fontsize=8)
    ax.tick_params(labelsize=7)
    ax.grid(True, color="#dddddd", linewidth=0.5)
    ax.set_title(title, fontsize=9)
    handles, labels = ax.get_legend_handles_labels()
    figure.legend(handles, labels, loc="lower center", ncol=3, fontsize=6.5, frameon=False)
    h_in = float(figure.get_figheight())
    figure.subplots_adjust(left=0.12, right=0.97, top=1.0 - 0.5 / h_in, bottom=min(0.45, 1.08 / h_in))
