"""Loss functions L(y_true, y_pred) and their derivatives dL/dy_pred.

Each loss compares one sample's target ``y_true`` with the network's output
``y_pred`` (both lists with one number per output neuron) and returns one number.
``derivative`` returns the list dL/dy_pred_k, one entry per output neuron: the
first term of every chain rule in the backward pass.

    mse                   L = (1/n) * sum_k (y_true_k - y_pred_k)^2
    binary_cross_entropy  L = -(1/n) * sum_k [y_k*log(p_k) + (1 - y_k)*log(1 - p_k)]
    cross_entropy         L = -sum_k y_k * log(p_k)      (softmax outputs, one-hot y)

``value`` and ``derivative`` are the arithmetic: a Network calls them for every
sample with lists it has already checked. Called as a function, ``loss(y_true,
y_pred)`` (or ``mse(y_true, y_pred)``) is the checked door: it raises ValueError
naming the loss, the list and the position for what has no loss (lists of
different lengths or empty, a value that is NaN, infinite or not a number, and for
the two cross entropies a target outside [0, 1]), then returns ``value``.

For finite numbers every answer is a number, never an OverflowError or a
ZeroDivisionError: the cross entropies are finite for any finite y_pred (from
-1.8e308 to 1.8e308), and mse is finite whenever its true value fits in a float;
when it does not (mse([0], [1e200]) is 1e400) it is inf, which Network.train reports
as a diverged run. A NaN in y_pred gives a NaN loss (training reports that too).
"""
from __future__ import annotations

import math
import sys
from fractions import Fraction
from typing import Dict, List, Sequence

from neuron.checks import is_number, is_sequence

Vector = List[float]

# log(0) is -infinity. A probability can round to exactly 0.0 or 1.0 in floating point
# (sigmoid(40) == 1.0), so the cross-entropy losses clip it into [EPSILON, 1 - EPSILON]
# first: the loss is then at most -log(1e-15) = 34.5, never infinite or NaN.
EPSILON = 1e-15

LARGEST = sys.float_info.max   # 1.7976931348623157e308, the largest finite float


class Loss:
    """A loss function: ``value(y_true, y_pred)`` and ``derivative(y_true, y_pred)``."""

    name = "loss"

    def value(self, y_true: Sequence[float], y_pred: Sequence[float]) -> float:
        raise NotImplementedError

    def derivative(self, y_true: Sequence[float], y_pred: Sequence[float]) -> Vector:
        raise NotImplementedError

    def __call__(self, y_true: Sequence[float], y_pred: Sequence[float]) -> float:
        """``value(y_true, y_pred)`` after checking both lists (see check_pair); a
        NumPy array or a pandas column is read by iterating, as a list of floats."""
        check_pair(self.name, y_true, y_pred, probabilities=self.name != "mse")
        return self.value(_as_floats(y_true), _as_floats(y_pred))

    def __repr__(self) -> str:
        return self.name


class MeanSquaredError(Loss):
    """L = (1/n) * sum_k (y_true_k - y_pred_k)^2 over the n output neurons."""

    name = "mse"

    def value(self, y_true, y_pred):
        n = len(y_pred)
        total = 0.0
        for y, p in zip(y_true, y_pred):
            error = y - p
            total += error * error   # (not error ** 2: on huge numbers ** raises
                                     # OverflowError where * gives inf)
        if total == math.inf and all(map(math.isfinite, y_pred)):
            # A square (or the sum) went past the largest float; the mean may not
            # (mse([1e308], [-1e308]) is 4e616, but mse([1e154] * 4, [0] * 4) is 1e308).
            # Worked out exactly with fractions, it is inf only if it really is too large.
            exact = Fraction(0)
            for y, p in zip(y_true, y_pred):
                exact += (Fraction(y) - Fraction(p)) ** 2
            return _to_float(exact / n)
        return total / n

    def derivative(self, y_true, y_pred):
        """dL/dy_pred_k = -2 * (y_true_k - y_pred_k) / n."""
        n = len(y_pred)
        d_loss_d_pred = []
        for k in range(n):
            d_loss_d_pred.append(-2.0 * (y_true[k] - y_pred[k]) / n)
        if (math.inf in d_loss_d_pred or -math.inf in d_loss_d_pred) and \
                all(map(math.isfinite, y_pred)):
            # y - p went past the largest float ([1e308] and [-1e308]); the slope
            # itself may not (with n = 3 it is -1.3e308): work it out exactly.
            for k in range(n):
                exact = -2 * (Fraction(y_true[k]) - Fraction(y_pred[k])) / n
                d_loss_d_pred[k] = _to_float(exact)
        return d_loss_d_pred


class BinaryCrossEntropy(Loss):
    """L = -(1/n) * sum_k [y_k*log(p_k) + (1 - y_k)*log(1 - p_k)], p_k in (0, 1)."""

    name = "binary_cross_entropy"

    def value(self, y_true, y_pred):
        n = len(y_pred)
        total = 0.0
        for k in range(n):
            y, p = y_true[k], clip(y_pred[k])
            total += y * math.log(p) + (1.0 - y) * math.log(1.0 - p)
        return -total / n

    def derivative(self, y_true, y_pred):
        """dL/dp_k = (p_k - y_k) / (p_k * (1 - p_k)) / n (p clipped, so never / 0)."""
        n = len(y_pred)
        d_loss_d_pred = []
        for k in range(n):
            y, p = y_true[k], clip(y_pred[k])
            d_loss_d_pred.append((p - y) / (p * (1.0 - p)) / n)
        return d_loss_d_pred


class CrossEntropy(Loss):
    """L = -sum_k y_k * log(p_k): with a one-hot y, minus the log of the probability
    the network gave the true class. Used with a softmax output layer."""

    name = "cross_entropy"

    def value(self, y_true, y_pred):
        total = 0.0
        for k in range(len(y_pred)):
            if y_true[k] != 0.0:     # (a one-hot y: only the true class counts)
                total += y_true[k] * math.log(clip(y_pred[k]))
        return -total

    def derivative(self, y_true, y_pred):
        """dL/dp_k = -y_k / p_k. The Network does not use this with softmax: it uses
        the combined, simpler and exact dL/dz_k = p_k - y_k (see SoftmaxLayer)."""
        d_loss_d_pred = []
        for k in range(len(y_pred)):
            d_loss_d_pred.append(-y_true[k] / clip(y_pred[k]))
        return d_loss_d_pred


def clip(p: float) -> float:
    """p moved into [EPSILON, 1 - EPSILON], so that log(p) and log(1 - p) are finite."""
    return min(max(p, EPSILON), 1.0 - EPSILON)


def check_pair(loss: str, y_true: Sequence[float], y_pred: Sequence[float],
               probabilities: bool = False) -> int:
    """n, the number of outputs, after checking that y_true and y_pred are lists of n
    finite numbers (n >= 1), with every y_true in [0, 1] if ``probabilities``.
    Raises ValueError naming ``loss``, the list and the position otherwise."""
    if not (is_sequence(y_true) and is_sequence(y_pred)):
        raise ValueError(f"{loss}: y_true and y_pred must be lists of numbers, got "
                         f"{_describe(y_true)} and {_describe(y_pred)}")
    n_true, n = len(y_true), len(y_pred)
    if n_true != n:
        raise ValueError(f"{loss}: y_true and y_pred must be lists of the same length, "
                         f"one number per output, got {n_true} and {n} values")
    if n == 0:
        raise ValueError(f"{loss}: y_true and y_pred are empty, expected one number per "
                         f"output")
    for name, values in (("y_true", y_true), ("y_pred", y_pred)):
        for k, value in enumerate(values):
            # False for NaN, the infinities and what is not a real number ("a", None,
            # [1], True, 1j); a whole number beyond the floats compares exactly.
            finite = is_number(value) and -LARGEST <= value <= LARGEST
            if not finite:
                raise ValueError(f"{loss}: {name}[{k}] is {_describe(value)}, expected a "
                                 f"finite number")
    if probabilities:
        for k, y in enumerate(y_true):
            if not 0.0 <= y <= 1.0:
                raise ValueError(f"{loss}: y_true[{k}] is {y!r}, expected a number between "
                                 f"0 and 1 (a probability)")
    return n


def _as_floats(values: Sequence[float]) -> Sequence[float]:
    """A checked list as value() reads it: as it is if it is a list or tuple of
    floats, else as a new list of floats (read by iterating, never by label; an int's
    square may be a whole number too large for a float, a float's square is inf)."""
    if type(values) in (list, tuple) and set(map(type, values)) <= {float}:
        return values
    return [float(value) for value in values]


def _to_float(exact: Fraction) -> float:
    """The float nearest to ``exact``, or +-inf if it is beyond the largest float."""
    try:
        return float(exact)
    except OverflowError:
        return math.inf if exact > 0 else -math.inf


def _describe(value) -> str:
    """A value for an error message, kept short (a whole number of 5,000 digits has
    no short repr, and Python refuses to write one of more than 4,300)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return f"a whole number of about {int(value.bit_length() * 0.30103) + 1} digits, " \
               f"too large for a float"
    shown = repr(value)
    return shown if len(shown) <= 60 else shown[:60] + "..."


LOSSES: Dict[str, Loss] = {
    "mse": MeanSquaredError(),
    "binary_cross_entropy": BinaryCrossEntropy(),
    "cross_entropy": CrossEntropy(),
}


def get_loss(name: str) -> Loss:
    """Return the loss called ``name`` ("mse", "binary_cross_entropy", "cross_entropy")."""
    if isinstance(name, Loss):
        return name
    if not isinstance(name, str) or name not in LOSSES:
        raise ValueError(f"unknown loss {name!r}: expected one of {', '.join(sorted(LOSSES))}")
    return LOSSES[name]


def mse(y_true: Sequence[float], y_pred: Sequence[float]) -> float:
    """Mean squared error of two equal-length lists: mse([1, 0, 0, 1], [0, 0, 0, 0]) = 0.5."""
    return LOSSES["mse"](y_true, y_pred)


def predicted_class(outputs: Sequence[float]) -> int:
    """The class a list of outputs (or a target) stands for: the index of the largest
    output (the first, on a tie), or, for a single output, 1 if it is >= 0.5 else 0
    (exactly 0.5, where the network has no opinion, counts as 1)."""
    if len(outputs) == 1:
        return 1 if outputs[0] >= 0.5 else 0
    best = 0
    for k in range(1, len(outputs)):
        if outputs[k] > outputs[best]:
            best = k
    return best
