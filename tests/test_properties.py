"""Properties of the math, for random small networks (hypothesis).

Each test draws a network: 1-3 inputs, 1-2 hidden layers of 1-4 neurons, 1-3
outputs; a hidden activation; a loss with an output that fits it (mse with any
output, binary cross entropy with sigmoid or softmax, cross entropy with softmax);
an initialization, a seed, and sometimes L1, L2 or dropout. Inputs lie in [-2, 2];
targets are what the loss accepts. Four promises:

1. backward agrees with the finite-difference gradient check;
2. the same seed gives the same network and the same outputs (dropout masks too);
3. save then load gives back every weight bit for bit;
4. one full-batch step with a tiny learning rate never raises the objective
   (loss + penalty), for every optimizer whose step is a descent direction.

Where the math has a kink (ReLU at z = 0, |w| at w = 0 for L1, the clip of a
probability at 1e-15), a derivative does not exist and finite differences disagree
with any backward pass; those examples are detected exactly and discarded with
``assume`` (they are rare: a z within about 1e-4 of 0). So are outputs so saturated
that rounding, not backward, decides the difference quotient. The tolerances are
derived in the tests from the size of the rounding errors, not tuned to pass.

derandomize=True: the same examples every run, on every machine.
"""
from __future__ import annotations

import math
import os
import tempfile

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from network import Network
from network.gradcheck import gradient_check
from network.regularization import dropout_mode, objective
from network.initialization import INITS
from network.saving import load_network, save_network
from network.optimizers import get_optimizer
from neuron.activations import ACTIVATIONS

PROPERTY = dict(deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

HIDDEN_ACTIVATIONS = sorted(ACTIVATIONS)          # identity, relu, sigmoid, tanh
H = 1e-4                                          # gradient_check's default step


@st.composite
def networks(draw, allow_dropout=True):
    """(options for Network, number of inputs): a random small network's recipe."""
    n_inputs = draw(st.integers(1, 3))
    hidden = draw(st.lists(st.integers(1, 4), min_size=1, max_size=2))
    n_outputs = draw(st.integers(1, 3))
    # (loss, output activation) pairs that Network accepts for this many outputs.
    pairs = [("mse", name) for name in HIDDEN_ACTIVATIONS]
    pairs.append(("binary_cross_entropy", "sigmoid"))
    if n_outputs >= 2:
        pairs += [("mse", "softmax"), ("binary_cross_entropy", "softmax"),
                  ("cross_entropy", "softmax")]
    loss, output_activation = draw(st.sampled_from(pairs))
    options = {
        "sizes": [n_inputs] + hidden + [n_outputs],
        "activation": draw(st.sampled_from(HIDDEN_ACTIVATIONS)),
        "output_activation": output_activation,
        "loss": loss,
        "seed": draw(st.integers(0, 2 ** 32)),
        "init": draw(st.sampled_from(INITS)),
        "l1": draw(st.sampled_from([0.0, 0.0, 0.01])),
        "l2": draw(st.sampled_from([0.0, 0.0, 0.05])),
        "dropout": draw(st.sampled_from([0.0, 0.0, 0.25])) if allow_dropout else 0.0,
    }
    return options


def inputs(n):
    return st.lists(st.floats(-2.0, 2.0), min_size=n, max_size=n)


def target(draw, options):
    """A target the network's loss accepts: any number in [-2, 2] per output for mse,
    in [0, 1] for binary cross entropy, a one-hot list for cross entropy."""
    n = options["sizes"][-1]
    if options["loss"] == "cross_entropy":
        k = draw(st.integers(0, n - 1))
        one_hot = [0.0] * n
        one_hot[k] = 1.0
        return one_hot
    low = -2.0 if options["loss"] == "mse" else 0.0
    high = 2.0 if options["loss"] == "mse" else 1.0
    return draw(st.lists(st.floats(low, high), min_size=n, max_size=n))


def kink_pattern(net):
    """Which side of every kink the last forward pass was on: for each ReLU neuron
    z > 0; with L1 the sign of every weight; for a cross-entropy loss whether each
    probability was clipped (below 1e-15 or above 1 - 1e-15). Two passes with the
    same pattern lie on the same smooth piece of the loss."""
    pattern = []
    for layer in net.layers:
        for neuron in layer.neurons:
            if neuron.activation.name == "relu":
                pattern.append(neuron.z > 0.0)
            if net.l1 > 0.0:
                for w in neuron.weights:
                    pattern.append(w > 0.0)
    if net.loss.name != "mse":
        for p in net.layers[-1].outputs:
            pattern.append((p < 1e-12, p > 1.0 - 1e-12))
    return pattern


def forward_with_dropout(net, x, mode):
    """net.forward(x) with the dropout layers in ``mode`` ("train": a new mask;
    "fixed": the last one)."""
    with dropout_mode(net, mode):
        return net.forward(x)


# %% 1. backward agrees with the finite-difference gradient check ---------------------

@settings(max_examples=150, **PROPERTY)
@given(st.data())
def test_backward_agrees_with_finite_differences(data):
    options = data.draw(networks())
    net = Network(**options)
    x = data.draw(inputs(options["sizes"][0]))
    y = target(data.draw, options)

    check = gradient_check(net, x, y, h=H)
    # gradient_check drew one dropout mask and held it; the same mask (same_mask=True)
    # is kept below. Where is every kink at the parameters as they are ...
    loss = objective(net, x, y, mode="fixed")
    here = kink_pattern(net)
    # ... and at every point the difference quotient visited (p +- h, p +- 2h)?
    for name in net.parameter_names():
        p = net.get_parameter(name)
        for shift in (-2 * H, -H, H, 2 * H):
            net.set_parameter(name, p + shift)
            forward_with_dropout(net, x, "fixed")
            # A kink crossed: no derivative to compare; discard the example.
            assume(kink_pattern(net) == here)
        net.set_parameter(name, p)

    # The tolerance. The five-point difference quotient's truncation error is about
    # h^4 / 30 times L's fifth derivative, ~1e-16 * L''''' (tiny here); its rounding
    # error is about 1.5 * (rounding error of one L) / h = 1.5e4 * dL. A float is off
    # by up to 1.1e-16 of its size, so dL ~ 1.1e-16 * (|L| + K), where K says how much
    # the loss magnifies the rounding errors of the outputs p (each off by about
    # 1.1e-16 * max(1, |p|)): K = sum_k |dL/dp_k| * max(1, |p_k|), with dL/dp_k worked
    # out here from the loss's formula. Near a saturated output K is huge (BCE with
    # y = 0 and p = 1 - 2.4e-7 has K = 4e6, and the difference quotient is off by 1e-5
    # from rounding alone): such examples say nothing about backward and are discarded.
    # Allowed: 1e-9 * (1 + |L| + K), about 300 times the estimate, plus 1e-6 of the
    # gradient itself. A wrong chain-rule term is off by the size of the gradient.
    outputs = forward_with_dropout(net, x, "fixed")
    n = len(outputs)
    magnification = 0.0
    for p_k, y_k in zip(outputs, y):
        if options["loss"] == "mse":
            d_loss_d_p = 2.0 * abs(p_k - y_k) / n
        elif options["loss"] == "binary_cross_entropy":
            d_loss_d_p = abs(p_k - y_k) / (p_k * (1.0 - p_k)) / n
        else:
            d_loss_d_p = y_k / p_k
        magnification += d_loss_d_p * max(1.0, abs(p_k))
    assume(magnification <= 1e4)
    allowed_absolute = 1e-9 * (1.0 + abs(loss) + magnification)
    for row in check.rows:
        difference = abs(row["analytic"] - row["numerical"])
        assert difference <= allowed_absolute + 1e-6 * abs(row["numerical"]), \
            (row, net, options, x, y)


# %% 2. the same seed, the same network ----------------------------------------------

@settings(max_examples=50, **PROPERTY)
@given(st.data())
def test_forward_is_deterministic_for_a_seed(data):
    options = data.draw(networks())
    x = data.draw(inputs(options["sizes"][0]))
    first = Network(**options)
    second = Network(**options)
    assert [n.weights + [n.bias] for n in first.neurons] == \
           [n.weights + [n.bias] for n in second.neurons]
    assert first.forward(x) == second.forward(x)
    # Training passes draw dropout masks from the network's generator: the same seed
    # draws the same masks, pass after pass.
    for _ in range(3):
        assert forward_with_dropout(first, x, "train") == forward_with_dropout(second, x, "train")
    # And the seed matters: another seed draws other weights (the draws are
    # continuous, so equal weights would mean the seed was ignored).
    options["seed"] += 1
    other = Network(**options)
    assert [n.weights for n in other.neurons] != [n.weights for n in first.neurons]


# %% 3. save and load round-trip every weight exactly --------------------------------

finite_floats = st.floats(allow_nan=False, allow_infinity=False)


@settings(max_examples=60, **PROPERTY)
@given(st.data())
def test_save_and_load_round_trip_every_weight_exactly(data):
    options = data.draw(networks())
    sizes = options["sizes"]
    # Any finite float as a weight: -0.0, subnormals, 1e308, long decimals.
    weights, biases = [], []
    for index in range(1, len(sizes)):
        layer_weights, layer_biases = [], []
        for _ in range(sizes[index]):
            layer_weights.append(data.draw(st.lists(finite_floats, min_size=sizes[index - 1],
                                                    max_size=sizes[index - 1])))
            layer_biases.append(data.draw(finite_floats))
        weights.append(layer_weights)
        biases.append(layer_biases)
    net = Network(weights=weights, biases=biases, **options)

    # A temporary folder of our own: hypothesis runs many examples per call of the
    # test, and pytest's tmp_path would be the same folder for all of them.
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "model.json")
        save_network(net, path)
        loaded = load_network(path)
        save_network(loaded, path + ".again")
        with open(path, "rb") as file, open(path + ".again", "rb") as again:
            assert file.read() == again.read()   # saving what was loaded changes nothing

    # float.hex tells -0.0 from 0.0 and shows every bit of the mantissa.
    for neuron, neuron_again in zip(net.neurons, loaded.neurons):
        assert neuron.name == neuron_again.name
        assert [w.hex() for w in neuron.weights] == [w.hex() for w in neuron_again.weights]
        assert neuron.bias.hex() == neuron_again.bias.hex()
    assert len(loaded.neurons) == len(net.neurons)
    for field in ("sizes", "activation", "output_activation", "seed", "init", "l1", "l2",
                  "dropout"):
        assert getattr(loaded, field) == getattr(net, field), field
    assert loaded.loss.name == net.loss.name


# %% 4. a tiny step downhill never raises the objective ------------------------------

def mean_objective(net, X, Y):
    """What a full-batch step minimizes: the mean loss over the samples plus the
    penalty (mean of loss_i + penalty = mean loss + penalty)."""
    total = 0.0
    for x, y in zip(X, Y):
        total += objective(net, x, y)
    return total / len(X)


# AdamW is left out: its weight decay shrinks every weight whatever the gradient, a
# step on a different objective, so it may raise this one (Adam is the same step
# without it). SGD's weight decay is 0 by default.
OPTIMIZERS = ["sgd", "momentum", "nesterov", "rmsprop", "adam"]


@settings(max_examples=120, **PROPERTY)
@given(st.data())
def test_a_tiny_full_batch_step_never_raises_the_objective(data):
    options = data.draw(networks(allow_dropout=False))   # dropout: a random objective
    net = Network(**options)
    n_samples = data.draw(st.integers(1, 4))
    X, Y = [], []
    for _ in range(n_samples):
        X.append(data.draw(inputs(options["sizes"][0])))
        Y.append(target(data.draw, options))
    optimizer_name = data.draw(st.sampled_from(OPTIMIZERS))

    # The full-batch gradient g, as the step will see it (mean over the samples).
    net.zero_grad()
    for x, y in zip(X, Y):
        net.forward(x)
        net.backward(y)
    gradient = [abs(net.get_gradient(name)) / n_samples for name in net.parameter_names()]
    nonzero = [g for g in gradient if g > 0.0]
    assume(nonzero)   # g = 0: nothing moves, nothing to test

    # How tiny. Every first step here moves parameter i by lr * d_i with d_i a
    # positive multiple of -g_i: SGD d = -g, momentum -g, Nesterov -(1 + beta) g,
    # RMSprop -g / (sqrt(0.1) |g| + eps), Adam -g / (|g| + eps), so |d_i| <= 3.2 * |g_i|
    # and |d_i| <= 3.2. The change of the objective is
    #     lr * sum g_i d_i  (negative)  +  1/2 lr^2 d^T H d  (+ smaller terms)
    # and with lr = 1e-6 * min(1, smallest nonzero |g_i|), lr * |d_i| <= 3.2e-6 * |g_i|,
    # so the second term is at most about 1e-6 * lambda_max times the first: downhill
    # for any curvature lambda_max below about 1e5. (A fixed lr, say 1e-6, is not
    # tiny for Adam: it moves a parameter with |g| = 1e-7 by nearly 1e-6, past the
    # minimum, and the loss does rise.)
    learning_rate = 1e-6 * min(1.0, min(nonzero))
    assume(learning_rate > 0.0)

    before = mean_objective(net, X, Y)
    patterns = []
    for x in X:
        net.forward(x)
        patterns.append(kink_pattern(net))
    net.train(X, Y, epochs=1, batch_size=n_samples, learning_rate=learning_rate,
              optimizer=get_optimizer(optimizer_name, learning_rate))
    after = mean_objective(net, X, Y)
    for x, pattern in zip(X, patterns):
        net.forward(x)
        assume(kink_pattern(net) == pattern)   # a kink crossed: the slope changed there

    # Rounding: the two objectives are sums of a few dozen terms, each off by a few
    # ulps (~1e-16 relative), so equal values can differ by ~1e-14 * |objective|.
    assert after <= before + 1e-12 * max(1.0, abs(before)), \
        (before, after, optimizer_name, options, X, Y)
