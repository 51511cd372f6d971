"""Activation functions g(z) and their derivatives dg/dz.

Each activation is a pair of plain functions, for example ``sigmoid`` and
``sigmoid_derivative``, bundled into a small ``Activation`` object so that a
neuron can be given one by name: ``Neuron([0.5, -1.2], 0.1, activation="tanh")``.

Every derivative takes both ``z`` and ``output = g(z)``: after a forward pass the
neuron knows both, and some derivatives are simplest in terms of the output
(sigmoid: ``output * (1 - output)``), others in terms of z (ReLU: 1 if z > 0).

Any number in, a number out: every function here gives a finite answer for any
finite z, from -1.8e308 to 1.8e308 (and for whole numbers too large to be a float),
and never raises OverflowError. A NaN ("not a number", what inf - inf or 0 * inf
give) has no activation: it raises ValueError naming the function and the value,
rather than flowing on silently (relu(NaN) would otherwise give 0.0).
"""
from __future__ import annotations

import math
from typing import Callable, Dict


class Activation:
    """An activation function with its derivative, chosen by ``name``.

    ``activation(z)`` returns g(z); ``activation.derivative(z, output)`` returns
    d_output_d_z, the slope of g at z (``output`` is g(z), passed in so it is not
    computed twice).
    """

    def __init__(self, name: str, function: Callable[[float], float],
                 derivative: Callable[[float, float], float]):
        self.name = name
        self.function = function
        self.derivative = derivative

    def __call__(self, z: float) -> float:
        return self.function(z)

    def __repr__(self) -> str:
        return self.name


def sigmoid(z: float) -> float:
    """sigmoid(z) = 1 / (1 + e^(-z)), a number in [0, 1].

    Safe for any number: sigmoid(1000) is 1.0 and sigmoid(-1000) is 0.0.
    """
    if z < -700.0:
        # e^(-z) would overflow (e^710 is past the largest float). Here e^z < 1e-304,
        # so 1 / (1 + e^(-z)) = e^z / (e^z + 1) equals e^z to every digit a float has.
        # Below -1000, e^z is below the smallest float: 0.0, as math.exp(z) gives
        # (which would raise OverflowError for a z too large to convert to a float).
        return math.exp(z) if z > -1000.0 else 0.0
    if z > 40.0:
        # e^(-z) < 4.3e-18 is less than half the gap between 1.0 and the next float,
        # so 1 / (1 + e^(-z)) rounds to exactly 1.0: the same answer, for any z.
        return 1.0
    if z != z:   # only NaN is not equal to itself
        raise _nan_error("sigmoid", "z")
    return 1.0 / (1.0 + math.exp(-z))


def sigmoid_derivative(z: float, output: float) -> float:
    """d sigmoid(z) / dz = sigmoid(z) * (1 - sigmoid(z)) = output * (1 - output)."""
    if output != output:
        raise _nan_error("sigmoid_derivative", "output")
    return output * (1.0 - output)


def relu(z: float) -> float:
    """relu(z) = max(0, z)."""
    if z > 0.0:
        return z
    if z != z:
        raise _nan_error("relu", "z")
    return 0.0


def relu_derivative(z: float, output: float) -> float:
    """d relu(z) / dz = 1 if z > 0 else 0 (we take 0 at the kink z = 0)."""
    if z > 0.0:
        return 1.0
    if z != z:
        raise _nan_error("relu_derivative", "z")
    return 0.0


def tanh(z: float) -> float:
    """tanh(z) = (e^z - e^(-z)) / (e^z + e^(-z)), a number in [-1, 1]."""
    if z > 22.0 or z < -22.0:
        # 1 - tanh(22) < 1.6e-19, far below the gap between 1.0 and the float before
        # it: math.tanh gives exactly 1.0 (or -1.0) here; this way a whole number
        # too large to convert to a float gives it too.
        return 1.0 if z > 0.0 else -1.0
    if z != z:
        raise _nan_error("tanh", "z")
    return math.tanh(z)


def tanh_derivative(z: float, output: float) -> float:
    """d tanh(z) / dz = 1 - tanh(z)^2 = 1 - output^2."""
    if output != output:
        raise _nan_error("tanh_derivative", "output")
    return 1.0 - output * output


def identity(z: float) -> float:
    """identity(z) = z (no activation: used for regression outputs and under softmax)."""
    if z != z:
        raise _nan_error("identity", "z")
    return z


def identity_derivative(z: float, output: float) -> float:
    """d z / dz = 1."""
    if z != z:
        raise _nan_error("identity_derivative", "z")
    return 1.0


def _nan_error(function: str, name: str) -> ValueError:
    """The error for a NaN argument: names the function and the argument."""
    return ValueError(f"{function}: {name} is NaN (not a number), expected a number; a NaN "
                      f"comes from inf - inf, 0 * inf or a NaN input earlier on")


ACTIVATIONS: Dict[str, Activation] = {
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_derivative),
    "relu": Activation("relu", relu, relu_derivative),
    "tanh": Activation("tanh", tanh, tanh_derivative),
    "identity": Activation("identity", identity, identity_derivative),
}


def get_activation(name: str) -> Activation:
    """Return the activation called ``name`` ("sigmoid", "relu", "tanh" or "identity")."""
    if isinstance(name, Activation):
        return name
    if name not in ACTIVATIONS:
        raise ValueError(
            f"unknown activation {name!r}: expected one of {', '.join(sorted(ACTIVATIONS))}")
    return ACTIVATIONS[name]
