"""Step mode shows the trace's numbers, each with the source line that really computed it.

Checked against: the trace itself (a separate call on an identical network: the same
text and the same weights), Network.train (one step: the same weights), the source
files read here with open() (every file:line shown holds the text shown), a table
written here of which code variable holds which printed term, and hand counts.
"""
from __future__ import annotations

import importlib.util
import io
import math
import os
import random
import re
import subprocess
import sys
import textwrap

import pytest

from network import Network
from network.stepping import (WHERE, SourceNotFound, find_line, step_through,
                              where_computed)
from network.tracing import KINDS, trace

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT = os.path.join("scripts", "lesson05_walkthrough.py")

# A line step mode adds starts with six spaces; a source line is "path:number  text".
SOURCE_LINE = re.compile(r"^ {6}(\S+\.py):(\d+)  (\S.*)$")
ANNOTATION = " " * 6


def alice_network() -> Network:
    return Network([2, 2, 1], weights=[[[1, 1], [1, 1]], [[1, 1]]], biases=[[0, 0], [0]])


ALICE_X, ALICE_Y = [-2.0, -1.0], 1.0
# The Alice trace with a learning rate prints, counted by hand from the 2-2-1 network:
# forward 6 (z and output of h1, h2, o1), loss 1, output neuron o1 8 (dL/dy_pred,
# sigmoid'(z_o1), dy_pred/dw5, dL/dw5, dy_pred/dw6, dL/dw6, dy_pred/db3, dL/db3),
# h1 and h2 9 each (dy_pred/dh, dL/dh, sigmoid'(z_h), 2 x (dh/dw, dL/dw), dh/db, dL/db),
# and 9 updates (w1..w6, b1..b3): 6 + 1 + 8 + 9 + 9 + 9 = 42 numbers.
ALICE_NUMBERS = 42


def run_step(net, x, y, **options) -> str:
    out = io.StringIO()
    options.setdefault("interactive", False)
    step_through(net, x, y, file=out, **options)
    return out.getvalue()


def without_annotations(text: str):
    lines = []
    for line in text.splitlines():
        if not line.startswith(ANNOTATION):
            lines.append(line)
    return lines


def is_number(printed: str) -> bool:
    """A printed number: the trace indents them by two spaces, its headings by at most
    one (the header's "input x = ..." and "names: ..." lines are not numbers)."""
    if not printed.startswith("  ") or printed.startswith(("  input x =", "  names:")):
        return False
    return " = " in printed or " <- " in printed


def blocks(text: str):
    """[(printed line, [source lines as (path, number, text)])] for each printed line."""
    result = []
    for line in text.splitlines():
        match = SOURCE_LINE.match(line)
        if match:
            result[-1][1].append((match.group(1), int(match.group(2)), match.group(3)))
        elif not line.startswith(ANNOTATION):
            result.append((line, []))
    return result


class Answers:
    """An ``input`` for step_through: gives the answers in turn, records the prompts."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.prompts = []

    def __call__(self, prompt=""):
        self.prompts.append(prompt)
        if not self.answers:
            raise AssertionError("step mode asked once more than the test expected")
        answer = self.answers.pop(0)
        if answer is EOFError:
            raise EOFError
        return answer


def same_parameters(a: Network, b: Network) -> None:
    for name in a.parameter_names():
        assert a.get_parameter(name) == b.get_parameter(name), name


# ----- the script ------------------------------------------------------------------

def test_walkthrough_step_with_piped_stdin_runs_through_and_exits():
    # "q" on a pipe is not read: stdin is not a terminal, so nothing waits.
    out = subprocess.run([sys.executable, SCRIPT, "--step"], cwd=ROOT, input="q\n",
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "[Enter]" not in out.stdout and "Stopped" not in out.stdout
    assert "Epoch" not in out.stdout                       # it exits after the step
    assert "source line not found" not in out.stdout
    shown = []
    for line in out.stdout.splitlines():
        if SOURCE_LINE.match(line):
            shown.append(line)
    assert len(shown) >= ALICE_NUMBERS
    # Below the intro line: the trace of the walkthrough's first step, the network
    # run() starts from (seed 0) on Alice, with the source lines in between.
    from datasets import people
    X, Y = people()
    expected = trace(Network([2, 2, 1], seed=0), X[0], Y[0], learning_rate=0.1).text
    printed = without_annotations(out.stdout)
    assert printed[0].startswith("One training step on Alice")
    assert printed[1:] == expected.splitlines()


def test_walkthrough_step_needs_no_matplotlib():
    code = ("import runpy, sys; sys.modules['matplotlib'] = None; "
            "sys.argv = ['lesson05_walkthrough.py', '--step']; "
            "runpy.run_path('scripts/lesson05_walkthrough.py', run_name='__main__')")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, stdin=subprocess.DEVNULL,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "w1 <- w1 - 0.1 * dL/dw1" in out.stdout


# ----- Enter, c, q -----------------------------------------------------------------

def test_enter_shows_every_number_and_waits_after_each():
    answers = Answers(*([""] * ALICE_NUMBERS))
    text = run_step(alice_network(), ALICE_X, ALICE_Y, learning_rate=0.1,
                    interactive=True, input=answers)
    assert len(answers.prompts) == ALICE_NUMBERS
    assert "Enter" in answers.prompts[0] and "q" in answers.prompts[0]
    # The prompts went to input(), so the text is the same as without waiting.
    assert text == run_step(alice_network(), ALICE_X, ALICE_Y, learning_rate=0.1)


def test_q_stops_after_the_first_line_and_leaves_the_step_done():
    net = alice_network()
    answers = Answers("q")
    text = run_step(net, ALICE_X, ALICE_Y, learning_rate=0.1, interactive=True,
                    input=answers)
    assert len(answers.prompts) == 1
    printed = blocks(text)
    numbers = []
    for line, _sources in printed:
        if is_number(line):
            numbers.append(line)
    assert len(numbers) == 1
    assert numbers[0].strip().startswith("z_h1 = w1*x1 + w2*x2 + b1 = ")
    assert "h1 = sigmoid" not in text
    assert printed[-1][0].startswith("Stopped.")
    # The whole step ran before the first line was shown: the weights are those
    # after one step of train, as the docstring says.
    trained = alice_network()
    trained.train([ALICE_X], [ALICE_Y], epochs=1, learning_rate=0.1)
    same_parameters(net, trained)
    # w1 <- 1 - 0.1 * dL/dw1, with the walkthrough's chain rule (as in test_trace):
    # dL/dw1 = dL/dy_pred * dy_pred/dh1 * dh1/dw1
    #        = -2 (1 - y_pred) * w5 y_pred (1 - y_pred) * x1 h1 (1 - h1),
    # h1 = sigmoid(-3), y_pred = sigmoid(w5*h1 + w6*h2) = sigmoid(2*h1).
    h1 = 1.0 / (1.0 + math.exp(3.0))
    y_pred = 1.0 / (1.0 + math.exp(-2.0 * h1))
    d_loss_d_w1 = -2.0 * (1.0 - y_pred) * (y_pred * (1.0 - y_pred)) * (-2.0 * h1 * (1.0 - h1))
    assert net.get_parameter("w1") == pytest.approx(1.0 - 0.1 * d_loss_d_w1, rel=1e-12)


def test_c_runs_to_the_end_without_asking_again():
    answers = Answers("", "c")
    text = run_step(alice_network(), ALICE_X, ALICE_Y, learning_rate=0.1,
                    interactive=True, input=answers)
    assert len(answers.prompts) == 2
    assert "Stopped" not in text
    assert text == run_step(alice_network(), ALICE_X, ALICE_Y, learning_rate=0.1)


def test_an_unknown_answer_is_explained_and_asked_again():
    answers = Answers("what?", "", "q")
    text = run_step(alice_network(), ALICE_X, ALICE_Y, learning_rate=0.1,
                    interactive=True, input=answers)
    assert len(answers.prompts) == 3
    assert text.count("Press Enter for the next line") == 1
    assert "h1 = sigmoid(z_h1)" in text and "z_h2 = " not in text


def test_end_of_input_stops_like_q():
    answers = Answers("", EOFError)
    text = run_step(alice_network(), ALICE_X, ALICE_Y, learning_rate=0.1,
                    interactive=True, input=answers)
    assert len(answers.prompts) == 2
    assert "Stopped." in text and "z_h2 = " not in text


def test_an_input_function_alone_makes_it_interactive():
    answers = Answers("q")
    out = io.StringIO()
    step_through(alice_network(), ALICE_X, ALICE_Y, input=answers, file=out)
    assert len(answers.prompts) == 1


def test_without_a_learning_rate_nothing_changes():
    net = alice_network()
    answers = Answers("q")
    text = run_step(net, ALICE_X, ALICE_Y, learning_rate=None, interactive=True,
                    input=answers)
    assert "weights are unchanged" in text
    for name in net.parameter_names():
        assert net.get_parameter(name) == (0.0 if name.startswith("b") else 1.0)
    assert " <- " not in run_step(alice_network(), ALICE_X, ALICE_Y, learning_rate=None)


# ----- the source lines ------------------------------------------------------------

# (sizes, options of Network): every kind of printed number appears in at least one.
NETWORKS = [
    ([2, 2, 1], {}),
    ([2, 2, 2], {}),
    ([3, 3, 3], {"loss": "cross_entropy", "activation": "tanh"}),
    ([2, 4, 3, 3], {"loss": "cross_entropy", "activation": "relu"}),
    ([2, 2, 3], {"output_activation": "softmax", "loss": "mse"}),
    ([2, 3, 1], {"loss": "binary_cross_entropy", "activation": "relu",
                 "output_activation": "sigmoid"}),
    ([3, 2, 1], {"output_activation": "identity"}),
    ([2, 1, 1, 1], {"activation": "tanh"}),
    ([2, 2], {}),
    ([2, 2, 1], {"l1": 0.01, "l2": 0.1}),
]


def sample(sizes, options, seed):
    rng = random.Random(200 + seed)
    x = []
    for _ in range(sizes[0]):
        x.append(rng.uniform(-2.0, 2.0))
    if options.get("loss") == "cross_entropy":
        return x, rng.randrange(sizes[-1])
    if options.get("output_activation") == "identity":
        return x, rng.uniform(-3.0, 3.0)
    y = []
    for _ in range(sizes[-1]):
        y.append(float(rng.randrange(2)))
    return x, y


# Which code variable holds each printed term, written from reading the code:
# (the term's name as the trace prints it, a pattern the first source line shown must
# match). The first matching row counts.
CODE_NAMES = [
    (r"z_\w+", r"\bz\b"),                                  # z_h1: Neuron.forward's z
    (r"h\d+|o\d+|y_pred", r"\boutput\b"),                  # h1 = g(z_h1)
    (r"p\d+", r"\bprobabilities\b"),                       # softmax p_k
    (r"L", r"\bloss\b"),
    (r"penalty", r"\bl1\b.*\bl2\b"),                        # l1 * |w| + l2 * w^2
    (r"dL/dz_\w+", r"\bd_loss_d_z\b"),                     # dL/dz_o1
    (r"dL/d(o\d+|y_pred|p\d+)", r"\bd_loss_d_outputs?\b"),  # from the loss
    (r"dL/dh\d+", r"\bd_loss_d_inputs\b"),                 # what h's next layer sends back
    (r"dL/dw\d+|dloss/dw\d+", r"\bweight_grads\b"),
    (r"dpenalty/dw\d+", r"\bd_penalty_d_w\b"),
    (r"dL/db\d+", r"\bbias_grad\b"),
    (r"\w+'\(z_\w+\)", r"\bd_output_d_z\b"),               # sigmoid'(z_h1)
    (r"d\w+/dw\d+", r"\bd_z_d_wi\b"),                      # dh1/dw1, dz_o1/dw5
    (r"d\w+/dh\d+", r"\bd_z_d_xi\b"),                      # dy_pred/dh1
    (r"dz_\w+/db\d+", r"\bbias_grad\b"),                   # dz_o1/db3 = 1
    (r"d\w+/db\d+", r"\bd_output_d_z\b"),                  # dh1/db1 = g'(z_h1)
]
UPDATE_NAMES = [(r"w\d+", r"\bweights\b"), (r"b\d+", r"\bbias\b")]


def expected_code_name(printed: str) -> str:
    text = printed.strip()
    if " <- " in text:
        name, table = text.split(" <- ")[0], UPDATE_NAMES
    else:
        name, table = text.split(" = ")[0], CODE_NAMES
    for term, code in table:
        if re.fullmatch(term, name):
            return code
    raise AssertionError(f"the test's table has no row for {name!r}")


_FILES = {}


def file_line(path: str, number: int) -> str:
    if path not in _FILES:
        with open(os.path.join(ROOT, path), encoding="utf-8") as handle:
            _FILES[path] = handle.read().splitlines()
    lines = _FILES[path]
    assert 1 <= number <= len(lines), f"{path} has {len(lines)} lines, not {number}"
    return lines[number - 1].strip()


@pytest.mark.parametrize("sizes, options", NETWORKS)
def test_every_shown_line_is_really_there_and_holds_the_term(sizes, options):
    x, y = sample(sizes, options, 0)
    text = run_step(Network(sizes, seed=3, init="normal", **options), x, y,
                    learning_rate=0.2)
    assert "source line not found" not in text
    numbers = 0
    for printed, sources in blocks(text):
        if not is_number(printed):
            assert sources == [], printed                     # headings have none
            continue
        numbers += 1
        assert sources, f"no source line under {printed!r}"
        for path, number, shown in sources:
            assert file_line(path, number) == shown, f"{path}:{number}"
        first_text = sources[0][2]
        assert re.search(expected_code_name(printed), first_text), (printed, first_text)
    assert numbers == len(trace(Network(sizes, seed=3, init="normal", **options), x, y,
                                learning_rate=0.2).lines)


def test_every_kind_of_number_is_covered_by_the_networks_above():
    assert set(WHERE) == set(KINDS)
    seen = set()
    for sizes, options in NETWORKS:
        x, y = sample(sizes, options, 0)
        for line in trace(Network(sizes, seed=3, **options), x, y, learning_rate=0.2).lines:
            seen.add(line.kind)
    assert seen == set(KINDS)


def test_the_issue_example_dl_dz_shows_the_chain_rule_line():
    # In a 2-2-2 network, h1 feeds o1 and o2, so the trace prints dL/dz_o1, computed
    # in Neuron.backward as d_loss_d_z = d_loss_d_output * d_output_d_z.
    text = run_step(Network([2, 2, 2], seed=1), [0.5, -1.0], [1.0, 0.0])
    for printed, sources in blocks(text):
        if printed.strip().startswith("dL/dz_o1 = "):
            path, number, shown = sources[0]
            assert path == "neuron/neuron.py"
            assert shown.replace(" ", "") == "d_loss_d_z=d_loss_d_output*d_output_d_z"
            assert file_line(path, number) == shown
            break
    else:
        raise AssertionError("no dL/dz_o1 line")


def test_lines_are_found_where_they_are_now(tmp_path):
    # The same function, with three more lines above it: the number found moves too.
    body = textwrap.dedent('''
        def chain(d_loss_d_output, d_output_d_z):
            """dL/dz."""
            d_loss_d_z = d_loss_d_output * d_output_d_z
            if d_loss_d_z == 0.0:
                return 0.0
            return d_loss_d_z
        ''')
    numbers = []
    for extra in (0, 3):
        path = tmp_path / f"module_{extra}.py"
        path.write_text("\n" * extra + body)
        spec = importlib.util.spec_from_file_location(f"module_{extra}", str(path))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        found = find_line(module.chain, "d_loss_d_z = ")
        assert found.text == "d_loss_d_z = d_loss_d_output * d_output_d_z"
        # body starts with a newline, so the def is on line extra + 2, the
        # assignment two lines below it.
        assert found.number == extra + 4
        numbers.append(found.number)
        with pytest.raises(SourceNotFound, match="no line"):
            find_line(module.chain, "weight_grads[i] += ")
        with pytest.raises(SourceNotFound, match="2 lines"):
            find_line(module.chain, "return ")
        last = find_line(module.chain, "return ", "last")
        assert (last.text, last.number) == ("return d_loss_d_z", extra + 7)
    assert numbers[1] - numbers[0] == 3


def test_a_renamed_statement_is_reported_not_hidden(monkeypatch):
    # If the code no longer has the statement step mode looks for, it says so.
    places, note = WHERE["weight_grad"]
    monkeypatch.setitem(WHERE, "weight_grad",
                        ([("neuron", "backward", "no_such_statement = ", False)], note))
    text = run_step(alice_network(), ALICE_X, ALICE_Y)
    assert "(source line not found: no line starting with 'no_such_statement = ' in " \
           "Neuron.backward (neuron/neuron.py))" in text
    assert places  # the real table had places


# ----- the same numbers, the same step ----------------------------------------------

@pytest.mark.parametrize("sizes, options", NETWORKS)
def test_numbers_shown_are_the_traces_numbers_and_the_step_is_trains(sizes, options):
    x, y = sample(sizes, options, 1)
    stepped = Network(sizes, seed=5, init="normal", **options)
    traced = Network(sizes, seed=5, init="normal", **options)
    trained = Network(sizes, seed=5, init="normal", **options)
    text = run_step(stepped, x, y, learning_rate=0.3)
    expected = trace(traced, x, y, learning_rate=0.3)
    assert without_annotations(text) == expected.text.splitlines()
    trained.train([x], [y], epochs=1, learning_rate=0.3)
    same_parameters(stepped, traced)
    same_parameters(stepped, trained)


def test_where_computed_names_the_neurons_own_activation():
    # A tanh hidden layer under a sigmoid output: h1's slope comes from tanh's
    # derivative, o1's from sigmoid's (the line after Neuron.backward's).
    net = Network([2, 2, 1], activation="tanh", output_activation="sigmoid", seed=0)
    result = trace(net, [0.5, 1.0], 1.0)
    slopes = {}
    for line in result.lines:
        if line.kind == "slope":
            found, missing, _note = where_computed(line, net)
            assert missing == []
            slopes[line.name] = found[1].text
    assert "output * output" in slopes["tanh'(z_h1)"]
    assert "(1.0 - output)" in slopes["sigmoid'(z_o1)"]
