"""The fast path equals the core: FastNetwork and FastFit train 200 real digits to the
very same weights (bit for bit: the same SHA-256 of every weight's repr) as Network
with the fit loop, for every optimizer, schedule, penalty, dropout and initialization.
"""
import hashlib

import pytest

from datasets.mnist import load_bundled_split
from network import SGD, Fit, Network
from network.fast import FastFit, FastNetwork, fast_copy
from network.initialization import INITS

DIGITS = 200


@pytest.fixture(scope="module")
def digits():
    train, _ = load_bundled_split()
    return [train.images[i] for i in range(DIGITS)], train.labels[:DIGITS]


def fingerprint(net) -> str:
    text = repr([(neuron.weights, neuron.bias) for neuron in net.neurons])
    return hashlib.sha256(text.encode()).hexdigest()


def run_options(fit_options: dict) -> dict:
    """The fit options of a case, with an optimizer given as (class, options) made
    afresh (one optimizer belongs to one network)."""
    options = dict(epochs=2, learning_rate=0.05, shuffle=True, seed=1)
    options.update(fit_options)
    if isinstance(options.get("optimizer"), tuple):
        kind, extra = options["optimizer"]
        options["optimizer"] = kind(options["learning_rate"], **extra)
    return options


CASES = [
    ("sgd", dict(), dict()),
    ("sgd, batches of 5", dict(batch_size=5), dict()),
    ("sgd with weight decay", dict(optimizer=(SGD, dict(weight_decay=0.01))), dict()),
    ("momentum", dict(optimizer="momentum", learning_rate=0.02), dict()),
    ("nesterov", dict(optimizer="nesterov", learning_rate=0.02), dict()),
    ("rmsprop", dict(optimizer="rmsprop", learning_rate=0.001), dict()),
    ("adam", dict(optimizer="adam", learning_rate=0.005, batch_size=4), dict()),
    ("adamw", dict(optimizer="adamw", learning_rate=0.005), dict()),
    ("constant", dict(schedule="constant"), dict()),
    ("step", dict(schedule="step"), dict()),
    ("exponential", dict(schedule="exponential"), dict()),
    ("inverse_time", dict(schedule="inverse_time"), dict()),
    ("cosine", dict(schedule="cosine"), dict()),
    ("l1", dict(), dict(l1=0.0001)),
    ("l2", dict(), dict(l2=0.001)),
    ("dropout", dict(), dict(dropout=0.3)),
    ("dropout with adam", dict(optimizer="adam", learning_rate=0.005), dict(dropout=0.2)),
    ("sigmoid hidden", dict(), dict(activation="sigmoid")),
    ("tanh hidden", dict(), dict(activation="tanh")),
] + [(f"init {init}", dict(), dict(init=init)) for init in INITS]


@pytest.mark.parametrize("name, fit_options, net_options", CASES, ids=[c[0] for c in CASES])
def test_fast_path_gives_the_core_weights(digits, name, fit_options, net_options):
    X, Y = digits
    built = dict(activation="relu", loss="cross_entropy", seed=0)
    built.update(net_options)
    core = Network([784, 12, 10], **built)
    fast = FastNetwork([784, 12, 10], **built)
    assert fingerprint(core) == fingerprint(fast)       # the same starting weights
    core_history = Fit(core, X, Y, **run_options(fit_options)).run()
    fast_history = FastFit(fast, X, Y, **run_options(fit_options)).run()
    assert fingerprint(core) == fingerprint(fast)
    assert list(core_history) == list(fast_history)
    assert core_history.accuracy == fast_history.accuracy


def test_fast_feedforward_and_backprop_leave_every_term_as_the_core(digits):
    X, Y = digits
    core = Network([784, 16, 10], activation="relu", loss="cross_entropy", seed=2)
    fast = fast_copy(core)
    target = [0.0] * 10
    target[Y[3]] = 1.0
    for net in (core, fast):
        net.zero_grad()
        net.feedforward(X[3])
        net.backprop(target)
    for a, b in zip(core.neurons, fast.neurons):
        assert (a.z, a.output, a.d_loss_d_output, a.d_output_d_z, a.d_loss_d_z) == \
               (b.z, b.output, b.d_loss_d_output, b.d_output_d_z, b.d_loss_d_z)
        assert a.weight_grads == b.weight_grads and a.bias_grad == b.bias_grad


def test_fast_copy_keeps_weights_and_generator():
    core = Network([3, 4, 2], loss="cross_entropy", seed=5, dropout=0.5)
    core.rng.random()
    fast = fast_copy(core)
    assert isinstance(fast, FastNetwork)
    assert fast.snapshot() == core.snapshot()
    assert fast.rng.getstate() == core.rng.getstate()
    assert fast.forward([0.1, 0.2, 0.3]) == core.forward([0.1, 0.2, 0.3])
