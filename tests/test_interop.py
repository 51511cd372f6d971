"""Numbers from the ecosystem are numbers: the public API on NumPy (and pandas) inputs.

NumPy and pandas are test-only: the library never imports them (tests/test_api.py
checks that in a fresh interpreter). Without NumPy this whole file is skipped; the
pandas tests are skipped without pandas.

The reference for every NumPy call is the same call on plain Python lists, ints and
floats: a NumPy number is converted at the door (float(np.float32(x)) is the float32
value exactly), so the numbers that come out must be bit for bit the same. What is
not a real number in Python's numeric tower (NumPy's bool_, str_, complex, a 0-d
array) is refused with a sentence, as its plain Python counterpart is.
"""
from __future__ import annotations

import math
import random

import pytest

np = pytest.importorskip("numpy", reason="NumPy is a test-only dependency")

from datasets.augment import AugmentedImages, random_augment, rotate, shift  # noqa: E402
from datasets.mnist import Digits, digit_as_text, stratified_split  # noqa: E402
from datasets.people import people  # noqa: E402
from datasets.shapes import circles, moons, sine  # noqa: E402
from network import (Adam, Fit, Layer, Network, SGD, get_schedule, mse,  # noqa: E402
                     predicted_class)
from network.losses import LOSSES  # noqa: E402
from neuron import Neuron  # noqa: E402


def fingerprint(net):
    """Every weight and bias, as exact hex: equal only if bit-identical."""
    return [(tuple(w.hex() for w in n.weights), n.bias.hex()) for n in net.neurons]


def plain(values):
    """A NumPy array (any depth) as the lists of Python numbers it stands for."""
    return np.asarray(values).tolist()


X, Y = people()


# %% The network on NumPy arrays equals the network on lists ----------------------------

@pytest.mark.parametrize("dtype", [np.float64, np.float32, np.int64, np.int16])
def test_training_on_arrays_gives_the_weights_of_training_on_lists(dtype):
    X_array = np.array(X, dtype=dtype)
    Y_array = np.array(Y, dtype=dtype)
    on_arrays = Network(np.array([2, 3, 1]), seed=np.int64(4))
    on_arrays.train(X_array, Y_array, epochs=np.int64(5), batch_size=np.uint8(2),
                    learning_rate=np.float32(0.25), seed=np.int32(9), shuffle=True)
    on_lists = Network([2, 3, 1], seed=4)
    on_lists.train(plain(X_array), plain(Y_array), epochs=5, batch_size=2,
                   learning_rate=float(np.float32(0.25)), seed=9, shuffle=True)
    assert fingerprint(on_arrays) == fingerprint(on_lists)
    assert on_arrays.sizes == [2, 3, 1] and type(on_arrays.sizes[0]) is int
    assert on_arrays.seed == 4 and type(on_arrays.seed) is int


def test_the_fit_loop_on_arrays_equals_the_fit_loop_on_lists():
    options = dict(epochs=4, learning_rate=0.1, batch_size=2, epoch_loss="running",
                   optimizer="adam", schedule="cosine")
    on_arrays = Network([2, 2, 1], l2=np.float64(0.01))
    history = on_arrays.train(np.array(X), np.array(Y),
                              validation=(np.array(X[:2]), np.array(Y[:2])), **options)
    on_lists = Network([2, 2, 1], l2=0.01)
    expected = on_lists.train(X, Y, validation=(X[:2], Y[:2]), **options)
    assert fingerprint(on_arrays) == fingerprint(on_lists)
    assert list(history) == list(expected)
    assert history.validation_loss == expected.validation_loss


def test_softmax_class_labels_may_be_numpy_integers():
    labels = [0, 2, 1, 2]
    for dtype in (np.int64, np.uint8, np.int32):
        on_arrays = Network([2, 3], loss="cross_entropy", seed=1)
        on_arrays.train(np.array(X) / 10, np.array(labels, dtype=dtype), epochs=3)
        on_lists = Network([2, 3], loss="cross_entropy", seed=1)
        on_lists.train(plain(np.array(X) / 10), labels, epochs=3)
        assert fingerprint(on_arrays) == fingerprint(on_lists)
        net = Network([2, 3], loss="cross_entropy", seed=1)
        assert net.target_vector(dtype(2)) == [0.0, 0.0, 1.0]
        assert net.evaluate(np.array(X), np.array(labels, dtype=dtype)) == \
            net.evaluate(X, labels)


def test_one_sample_by_hand_with_numpy_numbers():
    net, same = Network([2, 2, 1], seed=3), Network([2, 2, 1], seed=3)
    x = np.array([-2.0, -1.0], dtype=np.float32)
    assert net(x) == same([-2.0, -1.0]) == net.forward(x) == net.predict(x)
    assert net.predict_class(x) == same.predict_class([-2.0, -1.0])
    assert net.backward(np.float64(1.0)) == same.backward(1.0)
    assert net.backward(np.array([1])) == same.backward([1])       # adds up a second time
    for name in net.parameter_names():
        assert net.get_gradient(name) == same.get_gradient(name)
    assert net.loss_of(x, np.int8(1)) == same.loss_of([-2.0, -1.0], 1)
    net.step(np.float32(0.5))
    same.step(float(np.float32(0.5)))
    assert fingerprint(net) == fingerprint(same)


def test_many_samples_as_arrays():
    net = Network([2, 2, 1], seed=2)
    assert net.predict_all(np.array(X)) == net.predict_all(X)
    assert net.predict_classes(np.array(X, dtype=np.float32)) == \
        net.predict_classes(plain(np.array(X, dtype=np.float32)))
    assert net.evaluate(np.array(X), np.array(Y)) == net.evaluate(X, Y)


def test_parameters_may_be_set_from_numpy_numbers():
    net = Network([2, 2, 1])
    net.set_parameter("w1", np.float32(0.5))
    net.set_parameter("b1", np.int64(-3))
    assert net.get_parameter("w1") == 0.5 and type(net.get_parameter("w1")) is float
    assert net.get_parameter("b1") == -3.0 and type(net.get_parameter("b1")) is float
    values = {name: np.float64(k / 8) for k, name in enumerate(net.parameter_names())}
    net.load_state_dict(values)
    assert net.state_dict() == {name: k / 8 for k, name in enumerate(net.parameter_names())}
    explicit = Network([2, 2, 1], weights=[np.ones((2, 2)), np.ones((1, 2))],
                       biases=[np.zeros(2), np.array([0.5])])
    assert explicit.parameters() == {"w1": 1.0, "w2": 1.0, "w3": 1.0, "w4": 1.0,
                                     "w5": 1.0, "w6": 1.0, "b1": 0.0, "b2": 0.0, "b3": 0.5}


def test_neurons_layers_and_losses_read_arrays():
    neuron = Neuron(np.array([0.0, 1.0]), np.float32(4.0), name="h1")
    assert neuron.forward(np.array([2, 3])) == neuron.forward([2, 3])
    assert neuron.backward(np.float64(1.0)) == neuron.backward(1.0)
    layer = Layer([Neuron([1.0, -1.0], name="h1"), Neuron([0.5, 2.0], name="h2")])
    assert layer.forward(np.array([1.0, 2.0])) == layer.forward([1.0, 2.0])
    assert layer.backward(np.array([0.5, -1.0])) == layer.backward([0.5, -1.0])
    assert mse(np.array([1, 0, 0, 1]), np.zeros(4)) == 0.5
    for name, loss in LOSSES.items():
        y_true = [0.0, 1.0, 0.0]
        y_pred = [0.25, 0.5, 0.25]
        assert loss(np.array(y_true), np.array(y_pred)) == loss(y_true, y_pred), name
    assert predicted_class(np.array([0.1, 0.7, 0.2])) == 1


def test_optimizers_and_schedules_take_numpy_hyperparameters():
    for make in (lambda: SGD(np.float32(0.1)), lambda: Adam(np.float64(0.01),
                                                              beta1=np.float32(0.5))):
        optimizer = make()
        assert type(optimizer.learning_rate) is float
    schedule = get_schedule("step", np.float64(0.1), np.int64(9), gamma=np.float32(0.5))
    assert schedule(np.int64(3)) == 0.05
    net = Network([2, 2, 1])
    fit = Fit(net, np.array(X), np.array(Y), epochs=np.int16(2), log_every=np.int64(0))
    fit.run(max_batches=np.int64(3))
    assert fit.position == 3


# %% Data sets and augmentation ---------------------------------------------------------

def small_digits():
    pixels = bytes(random.Random(0).randrange(256) for _ in range(3 * 784))
    return Digits(pixels, [3, 1, 4], name="three")


def test_digits_from_numpy_pixels_and_labels():
    digits = small_digits()
    raw = np.frombuffer(digits.pixels(0) + digits.pixels(1) + digits.pixels(2),
                        dtype=np.uint8)
    for pixels in (raw, raw.astype(np.int64), raw.astype(np.int16).reshape(3, 784)[0:3]
                   .ravel()):
        again = Digits(pixels, np.array([3, 1, 4]), name="three")
        assert again.labels == [3, 1, 4] and type(again.labels[0]) is int
        for i in range(3):
            assert again.pixels(i) == digits.pixels(i)
    assert digits.pixels(np.int64(2)) == digits.pixels(2)
    train, test = stratified_split(Digits(bytes(784 * 20), [k % 2 for k in range(20)]),
                                   np.int64(4), seed=np.int64(1))
    same_train, same_test = stratified_split(Digits(bytes(784 * 20),
                                                    [k % 2 for k in range(20)]), 4, seed=1)
    assert train.labels == same_train.labels and test.labels == same_test.labels


def test_augmentation_reads_numpy_pixels_and_amounts():
    digit = small_digits().pixels(0)
    as_array = np.frombuffer(digit, dtype=np.uint8)
    assert shift(as_array, np.int64(2), np.int8(-1)) == shift(digit, 2, -1)
    assert rotate(as_array.astype(np.int32), np.float32(7.5)) == \
        rotate(digit, float(np.float32(7.5)))
    assert random_augment(as_array, random.Random(3), max_shift=np.int64(1),
                          max_degrees=np.float64(5.0), scale_range=np.array([0.9, 1.1])) == \
        random_augment(digit, random.Random(3), max_shift=1, max_degrees=5.0,
                       scale_range=(0.9, 1.1))
    copies = AugmentedImages(small_digits(), seed=np.int64(2), epoch=np.uint8(1))
    assert copies[0] == AugmentedImages(small_digits(), seed=2, epoch=1)[0]
    assert digit_as_text(as_array) == digit_as_text(digit)
    assert digit_as_text(np.array(copies[0])) == digit_as_text(copies[0])


def test_toy_data_sets_take_numpy_sizes_and_seeds():
    assert moons(np.int64(10), noise=np.float32(0.5), seed=np.int64(3)) == \
        moons(10, noise=float(np.float32(0.5)), seed=3)
    assert circles(np.int32(8), seed=np.uint16(1), factor=np.float64(0.3)) == \
        circles(8, seed=1, factor=0.3)
    assert sine(np.int64(5), low=np.float64(-1), high=np.int8(1)) == sine(5, low=-1.0,
                                                                          high=1)


# %% What is not a real number is refused, NumPy's kinds too -------------------------------

NOT_REAL = [np.bool_(True), np.str_("0.5"), np.complex128(1 + 2j), np.array(0.5),
            np.bytes_(b"1")]


@pytest.mark.parametrize("value", NOT_REAL, ids=lambda value: type(value).__name__)
def test_numpy_values_that_are_not_real_numbers_are_refused(value):
    net = Network([2, 2, 1])
    before = fingerprint(net)
    calls = {
        "weight": lambda: Neuron([1.0, value], name="h1"),
        "bias": lambda: Neuron([1.0, 2.0], bias=value, name="h1"),
        "learning_rate": lambda: net.train(X, Y, epochs=1, learning_rate=value),
        "l2": lambda: Network([2, 2, 1], l2=value),
        "parameter w1": lambda: net.set_parameter("w1", value),
        "input 2": lambda: net.forward([1.0, value]),
        "sample 1": lambda: net.train([[1.0, 2.0], [3.0, value]], [0, 1], epochs=1),
        "target": lambda: net.train(X, [1.0, 0.0, value, 1.0], epochs=1),
    }
    for word, call in calls.items():
        with pytest.raises(ValueError) as info:
            call()
        assert word in str(info.value), (word, str(info.value))
    assert fingerprint(net) == before


def test_numpy_arrays_with_nan_or_inf_are_refused_naming_the_sample():
    net = Network([2, 2, 1])
    bad = np.array(X)
    bad[2, 1] = np.inf
    with pytest.raises(ValueError,
                       match=r"sample 2: X\[2\]\[1\] is \S*inf\)?, expected a finite number"):
        net.train(bad, np.array(Y), epochs=1)
    with pytest.raises(ValueError, match=r"sample 3: .*nan"):
        net.train(np.array(X), np.array([1.0, 0.0, 0.0, np.nan]), epochs=1)


def test_numpy_whole_numbers_where_a_whole_number_is_needed_but_not_floats():
    with pytest.raises(ValueError, match=r"sizes\[1\] is \S*2.0"):
        Network([2, np.float64(2.0), 1])
    with pytest.raises(ValueError, match="epochs must be a whole number"):
        Network([2, 2, 1]).train(X, Y, epochs=np.float32(3))
    with pytest.raises(ValueError, match="label 0 is .*1.0"):
        Digits(bytes(784 * 2), np.array([1.0, 2.5]))
    with pytest.raises(ValueError, match="dx must be a whole number"):
        shift(bytes(784), np.float64(1.0), 0)


# %% pandas: columns are read by iterating, a DataFrame is refused with the hint -----------

def test_a_pandas_column_is_read_by_position_never_by_label():
    pd = pytest.importorskip("pandas", reason="pandas is a test-only extra")
    reversed_index = pd.Series(Y, index=[3, 2, 1, 0])
    on_series = Network([2, 2, 1])
    on_series.train(np.array(X), reversed_index, epochs=3)
    on_lists = Network([2, 2, 1])
    on_lists.train(X, Y, epochs=3)
    assert fingerprint(on_series) == fingerprint(on_lists)
    net = Network([2, 2, 1], seed=5)
    sample = pd.Series([-7.0, -3.0], index=[1, 0])      # s[0] is -3.0: the label 0
    assert net.forward(sample) == net.forward([-7.0, -3.0])
    assert net.predict_all(pd.Series([[-7.0, -3.0], [20.0, 2.0]], index=[9, 8])) == \
        net.predict_all([[-7.0, -3.0], [20.0, 2.0]])
    assert mse(pd.Series([1.0, 0.0], index=[1, 0]), [1.0, 0.5]) == mse([1.0, 0.0], [1.0, 0.5])
    labels = pd.Series([3, 1, 4], index=[2, 1, 0])
    assert Digits(bytes(3 * 784), labels).labels == [3, 1, 4]


def test_a_pandas_dataframe_as_x_is_refused_with_the_hint():
    pd = pytest.importorskip("pandas", reason="pandas is a test-only extra")
    frame = pd.DataFrame(X, columns=["weight", "height"])
    net = Network([2, 2, 1])
    before = fingerprint(net)
    calls = [lambda: net.train(frame, Y, epochs=1), lambda: net.evaluate(frame, Y),
             lambda: net.predict_all(frame), lambda: net.predict_classes(frame),
             lambda: net.train(X, Y, epochs=1, validation=(frame, Y)),
             lambda: Fit(net, frame, Y)]
    for call in calls:
        with pytest.raises(ValueError, match=r"X is a pandas DataFrame.*X\.to_numpy\(\)"):
            call()
    with pytest.raises(ValueError, match=r"Y is a pandas DataFrame.*Y\.to_numpy\(\)"):
        net.train(X, pd.DataFrame({"female": Y}), epochs=1)
    assert fingerprint(net) == before
    # The hint works: one row per sample.
    net.train(frame.to_numpy(), pd.DataFrame({"female": Y}).to_numpy(), epochs=1)
    assert math.isfinite(net.get_parameter("w1"))
