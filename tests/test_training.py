"""Network.train's toolkit: the walkthrough's epoch loss, L1/L2, dropout, early
stopping, divergence, the NeuralNetwork alias and hyperparameter checks.

Reference numbers come from hand calculation: the one-epoch walkthrough numbers
are worked out in this file (``one_epoch_in_decimal``) with 40-digit decimal
arithmetic, following the walkthrough's formulas step by step, with no code from
this project.
"""
import math
import random
from decimal import Decimal, localcontext

import pytest

from datasets import people, xor
from network import (EarlyStopping, NeuralNetwork, Network, TrainingDiverged,
                     gradient_check)
from network.regularization import dropout_mode, objective, penalty

ONES = dict(weights=[[[1.0, 1.0], [1.0, 1.0]], [[1.0, 1.0]]], biases=[[0.0, 0.0], [0.0]])


def forward_with_dropout(net, x, mode):
    """net.forward(x) with the dropout layers in ``mode`` ("train": a new mask;
    "fixed": the last one)."""
    with dropout_mode(net, mode):
        return net.forward(x)


def all_weights(net):
    return [(list(n.weights), n.bias) for n in net.neurons]


# ----- 1. the walkthrough's "Epoch N loss" -------------------------------------------

def decimal_sigmoid(z):
    """sigmoid(z) = 1 / (1 + e^-z) for a Decimal z, to the current decimal precision."""
    return 1 / (1 + (-z).exp())


def one_epoch_in_decimal(X, Y, learning_rate="0.1"):
    """One epoch of the walkthrough's 2-2-1 sigmoid network from all weights 1 and
    biases 0, one sample per step, in 40-digit decimal arithmetic (the walkthrough's
    nine variables, no code from this project).

    Returns (parameters after the epoch by name, the squared error of each sample
    just before its own update, the MSE over all samples after the epoch).
    """
    with localcontext() as context:
        context.prec = 40
        w1 = w2 = w3 = w4 = w5 = w6 = Decimal(1)
        b1 = b2 = b3 = Decimal(0)
        rate = Decimal(learning_rate)
        errors_during = []
        for x, y in zip(X, Y):
            x1, x2, y_true = Decimal(x[0]), Decimal(x[1]), Decimal(y)
            # Forward: h1 = sigmoid(w1*x1 + w2*x2 + b1), h2 the same with w3 w4 b2,
            # y_pred = o1 = sigmoid(w5*h1 + w6*h2 + b3)
            h1 = decimal_sigmoid(w1 * x1 + w2 * x2 + b1)
            h2 = decimal_sigmoid(w3 * x1 + w4 * x2 + b2)
            y_pred = decimal_sigmoid(w5 * h1 + w6 * h2 + b3)
            errors_during.append((y_true - y_pred) ** 2)
            # L = (y_true - y_pred)^2, so dL/dy_pred = -2 (y_true - y_pred)
            d_l_d_ypred = -2 * (y_true - y_pred)
            # sigmoid'(z) = sigmoid(z) * (1 - sigmoid(z)) for each neuron
            d_ypred_d_z_o1 = y_pred * (1 - y_pred)
            d_h1_d_z_h1 = h1 * (1 - h1)
            d_h2_d_z_h2 = h2 * (1 - h2)
            # dL/dh1 = dL/dy_pred * w5 * sigmoid'(z_o1), dL/dh2 the same with w6
            d_l_d_h1 = d_l_d_ypred * w5 * d_ypred_d_z_o1
            d_l_d_h2 = d_l_d_ypred * w6 * d_ypred_d_z_o1
            # w <- w - rate * dL/dw, every dL/dw from the weights before this step:
            # dL/dw1 = dL/dh1 * x1 * sigmoid'(z_h1), dL/db1 = dL/dh1 * sigmoid'(z_h1),
            # dL/dw5 = dL/dy_pred * h1 * sigmoid'(z_o1), dL/db3 = dL/dy_pred * sigmoid'(z_o1)
            w1, w2, b1, w3, w4, b2, w5, w6, b3 = (
                w1 - rate * d_l_d_h1 * x1 * d_h1_d_z_h1,
                w2 - rate * d_l_d_h1 * x2 * d_h1_d_z_h1,
                b1 - rate * d_l_d_h1 * d_h1_d_z_h1,
                w3 - rate * d_l_d_h2 * x1 * d_h2_d_z_h2,
                w4 - rate * d_l_d_h2 * x2 * d_h2_d_z_h2,
                b2 - rate * d_l_d_h2 * d_h2_d_z_h2,
                w5 - rate * d_l_d_ypred * h1 * d_ypred_d_z_o1,
                w6 - rate * d_l_d_ypred * h2 * d_ypred_d_z_o1,
                b3 - rate * d_l_d_ypred * d_ypred_d_z_o1)
        # The walkthrough's "Epoch N loss": the MSE over all samples after the epoch.
        total = Decimal(0)
        for x, y in zip(X, Y):
            x1, x2, y_true = Decimal(x[0]), Decimal(x[1]), Decimal(y)
            h1 = decimal_sigmoid(w1 * x1 + w2 * x2 + b1)
            h2 = decimal_sigmoid(w3 * x1 + w4 * x2 + b2)
            y_pred = decimal_sigmoid(w5 * h1 + w6 * h2 + b3)
            total += (y_true - y_pred) ** 2
        parameters = {"w1": w1, "w2": w2, "w3": w3, "w4": w4, "w5": w5, "w6": w6,
                      "b1": b1, "b2": b2, "b3": b3}
        return parameters, errors_during, total / len(X)


def test_one_epoch_from_all_ones_by_hand(capsys):
    # All weights 1, biases 0, one epoch over Alice, Bob, Charlie, Diana at lr 0.1,
    # against the same epoch worked in 40-digit decimals (one_epoch_in_decimal above).
    # After the epoch w1 = w3 ~ 0.997853, w2 = w4 ~ 0.998927, w5 = w6 ~ 0.964104,
    # b1 = b2 ~ 0.001073, b3 ~ 0.011904, and the walkthrough's line, the MSE over all
    # four after the epoch, is 0.50019... -> "Epoch 0 loss: 0.500". (The mean of the
    # losses seen during the epoch, each before its own update, is 0.5078: "0.508".)
    X, Y = people()
    expected, errors_during, loss_after = one_epoch_in_decimal(X, Y)
    net = Network([2, 2, 1], **ONES)
    history = net.train(X, Y, epochs=1, learning_rate=0.1, log_every=1)
    assert capsys.readouterr().out == "Epoch 0 loss: 0.500\n"
    assert history[0] == pytest.approx(float(loss_after), rel=1e-13)
    running = (errors_during[0] + errors_during[1] + errors_during[2] + errors_during[3]) / 4
    assert history.running_loss[0] == pytest.approx(float(running), rel=1e-13)
    assert f"{history.running_loss[0]:.3f}" == "0.508"
    for name, value in expected.items():
        assert net.get_parameter(name) == pytest.approx(float(value), rel=1e-13, abs=1e-17)


def test_history_is_the_after_epoch_loss_of_every_epoch():
    X, Y = people()
    net = Network([2, 2, 1], seed=3)
    history = net.train(X, Y, epochs=5, learning_rate=0.1)
    assert len(history) == 5
    # The last entry is what evaluate() says now, over the whole set.
    assert history[-1] == net.evaluate(X, Y)["loss"]
    assert history.accuracy[-1] == net.evaluate(X, Y)["accuracy"]
    assert history.learning_rate == [0.1] * 5
    assert history.penalty == [0.0] * 5


def test_by_hand_and_network_print_the_same_lines(load_script, capsys):
    walkthrough = load_script("lesson05_walkthrough.py")
    walkthrough.run(seed=0, epochs=300, learning_rate=0.1, log_every=10)
    out = capsys.readouterr().out
    by_hand = out.split("1) The network by hand")[1].split("2) Network")[0]
    classes = out.split("2) Network")[1].split("Predictions")[0]
    hand_lines = [line for line in by_hand.splitlines() if line.startswith("Epoch")]
    class_lines = [line for line in classes.splitlines() if line.startswith("Epoch")]
    assert len(hand_lines) == 30
    assert hand_lines == class_lines


# ----- 3. L1 and L2 -------------------------------------------------------------------

def test_penalty_by_hand():
    net = Network([2, 2, 1], weights=[[[0.5, -2.0], [1.0, 0.0]], [[-3.0, 0.25]]],
                  biases=[[7.0, 7.0], [7.0]], l1=0.1, l2=0.01)
    # sum |w| = 0.5 + 2 + 1 + 0 + 3 + 0.25 = 6.75; sum w^2 = 0.25 + 4 + 1 + 0 + 9 + 0.0625
    # = 14.3125; biases are not penalized.
    assert penalty(net) == pytest.approx(0.1 * 6.75 + 0.01 * 14.3125, rel=1e-15)


def test_penalty_gradient_is_added_to_each_weight():
    weights = [[[0.5, -2.0], [1.0, -0.7]], [[-3.0, 0.25]]]
    biases = [[0.1, -0.2], [0.3]]
    plain = Network([2, 2, 1], weights=weights, biases=biases)
    regular = Network([2, 2, 1], weights=weights, biases=biases, l1=0.1, l2=0.01)
    for net in (plain, regular):
        net.zero_grad()
        net.forward([1.5, -0.5])
        net.backward(1.0)
    for name in plain.parameter_names():
        w = plain.get_parameter(name)
        if name.startswith("w"):
            # d_penalty_d_w = l1 * sign(w) + 2 * l2 * w
            expected = plain.get_gradient(name) + 0.1 * math.copysign(1.0, w) + 2 * 0.01 * w
        else:
            expected = plain.get_gradient(name)   # biases: no penalty
        assert regular.get_gradient(name) == pytest.approx(expected, rel=1e-14)


@pytest.mark.parametrize("seed", range(6))
def test_gradient_check_passes_with_l1_and_l2(seed):
    rng = random.Random(seed)
    activation = ["sigmoid", "tanh", "relu"][seed % 3]
    net = Network([3, 4, 2], activation=activation, output_activation="sigmoid",
                  seed=seed, l1=0.05, l2=0.02)
    x = [rng.uniform(-1, 1) for _ in range(3)]
    result = gradient_check(net, x, [1.0, 0.0])
    assert result.passed, result.report()


def test_gradient_check_fails_if_the_penalty_gradient_is_wrong(monkeypatch):
    import network.gradcheck
    net = Network([2, 3, 1], seed=1, l2=0.5)

    def doubled(network):         # a deliberately wrong d_penalty_d_w: twice the slope
        for neuron in network.neurons:
            for i, w in enumerate(neuron.weights):
                neuron.weight_grads[i] += 4.0 * network.l2 * w
    monkeypatch.setattr(network.gradcheck, "add_penalty_gradients", doubled)
    assert not gradient_check(net, [0.3, -0.8], 1.0).passed


def test_l2_keeps_weights_smaller():
    X, Y = people()
    plain = Network([2, 3, 1], seed=0)
    decayed = Network([2, 3, 1], seed=0, l2=0.01)
    plain.train(X, Y, epochs=300)
    history = decayed.train(X, Y, epochs=300)

    def size(net):
        total = 0.0
        for neuron in net.neurons:
            for w in neuron.weights:
                total += w * w
        return total
    assert size(decayed) < size(plain)
    assert history.penalty[-1] == pytest.approx(0.01 * size(decayed), rel=1e-12)


# ----- 3. dropout ---------------------------------------------------------------------

def test_dropout_mask_is_visible_and_inverted():
    net = Network([3, 50, 1], seed=0, dropout=0.2)
    x = [0.5, -1.0, 2.0]
    forward_with_dropout(net, x, "train")
    hidden = net.layers[0]
    dropped = 0
    for neuron, passed_on, scale in zip(hidden.neurons, hidden.outputs, hidden.mask):
        assert scale in (0.0, 1.0 / (1.0 - 0.2))
        # What the layer passes on is the neuron's output times its mask value.
        assert passed_on == neuron.output * scale
        dropped += scale == 0.0
    assert 0 < dropped < 50


def test_dropout_drops_about_p_of_the_neurons():
    net = Network([2, 100, 1], seed=1, dropout=0.3)
    dropped = 0
    for _ in range(100):
        forward_with_dropout(net, [1.0, 1.0], "train")
        for scale in net.layers[0].mask:
            dropped += scale == 0.0
    # 10,000 draws with p = 0.3: standard error sqrt(0.3 * 0.7 / 10000) = 0.0046.
    standard_error = math.sqrt(0.3 * 0.7 / 10000)
    assert abs(dropped / 10000 - 0.3) < 5 * standard_error


def test_dropout_is_off_in_predict_and_evaluate():
    with_dropout = Network([2, 8, 1], seed=2, dropout=0.5)
    without = Network([2, 8, 1], seed=2)
    x = [0.3, -0.7]
    forward_with_dropout(with_dropout, x, "train")   # leaves a mask behind
    assert with_dropout.predict(x) == without.predict(x)
    assert with_dropout.layers[0].mask == [1.0] * 8


def test_same_mask_is_reused_and_masks_come_from_the_seed():
    a = Network([2, 20, 1], seed=4, dropout=0.5)
    b = Network([2, 20, 1], seed=4, dropout=0.5)
    forward_with_dropout(a, [1.0, 2.0], "train")
    forward_with_dropout(b, [1.0, 2.0], "train")
    mask_a = list(a.layers[0].mask)
    assert mask_a == b.layers[0].mask
    forward_with_dropout(a, [0.5, 0.5], "fixed")
    assert a.layers[0].mask == mask_a


def test_a_dropped_neuron_gets_no_gradient():
    net = Network([2, 30, 1], seed=5, dropout=0.5)
    net.zero_grad()
    forward_with_dropout(net, [1.0, -1.0], "train")
    net.backward(1.0)
    for neuron, scale in zip(net.layers[0].neurons, net.layers[0].mask):
        if scale == 0.0:
            assert neuron.weight_grads == [0.0, 0.0] and neuron.bias_grad == 0.0


@pytest.mark.parametrize("seed", range(6))
def test_gradient_check_passes_with_the_dropout_mask_fixed(seed):
    activation = ["sigmoid", "tanh", "relu"][seed % 3]
    net = Network([3, 6, 5, 2], activation=activation, loss="cross_entropy", seed=seed,
                  dropout=0.5, l2=0.01)
    result = gradient_check(net, [0.2, -0.4, 0.9], 1)
    assert result.passed, result.report()
    # And the mask really was in use: some hidden neuron was dropped.
    scales = [scale for layer in net.layers[:-1] for scale in layer.mask]
    assert 0.0 in scales


# ----- 4. early stopping --------------------------------------------------------------

def test_early_stopping_keeps_the_best_epoch():
    # A wide network memorizing 12 noisy points; the validation points follow the
    # clean rule, so the validation loss falls, then rises.
    rng = random.Random(0)
    X = [[rng.uniform(-1, 1), rng.uniform(-1, 1)] for _ in range(12)]
    Y = [1.0 if x[0] + x[1] > 0 else 0.0 for x in X]
    for k in range(4):
        Y[k] = 1.0 - Y[k]                 # label noise
    X_val = [[rng.uniform(-1, 1), rng.uniform(-1, 1)] for _ in range(40)]
    Y_val = [1.0 if x[0] + x[1] > 0 else 0.0 for x in X_val]
    net = Network([2, 30, 1], activation="tanh", seed=0)
    snapshots = {}
    history = net.train(X, Y, epochs=400, learning_rate=0.5, validation=(X_val, Y_val),
                        early_stopping=EarlyStopping(patience=10),
                        on_epoch_end=lambda epoch, stats: snapshots.update(
                            {epoch: net.snapshot()}))
    best = min(range(len(history)), key=lambda e: history.validation_loss[e])
    assert history.stopped_early
    assert history.best_epoch == best
    assert len(history) == best + 10 + 1      # stopped 10 epochs after the best
    assert all_weights(net) == snapshots[best]
    assert net.evaluate(X_val, Y_val)["loss"] == history.validation_loss[best]


def test_early_stopping_needs_a_validation_set():
    X, Y = people()
    net = Network([2, 2, 1])
    before = all_weights(net)
    with pytest.raises(ValueError, match="validation"):
        net.train(X, Y, epochs=3, early_stopping=2)
    assert all_weights(net) == before


# ----- divergence ---------------------------------------------------------------------

def test_divergence_names_epoch_sample_and_loss_and_restores_weights():
    X, Y = xor()
    net = Network([2, 4, 1], activation="relu", output_activation="identity")
    kept = {-1: net.snapshot()}
    with pytest.raises(TrainingDiverged) as info:
        net.train(X, Y, epochs=200, learning_rate=1e3,
                  on_epoch_end=lambda epoch, stats: kept.update({epoch: net.snapshot()}))
    message = str(info.value)
    assert "epoch" in message and "sample" in message and "smaller" in message
    epoch = int(message.split("epoch ")[1].split()[0])
    # The weights are those at the start of the epoch that diverged: finite.
    assert all_weights(net) == kept[epoch - 1]
    for weights, bias in all_weights(net):
        assert all(math.isfinite(w) for w in weights) and math.isfinite(bias)


@pytest.mark.parametrize("hidden", ["sigmoid", "relu", "tanh", "identity"])
@pytest.mark.parametrize("output, loss", [("identity", "mse"), ("sigmoid", "mse"),
                                          ("sigmoid", "binary_cross_entropy"),
                                          ("softmax", "cross_entropy")])
def test_huge_learning_rates_never_raise_a_bare_arithmetic_error(hidden, output, loss):
    X, Y = xor()
    if output == "softmax":
        Y = [int(y) for y in Y]
        sizes = [2, 4, 2]
    else:
        sizes = [2, 4, 1]
    net = Network(sizes, activation=hidden, output_activation=output, loss=loss, seed=1)
    try:
        net.train(X, Y, epochs=50, learning_rate=1e200)
    except TrainingDiverged as problem:
        assert "smaller" in str(problem)
    for weights, bias in all_weights(net):
        assert all(math.isfinite(w) for w in weights) and math.isfinite(bias)


# ----- spelling from the seeds, and bad hyperparameters --------------------------------

def test_neural_network_alias_as_the_seeds_spell_it():
    X, y = people()
    net = NeuralNetwork(layers=[2, 3, 1])
    losses = net.train(X, y, epochs=1000, learning_rate=0.1)
    same = Network([2, 3, 1])
    assert losses == same.train(X, y, epochs=1000, learning_rate=0.1)
    assert net.predict_class([-7, -3]) == 1 and net.predict_class([20, 2]) == 0


@pytest.mark.parametrize("kwargs, message", [
    (dict(l1=-0.1), "l1 must be a finite number >= 0"),
    (dict(l2=float("nan")), "l2 must be a finite number >= 0"),
    (dict(dropout=1.0), r"dropout must be a number in \[0, 1\)"),
    (dict(dropout=-0.1), r"dropout must be a number in \[0, 1\)"),
    (dict(init="glorot"), "unknown init 'glorot'"),
    (dict(seed=1.5), "seed must be a whole number"),
])
def test_bad_network_options(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Network([2, 3, 1], **kwargs)


def test_dropout_needs_a_hidden_layer():
    with pytest.raises(ValueError, match="hidden layers"):
        Network([2, 1], dropout=0.5)


@pytest.mark.parametrize("kwargs, message", [
    (dict(schedule="sawtooth"), "unknown schedule 'sawtooth'"),
    (dict(optimizer="adagrad"), "unknown optimizer 'adagrad'"),
    (dict(batch_size=0), "batch_size must be a whole number >= 1"),
    (dict(log_every=-1), "log_every must be a whole number >= 0"),
    (dict(epochs=2.5), "epochs must be a whole number >= 0"),
    (dict(learning_rate=-1.0), "learning_rate must be a finite number > 0"),
    (dict(validation=([[1.0, 2.0]], [1.0], 3)), "validation must be a pair"),
    (dict(validation=([[1.0]], [1.0])), "validation set: sample 0"),
    (dict(validation=([[1.0, 2.0]], [1.0]), early_stopping=0), "early_stopping must be"),
    (dict(schedule="cosine", learning_rate=0.0), "learning_rate must be"),
])
def test_bad_train_options_change_no_weight(kwargs, message):
    X, Y = people()
    net = Network([2, 2, 1])
    before = all_weights(net)
    options = dict(epochs=3)
    options.update(kwargs)
    with pytest.raises(ValueError, match=message):
        net.train(X, Y, **options)
    assert all_weights(net) == before


@pytest.mark.parametrize("call, message", [
    (lambda net: net.forward(["a", "b"]), "^input 1 is 'a'; inputs must be numbers"),
    (lambda net: net.forward(None), "expects a list of 2 numbers as input, got None"),
    (lambda net: net.train([[1.0, 2.0]], None), "Y must be a list of samples, got None"),
    (lambda net: net.train(None, [1.0]), "X must be a list of samples, got None"),
    (lambda net: net.train([5.0], [1.0]), r"sample 0: X\[0\] is 5.0, expected a list"),
    (lambda net: net.train([[1.0, 2.0]], [True]), "target True is not a number"),
    (lambda net: net.train([[1.0, 2.0]], [[1.0, 2.0]]), "target must have 1 values"),
])
def test_bad_data_gets_a_sentence(call, message):
    net = Network([2, 2, 1])
    before = all_weights(net)
    with pytest.raises(ValueError, match=message):
        call(net)
    assert all_weights(net) == before


def test_softmax_target_true_is_refused_with_a_sentence():
    net = Network([2, 3], loss="cross_entropy")
    with pytest.raises(ValueError, match=r"sample 0: target True is not a number: "
                                         r"expected a list of 3 numbers or a class index"):
        net.train([[1.0, 2.0]], [True])


def test_epoch_loss_running_reports_the_figures_counted_during_the_epoch():
    # Same run twice: "running" must not change a weight, only what the history holds.
    X, y = people()
    after_net, running_net = Network([2, 2, 1]), Network([2, 2, 1])
    after = after_net.train(X, y, epochs=3)
    running = running_net.train(X, y, epochs=3, epoch_loss="running")
    assert [n.weights for n in after_net.neurons] == [n.weights for n in running_net.neurons]
    assert list(running) == running.running_loss == after.running_loss
    assert list(running) != list(after)
    # Accuracy during epoch 0 by hand: y_pred of each person just before its update.
    net = Network([2, 2, 1])
    right = 0
    for x, target in zip(X, y):
        net.zero_grad()
        y_pred = net.forward(x)[0]
        right += (y_pred >= 0.5) == (target == 1)
        net.backward(target)
        net.step(0.1)
    assert Network([2, 2, 1]).train(X, y, epochs=1, epoch_loss="running").accuracy == [right / 4]


def test_epoch_loss_must_be_after_or_running():
    X, y = people()
    net = Network([2, 2, 1])
    with pytest.raises(ValueError, match="epoch_loss must be 'after' or 'running', got 'before'"):
        net.train(X, y, epochs=1, epoch_loss="before")
