"""Initialization schemes (issue 7): sample statistics of a large layer against the formulas.

The first layer of Network([400, 300, 2]) has fan_in = 400, fan_out = 300 and
n = 400 * 300 = 120000 weights. Tolerances come from that sample size:

  mean:  the standard error of a sample mean is sigma / sqrt(n); we allow 4 of them.
  std:   the standard error of a sample standard deviation is about
         sigma * sqrt((kurtosis - 1) / (4 n)), kurtosis = 3 for a normal and 1.8 for a
         uniform distribution. With n = 120000 that is 0.20% of sigma (normal) and 0.13%
         (uniform); we allow 5 standard errors, i.e. about 1.0% and 0.65%.
  kurtosis: tells the normal (3) from the uniform (1.8) with the same std; its standard
         error is about sqrt(24 / n) = 0.014 for a normal, we allow 0.1.

Every check is deterministic (seeded), but the tolerances are what a correct scheme with
any seed passes with overwhelming probability, and what a wrong formula (fan_in and
fan_out swapped, sqrt forgotten, uniform instead of normal) fails by far.
"""
import math
from fractions import Fraction

import pytest

from network import Network

FAN_IN = 400
FAN_OUT = 300
N = FAN_IN * FAN_OUT

# name -> (distribution, standard deviation of the weights by the spec's formula)
#   a uniform on (-a, a) has standard deviation a / sqrt(3)
EXPECTED = {
    "normal": ("normal", 1.0),
    "uniform": ("uniform", (1 / math.sqrt(FAN_IN)) / math.sqrt(3)),
    "xavier_normal": ("normal", math.sqrt(2 / (FAN_IN + FAN_OUT))),
    "xavier_uniform": ("uniform", math.sqrt(6 / (FAN_IN + FAN_OUT)) / math.sqrt(3)),
    "he_normal": ("normal", math.sqrt(2 / FAN_IN)),
    "he_uniform": ("uniform", math.sqrt(6 / FAN_IN) / math.sqrt(3)),
    "lecun_normal": ("normal", math.sqrt(1 / FAN_IN)),
}
# The uniform schemes' bounds a.
BOUND = {
    "uniform": 1 / math.sqrt(FAN_IN),
    "xavier_uniform": math.sqrt(6 / (FAN_IN + FAN_OUT)),
    "he_uniform": math.sqrt(6 / FAN_IN),
}
KURTOSIS = {"normal": 3.0, "uniform": 1.8}


def first_layer_weights(net):
    weights = []
    for neuron in net.layers[0].neurons:
        weights.extend(neuron.weights)
    return weights


def all_parameters(net):
    result = []
    for neuron in net.neurons:
        result.append((list(neuron.weights), neuron.bias))
    return result


def moments(values):
    n = len(values)
    mean = math.fsum(values) / n
    squares = []
    fourths = []
    for v in values:
        d = v - mean
        squares.append(d * d)
        fourths.append(d * d * d * d)
    variance = math.fsum(squares) / (n - 1)
    fourth = math.fsum(fourths) / n
    kurtosis = fourth / (math.fsum(squares) / n) ** 2
    return mean, math.sqrt(variance), kurtosis


def test_formulas_by_hand():
    # The expected standard deviations, worked out; their squares (the variances) are
    # exact fractions, checked below with fractions.Fraction:
    #   he_normal    sqrt(2/400) = 0.0707106...            variance 1/200
    #   lecun_normal sqrt(1/400) = 0.05                    variance 1/400
    #   xavier_normal sqrt(2/700) = 0.0534522...           variance 1/350
    #   uniform      a = 1/20 = 0.05, std = 0.05 / sqrt(3) = 0.0288675...
    #                (a uniform on (-a, a) has variance a^2 / 3 = 1/1200)
    #   he_uniform   a = sqrt(6/400) = 0.1224744..., std = sqrt(2/400) (same as he_normal)
    #   xavier_uniform a = sqrt(6/700), std = sqrt(2/700) (same as xavier_normal)
    variances = {"he_normal": Fraction(2, 400), "lecun_normal": Fraction(1, 400),
                 "xavier_normal": Fraction(2, 700), "uniform": Fraction(1, 20) ** 2 / 3,
                 "he_uniform": Fraction(6, 400) / 3, "xavier_uniform": Fraction(6, 700) / 3}
    assert variances["he_normal"] == Fraction(1, 200)
    assert variances["xavier_normal"] == Fraction(1, 350)
    assert variances["uniform"] == Fraction(1, 1200)
    for name, variance in variances.items():
        assert EXPECTED[name][1] ** 2 == pytest.approx(float(variance), rel=1e-15), name
    assert EXPECTED["lecun_normal"][1] == pytest.approx(0.05, rel=1e-15)
    assert EXPECTED["he_uniform"][1] == pytest.approx(EXPECTED["he_normal"][1], rel=1e-14)
    assert EXPECTED["xavier_uniform"][1] == pytest.approx(EXPECTED["xavier_normal"][1],
                                                          rel=1e-14)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_first_layer_statistics_match_the_formula(name):
    distribution, sigma = EXPECTED[name]
    net = Network([FAN_IN, FAN_OUT, 2], activation="tanh", init=name, seed=11)
    weights = first_layer_weights(net)
    assert len(weights) == N
    mean, std, kurtosis = moments(weights)
    standard_error_of_mean = sigma / math.sqrt(N)
    assert abs(mean) < 4 * standard_error_of_mean, (name, mean)
    relative_se_of_std = math.sqrt((KURTOSIS[distribution] - 1) / (4 * N))
    assert std == pytest.approx(sigma, rel=5 * relative_se_of_std), (name, std, sigma)
    assert kurtosis == pytest.approx(KURTOSIS[distribution], abs=0.1), (name, kurtosis)
    if name in BOUND:
        a = BOUND[name]
        largest = max(abs(w) for w in weights)
        assert largest <= a
        assert largest > 0.999 * a   # 120000 draws reach the bound's last 0.1%


@pytest.mark.parametrize("name", sorted(EXPECTED) + ["auto"])
def test_biases_start_at_zero(name):
    net = Network([30, 20, 3], activation="relu", init=name, seed=4)
    for neuron in net.neurons:
        assert neuron.bias == 0.0


@pytest.mark.parametrize("name", sorted(EXPECTED) + ["auto"])
def test_same_seed_same_weights_other_seed_other_weights(name):
    a = Network([20, 10, 3], activation="sigmoid", init=name, seed=5)
    b = Network([20, 10, 3], activation="sigmoid", init=name, seed=5)
    c = Network([20, 10, 3], activation="sigmoid", init=name, seed=6)
    assert all_parameters(a) == all_parameters(b)
    assert first_layer_weights(a) != first_layer_weights(c)


def test_weights_come_from_the_network_generator_not_the_global_one():
    import random
    random.seed(1)
    a = Network([20, 10, 3], init="xavier_uniform", seed=5)
    random.seed(2)
    b = Network([20, 10, 3], init="xavier_uniform", seed=5)
    assert all_parameters(a) == all_parameters(b)


def test_auto_is_he_normal_for_relu():
    auto = Network([50, 30, 4], activation="relu", init="auto", seed=9)
    he = Network([50, 30, 4], activation="relu", init="he_normal", seed=9)
    assert all_parameters(auto) == all_parameters(he)
    lecun = Network([50, 30, 4], activation="relu", init="lecun_normal", seed=9)
    assert all_parameters(auto) != all_parameters(lecun)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
def test_auto_is_lecun_normal_otherwise(activation):
    auto = Network([50, 30, 4], activation=activation, init="auto", seed=9)
    lecun = Network([50, 30, 4], activation=activation, init="lecun_normal", seed=9)
    assert all_parameters(auto) == all_parameters(lecun)


def test_auto_is_the_default():
    assert all_parameters(Network([50, 30, 4], activation="relu", seed=2)) == \
        all_parameters(Network([50, 30, 4], activation="relu", init="he_normal", seed=2))


def test_auto_chooses_per_layer():
    # ReLU hidden layer -> he_normal; sigmoid output layer -> lecun_normal.
    auto = Network([50, 30, 4], activation="relu", output_activation="sigmoid",
                   init="auto", seed=9)
    he = Network([50, 30, 4], activation="relu", output_activation="sigmoid",
                 init="he_normal", seed=9)
    lecun = Network([50, 30, 4], activation="relu", output_activation="sigmoid",
                    init="lecun_normal", seed=9)
    assert first_layer_weights(auto) == first_layer_weights(he)
    for neuron_auto, neuron_lecun in zip(auto.layers[1].neurons, lecun.layers[1].neurons):
        assert neuron_auto.weights == neuron_lecun.weights


def test_he_normal_uses_fan_in_of_each_layer():
    # Second layer of [400, 300, 2]: fan_in 300, so std sqrt(2/300) = 0.0816. Only 600
    # weights: the standard error of the std is about sqrt(2/(4*600)) = 2.9% of it, so we
    # allow 4 of those, 12%. That is too coarse to tell fan 300 from fan 400 (13% apart),
    # but it does catch a second layer drawn from N(0, 1), or with fan 600 (29% lower).
    net = Network([FAN_IN, FAN_OUT, 2], activation="relu", init="he_normal", seed=3)
    weights = []
    for neuron in net.layers[1].neurons:
        weights.extend(neuron.weights)
    mean, std, _ = moments(weights)
    assert std == pytest.approx(math.sqrt(2 / 300), rel=0.12)


def test_unknown_init_lists_the_names():
    with pytest.raises(ValueError) as info:
        Network([2, 2, 1], init="glorot")
    message = str(info.value)
    assert "glorot" in message
    for name in ["normal", "uniform", "xavier_normal", "xavier_uniform", "he_normal",
                 "he_uniform", "lecun_normal", "auto"]:
        assert name in message
