"""Checks for hyperparameters: a clear ValueError, naming the parameter and the
allowed range, before anything is changed.

    positive("learning_rate", 0.1)     -> 0.1
    fraction("beta1", 1.0)             -> ValueError: beta1 must be in [0, 1), got 1.0
"""
from __future__ import annotations

import math


def number(name: str, value, allowed: str = "a finite number") -> float:
    """float(value), or a ValueError saying what is ``allowed`` if it is not a finite
    number (True and False are refused too: they are not meant as numbers here)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"{name} must be {allowed}, got {value!r}")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be {allowed}, got {value}")
    return value


def positive(name: str, value) -> float:
    """A finite number > 0 (a learning rate, an epsilon)."""
    value = number(name, value, "a finite number > 0")
    if value <= 0.0:
        raise ValueError(f"{name} must be a finite number > 0, got {value}")
    return value


def non_negative(name: str, value) -> float:
    """A finite number >= 0 (a penalty strength, a weight decay)."""
    value = number(name, value, "a finite number >= 0")
    if value < 0.0:
        raise ValueError(f"{name} must be a finite number >= 0, got {value}")
    return value


def fraction(name: str, value) -> float:
    """A number in [0, 1) (a momentum beta, a decay rate rho, a dropout probability)."""
    value = number(name, value, "a number in [0, 1)")
    if not 0.0 <= value < 1.0:
        raise ValueError(f"{name} must be a number in [0, 1), got {value}")
    return value


def whole(name: str, value, minimum: int = 0) -> int:
    """A whole number >= minimum (epochs, a batch size, a patience)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValueError(f"{name} must be a whole number >= {minimum}, got {value!r}")
    return value
