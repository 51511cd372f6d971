"""Optimizers: how the gradients dL/dw turn into new weights.

Each optimizer has ``step(neurons, batch_size)``. The gradients in the neurons are
*sums* over the batch's samples, so every optimizer divides by ``batch_size`` to
use their mean.

    SGD       w <- w - learning_rate * g
    Momentum  v <- beta * v + g;        w <- w - learning_rate * v
    Adam      m <- b1*m + (1-b1)*g;     s <- b2*s + (1-b2)*g^2
              w <- w - learning_rate * m_hat / (sqrt(s_hat) + eps)
              (m_hat, s_hat: m and s divided by 1 - b1^t and 1 - b2^t)
"""
from __future__ import annotations

import math
from typing import Dict, List, Sequence

from neuron import Neuron


class Optimizer:
    name = "optimizer"

    def __init__(self, learning_rate: float):
        if not (isinstance(learning_rate, (int, float)) and learning_rate > 0
                and math.isfinite(learning_rate)):
            raise ValueError(f"learning rate must be a number > 0, got {learning_rate!r}")
        self.learning_rate = float(learning_rate)

    def step(self, neurons: Sequence[Neuron], batch_size: int = 1) -> None:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}(learning_rate={self.learning_rate})"


class SGD(Optimizer):
    """Plain gradient descent: w <- w - learning_rate * dL/dw (the walkthrough's rule)."""

    name = "sgd"

    def step(self, neurons, batch_size=1):
        # The gradients are summed over the batch; rate = learning_rate / batch_size
        # makes the update use their mean.
        rate = self.learning_rate / batch_size
        for neuron in neurons:
            neuron.bias -= rate * neuron.bias_grad
            weights, grads = neuron.weights, neuron.weight_grads
            if not any(grads):
                # Every dL/dw is 0 (a ReLU that stayed off for the whole batch), so
                # w - rate * 0 = w: nothing to do. any() scans the list in C, far
                # faster than the loop below, and the weights come out identical.
                continue
            for i, g in enumerate(grads):
                if g != 0.0:   # w - rate * 0 = w: skip (most dL/dw of one digit are 0)
                    weights[i] -= rate * g


class Momentum(Optimizer):
    """v <- beta * v + g; w <- w - learning_rate * v (a ball rolling downhill)."""

    name = "momentum"

    def __init__(self, learning_rate: float, beta: float = 0.9):
        super().__init__(learning_rate)
        self.beta = beta
        self.velocity: Dict[str, List[float]] = {}   # neuron name -> [v_w1, ..., v_b]

    def step(self, neurons, batch_size=1):
        for neuron in neurons:
            v = self.velocity.setdefault(neuron.name, [0.0] * (len(neuron.weights) + 1))
            weights = neuron.weights
            for i, g in enumerate(neuron.weight_grads):
                v[i] = self.beta * v[i] + g / batch_size
                weights[i] -= self.learning_rate * v[i]
            v[-1] = self.beta * v[-1] + neuron.bias_grad / batch_size
            neuron.bias -= self.learning_rate * v[-1]


class Adam(Optimizer):
    """Adam: a per-weight step size from running averages of g and g^2."""

    name = "adam"

    def __init__(self, learning_rate: float = 0.001, beta1: float = 0.9,
                 beta2: float = 0.999, epsilon: float = 1e-8):
        super().__init__(learning_rate)
        self.beta1, self.beta2, self.epsilon = beta1, beta2, epsilon
        self.t = 0
        self.m: Dict[str, List[float]] = {}   # neuron name -> running mean of g
        self.s: Dict[str, List[float]] = {}   # neuron name -> running mean of g^2

    def step(self, neurons, batch_size=1):
        self.t += 1
        correction1 = 1.0 - self.beta1 ** self.t
        correction2 = 1.0 - self.beta2 ** self.t
        for neuron in neurons:
            n = len(neuron.weights)
            m = self.m.setdefault(neuron.name, [0.0] * (n + 1))
            s = self.s.setdefault(neuron.name, [0.0] * (n + 1))
            grads = list(neuron.weight_grads) + [neuron.bias_grad]
            changes = []
            for i, g in enumerate(grads):
                g = g / batch_size
                m[i] = self.beta1 * m[i] + (1.0 - self.beta1) * g
                s[i] = self.beta2 * s[i] + (1.0 - self.beta2) * g * g
                m_hat = m[i] / correction1
                s_hat = s[i] / correction2
                changes.append(self.learning_rate * m_hat / (math.sqrt(s_hat) + self.epsilon))
            for i in range(n):
                neuron.weights[i] -= changes[i]
            neuron.bias -= changes[n]


OPTIMIZERS = {"sgd": SGD, "momentum": Momentum, "adam": Adam}


def get_optimizer(name, learning_rate: float) -> Optimizer:
    """An optimizer by name ("sgd", "momentum", "adam"), or ``name`` itself if it is one."""
    if isinstance(name, Optimizer):
        return name
    if name not in OPTIMIZERS:
        raise ValueError(
            f"unknown optimizer {name!r}: expected one of {', '.join(sorted(OPTIMIZERS))}")
    return OPTIMIZERS[name](learning_rate)
