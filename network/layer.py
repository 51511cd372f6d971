"""A layer: a list of neurons that all read the same inputs.

``Layer.forward`` asks each neuron for its output; ``Layer.backward`` hands each
neuron its dL/d_output and adds up what the neurons send back, because an input
that feeds several neurons collects a gradient from each of them:

    dL/dx_i = sum over neurons j of dL/dz_j * w_ji

A hidden layer may use dropout (``Layer(neurons, dropout=0.2, rng=...)``): while
training, each neuron's output is dropped (multiplied by 0) with probability p, and
kept otherwise; see ``Layer.forward``.

``SoftmaxLayer`` is an output layer whose neurons compute z_k (identity activation)
and whose outputs are the probabilities p_k = e^(z_k) / sum_j e^(z_j).
"""
from __future__ import annotations

import math
import random
import sys
from typing import List, Optional, Sequence

from network.checks import fraction
from neuron import Neuron
from neuron.neuron import nonzero_positions

Vector = List[float]


class Layer:
    """A list of neurons, each with one weight per input of the layer.

    dropout  the probability p in [0, 1) that a neuron's output is dropped in a
             training pass (0: no dropout); the draws come from ``rng``.
    """

    def __init__(self, neurons: List[Neuron], dropout: float = 0.0,
                 rng: Optional[random.Random] = None):
        if isinstance(neurons, (str, bytes)) or not hasattr(neurons, "__iter__"):
            raise ValueError(f"a Layer needs a list of Neuron objects, got {neurons!r}")
        neurons = list(neurons)
        if not neurons:
            raise ValueError("a Layer needs at least one neuron")
        for position, neuron in enumerate(neurons):
            if not isinstance(neuron, Neuron):
                raise ValueError(f"a Layer needs a list of Neuron objects, but item "
                                 f"{position} is {neuron!r}")
        dropout = fraction("dropout", dropout)
        if dropout > 0.0 and rng is None:
            raise ValueError("a Layer with dropout needs rng=random.Random(seed) to draw "
                             "its masks from")
        n_inputs = len(neurons[0].weights)
        for neuron in neurons:
            if len(neuron.weights) != n_inputs:
                raise ValueError(
                    f"Neuron {neuron.name} has {len(neuron.weights)} weights; every neuron "
                    f"of this layer must have {n_inputs}")
        self.neurons = neurons
        self.n_inputs = n_inputs
        self.dropout = dropout
        self.rng = rng
        self.outputs: Optional[Vector] = None

    @property
    def activation_name(self) -> str:
        return self.neurons[0].activation.name

    def forward(self, inputs: Sequence[float], training: bool = False,
                same_mask: bool = False) -> Vector:
        """[neuron.forward(inputs) for every neuron]: one output per neuron.

        With dropout and ``training=True``, each output is multiplied by the neuron's
        ``dropout_scale``: 0 with probability p (dropped), else 1/(1-p) (kept), drawn
        anew (or, with ``same_mask=True``, the scales of the last pass are kept, as
        the gradient check needs). Outside training every scale is 1.
        """
        # Which inputs are nonzero: found once here, not once per neuron.
        nonzero = self._nonzero_inputs(inputs)
        outputs = []
        for neuron in self.neurons:
            output = neuron.forward(inputs, nonzero)
            if self.dropout > 0.0:
                if not training:
                    neuron.dropout_scale = 1.0
                elif not same_mask:
                    # Inverted dropout: a kept output is scaled by 1/(1-p), so that its
                    # expected value, (1-p) * output/(1-p) + p * 0, is the output itself.
                    # Then predict() needs no rescaling: it simply uses every neuron.
                    dropped = self.rng.random() < self.dropout
                    neuron.dropout_scale = 0.0 if dropped else 1.0 / (1.0 - self.dropout)
                output = output * neuron.dropout_scale
            outputs.append(output)
        self.outputs = outputs
        return outputs

    def backward(self, d_loss_d_outputs: Sequence[float],
                 compute_input_grads: bool = True) -> Optional[Vector]:
        """Backward through every neuron; returns dL/dx_i summed over the neurons."""
        self._check_output_gradients(d_loss_d_outputs)
        d_loss_d_inputs = [0.0] * self.n_inputs if compute_input_grads else None
        for neuron, d_loss_d_output in zip(self.neurons, d_loss_d_outputs):
            if self.dropout > 0.0:
                # The layer passed on output * dropout_scale, so by the chain rule the
                # neuron's own dL/d_output is dL/d(passed on) * dropout_scale (0 if dropped).
                d_loss_d_output = d_loss_d_output * neuron.dropout_scale
            # Each neuron adds its dL/dz_j * w_ji straight into the running sum
            # d_loss_d_inputs (rather than returning a list of its own for this loop
            # to add up): the same additions in the same order, one list per layer.
            neuron.backward(d_loss_d_output, compute_input_grads, d_loss_d_inputs)
        return d_loss_d_inputs

    def zero_grad(self) -> None:
        for neuron in self.neurons:
            neuron.zero_grad()

    def _nonzero_inputs(self, inputs: Sequence[float]) -> List[int]:
        """nonzero_positions(inputs), or a ValueError if inputs is not a list at all
        (a wrong length or a value that is not a number: each neuron says which)."""
        if isinstance(inputs, (str, bytes)) or not hasattr(inputs, "__len__"):
            raise ValueError(f"the layer of {self._names()} expects a list of "
                             f"{self.n_inputs} numbers as input, got {inputs!r}")
        return nonzero_positions(inputs)

    def _check_output_gradients(self, values: Sequence[float],
                                what: str = "values of dL/d_output") -> None:
        """ValueError unless ``values`` has one number per neuron (zip would silently
        drop the extra ones, or leave neurons without a gradient)."""
        try:
            count = len(values)
        except TypeError:
            count = None
        if count != len(self.neurons):
            got = f"{count}" if count is not None else repr(values)
            raise ValueError(f"the layer of {self._names()} expects {len(self.neurons)} "
                             f"{what} (one per neuron), got {got}")

    def _names(self) -> str:
        """The neurons' names for messages: "h1, h2" (the first six, then "...")."""
        names = [neuron.name for neuron in self.neurons]
        return ", ".join(names[:6]) + (", ..." if len(names) > 6 else "")

    def __repr__(self) -> str:
        shown = self._names()
        count = f"{len(self.neurons)} neuron" + ("s" if len(self.neurons) != 1 else "")
        dropout = f", dropout={self.dropout}" if self.dropout > 0.0 else ""
        return (f"{type(self).__name__}({count} [{shown}], "
                f"{self.n_inputs} inputs each, activation={self.activation_name}{dropout})")


class SoftmaxLayer(Layer):
    """Output layer for classification: outputs p_k = e^(z_k) / sum_j e^(z_j).

    Its neurons use the identity activation, so neuron k's output is its z_k; this
    layer turns the list of z's into probabilities that are positive and sum to 1.
    """

    def __init__(self, neurons: List[Neuron]):
        for neuron in neurons:
            if neuron.activation.name != "identity":
                raise ValueError(f"Neuron {neuron.name} of a SoftmaxLayer must use the "
                                 f"identity activation, not {neuron.activation.name}")
        super().__init__(neurons)

    @property
    def activation_name(self) -> str:
        return "softmax"

    def forward(self, inputs: Sequence[float], training: bool = False,
                same_mask: bool = False) -> Vector:
        """p = softmax(z), where z_k is neuron k's weighted sum (an output layer has
        no dropout, so ``training`` and ``same_mask`` change nothing here)."""
        nonzero = self._nonzero_inputs(inputs)
        z = []
        for neuron in self.neurons:
            z.append(neuron.forward(inputs, nonzero))
        self.outputs = softmax(z)
        return self.outputs

    def backward(self, d_loss_d_outputs: Sequence[float],
                 compute_input_grads: bool = True) -> Optional[Vector]:
        """Chain rule through softmax for any loss, given dL/dp_k.

        dp_j/dz_k = p_j * (delta_jk - p_k), so
        dL/dz_k = sum_j dL/dp_j * p_j * (delta_jk - p_k) = p_k * (dL/dp_k - sum_j dL/dp_j * p_j).
        """
        self._check_output_gradients(d_loss_d_outputs)
        p = self.outputs
        if p is None:
            raise ValueError(f"the layer of {self._names()}: call forward() before "
                             f"backward()")
        weighted_sum = 0.0
        for d_loss_d_p_j, p_j in zip(d_loss_d_outputs, p):
            weighted_sum += d_loss_d_p_j * p_j
        d_loss_d_z = []
        for d_loss_d_p_k, p_k in zip(d_loss_d_outputs, p):
            d_loss_d_z.append(p_k * (d_loss_d_p_k - weighted_sum))
        return self.backward_from_z(d_loss_d_z, compute_input_grads)

    def backward_cross_entropy(self, y_true: Sequence[float],
                               compute_input_grads: bool = True) -> Optional[Vector]:
        """Chain rule for softmax followed by cross entropy, in one step.

        L = -sum_j y_j * log(p_j). Putting dL/dp_j = -y_j / p_j into the softmax rule
        above gives dL/dz_k = p_k * (-y_k / p_k + sum_j y_j) = p_k - y_k, because the
        one-hot y sums to 1. This form never divides by p (which may round to 0.0).
        """
        self._check_output_gradients(y_true, "target values")
        if self.outputs is None:
            raise ValueError(f"the layer of {self._names()}: call forward() before "
                             f"backward()")
        d_loss_d_z = []
        for p_k, y_k in zip(self.outputs, y_true):
            d_loss_d_z.append(p_k - y_k)
        return self.backward_from_z(d_loss_d_z, compute_input_grads)

    def backward_from_z(self, d_loss_d_z: Sequence[float],
                        compute_input_grads: bool = True) -> Optional[Vector]:
        # The neurons' activation is the identity (d_output/dz = 1), so handing them
        # dL/dz as their dL/d_output is exact.
        return Layer.backward(self, d_loss_d_z, compute_input_grads)


def softmax(z: Sequence[float]) -> Vector:
    """p_k = e^(z_k - m) / sum_j e^(z_j - m), with m = max(z).

    Subtracting m changes nothing mathematically (it cancels) but keeps every
    exponent <= 0, so e^(...) never overflows; the largest term is e^0 = 1, so the
    sum is at least 1 and never 0.

    Raises ValueError naming the position for NaN, an infinity or a number too large
    for a float, and for an empty list: none of them has a softmax.
    """
    if len(z) == 0:
        raise ValueError("softmax: z is empty; it needs at least one number")
    for k, z_k in enumerate(z):
        try:
            finite = -sys.float_info.max <= z_k <= sys.float_info.max   # False for NaN
        except TypeError:
            finite = False
        if not finite:
            raise ValueError(f"softmax: z[{k}] is {z_k!r}, expected a finite number")
    m = max(z)
    exps = []
    for z_k in z:
        exps.append(math.exp(z_k - m))
    total = 0.0
    for e in exps:
        total += e
    probabilities = []
    for e in exps:
        probabilities.append(e / total)
    return probabilities
