"""How a network's starting weights are drawn: the initialization schemes by name.

The walkthrough draws every weight from N(0, 1) ("normal"). Bigger networks need
smaller starting weights, scaled to the number of inputs a neuron has, or their
weighted sums start out huge (sigmoid and tanh flat, ReLU exploding); the other
schemes do that. ``Network(sizes, init=...)`` picks one; "auto" is He normal for
ReLU layers and LeCun normal otherwise. Biases start at 0.
"""
from __future__ import annotations

import math
import random

# Initialization schemes by name (see initial_weight).
INITS = ("auto", "normal", "uniform", "xavier_normal", "xavier_uniform", "he_normal",
         "he_uniform", "lecun_normal")


def initial_weight(rng: random.Random, scheme: str, fan_in: int, fan_out: int) -> float:
    """One starting weight for a layer with ``fan_in`` inputs and ``fan_out`` neurons.

        normal          N(0, 1)                           (the walkthrough's)
        uniform         U(-a, a), a = 1 / sqrt(fan_in)    (PyTorch's nn.Linear default)
        xavier_normal   N(0, s), s = sqrt(2 / (fan_in + fan_out))    (Glorot, for
        xavier_uniform  U(-a, a), a = sqrt(6 / (fan_in + fan_out))    sigmoid, tanh)
        he_normal       N(0, s), s = sqrt(2 / fan_in)     (He, for ReLU: half of its
        he_uniform      U(-a, a), a = sqrt(6 / fan_in)     inputs are 0, so twice the variance)
        lecun_normal    N(0, s), s = sqrt(1 / fan_in)     (LeCun)

    N(0, s) is a normal distribution with mean 0 and standard deviation s; U(-a, a)
    is uniform between -a and a, whose standard deviation is a / sqrt(3). The
    scaled schemes keep z = sum wi*xi about as large as the inputs, so signals
    neither die out nor blow up through the layers.
    """
    if scheme == "normal":
        return rng.gauss(0.0, 1.0)
    if scheme == "uniform":
        bound = 1.0 / math.sqrt(fan_in)
        return rng.uniform(-bound, bound)
    if scheme == "xavier_normal":
        return rng.gauss(0.0, math.sqrt(2.0 / (fan_in + fan_out)))
    if scheme == "xavier_uniform":
        bound = math.sqrt(6.0 / (fan_in + fan_out))
        return rng.uniform(-bound, bound)
    if scheme == "he_normal":
        return rng.gauss(0.0, math.sqrt(2.0 / fan_in))
    if scheme == "he_uniform":
        bound = math.sqrt(6.0 / fan_in)
        return rng.uniform(-bound, bound)
    if scheme == "lecun_normal":
        return rng.gauss(0.0, math.sqrt(1.0 / fan_in))
    raise ValueError(f"unknown init {scheme!r}: expected one of {', '.join(INITS)}")


def scheme_for(init: str, activation: str) -> str:
    """The scheme ``init`` means for a layer with this activation ("auto": He normal
    for ReLU, LeCun normal otherwise)."""
    if init == "auto":
        return "he_normal" if activation == "relu" else "lecun_normal"
    return init
