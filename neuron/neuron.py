"""One neuron: a weighted sum of its inputs, then an activation.

    z      = w1*x1 + w2*x2 + ... + wn*xn + b        (the weighted sum)
    output = g(z)                                   (g is the activation)

``forward`` computes those two lines. ``backward`` runs the chain rule through them
in named steps and adds this sample's gradient into ``weight_grads`` and
``bias_grad``; the caller (a Layer, a Network or you) later uses the gradients to
update the weights and calls ``zero_grad`` before the next batch.

Optionally a penalty on large weights (regularization) is part of what training
minimizes, l1 * sum |wi| + l2 * sum wi^2; ``backward`` then adds its slope to each
weight's gradient too (see ``add_penalty_gradient``).
"""
from __future__ import annotations

import math
from typing import List, Optional, Sequence

from neuron.activations import Activation, get_activation

Vector = List[float]


class Neuron:
    """A single neuron with ``len(weights)`` inputs.

    Attributes a learner may want to look at:
      weights, bias            the parameters w1..wn and b
      weight_grads, bias_grad  dL/dw1..dL/dwn and dL/db, summed over the samples
                               since the last ``zero_grad``
      inputs, z, output        the cached values of the last forward pass
      nonzero                  the positions of its nonzero inputs (see forward)
      touched                  where backward has added to weight_grads since the
                               last zero_grad: [] (nowhere), one sample's ``nonzero``
                               list, or None (anywhere: after two samples, or with
                               a penalty); see zero_grad
      d_loss_d_output, d_output_d_z, d_loss_d_z
                               the chain-rule terms of the last backward pass
      weight_names, bias_name  the parameters' names ("w5", "w6", "b3" in a Network)
      l1, l2                   penalty strengths (0: no regularization)
      dropout_scale            what a Layer with dropout multiplied this neuron's
                               output by in the last pass: 1 (no dropout), 0 (dropped)
                               or 1/(1-p) (kept); see Layer.forward
    """

    def __init__(self, weights: Sequence[float], bias: float = 0.0,
                 activation: str = "sigmoid", name: str = "neuron",
                 l1: float = 0.0, l2: float = 0.0):
        self.name = name
        if isinstance(weights, (str, bytes)) or not hasattr(weights, "__iter__"):
            raise ValueError(f"Neuron {name}: weights must be a list of numbers, "
                             f"got {weights!r}")
        self.weights: Vector = []
        for i, w in enumerate(weights):
            self.weights.append(_finite(w, f"Neuron {name}: weight {i + 1}"))
        if not self.weights:
            raise ValueError(f"Neuron {name} needs at least one weight, got none")
        self.bias = _finite(bias, f"Neuron {name}: bias")
        self.activation: Activation = get_activation(activation)
        self.weight_grads: Vector = [0.0] * len(self.weights)
        self.bias_grad = 0.0
        self.touched: Optional[List[int]] = []
        # Names for the optimizer's state and the trace; a Network renames them w1.., b1..
        self.weight_names: List[str] = []
        for i in range(len(self.weights)):
            self.weight_names.append(f"w{i + 1}")
        self.bias_name = "b"
        self.l1 = _non_negative(l1, f"Neuron {name}: l1")
        self.l2 = _non_negative(l2, f"Neuron {name}: l2")
        self.dropout_scale = 1.0
        # Filled in by forward() and backward():
        self.inputs: Optional[Sequence[float]] = None
        self.nonzero: List[int] = []
        self.z: Optional[float] = None
        self.output: Optional[float] = None
        self.d_loss_d_output: Optional[float] = None
        self.d_output_d_z: Optional[float] = None
        self.d_loss_d_z: Optional[float] = None

    def forward(self, inputs: Sequence[float],
                nonzero: Optional[List[int]] = None) -> float:
        """z = w1*x1 + ... + wn*xn + b, then output = activation(z). Returns output.

        A term wi*xi with xi = 0 adds nothing to z, so the sum runs over ``nonzero``,
        the positions i where xi != 0 (a Layer works them out once for all its
        neurons; left out, the neuron finds them itself). z comes out exactly as
        the full sum would make it. Why bother: four in five of a digit's pixels
        are 0, and skipping them makes training several times faster.
        """
        try:
            count = len(inputs)
        except TypeError:
            raise ValueError(f"Neuron {self.name} expects a list of {len(self.weights)} "
                             f"numbers as input, got {inputs!r}") from None
        if count != len(self.weights):
            raise ValueError(
                f"Neuron {self.name} expects {len(self.weights)} inputs, got {count}")
        if nonzero is None:
            nonzero = nonzero_positions(inputs)
        weights = self.weights
        z = self.bias
        try:
            for i in nonzero:
                z += weights[i] * inputs[i]
        except TypeError:
            # Only reached when an input is not a number ("a", None, a list, ...).
            raise ValueError(self._explain_not_a_number(inputs)) from None
        except OverflowError:
            # Only reached for a whole number too large to become a float (10**400).
            raise ValueError(f"Neuron {self.name}: an input is too large for a float "
                             f"(beyond 1.8e308); inputs must be finite numbers") from None
        if not math.isfinite(z):
            raise NonFiniteError(self._explain_non_finite(inputs, z))
        self.inputs = inputs
        self.nonzero = nonzero
        self.z = z
        self.output = self.activation(z)
        return self.output

    def backward(self, d_loss_d_output: float, compute_input_grads: bool = True,
                 d_loss_d_inputs: Optional[Vector] = None) -> Optional[Vector]:
        """Chain rule through this neuron for the last forward pass.

        Given dL/d_output, adds dL/dwi = dL/dz * xi into ``weight_grads[i]`` and
        dL/db = dL/dz into ``bias_grad``, and returns dL/dxi = dL/dz * wi for every
        input (a list of n floats), or None when ``compute_input_grads`` is False
        (the first layer: nobody needs the gradient of the data).

        ``d_loss_d_inputs``: a list of n floats to add the dL/dxi into, and return,
        instead of a new list of zeros. A Layer passes its running sum over its
        neurons, sum_j dL/dz_j * w_ji, so no list is made per neuron.
        """
        if self.z is None:
            raise ValueError(f"Neuron {self.name}: call forward() before backward()")
        # d_output/dz: the slope of the activation at z.
        d_output_d_z = self.activation.derivative(self.z, self.output)
        # Chain rule: dL/dz = dL/d_output * d_output/dz.
        try:
            d_loss_d_z = d_loss_d_output * d_output_d_z
            finite = math.isfinite(d_loss_d_z)
        except TypeError:
            # Only reached when dL/d_output is not a number ("a", None, a list, ...).
            raise ValueError(f"Neuron {self.name}: backward expects dL/d_output as a "
                             f"number, got {d_loss_d_output!r}") from None
        if not finite:
            raise NonFiniteError(self._explain_non_finite_gradient(d_loss_d_output,
                                                                   d_output_d_z))
        # Kept so that a debugger, the trace and the tests can see every term.
        self.d_loss_d_output = d_loss_d_output
        self.d_output_d_z = d_output_d_z
        self.d_loss_d_z = d_loss_d_z

        # z = w1*x1 + ... + b, so dz/db = 1 and dL/db = dL/dz.
        self.bias_grad += d_loss_d_z
        if self.l1 != 0.0 or self.l2 != 0.0:
            self.add_penalty_gradient()
            self.touched = None   # the penalty's slope went into every dL/dwi

        # Where dL/dxi goes: nowhere (first layer), the list given, or a new one.
        if not compute_input_grads:
            d_loss_d_inputs = None
        elif d_loss_d_inputs is None:
            d_loss_d_inputs = [0.0] * len(self.weights)
        if d_loss_d_z == 0.0:
            # Every term below would be 0 * something = 0 (a ReLU that was off, or an
            # output that was exactly right): skip the loops, the result is identical.
            return d_loss_d_inputs

        # dz/dwi = xi, so dL/dwi = dL/dz * xi. Where xi = 0 that adds 0: as in
        # forward, only the nonzero inputs are visited.
        weight_grads = self.weight_grads
        inputs = self.inputs
        for i in self.nonzero:
            d_z_d_wi = inputs[i]
            weight_grads[i] += d_loss_d_z * d_z_d_wi
        # Remember where dL/dw changed, so that zero_grad and SGD need not visit the
        # other positions: this sample's nonzero inputs if nothing had changed before,
        # else None ("anywhere": two samples' positions would overlap).
        if self.touched is not None:
            self.touched = self.nonzero if not self.touched else None

        if d_loss_d_inputs is None:
            return None
        # dz/dxi = wi, so dL/dxi = dL/dz * wi: what this neuron sends back to its
        # inputs, added to what the layer's other neurons sent (see the docstring).
        for i, d_z_d_xi in enumerate(self.weights):
            d_loss_d_inputs[i] += d_loss_d_z * d_z_d_xi
        return d_loss_d_inputs

    def add_penalty_gradient(self) -> None:
        """Add the penalty's slope to every weight's gradient (called by ``backward``).

        penalty = l1 * |wi| + l2 * wi^2 for each weight (biases are not penalized), so

            d_penalty_d_wi = l1 * sign(wi) + 2 * l2 * wi

        L1 pulls every weight toward 0 by the same amount (many end at exactly 0); L2
        pulls in proportion to the weight (large weights shrink fastest). It is added
        once per sample, like the data's gradient, so a batch's mean adds it once.
        """
        weight_grads = self.weight_grads
        for i, w in enumerate(self.weights):
            sign_w = 1.0 if w > 0.0 else (-1.0 if w < 0.0 else 0.0)
            d_penalty_d_w = self.l1 * sign_w + 2.0 * self.l2 * w
            weight_grads[i] += d_penalty_d_w

    def penalty(self) -> float:
        """l1 * sum |wi| + l2 * sum wi^2 over this neuron's weights (0 without l1, l2)."""
        if self.l1 == 0.0 and self.l2 == 0.0:
            return 0.0
        total = 0.0
        for w in self.weights:
            total += self.l1 * abs(w) + self.l2 * w * w
        return total

    def zero_grad(self) -> None:
        """Set every dL/dwi and dL/db back to 0 before the next batch."""
        # weight_grads = [0, ..., 0]. After one sample only the positions in
        # ``touched`` (its nonzero inputs: one in five for a digit) can hold anything
        # but 0.0, so setting those back to 0.0 gives the same list as building a new
        # [0.0] * n, without writing n floats per neuron per step (and, on PyPy,
        # allocating them: that alone took longer than the forward pass).
        if self.touched is None:
            self.weight_grads = [0.0] * len(self.weights)
        else:
            weight_grads = self.weight_grads
            for i in self.touched:
                weight_grads[i] = 0.0
        self.touched = []
        self.bias_grad = 0.0

    def _explain_not_a_number(self, inputs: Sequence[float]) -> str:
        for i, x in enumerate(inputs):
            if isinstance(x, bool) or not isinstance(x, (int, float)):
                return (f"Neuron {self.name}: input {i + 1} is {x!r}; "
                        f"inputs must be numbers")
        return f"Neuron {self.name}: the inputs must be numbers, got {inputs!r}"

    def _explain_non_finite(self, inputs: Sequence[float], z: float) -> str:
        for i, x in enumerate(inputs):
            if not math.isfinite(x):
                return (f"Neuron {self.name}: input {i + 1} is {x}; "
                        f"inputs must be finite numbers")
        return (f"Neuron {self.name}: weighted sum z = {z} is not finite although every "
                f"input is; the weights have grown too large (training diverged: "
                f"try a smaller learning rate)")

    def _explain_non_finite_gradient(self, d_loss_d_output: float,
                                     d_output_d_z: float) -> str:
        """Why dL/dz = dL/d_output * d_output/dz is not finite: a non-finite number
        handed to backward, or (in training) numbers grown past the largest float."""
        if not math.isfinite(d_loss_d_output):
            return (f"Neuron {self.name}: backward got dL/d_output = {d_loss_d_output!r}; "
                    f"it must be a finite number")
        return (f"Neuron {self.name}: dL/dz = {d_loss_d_output!r} * {d_output_d_z!r} is not "
                f"finite; the numbers have grown too large (training diverged: try a "
                f"smaller learning rate)")

    def __repr__(self) -> str:
        shown = ", ".join(f"{w:.4g}" for w in self.weights[:8])
        if len(self.weights) > 8:
            shown += f", ... ({len(self.weights)} weights)"
        return (f"Neuron({self.name}: weights=[{shown}], bias={self.bias:.4g}, "
                f"activation={self.activation.name})")


class NonFiniteError(ValueError):
    """A number in the forward or backward pass became infinite or NaN: training has
    diverged (or an input was not finite). ``Network.train`` turns it into a message
    that names the epoch and the sample."""


def nonzero_positions(values: Sequence[float]) -> List[int]:
    """[i for every i where values[i] != 0]: the inputs that can change a weighted sum."""
    positions = []
    for i, value in enumerate(values):
        if value != 0.0:
            positions.append(i)
    return positions


def _non_negative(value: float, what: str) -> float:
    """``_finite(value)``, also refusing numbers below 0 (a penalty strength)."""
    number = _finite(value, what)
    if number < 0.0:
        raise ValueError(f"{what} must be a finite number >= 0, got {number}")
    return number


def _finite(value: float, what: str) -> float:
    """float(value), or a ValueError naming ``what`` if it is not a finite number."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be a number, got {value!r}") from None
    except OverflowError:   # a whole number beyond the largest float, 1.8e308
        raise ValueError(f"{what} is too large for a float (beyond 1.8e308), "
                         f"got {value!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"{what} must be finite, got {number}")
    return number
