"""The long tail of bad input, closed kind by kind: a generated or property-based test
per kind (tests/bad_inputs.md holds one row per example; these hold the kinds).

Every refusal is a ValueError (or the TypeError / OSError subclass the door documents)
whose message is one sentence naming what is wrong, raised before any weight or file
changes; never an OverflowError, ZeroDivisionError, IndexError or a hang.

    1  not a number, but converts to one (text, bytes, True/False, complex, Decimal)
    2  a name given as a list (or any non-text)
    3  a whole number beyond the float range
    4  an update that makes a weight infinite is never kept
    5  the blow-up rule (a classifier's loss saturating instead of overflowing)
    6  a file that is not a regular file (a device, a FIFO, a symlink loop, too large)
    7  a network too large for memory
    8  degenerate augmentation amounts, empty data, the wrong kind of data set
    9  the wrong kind of object where a neuron list or a random generator goes
    10 the trainer's --out, checked before the first epoch
    11 a hand-edited checkpoint
    12 --download / --data-dir / --cache-dir with the bundled data
    13 messages name what the caller passed, and say their advice once
    14 other real numbers (Fraction, ints) give the numbers floats give
"""
from __future__ import annotations

import copy
import importlib.util
import json
import math
import os
import random
import stat
import threading
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from datasets import download
from datasets.augment import (MAX_ANGLE, MAX_FACTOR, MAX_SIGMA, MIN_FACTOR, MIN_SIGMA,
                              AugmentedImages, elastic_distort, gaussian_kernel,
                              random_augment, rotate_and_scale, scale, shift)
from datasets.mnist import (DataFileError, Digits, digit_as_text, file_sha256, load_idx,
                            read_idx_images, read_idx_labels, stratified_split,
                            write_idx_images, write_idx_labels)
from datasets.people import people
from datasets.shapes import circles, get_shape, moons, sine, spirals, xor_blobs
from network import (Adam, EarlyStopping, Fit, Layer, Momentum, Network, SGD, SoftmaxLayer,
                     TrainingDiverged, get_loss, get_optimizer, get_schedule, mse)
from network import checks as network_checks
from network.checks import MAX_PARAMETERS, check_network_size, count_parameters
from network.regularization import DropoutLayer, set_dropout_mode
from network.saving import (MAX_FILE_BYTES, ModelFileError, check_writable, load_extra,
                            load_network, save_network)
from network.training import (BLOW_UP_FACTOR, BLOW_UP_GROWTH, BLOW_UP_MARGIN, blew_up,
                              guessing)
from neuron import Neuron, NonFiniteError

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
X, Y = people()
FEW = settings(max_examples=25, deadline=None,
               suppress_health_check=[HealthCheck.function_scoped_fixture,
                                      HealthCheck.too_slow])


def fingerprint(net):
    return [(list(n.weights), n.bias) for n in net.neurons]


def refused(call, *words, kinds=(ValueError,)):
    """Run ``call``; it must raise one of ``kinds`` with a one-line message containing
    every word. Returns the message."""
    with pytest.raises(Exception) as info:
        call()
    error = info.value
    assert isinstance(error, kinds), f"{type(error).__name__}: {error}"
    message = str(error)
    assert message and "\n" not in message, message
    for word in words:
        assert word in message, (word, message)
    return message


def load_trainer():
    path = os.path.join(ROOT, "scripts", "train_mnist.py")
    spec = importlib.util.spec_from_file_location("train_mnist_for_kinds", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# %% 1. Not a number, but converts to one -------------------------------------------------

CONVERTS = ["1", "0.5", " 2 ", b"1", bytearray(b"1"), True, False, 1 + 0j, 2j,
            Decimal("0.5"), None, {0: 0.5}]


def number_doors(value):
    """(what the message names, a call that takes ``value`` where a number goes)."""
    net = Network([2, 2, 1])
    return [
        ("weight 2", lambda: Neuron([1.0, value], name="h1")),
        ("bias", lambda: Neuron([1.0, 1.0], bias=value, name="h1")),
        ("input 2", lambda: Neuron([1.0, 1.0], name="h1").forward([1.0, value])),
        ("input 2", lambda: net.forward([1.0, value])),
        ("X[1][1]", lambda: net.train([[1.0, 2.0], [1.0, value]], [0, 1], epochs=1)),
        ("sample 1", lambda: net.train([[1.0, 2.0], [1.0, 2.0]], [0, value], epochs=1)),
        ("learning_rate", lambda: net.train(X, Y, epochs=1, learning_rate=value)),
        ("learning_rate", lambda: Adam(value)),
        ("beta", lambda: Momentum(0.1, beta=value)),
        ("l1", lambda: Network([2, 2, 1], l1=value)),
        ("l2", lambda: Network([2, 2, 1], l2=value)),
        ("dropout", lambda: Network([2, 2, 1], dropout=value)),
        ("min_delta", lambda: EarlyStopping(3, min_delta=value)),
        ("gamma", lambda: get_schedule("exponential", 0.1, gamma=value)),
        ("parameter w1", lambda: net.set_parameter("w1", value)),
        ("parameter b3", lambda: net.load_state_dict(dict(net.state_dict(), b3=value))),
        ("mse", lambda: mse([1.0, value], [0.0, 0.0])),
        ("degrees", lambda: rotate_and_scale(bytes(784), value, 1.0)),
        ("noise", lambda: moons(10, noise=value)),
    ]


@pytest.mark.parametrize("value", CONVERTS, ids=repr)
def test_what_is_not_a_real_number_is_refused_at_every_number_door(value):
    for word, call in number_doors(value):
        refused(call, word)


@pytest.mark.parametrize("sample", [{0: 5.0, 1: 7.0}, b"ab", bytearray(b"ab"), {5.0, 7.0},
                                    frozenset([5.0, 7.0]), "57", memoryview(b"ab"),
                                    (x for x in [5.0, 7.0]), 5.0, None])
def test_a_sample_must_be_a_list_of_numbers_not_a_dict_text_bytes_or_set(sample):
    net = Network([2, 2, 1])
    before = fingerprint(net)
    layer = Layer([Neuron([1.0, 1.0], name="h1")])
    refused(lambda: net.forward(sample), "2 numbers")
    refused(lambda: net.predict_all([[1.0, 2.0], sample]), "input")
    refused(lambda: net.train([[1.0, 2.0], sample], [0, 1], epochs=1), "sample 1")
    refused(lambda: Neuron([1.0, 1.0], name="h1").forward(sample), "Neuron h1")
    refused(lambda: layer.forward(sample), "h1")
    assert fingerprint(net) == before


def test_true_and_false_are_not_labels_or_class_indices():
    soft = Network([2, 3], loss="cross_entropy")
    refused(lambda: soft.train(X, [True, 0, 1, 2], epochs=1), "sample 0", "True")
    refused(lambda: Network([2, 2, 1]).train(X, [True, False, False, True], epochs=1),
            "sample 0")
    refused(lambda: Digits(bytes(784), [True]), "label 0")
    refused(lambda: Digits(bytes(784), [1]).pixels(True), "index", kinds=(TypeError,))


# %% 2. A name given as a list ----------------------------------------------------------

NOT_NAMES = [["relu"], ("relu",), {"relu": 1}, {"relu"}, 5, b"relu", "no such"]


def name_doors(value):
    return [
        ("activation", lambda: Network([2, 2, 1], activation=value)),
        ("activation", lambda: Network([2, 2, 1], output_activation=value)),
        ("activation", lambda: Neuron([1.0], activation=value)),
        ("loss", lambda: Network([2, 2, 1], loss=value)),
        ("loss", lambda: get_loss(value)),
        ("init", lambda: Network([2, 2, 1], init=value)),
        ("optimizer", lambda: Network([2, 2, 1]).train(X, Y, epochs=1, optimizer=value)),
        ("optimizer", lambda: get_optimizer(value, 0.1)),
        ("schedule", lambda: Network([2, 2, 1]).train(X, Y, epochs=1, schedule=value)),
        ("schedule", lambda: get_schedule(value, 0.1)),
        ("epoch_loss", lambda: Network([2, 2, 1]).train(X, Y, epochs=1, epoch_loss=value)),
        ("dropout mode", lambda: set_dropout_mode(Network([2, 2, 1]), value)),
        ("shape", lambda: get_shape(value)),
        ("MNIST file", lambda: download.download_file(value, "unused", mirrors=["x"])),
        ("MNIST file", lambda: download.check_file("unused", value)),
        ("parameter", lambda: Network([2, 2, 1]).get_parameter(value)),
    ]


@pytest.mark.parametrize("value", NOT_NAMES, ids=repr)
def test_a_name_that_is_not_one_of_the_names_is_refused(value):
    if value == "relu":
        return
    for word, call in name_doors(value):
        refused(call, word)


@FEW
@given(st.one_of(st.lists(st.text(max_size=5), max_size=3),
                 st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
                 st.sets(st.text(max_size=3), max_size=2), st.integers(), st.floats()))
def test_any_non_text_name_is_refused_with_a_sentence(value):
    for word, call in name_doors(value):
        refused(call, word)


# %% 3. Whole numbers beyond the float range ----------------------------------------------

@FEW
@given(st.integers(min_value=2 ** 1024, max_value=10 ** 700), st.booleans())
def test_whole_numbers_beyond_the_floats_are_refused_and_said_once(big, negative):
    value = -big if negative else big
    doors = number_doors(value) + [
        ("gradient dL/dw1", lambda: hand_written_gradient_step(value)),
        ("dL/d_output", lambda: hand_backward(value)),
        ("layer of h1", lambda: hand_layer_backward(value)),
        ("target", lambda: backward_after_forward(value)),
        ("factor", lambda: scale(bytes(784), value)),
        ("sigma", lambda: gaussian_kernel(value)),
        ("alpha", lambda: elastic_distort(bytes(784), random.Random(0), alpha=value)),
        ("max_degrees", lambda: random_augment(bytes(784), random.Random(0),
                                               max_degrees=value)),
        ("timeout", lambda: download.download_file(
            "train-labels-idx1-ubyte.gz", "unused", mirrors=["x"], timeout=value)),
    ]
    for word, call in doors:
        message = refused(call, word)
        assert message.count("too large for a float") <= 1, message


def hand_written_gradient_step(value):
    net = Network([2, 2, 1])
    before = fingerprint(net)
    net.neurons[0].weight_grads[0] = value
    try:
        net.step(0.1)
    finally:
        assert fingerprint(net) == before


def hand_backward(value):
    neuron = Neuron([1.0, 1.0], name="h1")
    neuron.forward([1.0, 2.0])
    neuron.backward(value)


def hand_layer_backward(value):
    layer = Layer([Neuron([1.0, 1.0], name="h1")])
    layer.forward([1.0, 2.0])
    layer.backward([value])


def backward_after_forward(value):
    net = Network([2, 2, 1])
    net.forward([1.0, 2.0])
    net.backward(value)


def test_whole_numbers_as_big_as_a_float_can_hold_still_work():
    assert mse([10 ** 300], [0]) == math.inf          # (1e300)^2: the true mean is inf
    assert mse([2 ** 52 + 1, 0], [0, 0]) == float((2 ** 52 + 1) ** 2 / 2)
    net = Network([2, 2, 1])
    net.set_parameter("w1", 10 ** 308)
    assert net.get_parameter("w1") == 1e308


# %% 4. An update that makes a weight infinite is never kept -------------------------------

def saturating_run(mode: str, learning_rate: float):
    """One sigmoid neuron, inputs 1000, weights 0: the first step moves w by
    -learning_rate * 2 * 0.5 * 0.25 * 1000, beyond the floats for a rate above 1.4e306,
    and sigmoid(-inf * 1000) = 0 then gives a finite loss."""
    net = Network([2, 1], weights=[[[0.0, 0.0]]], biases=[[0.0]])
    options = {} if mode == "core" else {"epoch_loss": mode}
    return net, lambda: net.train([[1e3, 1e3]], [0], epochs=2, learning_rate=learning_rate,
                                  **options)


@FEW
@given(st.sampled_from(["core", "after", "running"]),
       st.floats(min_value=1.5e306, max_value=1.7e308))
def test_training_never_returns_or_restores_infinite_weights(mode, learning_rate):
    net, run = saturating_run(mode, learning_rate)
    message = refused(run, "parameter w1 of neuron o1 became -inf", kinds=(TrainingDiverged,))
    assert message.count("try a smaller one") == 1
    assert fingerprint(net) == [([0.0, 0.0], 0.0)]


@FEW
@given(st.floats(min_value=1e300, max_value=1.7e308), st.integers(1, 3))
def test_a_run_paused_mid_epoch_never_hands_back_infinite_weights(learning_rate, batches):
    net = Network([2, 1], weights=[[[0.0, 0.0]]], biases=[[0.0]])
    run = Fit(net, [[1e3, 1e3]] * 4, [0] * 4, epochs=2, learning_rate=learning_rate)
    try:
        while not run.done:
            run.run(max_batches=batches)
            assert all(math.isfinite(v) for v in net.parameters().values())
    except TrainingDiverged:
        assert all(math.isfinite(v) for v in net.parameters().values())


@FEW
@given(st.floats(min_value=1e300, max_value=1.7e308), st.floats(1e-3, 1e3))
def test_a_step_by_hand_never_keeps_an_infinite_weight(learning_rate, x):
    net = Network([2, 1], weights=[[[0.0, 0.0]]], biases=[[0.0]])
    net.forward([x, x])
    net.backward(0.0)
    before = fingerprint(net)
    try:
        net.step(learning_rate)
    except ValueError as problem:
        assert "the weights are unchanged" in str(problem)
        assert fingerprint(net) == before
    assert all(math.isfinite(v) for v in net.parameters().values())


def test_evaluating_a_network_with_an_infinite_weight_names_it():
    net = Network([2, 1])
    net.neurons[0].weights[1] = -math.inf       # written by hand, past every check
    refused(lambda: net.evaluate(X, Y), "parameter w2 of neuron o1", kinds=(NonFiniteError,))


# %% 5. The blow-up rule --------------------------------------------------------------------

def test_guessing_by_hand():
    soft = Network([2, 3], loss="cross_entropy")
    loss, accuracy = guessing(soft, [[1, 0, 0], [0, 0, 1], [0, 0, 1], [0, 1, 0]])
    assert loss == math.log(3) and accuracy == 2 / 4          # class 2 twice in four
    binary = Network([2, 1], loss="binary_cross_entropy")
    assert guessing(binary, [[1.0], [0.0], [1.0]]) == (math.log(2), 2 / 3)
    assert guessing(Network([2, 1]), [[1.0]]) is None           # mse: no such rule


@FEW
@given(st.floats(0.0, 40.0), st.floats(0.0, 1.0), st.floats(0.0, 1e6),
       st.floats(0.0, 100.0))
def test_the_rule_needs_all_three_figures(loss, accuracy, largest, start):
    net = Network([2, 2], loss="cross_entropy", weights=[[[largest, 0.0], [0.0, 0.0]]],
                  biases=[[0.0, 0.0]])
    guess = (math.log(2), 0.5)
    expected = (loss > BLOW_UP_FACTOR * math.log(2) and accuracy <= 0.5 + BLOW_UP_MARGIN
                and largest > BLOW_UP_GROWTH * max(1.0, start))
    assert blew_up(net, loss, accuracy, guess, start) == expected


@pytest.fixture(scope="module")
def some_digits():
    from datasets.mnist import load_bundled_split
    train, _test = load_bundled_split()
    return train.subset(range(120))


@pytest.mark.parametrize("learning_rate", [1e3, 1e6])
def test_a_digit_classifier_at_a_huge_rate_blows_up_and_says_so(some_digits,
                                                                 learning_rate):
    net = Network([784, 16, 10], activation="relu", loss="cross_entropy")
    before = fingerprint(net)
    message = refused(lambda: net.train(some_digits.images, some_digits.labels, epochs=2,
                                        learning_rate=learning_rate,
                                        epoch_loss="running"),
                      "training blew up in epoch 0", "loss of guessing (2.3)",
                      kinds=(TrainingDiverged,))
    assert message.count("try a smaller one") == 1
    assert fingerprint(net) == before


def test_healthy_and_badly_started_runs_are_not_blown_up(some_digits):
    net = Network([784, 16, 10], activation="relu", loss="cross_entropy")
    history = net.train(some_digits.images, some_digits.labels, epochs=2,
                        learning_rate=0.02, epoch_loss="running")
    assert history.accuracy[-1] > 0.3
    # Starting weights N(0, 1) on 784 inputs: a huge first loss, but nothing grew.
    badly = Network([784, 16, 10], activation="relu", loss="cross_entropy", init="normal")
    history = badly.train(some_digits.images[:10], some_digits.labels[:10], epochs=1,
                          learning_rate=1e-9, epoch_loss="running")
    assert history[0] > BLOW_UP_FACTOR * math.log(10)


# %% 6. Files that are not regular files ----------------------------------------------------

@pytest.fixture
def odd_files(tmp_path):
    """A FIFO (with a writer that comes after 5 s, so a reader that wrongly waits ends),
    a symlink loop, a folder, and a sparse file larger than MAX_FILE_BYTES."""
    fifo = str(tmp_path / "pipe")
    os.mkfifo(fifo)
    loop = str(tmp_path / "loop")
    os.symlink(str(tmp_path / "loop2"), loop)
    os.symlink(loop, str(tmp_path / "loop2"))
    big = str(tmp_path / "big.json")
    with open(big, "wb") as file:
        file.truncate(MAX_FILE_BYTES + 1)
    stop = threading.Event()

    def late_writer():
        if not stop.wait(5.0):
            with open(fifo, "wb"):
                pass
    thread = threading.Thread(target=late_writer, daemon=True)
    thread.start()
    yield {"fifo": fifo, "loop": loop, "folder": str(tmp_path), "big": big,
           "device": "/dev/zero"}
    stop.set()


READERS = [("load_network", load_network, ModelFileError),
           ("load_extra", load_extra, ModelFileError),
           ("read_idx_images", read_idx_images, DataFileError),
           ("read_idx_labels", read_idx_labels, DataFileError),
           ("load_idx", lambda path: load_idx(path, path), DataFileError),
           ("file_sha256", file_sha256, DataFileError)]


@pytest.mark.parametrize("kind", ["fifo", "loop", "folder", "device"])
@pytest.mark.parametrize("name, reader, error", READERS, ids=[r[0] for r in READERS])
def test_only_regular_files_are_read(odd_files, kind, name, reader, error):
    if kind == "device" and not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero here")
    path = odd_files[kind]
    message = refused(lambda: reader(path), path, kinds=(error,))
    assert {"fifo": "FIFO", "loop": "symbolic links", "folder": "directory",
            "device": "device"}[kind] in message


def test_a_model_file_too_large_to_be_a_network_is_not_read(odd_files):
    assert os.path.getsize(odd_files["big"]) > MAX_FILE_BYTES      # sparse: no disk used
    refused(lambda: load_network(odd_files["big"]), "more than", kinds=(ModelFileError,))
    # the limit is the largest network's file: 32 bytes per parameter and 64 MB
    assert MAX_FILE_BYTES == 32 * MAX_PARAMETERS + 64 * 2 ** 20


# %% 7. A network too large for memory --------------------------------------------------------

@FEW
@given(st.lists(st.integers(1, 10 ** 9), min_size=2, max_size=5))
def test_the_size_of_a_network_is_checked_before_anything_is_made(sizes):
    parameters, neurons = count_parameters(sizes)
    by_hand = 0
    for k in range(1, len(sizes)):
        by_hand += sizes[k] * sizes[k - 1] + sizes[k]
    assert parameters == by_hand and neurons == sum(sizes[1:])
    if parameters > MAX_PARAMETERS:
        refused(lambda: Network(sizes), "weights and biases", "use smaller layers")
    else:
        check_network_size(sizes)    # only a machine's memory could refuse it


def test_a_network_larger_than_the_computers_memory_is_refused(monkeypatch):
    monkeypatch.setattr(network_checks, "physical_memory", lambda: 10 ** 6)
    refused(lambda: Network([784, 100, 10]), "this computer has 0.0 GB")
    monkeypatch.setattr(network_checks, "physical_memory", lambda: None)
    assert Network([784, 3, 10]).count_parameters() == 784 * 3 + 3 + 3 * 10 + 10


def test_the_trainers_hidden_flag_is_checked_against_the_limit(capsys):
    trainer = load_trainer()
    with pytest.raises(SystemExit) as info:
        trainer.parse_args(["--hidden", "10000000"])
    assert info.value.code == 2
    assert "argument --hidden: sizes [784, 10000000, 10] make" in capsys.readouterr().err


# %% 8. Degenerate augmentation amounts, empty data, the wrong data set ---------------------

ANY_NUMBER = st.one_of(st.floats(allow_nan=True, allow_infinity=True),
                       st.integers(-10 ** 400, 10 ** 400),
                       st.sampled_from([5e-324, 1e-320, 1e-300, 1e-160, 1e300, 1.7e308]))


@FEW
@given(ANY_NUMBER, ANY_NUMBER, ANY_NUMBER, ANY_NUMBER)
def test_any_amount_gives_a_digit_or_a_sentence(factor, sigma, degrees, alpha):
    picture = bytes(range(256)) * 3 + bytes(16)
    for call in (lambda: rotate_and_scale(picture, degrees, factor),
                 lambda: gaussian_kernel(sigma),
                 lambda: elastic_distort(picture, random.Random(0), alpha=alpha,
                                         sigma=sigma),
                 lambda: random_augment(picture, random.Random(1), max_degrees=degrees,
                                        scale_range=(factor, factor), alpha=alpha,
                                        sigma=sigma, elastic=True)):
        try:
            out = call()
        except ValueError as problem:
            assert "\n" not in str(problem)
            continue
        if isinstance(out, bytes):
            assert len(out) == 784
        else:
            assert abs(sum(out) - 1.0) < 1e-9


def test_the_documented_bounds_are_the_bounds():
    picture = bytes(784)
    for factor in (MIN_FACTOR, MAX_FACTOR, 1.0):
        assert len(scale(picture, factor)) == 784
    for factor in (MIN_FACTOR / 2, MAX_FACTOR * 2, 1e-320):
        refused(lambda: scale(picture, factor), "factor must be between 0.01 and 100")
    for sigma in (MIN_SIGMA, MAX_SIGMA):
        assert abs(sum(gaussian_kernel(sigma)) - 1.0) < 1e-12
    for sigma in (MIN_SIGMA / 2, MAX_SIGMA * 2, 1e-200, 1e9):
        refused(lambda: gaussian_kernel(sigma), "sigma must be between 0.1 and 100")
    assert len(random_augment(picture, random.Random(0), max_degrees=MAX_ANGLE)) == 784
    refused(lambda: random_augment(picture, random.Random(0), max_degrees=1e308),
            "max_degrees must be at most 360")


@pytest.mark.parametrize("scale_range", [5, 1.0, "0.9", (0.9,), (0.9, 1.0, 1.1), None,
                                         {0.9: 1.1}, (0.9, "1.1"), (0.0, 1.0), (1e-9, 1)])
def test_scale_range_must_be_a_pair_of_zoom_factors(scale_range):
    refused(lambda: random_augment(bytes(784), random.Random(0), scale_range=scale_range),
            "scale_range")
    refused(lambda: AugmentedImages(Digits(bytes(784), [1]), scale_range=scale_range),
            "scale_range")


def test_the_wrong_data_set_or_empty_data_is_refused():
    digits = Digits(bytes(784 * 2), [1, 2])
    refused(lambda: AugmentedImages(digits.images), "not train.images")
    refused(lambda: AugmentedImages([bytes(784)]), "pixels(i)")
    refused(lambda: stratified_split(digits.images, 2), "not its .images")
    refused(lambda: stratified_split(Digits(b"", []), 0), "no digits to split")
    refused(lambda: stratified_split(digits, 2, seed="x"), "seed")
    for rows in (0, -1, "28", 2.5, True):
        refused(lambda: write_idx_images("unused.idx", b"", rows=rows), "rows")
    refused(lambda: write_idx_images("unused.idx", b"", compresslevel=10), "compresslevel")
    for width in ("28", 0, 2.5, None, True):
        refused(lambda: digit_as_text(bytes(784), width=width), "width")
    refused(lambda: digit_as_text(5), "pixels")


def test_empty_data_that_is_a_valid_file_round_trips(tmp_path):
    write_idx_images(str(tmp_path / "none.idx"), b"")
    write_idx_labels(str(tmp_path / "none-labels.idx"), [])
    digits = load_idx(str(tmp_path / "none.idx"), str(tmp_path / "none-labels.idx"))
    assert len(digits) == 0


# %% 9. The wrong kind of object where neurons or a generator go -------------------------

@pytest.mark.parametrize("make", [Layer, SoftmaxLayer])
def test_a_single_neuron_is_not_a_list_of_neurons(make):
    neuron = Neuron([1.0, 2.0], activation="identity", name="o1")
    refused(lambda: make(neuron), "got one Neuron (o1): pass it in a list, [neuron]")
    for value in ("o1", None, 5, {neuron: 1}):
        refused(lambda: make(value), make.__name__, "Neuron objects")


@pytest.mark.parametrize("rng", [5, None, "seed", random, random.Random, 0.5])
def test_a_random_generator_must_be_one(rng):
    neuron = Neuron([1.0, 2.0], name="h1")
    refused(lambda: DropoutLayer([neuron], 0.5, rng), "rng=random.Random(seed)")
    refused(lambda: random_augment(bytes(784), rng), "rng must be a random.Random",
            kinds=(TypeError,))
    refused(lambda: elastic_distort(bytes(784), rng), "rng must be a random.Random",
            kinds=(TypeError,))


@pytest.mark.parametrize("seed", [1.5, "3", True, [1]])
def test_a_seed_is_a_whole_number(seed):
    refused(lambda: Network([2, 2, 1], seed=seed), "seed")
    refused(lambda: Network([2, 2, 1]).train(X, Y, epochs=1, seed=seed, shuffle=True),
            "seed")
    for make in (moons, circles, spirals, xor_blobs, sine):
        refused(lambda: make(8, seed=seed), "seed")
    refused(lambda: AugmentedImages(Digits(bytes(784), [1]), seed=seed), "seed")


# %% 10. The trainer's --out, before the first epoch ----------------------------------------

def bad_outs(folder):
    a_file = os.path.join(folder, "a_file")
    with open(a_file, "w") as file:
        file.write("x")
    outs = {"": "give a file name", "newdir/": "give a file name",
            os.path.join(folder, "newdir") + os.sep: "give a file name",
            os.path.join(a_file, "mnist.json"): "is a file, not a folder",
            os.path.join(a_file, "more", "mnist.json"): "is a file, not a folder",
            folder: "is a directory"}
    if os.path.isdir("/sys") and not os.access("/sys", os.W_OK | os.X_OK) or \
            _cannot_write("/sys"):
        outs["/sys/mnist.json"] = "cannot write in the folder /sys"
    return outs


def _cannot_write(folder):
    try:
        with open(os.path.join(folder, ".probe"), "w"):
            pass
    except OSError:
        return True
    os.remove(os.path.join(folder, ".probe"))
    return False


def test_every_bad_out_is_refused_by_the_trainer_and_leaves_nothing(tmp_path, capsys,
                                                                    monkeypatch):
    monkeypatch.chdir(tmp_path)
    trainer = load_trainer()
    outs = bad_outs(str(tmp_path))
    before = sorted(os.listdir(str(tmp_path)))
    for out, words in outs.items():
        refused(lambda: check_writable(out), kinds=(ValueError, OSError))
        with pytest.raises(SystemExit) as info:
            trainer.parse_args(["--out", out])
        assert info.value.code == 2
        err = capsys.readouterr().err
        assert "argument --out:" in err and (words in err or "is a directory" in err), err
    assert sorted(os.listdir(str(tmp_path))) == before


def test_a_writable_out_passes_and_the_probe_leaves_nothing(tmp_path):
    for out in ("m.json", os.path.join("new", "deeper", "m.json")):
        assert check_writable(str(tmp_path / out)) == str(tmp_path / out)
    assert os.listdir(str(tmp_path)) == []
    save_network(Network([2, 2, 1]), str(tmp_path / "new" / "m.json"))   # still made


# %% 11. A hand-edited checkpoint ---------------------------------------------------------

TRAINER_FLAGS = ["--limit", "30", "--hidden", "8", "--epochs", "2", "--augment", "none",
                 "--quiet", "--optimizer", "adam", "--learning-rate", "0.01"]


@pytest.fixture(scope="module")
def trainer_and_checkpoint(tmp_path_factory):
    """The trainer (with its data loaded once) and the checkpoint of a 1-epoch run."""
    folder = tmp_path_factory.mktemp("checkpoint")
    trainer = load_trainer()
    first = trainer.parse_args(TRAINER_FLAGS + ["--out", str(folder / "m.json")])
    data = trainer.load_data(first)
    trainer.load_data = lambda args: data
    flags = ["--epochs", "1"] + TRAINER_FLAGS[TRAINER_FLAGS.index("--augment"):]
    flags = TRAINER_FLAGS[:4] + flags
    assert trainer.main(flags + ["--out", str(folder / "m.json")]) == 0
    with open(str(folder / "m.checkpoint.json")) as file:
        saved = json.load(file)
    saved["config"]["epochs"] = 2         # as if it were epoch 1 of a 2-epoch run
    return trainer, saved, folder


def resume(trainer, saved, folder, name="edited.json"):
    path = str(folder / name)
    with open(path, "w") as file:
        json.dump(saved, file)
    return trainer.main(TRAINER_FLAGS + ["--resume", path, "--out",
                                         str(folder / "out.json")])


MISSING = object()

EDITS = [
    (("checkpoint", "epochs_done"), "1", "checkpoint.epochs_done"),
    (("checkpoint", "epochs_done"), -1, "checkpoint.epochs_done"),
    (("checkpoint", "epochs_done"), 1.0, "checkpoint.epochs_done"),
    (("checkpoint", "epochs_done"), True, "checkpoint.epochs_done"),
    (("checkpoint", "epochs_done"), 99, "checkpoint.epochs_done"),
    (("checkpoint", "epochs_done"), MISSING, "checkpoint.epochs_done"),
    (("checkpoint", "epochs_done"), 0, "metrics.history"),
    (("checkpoint",), [1, 2], "field checkpoint"),
    (("checkpoint", "order"), "0123", "order"),
    (("checkpoint", "order"), [0] * 30, "order"),
    (("checkpoint", "order"), MISSING, "checkpoint.order"),
    (("checkpoint", "order_rng"), [3, [1, 2], None], "order_rng"),
    (("checkpoint", "order_rng"), [3, ["a"] * 625, None], "order_rng"),
    (("checkpoint", "order_rng"), [3, [2 ** 40] * 625, None], "order_rng"),
    (("checkpoint", "order_rng"), "seed 0", "order_rng"),
    (("checkpoint", "network_rng"), [3, [0] * 624 + [9999], None], "network_rng"),
    (("checkpoint", "network_rng"), MISSING, "checkpoint.network_rng"),
    (("checkpoint", "optimizer", "name"), "sgd", "optimizer.name"),
    (("checkpoint", "optimizer", "t"), "3", "optimizer.t"),
    (("checkpoint", "optimizer", "t"), -2, "optimizer.t"),
    (("checkpoint", "optimizer", "slots"), MISSING, "optimizer.slots"),
    (("checkpoint", "optimizer", "slots", "h1", "m"), ["x", 0, 0, 0], "optimizer.slots.h1.m"),
    (("checkpoint", "optimizer", "slots", "h1", "names"), "w1", "optimizer.slots.h1.names"),
    (("checkpoint", "optimizer"), {"name": "adam"}, "optimizer.t"),
    (("checkpoint", "history", "loss"), ["0.5"], "history.loss[0]"),
    (("checkpoint", "history", "loss"), [], "history"),
    (("checkpoint", "history", "best_epoch"), 7, "history.best_epoch"),
    (("checkpoint", "history", "stopped_early"), "no", "history.stopped_early"),
    (("checkpoint", "history"), MISSING, "checkpoint.history"),
    (("metrics",), MISSING, "metrics.history"),
    (("metrics", "history"), "three", "metrics.history"),
    (("metrics", "history"), [1], "metrics.history[0]"),
    (("config",), "flags", "config"),
    (("layers", 0, "neurons", 0, "weights", 2), "abc", "layers[0].neurons[0].weights[2]"),
]


def edited(saved, path, value):
    result = copy.deepcopy(saved)
    place = result
    for key in path[:-1]:
        place = place[key]
    if value is MISSING:
        del place[path[-1]]
    else:
        place[path[-1]] = value
    return result


@pytest.mark.parametrize("path, value, field", EDITS,
                         ids=[".".join(map(str, e[0])) + "=" + repr(e[1])[:12] for e in EDITS])
def test_a_hand_edited_checkpoint_gets_one_sentence_naming_the_field(
        trainer_and_checkpoint, path, value, field):
    trainer, saved, folder = trainer_and_checkpoint
    with pytest.raises(SystemExit) as info:
        resume(trainer, edited(saved, path, value), folder)
    message = info.value.code
    assert isinstance(message, str) and "\n" not in message, message
    assert message.startswith("--resume: ") and field in message, message
    assert not os.path.exists(str(folder / "out.json"))


def test_a_checkpoint_whose_network_is_not_the_flags_network_is_refused(
        trainer_and_checkpoint):
    trainer, saved, folder = trainer_and_checkpoint
    other = copy.deepcopy(saved)
    other["activation"] = "sigmoid"         # a consistent file, for other flags
    other["layers"][0]["activation"] = "sigmoid"
    with pytest.raises(SystemExit) as info:
        resume(trainer, other, folder)
    assert info.value.code.endswith("(its network is [784, 8, 10] sigmoid with loss "
                                    "cross_entropy, but these flags make [784, 8, 10] "
                                    "relu with loss cross_entropy)")
    changed_flag = copy.deepcopy(saved)
    changed_flag["config"]["hidden"] = 4
    with pytest.raises(SystemExit) as info:
        resume(trainer, changed_flag, folder)
    assert "--hidden is 8 here but 4 in the checkpoint" in info.value.code


def test_the_checkpoint_unedited_resumes(trainer_and_checkpoint, capsys):
    trainer, saved, folder = trainer_and_checkpoint
    assert resume(trainer, saved, folder, name="unedited.json") == 0
    assert "Resuming from" in capsys.readouterr().out
    os.remove(str(folder / "out.json"))


JSON = st.recursive(st.none() | st.booleans() | st.integers(-3, 10 ** 20) |
                    st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=4),
                    lambda inner: st.lists(inner, max_size=3) |
                    st.dictionaries(st.text(max_size=3), inner, max_size=3), max_leaves=6)
FIELDS = [("checkpoint", "epochs_done"), ("checkpoint", "order"),
          ("checkpoint", "order_rng"), ("checkpoint", "network_rng"),
          ("checkpoint", "optimizer"), ("checkpoint", "optimizer", "slots"),
          ("checkpoint", "history"), ("checkpoint", "history", "epochs"),
          ("metrics", "history"), ("config",)]


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.sampled_from(FIELDS), JSON)
def test_any_value_in_any_field_is_a_sentence_or_a_run(trainer_and_checkpoint, path, value):
    trainer, saved, folder = trainer_and_checkpoint
    try:
        code = resume(trainer, edited(saved, path, value), folder)
    except SystemExit as stop:
        assert isinstance(stop.code, str) and stop.code.startswith("--resume: "), stop.code
        assert "\n" not in stop.code
    else:
        assert code == 0
        os.remove(str(folder / "out.json"))


# %% 12. Flags for the full MNIST with the bundled data --------------------------------------

@pytest.mark.parametrize("flags, named", [
    (["--download"], "--download is for --data mnist"),
    (["--data-dir", "x"], "--data-dir is for --data mnist"),
    (["--cache-dir", "x", "--download"], "--download and --cache-dir are for --data mnist"),
    (["--data", "bundled", "--data-dir", "x"], "--data-dir is for"),
])
def test_flags_for_the_full_mnist_are_refused_with_the_bundled_data(flags, named, capsys):
    trainer = load_trainer()
    with pytest.raises(SystemExit) as info:
        trainer.parse_args(flags)
    assert info.value.code == 2
    assert named in capsys.readouterr().err


# %% 13. Messages name what the caller passed, and say their advice once ----------------------

@pytest.mark.parametrize("call, named", [
    (lambda: random_augment(bytes(784), random.Random(0), max_degrees=1e308), "max_degrees"),
    (lambda: random_augment(bytes(784), random.Random(0), scale_range=(1e-9, 1)),
     "scale_range[0]"),
    (lambda: AugmentedImages(Digits(bytes(784), [1]), sigma=0.0), "sigma"),
    (lambda: Network([2, 2, 1]).train(X, Y, early_stopping=True, validation=(X, Y)),
     "early_stopping"),
    (lambda: Network([2, 2, 1]).train(X, Y, early_stopping=0, validation=(X, Y)),
     "early_stopping"),
    (lambda: Network([2, 2, 1]).train(X, Y, early_stopping=-3, validation=(X, Y)),
     "early_stopping"),
    (lambda: DropoutLayer([Neuron([1.0])], 1.0, random.Random(0)), "p (the probability"),
    (lambda: Fit(Network([2, 2, 1]), X, Y).run(max_batches=0), "max_batches"),
    (lambda: get_schedule("step", 0.1, epochs="3"), "epochs"),
    (lambda: SGD(0.1, weight_decay=-1), "weight_decay"),
])
def test_a_message_names_the_argument_the_caller_passed(call, named):
    message = refused(call, named)
    for other in ("patience", "degrees must", "dropout must"):
        if other not in named:
            assert not message.startswith(other), message


def test_the_advice_is_said_once():
    for mode in ("core", "running"):
        _net, run = saturating_run(mode, 1e307)
        message = refused(run, "The learning rate", kinds=(TrainingDiverged,))
        assert message.count("smaller") == 1 and message.count("learning rate") == 1
    big = refused(lambda: Network([2, 2, 1]).set_parameter("w1", 10 ** 400), "w1")
    assert big.count("too large for a float") == 1


# %% 14. Other real numbers give the numbers floats give ------------------------------------

@FEW
@given(st.lists(st.fractions(min_value=-50, max_value=50, max_denominator=64), min_size=8,
                max_size=8), st.lists(st.integers(0, 1), min_size=4, max_size=4))
def test_fractions_and_ints_train_like_the_floats_they_stand_for(values, labels):
    samples = [values[2 * k:2 * k + 2] for k in range(4)]
    as_floats = [[float(v) for v in sample] for sample in samples]
    exact = Network([2, 2, 1], seed=3, l1=Fraction(1, 100))
    exact.train(samples, labels, epochs=2, learning_rate=Fraction(1, 10), batch_size=2)
    floats = Network([2, 2, 1], seed=3, l1=0.01)
    floats.train(as_floats, [float(y) for y in labels], epochs=2, learning_rate=0.1,
                 batch_size=2)
    assert fingerprint(exact) == fingerprint(floats)
    assert exact.predict_all(samples) == floats.predict_all(as_floats)


def test_reading_a_model_asks_for_what_the_file_holds_not_the_limit(tmp_path, monkeypatch):
    # PyPy allocates the whole size a read asks for before reading: asking for
    # MAX_FILE_BYTES (hundreds of MB) made every load take a quarter of a second there.
    # Every read must ask for at most the file's size plus one piece of 1 MB.
    from network import saving
    path = str(tmp_path / "model.json")
    saving.save_network(Network([2, 2, 1]), path)
    size = os.path.getsize(path)
    asked = []
    real_fdopen = os.fdopen

    class Recording:
        def __init__(self, file):
            self.file = file

        def read(self, n=-1):
            asked.append(n)
            return self.file.read(n)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.file.close()

    monkeypatch.setattr(saving.os, "fdopen", lambda *a, **k: Recording(real_fdopen(*a, **k)))
    net = saving.load_network(path)
    assert net.sizes == [2, 2, 1]
    assert asked and all(0 < n <= size + 2 ** 20 for n in asked), (asked, size)
