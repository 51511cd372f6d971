"""Toy data sets made from a seed: four 2-D classification shapes and a 1-D curve.

    xor_blobs(n, noise, seed)   four clouds at the corners of the unit square; class 1
                                where exactly one coordinate is 1 (XOR with noise)
    moons(n, noise, seed)       two interleaved half circles
    circles(n, noise, seed)     a small circle (class 1) inside a big one (class 0)
    spirals(n, noise, seed)     two spiral arms wound around each other
    sine(n, noise, seed)        points (x, sin(x) + noise) for regression

Every classification set returns (X, y): X is a list of n points [x1, x2] and y a
list of n labels 0.0 or 1.0. The classes take turns (y = [0, 1, 0, 1, ...]; for
xor_blobs the four corners do, y = [0, 1, 1, 0, ...]), so half the points are in
each class and the order needs no shuffling. ``sine`` returns X as a list of
one-number inputs [x] and y as the list of targets.

All the randomness comes from ``random.Random(seed)``: the same seed gives the same
points on every machine and Python version, another seed gives other points.
"""
from __future__ import annotations

import math
import numbers
import random
from typing import Callable, Dict, List, Tuple

from datasets.mnist import is_whole

Dataset = Tuple[List[List[float]], List[float]]


def xor_blobs(n: int = 200, noise: float = 0.15, seed: int = 0) -> Dataset:
    """XOR with noise: n points around the corners (0,0), (0,1), (1,0), (1,1).

    Point i sits near corner i % 4 (plus Gaussian noise with standard deviation
    ``noise``); its label is 1 when exactly one corner coordinate is 1, as in
    datasets.xor: (0,0) -> 0, (0,1) -> 1, (1,0) -> 1, (1,1) -> 0.
    """
    _check(n, noise, "xor_blobs", minimum=4, seed=seed)
    n, noise = int(n), float(noise)
    corners = [(0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0)]
    rng = random.Random(int(seed))
    X, y = [], []
    for i in range(n):
        corner_x1, corner_x2 = corners[i % 4]
        x1 = corner_x1 + rng.gauss(0.0, noise)
        x2 = corner_x2 + rng.gauss(0.0, noise)
        label = 1.0 if corner_x1 != corner_x2 else 0.0
        X.append([x1, x2])
        y.append(label)
    return X, y


def moons(n: int = 200, noise: float = 0.1, seed: int = 0) -> Dataset:
    """Two interleaved half circles of radius 1, centred on (0, 0).

    Class 0: (cos t, sin t) for t in [0, pi], the upper arc.
    Class 1: (1 - cos t, 0.5 - sin t), the lower arc, shifted right and down.
    Both are then moved by (-0.5, -0.25) so the data is centred near (0, 0), and
    Gaussian noise with standard deviation ``noise`` is added to each coordinate.
    """
    _check(n, noise, "moons", seed=seed)
    n, noise = int(n), float(noise)
    rng = random.Random(int(seed))
    X, y = [], []
    for i in range(n):
        label = i % 2
        t = rng.uniform(0.0, math.pi)
        if label == 0:
            x1, x2 = math.cos(t), math.sin(t)
        else:
            x1, x2 = 1.0 - math.cos(t), 0.5 - math.sin(t)
        x1 += -0.5 + rng.gauss(0.0, noise)
        x2 += -0.25 + rng.gauss(0.0, noise)
        X.append([x1, x2])
        y.append(float(label))
    return X, y


def circles(n: int = 200, noise: float = 0.05, seed: int = 0,
            factor: float = 0.5) -> Dataset:
    """A circle of radius ``factor`` (class 1) inside a circle of radius 1 (class 0).

    Each point is (r * cos a, r * sin a) at a random angle a, plus Gaussian noise
    with standard deviation ``noise``. No straight line separates the classes.
    """
    _check(n, noise, "circles", seed=seed, factor=factor)
    n, noise, factor = int(n), float(noise), float(factor)
    if not 0.0 < factor < 1.0:
        raise ValueError(f"circles: factor (inner radius / outer radius) must be between "
                         f"0 and 1, got {factor}")
    rng = random.Random(int(seed))
    X, y = [], []
    for i in range(n):
        label = i % 2
        radius = 1.0 if label == 0 else factor
        angle = rng.uniform(0.0, 2.0 * math.pi)
        x1 = radius * math.cos(angle) + rng.gauss(0.0, noise)
        x2 = radius * math.sin(angle) + rng.gauss(0.0, noise)
        X.append([x1, x2])
        y.append(float(label))
    return X, y


def spirals(n: int = 200, noise: float = 0.05, seed: int = 0,
            turns: float = 1.25) -> Dataset:
    """Two spiral arms, each winding ``turns`` times around (0, 0) out to radius 1.

    A point at position t in [0, 1] along its arm has radius r = t and angle
    a = 2 * pi * turns * t; class 1's arm is class 0's turned by half a circle
    (a + pi). Gaussian noise with standard deviation ``noise`` is added. The
    hardest of the four shapes: the boundary must wind between the arms.
    """
    _check(n, noise, "spirals", seed=seed, turns=turns)
    n, noise, turns = int(n), float(noise), float(turns)
    if turns <= 0:
        raise ValueError(f"spirals: turns must be > 0, got {turns}")
    rng = random.Random(int(seed))
    X, y = [], []
    for i in range(n):
        label = i % 2
        # Start a little way out (t >= 0.05): at the centre both arms meet.
        t = rng.uniform(0.05, 1.0)
        angle = 2.0 * math.pi * turns * t + label * math.pi
        x1 = t * math.cos(angle) + rng.gauss(0.0, noise)
        x2 = t * math.sin(angle) + rng.gauss(0.0, noise)
        X.append([x1, x2])
        y.append(float(label))
    return X, y


def sine(n: int = 100, noise: float = 0.0, seed: int = 0,
         low: float = -math.pi, high: float = math.pi) -> Dataset:
    """n points for regression: x uniform in [low, high], target y = sin(x) + noise.

    Returns X as [[x], [x], ...] (a network with one input takes a list of one
    number) and y as [sin(x) + e, ...] with e Gaussian, standard deviation ``noise``.
    """
    _check(n, noise, "sine", minimum=1, seed=seed, low=low, high=high)
    n, noise, low, high = int(n), float(noise), float(low), float(high)
    if not low < high:
        raise ValueError(f"sine: low must be below high, got low={low}, high={high}")
    rng = random.Random(int(seed))
    X, y = [], []
    for _ in range(n):
        x = rng.uniform(low, high)
        X.append([x])
        y.append(math.sin(x) + rng.gauss(0.0, noise))
    return X, y


# The 2-D classification shapes by name, for scripts with a --dataset flag.
SHAPES: Dict[str, Callable[..., Dataset]] = {
    "xor": xor_blobs,
    "moons": moons,
    "circles": circles,
    "spirals": spirals,
}


def get_shape(name: str) -> Callable[..., Dataset]:
    """The generator called ``name``: "xor", "moons", "circles" or "spirals"."""
    if not isinstance(name, str) or name not in SHAPES:
        raise ValueError(f"unknown shape {name!r}: expected one of {', '.join(SHAPES)}")
    return SHAPES[name]


def _check(n: int, noise: float, what: str, minimum: int = 2, seed: int = 0,
           **numbers_: float) -> None:
    """n a whole number >= minimum, noise a finite number >= 0, seed a whole number,
    and every other option (factor, turns, low, high) a finite number; ValueError
    naming the option otherwise. (Any whole number, NumPy's too; any real number.)"""
    if not is_whole(n) or n < minimum:
        raise ValueError(f"{what}: n must be a whole number >= {minimum}, got {n!r}")
    if not _finite(noise) or noise < 0:
        raise ValueError(f"{what}: noise must be a number >= 0, got {noise!r}")
    if not is_whole(seed):
        raise ValueError(f"{what}: seed must be a whole number, got {seed!r}")
    for name, value in numbers_.items():
        if not _finite(value):
            raise ValueError(f"{what}: {name} must be a finite number, got {value!r}")


def _finite(value) -> bool:
    """A real number (not True/False, not text) whose float is finite."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return False
    try:
        return math.isfinite(float(value))
    except OverflowError:      # a whole number beyond the floats
        return False
