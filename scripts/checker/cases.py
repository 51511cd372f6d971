"""What an exercise is, and the cases every exercise shares.

An Exercise is a list of Cases. A Case has a title, ``run`` (the case at its first
point: the rows of the report) and ``second`` (the same case at other numbers: the
rows diagnosis.py uses to confirm that a mistake it would name is really there).

The cases shared by several exercises:

    network_case   one sample through a Network, once with the project's code (the
                   reference) and once with yours plugged in: every named term of the
                   forward and backward pass, read from the neurons, then the
                   finite-difference gradient check
    training_case  a few epochs of Network.train, with the project's code and with
                   yours: the loss after every epoch

The networks are built anew for every run and get copies of the inputs, so nothing
a check does can reach the next one.
"""
from __future__ import annotations

import os
from collections import OrderedDict
from typing import Callable, Dict, List, Optional, Sequence

from checker.comparing import agrees_with_hand, is_number, show
from checker.diagnosis import Row, Term, rows_from_terms
from checker.loading import CheckerError
from checker.mistakes import (bias_grad_mistakes, cross_entropy_mistakes,
                              d_loss_d_z_mistakes, input_grad_mistakes, mse_slope_mistakes,
                              output_mistakes, slope_mistakes, softmax_mistakes,
                              weight_grad_mistakes, z_mistakes)
from network.gradcheck import gradient_check
from network.layer import SoftmaxLayer
from network.network import Network

EXERCISES_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                             "exercises")

Rows = List[Row]


class Case:
    """One case of an exercise: ``run()`` gives its rows; ``second()`` the same case at a
    second, different point (run only when a row is wrong, to confirm a diagnosis)."""

    def __init__(self, title: str, run: Callable[[], Rows],
                 second: Optional[Callable[[], Rows]] = None):
        self.title = title
        self.run = run
        self.second = second


class Exercise:
    """One exercise: its file, the functions you write, the project's own versions of
    them (the reference solutions), its cases, and hints.

    cases       cases(students) -> [Case, ...], students being {name: Student}
    hints       extra words for an exception, by "function:kind:detail", "kind:detail",
                "function:kind" or "kind" (detail: the list indexed, such as "weights",
                or the function that refused its argument, such as "sqrt")
    read_again  {function: {parameter: what it is in the network}}: the lists that
                function must not change (loading.Student)
    """

    def __init__(self, number: int, filename: str, title: str, functions: List[str],
                 solutions: Dict[str, Callable],
                 cases: Callable[[Dict[str, Callable]], List[Case]],
                 hints: Optional[Dict[str, str]] = None,
                 read_again: Optional[Dict[str, Dict[str, str]]] = None):
        self.number = number
        self.filename = filename
        self.title = title
        self.functions = functions
        self.solutions = solutions
        self.cases = cases
        self.hints = hints or {}
        self.read_again = read_again or {}

    @property
    def path(self) -> str:
        return os.path.join(EXERCISES_DIR, self.filename)

    def hint(self, function: str, kind: str, detail: str) -> Optional[str]:
        """The most specific hint for an exception of ``kind`` in ``function``."""
        keys = []
        if detail:
            keys += [f"{function}:{kind}:{detail}", f"{kind}:{detail}"]
        keys += [f"{function}:{kind}", kind]
        for key in keys:
            if key in self.hints:
                return self.hints[key]
        return None


# %% Checking the project's code against the hand-worked numbers
def check_against_hand(terms: Dict[str, Term], hand: Dict[str, float], where: str) -> None:
    """Raise CheckerError unless the project's code gives every hand-worked number."""
    for name, value in hand.items():
        if name in terms and not agrees_with_hand(terms[name].value, value):
            raise CheckerError(
                f"{where}: the project's code gives {name} = {terms[name].value!r}, but the "
                f"hand-worked value is {value!r}. The code and the walkthrough disagree: "
                f"a bug in the core (or in this checker), not in your exercise.")


def check_hand_rows(rows: Rows, where: str) -> None:
    """The same for rows that carry their hand-worked value."""
    for row in rows:
        if row.hand is not None and not agrees_with_hand(row.expected, row.hand):
            raise CheckerError(f"{where}: the project's code gives {row.name} = "
                               f"{row.expected!r}, worked by hand {row.hand!r}: a bug in "
                               f"the core or in this checker")


# %% Reading every named term from a network
def node_names(net: Network) -> Dict[str, str]:
    """Each neuron's output as the walkthrough names it: h1, ..., y_pred (one output),
    o1, o2 (several), p1, p2 (softmax)."""
    names = {}
    for layer in net.layers[:-1]:
        for neuron in layer.neurons:
            names[neuron.name] = neuron.name
    output_layer = net.layers[-1]
    for k, neuron in enumerate(output_layer.neurons):
        if isinstance(output_layer, SoftmaxLayer):
            names[neuron.name] = f"p{k + 1}"
        elif len(output_layer.neurons) == 1:
            names[neuron.name] = "y_pred"
        else:
            names[neuron.name] = neuron.name
    return names


def _backward_terms(net: Network, y_vector, reference: bool, add) -> None:
    """dL/dw1, dL/db1, ... (the answers, in parameter order), then the chain rule from
    the output back: dL/dy_pred, sigmoid'(z_o1), dL/dz_o1, dL/dh1, ..."""
    layers = net.layers
    node = node_names(net)
    for layer in layers:
        for neuron in layer.neurons:
            d_z = f"dL/dz_{neuron.name}"
            for i, w_name in enumerate(net.weight_names[neuron.name]):
                mistakes = []
                if reference:
                    mistakes = weight_grad_mistakes(neuron.d_loss_d_output, neuron.d_loss_d_z,
                                                    neuron.weights[i], neuron.inputs[i])
                add(Term(f"dL/d{w_name}", neuron.weight_grads[i], [d_z], mistakes))
            add(Term(f"dL/d{net.bias_names[neuron.name]}", neuron.bias_grad, [d_z],
                     bias_grad_mistakes(neuron.d_loss_d_output) if reference else ()))
    outputs = layers[-1].outputs
    softmax_output = isinstance(layers[-1], SoftmaxLayer)
    for layer_index in range(len(layers) - 1, -1, -1):
        is_output = layer_index == len(layers) - 1
        for k, neuron in enumerate(layers[layer_index].neurons):
            d_z = f"dL/dz_{neuron.name}"
            if is_output and softmax_output:
                add(Term(d_z, neuron.d_loss_d_output, [f"p{k + 1}"],
                         cross_entropy_mistakes(outputs, y_vector, k) if reference else ()))
                continue
            d_node = f"dL/d{node[neuron.name]}"
            mistakes = []
            if is_output:
                factors: List[str] = []
                if reference and net.loss.name == "mse":
                    mistakes = mse_slope_mistakes(y_vector, outputs, k)
            else:
                readers = layers[layer_index + 1].neurons
                factors = [f"dL/dz_{m.name}" for m in readers]
                if reference:
                    mistakes = _input_grad_mistakes(readers, k)
            add(Term(d_node, neuron.d_loss_d_output, factors, mistakes))
            slope = f"{neuron.activation.name}'(z_{neuron.name})"
            add(Term(slope, neuron.d_output_d_z, [],
                     slope_mistakes(neuron.activation.name, neuron.z, neuron.output)
                     if reference else (),
                     missing="store the slope: neuron.d_output_d_z = d_output_d_z"))
            add(Term(d_z, neuron.d_loss_d_z, [d_node, slope],
                     d_loss_d_z_mistakes(neuron.activation.name, neuron.d_loss_d_output)
                     if reference else (),
                     missing="store it: neuron.d_loss_d_z = d_loss_d_z"))


def _input_grad_mistakes(readers, i: int):
    """input_grad_mistakes for input i of the layer of ``readers``."""
    shares = []
    for reader in readers:
        shares.append((reader.d_loss_d_output, reader.d_loss_d_z, reader.weights[i],
                       reader.inputs[i]))
    transposed = None
    if len(readers) == len(readers[0].weights) and len(readers) > 1:
        transposed = 0.0
        for j, reader in enumerate(readers):
            transposed += reader.d_loss_d_z * readers[i].weights[j]
    return input_grad_mistakes(shares, readers[0].activation.name, transposed)


def _forward_terms(net: Network, y_true, reference: bool, add) -> None:
    """z_h1, h1, ..., y_pred (or p1, p2, ...), then L."""
    layers = net.layers
    node = node_names(net)
    for layer_index, layer in enumerate(layers):
        previous = []
        if layer_index > 0:
            for neuron in layers[layer_index - 1].neurons:
                previous.append(node[neuron.name])
        z_names = [f"z_{neuron.name}" for neuron in layer.neurons]
        for k, neuron in enumerate(layer.neurons):
            add(Term(z_names[k], neuron.z, previous,
                     z_mistakes(neuron.weights, neuron.inputs, neuron.bias, neuron.z)
                     if reference else (),
                     missing="store it: neuron.z = z"))
            if isinstance(layer, SoftmaxLayer):
                p = layer.outputs[k] if layer.outputs is not None else None
                add(Term(node[neuron.name], p, z_names,
                         softmax_mistakes([m.z for m in layer.neurons], k)
                         if reference else ()))
            else:
                add(Term(node[neuron.name], neuron.output, [z_names[k]],
                         output_mistakes(neuron.activation.name, neuron.z)
                         if reference else (),
                         missing="store it: neuron.output = output"))
    if y_true is not None:
        outputs = layers[-1].outputs
        loss = None
        if outputs is not None and all(is_number(value) for value in outputs):
            loss = net.loss.value(net.target_vector(y_true), outputs)
        add(Term("L", loss, [node[neuron.name] for neuron in layers[-1].neurons]))


def network_terms(net: Network, y_true=None, forward: bool = False, backward: bool = True,
                  reference: bool = False) -> "OrderedDict[str, Term]":
    """Every named term of the last pass, read from the neurons: the backward terms
    first (the gradients, then the chain rule from the output back), then the forward
    terms. With ``reference`` each term also gets its known mistakes."""
    terms: "OrderedDict[str, Term]" = OrderedDict()

    def add(term: Term) -> None:
        terms[term.name] = term

    if backward:
        _backward_terms(net, net.target_vector(y_true), reference, add)
    if forward:
        _forward_terms(net, y_true, reference, add)
    return terms


# %% The cases
def one_pass(net: Network, x: Sequence[float], y_true) -> None:
    """What training does for one sample, without the update (on a copy of x)."""
    net.zero_grad()
    net.feedforward(list(x))
    net.backprop(net.target_vector(y_true))


def network_case(make_net: Callable[[], Network], x: Sequence[float], y_true,
                 plug, hand: Optional[Dict[str, float]] = None, forward: bool = False,
                 backward: bool = True, gradcheck: bool = True) -> Rows:
    """One sample through ``make_net()``, once with the project's code (the reference)
    and once with yours plugged in (``plug()`` is the context manager that swaps it
    in); a row per named term, then the gradient check."""
    expected_net = make_net()
    if backward:
        one_pass(expected_net, x, y_true)
    else:
        expected_net.feedforward(list(x))
    expected = network_terms(expected_net, y_true, forward, backward, reference=True)
    if hand:
        check_against_hand(expected, hand, "the walkthrough")
    if gradcheck:
        expected_check = gradient_check(make_net(), list(x), y_true)
        if not expected_check.passed:
            raise CheckerError("the project's own backprop fails the gradient check:\n"
                               + expected_check.report())
    with plug():
        net = make_net()
        if backward:
            one_pass(net, x, y_true)
        else:
            net.feedforward(list(x))
        yours = network_terms(net, y_true, forward, backward)
        check = gradient_check(make_net(), list(x), y_true) if gradcheck else None
    rows = rows_from_terms(expected, yours, hand)
    if check is not None:
        rows.append(gradient_check_row(check))
    return rows


def gradient_check_row(check) -> Row:
    worst = None
    for row in check.rows:
        if worst is None or row["error"] > worst["error"]:
            worst = row
    shown = (f"gradient check (finite differences): worst relative error "
             f"{check.worst_error:.1e} ({check.worst_name})")
    message = None
    if not check.passed:
        message = (f"the gradient check fails: dL/d{worst['name']} from backprop is "
                   f"{show(worst['analytic'])}, but the slope of the loss measured by finite "
                   f"differences is {show(worst['numerical'])}: backprop does not compute "
                   f"the derivative of the loss")
    return Row("gradient check", None, None, ok=check.passed, message=message, shown=shown)


def training_case(make_net: Callable[[], Network], X, Y, plug, **train_options) -> Rows:
    """A few epochs of Network.train with the project's code and with yours: the loss
    after every epoch."""
    expected = list(make_net().train(_copied(X), _copied(Y), **train_options))
    with plug():
        yours = list(make_net().train(_copied(X), _copied(Y), **train_options))
    rows = []
    for epoch, loss in enumerate(expected):
        got = yours[epoch] if epoch < len(yours) else None
        rows.append(Row(f"L after epoch {epoch + 1}", got, loss,
                        factors=[f"L after epoch {epoch}"] if epoch else []))
    return rows


def _copied(data):
    """A new list of new lists (the samples), so training cannot change the case's data."""
    copy = []
    for item in data:
        copy.append(list(item) if isinstance(item, (list, tuple)) else item)
    return copy
