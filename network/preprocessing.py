"""What a network may do to its inputs before its first layer: deskew a digit.

People slant their handwriting: one writer's 1 leans right, another's stands
upright, and a network that must learn every slant of every digit from 4,000
examples has more to learn than one that sees each digit standing up. Deskewing
stands it up, the same way for training and for every later prediction, because it
is part of the network: ``Network(..., preprocess="deskew")`` applies it at the top
of ``feedforward`` (so ``predict``, ``evaluate`` and a saved-and-loaded model do it
too), and the model file records it. The 2-2-1 walkthrough has no preprocess.

deskew(x): x is a square picture as a flat list of floats, row by row (784 = 28 x 28
for a digit); a positive value is ink, 0 is none.

1. The slant. Weigh every pixel (r, c) by its ink v. The ink's centre is
       mean_r = sum(v * r) / sum(v),   mean_c = sum(v * c) / sum(v)
   and the straight line c = mean_c + slant * (r - mean_r) that best follows the ink
   (least squares, each pixel weighed by its ink) has
       slant = cov(r, c) / var(r)
             = (sum(v * r * c) / sum(v) - mean_r * mean_c)
               / (sum(v * r * r) / sum(v) - mean_r * mean_r)
   It is the number of columns the ink moves right per row down: a digit leaning
   right (its top further right than its bottom) has slant < 0.
2. The shear. Row r slides left by shift_r columns (right if shift_r < 0), the
   nearest whole number to slant * (r - mean_r): out[r][c] = x[r][c + shift_r]. The
   rows near the centre stay; the ink's line stands upright (c = mean_c in every
   row, to within half a pixel). Whole columns keep every pixel's value as it was
   (no blur, no new nonzero pixels); a pixel slid past the edge is lost and the
   other edge fills with 0. (Sliding by the exact fraction, reading between two
   pixels, was no more accurate in cross-validation and costs more.)

A picture with no ink, or with all its ink in one row (no slant to measure), comes
back unchanged (as a new list). Only the standard library; nothing random.
"""
from __future__ import annotations

import math
from typing import List, Sequence

Vector = List[float]


def deskew(x: Sequence[float]) -> Vector:
    """The picture ``x`` (a square, flat, row by row) sheared so its ink stands upright
    (see the module docstring). Returns a new list of the same length."""
    width = math.isqrt(len(x))
    if width * width != len(x):
        raise ValueError(f"deskew: a picture of {len(x)} pixels is not square "
                         f"(784 = 28 x 28 is)")
    # 1. The slant: sums over the inked pixels, each weighed by its ink v.
    ink = sum_r = sum_c = sum_rr = sum_rc = 0.0
    for i in range(len(x)):
        v = x[i]
        if v > 0.0:
            r, c = divmod(i, width)
            ink += v
            sum_r += v * r
            sum_c += v * c
            sum_rr += v * r * r
            sum_rc += v * r * c
    if ink == 0.0:
        return list(x)                 # no ink: nothing to stand up
    mean_r, mean_c = sum_r / ink, sum_c / ink
    variance_r = sum_rr / ink - mean_r * mean_r
    if variance_r <= 1e-9:
        return list(x)                 # all the ink in one row: no slant to measure
    slant = (sum_rc / ink - mean_r * mean_c) / variance_r

    # 2. The shear: row r reads its own pixels shift columns further along.
    out = [0.0] * len(x)
    for r in range(width):
        shift = round(slant * (r - mean_r))
        start = r * width
        # out[r][c] = x[r][c + shift] for every c with c + shift inside the row.
        first, last = max(0, -shift), min(width, width - shift)
        for c in range(first, last):
            out[start + c] = x[start + c + shift]
    return out


# The name a Network (and its model file) uses -> the function.
PREPROCESSORS = {"deskew": deskew}


def check_preprocess(preprocess, n_inputs: int):
    """``preprocess`` if it is None or a name in PREPROCESSORS that fits ``n_inputs``
    inputs; else ValueError naming what was passed."""
    if preprocess is None:
        return None
    if not isinstance(preprocess, str) or preprocess not in PREPROCESSORS:
        raise ValueError(f"unknown preprocess {preprocess!r}: expected None or one of "
                         f"{', '.join(repr(name) for name in PREPROCESSORS)}")
    width = math.isqrt(n_inputs)
    if width * width != n_inputs or width < 2:
        raise ValueError(f"preprocess={preprocess!r} reads the inputs as a square picture, "
                         f"row by row, and {n_inputs} inputs are not one (784 = 28 x 28 is)")
    return preprocess
