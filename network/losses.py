"""Loss functions L(y_true, y_pred) and their derivatives dL/dy_pred.

Each loss compares one sample's target ``y_true`` with the network's output
``y_pred`` (both lists with one number per output neuron) and returns one number.
``derivative`` returns the list dL/dy_pred_k, one entry per output neuron: the
first term of every chain rule in the backward pass.

    mse                   L = (1/n) * sum_k (y_true_k - y_pred_k)^2
    binary_cross_entropy  L = -(1/n) * sum_k [y_k*log(p_k) + (1 - y_k)*log(1 - p_k)]
    cross_entropy         L = -sum_k y_k * log(p_k)      (softmax outputs, one-hot y)
"""
from __future__ import annotations

import math
from typing import Dict, List, Sequence

Vector = List[float]

# log(0) is -infinity. A probability can round to exactly 0.0 or 1.0 in floating point
# (sigmoid(40) == 1.0), so the cross-entropy losses clip it into [EPSILON, 1 - EPSILON]
# first: the loss is then at most -log(1e-15) = 34.5, never infinite or NaN.
EPSILON = 1e-15


class Loss:
    """A loss function: ``value(y_true, y_pred)`` and ``derivative(y_true, y_pred)``."""

    name = "loss"

    def value(self, y_true: Sequence[float], y_pred: Sequence[float]) -> float:
        raise NotImplementedError

    def derivative(self, y_true: Sequence[float], y_pred: Sequence[float]) -> Vector:
        raise NotImplementedError

    def __repr__(self) -> str:
        return self.name


class MeanSquaredError(Loss):
    """L = (1/n) * sum_k (y_true_k - y_pred_k)^2 over the n output neurons."""

    name = "mse"

    def value(self, y_true, y_pred):
        total = 0.0
        for y, p in zip(y_true, y_pred):
            error = y - p
            total += error * error   # (not error ** 2: on huge numbers ** raises
                                     # OverflowError where * gives inf, which train reports)
        return total / len(y_pred)

    def derivative(self, y_true, y_pred):
        """dL/dy_pred_k = -2 * (y_true_k - y_pred_k) / n."""
        n = len(y_pred)
        d_loss_d_pred = []
        for y, p in zip(y_true, y_pred):
            d_loss_d_pred.append(-2.0 * (y - p) / n)
        return d_loss_d_pred


class BinaryCrossEntropy(Loss):
    """L = -(1/n) * sum_k [y_k*log(p_k) + (1 - y_k)*log(1 - p_k)], p_k in (0, 1)."""

    name = "binary_cross_entropy"

    def value(self, y_true, y_pred):
        total = 0.0
        for y, p in zip(y_true, y_pred):
            p = _clip(p)
            total += y * math.log(p) + (1.0 - y) * math.log(1.0 - p)
        return -total / len(y_pred)

    def derivative(self, y_true, y_pred):
        """dL/dp_k = (p_k - y_k) / (p_k * (1 - p_k)) / n (p clipped, so never / 0)."""
        n = len(y_pred)
        d_loss_d_pred = []
        for y, p in zip(y_true, y_pred):
            p = _clip(p)
            d_loss_d_pred.append((p - y) / (p * (1.0 - p)) / n)
        return d_loss_d_pred


class CrossEntropy(Loss):
    """L = -sum_k y_k * log(p_k): with a one-hot y, minus the log of the probability
    the network gave the true class. Used with a softmax output layer."""

    name = "cross_entropy"

    def value(self, y_true, y_pred):
        total = 0.0
        for y, p in zip(y_true, y_pred):
            if y != 0.0:
                total += y * math.log(_clip(p))
        return -total

    def derivative(self, y_true, y_pred):
        """dL/dp_k = -y_k / p_k. The Network does not use this with softmax: it uses
        the combined, simpler and exact dL/dz_k = p_k - y_k (see SoftmaxLayer)."""
        d_loss_d_pred = []
        for y, p in zip(y_true, y_pred):
            d_loss_d_pred.append(-y / _clip(p))
        return d_loss_d_pred


def _clip(p: float) -> float:
    """p moved into [EPSILON, 1 - EPSILON], so that log(p) and log(1 - p) are finite."""
    return min(max(p, EPSILON), 1.0 - EPSILON)


LOSSES: Dict[str, Loss] = {
    "mse": MeanSquaredError(),
    "binary_cross_entropy": BinaryCrossEntropy(),
    "cross_entropy": CrossEntropy(),
}


def get_loss(name: str) -> Loss:
    """Return the loss called ``name`` ("mse", "binary_cross_entropy", "cross_entropy")."""
    if isinstance(name, Loss):
        return name
    if name not in LOSSES:
        raise ValueError(f"unknown loss {name!r}: expected one of {', '.join(sorted(LOSSES))}")
    return LOSSES[name]


def mse(y_true: Sequence[float], y_pred: Sequence[float]) -> float:
    """Mean squared error of two equal-length lists: mse([1, 0, 0, 1], [0, 0, 0, 0]) = 0.5."""
    if len(y_true) != len(y_pred) or not y_pred:
        raise ValueError(
            f"mse needs two non-empty lists of the same length, got {len(y_true)} and {len(y_pred)}")
    return LOSSES["mse"].value(y_true, y_pred)
