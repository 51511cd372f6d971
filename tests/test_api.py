"""The API a Python user expects, each piece checked against numbers worked out here.

net(x) is net.forward(x); predict_all / predict_classes for many samples (predict
takes one, and says which to use for many); parameters() by name in order;
state_dict() / load_state_dict(); count_parameters() and summary(); str(net) and
repr(neuron) with the weights' names; one optimizer per network; callbacks checked
when given; the library never imports NumPy or pandas.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from datasets.people import people
from network import (Adam, AdamW, Momentum, Nesterov, Network, RMSprop, SGD, fit,
                     predicted_class)
from network.fast import fast_copy
from neuron import Neuron

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
X, Y = people()
WALKTHROUGH = dict(weights=[[[0.5, -1.0], [0.25, 2.0]], [[-0.7187, -0.051]]],
                   biases=[[0.1, -0.2], [0.3]])


def walkthrough_net() -> Network:
    return Network([2, 2, 1], **WALKTHROUGH)


def fingerprint(net):
    return [(list(n.weights), n.bias) for n in net.neurons]


# %% Calling a network -------------------------------------------------------------------

def test_calling_the_network_is_forward():
    net = walkthrough_net()
    assert Network.__call__ is Network.forward
    assert net([-7, -3]) == net.forward([-7, -3]) == net.predict([-7, -3])
    # By hand: h1 = sigmoid(0.5*-7 - 1*-3 + 0.1), h2 = sigmoid(0.25*-7 + 2*-3 - 0.2),
    # o1 = sigmoid(-0.7187*h1 - 0.051*h2 + 0.3).
    import math

    def sigmoid(z):
        return 1 / (1 + math.exp(-z))
    h1, h2 = sigmoid(0.5 * -7 - 1.0 * -3 + 0.1), sigmoid(0.25 * -7 + 2.0 * -3 - 0.2)
    assert net([-7, -3]) == [pytest.approx(sigmoid(-0.7187 * h1 - 0.051 * h2 + 0.3),
                                           rel=1e-15)]


def test_many_samples_have_their_own_methods_and_predict_says_so():
    net = walkthrough_net()
    outputs = net.predict_all(X)
    assert outputs == [net.predict(x) for x in X]
    assert net.predict_classes(X) == [predicted_class(output) for output in outputs]
    assert net.predict_classes(tuple(X)) == net.predict_classes(X)
    for call in (net.predict, net.forward, net.predict_class):
        with pytest.raises(ValueError, match=r"for a list of samples use predict_all\(X\)"):
            call(X)                    # 4 samples: "expects 2 inputs, got 4" and the hint
        with pytest.raises(ValueError, match=r"predict_all\(X\)"):
            call(X[:2])                # 2 samples of 2: the right length, still the hint


# %% Parameters by name -----------------------------------------------------------------

def test_parameters_are_named_in_the_walkthrough_order():
    net = walkthrough_net()
    # Neuron by neuron, h1 then h2 then o1: each neuron's weights, then its bias.
    assert list(net.parameters()) == ["w1", "w2", "b1", "w3", "w4", "b2", "w5", "w6", "b3"]
    assert net.parameters() == {"w1": 0.5, "w2": -1.0, "w3": 0.25, "w4": 2.0,
                                "w5": -0.7187, "w6": -0.051, "b1": 0.1, "b2": -0.2,
                                "b3": 0.3}
    assert net.parameter_names() == list(net.parameters())
    assert net.neurons[2].weight_names == ["w5", "w6"] and net.neurons[2].bias_name == "b3"


def test_state_dict_round_trip_through_json():
    source = Network([2, 3, 2], loss="cross_entropy", seed=1)
    source.train(X, [0, 1, 1, 0], epochs=5, learning_rate=0.05)
    saved = json.loads(json.dumps(source.state_dict()))
    target = Network([2, 3, 2], loss="cross_entropy", seed=2)
    assert fingerprint(target) != fingerprint(source)
    target.load_state_dict(saved)
    assert fingerprint(target) == fingerprint(source)
    assert target.predict_all(X) == source.predict_all(X)
    # state_dict is a copy: changing it changes nothing.
    copy = source.state_dict()
    copy["w1"] = 100.0
    assert source.get_parameter("w1") != 100.0


@pytest.mark.parametrize("values, message", [
    ({"w1": 1.0}, "missing: w2"),
    (dict(walkthrough_net().state_dict(), w7=1.0), "unknown: w7"),
    (dict(walkthrough_net().state_dict(), b3="0.3"), "parameter b3 must be a number"),
    (dict(walkthrough_net().state_dict(), w2=True), "parameter w2 must be a number"),
    (dict(walkthrough_net().state_dict(), w6=10 ** 400), "parameter w6 is a whole number"),
    ([1.0] * 9, "needs a dict"),
])
def test_load_state_dict_changes_nothing_unless_every_value_fits(values, message):
    net = Network([2, 2, 1], seed=7)
    before = fingerprint(net)
    with pytest.raises(ValueError, match=message):
        net.load_state_dict(values)
    assert fingerprint(net) == before


# %% Size and printing ---------------------------------------------------------------

@pytest.mark.parametrize("sizes", [[2, 2, 1], [784, 100, 10], [3, 5, 4, 2]])
def test_count_parameters_and_the_summary_table(sizes):
    net = Network(sizes)
    # Each layer after the inputs: sizes[k] neurons with sizes[k-1] weights and a bias.
    per_layer = [sizes[k] * (sizes[k - 1] + 1) for k in range(1, len(sizes))]
    assert net.count_parameters() == sum(per_layer) == len(net.parameter_names())
    lines = net.summary().splitlines()
    assert lines[1].split()[:2] == ["input", f"{sizes[0]}"]
    for k, count in enumerate(per_layer, start=1):
        cells = lines[1 + k].split()
        assert cells[0] == str(k) and cells[1] == str(sizes[k])
        assert cells[-1] == f"{count:,}"
    neurons = sum(sizes[1:])
    assert lines[-1].startswith(f"total: {sum(per_layer):,} parameters in {neurons:,} "
                                f"neurons")


def test_the_784_100_10_network_has_79510_parameters():
    assert Network([784, 100, 10]).count_parameters() == 784 * 100 + 100 + 100 * 10 + 10
    assert 784 * 100 + 100 + 100 * 10 + 10 == 79_510


def test_print_shows_the_weights_by_name():
    net = walkthrough_net()
    text = str(net)
    assert text.splitlines()[0] == repr(net)
    assert "Neuron(o1: w5=-0.7187, w6=-0.051, b3=0.3, sigmoid)" in text
    assert "Neuron(h1: w1=0.5, w2=-1, b1=0.1, sigmoid)" in text
    assert repr(Neuron([0.5, -1.25], 0.1, name="h1")) == \
        "Neuron(h1: w1=0.5, w2=-1.25, b=0.1, sigmoid)"
    big = str(Network([784, 100, 10]))
    assert "w1=" not in big and "79,510 parameters" in big     # too many: the summary


# %% One optimizer, one network ---------------------------------------------------------

OPTIMIZERS = [lambda: SGD(0.1), lambda: Momentum(0.1), lambda: Nesterov(0.1),
              lambda: RMSprop(0.01), lambda: Adam(0.01), lambda: AdamW(0.01)]


@pytest.mark.parametrize("make", OPTIMIZERS, ids=["sgd", "momentum", "nesterov", "rmsprop",
                                                  "adam", "adamw"])
@pytest.mark.parametrize("how", ["core loop", "fit loop", "step by hand"])
def test_an_optimizer_used_on_another_network_is_refused_before_any_weight_changes(make, how):
    first, second = Network([2, 2, 1], seed=1), Network([2, 2, 1], seed=2)
    optimizer = make()
    first.train(X, Y, epochs=2, optimizer=optimizer)
    first.train(X, Y, epochs=1, optimizer=optimizer)     # the same network again: fine
    state = json.dumps(optimizer.state_dict())
    before = fingerprint(second)
    with pytest.raises(ValueError, match=f"this {type(optimizer).__name__} belongs to "
                                         f"another network"):
        if how == "core loop":
            second.train(X, Y, epochs=1, optimizer=optimizer)
        elif how == "fit loop":
            second.train(X, Y, epochs=1, optimizer=optimizer, epoch_loss="running")
        else:
            second.forward(X[0])
            second.backward(Y[0])
            optimizer.step(second.neurons)
    assert fingerprint(second) == before
    assert json.dumps(optimizer.state_dict()) == state      # Adam's t and m, v untouched


def test_a_resumed_run_loads_the_state_into_a_fresh_optimizer():
    straight, resumed = Network([2, 2, 1], seed=3), Network([2, 2, 1], seed=3)
    adam = Adam(0.01)
    straight.train(X, Y, epochs=4, optimizer=adam)
    first = Adam(0.01)
    resumed.train(X, Y, epochs=2, optimizer=first)
    copy = fast_copy(resumed)          # another network object with the same names
    fresh = Adam(0.01)
    fresh.load_state_dict(json.loads(json.dumps(first.state_dict())))
    copy.train(X, Y, epochs=2, optimizer=fresh)
    assert fingerprint(copy) == fingerprint(straight)
    # ... but a state for other neurons (other sizes) is refused.
    other = Adam(0.01)
    other.load_state_dict(first.state_dict())
    with pytest.raises(ValueError, match="state is for another network"):
        Network([2, 3, 1]).train(X, Y, epochs=1, optimizer=other)


# %% Callbacks are checked when given -------------------------------------------------------

def nothing(*args):
    return None


@pytest.mark.parametrize("name, function, shown", [
    ("on_batch_end", lambda done: None, "on_batch_end must take 2 arguments"),
    ("on_batch_end", lambda: None, "on_batch_end must take 2 arguments"),
    ("on_epoch_end", lambda epoch, stats, extra: None, "on_epoch_end must take 2 arguments"),
    ("epoch_data", lambda: (X, Y), "epoch_data must take 1 argument"),
    ("on_batch_end", 5, "on_batch_end must be a function"),
    ("on_epoch_end", "print", "on_epoch_end must be a function"),
])
def test_a_callback_with_the_wrong_signature_is_refused_before_training(name, function,
                                                                         shown):
    net = Network([2, 2, 1])
    before = fingerprint(net)
    with pytest.raises(ValueError, match=shown):
        net.train(X, Y, epochs=2, **{name: function})
    with pytest.raises(ValueError, match=shown):
        fit(net, X, Y, epochs=2, **{name: function})
    assert fingerprint(net) == before


def test_callbacks_that_fit_are_called_as_documented():
    calls = []

    def on_batch_end(done, total, unused=None):      # a default is fine
        calls.append(("batch", done, total))

    class OnEpochEnd:
        def __call__(self, epoch, stats):
            calls.append(("epoch", epoch, sorted(stats)))

    net = Network([2, 2, 1])
    net.train(X, Y, epochs=2, batch_size=3, on_batch_end=on_batch_end,
              on_epoch_end=OnEpochEnd(), epoch_data=lambda epoch: (X, Y))
    net.train(X, Y, epochs=1, on_batch_end=nothing)     # *args takes anything
    figures = ["accuracy", "learning_rate", "loss", "penalty", "running_loss"]
    assert calls == [("batch", 3, 4), ("batch", 4, 4), ("epoch", 0, figures),
                     ("batch", 3, 4), ("batch", 4, 4), ("epoch", 1, figures)]


# %% NumPy and pandas are never imported by the library ------------------------------------

def test_the_library_never_imports_numpy_or_pandas():
    code = (
        "import sys\n"
        "import neuron, network, datasets, datasets.augment, datasets.download\n"
        "import network.saving, network.fast, network.tracing, network.stepping\n"
        "import network.gradcheck\n"
        "from network import Network\n"
        "from datasets import people\n"
        "X, Y = people()\n"
        "net = Network([2, 2, 1])\n"
        "net.train(X, Y, epochs=2, epoch_loss='running')\n"
        "net.evaluate(X, Y); net.predict_all(X)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('numpy', 'pandas')))\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
