"""Polygonize a boolean mask into one MultiPolygon (numpy only, no GDAL).

The True cells become polygons whose parts are the 4-connected groups of
cells (GDAL's ``Polygonize`` default), with their holes; the result is what
``gdal.Polygonize`` gives on the same mask (same parts, same area), valid in
the OGC sense, exterior rings counter-clockwise and holes clockwise in map
coordinates, vertices only where the boundary turns.

Why not GDAL: ``gdal.Polygonize`` (GDAL 3.6) costs 8-15 ns per cell whatever
the mask holds (two passes over the raster, read as 32-bit integers); a
viewshed window at 10 km on a 5 m grid has 16 million cells and only tens of
thousands of boundary edges.  Here the cells are scanned once, packed 8 per
byte (about 1-2 ns per cell); all the rest works on the boundary edges.

How:

1. Boundary unit edges from the packed rows: between two rows where the bits
   differ, between two columns where a row differs from itself shifted by one
   bit.  Each edge is directed with its True cell on its left (image frame:
   rows down), so rings close on themselves.
2. Each edge's successor is the edge leaving its end vertex.  A vertex has two
   leaving edges only where two True cells touch by a corner (a "pinch").
   First pass: the ring keeps going around the same True cell (the two cells
   stay apart: 4-connectivity).  If both passages of a pinch then fall in the
   same ring, the two cells belong to one part and that ring touches itself
   (invalid); those pinches are paired the other way round, which splits the
   ring into an exterior ring and a hole touching it at one point (valid).
   In (4, 8) digital topology a part and one 8-connected group of False cells
   share exactly one boundary curve, so one correction pass suffices.
3. Rings: labels by pointer jumping (smallest edge index of each cycle), order
   within a ring by list ranking (both in O(E log E) on the edges, vectorised).
4. Exterior or hole from the sign of the ring's area.  A hole belongs to the
   part above it: from its topmost edge, the nearest boundary edge above in the
   same column borders the same part; its ring is the part's exterior or
   another hole of it lying higher (followed by pointer jumping).
"""

import struct
from typing import Optional, Sequence, Tuple

import numpy as np

_HEADER_POLY = struct.Struct("<BII")
_RING_COUNT = struct.Struct("<I")
_WKB_POLYGON = 3
_WKB_MULTIPOLYGON = 6


def _bits(packed: np.ndarray) -> Tuple[np.ndarray, np.ndarray]:
    """Row and column (bit position) of every set bit of a packed 2-D array."""
    nw = packed.shape[1]
    flat = packed.reshape(-1)
    # scan 8 bytes at a time (most are zero), then the bytes of the words hit
    n8 = flat.size // 8
    words = np.flatnonzero(flat[:n8 * 8].view(np.uint64))
    cand = (words[:, None] * 8 + np.arange(8)).reshape(-1)
    cand = np.concatenate([cand, np.arange(n8 * 8, flat.size)])
    pos = cand[flat[cand] != 0]
    if pos.size == 0:
        e = np.zeros(0, dtype=np.int64)
        return e, e
    bits = np.unpackbits(flat[pos][:, None], axis=1)
    k, b = np.nonzero(bits)
    pos = pos[k]
    return pos // nw, (pos % nw) * 8 + b


def _cycle_labels(succ: np.ndarray) -> np.ndarray:
    """Smallest index on each element's cycle of the permutation ``succ``."""
    lab = np.arange(succ.size, dtype=np.int64)
    p = succ.copy()
    while True:
        new = np.minimum(lab, lab[p])
        p = p[p]
        if np.array_equal(new, lab):
            return lab
        lab = new


def _ranks(succ: np.ndarray, lab: np.ndarray) -> np.ndarray:
    """Steps from each element forward to its cycle's label (list ranking)."""
    t = succ.copy()
    is_rep = lab == np.arange(succ.size)
    t[is_rep] = lab[is_rep]
    w = (~is_rep).astype(np.int64)
    while not np.array_equal(t, lab):
        w = w + w[t]
        t = t[t]
    return w


def boundary_edges(mask: np.ndarray) -> Tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The cell sides where ``mask`` changes (the outside counts as False):
    ``hi, hj``: horizontal sides on row line ``hi`` (between rows ``hi - 1`` and
    ``hi``, 0 .. nrows) in column ``hj``; ``vi, vj``: vertical sides in row ``vi``
    on column line ``vj`` (0 .. ncols).  Cells are scanned packed 8 per byte."""
    m = mask
    nrows, ncols = m.shape
    packed = np.packbits(m, axis=1)
    nw = packed.shape[1]
    # horizontal edges on row lines 0..nrows (rows -1 and nrows are False)
    hx = np.empty((nrows + 1, nw), dtype=np.uint8)
    hx[0] = packed[0]
    hx[nrows] = packed[nrows - 1]
    np.bitwise_xor(packed[1:], packed[:-1], out=hx[1:nrows])
    hi, hj = _bits(hx)
    del hx
    # vertical edges on column lines 0..ncols: a row against itself shifted
    # right by one bit (the bit shifted out of a byte enters the next one)
    vx = np.zeros((nrows, nw + 1), dtype=np.uint8)
    np.right_shift(packed, 1, out=vx[:, :nw])
    vx[:, 1:nw] |= np.left_shift(packed[:, :nw - 1] & 1, 7)
    vx[:, :nw] ^= packed
    vx[:, nw] = np.left_shift(packed[:, nw - 1] & 1, 7)
    vi, vj = _bits(vx)
    return hi, hj, vi, vj


def mask_rings(mask: np.ndarray):
    """Trace the boundary rings of ``mask``.

    Returns ``(rows, cols, ring_start, ring_len, parent)``: the ring vertices
    (grid lines, image frame, not closed) concatenated ring after ring; the
    first vertex and the vertex count of each ring; for each ring, the index of
    the exterior ring of its part (itself for an exterior ring).
    """
    m = np.asarray(mask, dtype=bool)
    nrows, ncols = m.shape
    hi, hj, vi, vj = boundary_edges(m)
    if hi.size == 0:
        e = np.zeros(0, dtype=np.int64)
        return e, e, e, e, e
    top = np.zeros(hi.size, dtype=bool)      # True cell below the line
    inner = hi < nrows
    top[inner] = m[hi[inner], hj[inner]]
    right = np.zeros(vi.size, dtype=bool)    # True cell right of the line
    inner = vj < ncols
    right[inner] = m[vi[inner], vj[inner]]
    nh = hi.size
    # directed edges (True cell on the left, rows down): start, end, direction
    # (0 E, 1 N, 2 W, 3 S), and whether that cell lies above each end vertex
    si = np.concatenate([hi, np.where(right, vi, vi + 1)])
    sj = np.concatenate([np.where(top, hj + 1, hj), vj])
    ei = np.concatenate([hi, np.where(right, vi + 1, vi)])
    ej = np.concatenate([np.where(top, hj, hj + 1), vj])
    direction = np.concatenate([np.where(top, 2, 0), np.where(right, 3, 1)]).astype(np.int8)
    up_start = np.concatenate([~top, ~right])
    up_end = np.concatenate([~top, right])
    stride = ncols + 1
    s_vid = si * stride + sj
    e_vid = ei * stride + ej
    # pinches: two edges leave the vertex
    order = np.argsort(s_vid, kind="stable")
    sv = s_vid[order]
    dup = sv[1:] == sv[:-1]
    pinch_v = sv[1:][dup]
    n = s_vid.size
    if pinch_v.size:
        p_start = np.isin(s_vid, pinch_v)
        p_end = np.isin(e_vid, pinch_v)
    else:
        p_start = np.zeros(n, dtype=bool)
        p_end = p_start
    in_key = e_vid * 2 + (p_end & up_end)
    swap = np.zeros(n, dtype=bool)

    def successors() -> np.ndarray:
        out_key = s_vid * 2 + (p_start & (up_start ^ swap))
        o = np.argsort(out_key)
        return o[np.searchsorted(out_key, in_key, sorter=o)]

    succ = successors()
    lab = _cycle_labels(succ)
    if pinch_v.size:
        # a pinch whose two passages are on the same ring: pair it the other way
        inc = np.nonzero(p_end)[0]
        inc = inc[np.argsort(e_vid[inc], kind="stable")]
        same = lab[inc[0::2]] == lab[inc[1::2]]
        if same.any():
            bad_v = e_vid[inc[0::2]][same]
            swap = p_start & np.isin(s_vid, bad_v)
            succ = successors()
            lab = _cycle_labels(succ)
    rank = _ranks(succ, lab)
    seq = np.lexsort((-rank, lab))              # ring after ring, in order
    lab_s = lab[seq]
    first = np.ones(n, dtype=bool)
    first[1:] = lab_s[1:] != lab_s[:-1]
    starts = np.nonzero(first)[0]
    ends = np.append(starts[1:], n)
    # previous edge on the ring (the last one for the first)
    prev = np.arange(n) - 1
    prev[starts] = ends - 1
    d = direction[seq]
    keep = d != d[prev]                          # a vertex where the ring turns
    ring_of = np.cumsum(first) - 1
    kept = seq[keep]
    kring = ring_of[keep]
    rows = si[kept]
    cols = sj[kept]
    nring = starts.size
    ring_len = np.bincount(kring, minlength=nring)
    ring_start = np.zeros(nring, dtype=np.int64)
    np.cumsum(ring_len[:-1], out=ring_start[1:])
    # twice the signed area (x = col, y = row): < 0 for an exterior ring
    nxt = np.arange(rows.size) + 1
    nxt[ring_start + ring_len - 1] = ring_start
    cross = cols * rows[nxt] - cols[nxt] * rows
    area2 = np.add.reduceat(cross, ring_start)
    # the ring of every edge, by its label
    ring_id = np.empty(n, dtype=np.int64)
    ring_id[seq] = ring_of
    parent = np.arange(nring, dtype=np.int64)
    holes = area2 > 0
    if holes.any():
        hring = ring_id[:nh]
        by_col = np.lexsort((hi, hj))           # horizontal edges by column, then row
        pos = np.empty(nh, dtype=np.int64)
        pos[by_col] = np.arange(nh)
        hole_edges = np.nonzero(holes[hring])[0]
        o = np.lexsort((hi[hole_edges], hring[hole_edges]))
        he = hole_edges[o]
        fst = np.ones(he.size, dtype=bool)
        fst[1:] = hring[he][1:] != hring[he][:-1]
        topmost = he[fst]                       # the topmost edge of each hole
        above = by_col[pos[topmost] - 1]        # nearest edge above, same column
        parent[hring[topmost]] = hring[above]
        while True:
            nxt_p = parent[parent]
            if np.array_equal(nxt_p, parent):
                break
            parent = nxt_p
    return rows, cols, ring_start, ring_len, parent


def polygonize(mask: np.ndarray, geotransform: Sequence[float], row0: int = 0,
               col0: int = 0) -> Tuple[Optional[bytes], int]:
    """The True cells of ``mask`` (a window at ``row0, col0`` of a north-up
    grid) as one MultiPolygon WKB, with its number of parts; ``(None, 0)``
    when no cell is True."""
    m = np.asarray(mask, dtype=bool)
    if m.size == 0 or not m.any():
        return None, 0
    rows, cols, ring_start, ring_len, parent = mask_rings(m)
    gt = list(geotransform)
    x = gt[0] + (col0 + cols) * gt[1]
    y = gt[3] + (row0 + rows) * gt[5]
    flip = (gt[1] * gt[5]) > 0      # y up in the image frame: reverse the rings
    nring = ring_len.size
    # closed rings, interleaved x y, ring after ring
    tot = int(ring_len.sum()) + nring
    xy = np.empty((tot, 2), dtype="<f8")
    cstart = ring_start + np.arange(nring)
    idx = np.arange(rows.size) + np.repeat(np.arange(nring), ring_len)
    xy[idx, 0] = x
    xy[idx, 1] = y
    close_at = cstart + ring_len
    xy[close_at] = xy[cstart]
    buf = xy.tobytes()
    # map frame: exterior rings counter-clockwise (the image frame has y down)
    is_ext = parent == np.arange(nring)
    shells = np.nonzero(is_ext)[0]
    order = np.lexsort((~is_ext, parent))        # by part, its exterior ring first
    out = [_HEADER_POLY.pack(1, _WKB_MULTIPOLYGON, shells.size)]
    par = parent[order]
    brk = np.nonzero(np.r_[True, par[1:] != par[:-1]])[0]
    brk_end = np.r_[brk[1:], order.size]
    cs = cstart.tolist()
    ln = (ring_len + 1).tolist()
    ordl = order.tolist()
    for a, b in zip(brk.tolist(), brk_end.tolist()):
        out.append(_HEADER_POLY.pack(1, _WKB_POLYGON, b - a))
        for k in ordl[a:b]:
            s = cs[k] * 16
            npt = ln[k]
            out.append(_RING_COUNT.pack(npt))
            if flip:
                out.append(xy[cs[k]:cs[k] + npt][::-1].tobytes())
            else:
                out.append(buf[s:s + npt * 16])
    return b"".join(out), int(shells.size)
