"""A layer: a list of neurons that all read the same inputs.

``Layer.feedforward`` asks each neuron for its output. ``Layer.backprop`` hands each
neuron its dL/d_output; then ``input_gradients`` adds up what the layer sends back
to its inputs, because an input that feeds several neurons collects a gradient from
each of them (the multivariable chain rule):

    dL/dx_i = sum over neurons j of dL/dz_j * w_ji

``SoftmaxLayer`` is an output layer whose neurons compute z_k (identity activation)
and whose outputs are the probabilities p_k = e^(z_k) / sum_j e^(z_j).

As for a Neuron, ``forward`` and ``backward`` are the checked doors for calling a
layer by hand; a Network calls the arithmetic directly.
"""
from __future__ import annotations

import math
from typing import List, Optional, Sequence

from neuron import Neuron, NonFiniteError
from neuron.checks import describe, finite_number, is_number, is_sequence

Vector = List[float]


class Layer:
    """A list of neurons, each with one weight per input of the layer."""

    def __init__(self, neurons: Sequence[Neuron]):
        self.neurons: List[Neuron] = _checked_neurons(neurons, type(self).__name__)
        self.n_inputs = len(self.neurons[0].weights)
        self.outputs: Optional[Vector] = None

    @property
    def activation_name(self) -> str:
        return self.neurons[0].activation.name

    # ----- the arithmetic -----------------------------------------------------------

    def feedforward(self, inputs: Sequence[float]) -> Vector:
        """[neuron.feedforward(inputs) for every neuron]: one output per neuron."""
        outputs = []
        for neuron in self.neurons:
            outputs.append(neuron.feedforward(inputs))
        self.outputs = outputs
        return outputs

    def backprop(self, d_loss_d_outputs: Sequence[float]) -> None:
        """Backprop through every neuron j, given dL/d_output_j for each."""
        for j in range(len(self.neurons)):
            self.neurons[j].backprop(d_loss_d_outputs[j])

    def input_gradients(self) -> Vector:
        """dL/dx_i = sum over neurons j of dL/dz_j * w_ji, for every input i: what the
        layer sends back, the dL/d_output of the layer before (after backprop)."""
        d_loss_d_inputs = [0.0] * self.n_inputs
        for neuron in self.neurons:
            for i in range(self.n_inputs):
                d_z_d_xi = neuron.weights[i]        # z = ... + wi*xi + ..., so dz/dxi = wi
                d_loss_d_inputs[i] += neuron.d_loss_d_z * d_z_d_xi
        return d_loss_d_inputs

    def zero_grad(self) -> None:
        for neuron in self.neurons:
            neuron.zero_grad()

    # ----- the checked doors: for calling by hand -------------------------------------

    def forward(self, inputs: Sequence[float]) -> Vector:
        """``feedforward(inputs)`` after checking the inputs (ValueError naming the
        layer's neurons, or the neuron and the input, if they are wrong)."""
        if not is_sequence(inputs):
            raise ValueError(f"the layer of {self.names()} expects a list of "
                             f"{self.n_inputs} numbers as input, got {describe(inputs)}")
        return self.feedforward(self.neurons[0].check_inputs(inputs))

    __call__ = forward

    def backward(self, d_loss_d_outputs: Sequence[float]) -> Vector:
        """``backprop(d_loss_d_outputs)`` after checking them; returns
        ``input_gradients()``."""
        self.backprop(self.check_output_gradients(d_loss_d_outputs))
        return self.input_gradients()

    def check_output_gradients(self, values, what: str = "values of dL/d_output") -> Vector:
        """``values`` as a list of floats if it has one finite number per neuron, else
        ValueError (zip would silently drop extra values or leave neurons without)."""
        if self.outputs is None:
            raise ValueError(f"the layer of {self.names()}: call forward() before "
                             f"backward()")
        count = len(values) if is_sequence(values) else None
        if count != len(self.neurons):
            got = f"{count}" if count is not None else describe(values)
            raise ValueError(f"the layer of {self.names()} expects {len(self.neurons)} "
                             f"{what} (one per neuron), got {got}")
        checked = []
        for j, value in enumerate(values):
            checked.append(finite_number(value, f"the layer of {self.names()}: {what} "
                                                f"[{j}] (neuron {self.neurons[j].name})"))
        return checked

    def names(self) -> str:
        """The neurons' names for messages: "h1, h2" (the first six, then "...")."""
        names = []
        for neuron in self.neurons[:6]:
            names.append(neuron.name)
        return ", ".join(names) + (", ..." if len(self.neurons) > 6 else "")

    def __repr__(self) -> str:
        count = f"{len(self.neurons)} neuron" + ("s" if len(self.neurons) != 1 else "")
        return (f"{type(self).__name__}({count} [{self.names()}], "
                f"{self.n_inputs} inputs each, activation={self.activation_name})")


class SoftmaxLayer(Layer):
    """Output layer for classification: outputs p_k = e^(z_k) / sum_j e^(z_j).

    Its neurons use the identity activation, so neuron k's output is its z_k; this
    layer turns the list of z's into probabilities that are positive and sum to 1.
    """

    def __init__(self, neurons: Sequence[Neuron]):
        super().__init__(neurons)
        for neuron in self.neurons:
            if neuron.activation.name != "identity":
                raise ValueError(f"Neuron {neuron.name} of a SoftmaxLayer must use the "
                                 f"identity activation, not {neuron.activation.name}")
        if len(self.neurons) < 2:
            raise ValueError("a SoftmaxLayer needs at least 2 neurons (with one, softmax "
                             "always outputs 1.0)")

    @property
    def activation_name(self) -> str:
        return "softmax"

    def feedforward(self, inputs: Sequence[float]) -> Vector:
        """p = softmax(z), where z_k is neuron k's weighted sum."""
        z = []
        for neuron in self.neurons:
            z.append(neuron.feedforward(inputs))
        self.outputs = softmax(z)
        return self.outputs

    def backprop(self, d_loss_d_outputs: Sequence[float]) -> None:
        """The chain rule through softmax for any loss, given dL/dp_k.

        dp_j/dz_k = p_j * (delta_jk - p_k), so
        dL/dz_k = sum_j dL/dp_j * p_j * (delta_jk - p_k) = p_k * (dL/dp_k - sum_j dL/dp_j * p_j).
        The neurons' activation is the identity (d_output/dz = 1), so dL/dz_k is what
        neuron k gets as its dL/d_output.
        """
        p = self.outputs
        weighted_sum = 0.0
        for j in range(len(p)):
            weighted_sum += d_loss_d_outputs[j] * p[j]
        d_loss_d_z = []
        for k in range(len(p)):
            d_loss_d_z.append(p[k] * (d_loss_d_outputs[k] - weighted_sum))
        Layer.backprop(self, d_loss_d_z)

    def backprop_cross_entropy(self, y_true: Sequence[float]) -> None:
        """The chain rule for softmax followed by cross entropy, in one step.

        L = -sum_j y_j * log(p_j). Putting dL/dp_j = -y_j / p_j into the rule above
        gives dL/dz_k = p_k * (-y_k / p_k + sum_j y_j) = p_k - y_k, because the
        one-hot y sums to 1. This form never divides by p (which may round to 0.0).
        """
        d_loss_d_z = []
        for k in range(len(self.outputs)):
            d_loss_d_z.append(self.outputs[k] - y_true[k])
        Layer.backprop(self, d_loss_d_z)

    def backward_cross_entropy(self, y_true: Sequence[float]) -> Vector:
        """``backprop_cross_entropy(y_true)`` after checking y_true; returns
        ``input_gradients()``."""
        self.backprop_cross_entropy(self.check_output_gradients(y_true, "target values"))
        return self.input_gradients()


def softmax(z: Sequence[float]) -> Vector:
    """p_k = e^(z_k - m) / sum_j e^(z_j - m), with m = max(z).

    Subtracting m changes nothing mathematically (it cancels) but keeps every
    exponent <= 0, so e^(...) never overflows; the largest term is e^0 = 1, so the
    sum is at least 1 and never 0.

    Raises ValueError naming the position for NaN, an infinity or a number too large
    for a float, and for an empty list: none of them has a softmax.
    """
    exps = []
    total = 0.0
    try:
        m = max(z)
        for z_k in z:
            e = math.exp(z_k - m)
            exps.append(e)
            total += e
    except (TypeError, ValueError, OverflowError):
        total = math.nan      # empty, not numbers, or a whole number beyond the floats
    # Each e is at most 1 and the largest is exactly 1, so 1 <= total <= len(z) for
    # any finite z; NaN (from inf - inf or a NaN z) fails the comparison.
    if not 1.0 <= total <= len(z):
        raise _why_no_softmax(z)
    probabilities = []
    for e in exps:
        probabilities.append(e / total)
    return probabilities


def _why_no_softmax(z) -> ValueError:
    """The error for a z that has no softmax: NonFiniteError (a ValueError) for NaN
    and infinities, which is how a diverging network shows here."""
    if not is_sequence(z) or len(z) == 0:
        return ValueError(f"softmax: z is {describe(z)}; it needs a list of at least one "
                          f"number")
    for k, z_k in enumerate(z):
        if not is_number(z_k):
            return ValueError(f"softmax: z[{k}] is {describe(z_k)}, expected a finite number")
        try:
            finite_number(z_k, "")
        except ValueError:
            return NonFiniteError(f"softmax: z[{k}] is {describe(z_k)}, expected a finite "
                                  f"number")
    return ValueError(f"softmax: cannot compute it for z = {describe(z)}")


def _checked_neurons(neurons, kind: str = "Layer") -> List[Neuron]:
    """``neurons`` as a list of Neuron objects with the same number of weights each;
    ``kind`` ("Layer", "SoftmaxLayer", ...) names the class in the messages."""
    if isinstance(neurons, Neuron):
        raise ValueError(f"a {kind} needs a list of Neuron objects, got one Neuron "
                         f"({neurons.name}): pass it in a list, [neuron]")
    if not is_sequence(neurons):
        raise ValueError(f"a {kind} needs a list of Neuron objects, got {describe(neurons)}")
    neurons = list(neurons)
    if not neurons:
        raise ValueError(f"a {kind} needs at least one neuron")
    for position, neuron in enumerate(neurons):
        if not isinstance(neuron, Neuron):
            raise ValueError(f"a {kind} needs a list of Neuron objects, but item "
                             f"{position} is {describe(neuron)}")
    n_inputs = len(neurons[0].weights)
    for neuron in neurons:
        if len(neuron.weights) != n_inputs:
            raise ValueError(
                f"Neuron {neuron.name} has {len(neuron.weights)} weights; every neuron "
                f"of this layer must have {n_inputs}")
    return neurons
