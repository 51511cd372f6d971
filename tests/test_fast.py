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


# ----- the fused SGD step (FastFit.sgd_step on packed weights) ---------------------------

def test_the_digit_trainers_step_is_the_fused_one(digits):
    X, Y = digits
    fit = FastFit(FastNetwork([784, 8, 10], activation="relu", loss="cross_entropy"),
                  X, Y, epochs=1)
    assert fit.fused
    for options in (dict(batch_size=2), dict(optimizer="momentum")):
        assert not FastFit(FastNetwork([784, 8, 10], loss="cross_entropy"), X, Y,
                           epochs=1, **options).fused
    assert not FastFit(FastNetwork([784, 8, 10], loss="cross_entropy", l2=0.001), X, Y,
                       epochs=1).fused


SHAPES = [
    ("two relu layers with dropout", [784, 12, 8, 10],
     dict(activation="relu", loss="cross_entropy", dropout=0.25)),
    ("two tanh layers", [784, 10, 6, 10], dict(activation="tanh", loss="cross_entropy")),
    ("sigmoid outputs, mse", [784, 12, 10], dict(activation="relu", loss="mse",
                                                 output_activation="sigmoid")),
    ("softmax outputs, mse", [784, 12, 10], dict(activation="sigmoid", loss="mse",
                                                 output_activation="softmax")),
    ("one output", [784, 12, 1], dict(activation="relu", loss="binary_cross_entropy",
                                      output_activation="sigmoid")),
]


@pytest.mark.parametrize("name, sizes, options", SHAPES, ids=[s[0] for s in SHAPES])
def test_fused_step_gives_the_core_weights_for_other_shapes(digits, name, sizes, options):
    X, Y = digits
    if sizes[-1] == 1:
        Y = [1.0 if label % 2 else 0.0 for label in Y]     # odd or even
    elif options["loss"] == "mse":
        Y = [[1.0 if k == label else 0.0 for k in range(10)] for label in Y]
    core, fast = Network(sizes, seed=4, **options), FastNetwork(sizes, seed=4, **options)
    core_history = Fit(core, X, Y, epochs=2, learning_rate=0.05, shuffle=True).run()
    fit = FastFit(fast, X, Y, epochs=2, learning_rate=0.05, shuffle=True)
    assert fit.fused
    assert list(fit.run()) == list(core_history)
    assert fingerprint(core) == fingerprint(fast)


def test_fused_runs_in_pieces_give_the_weights_of_one_run(digits):
    """run(max_batches=N) again and again (as the browser page trains): the packed
    weights go back into the neurons whenever run returns, and on from there."""
    X, Y = digits
    core = Network([784, 12, 10], activation="relu", loss="cross_entropy", seed=3)
    fast = FastNetwork([784, 12, 10], activation="relu", loss="cross_entropy", seed=3)
    Fit(core, X, Y, epochs=2, learning_rate=0.05, shuffle=True).run()
    fit = FastFit(fast, X, Y, epochs=2, learning_rate=0.05, shuffle=True)
    pieces = 0
    while not fit.done:
        fit.run(max_batches=37)
        pieces += 1
        if not fit.done:     # between pieces the neurons hold the weights so far
            assert fast.neurons[0].weights is not None and len(fast.snapshot()) == 22
    assert pieces == 11
    assert fingerprint(core) == fingerprint(fast)


def test_a_fused_run_stopped_by_ctrl_c_keeps_the_steps_it_made(digits):
    X, Y = digits

    def stop_after(batches):
        def on_batch_end(done, total):
            if done == batches:
                raise KeyboardInterrupt
        return on_batch_end

    nets = []
    for kind, loop in ((Network, Fit), (FastNetwork, FastFit)):
        net = kind([784, 12, 10], activation="relu", loss="cross_entropy", seed=5)
        with pytest.raises(KeyboardInterrupt):
            loop(net, X, Y, epochs=1, learning_rate=0.05,
                 on_batch_end=stop_after(150)).run()
        nets.append(net)
    assert fingerprint(nets[0]) == fingerprint(nets[1])


def test_fused_run_with_early_stopping_keeps_the_core_best_epoch(digits):
    X, Y = digits
    validation = (X[150:], Y[150:])
    results = []
    for kind, loop in ((Network, Fit), (FastNetwork, FastFit)):
        net = kind([784, 16, 10], activation="relu", loss="cross_entropy", seed=6)
        history = loop(net, X[:150], Y[:150], epochs=12, learning_rate=0.2, shuffle=True,
                       validation=validation, early_stopping=2).run()
        results.append((fingerprint(net), list(history), history.best_epoch,
                        history.validation_loss))
    assert results[0] == results[1]


@pytest.mark.parametrize("hidden", ["sigmoid", "relu", "tanh"])
@pytest.mark.parametrize("output, loss", [("identity", "mse"), ("softmax", "cross_entropy")])
def test_a_fused_run_diverges_as_the_core_does(hidden, output, loss):
    """A learning rate far too large: the same TrainingDiverged message (epoch, sample,
    the problem) and the same weights put back, or the same weights at the end."""
    from datasets import xor
    from network import TrainingDiverged
    X, Y = xor()
    sizes = [2, 4, 1]
    if output == "softmax":
        Y, sizes = [int(y) for y in Y], [2, 4, 2]
    outcomes = []
    for kind, loop in ((Network, Fit), (FastNetwork, FastFit)):
        net = kind(sizes, activation=hidden, output_activation=output, loss=loss, seed=1)
        try:
            loop(net, X, Y, epochs=50, learning_rate=1e200).run()
            outcome = "finished"
        except TrainingDiverged as problem:
            outcome = str(problem)
        outcomes.append((outcome, fingerprint(net)))
    assert outcomes[0] == outcomes[1]


# ----- the benchmark's floors compute the fast path's numbers ---------------------------

def test_the_benchmarks_floors_train_the_fast_paths_weights(load_script, digits):
    """scripts/benchmark.py times the fast path against two bare-loop floors; they must
    compute the same SGD steps (the same weights up to the order of a product's
    factors: 1e-12 relative, the benchmark's check), or the timing compares apples
    with pears."""
    benchmark = load_script("benchmark.py")
    X, Y = digits
    X, Y = X[:60], Y[:60]
    fit = benchmark.fast_fit(16, X, Y)
    sparse, dense = benchmark.floor_weights(fit.network), benchmark.floor_weights(fit.network)
    fit.run(max_epochs=1)
    for k in range(60):
        benchmark.sparse_floor_step(*sparse, X[k], Y[k], benchmark.LEARNING_RATE)
        benchmark.floor_step(*dense, X[k], Y[k], benchmark.LEARNING_RATE)
    for weights in (sparse, dense):
        difference = benchmark.relative_difference(fit.network, weights)
        assert 0.0 <= difference <= 1e-12
    # ... and a floor that skips one step is far off: the check can fail.
    benchmark.sparse_floor_step(*sparse, X[0], Y[0], benchmark.LEARNING_RATE)
    assert benchmark.relative_difference(fit.network, sparse) > 1e-6


def test_cross_validation_fold_0_is_the_default_split(load_script):
    from datasets.mnist import load_bundled_split
    benchmark = load_script("benchmark.py")
    folds = benchmark.cross_validation_folds()
    train, test = load_bundled_split(n_test=1000, seed=0)
    assert len(folds) == 5
    assert [folds[0][0].pixels(i) for i in range(4000)] == [train.pixels(i) for i in range(4000)]
    assert folds[0][0].labels == train.labels and folds[0][1].labels == test.labels
    # Every digit is in exactly one test part (the 5,000 bundled digits all differ,
    # so a digit is known by its pixels), 100 of each class per part, and trains in
    # the other four folds.
    seen = set()
    for train_part, test_part in folds:
        assert test_part.class_counts() == [100] * 10 and len(train_part) == 4000
        tested = set(test_part.pixels(i) for i in range(1000))
        assert not tested & set(train_part.pixels(i) for i in range(4000))
        seen |= tested
    assert len(seen) == 5000


@pytest.mark.parametrize("net_options", [dict(), dict(dropout=0.2), dict(activation="tanh")],
                         ids=["relu", "dropout", "tanh"])
def test_packed_rows_give_the_core_weights(digits, net_options):
    """FastFit trains on packed rows (CPython: memoryviews of array("d") copies of the
    weights, written back at the end of each epoch and whenever run returns; PyPy: the
    neurons' own lists), here in pieces of 70 steps: the core's weights bit for bit."""
    import network.fast
    X, Y = digits
    built = dict(activation="relu", loss="cross_entropy", seed=7)
    built.update(net_options)
    core = Network([784, 12, 10], **built)
    fast = FastNetwork([784, 12, 10], **built)
    Fit(core, X, Y, epochs=2, learning_rate=0.05, shuffle=True, schedule="cosine").run()
    fit = FastFit(fast, X, Y, epochs=2, learning_rate=0.05, shuffle=True, schedule="cosine")
    while not fit.done:
        fit.run(max_batches=70)     # written back between the pieces too
    assert fingerprint(core) == fingerprint(fast)
    rows = network.fast.packed_rows(fast.layers[0])
    if network.fast.ON_PYPY:
        assert rows[0] is fast.neurons[0].weights
    else:
        assert type(rows[0]) is memoryview and list(rows[0]) == fast.neurons[0].weights
