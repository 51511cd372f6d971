"""Network against hand-worked numbers, names, training, losses, bad input."""
import json
import math

import pytest

from datasets import NEW_PEOPLE, people, xor
from network import Adam, Momentum, Network, SGD, get_loss, mse, softmax
from network.saving import ModelFileError, load_network, save_network


def all_weights(net):
    return [(list(n.weights), n.bias) for n in net.neurons]


def walkthrough_net(weight, bias):
    """2-2-1 sigmoid network with every weight equal to ``weight`` (a list of 2)."""
    return Network([2, 2, 1], weights=[[weight, weight], [weight]],
                   biases=[[bias, bias], [bias]])


def sigmoid(z):
    """The walkthrough's sigmoid, written here: 1 / (1 + e^-z)."""
    return 1.0 / (1.0 + math.exp(-z))


def test_feedforward_matches_hand_calculation():
    # Every neuron: weights [0, 1], bias 0. h = sigmoid(0*2 + 1*3) = sigmoid(3);
    # o1 = sigmoid(0*h1 + 1*h2) = sigmoid(sigmoid(3)).
    net = walkthrough_net([0.0, 1.0], 0.0)
    output = net.forward([2.0, 3.0])
    h1, h2 = net.layers[0].outputs
    h = sigmoid(0.0 * 2.0 + 1.0 * 3.0 + 0.0)
    assert h1 == pytest.approx(h, rel=1e-15)
    assert h2 == pytest.approx(h, rel=1e-15)
    assert output == [pytest.approx(sigmoid(0.0 * h + 1.0 * h + 0.0), rel=1e-15)]
    # The digits lesson 02 prints, from the same formulas.
    assert f"{h:.4f}" == "0.9526" and f"{sigmoid(h):.4f}" == "0.7216"


def test_mse_by_hand():
    # ((1-0)^2 + 0 + 0 + (1-0)^2) / 4 = 0.5
    assert mse([1, 0, 0, 1], [0, 0, 0, 0]) == 0.5


def test_alice_chain_rule_terms_match_the_walkthrough():
    # All weights 1, biases 0, Alice x = [-2, -1], y = 1.
    net = walkthrough_net([1.0, 1.0], 0.0)
    net.zero_grad()
    net.forward([-2.0, -1.0])
    net.backward(1.0)
    h1, h2 = net.layers[0].neurons
    o1 = net.layers[1].neurons[0]
    # The walkthrough's formulas, written out here with w = 1, b = 0:
    # h1 = sigmoid(w1*x1 + w2*x2 + b1) = sigmoid(-3), and h2 is the same number.
    h1_by_hand = sigmoid(1.0 * -2.0 + 1.0 * -1.0 + 0.0)
    # y_pred = o1 = sigmoid(w5*h1 + w6*h2 + b3)
    y_pred = sigmoid(1.0 * h1_by_hand + 1.0 * h1_by_hand + 0.0)
    # L = (y_true - y_pred)^2, so dL/dy_pred = -2 (y_true - y_pred)
    d_l_d_y_pred = -2.0 * (1.0 - y_pred)
    # dy_pred/dh1 = w5 * sigmoid'(z_o1), sigmoid' = y_pred (1 - y_pred)
    d_y_pred_d_h1 = 1.0 * y_pred * (1.0 - y_pred)
    # dh1/dw1 = x1 * sigmoid'(z_h1), sigmoid' = h1 (1 - h1)
    d_h1_d_w1 = -2.0 * h1_by_hand * (1.0 - h1_by_hand)
    assert h1.output == pytest.approx(h1_by_hand, rel=1e-12)
    assert h2.output == pytest.approx(h1_by_hand, rel=1e-12)
    assert o1.output == pytest.approx(y_pred, rel=1e-12)
    assert o1.d_loss_d_output == pytest.approx(d_l_d_y_pred, rel=1e-12)
    assert o1.weights[0] * o1.d_output_d_z == pytest.approx(d_y_pred_d_h1, rel=1e-12)
    assert -2.0 * h1.d_output_d_z == pytest.approx(d_h1_d_w1, rel=1e-12)
    # dL/dw1 = dL/dy_pred * dy_pred/dh1 * dh1/dw1, the chain rule's product
    assert net.get_gradient("w1") == pytest.approx(d_l_d_y_pred * d_y_pred_d_h1 * d_h1_d_w1,
                                                   rel=1e-12)


def test_walkthrough_names():
    net = Network([2, 2, 1])
    assert [n.name for n in net.neurons] == ["h1", "h2", "o1"]
    assert net.parameter_names() == ["w1", "w2", "b1", "w3", "w4", "b2", "w5", "w6", "b3"]
    assert net.weight_names["o1"] == ["w5", "w6"] and net.bias_names["h2"] == "b2"
    net.set_parameter("w5", 0.25)
    assert net.layers[1].neurons[0].weights[0] == 0.25 and net.get_parameter("w5") == 0.25
    net.set_parameter("b3", -1.0)
    assert net.layers[1].neurons[0].bias == -1.0
    with pytest.raises(ValueError, match="no parameter named 'w7'.*w1..w6.*b1..b3"):
        net.get_parameter("w7")


def test_names_for_a_deeper_network():
    net = Network([3, 4, 2, 2])
    assert [n.name for n in net.neurons] == ["h1", "h2", "h3", "h4", "h5", "h6", "o1", "o2"]
    # h1..h4 have 3 weights each (w1..w12), h5 h6 have 4 (w13..w20), o1 o2 have 2.
    assert net.weight_names["h5"] == ["w13", "w14", "w15", "w16"]
    assert net.weight_names["o2"] == ["w23", "w24"]
    assert net.bias_names["o2"] == "b8"


def test_network_2_3_1_just_works_and_learns_the_people():
    X, y = people()
    history = Network([2, 3, 1]).train(X, y, epochs=1000, learning_rate=0.1)
    assert len(history) == 1000 and history[-1] < history[0]


def test_walkthrough_network_predicts_emily_and_frank():
    X, y = people()
    net = Network([2, 2, 1])
    net.train(X, y, epochs=1000, learning_rate=0.1)
    assert net.predict(NEW_PEOPLE["Emily"])[0] > 0.9
    assert net.predict(NEW_PEOPLE["Frank"])[0] < 0.1
    assert net.evaluate(X, y)["accuracy"] == 1.0


def test_same_seed_same_numbers_other_seed_other_numbers():
    assert all_weights(Network([3, 4, 2], seed=7)) == all_weights(Network([3, 4, 2], seed=7))
    assert all_weights(Network([3, 4, 2], seed=7)) != all_weights(Network([3, 4, 2], seed=8))
    X, y = xor()
    runs = [Network([2, 3, 1], seed=1).train(X, y, epochs=20, shuffle=True, seed=s)
            for s in (5, 5, 6)]
    assert runs[0] == runs[1] and runs[0] != runs[2]


def test_mini_batch_step_uses_the_mean_gradient():
    # One epoch with the whole data as one batch must equal: sum each sample's
    # gradient (computed alone), divide by 4, take one step.
    X, y = people()
    a = Network([2, 2, 1], seed=3)
    b = Network([2, 2, 1], seed=3)
    a.train(X, y, epochs=1, learning_rate=0.1, batch_size=4)
    total = {name: 0.0 for name in b.parameter_names()}
    for x, target in zip(X, y):
        b.zero_grad()
        b.forward(x)
        b.backward(target)
        for name in total:
            total[name] += b.get_gradient(name)
    for name, g in total.items():
        b.set_parameter(name, b.get_parameter(name) - 0.1 * g / 4)
    for name in total:
        assert a.get_parameter(name) == pytest.approx(b.get_parameter(name), rel=1e-12)


def test_softmax_is_stable_and_sums_to_one():
    p = softmax([1000.0, 0.0, -1000.0])
    assert p == [1.0, 0.0, 0.0]
    p = softmax([1.0, 2.0, 3.0])
    e = [math.exp(1), math.exp(2), math.exp(3)]
    assert p == pytest.approx([v / sum(e) for v in e], rel=1e-15)


def test_losses_by_hand():
    bce = get_loss("binary_cross_entropy")
    assert bce.value([1.0, 0.0], [0.8, 0.4]) == pytest.approx(-(math.log(0.8) + math.log(0.6)) / 2)
    ce = get_loss("cross_entropy")
    assert ce.value([0.0, 1.0, 0.0], [0.2, 0.7, 0.1]) == pytest.approx(-math.log(0.7))
    # log(0) never happens: a probability of exactly 0 gives a large finite loss.
    assert math.isfinite(ce.value([1.0, 0.0], [0.0, 1.0]))
    assert math.isfinite(bce.value([1.0], [0.0])) and math.isfinite(bce.value([0.0], [1.0]))
    assert get_loss("mse").derivative([1.0, 0.0], [0.5, 0.5]) == [-0.5, 0.5]  # -2(y-p)/2


def test_softmax_cross_entropy_gradient_is_p_minus_y():
    net = Network([2, 3], loss="cross_entropy", seed=1)
    assert net.output_activation == "softmax"
    p = net.forward([0.5, -1.0])
    net.zero_grad()
    net.backward(1)                      # class index 1 -> one-hot [0, 1, 0]
    d_loss_d_z = [n.d_loss_d_z for n in net.layers[0].neurons]
    assert d_loss_d_z == pytest.approx([p[0], p[1] - 1.0, p[2]], rel=1e-15)
    assert sum(p) == pytest.approx(1.0)


def test_optimizers_by_hand():
    # One weight, identity neuron, loss (y - w*x)^2 with x = 1, y = 0 -> dL/dw = 2w.
    def one_step(optimizer, w=3.0):
        net = Network([1, 1], activation="identity", weights=[[[w]]], biases=[[0.0]])
        net.train([[1.0]], [0.0], epochs=1, optimizer=optimizer)
        return net.get_parameter("w1")
    assert one_step(SGD(0.1)) == pytest.approx(3.0 - 0.1 * 6.0)
    assert one_step(Momentum(0.1, beta=0.9)) == pytest.approx(3.0 - 0.1 * 6.0)  # v = g
    # Adam's first step is learning_rate * g / (|g| + eps): about 0.01 against the gradient.
    assert one_step(Adam(0.01)) == pytest.approx(3.0 - 0.01, rel=1e-9)


def test_divergence_is_reported_not_nan():
    X, y = people()
    net = Network([2, 2, 1], activation="identity", output_activation="identity")
    with pytest.raises(ValueError, match="diverged"):
        net.train(X, y, epochs=200, learning_rate=5.0)


@pytest.mark.parametrize("call, message", [
    (lambda net: net.forward([1.0, 2.0, 3.0]), "expects 2 inputs, got 3"),
    (lambda net: net.forward([1.0, float("nan")]), "^input 2 is nan; inputs must be finite numbers"),
    (lambda net: net.train([[1.0, 2.0]], [[1.0, 0.0]]), "sample 0: the target must have 1 values"),
    (lambda net: net.train([[1.0, 2.0], [1.0, float("inf")]], [1, 0]), r"sample 1: X\[1\]\[1\] is inf"),
    (lambda net: net.train([[1.0, 2.0], [3.0]], [1, 0]), r"sample 1: X\[1\] has 1 values, the network expects 2"),
    (lambda net: net.train([[1.0, 2.0]], [1, 0]), "X has 1 samples but Y has 2"),
    (lambda net: net.train([], []), "no data"),
    (lambda net: net.train([[1.0, 2.0]], [1], learning_rate=0), "learning_rate must be a finite number > 0"),
    (lambda net: net.train([[1.0, 2.0]], [1], learning_rate=-0.1), "learning_rate must be a finite number > 0"),
    (lambda net: net.train([[1.0, 2.0]], [1], epochs=-1), "epochs must be a whole number"),
    (lambda net: net.train([[1.0, 2.0]], [1], batch_size=0), "batch_size must be"),
    (lambda net: net.train([[1.0, 2.0]], [1], optimizer="adagrad"), "unknown optimizer"),
    (lambda net: net.step(0.0), "learning_rate must be a finite number > 0"),
])
def test_bad_input_is_refused_before_any_weight_changes(call, message):
    net = Network([2, 2, 1])
    before = all_weights(net)
    with pytest.raises(ValueError, match=message):
        call(net)
    assert all_weights(net) == before


@pytest.mark.parametrize("kwargs, message", [
    ({"activation": "swish"}, "unknown activation 'swish'"),
    ({"loss": "hinge"}, "unknown loss 'hinge'"),
    ({"loss": "cross_entropy", "output_activation": "sigmoid"}, "needs output_activation='softmax'"),
    ({"loss": "binary_cross_entropy", "output_activation": "relu"}, "needs outputs between 0 and 1"),
    ({"output_activation": "softmax"}, "softmax output needs at least 2"),
])
def test_bad_configuration_is_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Network([2, 2, 1], **kwargs)


def test_bad_targets_for_the_loss():
    net = Network([2, 3], loss="cross_entropy")
    with pytest.raises(ValueError, match="sample 0: the target sums to 2"):
        net.train([[1.0, 2.0]], [[1.0, 1.0, 0.0]])
    with pytest.raises(ValueError, match="class index 0..2"):
        net.train([[1.0, 2.0]], [7])


def test_save_and_load_round_trip_exactly(tmp_path):
    net = Network([3, 4, 2], activation="tanh", loss="cross_entropy", seed=5)
    path = tmp_path / "model.json"
    save_network(net, str(path), config={"epochs": 3}, metrics={"accuracy": 0.5})
    loaded = load_network(str(path))
    assert all_weights(loaded) == all_weights(net)
    assert loaded.forward([0.1, 0.2, 0.3]) == net.forward([0.1, 0.2, 0.3])
    data = json.loads(path.read_text())
    assert data["config"] == {"epochs": 3} and data["layers"][1]["activation"] == "softmax"


def test_load_refuses_wrong_version_and_shape(tmp_path):
    net = Network([2, 2, 1])
    path = tmp_path / "model.json"
    save_network(net, str(path))
    data = json.loads(path.read_text())
    data["version"] = 99
    path.write_text(json.dumps(data))
    with pytest.raises(ValueError, match="format version 99, this code reads versions 1 and 2"):
        load_network(str(path))
    data["version"] = 1
    data["layers"][0]["neurons"][1]["weights"] = [1.0, 2.0, 3.0]
    path.write_text(json.dumps(data))
    with pytest.raises(ModelFileError, match=r"model.json: layers\[0\]\.neurons\[1\]\.weights "
                                             r"is a list of 3 values, expected a list of 2 numbers"):
        load_network(str(path))


def test_failed_save_keeps_the_previous_file(tmp_path):
    net = Network([2, 2, 1])
    path = tmp_path / "model.json"
    save_network(net, str(path))
    good = path.read_text()
    with pytest.raises(TypeError):
        save_network(net, str(path), metrics={"not json": object()})
    assert path.read_text() == good
    assert [p.name for p in tmp_path.iterdir()] == ["model.json"]
