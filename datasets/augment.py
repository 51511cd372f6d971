"""Data augmentation: new training digits made from the ones we have.

A network trained on 4,000 digits soon knows those 4,000 by heart (100% training
accuracy) and stops getting better on digits it has not seen. A digit moved by a
pixel, turned a little, made a little larger or smaller, or bent a little is still
the same digit, so we can show the network a slightly different copy of every
training digit in every epoch. It then has to learn what makes a 3 a 3, not where
the ink of training digit 1,234 happens to be.

Every function here takes one 28x28 digit as 784 bytes (0 = no ink .. 255 = full ink,
row by row, as ``Digits.pixels(i)`` gives it; a list of 784 ints 0..255 works too) and
returns a new digit as 784 bytes:

    shift(pixels, dx, dy)                   move by whole pixels, fill with 0
    rotate(pixels, degrees)                 turn about the centre (bilinear)
    scale(pixels, factor)                   zoom about the centre (bilinear)
    rotate_and_scale(pixels, degrees, factor)   both in one pass
    elastic_distort(pixels, rng, alpha, sigma)  Simard et al. (2003), slower
    random_augment(pixels, rng, ...)        all of them with random amounts

and ``AugmentedImages`` is a drop-in for ``digits.images`` that a training loop passes
to ``Network.train``: ``images[i]`` is 784 floats of a fresh random copy of digit i,
made when asked and never stored (memory stays flat), the same copy for the same
(seed, epoch, i) on every run. (``ink_box(pixels)``, the first and last inked rows and
columns, is what lets rotate_and_scale skip the pixels that cannot touch ink.)

Coordinates. Pixel (r, c) is row r (0 at the top, counting down) and column c (0 at
the left, counting right); it is byte r*28 + c. We think of the pixel's value as sitting
at the point (r, c), so the middle of the picture is the point (13.5, 13.5), halfway
between pixels 13 and 14 in both directions. Rotations and zooms turn about that point.

Inverse mapping. To turn a picture we do not push every input pixel to its new place
(that leaves holes and collisions). Instead, for every output pixel we ask "which point
of the input lands here?", undo the transformation to find that source point, and read
the input there. The source point is usually between pixels, so we read it with
bilinear interpolation (``bilinear_sample``): a weighted mean of the 4 pixels around
it, closer pixels weighing more. Points outside the picture read as 0 (no ink). The
result is rounded to the nearest whole number and kept in 0..255.

Only the Python standard library; every random choice comes from a random.Random
that the caller passes in (or, in AugmentedImages, one made from seed, epoch and i).
"""
from __future__ import annotations

import collections.abc
import math
import numbers
import random
from typing import List, Sequence, Tuple, Union

from datasets.mnist import (COLS, PIXEL_TO_FLOAT, PIXELS_PER_DIGIT, ROWS, DigitImages,
                            as_byte_values, is_whole)

# The centre of the 28x28 picture, in pixel coordinates: (27 / 2, 27 / 2).
CENTRE_ROW = (ROWS - 1) / 2      # 13.5
CENTRE_COL = (COLS - 1) / 2      # 13.5

# Defaults for MNIST (why these numbers: see random_augment).
MAX_SHIFT = 2                    # pixels, in each direction
MAX_DEGREES = 10.0               # turn by up to 10 degrees either way
SCALE_RANGE = (0.9, 1.1)         # zoom between 90% and 110%
ELASTIC_ALPHA = 34.0             # Simard et al. 2003, for MNIST
ELASTIC_SIGMA = 4.0              # Simard et al. 2003, for MNIST

# The amounts that still make a digit, checked where each is given. A zoom below 0.01
# shrinks the 28-pixel digit into a third of a pixel, one above 100 blows a pixel up
# past the whole picture (and 1 / factor must stay a float: a factor of 1e-320 has
# none). A blur narrower than 0.1 pixel does nothing (the kernel is [0, 1, 0]); one
# wider than 100 pixels is flat across the picture, a shift, and its kernel of 6 sigma
# weights would take ever longer to make. Turning by more than 360 degrees either way
# only repeats the turns (and the drawn angle must stay a float).
MIN_FACTOR, MAX_FACTOR = 0.01, 100.0
MIN_SIGMA, MAX_SIGMA = 0.1, 100.0
MAX_ANGLE = 360.0

Pixels = Union[bytes, bytearray, Sequence[int]]
Vector = List[float]


# %% Checking input -------------------------------------------------------------------

def as_pixel_bytes(pixels: Pixels, where: str = "augment") -> bytes:
    """``pixels`` as 784 bytes: bytes pass through, a list of 784 ints 0..255 is converted.

    Raises ValueError naming ``where`` when the length is not 784 or a value is not a
    whole number 0..255 (floats in [0, 1] are refused: pass ``digits.pixels(i)``, not
    ``digits.images[i]``).
    """
    if isinstance(pixels, (bytes, bytearray)):
        if len(pixels) != PIXELS_PER_DIGIT:
            raise ValueError(f"{where}: a digit is {ROWS}x{COLS} = {PIXELS_PER_DIGIT} "
                             f"pixels, got {len(pixels)} bytes")
        return bytes(pixels)
    if isinstance(pixels, (str, dict)) or not hasattr(pixels, "__len__") or \
            not hasattr(pixels, "__iter__"):
        raise ValueError(f"{where}: a digit is {PIXELS_PER_DIGIT} bytes (digits.pixels(i)) "
                         f"or a list of {PIXELS_PER_DIGIT} whole numbers 0..255, got "
                         f"{_short(pixels)}")
    if len(pixels) != PIXELS_PER_DIGIT:
        raise ValueError(f"{where}: a digit is {ROWS}x{COLS} = {PIXELS_PER_DIGIT} pixels, "
                         f"got {len(pixels)} values")
    for k, value in enumerate(pixels):     # read by iterating: a list, NumPy's uint8, ...
        if not is_whole(value) or not 0 <= value <= 255:
            raise ValueError(
                f"{where}: pixel {k} (row {k // COLS}, column {k % COLS}) is {value!r}, "
                f"expected a whole number 0..255 (use digits.pixels(i), not digits.images[i])")
    return as_byte_values(pixels, "pixel", where)


def _check_number(value, name: str, where: str) -> float:
    """``value`` as a float, or ValueError naming the argument if it is not a finite
    real number (int, float, Fraction, NumPy's numbers; not True/False or text)."""
    is_number = (isinstance(value, numbers.Real) and not isinstance(value, bool)
                 and type(value).__name__ != "bool_")
    try:
        number = float(value) if is_number else math.nan
    except OverflowError:      # a whole number beyond the floats
        number = math.inf
    if not math.isfinite(number):
        raise ValueError(f"{where}: {name} must be a finite number, got {_short(value)}")
    return number


def _check_whole(value, name: str, where: str) -> int:
    """``value`` as an int if it is a whole number (an int, NumPy's int64), else
    ValueError naming the argument."""
    if not is_whole(value):
        raise ValueError(f"{where}: {name} must be a whole number of pixels, got "
                         f"{_short(value)}")
    return int(value)


def _check_factor(value, name: str, where: str) -> float:
    """A zoom factor in [MIN_FACTOR, MAX_FACTOR] (1 = same size)."""
    factor = _check_number(value, name, where)
    if factor <= 0:
        raise ValueError(f"{where}: {name} must be > 0 (1 = same size), got {factor!r}")
    if not MIN_FACTOR <= factor <= MAX_FACTOR:
        raise ValueError(f"{where}: {name} must be between {MIN_FACTOR:g} and "
                         f"{MAX_FACTOR:g} (1 = same size), got {factor!r}")
    return factor


def _check_sigma(value, where: str) -> float:
    """A blur's standard deviation in [MIN_SIGMA, MAX_SIGMA] pixels."""
    sigma = _check_number(value, "sigma", where)
    if sigma <= 0:
        raise ValueError(f"{where}: sigma must be > 0 pixels, got {sigma!r}")
    if not MIN_SIGMA <= sigma <= MAX_SIGMA:
        raise ValueError(f"{where}: sigma must be between {MIN_SIGMA:g} and {MAX_SIGMA:g} "
                         f"pixels, got {sigma!r}")
    return sigma


def _short(value) -> str:
    """A value for a message, kept short (a whole number of 400 digits included)."""
    if is_whole(value) and abs(value).bit_length() > 64:
        return f"a whole number of about {int(abs(value).bit_length() * 0.30103) + 1} digits"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _check_rng(rng, where: str) -> None:
    """TypeError naming ``where`` unless ``rng`` is a random.Random (not a seed number)."""
    if not isinstance(rng, random.Random):
        raise TypeError(f"{where}: rng must be a random.Random, e.g. random.Random(0), "
                        f"got {rng!r}")


def _to_byte(value: float) -> int:
    """Round a pixel value to the nearest whole number (halves up) and keep it in 0..255.

    byte = min(255, max(0, floor(value + 0.5)))
    Bilinear values already lie in 0..255; the clamp only catches rounding dust such
    as 255.00000000000003.
    """
    rounded = int(math.floor(value + 0.5))
    if rounded < 0:
        return 0
    if rounded > 255:
        return 255
    return rounded


# %% Shifting -----------------------------------------------------------------------

def shift(pixels: Pixels, dx: int, dy: int) -> bytes:
    """Move the digit dx pixels right and dy pixels down (negative: left, up).

        out[r][c] = in[r - dy][c - dx]   if that pixel is inside the 28x28 picture
                  = 0                    otherwise (the strip uncovered at the edge)

    Pixels pushed over the edge are lost. No interpolation: whole pixels only, so a
    shift changes no pixel value. Returns 784 bytes.
    """
    source = as_pixel_bytes(pixels, "shift")
    dx = _check_whole(dx, "dx", "shift")
    dy = _check_whole(dy, "dy", "shift")
    out = bytearray(PIXELS_PER_DIGIT)          # starts all 0 (no ink)
    # In every output row the pixels c with 0 <= c - dx < 28 come from the picture: the
    # columns max(0, dx) .. min(28, 28 + dx) - 1, one unbroken run. Copy each run as one
    # slice (the same bytes as copying them one by one, about 7 times faster).
    first_c = max(0, dx)
    end_c = min(COLS, COLS + dx)
    if first_c >= end_c:
        return bytes(out)                      # moved right or left out of the picture
    for r in range(ROWS):
        source_r = r - dy
        if source_r < 0 or source_r >= ROWS:
            continue                           # this whole output row stays 0
        out[r * COLS + first_c:r * COLS + end_c] = \
            source[source_r * COLS + first_c - dx:source_r * COLS + end_c - dx]
    return bytes(out)


# %% Reading between pixels: bilinear interpolation ----------------------------------

def bilinear_sample(pixels: bytes, row: float, col: float) -> float:
    """The picture's value at a point between pixels: a weighted mean of its 4 neighbours.

    With r0 = floor(row), c0 = floor(col), and the fractions fr = row - r0,
    fc = col - c0 (each in [0, 1)):

        value = (1 - fr) * (1 - fc) * in[r0][c0]     + (1 - fr) * fc * in[r0][c0 + 1]
              +      fr  * (1 - fc) * in[r0 + 1][c0] +      fr  * fc * in[r0 + 1][c0 + 1]

    The four weights add up to 1; the nearer a pixel, the larger its weight. On a pixel
    centre (fr = fc = 0) this is exactly that pixel. A neighbour outside the picture
    counts as 0. ``pixels`` is 784 bytes (not checked here: this runs 784 times per
    picture). Returns a float in [0, 255].
    """
    r0 = math.floor(row)
    c0 = math.floor(col)
    if r0 < -1 or r0 >= ROWS or c0 < -1 or c0 >= COLS:
        return 0.0                             # all four neighbours are outside
    fr = row - r0
    fc = col - c0
    # The four neighbours, 0 where they fall outside the picture.
    top_left = top_right = bottom_left = bottom_right = 0
    if r0 >= 0:
        if c0 >= 0:
            top_left = pixels[r0 * COLS + c0]
        if c0 + 1 < COLS:
            top_right = pixels[r0 * COLS + c0 + 1]
    if r0 + 1 < ROWS:
        if c0 >= 0:
            bottom_left = pixels[(r0 + 1) * COLS + c0]
        if c0 + 1 < COLS:
            bottom_right = pixels[(r0 + 1) * COLS + c0 + 1]
    top = (1 - fc) * top_left + fc * top_right              # along the upper row
    bottom = (1 - fc) * bottom_left + fc * bottom_right     # along the lower row
    value = (1 - fr) * top + fr * bottom                    # then between the rows
    return value


# %% Rotating and scaling -------------------------------------------------------------

def rotate_and_scale(pixels: Pixels, degrees: float, factor: float) -> bytes:
    """Turn the digit counter-clockwise by ``degrees`` and zoom it by ``factor``, in one pass.

    Both turn about the centre (13.5, 13.5). factor > 1 makes the digit larger, < 1
    smaller. Inverse mapping, for every output pixel (r, c):

        u = c - 13.5,  v = r - 13.5           the output point, from the centre
                                              (u to the right, v down)
        t = degrees * pi / 180
        source_col = 13.5 + u * (cos(t) / factor) - v * (sin(t) / factor)
        source_row = 13.5 + u * (sin(t) / factor) + v * (cos(t) / factor)
        out[r][c] = _to_byte(bilinear_sample(in, source_row, source_col))

    (That is the output point turned back by t, clockwise on the screen, and shrunk by
    the factor: the point the forward transformation carries to (r, c).) Doing both
    in one pass reads the input once, so the picture is blurred by one interpolation
    instead of two. Returns 784 bytes.

    The loop below is this formula, byte for byte, with three savings explained in
    the code (tests/test_augment.py checks it against the plain loop): output pixels
    whose source point is too far from the ink to read any are left at 0 without
    being worked out, the parts of the source point that depend on the column only
    are worked out once, and bilinear_sample's arithmetic is written into the loop.
    """
    source = as_pixel_bytes(pixels, "rotate_and_scale")
    degrees = _check_number(degrees, "degrees", "rotate_and_scale")
    factor = _check_factor(factor, "factor", "rotate_and_scale")
    t = math.radians(degrees)
    # cos(t) / factor and sin(t) / factor are the same for every pixel: work them out once.
    cos_over_factor = math.cos(t) / factor
    sin_over_factor = math.sin(t) / factor
    out = bytearray(PIXELS_PER_DIGIT)          # starts all 0 (no ink)
    box = ink_box(source)
    if box is None:
        return bytes(out)                      # a blank picture stays blank
    top, bottom, left, right = box
    # Saving 1: skip the points that cannot touch ink. bilinear_sample reads rows
    # floor(source_row) and floor(source_row) + 1: both lie above the ink when
    # source_row < top - 1 and below it when source_row >= bottom + 1 (whole numbers, so
    # these comparisons are exact). The same goes for the columns. Outside the box
    #     top - 1 <= source_row < bottom + 1,   left - 1 <= source_col < right + 1
    # all four neighbours are 0 (no ink, or outside the picture), the weighted mean is
    # 0.0 and rounds to 0, which `out` already holds. (A digit's ink fills about 20x20 of
    # the 28x28 pixels: this skips over half of them.)
    # Saving 2: Python works out  a + b - c  as  (a + b) - c,  left to right, so in
    #     source_col = (CENTRE_COL + u * cos_over_factor) - v * sin_over_factor
    #     source_row = (CENTRE_ROW + u * sin_over_factor) + v * cos_over_factor
    # the brackets depend on the column only: 28 of each, worked out once here, give
    # the very same floats as working them out for every pixel.
    col_starts = []
    row_starts = []
    for c in range(COLS):
        u = c - CENTRE_COL
        col_starts.append(CENTRE_COL + u * cos_over_factor)
        row_starts.append(CENTRE_ROW + u * sin_over_factor)
    # Saving 3: bilinear_sample's arithmetic, written out here (the same expressions in
    # the same order, so the same floats) on the picture in a frame of zeros (framed),
    # where a neighbour outside the 28x28 picture is simply a 0 to read. (Past the test
    # of saving 1, floor(source_row) and floor(source_col) are -1..27: every neighbour
    # lies in the frame.)
    framed = _framed(source)
    width = COLS + 2             # framed is 30x30: pixel (r, c) is byte (r + 1) * 30 + c + 1
    for r in range(ROWS):
        v = r - CENTRE_ROW
        col_down = v * sin_over_factor
        row_down = v * cos_over_factor
        for c in range(COLS):
            source_col = col_starts[c] - col_down
            source_row = row_starts[c] + row_down
            if not (top - 1 <= source_row < bottom + 1 and left - 1 <= source_col < right + 1):
                continue                       # cannot touch ink: stays 0
            r0 = math.floor(source_row)
            c0 = math.floor(source_col)
            fr = source_row - r0
            fc = source_col - c0
            k = (r0 + 1) * width + c0 + 1      # the top left neighbour, in framed
            top_value = (1 - fc) * framed[k] + fc * framed[k + 1]
            bottom_value = (1 - fc) * framed[k + width] + fc * framed[k + width + 1]
            value = (1 - fr) * top_value + fr * bottom_value
            out[r * COLS + c] = _to_byte(value)
    return bytes(out)


def ink_box(pixels: Pixels) -> Union[Tuple[int, int, int, int], None]:
    """(top, bottom, left, right): the first and last rows and columns with ink (> 0).

    None for a blank picture. A bundled MNIST digit's box is about 20x16 pixels
    (digits were sized to fit 20x20). ``pixels`` as for shift.
    """
    pixels = as_pixel_bytes(pixels, "ink_box")
    blank_line = bytes(COLS)     # 28 zeros: a row, or a column (the picture is square), no ink
    inked_rows = [r for r in range(ROWS) if pixels[r * COLS:(r + 1) * COLS] != blank_line]
    if not inked_rows:
        return None
    inked_cols = [c for c in range(COLS) if pixels[c::COLS] != blank_line]
    return inked_rows[0], inked_rows[-1], inked_cols[0], inked_cols[-1]


def _framed(pixels: bytes) -> bytes:
    """The 28x28 picture inside a frame of zeros one pixel wide: 30x30 = 900 bytes."""
    blank_row = bytes(COLS + 2)
    rows = [blank_row]
    for r in range(ROWS):
        rows.append(b"\0" + pixels[r * COLS:(r + 1) * COLS] + b"\0")
    rows.append(blank_row)
    return b"".join(rows)


def rotate(pixels: Pixels, degrees: float) -> bytes:
    """Turn the digit counter-clockwise by ``degrees`` about the centre (13.5, 13.5).

    For every output pixel (r, c), with u = c - 13.5, v = r - 13.5, t in radians:

        source_col = 13.5 + u * cos(t) - v * sin(t)
        source_row = 13.5 + u * sin(t) + v * cos(t)
        out[r][c] = round(bilinear_sample(in, source_row, source_col)), 0 outside

    Example: a quarter turn (90 degrees) takes pixel (r, c) to (27 - c, r): the top
    right corner goes to the top left. Negative degrees turn clockwise. This is
    rotate_and_scale(pixels, degrees, 1.0). Returns 784 bytes.
    """
    return rotate_and_scale(pixels, degrees, 1.0)


def scale(pixels: Pixels, factor: float) -> bytes:
    """Zoom the digit by ``factor`` about the centre (13.5, 13.5): > 1 larger, < 1 smaller.

    For every output pixel (r, c):

        source_row = 13.5 + (r - 13.5) / factor
        source_col = 13.5 + (c - 13.5) / factor
        out[r][c] = round(bilinear_sample(in, source_row, source_col)), 0 outside

    Example: with factor 2 the output pixel 2 rows below the centre reads the input
    1 row below it. This is rotate_and_scale(pixels, 0.0, factor). Returns 784 bytes.
    """
    return rotate_and_scale(pixels, 0.0, factor)


# %% Elastic distortion (Simard, Steinkraus and Platt, 2003) ----------------------------

def gaussian_kernel(sigma: float) -> Vector:
    """The weights of a 1-D Gaussian blur with standard deviation ``sigma`` pixels.

        radius = ceil(3 * sigma)                       (3 sigma holds 99.7% of the weight)
        weight[j] = exp(-(j - radius)^2 / (2 * sigma^2)) / S,   j = 0 .. 2 * radius
        S = the sum of the unnormalised weights, so the weights add up to 1

    Returns a list of 2 * radius + 1 floats; the middle one is the largest.
    """
    sigma = _check_sigma(sigma, "gaussian_kernel")
    radius = int(math.ceil(3 * sigma))
    weights = []
    total = 0.0
    for offset in range(-radius, radius + 1):
        weight = math.exp(-(offset * offset) / (2 * sigma * sigma))
        weights.append(weight)
        total += weight
    for j in range(len(weights)):
        weights[j] = weights[j] / total
    return weights


def smooth(field: Sequence[float], sigma: float) -> Vector:
    """Blur a 28x28 field of numbers with a Gaussian of standard deviation ``sigma``.

    A 2-D Gaussian is a 1-D Gaussian along the rows times one along the columns, so we
    blur in two cheap passes (2 * (2*radius + 1) products per value instead of
    (2*radius + 1)^2), with the weights k of gaussian_kernel(sigma), radius R:

        across:  tmp[r][c] = sum over j = -R..R of k[j + R] * field[r][c + j]
        down:    out[r][c] = sum over j = -R..R of k[j + R] * tmp[r + j][c]

    Values outside the 28x28 field count as 0. ``field`` has 784 numbers, row by row;
    returns a new list of 784 floats.
    """
    if not hasattr(field, "__len__") or len(field) != PIXELS_PER_DIGIT:
        raise ValueError(f"smooth: the field must have {PIXELS_PER_DIGIT} values "
                         f"(28x28), got {_short(field)}")
    kernel = gaussian_kernel(sigma)
    radius = len(kernel) // 2
    # Outside values are 0, so each sum runs only over the offsets j that stay inside:
    # from max(-R, -c) to min(R, 27 - c) (the same sum, without an `if` per term).
    # Pass 1: blur every row (neighbours to the left and right).
    across = [0.0] * PIXELS_PER_DIGIT
    for r in range(ROWS):
        for c in range(COLS):
            total = 0.0
            for j in range(max(-radius, -c), min(radius, COLS - 1 - c) + 1):
                total += kernel[j + radius] * field[r * COLS + c + j]
            across[r * COLS + c] = total
    # Pass 2: blur every column of the result (neighbours above and below).
    out = [0.0] * PIXELS_PER_DIGIT
    for r in range(ROWS):
        for c in range(COLS):
            total = 0.0
            for j in range(max(-radius, -r), min(radius, ROWS - 1 - r) + 1):
                total += kernel[j + radius] * across[(r + j) * COLS + c]
            out[r * COLS + c] = total
    return out


def elastic_distort(pixels: Pixels, rng: random.Random, alpha: float = ELASTIC_ALPHA,
                    sigma: float = ELASTIC_SIGMA) -> bytes:
    """Bend the digit like a rubber sheet: Simard, Steinkraus and Platt (2003).

    1. Two random displacement fields, one number per pixel, drawn from ``rng``
       (first all 784 of dx, then all 784 of dy, row by row):
           dx[r][c], dy[r][c] ~ uniform(-1, 1)
    2. Smooth each with a Gaussian of standard deviation sigma (``smooth``), so that
       neighbouring pixels move together, then multiply by alpha:
           dx = alpha * smooth(dx, sigma),  dy = alpha * smooth(dy, sigma)
    3. Every output pixel reads the input at its displaced point:
           out[r][c] = round(bilinear_sample(in, r + dy[r][c], c + dx[r][c])), 0 outside

    A small sigma gives a field that jitters pixel by pixel (the digit falls apart); a
    large sigma gives nearly the same move everywhere (a shift). Simard et al. found
    sigma = 4, alpha = 34 best for MNIST; with them the typical displacement is about
    1.4 pixels and the strokes wobble like a different hand wrote them. alpha = 0 gives
    back the input unchanged (rng is still used).

    Slower than the rest: two blurs of 784 values with a 25-tap kernel (about 80,000
    multiply-adds for sigma = 4). Returns 784 bytes.
    """
    source = as_pixel_bytes(pixels, "elastic_distort")
    _check_rng(rng, "elastic_distort")
    alpha = _check_number(alpha, "alpha", "elastic_distort")
    if alpha < 0:
        raise ValueError(f"elastic_distort: alpha must be >= 0 pixels, got {alpha!r}")
    _check_sigma(sigma, "elastic_distort")
    random_dx = []
    for _ in range(PIXELS_PER_DIGIT):
        random_dx.append(rng.uniform(-1.0, 1.0))
    random_dy = []
    for _ in range(PIXELS_PER_DIGIT):
        random_dy.append(rng.uniform(-1.0, 1.0))
    smooth_dx = smooth(random_dx, sigma)
    smooth_dy = smooth(random_dy, sigma)
    out = bytearray(PIXELS_PER_DIGIT)
    for r in range(ROWS):
        for c in range(COLS):
            k = r * COLS + c
            source_row = r + alpha * smooth_dy[k]
            source_col = c + alpha * smooth_dx[k]
            out[k] = _to_byte(bilinear_sample(source, source_row, source_col))
    return bytes(out)


# %% All of them, with random amounts ------------------------------------------------

def _check_options(max_shift, max_degrees, scale_range, alpha, sigma,
                   where: str) -> Tuple[int, float, Tuple[float, float], float, float]:
    """Check random_augment's options once; ValueError naming ``where`` and the option."""
    max_shift = _check_whole(max_shift, "max_shift", where)
    if not 0 <= max_shift < COLS:
        raise ValueError(f"{where}: max_shift must be 0..{COLS - 1} pixels, got {max_shift}")
    max_degrees = _check_number(max_degrees, "max_degrees", where)
    if max_degrees < 0:
        raise ValueError(f"{where}: max_degrees must be >= 0, got {max_degrees}")
    if max_degrees > MAX_ANGLE:
        raise ValueError(f"{where}: max_degrees must be at most {MAX_ANGLE:g} (a full "
                         f"turn; more only repeats the turns), got {max_degrees:g}")
    if isinstance(scale_range, (str, bytes, dict)) or not hasattr(scale_range, "__len__") \
            or len(scale_range) != 2:
        raise ValueError(f"{where}: scale_range must be a pair (smallest, largest) of zoom "
                         f"factors such as (0.9, 1.1), got {_short(scale_range)}")
    low, high = scale_range
    low = _check_number(low, "scale_range[0]", where)
    high = _check_number(high, "scale_range[1]", where)
    if not 0 < low <= high:
        raise ValueError(f"{where}: scale_range must be (smallest, largest) with "
                         f"0 < smallest <= largest, got {_short(scale_range)}")
    _check_factor(low, "scale_range[0]", where)
    _check_factor(high, "scale_range[1]", where)
    alpha = _check_number(alpha, "alpha", where)
    if alpha < 0:
        raise ValueError(f"{where}: alpha must be >= 0, got {alpha}")
    sigma = _check_sigma(sigma, where)
    return max_shift, max_degrees, (low, high), alpha, sigma


def random_augment(pixels: Pixels, rng: random.Random, max_shift: int = MAX_SHIFT,
                   max_degrees: float = MAX_DEGREES,
                   scale_range: Tuple[float, float] = SCALE_RANGE,
                   elastic: bool = False, alpha: float = ELASTIC_ALPHA,
                   sigma: float = ELASTIC_SIGMA) -> bytes:
    """A random variation of the digit: turned, zoomed, (optionally) bent, then shifted.

    Draws, from ``rng`` and in this order:

        degrees = uniform(-max_degrees, max_degrees)
        factor  = uniform(scale_range[0], scale_range[1])
        dx      = a whole number from -max_shift to max_shift (each equally likely)
        dy      = a whole number from -max_shift to max_shift
        (with elastic=True, then the 2 * 784 numbers of elastic_distort)

    and returns shift(elastic_distort(rotate_and_scale(in, degrees, factor)), dx, dy),
    without the elastic step unless ``elastic``. Turning and zooming happen in one
    interpolation (less blur), shifting last and exactly (no blur at all).

    The defaults fit MNIST, whose digits were centred in the 28x28 box by their centre
    of mass and sized to fit a 20x20 box: a 4-pixel margin. So a 2-pixel shift keeps the
    ink inside; people slant digits by roughly 10 degrees either way, and 10 degrees
    does not turn a 6 into a 9 or a 1 into a 7; 90%..110% is the spread of sizes
    between writers. Larger amounts start to make digits no person writes.
    """
    max_shift, max_degrees, (low, high), alpha, sigma = _check_options(
        max_shift, max_degrees, scale_range, alpha, sigma, "random_augment")
    _check_rng(rng, "random_augment")
    if not isinstance(elastic, bool):
        raise ValueError(f"random_augment: elastic must be True or False, got "
                         f"{_short(elastic)}")
    degrees = rng.uniform(-max_degrees, max_degrees)
    factor = rng.uniform(low, high)
    dx = rng.randint(-max_shift, max_shift)
    dy = rng.randint(-max_shift, max_shift)
    out = as_pixel_bytes(pixels, "random_augment")
    if degrees != 0.0 or factor != 1.0:
        out = rotate_and_scale(out, degrees, factor)
    if elastic:
        out = elastic_distort(out, rng, alpha, sigma)
    return shift(out, dx, dy)


# %% A sequence of augmented digits, for Network.train -------------------------------

SEED_BLOCK = 2 ** 32   # room for each of epoch and i inside item_seed's number


def item_seed(seed: int, epoch: int, i: int) -> int:
    """One whole number for (seed, epoch, i), different for every different triple.

        seed_code = 2 * seed        for seed >= 0
                  = -2 * seed - 1   for seed < 0   (random.Random ignores an int's sign)
        item_seed = (seed_code * 2^32 + epoch) * 2^32 + i,   0 <= epoch, i < 2^32

    Like writing seed_code, epoch and i side by side as the "digits" of one number in
    base 2^32: no two triples give the same number. Plain arithmetic, not hash(), so
    it is the same on every run and interpreter. (random.Random("seed:epoch:i") would
    do as well but costs 0.1 ms per digit on PyPy, more than the augmentation.)
    """
    for name, value in (("seed", seed), ("epoch", epoch), ("i", i)):
        if not is_whole(value):
            raise ValueError(f"item_seed: {name} must be a whole number, got {value!r}")
    seed, epoch, i = int(seed), int(epoch), int(i)
    if not 0 <= epoch < SEED_BLOCK or not 0 <= i < SEED_BLOCK:
        raise ValueError(f"item_seed: epoch and i must be 0..{SEED_BLOCK - 1}, "
                         f"got epoch={epoch}, i={i}")
    if seed >= 0:
        seed_code = 2 * seed
    else:
        seed_code = -2 * seed - 1
    return (seed_code * SEED_BLOCK + epoch) * SEED_BLOCK + i


class AugmentedImages(collections.abc.Sequence):
    """Random variations of some digits, made on demand: a drop-in for ``digits.images``.

        train_images = AugmentedImages(train, seed=0, epoch=epoch)
        net.train(train_images, train.labels, epochs=1, ...)

    images[i] = [x1, ..., x784], x = pixel / 255, of
        random_augment(digits.pixels(i), random.Random(item_seed(seed, epoch, i)), **options)

    Determinism: each digit gets its own random.Random, seeded with one whole number
    made from (seed, epoch, i) by plain arithmetic (``item_seed``, no hash()), so the
    same (seed, epoch, i) gives the same copy on every run, on CPython and PyPy,
    whatever PYTHONHASHSEED is: asking for images[i] twice gives the same floats, and a
    run resumed at epoch 3 sees the copies the first run saw at epoch 3. A different
    epoch gives different copies. Nothing generated is kept (memory stays at the
    digits' 784 bytes each), so every images[i] costs one augmentation; Network.train
    reads each X[i] once per call when checking the data and once when training.

    One wrapper per epoch: construction only stores its arguments, and
    ``images.for_epoch(epoch)`` makes the next one with the same options.

    digits   a Digits (or anything with len() and pixels(i) giving 784 bytes)
    options  max_shift, max_degrees, scale_range, elastic, alpha, sigma: as in
             random_augment (checked here, once)
    """

    # Every copy is a list of finite floats in [0, 1] (see DigitImages).
    samples_are_checked = True

    def __init__(self, digits, seed: int = 0, epoch: int = 0, max_shift: int = MAX_SHIFT,
                 max_degrees: float = MAX_DEGREES,
                 scale_range: Tuple[float, float] = SCALE_RANGE, elastic: bool = False,
                 alpha: float = ELASTIC_ALPHA, sigma: float = ELASTIC_SIGMA):
        for name, value in (("seed", seed), ("epoch", epoch)):
            if not is_whole(value):
                raise ValueError(f"AugmentedImages: {name} must be a whole number, "
                                 f"got {value!r}")
        seed, epoch = int(seed), int(epoch)
        if isinstance(digits, DigitImages) or not (callable(getattr(digits, "pixels", None))
                                                   and hasattr(digits, "__len__")):
            hint = (": pass the Digits itself (train), not train.images"
                    if isinstance(digits, (DigitImages, list)) else "")
            raise ValueError(f"AugmentedImages needs a Digits (anything with len() and "
                             f"pixels(i)), got {_short(digits)}{hint}")
        if not isinstance(elastic, bool):
            raise ValueError(f"AugmentedImages: elastic must be True or False, got "
                             f"{_short(elastic)}")
        if not 0 <= epoch < SEED_BLOCK:
            raise ValueError(f"AugmentedImages: epoch must be 0..{SEED_BLOCK - 1}, "
                             f"got {epoch}")
        if len(digits) > SEED_BLOCK:
            raise ValueError(f"AugmentedImages: at most {SEED_BLOCK:,} digits, "
                             f"got {len(digits):,}")
        (self.max_shift, self.max_degrees, self.scale_range, self.alpha,
         self.sigma) = _check_options(max_shift, max_degrees, scale_range, alpha, sigma,
                                      "AugmentedImages")
        self.digits = digits
        self.seed = seed
        self.epoch = epoch
        self.elastic = bool(elastic)

    def for_epoch(self, epoch: int) -> "AugmentedImages":
        """The same digits, seed and options for another epoch (cheap: nothing is made)."""
        return AugmentedImages(self.digits, seed=self.seed, epoch=epoch,
                               max_shift=self.max_shift, max_degrees=self.max_degrees,
                               scale_range=self.scale_range, elastic=self.elastic,
                               alpha=self.alpha, sigma=self.sigma)

    def __len__(self) -> int:
        return len(self.digits)

    def as_digits(self):
        """This epoch's copies as a Digits: every digit augmented once, now.

        The trainer calls this once per epoch, so that checking the data, training
        and measuring the loss after the epoch all read the same copies without
        making each one three times. It holds one epoch's bytes (784 per digit, as
        much as the digits themselves, 3 MB for 4,000) and is dropped after the
        epoch: memory stays flat.
        """
        from datasets.mnist import Digits
        pieces = []
        for i in range(len(self.digits)):
            pieces.append(self.pixels(i))
        name = f"{getattr(self.digits, 'name', 'digits')}, augmented for epoch {self.epoch}"
        return Digits(b"".join(pieces), list(self.digits.labels), name=name)


    def _index(self, i) -> int:
        """i as an index 0..n-1 (negative counts from the end), or IndexError."""
        n = len(self.digits)
        if isinstance(i, bool) or not isinstance(i, int):
            raise TypeError(f"AugmentedImages: an index must be a whole number, got {i!r}")
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError(f"AugmentedImages: digit {i} is out of range: there are "
                             f"{n:,} digits (0..{n - 1})")
        return i

    def rng_for(self, i: int) -> random.Random:
        """The random.Random that draws digit i's variation in this epoch."""
        i = self._index(i)
        return random.Random(item_seed(self.seed, self.epoch, i))

    def pixels(self, i: int) -> bytes:
        """The augmented digit i as 784 bytes 0..255 (made now, not stored)."""
        i = self._index(i)
        return random_augment(self.digits.pixels(i), self.rng_for(i),
                              max_shift=self.max_shift, max_degrees=self.max_degrees,
                              scale_range=self.scale_range, elastic=self.elastic,
                              alpha=self.alpha, sigma=self.sigma)

    def __getitem__(self, i):
        if isinstance(i, slice):
            result = []
            for j in range(*i.indices(len(self))):
                result.append(self[j])
            return result
        raw = self.pixels(i)
        # x = pixel / 255 for each of the 784 pixels, via the lookup table in mnist.py.
        return [PIXEL_TO_FLOAT[p] for p in raw]

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    def __repr__(self) -> str:
        low, high = self.scale_range
        elastic = (f", elastic alpha={self.alpha:g} sigma={self.sigma:g}"
                   if self.elastic else "")
        return (f"AugmentedImages({len(self)} digits, seed={self.seed}, epoch={self.epoch}, "
                f"shift <= {self.max_shift} px, rotate <= {self.max_degrees:g} degrees, "
                f"scale {low:g}..{high:g}{elastic})")
