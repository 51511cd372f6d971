"""One neuron: a weighted sum of its inputs, then an activation.

    z      = w1*x1 + w2*x2 + ... + wn*xn + b        (the weighted sum)
    output = g(z)                                   (g is the activation)

``feedforward`` computes those two lines. ``backprop`` runs the chain rule back
through them, in named steps, and adds this sample's dL/dw and dL/db into
``weight_grads`` and ``bias_grad``. A Layer calls these two for each of its neurons.

``forward`` and ``backward`` are the same two steps for you to call by hand: they
check what you pass (the right number of inputs, numbers, finite) and then call
``feedforward`` or ``backprop``. Inside a network the checks have already been made,
once, at the network's door, so the layers call the arithmetic directly.
"""
from __future__ import annotations

import math
from typing import List, Optional, Sequence

from neuron.activations import Activation, NonFiniteError, get_activation
from neuron.checks import describe, finite_number, is_number, is_sequence, number_list

Vector = List[float]


class Neuron:
    """A single neuron with ``len(weights)`` inputs.

    Attributes a learner may want to look at:
      weights, bias            the parameters w1..wn and b
      weight_grads, bias_grad  dL/dw1..dL/dwn and dL/db, summed over the samples
                               since the last ``zero_grad``
      inputs, z, output        the values of the last forward pass
      d_loss_d_output, d_output_d_z, d_loss_d_z
                               the chain-rule terms of the last backward pass
      weight_names, bias_name  the parameters' names ("w5", "w6", "b3" in a Network)
    """

    def __init__(self, weights: Sequence[float], bias: float = 0.0,
                 activation: str = "sigmoid", name: str = "neuron"):
        if not isinstance(name, str):
            raise ValueError(f"a Neuron's name must be text such as 'h1', got "
                             f"{describe(name)}")
        self.name = name
        self.weights: Vector = _checked_weights(weights, name)
        self.bias = finite_number(bias, f"Neuron {name}: bias")
        self.activation: Activation = get_activation(activation)
        self.weight_grads: Vector = [0.0] * len(self.weights)
        self.bias_grad = 0.0
        # Names for the trace and the optimizers' state; a Network renames them w1.., b1..
        self.weight_names: List[str] = []
        for i in range(len(self.weights)):
            self.weight_names.append(f"w{i + 1}")
        self.bias_name = "b"
        # Filled in by feedforward() and backprop():
        self.inputs: Optional[Sequence[float]] = None
        self.z: Optional[float] = None
        self.output: Optional[float] = None
        self.d_loss_d_output: Optional[float] = None
        self.d_output_d_z: Optional[float] = None
        self.d_loss_d_z: Optional[float] = None

    # ----- the arithmetic -----------------------------------------------------------

    def feedforward(self, inputs: Sequence[float]) -> float:
        """z = w1*x1 + ... + wn*xn + b, then output = activation(z). Returns output.

        ``inputs`` is a list of len(weights) numbers (not checked: see ``forward``).
        """
        z = self.bias
        for i in range(len(self.weights)):
            z += self.weights[i] * inputs[i]
        self.inputs, self.z = inputs, z        # kept for backprop, the trace and a debugger
        self.output = self.activation(z)
        return self.output

    def backprop(self, d_loss_d_output: float) -> None:
        """The chain rule through this neuron, for the last forward pass.

        Given dL/d_output (how the loss changes with this neuron's output):

            d_output_d_z = g'(z)                          the activation's slope
            d_loss_d_z   = d_loss_d_output * d_output_d_z
            dL/dwi       = d_loss_d_z * xi                because dz/dwi = xi
            dL/db        = d_loss_d_z                     because dz/db = 1

        dL/dwi is added into ``weight_grads[i]`` and dL/db into ``bias_grad`` (they
        sum the samples of a batch until ``zero_grad``). What the neuron sends back
        to its inputs, dL/dxi = d_loss_d_z * wi, its Layer adds up (Layer.input_gradients).
        """
        d_output_d_z = self.activation.derivative(self.z, self.output)
        d_loss_d_z = d_loss_d_output * d_output_d_z
        for i in range(len(self.weights)):
            d_z_d_wi = self.inputs[i]
            self.weight_grads[i] += d_loss_d_z * d_z_d_wi
        self.bias_grad += d_loss_d_z
        # Kept for the layer, the trace and a debugger.
        self.d_loss_d_output, self.d_output_d_z = d_loss_d_output, d_output_d_z
        self.d_loss_d_z = d_loss_d_z

    def zero_grad(self) -> None:
        """Set every dL/dwi and dL/db back to 0 before the next batch."""
        self.weight_grads, self.bias_grad = [0.0] * len(self.weights), 0.0

    # ----- the checked doors: for calling by hand -------------------------------------

    def forward(self, inputs: Sequence[float]) -> float:
        """``feedforward(inputs)`` after checking that ``inputs`` is a list of
        len(weights) finite numbers; ValueError naming this neuron otherwise, and
        NonFiniteError if the weighted sum itself is not finite (weights too large)."""
        inputs = self.check_inputs(inputs)
        try:
            output = self.feedforward(inputs)
        except NonFiniteError:        # z is NaN, which the activation refuses
            output = math.nan
        if not math.isfinite(self.z):
            raise NonFiniteError(self.explain_non_finite_z())
        return output

    def explain_non_finite_z(self) -> str:
        return (f"Neuron {self.name}: weighted sum z = {self.z} is not finite although "
                f"every input is: the weights are too large for this input (as after a "
                f"training run that diverged)")

    __call__ = forward     # neuron(inputs), as in PyTorch

    def backward(self, d_loss_d_output: float) -> Vector:
        """``backprop(d_loss_d_output)`` after checking it is a finite number and that
        forward ran; returns dL/dxi = d_loss_d_z * wi for every input (what this neuron
        alone sends back to its inputs)."""
        if self.z is None:
            raise ValueError(f"Neuron {self.name}: call forward() before backward()")
        if not is_number(d_loss_d_output):
            raise ValueError(f"Neuron {self.name}: backward expects dL/d_output as a "
                             f"number, got {describe(d_loss_d_output)}")
        try:
            d_loss_d_output = finite_number(d_loss_d_output, "")
        except ValueError:
            raise NonFiniteError(f"Neuron {self.name}: backward got dL/d_output = "
                                 f"{describe(d_loss_d_output)}; it must be a finite "
                                 f"number") from None
        self.backprop(d_loss_d_output)
        d_loss_d_inputs = []
        for w in self.weights:
            d_loss_d_inputs.append(self.d_loss_d_z * w)
        return d_loss_d_inputs

    def check_inputs(self, inputs) -> Sequence[float]:
        """``inputs``, ready for feedforward, or ValueError naming this neuron: not a
        list, the wrong number of values, a value that is not a number (NonFiniteError,
        a ValueError, for NaN and infinities)."""
        n = len(self.weights)
        if not is_sequence(inputs):
            raise ValueError(f"Neuron {self.name} expects a list of {n} numbers as input, "
                             f"got {describe(inputs)}")
        if len(inputs) != n:
            raise ValueError(f"Neuron {self.name} expects {n} inputs, got {len(inputs)}")
        for i, x in enumerate(inputs):
            if not is_number(x):
                raise ValueError(f"Neuron {self.name}: input {i + 1} is {describe(x)}; "
                                 f"inputs must be numbers")
            try:
                finite_number(x, "")
            except ValueError:
                raise NonFiniteError(f"Neuron {self.name}: input {i + 1} is {describe(x)}; "
                                     f"inputs must be finite numbers") from None
        return number_list(inputs, f"Neuron {self.name}: inputs", n)

    def __repr__(self) -> str:
        shown = []
        for name, w in zip(self.weight_names[:8], self.weights[:8]):
            shown.append(f"{name}={w:.4g}")
        if len(self.weights) > 8:
            shown.append(f"... ({len(self.weights)} weights)")
        return (f"Neuron({self.name}: {', '.join(shown)}, {self.bias_name}={self.bias:.4g}, "
                f"{self.activation.name})")


def _checked_weights(weights, name: str) -> Vector:
    """The starting weights as a new list of floats, or ValueError naming the neuron."""
    if not is_sequence(weights):
        raise ValueError(f"Neuron {name}: weights must be a list of numbers, "
                         f"got {describe(weights)}")
    checked = []
    for i, w in enumerate(weights):
        checked.append(finite_number(w, f"Neuron {name}: weight {i + 1}"))
    if not checked:
        raise ValueError(f"Neuron {name} needs at least one weight, got none")
    return checked
