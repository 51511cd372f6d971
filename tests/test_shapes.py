"""datasets.shapes: the generators are deterministic, sized as asked, and where they
claim to be (checked with noise=0 against the formulas in their docstrings)."""
import math

import pytest

from datasets import shapes

CLASSIFIERS = ["xor", "moons", "circles", "spirals"]


@pytest.mark.parametrize("name", CLASSIFIERS)
def test_size_and_labels(name):
    X, y = shapes.get_shape(name)(n=51, seed=3)
    assert len(X) == len(y) == 51
    for point in X:
        assert len(point) == 2
        assert math.isfinite(point[0]) and math.isfinite(point[1])
    assert set(y) == {0.0, 1.0}
    if name == "xor":
        # The corners (0,0) (0,1) (1,0) (1,1) take turns: 13+12 zeros, 13+13 ones.
        assert y[:4] == [0.0, 1.0, 1.0, 0.0]
        assert y.count(0.0) == 25 and y.count(1.0) == 26
    else:
        # The classes take turns: 26 zeros and 25 ones.
        assert y[:4] == [0.0, 1.0, 0.0, 1.0]
        assert y.count(0.0) == 26 and y.count(1.0) == 25


@pytest.mark.parametrize("name", CLASSIFIERS)
def test_same_seed_same_points_other_seed_other_points(name):
    make = shapes.get_shape(name)
    assert make(n=40, seed=7) == make(n=40, seed=7)
    X_a, y_a = make(n=40, seed=7)
    X_b, y_b = make(n=40, seed=8)
    assert y_a == y_b          # labels depend only on the position in the list
    assert X_a != X_b
    for point_a, point_b in zip(X_a, X_b):
        assert point_a != point_b


def test_xor_blobs_without_noise_are_the_four_corners():
    X, y = shapes.xor_blobs(n=8, noise=0.0, seed=0)
    assert X == [[0, 0], [0, 1], [1, 0], [1, 1]] * 2
    assert y == [0, 1, 1, 0] * 2


def test_xor_blobs_labels_match_the_nearest_corner():
    X, y = shapes.xor_blobs(n=200, noise=0.1, seed=1)
    for point, label in zip(X, y):
        corner = (round(point[0]), round(point[1]))
        assert label == (1.0 if corner in ((0, 1), (1, 0)) else 0.0)


def test_circles_without_noise_have_the_two_radii():
    X, y = shapes.circles(n=30, noise=0.0, seed=0, factor=0.4)
    for (x1, x2), label in zip(X, y):
        expected = 1.0 if label == 0.0 else 0.4
        assert math.hypot(x1, x2) == pytest.approx(expected)


def test_moons_without_noise_lie_on_their_half_circles():
    X, y = shapes.moons(n=40, noise=0.0, seed=0)
    for (x1, x2), label in zip(X, y):
        # Undo the shift by (-0.5, -0.25) that centres the data.
        u, v = x1 + 0.5, x2 + 0.25
        if label == 0.0:   # (cos t, sin t), t in [0, pi]
            assert math.hypot(u, v) == pytest.approx(1.0)
            assert v >= -1e-12
        else:              # (1 - cos t, 0.5 - sin t)
            assert math.hypot(u - 1.0, v - 0.5) == pytest.approx(1.0)
            assert v <= 0.5 + 1e-12


def test_spirals_without_noise_follow_their_arms():
    turns = 1.25
    X, y = shapes.spirals(n=40, noise=0.0, seed=0, turns=turns)
    for (x1, x2), label in zip(X, y):
        t = math.hypot(x1, x2)
        assert 0.05 <= t <= 1.0
        expected_angle = 2 * math.pi * turns * t + label * math.pi
        # Same direction: the difference of the angles is a whole number of turns.
        difference = (math.atan2(x2, x1) - expected_angle) / (2 * math.pi)
        assert difference == pytest.approx(round(difference), abs=1e-9)


def test_sine_without_noise_is_sin_x():
    X, y = shapes.sine(n=25, noise=0.0, seed=2, low=-1.0, high=2.0)
    assert len(X) == len(y) == 25
    for x, target in zip(X, y):
        assert len(x) == 1
        assert -1.0 <= x[0] <= 2.0
        assert target == math.sin(x[0])


def test_sine_noise_has_about_the_requested_spread():
    X, y = shapes.sine(n=2000, noise=0.2, seed=0)
    total = 0.0
    for x, target in zip(X, y):
        total += (target - math.sin(x[0])) ** 2
    assert math.sqrt(total / len(X)) == pytest.approx(0.2, rel=0.1)


def test_sine_is_deterministic_and_differs_across_seeds():
    assert shapes.sine(n=10, noise=0.1, seed=1) == shapes.sine(n=10, noise=0.1, seed=1)
    assert shapes.sine(n=10, seed=1)[0] != shapes.sine(n=10, seed=2)[0]


@pytest.mark.parametrize("call, message", [
    (lambda: shapes.moons(n=1), "n must be a whole number >= 2"),
    (lambda: shapes.circles(n=10, noise=-0.1), "noise must be a number >= 0"),
    (lambda: shapes.circles(n=10, factor=1.5), "factor"),
    (lambda: shapes.spirals(n=10, turns=0), "turns must be > 0"),
    (lambda: shapes.sine(n=10, low=1.0, high=0.0), "low must be below high"),
    (lambda: shapes.xor_blobs(n=2.5), "n must be a whole number"),
    (lambda: shapes.get_shape("squares"), "unknown shape 'squares'"),
])
def test_bad_arguments_say_what_is_wrong(call, message):
    with pytest.raises(ValueError, match=message):
        call()
