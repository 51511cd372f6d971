"""Step mode: one training step, one number at a time, with the line of code behind it.

    from network import Network
    from network.stepping import step_through
    net = Network([2, 2, 1], weights=[[[1, 1], [1, 1]], [[1, 1]]], biases=[[0, 0], [0]])
    step_through(net, [-2, -1], 1, learning_rate=0.1)       # Alice, from the walkthrough

prints the trace of network/trace.py line by line, and under every number the line of
source code that computed it (file:line as the file is now), then waits:

      h1 = sigmoid(z_h1) = sigmoid(-3) = 0.04743
          neuron/neuron.py:69  output = self.activation(z)
          neuron/activations.py:55  return 1.0 / (1.0 + math.exp(-z))
      [Enter] next line, c: run to the end, q: quit >

Enter shows the next number, ``c`` runs to the end without stopping, ``q`` stops. When
standard input is not a terminal (a pipe, a test) it prints everything without waiting.

What step mode runs, and what ``q`` leaves behind. It calls ``trace`` (the training code
path: zero_grad, forward, backward, and the update when a learning rate is given) and
then shows the lines trace printed, reading the same values. So the whole step, update
included, has already happened when the first line appears; ``q`` only stops the
showing. After ``q`` the weights are exactly as ``trace`` leaves them: updated once,
as after one step of ``train`` on this sample (not updated if learning_rate=None).

How a line of code is found. Each kind of printed number (TraceLine.kind) names the
function that computes it and the start of the statement, e.g. Neuron.backprop and
``d_loss_d_z = ``. At run time ``inspect.getsourcelines`` reads that function's source
and the statement is searched for in it, so the file and line number shown are where
the statement is now, never a number written down earlier. A statement that is not
found (renamed, rewritten) is shown as ``(source line not found: ...)``, and the tests
fail until WHERE below is brought up to date. Where the code computes a number in two
places, both lines are shown, the one that stores the printed number first; a note in
parentheses, shown under the first number it applies to, says how the two combine.

Some printed factors are not one statement of the code: the trace writes
dh1/dw1 = x1 * sigmoid'(z_h1), while Neuron.backprop multiplies g'(z) into d_loss_d_z
and x into d_z_d_wi separately. For those, step mode shows both lines and says so.
"""
from __future__ import annotations

import ast
import builtins
import inspect
import os
import sys
import textwrap
from typing import Callable, Dict, List, Optional, Sequence, TextIO, Tuple

from network import regularization
from network.layer import Layer, softmax
from network.optimizers import SGD
from network.tracing import Trace, TraceLine, _check_file, trace

# The repository's root: paths are shown relative to it (neuron/neuron.py).
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

PROMPT = "  [Enter] next line, c: run to the end, q: quit > "
CTRL_C_DURING_STEP = ("Stopped (Ctrl-C) during the step itself, before anything was shown: "
                      "the weights are back as they were before the step.")
HELP = "  Press Enter for the next line, type c to run to the end, or q to quit."
# Step mode's own lines start with this indent (a trace line starts with 2 spaces at most).
INDENT = "      "


class SourceNotFound(LookupError):
    """The statement step mode looks for is not (or not exactly once) in the function."""


class SourceLine:
    """One line of source code: ``path`` (from the repository root), ``number``, ``text``.

    str(line) is ``neuron/neuron.py:89  d_loss_d_z = d_loss_d_output * d_output_d_z``.
    """

    def __init__(self, path: str, number: int, text: str):
        self.path = path
        self.number = number
        self.text = text

    def __str__(self) -> str:
        return f"{self.path}:{self.number}  {self.text}"

    def __repr__(self) -> str:
        return f"SourceLine({str(self)!r})"


def find_line(function: Callable, starts_with: str, which: str = "only") -> SourceLine:
    """The line of ``function``'s source whose text (leading spaces removed) starts with
    ``starts_with``. ``which``: "only" (there must be exactly one such line), "first"
    or "last" (of at least one: an activation's usual-case ``return`` is its first, a
    loss's final ``return`` its last). Raises SourceNotFound otherwise."""
    lines, first_number = inspect.getsourcelines(function)   # read now, not cached
    path = _shown_path(inspect.getsourcefile(function))
    in_strings = _string_lines(lines)
    found = []
    for offset, line in enumerate(lines):
        if line.strip().startswith(starts_with) and offset not in in_strings:
            found.append(offset)
    if not found:
        raise SourceNotFound(f"no line starting with {starts_with!r} in "
                             f"{function.__qualname__} ({path})")
    if len(found) > 1 and which == "only":
        raise SourceNotFound(f"{len(found)} lines start with {starts_with!r} in "
                             f"{function.__qualname__} ({path}); expected one")
    offset = found[-1] if which == "last" else found[0]
    # lines[0] is the line numbered first_number (the def), so lines[k] is first_number + k.
    return SourceLine(path, first_number + offset, lines[offset].strip())


def _string_lines(lines: List[str]) -> set:
    """The offsets of the lines that belong to a docstring (or another bare string):
    a docstring may well show the statement it explains."""
    tree = ast.parse(textwrap.dedent("".join(lines)))
    offsets = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) \
                and isinstance(node.value.value, str):
            offsets.update(range(node.lineno - 1, node.end_lineno))
    return offsets


def _shown_path(path: Optional[str]) -> str:
    """path relative to the repository root with / separators (absolute if outside)."""
    if path is None:
        return "?"
    relative = os.path.relpath(os.path.abspath(path), ROOT)
    if relative.startswith(".."):
        return path
    return relative.replace(os.sep, "/")


# WHERE[kind]: (where to look, in order, and a note or ""). Each place is (the object
# whose function it is, the function's name, how the statement starts, which of the
# lines starting so: "only", "first" or "last"). The objects are the ones the step
# used: "neuron" (the TraceLine's neuron), "activation" (its activation), "network",
# "loss" (the network's loss), "output_layer", "layer" (the class Layer, whose
# input_gradients every layer uses), "layer_module" (the function softmax),
# "regularization" (the module), "sgd" (the optimizer Network.step uses). The first
# place is where the printed number itself is computed or stored.
Place = Tuple[str, str, str, str]
WHERE: Dict[str, Tuple[List[Place], str]] = {
    "z": ([("neuron", "feedforward", "z += ", "only"),
           ("neuron", "feedforward", "z = ", "only")], ""),
    "output": ([("neuron", "feedforward", "self.output = ", "only"),
                ("activation", "function", "return ", "first")], ""),
    "softmax": ([("layer_module", "softmax", "probabilities.append(", "only"),
                 ("layer_module", "softmax", "e = math.exp(", "only")],
                "the code computes e^(z_k - m) with m = max z: the same p_k, and e^ "
                "cannot overflow"),
    "loss": ([("network", "backprop", "loss = ", "only"),
              ("loss", "value", "return ", "last")], ""),
    "penalty": ([("regularization", "penalty", "total += ", "only")], ""),
    "loss_derivative": ([("network", "backprop", "d_loss_d_outputs = self.loss", "only"),
                         ("loss", "derivative", "d_loss_d_pred.append(", "only")], ""),
    "softmax_cross_entropy": ([("output_layer", "backprop_cross_entropy",
                                "d_loss_d_z.append(", "only")], ""),
    "softmax_backward": ([("output_layer", "backprop", "d_loss_d_z.append(", "only"),
                          ("output_layer", "backprop", "weighted_sum += ", "only")], ""),
    "next_factor": ([("layer", "input_gradients", "d_z_d_xi = ", "only"),
                     ("neuron", "backprop", "d_output_d_z = ", "only")],
                    "not one line of the code: the weight is d_z_d_xi, and the slope "
                    "g'(z) goes into d_loss_d_z; d_loss_d_inputs[i] multiplies the two"),
    "d_loss_d_hidden": ([("layer", "input_gradients", "d_loss_d_inputs[i] += ", "only"),
                         ("network", "backprop", "self.layers[index - 1].backprop(", "only")],
                        "the next layer's input_gradients adds each of its neurons' "
                        "d_loss_d_z * w; Network.backprop hands the sum to this layer as "
                        "this neuron's d_loss_d_output"),
    "slope": ([("neuron", "backprop", "d_output_d_z = ", "only"),
               ("activation", "derivative", "return ", "first")], ""),
    "d_output_d_w": ([("neuron", "backprop", "d_z_d_wi = ", "only"),
                      ("neuron", "backprop", "d_output_d_z = ", "only")],
                     "not one line of the code: x is d_z_d_wi, and the slope g'(z) goes "
                     "into d_loss_d_z; weight_grads[i] multiplies the two"),
    "d_z_d_w": ([("neuron", "backprop", "d_z_d_wi = ", "only")], ""),
    "weight_grad": ([("neuron", "backprop", "self.weight_grads[i] += ", "only"),
                     ("neuron", "backprop", "d_loss_d_z = ", "only")],
                    "the code's d_loss_d_z is every factor but the last, dL/d(output) * "
                    "g'(z); d_z_d_wi is the input x"),
    "penalty_grad": ([("regularization", "add_penalty_gradients", "d_penalty_d_w = ",
                       "only")], ""),
    "penalized_weight_grad": ([("regularization", "add_penalty_gradients",
                                "neuron.weight_grads[i] += ", "only")], ""),
    "d_output_d_b": ([("neuron", "backprop", "d_output_d_z = ", "only")],
                     "z = ... + b, so dz/db = 1 and this factor is the slope g'(z) itself"),
    "d_z_d_b": ([("neuron", "backprop", "self.bias_grad += ", "only")],
                "z = ... + b, so dz/db = 1: the code adds d_loss_d_z as it is"),
    "bias_grad": ([("neuron", "backprop", "self.bias_grad += ", "only"),
                   ("neuron", "backprop", "d_loss_d_z = ", "only")], ""),
    "d_loss_d_z": ([("neuron", "backprop", "d_loss_d_z = ", "only")], ""),
    "update_weight": ([("sgd", "step", "neuron.weights[i] -= ", "only")], ""),
    "update_bias": ([("sgd", "step", "neuron.bias -= ", "only")], ""),
}


def where_computed(line: TraceLine, network) -> Tuple[List[SourceLine], List[str], str]:
    """The source lines behind one printed number: (found lines, the places that
    were not found, as messages, and a note or ""). The first found line is where the
    number itself is computed or stored."""
    if line.kind not in WHERE:
        return [], [f"step mode does not know the kind {line.kind!r} of {line.name}"], ""
    places, note = WHERE[line.kind]
    found: List[SourceLine] = []
    missing: List[str] = []
    for owner_name, function_name, starts_with, which in places:
        owner = _owner(owner_name, line, network)
        function = getattr(owner, function_name, None)
        if function is None:
            missing.append(f"{owner!r} has no {function_name}")
            continue
        try:
            found.append(find_line(function, starts_with, which))
        except (SourceNotFound, OSError, TypeError) as error:
            missing.append(str(error))
    return found, missing, note


def _owner(owner_name: str, line: TraceLine, network):
    """The class or module whose function computes the number (see WHERE)."""
    if owner_name == "network":
        return type(network)
    if owner_name == "loss":
        return type(network.loss)
    if owner_name == "output_layer":
        return type(network.layers[-1])
    if owner_name == "layer_module":
        return sys.modules[softmax.__module__]
    if owner_name == "layer":
        return Layer
    if owner_name == "regularization":
        return regularization
    if owner_name == "sgd":
        return SGD
    neuron = _neuron(network, line.neuron)
    if owner_name == "activation":
        return neuron.activation
    return type(neuron)


def _neuron(network, name: str):
    for neuron in network.neurons:
        if neuron.name == name:
            return neuron
    # The loss and penalty lines belong to no neuron: any neuron's class will do.
    return network.neurons[0]


def step_through(network, x: Sequence[float], y_true, *,
                 learning_rate: Optional[float] = 0.1, digits: int = 4,
                 input: Optional[Callable[[str], str]] = None,
                 file: Optional[TextIO] = None,
                 interactive: Optional[bool] = None) -> Trace:
    """One training step on (x, y_true), shown one number at a time with its source line.

    Runs ``trace(network, x, y_true, learning_rate, digits)`` (zero_grad, forward,
    backward, and the update w <- w - learning_rate * dL/dw unless learning_rate is
    None), then writes the trace to ``file`` (default: the screen) line by line. Under
    each number it writes the source line(s) that computed it, as
    ``neuron/neuron.py:89  d_loss_d_z = d_loss_d_output * d_output_d_z``, and, when
    interactive, waits: Enter shows the next number, ``c`` shows the rest without
    waiting, ``q`` stops (so does the end of input, Ctrl-D).

    ``q`` only stops the showing: the step, update included, ran before the first line
    was shown, so the weights are as trace leaves them (updated once). Ctrl-C stops
    like ``q``, with one line; Ctrl-C during the step itself (before anything is shown)
    stops with one line too, puts the weights back as they were and returns None.

    interactive  True: wait after every number, reading answers with ``input`` (called
                 like the built-in input(prompt); default: the built-in). False: show
                 everything without waiting. None (default): True if ``input`` is
                 given or standard input is a terminal, else False (pipes and tests).

    Returns the Trace (trace.gradients["w1"], trace.terms["dL/dy_pred"], ...). Raises
    TypeError, before the step runs, if ``file`` has no write method or ``input`` is
    not a function.
    """
    _check_file(file, "step_through")
    if input is not None and not callable(input):
        raise TypeError(f"step_through: input must be a function called like the built-in "
                        f"input(prompt), got {input!r}")
    out = file if file is not None else sys.stdout
    read = input if input is not None else builtins.input
    if interactive is None:
        interactive = input is not None or _stdin_is_a_terminal()

    before = network.snapshot()
    try:
        result = trace(network, x, y_true, learning_rate=learning_rate, digits=digits)
    except KeyboardInterrupt:     # Ctrl-C during the step itself: one line, no traceback
        network.restore(before)   # the weights as they were: nothing half done
        print(f"\n{CTRL_C_DURING_STEP}", file=out)
        out.flush()
        return None

    waiting = bool(interactive)
    notes_shown = set()          # each note is shown once, under its first number
    try:
        for text, line in result.rows:
            print(text, file=out)
            if line is None:
                continue
            found, missing, note = where_computed(line, network)
            for source in found:
                print(INDENT + str(source), file=out)
            for message in missing:
                print(f"{INDENT}(source line not found: {message})", file=out)
            if note and note not in notes_shown:
                notes_shown.add(note)
                print(f"{INDENT}({note})", file=out)
            if not waiting:
                continue
            answer = _ask(read, out)
            if answer == "c":
                waiting = False
            elif answer == "q":
                print(_stopped_message(learning_rate), file=out)
                break
    except KeyboardInterrupt:     # Ctrl-C while showing (or at the prompt): as q
        print(f"\n{_stopped_message(learning_rate)}", file=out)
    out.flush()
    return result


def _ask(read: Callable[[str], str], out: TextIO) -> str:
    """"" (next line), "c" or "q", asked for until the answer is one of them."""
    while True:
        out.flush()
        try:
            answer = read(PROMPT)
        except EOFError:          # Ctrl-D, or the end of a file given as input
            print(file=out)
            return "q"
        answer = answer.strip().lower()
        if answer in ("", "c", "q"):
            return answer
        print(HELP, file=out)


def _stopped_message(learning_rate: Optional[float]) -> str:
    if learning_rate is None:
        return ("Stopped. The forward and backward pass had already run (no update: "
                "learning_rate=None); the weights are unchanged.")
    return ("Stopped. The whole step, update included, had already run before the first "
            "line was shown; the weights are the updated ones, as trace leaves them.")


def _stdin_is_a_terminal() -> bool:
    stdin = sys.stdin
    try:
        return stdin is not None and stdin.isatty()
    except (AttributeError, ValueError):      # replaced or closed stdin
        return False


if __name__ == "__main__":
    # python -m network.stepping: the walkthrough's Alice example, one step at rate 0.1.
    from network import Network
    alice = Network([2, 2, 1], weights=[[[1, 1], [1, 1]], [[1, 1]]], biases=[[0, 0], [0]])
    step_through(alice, [-2, -1], 1, learning_rate=0.1)
