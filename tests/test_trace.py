"""The trace prints the numbers training computes, and they are the right numbers.

Checked against two independent sources: the walkthrough's Alice example worked by
hand, and finite differences (network.gradcheck) on several random small networks.
"""
from __future__ import annotations

import io
import math
import random

import pytest

from network import Network, gradient_check
from network.tracing import Trace, TraceMismatch, trace
from neuron import Neuron

# Alice (x = [-2, -1], female: y = 1) through the 2-2-1 sigmoid network with every
# weight 1 and every bias 0, computed here from the walkthrough's formulas (no code
# from the project), one line per term:
#   z_h1 = 1*(-2) + 1*(-1) + 0 = -3          h1 = 1 / (1 + e^3)
#   z_o1 = h1 + h2 = 2*h1                    y_pred = 1 / (1 + e^(-2*h1))
#   dL/dy_pred  = -2 * (1 - y_pred)
#   dy_pred/dh1 = w5 * y_pred * (1 - y_pred)
#   dh1/dw1     = x1 * h1 * (1 - h1)
ALICE_X = [-2.0, -1.0]
ALICE_Y = 1.0
# h1 = sigmoid(z_h1) = 1 / (1 + e^-z_h1), z_h1 = w1*x1 + w2*x2 + b1 = -3
H1 = 1.0 / (1.0 + math.exp(-(1.0 * -2.0 + 1.0 * -1.0 + 0.0)))
# y_pred = sigmoid(z_o1), z_o1 = w5*h1 + w6*h2 + b3 = 2*h1 (h2 = h1: same weights)
Y_PRED = 1.0 / (1.0 + math.exp(-(1.0 * H1 + 1.0 * H1 + 0.0)))
# L = (y_true - y_pred)^2, so dL/dy_pred = -2 (y_true - y_pred)
D_L_D_Y_PRED = -2.0 * (ALICE_Y - Y_PRED)
# dy_pred/dh1 = w5 * sigmoid'(z_o1), and sigmoid'(z_o1) = y_pred * (1 - y_pred)
D_Y_PRED_D_H1 = 1.0 * Y_PRED * (1.0 - Y_PRED)
# dh1/dw1 = x1 * sigmoid'(z_h1), and sigmoid'(z_h1) = h1 * (1 - h1)
D_H1_D_W1 = ALICE_X[0] * H1 * (1.0 - H1)
# The chain rule: dL/dw1 = dL/dy_pred * dy_pred/dh1 * dh1/dw1
D_L_D_W1 = D_L_D_Y_PRED * D_Y_PRED_D_H1 * D_H1_D_W1


def alice_network() -> Network:
    return Network([2, 2, 1], weights=[[[1, 1], [1, 1]], [[1, 1]]], biases=[[0, 0], [0]])


def test_alice_terms_match_the_hand_worked_numbers():
    result = trace(alice_network(), ALICE_X, ALICE_Y)
    assert isinstance(result, Trace)
    assert result.terms["z_h1"] == -3.0
    assert result.terms["h1"] == pytest.approx(H1, rel=1e-12)
    assert result.terms["y_pred"] == pytest.approx(Y_PRED, rel=1e-12)
    assert result.terms["L"] == pytest.approx((1.0 - Y_PRED) ** 2, rel=1e-12)
    assert result.loss == pytest.approx((1.0 - Y_PRED) ** 2, rel=1e-12)
    assert result.terms["dL/dy_pred"] == pytest.approx(D_L_D_Y_PRED, rel=1e-12)
    assert result.terms["dy_pred/dh1"] == pytest.approx(D_Y_PRED_D_H1, rel=1e-12)
    assert result.terms["dh1/dw1"] == pytest.approx(D_H1_D_W1, rel=1e-12)
    assert result.terms["dL/dw1"] == pytest.approx(D_L_D_W1, rel=1e-12)
    assert result.gradients["w1"] == pytest.approx(D_L_D_W1, rel=1e-12)
    # Every parameter of the network has its gradient, named as the network names it.
    assert sorted(result.gradients) == sorted(alice_network().parameter_names())


def test_alice_text_shows_the_chain_rule_lines():
    result = trace(alice_network(), ALICE_X, ALICE_Y)
    lines = []
    for line in result.text.splitlines():
        lines.append(line.strip())
    assert "z_h1 = w1*x1 + w2*x2 + b1 = (1)*(-2) + (1)*(-1) + (0) = -3" in lines
    assert "h1 = sigmoid(z_h1) = sigmoid(-3) = 0.04743" in lines
    assert "y_pred = o1 = sigmoid(z_o1) = sigmoid(0.09485) = 0.5237" in lines
    assert "dL/dy_pred = -2 * (y_true - y_pred) = -2 * ((1) - (0.5237)) = -0.9526" in lines
    assert ("dL/dw1 = dL/dy_pred * dy_pred/dh1 * dh1/dw1 = "
            "(-0.9526) * (0.2494) * (-0.09035) = 0.02147") in lines
    # The printed digits above are the formulas' values at 4 significant digits.
    assert [f"{H1:.4g}", f"{2 * H1:.4g}", f"{Y_PRED:.4g}", f"{D_L_D_Y_PRED:.4g}"] == \
        ["0.04743", "0.09485", "0.5237", "-0.9526"]
    assert [f"{D_Y_PRED_D_H1:.4g}", f"{D_H1_D_W1:.4g}", f"{D_L_D_W1:.4g}"] == \
        ["0.2494", "-0.09035", "0.02147"]
    assert str(result) == result.text
    assert "gradients" in repr(result)


def test_alice_update_is_the_training_update():
    net = alice_network()
    result = trace(net, ALICE_X, ALICE_Y, learning_rate=0.1)
    # w1 <- w1 - 0.1 * dL/dw1, computed here from the hand-worked gradient.
    assert net.get_parameter("w1") == pytest.approx(1.0 - 0.1 * D_L_D_W1, rel=1e-12)
    assert result.updated["w1"] == net.get_parameter("w1")
    assert "w1 <- w1 - 0.1 * dL/dw1 = 1 - 0.1 * (0.02147) = 0.997853" in result.text
    assert f"{1.0 - 0.1 * D_L_D_W1:.6g}" == "0.997853"   # updates print 2 more digits


def test_without_a_learning_rate_the_weights_do_not_change():
    net = alice_network()
    result = trace(net, ALICE_X, ALICE_Y)
    assert result.updated == {}
    assert result.learning_rate is None
    for name in net.parameter_names():
        assert net.get_parameter(name) == (0.0 if name.startswith("b") else 1.0)
    assert "<-" not in result.text


def test_trace_step_equals_one_step_of_train():
    traced, trained = Network([2, 3, 1], seed=7), Network([2, 3, 1], seed=7)
    x, y = [0.3, -1.2], 1.0
    trace(traced, x, y, learning_rate=0.5)
    trained.train([x], [y], epochs=1, learning_rate=0.5)
    for name in traced.parameter_names():
        assert traced.get_parameter(name) == trained.get_parameter(name), name


def test_alice_gradients_match_finite_differences():
    net = alice_network()
    gradients = trace(net, ALICE_X, ALICE_Y).gradients
    check = gradient_check(net, ALICE_X, ALICE_Y)
    for row in check.rows:
        assert gradients[row["name"]] == pytest.approx(row["numerical"], rel=1e-6, abs=1e-9)


# (sizes, keyword arguments of Network): wide, deep, one neuron per layer, several
# outputs, softmax with cross entropy and with MSE, BCE, ReLU, tanh, a regression output.
NETWORKS = [
    ([2, 2, 1], {}),
    ([3, 4, 2], {"activation": "tanh"}),
    ([2, 3, 3, 1], {}),
    ([2, 1, 1, 1], {"activation": "tanh"}),
    ([2, 2, 2], {}),
    ([3, 3, 3], {"loss": "cross_entropy", "activation": "tanh"}),
    ([2, 4, 3, 3], {"loss": "cross_entropy", "activation": "relu"}),
    ([2, 2, 3], {"output_activation": "softmax", "loss": "mse"}),
    ([2, 3, 1], {"loss": "binary_cross_entropy", "activation": "relu",
                 "output_activation": "sigmoid"}),
    ([2, 3, 2], {"loss": "binary_cross_entropy"}),
    ([3, 2, 1], {"output_activation": "identity"}),
    ([2, 2], {}),
]


@pytest.mark.parametrize("sizes, options", NETWORKS)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_traced_gradients_match_finite_differences(sizes, options, seed):
    net = Network(sizes, seed=seed, init="normal", **options)
    rng = random.Random(100 + seed)
    x = []
    for _ in range(sizes[0]):
        x.append(rng.uniform(-2.0, 2.0))
    n_outputs = sizes[-1]
    if options.get("loss") == "cross_entropy":
        y = rng.randrange(n_outputs)                     # a class index
    elif options.get("output_activation") == "identity":
        y = rng.uniform(-3.0, 3.0)
    else:
        y = []
        for _ in range(n_outputs):
            y.append(float(rng.randrange(2)))

    result = trace(net, x, y)
    check = gradient_check(net, x, y)
    assert check.passed, check.report()
    assert sorted(result.gradients) == sorted(net.parameter_names())
    for row in check.rows:
        name = row["name"]
        # The same numbers backward() stored (the trace checked this to 1e-12 itself)...
        assert result.gradients[name] == pytest.approx(row["analytic"], rel=1e-12, abs=1e-300)
        # ...and what finite differences measure, to their accuracy.
        assert result.gradients[name] == pytest.approx(row["numerical"], rel=1e-5, abs=1e-8)


def test_a_neuron_feeding_several_neurons_sums_over_them():
    net = Network([2, 2, 2], seed=1)
    result = trace(net, [0.5, -1.0], [1.0, 0.0])
    lines = []
    for line in result.text.splitlines():
        lines.append(line.strip())
    sum_lines = []
    for line in lines:
        if line.startswith("dL/dh1 = "):
            sum_lines.append(line)
    assert len(sum_lines) == 1
    assert sum_lines[0].startswith("dL/dh1 = dL/dz_o1 * w5 + dL/dz_o2 * w7 = ")
    terms = result.terms
    expected = terms["dL/dz_o1"] * net.get_parameter("w5") \
        + terms["dL/dz_o2"] * net.get_parameter("w7")
    assert terms["dL/dh1"] == pytest.approx(expected, rel=1e-12)
    assert "dL/dw1 = dL/dh1 * dh1/dw1 = " in result.text


def test_a_chain_of_single_neurons_multiplies_through():
    result = trace(Network([2, 1, 1, 1], seed=3), [1.0, 2.0], 0.0)
    assert "dL/dw1 = dL/dy_pred * dy_pred/dh2 * dh2/dh1 * dh1/dw1 = " in result.text


def test_softmax_cross_entropy_starts_at_p_minus_y():
    net = Network([2, 3, 3], loss="cross_entropy", seed=2)
    result = trace(net, [0.5, -1.0], 2)
    assert "dL/dz_o1 = p1 - y1 = " in result.text
    assert "dL/dz_o3 = p3 - y3 = " in result.text
    assert result.terms["dL/dz_o3"] == pytest.approx(result.terms["p3"] - 1.0, rel=1e-12)
    assert result.terms["dL/dz_o1"] == pytest.approx(result.terms["p1"], rel=1e-12)


def test_a_wrong_stored_gradient_is_caught(monkeypatch):
    """If backprop and the printed product ever disagree, the trace fails loudly."""
    original_backprop = Neuron.backprop

    def backprop_with_a_bug(self, *args):
        result = original_backprop(self, *args)
        self.weight_grads[0] += 1e-9          # a small error, far below printed digits
        return result

    monkeypatch.setattr(Neuron, "backprop", backprop_with_a_bug)
    with pytest.raises(TraceMismatch, match="dL/dw"):
        trace(alice_network(), ALICE_X, ALICE_Y)


def test_prints_to_a_file_when_given_one():
    out = io.StringIO()
    result = trace(alice_network(), ALICE_X, ALICE_Y, file=out)
    assert out.getvalue() == result.text + "\n"


def test_digits_controls_the_rounding():
    result = trace(alice_network(), ALICE_X, ALICE_Y, digits=3)
    assert "(-0.953) * (0.249) * (-0.0904) = 0.0215" in result.text
    # Those are the formulas' values at 3 significant digits.
    assert [f"{D_L_D_Y_PRED:.3g}", f"{D_Y_PRED_D_H1:.3g}", f"{D_H1_D_W1:.3g}",
            f"{D_L_D_W1:.3g}"] == ["-0.953", "0.249", "-0.0904", "0.0215"]


def test_errors_a_learner_can_act_on():
    with pytest.raises(ValueError, match="digits"):
        trace(alice_network(), ALICE_X, ALICE_Y, digits=0)
    net = alice_network()
    with pytest.raises(ValueError, match="learning_rate"):
        trace(net, ALICE_X, ALICE_Y, learning_rate=-0.1)
    assert net.get_parameter("w1") == 1.0
    with pytest.raises(ValueError, match="expects 2 inputs"):
        trace(alice_network(), [1.0, 2.0, 3.0], ALICE_Y)
    with pytest.raises(ValueError, match="too many to read"):
        trace(Network([20, 20, 10]), [0.0] * 20, [0.0] * 10)


def test_trace_with_l1_and_l2_prints_the_penalty_terms_by_hand():
    # All weights 1, biases 0, Alice; l1 = 0.01, l2 = 0.1. By hand:
    # penalty = 0.01 * 6 + 0.1 * 6 = 0.66 (six weights of 1; biases not penalized);
    # dpenalty/dw = 0.01 * sign(1) + 2 * 0.1 * 1 = 0.21 for every weight;
    # dloss/dw1 is the walkthrough's D_L_D_W1 (above), so dL/dw1 = D_L_D_W1 + 0.21.
    from network import Network, trace
    net = Network([2, 2, 1], weights=[[[1, 1], [1, 1]], [[1, 1]]], biases=[[0, 0], [0]],
                  l1=0.01, l2=0.1)
    result = trace(net, [-2, -1], 1, learning_rate=0.1)
    d_penalty_d_w1 = 0.01 * 1.0 + 2 * 0.1 * 1.0          # l1 * sign(w1) + 2 * l2 * w1
    assert result.terms["penalty"] == pytest.approx(0.66, rel=1e-14)
    assert result.terms["dpenalty/dw1"] == pytest.approx(0.21, rel=1e-14)
    assert result.terms["dloss/dw1"] == pytest.approx(D_L_D_W1, rel=1e-13)
    assert result.gradients["w1"] == pytest.approx(D_L_D_W1 + d_penalty_d_w1, rel=1e-13)
    # Biases are not penalized: dL/db1 is the loss's alone, dL/dy_pred * dy_pred/dh1 * dh1/db1
    # with dh1/db1 = sigmoid'(z_h1) = h1 * (1 - h1).
    d_l_d_b1 = D_L_D_Y_PRED * D_Y_PRED_D_H1 * H1 * (1.0 - H1)
    assert result.gradients["b1"] == pytest.approx(d_l_d_b1, rel=1e-13)
    assert result.terms["dL/db1"] == pytest.approx(d_l_d_b1, rel=1e-13)
    assert "dL/dw1 = dloss/dw1 + dpenalty/dw1" in result.text
    assert net.get_parameter("w1") == pytest.approx(1 - 0.1 * (D_L_D_W1 + d_penalty_d_w1),
                                                    rel=1e-13)


def test_trace_refuses_dropout_with_a_sentence():
    from network import Network, trace
    net = Network([2, 2, 1], dropout=0.5)
    before = [list(n.weights) for n in net.neurons]
    with pytest.raises(ValueError, match="uses dropout"):
        trace(net, [1.0, 2.0], 1.0, learning_rate=0.1)
    assert [list(n.weights) for n in net.neurons] == before
