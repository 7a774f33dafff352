"""View cones: the part of a window inside an azimuth range and vertical angle limits (numpy only)."""

import math
from typing import Optional, Sequence

import numpy as np


def azimuths(shape: Sequence[int], row0: int, col0: int, geotransform: Sequence[float], x: float, y: float) -> np.ndarray:
    """Azimuth (degrees clockwise from grid north, 0..360) from (x, y) to each cell centre of a window."""
    rows, cols = shape
    xs = geotransform[0] + (col0 + np.arange(cols) + 0.5) * geotransform[1] - x
    ys = geotransform[3] + (row0 + np.arange(rows) + 0.5) * geotransform[5] - y
    return np.degrees(np.arctan2(xs[None, :], ys[:, None])) % 360.0


def in_azimuth_range(az: np.ndarray, az_min: float, az_max: float) -> np.ndarray:
    """True where ``az`` lies in the clockwise range az_min -> az_max (350 -> 20 crosses north).

    A range of 360° or more (or min == max == None) is the full circle.
    """
    lo, hi = az_min % 360.0, az_max % 360.0
    if abs(az_max - az_min) >= 360.0:
        return np.ones(az.shape, dtype=bool)
    if lo <= hi:
        return (az >= lo) & (az <= hi)
    return (az >= lo) | (az <= hi)


def elevation_angles(ground: np.ndarray, row0: int, col0: int, geotransform: Sequence[float], x: float, y: float,
                     eye_z: float, target_height: float, curv_coeff: float = 0.0,
                     earth_diameter: float = 12756274.0) -> np.ndarray:
    """Vertical angle (degrees, + up) from an eye at elevation ``eye_z`` to the target on each cell."""
    rows, cols = ground.shape
    xs = geotransform[0] + (col0 + np.arange(cols) + 0.5) * geotransform[1] - x
    ys = geotransform[3] + (row0 + np.arange(rows) + 0.5) * geotransform[5] - y
    d2 = xs[None, :] ** 2 + ys[:, None] ** 2
    d = np.sqrt(d2)
    dz = ground + target_height - curv_coeff * d2 / earth_diameter - eye_z
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.degrees(np.arctan2(dz, d))


def cone_mask(shape: Sequence[int], row0: int, col0: int, geotransform: Sequence[float], x: float, y: float,
              az_min: Optional[float] = None, az_max: Optional[float] = None,
              angles: Optional[np.ndarray] = None, v_min: Optional[float] = None,
              v_max: Optional[float] = None) -> np.ndarray:
    """Cells of a window inside the view cone (azimuth range and optional vertical limits)."""
    mask = np.ones(tuple(shape), dtype=bool)
    if az_min is not None and az_max is not None and not (math.isnan(az_min) or math.isnan(az_max)):
        mask &= in_azimuth_range(azimuths(shape, row0, col0, geotransform, x, y), az_min, az_max)
    if angles is not None:
        if v_min is not None:
            mask &= angles >= v_min
        if v_max is not None:
            mask &= angles <= v_max
    return mask
