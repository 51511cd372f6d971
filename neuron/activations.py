"""Activation functions g(z) and their derivatives dg/dz.

Each activation is a pair of plain functions, for example ``sigmoid`` and
``sigmoid_derivative``, bundled into a small ``Activation`` object so that a
neuron can be given one by name: ``Neuron([0.5, -1.2], 0.1, activation="tanh")``.

Every derivative takes both ``z`` and ``output = g(z)``: after a forward pass the
neuron knows both, and some derivatives are simplest in terms of the output
(sigmoid: ``output * (1 - output)``), others in terms of z (ReLU: 1 if z > 0).

Each function's first line is the usual case and returns at once. The lines after
it handle what the usual formula cannot: numbers so far out that e^z would overflow
(any finite z, and whole numbers too large to be a float, gives a finite answer,
never OverflowError), and NaN ("not a number", what inf - inf or 0 * inf give),
which has no activation and raises ValueError naming the function. NaN fails every
comparison, so it always falls through the first line to that error.
"""
from __future__ import annotations

import math
from typing import Callable, Dict


class NonFiniteError(ValueError):
    """A number that should be finite is NaN or infinite: an input that is not a finite
    number, or, during training, numbers grown past the largest float (the learning
    rate is too large). ``Network.train`` turns it into TrainingDiverged, naming the
    epoch and the sample."""


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
    """sigmoid(z) = 1 / (1 + e^(-z)), a number between 0 and 1."""
    if -700.0 < z < 40.0:
        return 1.0 / (1.0 + math.exp(-z))
    if z != z:       # NaN: the only float not equal to itself (see relu)
        raise _nan_error("sigmoid", "z", z)
    if z >= 40.0:
        # e^(-z) < 4.3e-18 is less than half the gap between 1.0 and the next float,
        # so 1 / (1 + e^(-z)) is exactly 1.0 (this way also for z beyond the floats).
        return 1.0
    # z <= -700: e^(-z) would overflow (e^710 is past the largest float). Here
    # e^z < 1e-304, so 1 / (1 + e^(-z)) = e^z / (e^z + 1) equals e^z to every digit a
    # float has; below -1000, e^z is below the smallest float: 0.0.
    return math.exp(z) if z > -1000.0 else 0.0


def sigmoid_derivative(z: float, output: float) -> float:
    """d sigmoid(z) / dz = sigmoid(z) * (1 - sigmoid(z)) = output * (1 - output)."""
    if 0.0 <= output <= 1.0:
        return output * (1.0 - output)
    raise _nan_error("sigmoid_derivative", "output", output, "sigmoid(z), between 0 and 1")


def relu(z: float) -> float:
    """relu(z) = max(0, z): z itself if z > 0, else 0."""
    if z > 0.0:
        return z
    # NaN is neither > 0 nor <= 0, and it is asked for in so many words: PyPy's JIT
    # may take "not z > 0" for "z <= 0" and let a NaN through as 0.
    if z != z:       # NaN: the only float not equal to itself
        raise _nan_error("relu", "z", z)
    return 0.0


def relu_derivative(z: float, output: float) -> float:
    """d relu(z) / dz = 1 if z > 0 else 0 (we take 0 at the kink z = 0)."""
    if z > 0.0:
        return 1.0
    if z != z:       # NaN (see relu)
        raise _nan_error("relu_derivative", "z", z)
    return 0.0


def tanh(z: float) -> float:
    """tanh(z) = (e^z - e^(-z)) / (e^z + e^(-z)), a number between -1 and 1."""
    if -22.0 < z < 22.0:
        return math.tanh(z)
    if z != z:       # NaN (see relu)
        raise _nan_error("tanh", "z", z)
    # 1 - tanh(22) < 1.6e-19 is far below the gap between 1.0 and the float before
    # it: math.tanh gives exactly +-1.0 out here; this way also for z beyond the floats.
    return 1.0 if z >= 22.0 else -1.0


def tanh_derivative(z: float, output: float) -> float:
    """d tanh(z) / dz = 1 - tanh(z)^2 = 1 - output^2."""
    if -1.0 <= output <= 1.0:
        return 1.0 - output * output
    raise _nan_error("tanh_derivative", "output", output, "tanh(z), between -1 and 1")


def identity(z: float) -> float:
    """identity(z) = z (no activation: used for regression outputs and under softmax)."""
    if z == z:   # (False only for NaN)
        return z
    raise _nan_error("identity", "z", z)


def identity_derivative(z: float, output: float) -> float:
    """d z / dz = 1."""
    if z == z:
        return 1.0
    raise _nan_error("identity_derivative", "z", z)


def _nan_error(function: str, name: str, value, expected: str = "a number") -> ValueError:
    """The error for an argument the function has no answer for: NaN (NonFiniteError),
    or, for a derivative's ``output``, a number no activation gives."""
    if value != value:
        return NonFiniteError(f"{function}: {name} is NaN (not a number), expected {expected}; "
                          f"a NaN comes from inf - inf, 0 * inf or a NaN input earlier on")
    return ValueError(f"{function}: {name} is {value!r}, expected {expected}")


ACTIVATIONS: Dict[str, Activation] = {
    "sigmoid": Activation("sigmoid", sigmoid, sigmoid_derivative),
    "relu": Activation("relu", relu, relu_derivative),
    "tanh": Activation("tanh", tanh, tanh_derivative),
    "identity": Activation("identity", identity, identity_derivative),
}


def get_activation(name) -> Activation:
    """The activation called ``name`` ("sigmoid", "relu", "tanh" or "identity"), or
    ``name`` itself if it is already an Activation."""
    if isinstance(name, Activation):
        return name
    if not isinstance(name, str) or name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}: expected one of "
                         f"{', '.join(sorted(ACTIVATIONS))}")
    return ACTIVATIONS[name]
