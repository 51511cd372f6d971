"""Activation functions g(z) and their derivatives dg/dz.

Each activation is a pair of plain functions, for example ``sigmoid`` and
``sigmoid_derivative``, bundled into a small ``Activation`` object so that a
neuron can be given one by name: ``Neuron([0.5, -1.2], 0.1, activation="tanh")``.

Every derivative takes both ``z`` and ``output = g(z)``: after a forward pass the
neuron knows both, and some derivatives are simplest in terms of the output
(sigmoid: ``output * (1 - output)``), others in terms of z (ReLU: 1 if z > 0).
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

    Safe for any float: sigmoid(1000) is 1.0 and sigmoid(-1000) is 0.0.
    """
    if z < -700.0:
        # e^(-z) would overflow (e^710 is past the largest float). Here e^z < 1e-304,
        # so 1 / (1 + e^(-z)) = e^z / (e^z + 1) equals e^z to every digit a float has.
        return math.exp(z)
    return 1.0 / (1.0 + math.exp(-z))


def sigmoid_derivative(z: float, output: float) -> float:
    """d sigmoid(z) / dz = sigmoid(z) * (1 - sigmoid(z)) = output * (1 - output)."""
    return output * (1.0 - output)


def relu(z: float) -> float:
    """relu(z) = max(0, z)."""
    return z if z > 0.0 else 0.0


def relu_derivative(z: float, output: float) -> float:
    """d relu(z) / dz = 1 if z > 0 else 0 (we take 0 at the kink z = 0)."""
    return 1.0 if z > 0.0 else 0.0


def tanh(z: float) -> float:
    """tanh(z) = (e^z - e^(-z)) / (e^z + e^(-z)), a number in [-1, 1]."""
    return math.tanh(z)


def tanh_derivative(z: float, output: float) -> float:
    """d tanh(z) / dz = 1 - tanh(z)^2 = 1 - output^2."""
    return 1.0 - output * output


def identity(z: float) -> float:
    """identity(z) = z (no activation: used for regression outputs and under softmax)."""
    return z


def identity_derivative(z: float, output: float) -> float:
    """d z / dz = 1."""
    return 1.0


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
