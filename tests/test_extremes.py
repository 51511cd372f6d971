"""Extreme numbers: the math gives numbers or a clear ValueError, never a crash.

For inputs as large as floats go (+-1e308, +-1.8e308, whole numbers beyond that)
and as small (5e-324):

* activations, their derivatives, softmax and the cross-entropy losses return
  finite numbers;
* mse returns a finite number whenever its true value fits in a float and inf
  exactly when it does not (the true values are worked out with fractions here);
* a NaN (or an infinity, or something that is not a number) raises ValueError that
  names the function and what was NaN;
* nothing raises OverflowError or ZeroDivisionError; a network whose weighted sum
  overflows says so, naming the neuron.

Reference values come from independent computations written here: exact fractions,
the other standard form of the sigmoid, the limits by hand.
"""
from __future__ import annotations

import math
import sys
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from network import Network, softmax
from network.gradcheck import gradient_check
from network.losses import LOSSES
from network.saving import save_network
from network.training import TrainingDiverged
from neuron import Neuron
from neuron.activations import ACTIVATIONS
from neuron.neuron import NonFiniteError

LARGEST = sys.float_info.max                    # 1.7976931348623157e308
TINY = 5e-324                                   # the smallest positive float
EXTREME_FLOATS = [1e308, -1e308, LARGEST, -LARGEST, 1e300, -1e300, 1e154, -1e154,
                  710.0, -710.0, 700.0, -700.0, 40.0, -40.0, TINY, -TINY, 0.0, -0.0]
HUGE_INTS = [10 ** 400, -(10 ** 400)]           # too large to convert to a float
EXAMPLES = dict(deadline=None, derandomize=True, database=None)

# Any finite float, with the extremes often.
finite = st.one_of(st.sampled_from(EXTREME_FLOATS),
                   st.floats(allow_nan=False, allow_infinity=False))
NAN = float("nan")


# %% Activations ---------------------------------------------------------------------

def reference_activation(name, z):
    """g(z) by an independent route: for whole numbers beyond the floats, the limit;
    the sigmoid in its other standard form, e^z / (1 + e^z) for z < 0."""
    if isinstance(z, int):
        limits = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "relu": (0, z),
                  "identity": (z, z)}
        low, high = limits[name]
        return high if z > 0 else low
    if name == "sigmoid":
        if z >= 0.0:
            return 1.0 / (1.0 + math.exp(-z))
        if z < -745.2:
            return 0.0          # e^z is below the smallest float
        e = math.exp(z)
        return e / (1.0 + e)
    if name == "tanh":
        return math.tanh(z)
    if name == "relu":
        return z if z > 0.0 else 0.0
    return z


SLOPE_RANGES = {"sigmoid": (0.0, 0.25), "tanh": (0.0, 1.0), "relu": (0.0, 1.0),
                "identity": (1.0, 1.0)}


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
@pytest.mark.parametrize("z", EXTREME_FLOATS + HUGE_INTS,
                         ids=[repr(z) for z in EXTREME_FLOATS] + ["10**400", "-10**400"])
def test_activations_at_the_extremes(name, z):
    activation = ACTIVATIONS[name]
    output = activation(z)
    expected = reference_activation(name, z)
    if isinstance(z, int):
        assert output == expected
        return
    assert math.isfinite(output)
    assert math.isclose(output, expected, rel_tol=1e-15, abs_tol=1e-300), (output, expected)
    slope = activation.derivative(z, output)
    low, high = SLOPE_RANGES[name]
    assert math.isfinite(slope) and low <= slope <= high


@settings(max_examples=300, **EXAMPLES)
@given(st.sampled_from(sorted(ACTIVATIONS)), finite)
def test_activations_of_any_float_are_finite(name, z):
    activation = ACTIVATIONS[name]
    output = activation(z)
    assert math.isfinite(output)
    assert math.isclose(output, reference_activation(name, z), rel_tol=1e-14, abs_tol=1e-300)
    low, high = SLOPE_RANGES[name]
    assert low <= activation.derivative(z, output) <= high


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activations_refuse_nan_naming_it(name):
    activation = ACTIVATIONS[name]
    with pytest.raises(ValueError, match=rf"^{name}: z is NaN \(not a number\)"):
        activation(NAN)
    # The derivative reads z (relu, identity) or output (sigmoid, tanh): either NaN.
    with pytest.raises(ValueError, match=rf"^{name}_derivative: (z|output) is NaN"):
        activation.derivative(NAN, NAN)


# %% Softmax ---------------------------------------------------------------------------

def reference_softmax(z):
    """p_k = 1 / sum_j e^(z_j - z_k), a form without the max: each term is worked out
    on its own, and a term past e^709 (which math.exp cannot hold) makes p_k = 0."""
    probabilities = []
    for z_k in z:
        total = 0.0
        for z_j in z:
            difference = z_j - z_k          # may be inf (1e308 - -1e308): then p_k = 0
            total += math.exp(difference) if difference < 709.0 else math.inf
        probabilities.append(1.0 / total)
    return probabilities


@settings(max_examples=300, **EXAMPLES)
@given(st.lists(finite, min_size=1, max_size=5))
def test_softmax_of_any_floats_is_finite_and_sums_to_one(z):
    p = softmax(z)
    expected = reference_softmax(z)
    assert len(p) == len(z)
    for p_k, e_k in zip(p, expected):
        assert math.isfinite(p_k) and 0.0 <= p_k <= 1.0
        assert math.isclose(p_k, e_k, rel_tol=1e-12, abs_tol=1e-300), (p, expected)
    assert abs(sum(p) - 1.0) <= 1e-15 * len(z)


def test_softmax_at_the_extremes_by_hand():
    assert softmax([1e308, -1e308]) == [1.0, 0.0]          # e^(-2e308) underflows to 0
    assert softmax([-LARGEST, LARGEST, 0.0]) == [0.0, 1.0, 0.0]
    assert softmax([LARGEST, LARGEST]) == [0.5, 0.5]        # z - max(z) = 0 for both
    assert softmax([-1e308, -1e308, -1e308, -1e308]) == [0.25] * 4


def test_softmax_refuses_nan_naming_it():
    with pytest.raises(ValueError, match=r"softmax: z\[1\] is nan"):
        softmax([1.0, NAN])


@pytest.mark.parametrize("z", [[], [10 ** 400, 0.0]], ids=["empty", "10**400"])
def test_softmax_refuses_what_has_no_softmax_with_a_clear_error(z):
    with pytest.raises(ValueError, match="softmax"):
        softmax(z)


# %% Losses ----------------------------------------------------------------------------

def exact_to_float(exact):
    """The float nearest to a Fraction, or +-inf beyond the largest float."""
    try:
        return float(exact)
    except OverflowError:
        return math.inf if exact > 0 else -math.inf


def close_or_both_inf(computed, expected):
    if math.isinf(expected):
        return computed == expected
    return math.isfinite(computed) and math.isclose(computed, expected, rel_tol=1e-14,
                                                    abs_tol=1e-300)


@settings(max_examples=400, **EXAMPLES)
@given(st.integers(1, 3).flatmap(lambda n: st.tuples(
    st.lists(finite, min_size=n, max_size=n), st.lists(finite, min_size=n, max_size=n))))
def test_mse_is_exact_up_to_rounding_or_inf_only_beyond_the_floats(pair):
    y_true, y_pred = pair
    n = len(y_true)
    mse = LOSSES["mse"]
    # The true values, with fractions (exact): L = sum (y - p)^2 / n and
    # dL/dp_k = -2 (y_k - p_k) / n.
    exact_loss = Fraction(0)
    for y, p in zip(y_true, y_pred):
        exact_loss += (Fraction(y) - Fraction(p)) ** 2
    exact_loss /= n
    assert close_or_both_inf(mse.value(y_true, y_pred), exact_to_float(exact_loss))
    slopes = mse.derivative(y_true, y_pred)
    for y, p, slope in zip(y_true, y_pred, slopes):
        expected = exact_to_float(-2 * (Fraction(y) - Fraction(p)) / n)
        assert close_or_both_inf(slope, expected), (slope, expected)


def test_mse_near_the_largest_float_by_hand():
    mse = LOSSES["mse"]
    # (1e308 - -1e308)^2 = 4e616: beyond the floats, inf (Network.train reports it).
    assert mse.value([1e308], [-1e308]) == math.inf
    # Four squares of 1e154 each: every square is 1e308, their sum 4e308 overflows,
    # but the mean 1e308 is a float.
    assert mse.value([1e154] * 4, [0.0] * 4) == pytest.approx(1e308, rel=1e-15)
    # The slope -2 * (1e308 - -1e308) / 3 = -4e308 / 3 = -1.33e308, although 1e308 -
    # -1e308 alone is past the largest float.
    slopes = mse.derivative([1e308, 0.0, 0.0], [-1e308, 0.0, 0.0])
    # The exact slope, with fractions of the two floats, rounded once to a float.
    exact = -2 * (Fraction(1e308) - Fraction(-1e308)) / 3
    assert slopes[0] == pytest.approx(float(exact), rel=1e-15)   # about -4e308 / 3
    assert slopes[1:] == [0.0, 0.0]


def clipped(p):
    return min(max(p, 1e-15), 1.0 - 1e-15)


@settings(max_examples=300, **EXAMPLES)
@given(st.sampled_from(["binary_cross_entropy", "cross_entropy"]),
       st.integers(1, 3).flatmap(lambda n: st.tuples(
           st.lists(st.one_of(st.sampled_from([0.0, 0.5, 1.0]), st.floats(0.0, 1.0)),
                    min_size=n, max_size=n),
           st.lists(finite, min_size=n, max_size=n))))
def test_cross_entropies_are_finite_for_any_prediction(name, pair):
    y_true, y_pred = pair
    n = len(y_true)
    loss = LOSSES[name]
    # By hand, with the clip into [1e-15, 1 - 1e-15] the module documents:
    expected = 0.0
    for y, p in zip(y_true, y_pred):
        if name == "binary_cross_entropy":
            expected -= (y * math.log(clipped(p)) + (1.0 - y) * math.log(1.0 - clipped(p))) / n
        else:
            expected -= y * math.log(clipped(p))
    value = loss.value(y_true, y_pred)
    assert math.isfinite(value) and 0.0 <= value <= n * 34.6   # -log(1e-15) = 34.54
    assert math.isclose(value, expected, rel_tol=1e-12, abs_tol=1e-15)
    for slope in loss.derivative(y_true, y_pred):
        assert math.isfinite(slope) and abs(slope) <= 1.01e15   # 1 / 1e-15


BAD_VALUES = [(NAN, "nan"), (math.inf, "inf"), (-math.inf, "-inf"),
              (10 ** 400, "a whole number of about 401 digits, too large for a float"),
              ("a", "'a'"), (None, "None")]


@pytest.mark.parametrize("name", sorted(LOSSES))
@pytest.mark.parametrize("where", ["y_true", "y_pred"])
@pytest.mark.parametrize("bad, shown", BAD_VALUES, ids=["nan", "inf", "-inf", "10**400",
                                                        "text", "None"])
def test_losses_refuse_nan_and_non_numbers_naming_them(name, where, bad, shown):
    loss = LOSSES[name]
    y_true, y_pred = [0.0, 1.0, 0.0], [0.25, 0.5, 0.25]
    # Position 0 holds a target 0: cross entropy skips such terms, and still it checks.
    if where == "y_true":
        y_true[0] = bad
    else:
        y_pred[0] = bad
    message = f"{name}: {where}[0] is {shown}, expected a finite number"
    # loss(y_true, y_pred) is the checked door (value and derivative trust their lists).
    with pytest.raises(ValueError) as info:
        loss(y_true, y_pred)
    assert str(info.value) == message


@pytest.mark.parametrize("name", sorted(LOSSES))
def test_losses_refuse_empty_and_unequal_lists_without_dividing_by_zero(name):
    loss = LOSSES[name]
    for method in (loss,):
        with pytest.raises(ValueError, match=f"^{name}: y_true and y_pred are empty"):
            method([], [])
        with pytest.raises(ValueError, match=f"^{name}: .* same length, .* got 1 and 0"):
            method([1.0], [])
        with pytest.raises(ValueError, match=f"^{name}: y_true and y_pred must be lists"):
            method(None, [0.5])


@pytest.mark.parametrize("name", ["binary_cross_entropy", "cross_entropy"])
@pytest.mark.parametrize("y", [1e308, -1e308, 1.5, -0.25], ids=repr)
def test_cross_entropies_refuse_targets_outside_0_1(name, y):
    # A target of 1e308 would make y * log(p) overflow; a cross entropy compares
    # probabilities, so the target itself is what is wrong.
    with pytest.raises(ValueError) as info:
        LOSSES[name]([0.0, y], [0.5, 0.5])
    assert str(info.value) == (f"{name}: y_true[1] is {y!r}, expected a number between 0 "
                               f"and 1 (a probability)")


# %% Neurons and networks --------------------------------------------------------------

def test_a_weighted_sum_past_the_largest_float_names_the_neuron():
    net = Network([2, 1], activation="identity", weights=[[[1e308, 1e308]]], biases=[[0.0]])
    with pytest.raises(NonFiniteError) as info:
        net.forward([1.0, 1.0])                 # z = 1e308 + 1e308 = inf
    assert str(info.value).startswith("Neuron o1: weighted sum z = inf is not finite")
    with pytest.raises(NonFiniteError, match="^Neuron o1: weighted sum z = nan"):
        net.forward([1e308, -1e308])            # 1e316 - 1e316: inf - inf = nan
    assert isinstance(info.value, ValueError)


@settings(max_examples=150, **EXAMPLES)
@given(st.data())
def test_forward_on_extreme_inputs_gives_numbers_or_names_the_neuron(data):
    n_inputs = data.draw(st.integers(1, 3))
    hidden = data.draw(st.integers(1, 3))
    activation = data.draw(st.sampled_from(sorted(ACTIVATIONS)))
    output = data.draw(st.sampled_from(sorted(ACTIVATIONS) + ["softmax"]))
    n_outputs = 2 if output == "softmax" else 1
    net = Network([n_inputs, hidden, n_outputs], activation=activation,
                  output_activation=output, seed=data.draw(st.integers(0, 100)))
    x = data.draw(st.lists(finite, min_size=n_inputs, max_size=n_inputs))
    try:
        outputs = net.forward(x)
    except NonFiniteError as error:
        message = str(error)
        assert message.startswith("Neuron h") or message.startswith("Neuron o"), message
        assert "is not finite" in message
        return
    for value in outputs:
        assert math.isfinite(value)


def test_a_loss_past_the_largest_float_is_inf_and_training_says_it_diverged():
    # The output is 1e308 and the target -1e308: the squared error 4e616 is not a
    # float. loss_of and evaluate say inf; train stops with a message, weights kept.
    net = Network([1, 1], activation="identity", weights=[[[1e308]]], biases=[[0.0]])
    assert net.loss_of([1.0], [-1e308]) == math.inf
    assert net.evaluate([[1.0]], [[-1e308]])["loss"] == math.inf
    with pytest.raises(TrainingDiverged, match="training diverged in epoch 0 at sample 0"):
        net.train([[1.0]], [[-1e308]], epochs=1)
    assert net.layers[0].neurons[0].weights == [1e308]


def test_a_softmax_network_on_extreme_weighted_sums():
    net = Network([1, 2], loss="cross_entropy", weights=[[[1e308], [-1e308]]],
                  biases=[[0.0, 0.0]])
    assert net.forward([1.0]) == [1.0, 0.0]
    loss = net.loss_of([1.0], 1)        # the true class got p = 0: clipped to 1e-15
    assert loss == pytest.approx(-math.log(1e-15), rel=1e-12)


@pytest.mark.parametrize("h", [1e-320, 1e-300, 1e300, 1e308], ids=repr)
def test_gradient_check_with_extreme_steps_gives_a_result_or_a_value_error(h):
    net = Network([2, 2, 1], seed=1)
    try:
        check = gradient_check(net, [0.5, -1.0], 1.0, h=h)
    except ValueError as error:
        assert "gradient_check" in str(error)
        return
    for row in check.rows:
        assert math.isfinite(row["numerical"]) and math.isfinite(row["analytic"])


@pytest.mark.parametrize("call", ["forward", "neuron", "weights"])
def test_whole_numbers_too_large_for_a_float_are_a_value_error(call):
    with pytest.raises(ValueError, match="10000000000|too large|finite"):
        if call == "forward":
            Network([2, 1]).forward([10 ** 400, 0.0])
        elif call == "neuron":
            Neuron([10 ** 400])
        else:
            Network([1, 1], weights=[[[10 ** 400]]])


def test_saving_an_extra_nested_too_deeply_names_the_field(tmp_path):
    deep = []
    for _ in range(100000):
        deep = [deep]
    path = tmp_path / "m.json"
    with pytest.raises(ValueError, match="field 'config' cannot be written as JSON"):
        save_network(Network([2, 2, 1]), str(path), config=deep)
    assert list(tmp_path.iterdir()) == []     # no file, no temporary left behind
