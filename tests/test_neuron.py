"""Neuron and activations against numbers worked out by hand."""
import math

import pytest
from hypothesis import given, strategies as st

from neuron import Neuron, get_activation, relu, sigmoid, tanh
from neuron.activations import ACTIVATIONS


def test_neuron_forward_matches_hand_calculation():
    # z = 0*2 + 1*3 + 4 = 7; sigmoid(7) = 1 / (1 + e^-7)
    neuron = Neuron(weights=[0, 1], bias=4)
    assert neuron.forward([2, 3]) == pytest.approx(1 / (1 + math.exp(-7)), rel=1e-15)
    assert neuron.z == 7.0
    assert neuron.inputs == [2, 3]


def test_neuron_backward_spells_out_the_chain_rule():
    # sigmoid neuron, w = [0.5, -1], b = 0.25, x = [2, 3]:
    # z = 1 - 3 + 0.25 = -1.75, out = sigmoid(-1.75), d_out/dz = out * (1 - out)
    neuron = Neuron([0.5, -1.0], 0.25)
    out = neuron.forward([2.0, 3.0])
    expected_out = 1 / (1 + math.exp(1.75))
    assert out == pytest.approx(expected_out, rel=1e-15)
    d_loss_d_inputs = neuron.backward(2.0)
    d_loss_d_z = 2.0 * expected_out * (1 - expected_out)
    assert neuron.d_output_d_z == pytest.approx(expected_out * (1 - expected_out))
    assert neuron.d_loss_d_z == pytest.approx(d_loss_d_z)
    assert neuron.weight_grads == pytest.approx([d_loss_d_z * 2.0, d_loss_d_z * 3.0])
    assert neuron.bias_grad == pytest.approx(d_loss_d_z)
    assert d_loss_d_inputs == pytest.approx([d_loss_d_z * 0.5, d_loss_d_z * -1.0])


def test_backward_accumulates_until_zero_grad():
    neuron = Neuron([1.0], 0.0, activation="identity")
    neuron.forward([3.0])
    neuron.backward(1.0)
    neuron.forward([5.0])
    neuron.backward(1.0)
    assert neuron.weight_grads == [8.0]   # 3 + 5
    assert neuron.bias_grad == 2.0
    neuron.zero_grad()
    assert neuron.weight_grads == [0.0] and neuron.bias_grad == 0.0


def test_relu_that_is_off_passes_no_gradient():
    neuron = Neuron([1.0, 1.0], -10.0, activation="relu")
    assert neuron.forward([1.0, 2.0]) == 0.0
    assert neuron.backward(5.0) == [0.0, 0.0]
    assert neuron.weight_grads == [0.0, 0.0] and neuron.bias_grad == 0.0


def test_sigmoid_is_stable_for_huge_inputs():
    assert sigmoid(1000.0) == 1.0
    assert sigmoid(-1000.0) == 0.0
    assert sigmoid(-710.0) == pytest.approx(math.exp(-710.0), rel=1e-12)
    assert sigmoid(0.0) == 0.5


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_sigmoid_never_overflows_and_stays_in_range(z):
    value = sigmoid(z)
    assert 0.0 <= value <= 1.0
    # sigmoid(-z) = 1 - sigmoid(z)
    assert sigmoid(-z) == pytest.approx(1.0 - value, abs=1e-15)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
@pytest.mark.parametrize("z", [-2.5, -0.3, 0.4, 3.0])
def test_each_derivative_matches_a_finite_difference(name, z):
    activation = get_activation(name)
    h = 1e-6
    slope = (activation(z + h) - activation(z - h)) / (2 * h)
    assert activation.derivative(z, activation(z)) == pytest.approx(slope, rel=1e-6, abs=1e-9)


def test_activation_values_by_hand():
    assert relu(-3.0) == 0.0 and relu(2.5) == 2.5
    assert tanh(0.5) == pytest.approx((math.e - 1) / (math.e + 1))  # tanh(x/2) with x=1
    assert get_activation("identity")(4.2) == 4.2


def test_repr_shows_the_numbers():
    text = repr(Neuron([0.5, -1.2], 0.1, name="h1"))
    assert "h1" in text and "0.5" in text and "-1.2" in text and "0.1" in text
    assert "sigmoid" in text


def test_bad_input_names_the_neuron():
    neuron = Neuron([1.0, 2.0], 0.0, name="h1")
    with pytest.raises(ValueError, match="Neuron h1 expects 2 inputs, got 3"):
        neuron.forward([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"Neuron h1: input 2 is nan"):
        neuron.forward([1.0, float("nan")])
    with pytest.raises(ValueError, match=r"Neuron h1: input 1 is inf"):
        neuron.forward([float("inf"), 1.0])
    with pytest.raises(ValueError, match="unknown activation 'swish'"):
        Neuron([1.0], 0.0, activation="swish")
    with pytest.raises(ValueError, match="weight 2 must be finite"):
        Neuron([1.0, float("nan")], 0.0)
    with pytest.raises(ValueError, match="call forward"):
        Neuron([1.0]).backward(1.0)


def test_overflowing_weighted_sum_is_reported_not_nan():
    neuron = Neuron([1e308, 1e308], 0.0, name="h2")
    with pytest.raises(ValueError, match="Neuron h2: weighted sum z = inf.*diverged"):
        neuron.forward([10.0, 10.0])
