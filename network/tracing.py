"""Trace one training step of a small network, every number with its name.

    from network import Network
    from network import trace
    net = Network([2, 2, 1], weights=[[[1, 1], [1, 1]], [[1, 1]]], biases=[[0, 0], [0]])
    print(trace(net, [-2, -1], 1, learning_rate=0.1))      # Alice, from the walkthrough

prints lines such as

    z_h1 = w1*x1 + w2*x2 + b1 = (1)*(-2) + (1)*(-1) + (0) = -3
    h1 = sigmoid(z_h1) = sigmoid(-3) = 0.04743
    dL/dw1 = dL/dy_pred * dy_pred/dh1 * dh1/dw1 = (-0.9526) * (0.2494) * (-0.09035) = 0.02147
    w1 <- w1 - 0.1 * dL/dw1 = 1 - 0.1 * (0.02147) = 0.997853

Same code path as training. The trace makes the calls ``train`` makes for one sample
(through the checked doors: ``net.zero_grad(); net.forward(x); net.backward(y_true)``,
which check x and y_true and then run ``feedforward`` and ``backprop``, and
``net.step(learning_rate)`` when a learning rate is given), then only reads what the
neurons stored: ``inputs``,
``z``, ``output``, ``d_loss_d_output``, ``d_output_d_z``, ``d_loss_d_z``,
``weight_grads``, ``bias_grad``. The only arithmetic it does is the products and sums
it prints, and it checks every one of them against the number backward() stored; if
they differ by more than 1e-12 (relative) it raises ``TraceMismatch``.

Names (the walkthrough's; w1.., b1.. as ``Network`` numbers them):
    x1, x2, ...      the inputs
    z_h1, z_o1, ...  a neuron's weighted sum z
    h1, h2, ...      the hidden neurons' outputs, counted layer by layer
    y_pred           the output of a network with one output (neuron o1)
    o1, o2, ...      the outputs of a network with several outputs
    p1, p2, ...      the probabilities of a softmax output layer
    g'(z_h1)         the slope of h1's activation g at z_h1, e.g. sigmoid'(z_h1)

How the chain rule is written out. A neuron n computes n = g(z_n), z_n = w*x + ... + b:
    dn/dw = x * g'(z_n)          dn/db = g'(z_n)
    dL/dw = dL/dn * dn/dw        dL/db = dL/dn * dn/db
dL/dn of an output neuron comes from the loss, e.g. dL/dy_pred = -2 * (y_true - y_pred)
for MSE. A softmax output with cross entropy starts one step later, at
dL/dz_k = p_k - y_k (then dz_k/dw = x). For a hidden neuron h there are two cases:
  * h feeds one neuron m (the next layer has one neuron): dL/dh = dL/dm * dm/dh with
    dm/dh = w * g'(z_m), so the factors chain, as in the walkthrough:
        dL/dw1 = dL/dy_pred * dy_pred/dh1 * dh1/dw1
  * h feeds several neurons m1, m2, ...: a change in h reaches the loss through each of
    them, and those changes add up (the multivariable chain rule):
        dL/dh1 = dL/dz_m1 * w(m1 from h1) + dL/dz_m2 * w(m2 from h1) + ...
    with dL/dz_m = dL/dm * g'(z_m) printed in m's block; then dL/dw1 = dL/dh1 * dh1/dw1.
"""
from __future__ import annotations

import sys
from typing import Dict, List, Optional, Sequence, TextIO, Tuple

from network.layer import SoftmaxLayer
from network.optimizers import SGD
from network.regularization import penalty

# How far a printed product may be from the number backward() stored. The two multiply
# the same factors in a different order, so they differ by a few roundings (~1e-16).
RELATIVE_TOLERANCE = 1e-12
# Below this, floating point has lost its digits (1e-300 is near the smallest float).
ABSOLUTE_FLOOR = 1e-300

# A factor of a chain-rule product: (its name, its value), e.g. ("dy_pred/dh1", 0.2494).
Factor = Tuple[str, float]


class TraceMismatch(RuntimeError):
    """A product the trace printed differs from the gradient backward() stored."""


# The kinds of printed numbers (TraceLine.kind), in the order a trace meets them:
#   z, output, softmax                    forward pass (softmax: p_k of a softmax layer)
#   loss, penalty                         L, and l1/l2's penalty when there is one
#   loss_derivative                       dL/d(output) from the loss
#   softmax_cross_entropy                 dL/dz_k = p_k - y_k
#   softmax_backward                      dL/dz_k through softmax for another loss
#   next_factor                           dm/dh = w * g'(z_m), m the one neuron h feeds
#   d_loss_d_hidden                       dL/dh, a product or a sum over the neurons h feeds
#   slope                                 g'(z_n)
#   d_output_d_w, d_z_d_w                 dn/dw = x * g'(z_n); dz/dw = x under softmax
#   weight_grad                           dL/dw (or, with l1/l2, the loss's part dloss/dw)
#   penalty_grad, penalized_weight_grad   dpenalty/dw, and dL/dw = dloss/dw + dpenalty/dw
#   d_output_d_b, d_z_d_b                 dn/db = g'(z_n); dz/db = 1 under softmax
#   bias_grad                             dL/db
#   d_loss_d_z                            dL/dz_n, for the neurons of the layer before
#   update_weight, update_bias            w <- w - rate * dL/dw, b <- b - rate * dL/db
KINDS = ("z", "output", "softmax", "loss", "penalty", "loss_derivative",
         "softmax_cross_entropy", "softmax_backward", "next_factor", "d_loss_d_hidden",
         "slope", "d_output_d_w", "d_z_d_w", "weight_grad", "penalty_grad",
         "penalized_weight_grad", "d_output_d_b", "d_z_d_b", "bias_grad", "d_loss_d_z",
         "update_weight", "update_bias")


class TraceLine:
    """One printed line: ``name = formula = numbers = value`` (or ``name <- ...``).

    name     what is computed, e.g. "dL/dw1"
    formula  in names, e.g. "dL/dy_pred * dy_pred/dh1 * dh1/dw1" ("" if none)
    numbers  the same with the values put in, e.g. "(-0.9526) * (0.2494) * (-0.09035)"
    value    the full-precision number
    kind     what sort of number it is, one of KINDS ("z", "output", "weight_grad",
             ...): step mode (network/stepping.py) uses it to find the line of
             source code that computed the number
    neuron   the name of the neuron whose code computed it ("h1", "o1"; "" for the
             loss, its penalty and the softmax probabilities' layer-wide lines)
    """

    def __init__(self, name: str, formula: str, numbers: str, value: float,
                 arrow: str = "=", digits: int = 4, kind: str = "", neuron: str = ""):
        self.name = name
        self.formula = formula
        self.numbers = numbers
        self.value = value
        self.arrow = arrow
        self.digits = digits
        self.kind = kind
        self.neuron = neuron

    def text(self) -> str:
        parts = [self.name]
        if self.formula:
            parts.append(self.formula)
        if self.numbers:
            parts.append(self.numbers)
        parts.append(_fmt(self.value, self.digits))
        return f"{parts[0]} {self.arrow} " + " = ".join(parts[1:])

    def __repr__(self) -> str:
        return f"TraceLine({self.text()!r}, value={self.value!r})"


class Trace:
    """What ``trace`` found. ``str(trace)`` is the printed text.

    text           the whole trace, one line per computed number
    lines          the TraceLine objects behind it, in order
    terms          name -> value for every printed number: "z_h1", "h1", "y_pred", "L",
                   "dL/dy_pred", "dy_pred/dh1", "dh1/dw1", "dL/dw1", "sigmoid'(z_h1)", ...
    gradients      parameter name -> dL/d(parameter): {"w1": 0.0215, ..., "b3": ...}
    loss           L for this sample
    outputs        the network's outputs (a list, one number per output neuron)
    learning_rate  the learning rate of the update, or None if no update was made
    updated        parameter name -> its value after the update ({} without one)
    rows           every printed line in order as (text, TraceLine), with None in
                   place of the TraceLine for headings and blank lines
    """

    def __init__(self, text: str, lines: List[TraceLine], terms: Dict[str, float],
                 gradients: Dict[str, float], loss: float, outputs: List[float],
                 learning_rate: Optional[float], updated: Dict[str, float],
                 rows: Optional[List[Tuple[str, Optional[TraceLine]]]] = None):
        self.text = text
        self.rows = rows if rows is not None else []
        self.lines = lines
        self.terms = terms
        self.gradients = gradients
        self.loss = loss
        self.outputs = outputs
        self.learning_rate = learning_rate
        self.updated = updated

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return (f"Trace(loss={self.loss:.4g}, outputs={_fmt_list(self.outputs, 4)}, "
                f"{len(self.gradients)} gradients, learning_rate={self.learning_rate}, "
                f"{len(self.lines)} lines)")


def trace(network, x: Sequence[float], y_true, learning_rate: Optional[float] = None,
          digits: int = 4, file: Optional[TextIO] = None,
          max_parameters: int = 200) -> Trace:
    """Run one training step on (x, y_true) and write out every number it computes.

    Runs network.zero_grad(); network.forward(x); network.backward(y_true), then
    network.step(learning_rate) if a learning rate is given (so the network's weights
    change exactly as in the first step of ``train`` with batch_size=1). Numbers are
    shown with ``digits`` significant digits (updated parameters with digits + 2, so
    the small change is visible). The text is printed to ``file`` if one is given
    (``file=sys.stdout`` for the screen; anything without a ``write`` method is refused
    with a TypeError before the step runs). Networks with more than ``max_parameters``
    parameters are refused: their trace would be too long to read.

    Returns a Trace (see its docstring): trace.text, trace.gradients["w1"],
    trace.terms["dL/dy_pred"], ... Raises TraceMismatch if a printed chain-rule
    product differs from what backward() stored (a bug in one of the two).
    """
    if not isinstance(digits, int) or isinstance(digits, bool) or digits < 1:
        raise ValueError(f"digits must be a whole number >= 1, got {digits!r}")
    _check_file(file, "trace")
    count = len(network.parameter_names())
    if count > max_parameters:
        raise ValueError(
            f"this network has {count} parameters; a trace prints several lines for each, "
            f"too many to read. Trace a small network (e.g. Network([2, 2, 1])) or pass "
            f"max_parameters={count}")
    if network.dropout > 0.0:
        raise ValueError(
            "trace: this network uses dropout, whose random mask would hide neurons "
            "from the chain rule; trace a copy without it, e.g. Network(sizes, ..., "
            "dropout=0.0) with the same weights")
    if learning_rate is not None:
        SGD(learning_rate)  # a bad learning rate fails here, before anything changes

    # The training code path: these are the calls Network.train makes for one sample.
    network.zero_grad()
    outputs = list(network.forward(x))
    loss = network.backward(y_true)
    y_vector = list(network.target_vector(y_true))

    writer = _TraceWriter(network, digits)
    writer.header(x, y_true)
    writer.forward_pass()
    writer.loss_lines(y_vector, loss)
    if network.l1 or network.l2:
        writer.line("penalty", "l1 * (|w1| + |w2| + ...) + l2 * (w1^2 + w2^2 + ...)",
                    f"{network.l1:g} * ... + {network.l2:g} * ...", penalty(network),
                    kind="penalty")
    writer.backward_pass(y_vector)
    updated: Dict[str, float] = {}
    if learning_rate is not None:
        before = {}
        for name in network.parameter_names():
            before[name] = network.get_parameter(name)
        network.step(learning_rate)
        updated = writer.update_lines(learning_rate, before)

    text = "\n".join(writer.text_lines)
    if file is not None:
        print(text, file=file)
    return Trace(text, writer.lines, writer.terms, writer.gradients, loss, outputs,
                 learning_rate, updated, writer.rows)


class _TraceWriter:
    """Builds the lines of a trace from a network whose forward and backward have run."""

    def __init__(self, network, digits: int):
        self.net = network
        self.digits = digits
        self.text_lines: List[str] = []
        self.lines: List[TraceLine] = []
        self.rows: List[Tuple[str, Optional[TraceLine]]] = []
        self.terms: Dict[str, float] = {}
        self.gradients: Dict[str, float] = {}
        self.softmax = isinstance(network.layers[-1], SoftmaxLayer)
        n_outputs = len(network.layers[-1].neurons)
        # node[name]: the quantity whose dL/d... the chain rule passes through for that
        # neuron: "h1", "y_pred" (one output), "o2" (several), "z_o1" (softmax outputs).
        # shown[name]: the neuron's output as the forward pass names it.
        self.node: Dict[str, str] = {}
        self.shown: Dict[str, str] = {}
        for neuron in network.layers[-1].neurons:
            k = neuron.name[1:]
            if self.softmax:
                self.node[neuron.name] = f"z_{neuron.name}"
                self.shown[neuron.name] = f"p{k}"
            else:
                self.node[neuron.name] = "y_pred" if n_outputs == 1 else neuron.name
                self.shown[neuron.name] = self.node[neuron.name]
        for layer in network.layers[:-1]:
            for neuron in layer.neurons:
                self.node[neuron.name] = neuron.name
                self.shown[neuron.name] = neuron.name
        # target_names[k]: "y_true" for one output, else y1, y2, ...
        self.target_names: List[str] = []
        for k in range(n_outputs):
            self.target_names.append("y_true" if n_outputs == 1 else f"y{k + 1}")
        # chain[name]: the factors whose product is dL/d(node of that neuron).
        self.chain: Dict[str, List[Factor]] = {}

    # ----- writing ------------------------------------------------------------------

    def fmt(self, value: float) -> str:
        return _fmt(value, self.digits)

    def par(self, value: float) -> str:
        """A value in parentheses, as a factor of a printed product: (-0.9526)."""
        return f"({self.fmt(value)})"

    def heading(self, text: str) -> None:
        self.text_lines.append(text)
        self.rows.append((text, None))

    def line(self, name: str, formula: str, numbers: str, value: float,
             arrow: str = "=", indent: str = "  ", digits: Optional[int] = None,
             kind: str = "", neuron: str = "") -> float:
        """Write ``name = formula = numbers = value``, remember value as terms[name].
        ``kind`` and ``neuron`` say what computed it (see TraceLine)."""
        row = TraceLine(name, formula, numbers, value, arrow,
                        self.digits if digits is None else digits, kind, neuron)
        self.lines.append(row)
        self.text_lines.append(indent + row.text())
        self.rows.append((indent + row.text(), row))
        if arrow == "=":
            if name in self.terms:
                raise RuntimeError(f"trace: the name {name} was used twice (a bug in trace.py)")
            self.terms[name] = value
        return value

    def product_line(self, name: str, factors: List[Factor],
                     stored: Optional[float], kind: str = "", neuron: str = "") -> float:
        """Write name = f1 * f2 * ... with its numbers, and check it equals ``stored``
        (None: the caller checks a sum it is part of)."""
        formula_parts, number_parts = [], []
        value = 1.0
        for factor_name, factor_value in factors:
            formula_parts.append(factor_name)
            number_parts.append(self.par(factor_value))
            value *= factor_value
        if stored is not None:
            _check(name, value, stored)
        formula = " * ".join(formula_parts)
        numbers = " * ".join(number_parts)
        if len(factors) == 1:
            numbers = ""   # dL/db3 = dL/dz_o1 = 0.25: no product to show
        return self.line(name, formula, numbers, value, kind=kind, neuron=neuron)

    # ----- sections -----------------------------------------------------------------

    def header(self, x: Sequence[float], y_true) -> None:
        net = self.net
        self.heading(f"Trace of one training step of {net!r}")
        self.heading(f"  input x = {_fmt_list(x, self.digits)}, target y_true = "
                     f"{_fmt_target(y_true, self.digits)}")
        hidden, outputs = [], []
        for layer in net.layers[:-1]:
            for neuron in layer.neurons:
                hidden.append(neuron.name)
        for neuron in net.layers[-1].neurons:
            shown = self.shown[neuron.name]
            outputs.append(neuron.name if shown == neuron.name
                           else f"{neuron.name} ({shown})")
        input_names = []
        for i in range(net.sizes[0]):
            input_names.append(f"x{i + 1}")
        names = f"  names: inputs {' '.join(input_names)}"
        if hidden:
            names += f"; hidden {' '.join(hidden)}"
        names += f"; output {' '.join(outputs)}; loss L ({net.loss.name})"
        self.heading(names)

    def input_names(self, layer_index: int) -> List[str]:
        """x1, x2, ... for the first layer; the previous layer's h names after it."""
        names = []
        if layer_index == 0:
            for i in range(self.net.sizes[0]):
                names.append(f"x{i + 1}")
        else:
            for neuron in self.net.layers[layer_index - 1].neurons:
                names.append(self.shown[neuron.name])
        return names

    def forward_pass(self) -> None:
        """z = w1*x1 + ... + b and output = g(z) for every neuron, layer by layer."""
        self.heading("")
        self.heading("Forward pass: each neuron's weighted sum z, then its activation")
        for layer_index, layer in enumerate(self.net.layers):
            inputs = self.input_names(layer_index)
            for neuron in layer.neurons:
                w_names = self.net.weight_names[neuron.name]
                formula_parts, number_parts = [], []
                for w_name, input_name, w, x_i in zip(w_names, inputs, neuron.weights,
                                                      neuron.inputs):
                    formula_parts.append(f"{w_name}*{input_name}")
                    number_parts.append(f"{self.par(w)}*{self.par(x_i)}")
                formula_parts.append(self.net.bias_names[neuron.name])
                number_parts.append(self.par(neuron.bias))
                self.line(f"z_{neuron.name}", " + ".join(formula_parts),
                          " + ".join(number_parts), neuron.z, kind="z", neuron=neuron.name)
                if isinstance(layer, SoftmaxLayer):
                    continue
                shown = self.shown[neuron.name]
                g = neuron.activation.name
                formula = f"{g}(z_{neuron.name})"
                if shown != neuron.name:
                    formula = f"{neuron.name} = {formula}"      # y_pred = o1 = sigmoid(z_o1)
                self.line(shown, formula, f"{g}({self.fmt(neuron.z)})", neuron.output,
                          kind="output", neuron=neuron.name)
            if isinstance(layer, SoftmaxLayer):
                self.softmax_lines(layer)

    def softmax_lines(self, layer: SoftmaxLayer) -> None:
        """p_k = e^z_k / (e^z_1 + ... + e^z_n), read from the layer's stored outputs."""
        sum_names, sum_numbers = [], []
        for neuron in layer.neurons:
            sum_names.append(f"e^z_{neuron.name}")
            sum_numbers.append(f"e^{self.par(neuron.z)}")
        denominator = " + ".join(sum_names)
        denominator_numbers = " + ".join(sum_numbers)
        for neuron, p in zip(layer.neurons, layer.outputs):
            self.line(self.shown[neuron.name], f"e^z_{neuron.name} / ({denominator})",
                      f"e^{self.par(neuron.z)} / ({denominator_numbers})", p,
                      kind="softmax", neuron=neuron.name)

    def loss_lines(self, y: List[float], loss: float) -> None:
        """L, with its formula for the loss the network uses."""
        self.heading("")
        self.heading(f"Loss ({self.net.loss.name})")
        outputs = self.net.layers[-1].outputs
        n = len(outputs)
        names, numbers = [], []
        for k in range(n):
            y_name, p_name = self.target_names[k], self.output_name(k)
            y_k, p_k = self.fmt(y[k]), self.fmt(outputs[k])
            if self.net.loss.name == "mse":
                names.append(f"({y_name} - {p_name})^2")
                numbers.append(f"(({y_k}) - ({p_k}))^2")
            elif self.net.loss.name == "binary_cross_entropy":
                names.append(f"{y_name}*log({p_name}) + (1 - {y_name})*log(1 - {p_name})")
                numbers.append(f"({y_k})*log({p_k}) + (1 - ({y_k}))*log(1 - {p_k})")
            elif self.net.loss.name == "cross_entropy":
                names.append(f"{y_name}*log({p_name})")
                numbers.append(f"({y_k})*log({p_k})")
        if not names:                      # a loss this file does not know: value only
            self.line("L", f"{self.net.loss.name}(y_true, y_pred)", "", loss, kind="loss")
            return
        formula, filled = " + ".join(names), " + ".join(numbers)
        if self.net.loss.name == "mse":
            if n > 1:
                formula, filled = f"({formula}) / {n}", f"({filled}) / {n}"
        else:
            divide = f" / {n}" if n > 1 and self.net.loss.name != "cross_entropy" else ""
            formula, filled = f"-({formula}){divide}", f"-({filled}){divide}"
        self.line("L", formula, filled, loss, kind="loss")

    def output_name(self, k: int) -> str:
        return self.shown[self.net.layers[-1].neurons[k].name]

    def backward_pass(self, y: List[float]) -> None:
        """Every chain-rule term, output layer first, neuron by neuron."""
        self.heading("")
        self.heading("Backward pass: the chain rule, from the loss back to every parameter")
        layers = self.net.layers
        for layer_index in range(len(layers) - 1, -1, -1):
            layer = layers[layer_index]
            for j, neuron in enumerate(layer.neurons):
                is_output = layer_index == len(layers) - 1
                kind = "output" if is_output else "hidden"
                shown = self.shown[neuron.name]
                label = neuron.name if shown == neuron.name else f"{neuron.name} ({shown})"
                self.heading(f" {kind} neuron {label}:")
                if is_output:
                    self.output_gradient_lines(j, neuron, y)
                else:
                    self.hidden_gradient_lines(layer_index, j, neuron)
                self.parameter_lines(layer_index, neuron)
                # The neurons of the layer before need dL/dz of each neuron they feed
                # when they feed more than one (the sum rule in the module docstring).
                needs_d_loss_d_z = layer_index > 0 and len(layer.neurons) > 1
                if needs_d_loss_d_z and not self.softmax_neuron(neuron):
                    factors = list(self.chain[neuron.name])
                    factors.append(self.slope_factor(neuron))
                    self.product_line(f"dL/dz_{neuron.name}", factors, neuron.d_loss_d_z,
                                      kind="d_loss_d_z", neuron=neuron.name)

    def softmax_neuron(self, neuron) -> bool:
        return self.softmax and neuron in self.net.layers[-1].neurons

    def slope_name(self, neuron) -> str:
        return f"{neuron.activation.name}'(z_{neuron.name})"

    def slope_factor(self, neuron) -> Factor:
        return self.slope_name(neuron), neuron.d_output_d_z

    def output_gradient_lines(self, k: int, neuron, y: List[float]) -> None:
        """dL/d(output) from the loss (or dL/dz_k = p_k - y_k for softmax)."""
        node = self.node[neuron.name]
        stored = neuron.d_loss_d_output
        if self.softmax and self.net.loss.name == "cross_entropy":
            p_k, y_k = self.fmt(self.net.layers[-1].outputs[k]), self.fmt(y[k])
            self.line(f"dL/d{node}", f"{self.output_name(k)} - {self.target_names[k]}",
                      f"({p_k}) - ({y_k})", stored, kind="softmax_cross_entropy",
                      neuron=neuron.name)
        elif self.softmax:
            self.softmax_other_loss_lines(k, neuron, y)
        else:
            formula, numbers = self.loss_derivative_text(k, y)
            self.line(f"dL/d{node}", formula, numbers, stored, kind="loss_derivative",
                      neuron=neuron.name)
        self.chain[neuron.name] = [(f"dL/d{node}", stored)]

    def loss_derivative_text(self, k: int, y: List[float]) -> Tuple[str, str]:
        """(formula, numbers) of dL/d(output k) for the network's loss."""
        outputs = self.net.layers[-1].outputs
        n = len(outputs)
        divide = f" / {n}" if n > 1 else ""
        y_name, p_name = self.target_names[k], self.output_name(k)
        y_k, p_k = self.fmt(y[k]), self.fmt(outputs[k])
        loss = self.net.loss.name
        if loss == "mse":
            return (f"-2 * ({y_name} - {p_name}){divide}",
                    f"-2 * (({y_k}) - ({p_k})){divide}")
        if loss == "binary_cross_entropy":
            return (f"({p_name} - {y_name}) / ({p_name} * (1 - {p_name})){divide}",
                    f"(({p_k}) - ({y_k})) / (({p_k}) * (1 - {_n(p_k)})){divide}")
        return f"{loss}'(y_true, y_pred)", ""     # a loss this file does not know

    def softmax_other_loss_lines(self, k: int, neuron, y: List[float]) -> None:
        """dL/dz_k = p_k * (dL/dp_k - sum_j dL/dp_j * p_j), for softmax with any loss.

        dL/dp_j is what the loss's derivative gave SoftmaxLayer.backprop; the sum is
        computed in the same order as there, so it is the same number.
        """
        p = self.net.layers[-1].outputs
        d_loss_d_p = self.net.loss.derivative(y, p)
        if k == 0:
            for j in range(len(p)):
                formula, numbers = self.loss_derivative_text(j, y)
                self.line(f"dL/d{self.output_name(j)}", formula, numbers, d_loss_d_p[j],
                          kind="loss_derivative", neuron=self.net.layers[-1].neurons[j].name)
        names, numbers = [], []
        weighted_sum = 0.0
        for j in range(len(p)):
            names.append(f"dL/d{self.output_name(j)}*{self.output_name(j)}")
            numbers.append(f"{self.par(d_loss_d_p[j])}*{self.par(p[j])}")
            weighted_sum += d_loss_d_p[j] * p[j]
        value = p[k] * (d_loss_d_p[k] - weighted_sum)
        _check(f"dL/dz_{neuron.name}", value, neuron.d_loss_d_output)
        p_name = self.output_name(k)
        self.line(f"dL/dz_{neuron.name}",
                  f"{p_name} * (dL/d{p_name} - ({' + '.join(names)}))",
                  f"{self.par(p[k])} * ({self.par(d_loss_d_p[k])} - ({' + '.join(numbers)}))",
                  value, kind="softmax_backward", neuron=neuron.name)

    def hidden_gradient_lines(self, layer_index: int, j: int, neuron) -> None:
        """dL/dh for hidden neuron h (index j in its layer): a product or a sum."""
        node = self.node[neuron.name]
        next_neurons = self.net.layers[layer_index + 1].neurons
        if len(next_neurons) == 1:
            # h feeds one neuron m: dL/dh = dL/dm * dm/dh, with dm/dh = w * g'(z_m).
            m = next_neurons[0]
            w_name = self.net.weight_names[m.name][j]
            factor_name = f"d{self.node[m.name]}/d{node}"
            factor = m.weights[j] * m.d_output_d_z
            self.line(factor_name, f"{w_name} * {self.slope_name(m)}",
                      f"{self.par(m.weights[j])} * {self.par(m.d_output_d_z)}", factor,
                      kind="next_factor", neuron=m.name)
            factors = list(self.chain[m.name])
            factors.append((factor_name, factor))
            self.product_line(f"dL/d{node}", factors, neuron.d_loss_d_output,
                              kind="d_loss_d_hidden", neuron=neuron.name)
            self.chain[neuron.name] = factors
            return
        # h feeds several neurons m: dL/dh = sum over m of dL/dz_m * w(m from h).
        # Added in the same order as Layer.input_gradients adds them, starting from 0.
        names, numbers = [], []
        total = 0.0
        for m in next_neurons:
            w_name = self.net.weight_names[m.name][j]
            names.append(f"dL/dz_{m.name} * {w_name}")
            numbers.append(f"{self.par(m.d_loss_d_z)}*{self.par(m.weights[j])}")
            total += m.d_loss_d_z * m.weights[j]
        _check(f"dL/d{node}", total, neuron.d_loss_d_output)
        self.line(f"dL/d{node}", " + ".join(names), " + ".join(numbers), total,
                  kind="d_loss_d_hidden", neuron=neuron.name)
        self.chain[neuron.name] = [(f"dL/d{node}", total)]

    def parameter_lines(self, layer_index: int, neuron) -> None:
        """g'(z), then dn/dw and dL/dw for each weight, then dn/db and dL/db."""
        node = self.node[neuron.name]
        chain = self.chain[neuron.name]
        softmax = self.softmax_neuron(neuron)
        if not softmax:
            self.slope_line(neuron)
        inputs = self.input_names(layer_index)
        for i, w_name in enumerate(self.net.weight_names[neuron.name]):
            x_i = neuron.inputs[i]
            factor_name = f"d{node}/d{w_name}"
            if softmax:
                # z = w*x + ... + b, so dz/dw = x.
                factor = x_i
                self.line(factor_name, inputs[i], "", factor, kind="d_z_d_w",
                          neuron=neuron.name)
            else:
                # n = g(z), z = w*x + ... + b, so dn/dw = x * g'(z).
                factor = x_i * neuron.d_output_d_z
                self.line(factor_name, f"{inputs[i]} * {self.slope_name(neuron)}",
                          f"{self.par(x_i)} * {self.par(neuron.d_output_d_z)}", factor,
                          kind="d_output_d_w", neuron=neuron.name)
            factors = list(chain)
            factors.append((factor_name, factor))
            if self.net.l1 == 0.0 and self.net.l2 == 0.0:
                self.gradients[w_name] = self.product_line(
                    f"dL/d{w_name}", factors, neuron.weight_grads[i],
                    kind="weight_grad", neuron=neuron.name)
            else:
                self.gradients[w_name] = self.penalized_lines(neuron, i, w_name, factors)
        b_name = self.net.bias_names[neuron.name]
        factor_name = f"d{node}/d{b_name}"
        if softmax:
            factor = 1.0        # dz/db = 1
            self.line(factor_name, "", "", factor, kind="d_z_d_b", neuron=neuron.name)
        else:
            factor = neuron.d_output_d_z   # dn/db = 1 * g'(z)
            self.line(factor_name, self.slope_name(neuron), "", factor, kind="d_output_d_b",
                      neuron=neuron.name)
        factors = list(chain)
        factors.append((factor_name, factor))
        self.gradients[b_name] = self.product_line(f"dL/d{b_name}", factors,
                                                   neuron.bias_grad, kind="bias_grad",
                                                   neuron=neuron.name)

    def penalized_lines(self, neuron, i: int, w_name: str, factors: List[Factor]) -> float:
        """With L1/L2: the loss's part of dL/dw (the chain rule above), the penalty's
        part d_penalty_d_w = l1 * sign(w) + 2 * l2 * w, and their sum."""
        from_loss = self.product_line(f"dloss/d{w_name}", factors, None,
                                      kind="weight_grad", neuron=neuron.name)
        w = neuron.weights[i]
        sign_w = 1.0 if w > 0.0 else (-1.0 if w < 0.0 else 0.0)
        l1, l2 = self.net.l1, self.net.l2
        from_penalty = l1 * sign_w + 2.0 * l2 * w
        self.line(f"dpenalty/d{w_name}", f"l1*sign({w_name}) + 2*l2*{w_name}",
                  f"{self.par(l1)}*({sign_w:g}) + 2*{self.par(l2)}*{self.par(w)}",
                  from_penalty, kind="penalty_grad", neuron=neuron.name)
        total = from_loss + from_penalty
        _check(f"dL/d{w_name}", total, neuron.weight_grads[i])
        return self.line(f"dL/d{w_name}", f"dloss/d{w_name} + dpenalty/d{w_name}",
                         f"{self.par(from_loss)} + {self.par(from_penalty)}", total,
                         kind="penalized_weight_grad", neuron=neuron.name)

    def slope_line(self, neuron) -> None:
        """g'(z_n), the slope of the activation, as the neuron computed it."""
        g = neuron.activation.name
        out = self.shown[neuron.name]
        output = self.fmt(neuron.output)
        if g == "sigmoid":
            formula, numbers = f"{out} * (1 - {out})", f"({output}) * (1 - {_n(output)})"
        elif g == "tanh":
            formula, numbers = f"1 - {out}^2", f"1 - ({output})^2"
        elif g == "relu":
            formula, numbers = f"1 if z_{neuron.name} > 0 else 0", ""
        else:
            formula, numbers = "", ""      # identity: the slope is 1
        self.line(self.slope_name(neuron), formula, numbers, neuron.d_output_d_z,
                  kind="slope", neuron=neuron.name)

    def update_lines(self, learning_rate: float, before: Dict[str, float]) -> Dict[str, float]:
        """p <- p - learning_rate * dL/dp for every parameter, read back from the network."""
        self.heading("")
        rate = _fmt(learning_rate, 12)
        self.heading(f"Update (gradient descent, learning rate {rate}): "
                     f"parameter <- parameter - {rate} * dL/d(parameter)")
        updated = {}
        # parameter name -> (its neuron's name, "update_weight" or "update_bias")
        owner: Dict[str, Tuple[str, str]] = {}
        for neuron in self.net.neurons:
            for w_name in self.net.weight_names[neuron.name]:
                owner[w_name] = (neuron.name, "update_weight")
            owner[self.net.bias_names[neuron.name]] = (neuron.name, "update_bias")
        for name in self.net.parameter_names():
            old, gradient = before[name], self.gradients[name]
            new = self.net.get_parameter(name)
            expected = old - learning_rate * gradient
            scale = max(abs(old), abs(learning_rate * gradient), abs(new))
            if abs(new - expected) > RELATIVE_TOLERANCE * scale + ABSOLUTE_FLOOR:
                raise TraceMismatch(
                    f"{name}: the trace computes {old!r} - {learning_rate!r} * {gradient!r} "
                    f"= {expected!r}, but network.step() made it {new!r}")
            self.line(name, f"{name} - {rate} * dL/d{name}",
                      f"{self.fmt(old)} - {rate} * {self.par(gradient)}", new,
                      arrow="<-", digits=self.digits + 2, kind=owner[name][1],
                      neuron=owner[name][0])
            updated[name] = new
        return updated


def _check_file(file, where: str) -> None:
    """TypeError unless ``file`` is None or has a write method (checked before the step
    runs, so a bad ``file`` leaves the weights unchanged)."""
    if file is not None and not callable(getattr(file, "write", None)):
        raise TypeError(f"{where}: file must be a text stream with a write method, such as "
                        f"sys.stdout or an open file, got {file!r}")


def _check(name: str, printed: float, stored: float) -> None:
    """Raise TraceMismatch unless the printed value equals the stored one to 1e-12."""
    scale = max(abs(printed), abs(stored))
    if abs(printed - stored) <= RELATIVE_TOLERANCE * scale + ABSOLUTE_FLOOR:
        return
    raise TraceMismatch(
        f"{name}: the trace's product of the printed terms is {printed!r}, but backward() "
        f"stored {stored!r} (relative difference {abs(printed - stored) / scale:.1e}). "
        f"The trace and the backward pass disagree: one of them has a bug.")


def _fmt(value: float, digits: int) -> str:
    """value with ``digits`` significant digits: 0.04742587 -> '0.04743', -3.0 -> '-3'."""
    value = float(value)
    if value == 0.0:
        value = 0.0          # print -0.0 as 0
    return format(value, f".{digits}g")


def _n(text: str) -> str:
    """A formatted number, in parentheses only if it is negative: 1 - (-0.5)."""
    return f"({text})" if text.startswith("-") else text


def _fmt_list(values: Sequence[float], digits: int) -> str:
    parts = []
    for value in values:
        parts.append(_fmt(value, digits))
    return "[" + ", ".join(parts) + "]"


def _fmt_target(y, digits: int) -> str:
    if isinstance(y, (int, float)) and not isinstance(y, bool):
        return _fmt(y, digits)
    return _fmt_list(y, digits)


if __name__ == "__main__":
    # python -m network.tracing: the walkthrough's Alice example, one step at rate 0.1.
    from network.network import Network
    alice = Network([2, 2, 1], weights=[[[1, 1], [1, 1]], [[1, 1]]], biases=[[0, 0], [0]])
    trace(alice, [-2, -1], 1, learning_rate=0.1, file=sys.stdout)
