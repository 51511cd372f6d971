"""Backpropagation against finite differences, for every activation and loss."""
import random

import pytest

from network import Network, gradient_check
from neuron import activations

HIDDEN = ["sigmoid", "relu", "tanh", "identity"]
OUTPUT_AND_LOSS = [
    ("sigmoid", "mse"), ("identity", "mse"), ("tanh", "mse"), ("relu", "mse"),
    ("softmax", "mse"), ("sigmoid", "binary_cross_entropy"),
    ("softmax", "binary_cross_entropy"), ("softmax", "cross_entropy"),
]


def random_case(hidden, output, loss, seed):
    rng = random.Random(seed)
    n_out = 3 if output == "softmax" else 1 + seed % 2
    sizes = [3, 4, 3, n_out] if seed % 2 else [3, 5, n_out]
    net = Network(sizes, activation=hidden, output_activation=output, loss=loss, seed=seed)
    for neuron in net.neurons:
        neuron.bias = rng.uniform(-0.5, 0.5)
    x = [rng.uniform(-2, 2) for _ in range(3)]
    if loss == "cross_entropy":
        y = [0.0] * n_out
        y[rng.randrange(n_out)] = 1.0
    elif loss == "mse":
        y = [rng.uniform(-1, 1) for _ in range(n_out)]
    else:
        y = [float(rng.random() < 0.5) for _ in range(n_out)]
    return net, x, y


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize("output, loss", OUTPUT_AND_LOSS)
def test_backprop_matches_finite_differences(hidden, output, loss):
    for seed in range(3):
        net, x, y = random_case(hidden, output, loss, seed)
        result = gradient_check(net, x, y)
        assert len(result.rows) == len(net.parameter_names())
        assert result.passed, result.report()
        assert result.worst_error < 1e-6


def test_gradient_check_restores_the_parameters():
    net, x, y = random_case("tanh", "sigmoid", "mse", 0)
    before = [net.get_parameter(name) for name in net.parameter_names()]
    gradient_check(net, x, y)
    assert [net.get_parameter(name) for name in net.parameter_names()] == before


def test_gradient_check_catches_a_wrong_derivative(monkeypatch):
    # Break the sigmoid's derivative (drop the (1 - output) factor): the check must fail.
    broken = activations.Activation("sigmoid", activations.sigmoid, lambda z, out: out)
    monkeypatch.setitem(activations.ACTIVATIONS, "sigmoid", broken)
    net, x, y = random_case("sigmoid", "sigmoid", "mse", 1)
    result = gradient_check(net, x, y)
    assert not result.passed
    assert "FAILED" in result.report()


def test_gradient_check_can_sample_parameters():
    net = Network([20, 8, 3], activation="relu", loss="cross_entropy", seed=2)
    rng = random.Random(0)
    x = [rng.random() for _ in range(20)]
    result = gradient_check(net, x, 1, max_parameters=25, seed=4)
    assert len(result.rows) == 25 and result.passed, result.report()
