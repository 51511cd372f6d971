"""Checks at the door: what a caller hands the library is checked here, once.

The public methods (``Neuron.forward``, ``Network.train``, ...) call these before
any arithmetic runs; the arithmetic itself (``Neuron.feedforward``, ...) trusts its
arguments. Each check either returns the value, ready to compute with, or raises
ValueError with a sentence naming what is wrong and where (the neuron, the input,
the parameter), so a learner can act on it.

What counts as a number: any real number in Python's own sense (``numbers.Real``:
int, float, fractions.Fraction, and the scalars of libraries that register theirs,
such as NumPy's float64, float32, int64 and uint8), but not True/False, not a string
of digits, not bytes, not a complex number and not decimal.Decimal (Python's numeric
tower does not count it as Real: ``float(Decimal(...))`` first). A whole number (a
size, a seed, an epoch, a class label) is any ``numbers.Integral`` but True/False.
A list of numbers is anything read by position that has a length and can be
iterated (a list, a tuple, a NumPy array, a pandas column), but not text, bytes, a
dict or a set, whose items are not a sample's values in order, and not a pandas
DataFrame, whose items are its column names. It is read by iterating, never by
label (a pandas column's ``s[0]`` is the row *labelled* 0).

Numbers are turned into float here, at the door, except where they already are
float or int (so a list of floats is used as it is, not copied). NumPy is never
imported: its numbers are numbers because NumPy registers them with ``numbers``.
"""
from __future__ import annotations

import math
from itertools import chain
import numbers
import operator
import sys
from typing import List, Sequence

Vector = List[float]

LARGEST = sys.float_info.max   # 1.7976931348623157e308, the largest finite float
PLAIN = {float, int}           # the types of number the arithmetic uses as they are


def is_number(value) -> bool:
    """True for a real number (int, float, Fraction, NumPy's scalars...), False for
    bool (and NumPy's bool_, not a subclass of bool), str, None, complex and the rest."""
    return (isinstance(value, numbers.Real) and not isinstance(value, bool)
            and type(value).__name__ != "bool_")


def finite_number(value, what: str) -> float:
    """``value`` as a float, or ValueError naming ``what`` if it is not a finite real
    number (a string, True/False, None, NaN, an infinity, a whole number too large for
    a float)."""
    if type(value) is float and -LARGEST <= value <= LARGEST:
        return value        # the usual case: a finite float, as it is
    if not is_number(value):
        raise ValueError(f"{what} must be a number, got {describe(value)}")
    try:
        number = float(value)
    except (OverflowError, ValueError):
        if isinstance(value, int):    # describe says "a whole number ... too large"
            raise ValueError(f"{what} is {describe(value)} (beyond 1.8e308)") from None
        raise ValueError(f"{what} is too large for a float (beyond 1.8e308), "
                         f"got {describe(value)}") from None
    if not math.isfinite(number):
        raise ValueError(f"{what} must be finite, got {number}")
    return number


def is_sequence(value) -> bool:
    """A list-like of values read by position: has a length and can be iterated, and
    is not text, bytes, a dict or a set (whose items are not samples' values), nor a
    pandas DataFrame (whose items are its column names)."""
    return type(value) is list or _is_list_like(value)


def _is_list_like(value) -> bool:
    if isinstance(value, (str, bytes, bytearray, memoryview, dict, set, frozenset)) or \
            type(value).__name__ == "DataFrame":
        return False
    if not (hasattr(value, "__len__") and hasattr(value, "__iter__")):
        return False
    try:
        len(value)
    except TypeError:       # a NumPy 0-d array: one number, no length
        return False
    return True


def is_whole(value) -> bool:
    """An int, or a whole number of another kind (NumPy's int64, uint8), but not
    True/False: what a size, a seed, a count or a class label may be."""
    return isinstance(value, numbers.Integral) and is_number(value)


def number_list(values, what: str, count: int) -> Sequence[float]:
    """``values`` if it is a list-like of ``count`` finite real numbers, else a
    ValueError naming ``what`` and the position (counted from 1: "input 2").

    Returned as it is when it is a list (or tuple) whose values are all floats or
    ints; otherwise as a new list of floats (NumPy's numbers, Fractions; a NumPy array
    or a pandas column, read by iterating)."""
    if not is_sequence(values):
        raise ValueError(f"{what} must be a list of {count} numbers, got {describe(values)}")
    if len(values) != count:
        raise ValueError(f"{what} must have {count} values, got {len(values)}")
    if type(values) in (list, tuple) and all_plain_numbers(values):
        return values
    checked = []
    for i, value in enumerate(values):
        checked.append(finite_number(value, f"{what}: value {i + 1}"))
    return checked


def plain_samples(X, n: int) -> bool:
    """True if every sample of X is a list (or tuple) of n finite floats or ints: what
    the arithmetic can use as it is. (Written with map and chain, which run in C:
    this looks at every value of every sample.)"""
    if not set(map(type, X)) <= {list, tuple}:
        return False
    return set(map(len, X)) == {n} and all_plain_numbers(list(chain.from_iterable(X)))


def all_plain_numbers(values: Sequence) -> bool:
    """True if every value is a finite float or an int that fits in a float: what
    the arithmetic can use as it is. (|v| <= LARGEST is False for NaN, for the
    infinities and for whole numbers beyond the floats, which Python compares exactly.)"""
    return set(map(type, values)) <= PLAIN and all(map(LARGEST.__ge__, map(abs, values)))


WEIGHTS = operator.attrgetter("weights")
BIAS = operator.attrgetter("bias")


def parameters_are_finite(neurons) -> bool:
    """True if every weight and bias of these neurons is a finite number (one pass,
    with map and chain, which run in C: this runs after every epoch)."""
    return all(map(math.isfinite, chain(*map(WEIGHTS, neurons), map(BIAS, neurons))))


def describe(value) -> str:
    """A value for an error message, kept short (a whole number of 5,000 digits has
    no short repr, and Python refuses to write one of more than 4,300)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return (f"a whole number of about {int(value.bit_length() * 0.30103) + 1} digits, "
                f"too large for a float")
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:60] + "..."
