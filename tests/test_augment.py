"""datasets.augment: shifts, rotations, zooms, elastic distortion, and the per-epoch view.

Every expected answer is worked out by hand in the test (where a lit pixel must land,
which bilinear weights apply) or computed independently in the test (index formulas
for quarter and half turns, the Gaussian from its formula). Images are made by hand:
a few lit pixels, a uniform block, or random bytes from a seeded random.Random.
"""
from __future__ import annotations

import math
import os
import random
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from datasets.augment import (AugmentedImages, as_pixel_bytes, bilinear_sample,
                              elastic_distort, gaussian_kernel, ink_box, item_seed,
                              random_augment, rotate, rotate_and_scale, scale, shift, smooth)
from datasets.mnist import Digits, load_bundled_split

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SIDE = 28
N = SIDE * SIDE


# %% Hand-made images ---------------------------------------------------------------

def image_with(lit):
    """784 bytes, all 0 except {(row, col): value}."""
    pixels = bytearray(N)
    for (r, c), value in lit.items():
        pixels[r * SIDE + c] = value
    return bytes(pixels)


def lit_pixels(pixels):
    """{(row, col): value} of every non-zero pixel."""
    found = {}
    for k in range(N):
        if pixels[k]:
            found[(k // SIDE, k % SIDE)] = pixels[k]
    return found


def random_image(seed, first_row=0, last_row=27, first_col=0, last_col=27):
    """Random bytes inside the given rows and columns (inclusive), 0 elsewhere."""
    rng = random.Random(seed)
    pixels = bytearray(N)
    for r in range(first_row, last_row + 1):
        for c in range(first_col, last_col + 1):
            pixels[r * SIDE + c] = rng.randrange(256)
    return bytes(pixels)


def ring_digit():
    """A hand-drawn "0": a ring of ink 2 pixels thick around the centre."""
    pixels = bytearray(N)
    for r in range(SIDE):
        for c in range(SIDE):
            distance = math.hypot(r - 13.5, c - 13.5)
            if 6.0 <= distance <= 8.0:
                pixels[r * SIDE + c] = 255
    return bytes(pixels)


def hand_digits(count=12):
    """A Digits of ``count`` hand-made images (rings and random blocks), labels 0..9."""
    pieces = []
    labels = []
    for i in range(count):
        if i % 2 == 0:
            pieces.append(ring_digit())
        else:
            pieces.append(random_image(i, 6, 21, 6, 21))
        labels.append(i % 10)
    return Digits(b"".join(pieces), labels, name="hand-made")


def check_digit(pixels):
    assert isinstance(pixels, bytes)
    assert len(pixels) == N          # bytes are always 0..255


# %% shift ------------------------------------------------------------------------------

def test_shift_moves_a_lit_pixel_right_and_down():
    # (5, 7) moved 2 right and 1 up lands on row 5 - 1 = 4, column 7 + 2 = 9.
    moved = shift(image_with({(5, 7): 200}), dx=2, dy=-1)
    check_digit(moved)
    assert lit_pixels(moved) == {(4, 9): 200}
    # (5, 7) moved 3 left and 2 down: row 7, column 4.
    assert lit_pixels(shift(image_with({(5, 7): 200}), -3, 2)) == {(7, 4): 200}


def test_shift_loses_pixels_pushed_over_the_edge():
    assert lit_pixels(shift(image_with({(0, 27): 255}), 1, 0)) == {}    # off the right
    assert lit_pixels(shift(image_with({(0, 27): 255}), 0, -1)) == {}   # off the top
    assert lit_pixels(shift(image_with({(0, 27): 255}), -27, 27)) == {(27, 0): 255}


def test_shift_fills_the_uncovered_strip_with_zero():
    # A page full of ink moved 2 right and 1 down: row 0 and columns 0-1 are uncovered,
    # so 27 rows x 26 columns = 702 pixels keep their ink.
    moved = shift(bytes([255] * N), 2, 1)
    lit = lit_pixels(moved)
    assert len(lit) == 27 * 26
    for r in range(SIDE):
        for c in range(SIDE):
            expected = 255 if (r >= 1 and c >= 2) else 0
            assert moved[r * SIDE + c] == expected, (r, c)


@given(r=st.integers(0, 27), c=st.integers(0, 27), dx=st.integers(-30, 30),
       dy=st.integers(-30, 30), value=st.integers(1, 255))
def test_shift_of_one_pixel_anywhere(r, c, dx, dy, value):
    moved = shift(image_with({(r, c): value}), dx, dy)
    if 0 <= r + dy < SIDE and 0 <= c + dx < SIDE:
        assert lit_pixels(moved) == {(r + dy, c + dx): value}
    else:
        assert lit_pixels(moved) == {}


def test_shift_there_and_back_restores_an_interior_image():
    picture = random_image(1, 2, 25, 2, 25)     # a 2-pixel empty border
    assert shift(shift(picture, 2, -2), -2, 2) == picture
    assert shift(picture, 0, 0) == picture


def test_shift_accepts_a_list_of_ints():
    picture = random_image(2)
    assert shift(list(picture), 1, 1) == shift(picture, 1, 1)


def plain_shift(pixels, dx, dy):
    """shift as its docstring defines it, one pixel at a time:
    out[r][c] = in[r - dy][c - dx] inside the picture, 0 outside."""
    out = bytearray(N)
    for r in range(SIDE):
        for c in range(SIDE):
            if 0 <= r - dy < SIDE and 0 <= c - dx < SIDE:
                out[r * SIDE + c] = pixels[(r - dy) * SIDE + (c - dx)]
    return bytes(out)


def test_shift_is_its_definition_for_every_amount():
    # shift copies whole runs of a row at once; here every pixel is placed one by one.
    # Every dx from -29 to 29 (past both edges) with a few dy, and the other way round.
    picture = random_image(6)                   # ink everywhere, up to every border
    few = (-29, -28, -27, -1, 0, 3, 27, 28, 29)
    amounts = set()
    for a in range(-29, 30):
        for b in few:
            amounts.add((a, b))
            amounts.add((b, a))
    for dx, dy in sorted(amounts):
        assert shift(picture, dx, dy) == plain_shift(picture, dx, dy), (dx, dy)


# %% bilinear interpolation ---------------------------------------------------------------

def test_bilinear_sample_between_two_pixels_is_the_weighted_mean():
    picture = image_with({(10, 10): 100, (10, 11): 200})
    assert bilinear_sample(picture, 10, 10) == 100          # on a pixel centre: itself
    assert bilinear_sample(picture, 10, 10.5) == 150        # halfway: (100 + 200) / 2
    # A quarter of the way from (10, 10) to (10, 11): 0.75 * 100 + 0.25 * 200 = 125.
    assert bilinear_sample(picture, 10, 10.25) == pytest.approx(125.0, abs=1e-12)
    # Halfway down to the empty row 11 as well: 0.5 * 150 + 0.5 * 0 = 75.
    assert bilinear_sample(picture, 10.5, 10.5) == pytest.approx(75.0, abs=1e-12)
    # (10.25, 10.75): weights 0.75*0.25 on 100, 0.75*0.75 on 200, 0.25*... on the zeros
    # = 18.75 + 112.5 = 131.25.
    assert bilinear_sample(picture, 10.25, 10.75) == pytest.approx(131.25, abs=1e-12)


def test_bilinear_sample_counts_outside_as_zero():
    picture = image_with({(0, 0): 200, (27, 27): 80})
    # Half a pixel above (0, 0): half of it, half the blank outside: 100.
    assert bilinear_sample(picture, -0.5, 0) == pytest.approx(100.0, abs=1e-12)
    # A quarter pixel right of (27, 27): 0.75 * 80 + 0.25 * 0 = 60.
    assert bilinear_sample(picture, 27, 27.25) == pytest.approx(60.0, abs=1e-12)
    assert bilinear_sample(picture, -1, 0) == 0.0
    assert bilinear_sample(picture, 5, 28) == 0.0
    # Far outside, beside a lit corner: still nothing (no copying of the edge).
    assert bilinear_sample(picture, -5, 0) == 0.0
    assert bilinear_sample(picture, 27, 31.5) == 0.0
    assert bilinear_sample(picture, -40.5, 90.25) == 0.0


# %% rotate and scale -------------------------------------------------------------------

def test_rotate_by_0_and_scale_by_1_are_the_identity():
    picture = random_image(3)
    assert rotate(picture, 0) == picture
    assert scale(picture, 1.0) == picture
    assert rotate_and_scale(picture, 0.0, 1.0) == picture


def test_a_quarter_turn_moves_a_lit_pixel_by_hand():
    # Pixel (5, 20) is 20 - 13.5 = 6.5 right of the centre and 13.5 - 5 = 8.5 above it.
    # A quarter turn counter-clockwise takes "right" to "up" and "up" to "left": the
    # pixel ends 6.5 above and 8.5 left of the centre, at (13.5 - 6.5, 13.5 - 8.5) = (7, 5).
    assert lit_pixels(rotate(image_with({(5, 20): 255}), 90)) == {(7, 5): 255}
    # Clockwise ("right" to "down", "up" to "right"): 6.5 below, 8.5 right = (20, 22).
    assert lit_pixels(rotate(image_with({(5, 20): 255}), -90)) == {(20, 22): 255}
    # The top right corner goes to the top left one.
    assert lit_pixels(rotate(image_with({(0, 27): 9}), 90)) == {(0, 0): 9}


def test_a_corner_turned_by_45_degrees_leaves_the_picture():
    # Pixel (0, 0) is 13.5 left and 13.5 above the centre, 13.5 * sqrt(2) = 19.1 away.
    # Turned 45 degrees counter-clockwise it points straight left: 19.1 left of the
    # centre, at column 13.5 - 19.1 = -5.6, outside. Nothing is left.
    assert lit_pixels(rotate(image_with({(0, 0): 255}), 45)) == {}
    # Turned clockwise it points straight up: row -5.6, also outside.
    assert lit_pixels(rotate(image_with({(0, 0): 255}), -45)) == {}


def test_a_quarter_turn_of_a_whole_image_is_an_index_shuffle():
    # Counter-clockwise: in[r][c] lands at out[27 - c][r] (source points are pixel
    # centres, so bilinear adds nothing). Built here with plain indexing.
    picture = random_image(4)
    expected = bytearray(N)
    for r in range(SIDE):
        for c in range(SIDE):
            expected[(27 - c) * SIDE + r] = picture[r * SIDE + c]
    assert rotate(picture, 90) == bytes(expected)


def test_a_half_turn_reverses_the_pixels_and_twice_is_the_identity():
    picture = random_image(5, 3, 24, 3, 24)
    turned = rotate(picture, 180)
    # (r, c) -> (27 - r, 27 - c): byte k = 28r + c goes to 783 - k.
    assert turned == bytes(reversed(picture))
    assert rotate(turned, 180) == picture


def test_rotating_keeps_the_ink_of_a_ring():
    # A ring about the centre looks the same after any turn, up to the blur of the
    # interpolation: the total ink stays within 3%.
    ring = ring_digit()
    ink = sum(ring)
    for degrees in (7.0, 23.0, -41.0):
        assert sum(rotate(ring, degrees)) == pytest.approx(ink, rel=0.03)


def test_scale_by_2_of_a_uniform_block_by_hand():
    # Ink 255 in rows and columns 10..17 (an 8x8 block centred on 13.5). With factor 2,
    # output row r reads source row 13.5 + (r - 13.5) / 2:
    #   r = 4 -> 8.75 (rows 8, 9: both blank)      -> 0
    #   r = 5 -> 9.25 (0.75 of row 9, 0.25 of 10)  -> 0.25
    #   r = 6 -> 9.75                              -> 0.75
    #   r = 7 .. 20 -> 10.25 .. 16.75 (inside)      -> 1
    #   r = 21 -> 17.25, r = 22 -> 17.75, r = 23 -> 18.25: 0.75, 0.25, 0
    # Columns the same; the block is separable, so out = 255 * share(r) * share(c),
    # rounded half up.
    block = {}
    for r in range(10, 18):
        for c in range(10, 18):
            block[(r, c)] = 255
    share = [0.0] * SIDE
    share[5] = share[22] = 0.25
    share[6] = share[21] = 0.75
    for k in range(7, 21):
        share[k] = 1.0
    zoomed = scale(image_with(block), 2.0)
    for r in range(SIDE):
        for c in range(SIDE):
            expected = math.floor(255 * share[r] * share[c] + 0.5)
            assert zoomed[r * SIDE + c] == expected, (r, c)
    assert zoomed[6 * SIDE + 6] == 143      # 255 * 0.75 * 0.75 = 143.4375
    assert zoomed[5 * SIDE + 5] == 16       # 255 * 0.25 * 0.25 = 15.9375


def test_scale_by_half_of_a_uniform_block_by_hand():
    # Factor 0.5: output row r reads source row 13.5 + 2 * (r - 13.5).
    # r = 12 -> 10.5, r = 15 -> 16.5 (inside the block 10..17); r = 11 -> 8.5 and
    # r = 16 -> 18.5 (blank). So the block becomes rows and columns 12..15, still 255.
    block = {}
    for r in range(10, 18):
        for c in range(10, 18):
            block[(r, c)] = 255
    expected = {}
    for r in range(12, 16):
        for c in range(12, 16):
            expected[(r, c)] = 255
    assert lit_pixels(scale(image_with(block), 0.5)) == expected


def plain_rotate_and_scale(pixels, degrees, factor):
    """rotate_and_scale as its docstring defines it: every one of the 784 output pixels
    read with bilinear_sample at its source point, and rounded halves up into 0..255;
    nothing skipped, nothing written out by hand."""
    t = math.radians(degrees)
    cos_over_factor = math.cos(t) / factor
    sin_over_factor = math.sin(t) / factor
    out = bytearray(N)
    for r in range(SIDE):
        for c in range(SIDE):
            u = c - 13.5
            v = r - 13.5
            source_col = 13.5 + u * cos_over_factor - v * sin_over_factor
            source_row = 13.5 + u * sin_over_factor + v * cos_over_factor
            value = bilinear_sample(pixels, source_row, source_col)
            out[r * SIDE + c] = min(255, max(0, math.floor(value + 0.5)))
    return bytes(out)


def test_ink_box_by_hand():
    assert ink_box(bytes(N)) is None
    assert ink_box(image_with({(3, 5): 1})) == (3, 3, 5, 5)
    assert ink_box(image_with({(3, 5): 1, (10, 2): 200, (7, 27): 9})) == (3, 10, 2, 27)
    assert ink_box(bytes([255] * N)) == (0, 27, 0, 27)
    assert ink_box(list(image_with({(20, 1): 3}))) == (20, 20, 1, 1)   # a list of ints
    with pytest.raises(ValueError, match="ink_box: a digit is 28x28 = 784 pixels"):
        ink_box(bytes(783))


def pictures_to_turn():
    """Real bundled digits, some pushed against the border, and made-up extremes."""
    train, _ = load_bundled_split()
    pictures = []
    for i in range(0, 1200, 40):                # 30 real digits
        pictures.append(train.pixels(i))
    for i, (dx, dy) in enumerate([(-8, 0), (8, 0), (0, -8), (0, 8), (-6, 6), (7, -7)]):
        pictures.append(shift(train.pixels(i), dx, dy))   # ink up to (and over) an edge
    pictures.append(bytes(N))                   # blank
    pictures.append(bytes([255] * N))           # full ink everywhere
    pictures.append(random_image(7))            # random ink up to every border
    pictures.append(image_with({(0, 0): 255, (27, 27): 255}))   # two opposite corners
    pictures.append(image_with({(13, 14): 128}))                 # one pixel, mid-picture
    return pictures


def test_rotate_and_scale_is_its_definition_byte_for_byte():
    # rotate_and_scale skips the pixels that cannot touch ink and does bilinear
    # interpolation in its own loop; this proves it changes not one byte of the plain
    # definition: random amounts (the default range and far beyond it) and the extremes.
    rng = random.Random(16)
    extremes = [(0.0, 1.0), (45.0, 0.5), (-45.0, 2.0), (45.0, 2.0), (-45.0, 0.5),
                (10.0, 1.1), (-10.0, 0.9), (90.0, 1.0), (180.0, 1.0), (0.0, 2.0),
                (0.0, 0.5), (1e-9, 1.0), (30.0, 0.01), (30.0, 100.0)]
    for picture in pictures_to_turn():
        amounts = list(extremes)
        for _ in range(6):
            amounts.append((rng.uniform(-10.0, 10.0), rng.uniform(0.9, 1.1)))
            amounts.append((rng.uniform(-180.0, 180.0), 2 ** rng.uniform(-1.0, 1.0)))
        for degrees, factor in amounts:
            assert rotate_and_scale(picture, degrees, factor) == \
                plain_rotate_and_scale(picture, degrees, factor), (degrees, factor)


# %% elastic distortion ----------------------------------------------------------------

def test_gaussian_kernel_from_its_formula():
    sigma = 1.5
    kernel = gaussian_kernel(sigma)
    radius = 5                                   # ceil(3 * 1.5) = ceil(4.5) = 5
    assert len(kernel) == 2 * radius + 1
    assert sum(kernel) == pytest.approx(1.0, abs=1e-12)
    unnormalised = []
    for j in range(-radius, radius + 1):
        unnormalised.append(math.exp(-j * j / (2 * sigma * sigma)))
    total = math.fsum(unnormalised)
    for j in range(len(kernel)):
        assert kernel[j] == pytest.approx(unnormalised[j] / total, rel=1e-12)
    assert kernel[radius + 1] / kernel[radius] == pytest.approx(math.exp(-1 / 4.5), rel=1e-12)


def test_smooth_of_a_single_spike_is_the_2d_gaussian():
    # A 1 at (14, 14), 0 elsewhere: the blur at (14 + a, 14 + b) is k[a] * k[b].
    sigma = 1.0
    radius = 3
    g = []
    for j in range(-radius, radius + 1):
        g.append(math.exp(-j * j / 2.0))
    total = math.fsum(g)
    field = [0.0] * N
    field[14 * SIDE + 14] = 1.0
    blurred = smooth(field, sigma)
    for r in range(SIDE):
        for c in range(SIDE):
            a, b = r - 14, c - 14
            if abs(a) <= radius and abs(b) <= radius:
                expected = (g[a + radius] / total) * (g[b + radius] / total)
            else:
                expected = 0.0
            assert blurred[r * SIDE + c] == pytest.approx(expected, abs=1e-15), (r, c)


def test_smooth_keeps_a_constant_away_from_the_edges():
    # All weights add up to 1, so a field of 3s stays 3 where the kernel fits inside;
    # at a corner, only the inside 4 of 7 x 4 of 7 weights count (outside is 0).
    blurred = smooth([3.0] * N, 1.0)
    assert blurred[14 * SIDE + 14] == pytest.approx(3.0, abs=1e-12)
    kernel = gaussian_kernel(1.0)
    inside = kernel[3] + kernel[4] + kernel[5] + kernel[6]
    assert blurred[0] == pytest.approx(3.0 * inside * inside, abs=1e-12)


def test_elastic_follows_its_recipe():
    # Redo the three documented steps here: draw 784 dx then 784 dy from the same
    # generator, blur each (smooth is tested above), scale by alpha, and read the input
    # at (r + dy, c + dx) with bilinear_sample (tested above), rounding halves up.
    ring = ring_digit()
    alpha, sigma = 20.0, 3.0
    hand = random.Random(99)
    dx = []
    for _ in range(N):
        dx.append(hand.uniform(-1.0, 1.0))
    dy = []
    for _ in range(N):
        dy.append(hand.uniform(-1.0, 1.0))
    dx = smooth(dx, sigma)
    dy = smooth(dy, sigma)
    expected = bytearray(N)
    for r in range(SIDE):
        for c in range(SIDE):
            k = r * SIDE + c
            value = bilinear_sample(ring, r + alpha * dy[k], c + alpha * dx[k])
            expected[k] = min(255, max(0, math.floor(value + 0.5)))
    assert elastic_distort(ring, random.Random(99), alpha, sigma) == bytes(expected)


def test_elastic_with_alpha_0_is_the_identity():
    picture = random_image(7)
    assert elastic_distort(picture, random.Random(1), alpha=0.0) == picture


def test_elastic_same_seed_same_output_different_seed_different():
    ring = ring_digit()
    first = elastic_distort(ring, random.Random(11))
    check_digit(first)
    assert elastic_distort(ring, random.Random(11)) == first
    assert elastic_distort(ring, random.Random(12)) != first
    assert first != ring
    # Bending moves ink about but neither creates nor removes much of it.
    assert sum(first) == pytest.approx(sum(ring), rel=0.15)


def test_elastic_with_a_large_sigma_is_nearly_a_plain_shift():
    # With sigma = 30 the kernel covers the whole picture, so every pixel gets almost
    # the same displacement: the picture moves, it does not change shape. Check that
    # the ink's centre of mass moved but its spread (second moment) hardly changed.
    ring = ring_digit()
    bent = elastic_distort(ring, random.Random(3), alpha=200.0, sigma=30.0)

    def moments(pixels):
        total = row_sum = col_sum = 0.0
        for k in range(N):
            total += pixels[k]
            row_sum += pixels[k] * (k // SIDE)
            col_sum += pixels[k] * (k % SIDE)
        centre_r, centre_c = row_sum / total, col_sum / total
        spread = 0.0
        for k in range(N):
            spread += pixels[k] * ((k // SIDE - centre_r) ** 2 + (k % SIDE - centre_c) ** 2)
        return centre_r, centre_c, spread / total

    r0, c0, spread0 = moments(ring)
    r1, c1, spread1 = moments(bent)
    assert spread1 == pytest.approx(spread0, rel=0.15)
    assert math.hypot(r1 - r0, c1 - c0) > 0.05


# %% random_augment ---------------------------------------------------------------------

def test_random_augment_with_no_room_to_vary_is_the_identity():
    picture = random_image(8)
    same = random_augment(picture, random.Random(0), max_shift=0, max_degrees=0.0,
                          scale_range=(1.0, 1.0))
    assert same == picture


def test_random_augment_draws_its_amounts_in_the_documented_order():
    # The same generator state, drawn by hand in the documented order, must give the
    # same picture as the two-step recipe: rotate_and_scale, then shift.
    ring = ring_digit()
    hand = random.Random(42)
    degrees = hand.uniform(-10.0, 10.0)
    factor = hand.uniform(0.9, 1.1)
    dx = hand.randint(-2, 2)
    dy = hand.randint(-2, 2)
    expected = shift(rotate_and_scale(ring, degrees, factor), dx, dy)
    assert random_augment(ring, random.Random(42)) == expected


def test_random_augment_shift_only_gives_one_of_the_25_shifts():
    picture = random_image(9, 3, 24, 3, 24)
    allowed = set()
    for dx in range(-2, 3):
        for dy in range(-2, 3):
            allowed.add(shift(picture, dx, dy))
    seen = set()
    for seed in range(60):
        out = random_augment(picture, random.Random(seed), max_shift=2, max_degrees=0.0,
                             scale_range=(1.0, 1.0))
        assert out in allowed
        seen.add(out)
    assert len(seen) > 10      # 60 draws from 25 equally likely shifts


def test_random_augment_is_seeded():
    ring = ring_digit()
    first = random_augment(ring, random.Random(5), elastic=True)
    assert random_augment(ring, random.Random(5), elastic=True) == first
    assert random_augment(ring, random.Random(6), elastic=True) != first
    assert random_augment(ring, random.Random(5)) != random_augment(ring, random.Random(6))


# %% errors -----------------------------------------------------------------------------

def test_errors_name_the_function_and_what_was_expected():
    with pytest.raises(ValueError, match=r"shift: a digit is 28x28 = 784 pixels, got 783"):
        shift(bytes(783), 1, 1)
    with pytest.raises(ValueError, match=r"rotate_and_scale: pixel 0 .* is 0\.5"):
        rotate([0.5] * N, 10)
    with pytest.raises(ValueError, match=r"pixel 3 \(row 0, column 3\) is 256"):
        as_pixel_bytes([0, 0, 0, 256] + [0] * 780)
    with pytest.raises(ValueError, match=r"shift: dx must be a whole number"):
        shift(bytes(N), 1.5, 0)
    with pytest.raises(ValueError, match=r"factor must be > 0"):
        scale(bytes(N), 0.0)
    with pytest.raises(ValueError, match=r"degrees must be a finite number"):
        rotate(bytes(N), float("nan"))
    with pytest.raises(ValueError, match=r"sigma must be > 0"):
        elastic_distort(bytes(N), random.Random(0), sigma=0.0)
    with pytest.raises(ValueError, match=r"random_augment: max_shift must be 0\.\.27"):
        random_augment(bytes(N), random.Random(0), max_shift=28)
    with pytest.raises(ValueError, match=r"0 < smallest <= largest"):
        random_augment(bytes(N), random.Random(0), scale_range=(1.1, 0.9))
    with pytest.raises(TypeError, match=r"random_augment: rng must be a random.Random"):
        random_augment(bytes(N), 0)
    with pytest.raises(ValueError, match=r"AugmentedImages: epoch must be"):
        AugmentedImages(hand_digits(), epoch=-1)


# %% property test: any amounts, any picture ---------------------------------------------

@settings(max_examples=40, deadline=None)
@given(picture=st.binary(min_size=N, max_size=N),
       degrees=st.floats(-720, 720, allow_nan=False),
       factor=st.floats(0.05, 20.0),
       dx=st.integers(-40, 40), dy=st.integers(-40, 40),
       alpha=st.floats(0.0, 200.0), sigma=st.floats(0.2, 10.0),
       seed=st.integers(0, 2 ** 40))
def test_any_amounts_give_784_bytes(picture, degrees, factor, dx, dy, alpha, sigma, seed):
    check_digit(shift(picture, dx, dy))
    check_digit(rotate(picture, degrees))
    check_digit(scale(picture, factor))
    check_digit(rotate_and_scale(list(picture), degrees, factor))
    check_digit(elastic_distort(picture, random.Random(seed), alpha, sigma))


@settings(max_examples=30, deadline=None)
@given(picture=st.binary(min_size=N, max_size=N), seed=st.integers(0, 2 ** 40),
       max_shift=st.integers(0, 27), max_degrees=st.floats(0.0, 360.0),
       low=st.floats(0.1, 3.0), extra=st.floats(0.0, 3.0), elastic=st.booleans())
def test_random_augment_never_raises(picture, seed, max_shift, max_degrees, low, extra,
                                     elastic):
    out = random_augment(picture, random.Random(seed), max_shift=max_shift,
                         max_degrees=max_degrees, scale_range=(low, low + extra),
                         elastic=elastic)
    check_digit(out)


# %% AugmentedImages: the view a training loop reads ----------------------------------------

def test_item_seed_by_hand_and_never_twice_the_same():
    assert item_seed(0, 0, 0) == 0
    assert item_seed(1, 2, 3) == (2 * 2 ** 32 + 2) * 2 ** 32 + 3     # seed_code 2
    assert item_seed(-1, 0, 0) == 1 * 2 ** 64                         # seed_code 1
    seen = set()
    for seed in range(-3, 4):
        for epoch in range(4):
            for i in range(5):
                seen.add(item_seed(seed, epoch, i))
    assert len(seen) == 7 * 4 * 5


def test_the_view_gives_floats_of_the_augmented_digit():
    digits = hand_digits()
    view = AugmentedImages(digits, seed=3, epoch=2)
    assert len(view) == len(digits)
    for i in range(len(digits)):
        x = view[i]
        assert len(x) == N
        expected_bytes = random_augment(digits.pixels(i), random.Random(item_seed(3, 2, i)))
        for k in range(N):
            assert 0.0 <= x[k] <= 1.0
            assert x[k] == expected_bytes[k] / 255
    assert view[-1] == view[len(digits) - 1]
    with pytest.raises(IndexError, match=r"digit 12 is out of range"):
        view[12]


def test_the_view_is_deterministic_per_seed_epoch_and_index():
    digits = hand_digits()
    first = AugmentedImages(digits, seed=0, epoch=1)
    again = AugmentedImages(digits, seed=0, epoch=1)
    for i in range(len(digits)):
        assert first[i] == again[i]
        assert first[i] == first[i]                      # asking twice: the same
        assert first[i] is not first[i]                  # ... but a fresh list
    assert first.for_epoch(1)[4] == first[4]
    next_epoch = first.for_epoch(2)
    other_seed = AugmentedImages(digits, seed=1, epoch=1)
    differ_by_epoch = 0
    differ_by_seed = 0
    for i in range(len(digits)):
        differ_by_epoch += next_epoch[i] != first[i]
        differ_by_seed += other_seed[i] != first[i]
    assert differ_by_epoch >= len(digits) - 1
    assert differ_by_seed >= len(digits) - 1


def test_the_view_stores_no_generated_images():
    digits = hand_digits()
    view = AugmentedImages(digits, seed=0, epoch=0, elastic=True)
    before = dict(vars(view))
    for i in range(len(view)):
        view[i]
    assert vars(view) == before
    # Only the digits and a handful of numbers: nothing the size of a picture.
    for name, value in vars(view).items():
        if value is not digits:
            assert not isinstance(value, (list, bytes, bytearray, dict)), name


@pytest.mark.skipif(sys.implementation.name != "cpython",
                    reason="tracemalloc counts memory on CPython only")
def test_reading_the_view_keeps_memory_flat():
    import tracemalloc
    digits = hand_digits(200)
    view = AugmentedImages(digits, seed=0, epoch=0)
    view[0]
    tracemalloc.start()
    start, _ = tracemalloc.get_traced_memory()
    for i in range(len(view)):
        view[i]
    end, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # Keeping 200 images of 784 floats would hold at least 200 * 784 * 8 bytes = 1.25 MB.
    assert end - start < 50_000


HASH_SEED_SCRIPT = """
import hashlib, random, sys
sys.path.insert(0, sys.argv[1])
from datasets.augment import AugmentedImages
from datasets.mnist import Digits
rng = random.Random(1)
pixels = bytearray()
for _ in range(6 * 784):
    pixels.append(rng.randrange(256))
view = AugmentedImages(Digits(bytes(pixels), [0, 1, 2, 3, 4, 5]), seed=7, epoch=3)
augmented = b""
for i in range(len(view)):
    augmented += view.pixels(i)
print(hashlib.sha256(augmented).hexdigest())
"""


def test_the_view_does_not_depend_on_the_hash_seed():
    # The same script under two different PYTHONHASHSEEDs must print the same digest.
    outputs = []
    for hash_seed in ("1", "2"):
        environment = dict(os.environ, PYTHONHASHSEED=hash_seed)
        result = subprocess.run([sys.executable, "-c", HASH_SEED_SCRIPT, ROOT], cwd=ROOT,
                                env=environment, capture_output=True, text=True, check=True)
        outputs.append(result.stdout.strip())
    assert len(outputs[0]) == 64
    assert outputs[0] == outputs[1]


def test_network_train_reads_the_view():
    from network import Network
    digits = hand_digits(10)
    net = Network([784, 3, 10], activation="relu", loss="cross_entropy", seed=0)
    history = net.train(AugmentedImages(digits, seed=0, epoch=0), digits.labels, epochs=1,
                        learning_rate=0.01)
    assert len(history) == 1 and math.isfinite(history[0])


def test_repr_shows_the_options():
    text = repr(AugmentedImages(hand_digits(), seed=3, epoch=5))
    assert text == ("AugmentedImages(12 digits, seed=3, epoch=5, shift <= 2 px, "
                    "rotate <= 10 degrees, scale 0.9..1.1)")
