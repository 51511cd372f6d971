"""Regularization: ways to keep a network from memorizing its training data.

Both join the chain rule from outside the core's feedforward and backprop:

* L1/L2 penalty (``Network(..., l1=..., l2=...)``): training minimizes

      objective = loss + penalty,   penalty = l1 * sum |w| + l2 * sum w^2

  over every weight (biases are not penalized). Its slope for one weight,

      d_penalty_d_w = l1 * sign(w) + 2 * l2 * w

  is added to dL/dw after backprop (``add_penalty_gradients``), once per sample like
  the data's gradient, so a batch's mean adds it once. L1 pulls every weight toward 0
  by the same amount (many end at exactly 0); L2 in proportion to the weight (large
  weights shrink fastest).

* Dropout (``Network(..., dropout=p)``): while training, each hidden neuron's output
  is dropped (multiplied by 0) with probability p and kept otherwise, scaled by
  1/(1-p). ``DropoutLayer`` is a Layer that does this after its neurons; outside
  training (predict, evaluate) it uses every neuron, unscaled.
"""
from __future__ import annotations

import contextlib
import random
from typing import List, Sequence

from network.checks import check_sample, fraction
from neuron.checks import describe
from network.layer import Layer
from neuron import Neuron

Vector = List[float]


def penalty(network) -> float:
    """l1 * sum |w| + l2 * sum w^2 over every weight of the network (0 without l1, l2)."""
    if network.l1 == 0.0 and network.l2 == 0.0:
        return 0.0
    total = 0.0
    for neuron in network.neurons:
        for w in neuron.weights:
            total += network.l1 * abs(w) + network.l2 * w * w
    return total


def add_penalty_gradients(network) -> None:
    """Add the penalty's slope to every weight's gradient: after backprop, each
    dL/dw = dloss/dw + d_penalty_d_w, the gradient of loss + penalty."""
    l1, l2 = network.l1, network.l2
    for neuron in network.neurons:
        for i in range(len(neuron.weights)):
            w = neuron.weights[i]
            sign_w = 1.0 if w > 0.0 else (-1.0 if w < 0.0 else 0.0)
            d_penalty_d_w = l1 * sign_w + 2.0 * l2 * w
            neuron.weight_grads[i] += d_penalty_d_w


def objective(network, x: Sequence[float], y_true, mode: str = "off") -> float:
    """What training minimizes on one sample: loss + penalty, with the dropout layers
    in ``mode`` ("off"; "train": a new mask; "fixed": the last mask, as the gradient
    check needs). Backprop plus ``add_penalty_gradients`` gives its gradient."""
    with dropout_mode(network, mode):
        y_pred = network.feedforward(check_sample(network, x))
    return network.loss.value(network.target_vector(y_true), y_pred) + penalty(network)


def set_dropout_mode(network, mode: str) -> None:
    """Put every DropoutLayer of the network in ``mode``: "off", "train" or "fixed"."""
    if mode not in ("off", "train", "fixed"):
        raise ValueError(f"dropout mode must be 'off', 'train' or 'fixed', got {mode!r}")
    for layer in network.layers:
        if isinstance(layer, DropoutLayer):
            layer.mode = mode


@contextlib.contextmanager
def dropout_mode(network, mode: str):
    """``with dropout_mode(net, "train"): net.forward(x)``: the dropout layers in
    ``mode`` for the block ("train": a new mask per pass; "fixed": the last mask
    again), and off again after it, whatever happens."""
    set_dropout_mode(network, mode)
    try:
        yield network
    finally:
        set_dropout_mode(network, "off")


class DropoutLayer(Layer):
    """A hidden layer that drops each neuron's output with probability ``p`` while
    training (inverted dropout).

    mode  "off" (predict, evaluate: every neuron, unscaled), "train" (a new mask at
          every feedforward, drawn from ``rng``) or "fixed" (the last mask again, so
          that a gradient check sees the same network every time)
    mask  what each neuron's output was multiplied by in the last pass: 0 (dropped)
          or 1/(1-p) (kept); 1 for every neuron when off

    A kept output is scaled by 1/(1-p) so that its expected value,
    (1-p) * output/(1-p) + p * 0, is the output itself: predicting needs no rescaling.
    """

    def __init__(self, neurons: Sequence[Neuron], p: float, rng: random.Random):
        super().__init__(neurons)
        self.p = fraction("p (the probability of dropping a neuron)", p)
        if not isinstance(rng, random.Random):
            raise ValueError(f"a DropoutLayer needs rng=random.Random(seed) to draw its "
                             f"masks from, got {describe(rng)}")
        self.rng = rng
        self.mode = "off"
        self.mask: Vector = [1.0] * len(self.neurons)

    def feedforward(self, inputs: Sequence[float]) -> Vector:
        """Layer.feedforward, then each output times its mask value."""
        outputs = Layer.feedforward(self, inputs)
        if self.mode == "train":
            for j in range(len(self.mask)):
                dropped = self.rng.random() < self.p
                self.mask[j] = 0.0 if dropped else 1.0 / (1.0 - self.p)
        elif self.mode == "off":
            self.mask = [1.0] * len(self.neurons)
            return outputs
        for j in range(len(outputs)):
            outputs[j] = outputs[j] * self.mask[j]
        return outputs

    def backprop(self, d_loss_d_outputs: Sequence[float]) -> None:
        """The layer passed on output * mask, so by the chain rule each neuron's own
        dL/d_output is dL/d(passed on) * mask (0 if dropped)."""
        d_loss_d_neuron_outputs = []
        for j in range(len(self.mask)):
            d_loss_d_neuron_outputs.append(d_loss_d_outputs[j] * self.mask[j])
        Layer.backprop(self, d_loss_d_neuron_outputs)

    def __repr__(self) -> str:
        return Layer.__repr__(self)[:-1] + f", dropout={self.p})"
