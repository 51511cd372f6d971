"""Comparing and showing numbers: when your number counts as the expected one, and
how both are printed in the report.

    matches(got, expected)     equal up to rounding (1e-9 of their size, or 1e-12 near 0)
    agrees_with_hand(x, hand)  the project's code against a hand-worked number (1e-12)
    show(x)                    4 significant digits: 0.02146953 -> '0.02147'
    show_pair(got, expected)   as many digits as it takes to tell the two apart
    Shown                      a value that is not a number, kept as its text (so a
                               report can travel from the worker process to the checker)
"""
from __future__ import annotations

import math
from typing import Tuple

# Two numbers match when they agree to 1e-9 of their size (or 1e-12 near 0): your
# code may add the same terms in another order, which changes the last digits only.
RELATIVE = 1e-9
ABSOLUTE = 1e-12
# The project's code must agree with the hand-worked numbers far more closely.
HAND_RELATIVE = 1e-12


class Shown(str):
    """A value that is not a plain number (a list, None inside a list, an object your
    function returned), kept as the text ``show`` prints for it."""

    def __repr__(self) -> str:
        return str(self)


def is_number(value) -> bool:
    """A finite int or float (True and False are not numbers here)."""
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value))


def matches(got, expected: float) -> bool:
    """Is ``got`` a number equal to ``expected`` up to rounding?"""
    if not is_number(got) or not is_number(expected):
        return False
    return abs(got - expected) <= RELATIVE * max(abs(got), abs(expected)) + ABSOLUTE


def agrees_with_hand(value, hand: float) -> bool:
    """Does the project's ``value`` equal the hand-worked ``hand`` (to 1e-12)?"""
    return is_number(value) and abs(value - hand) <= HAND_RELATIVE * abs(hand) + 1e-15


def portable(value):
    """``value`` itself if it is None, a bool or a number; otherwise its text (a Shown),
    which can be sent from one process to another whatever your function returned."""
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return Shown(show(value))


def show(value, digits: int = 4) -> str:
    """A number with ``digits`` significant digits (0.02146953 -> '0.02147'); else repr."""
    if is_number(value):
        value = float(value)
        return format(0.0 if value == 0.0 else value, f".{digits}g")
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def show_pair(got, expected: float) -> Tuple[str, str]:
    """Both numbers with enough digits to tell them apart (4 unless they look equal)."""
    digits = 4
    while digits < 17 and is_number(got) and show(got, digits) == show(expected, digits):
        digits += 2
    return show(got, digits), show(expected, digits)
