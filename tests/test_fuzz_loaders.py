"""Fuzzing the two file readers: the IDX reader (datasets.mnist) and the model loader
(network.saving).

Each case builds a damaged file in memory, writes it to a temporary folder and reads
it. The promise under test: every case either ends in the reader's own error type
(DataFileError, ModelFileError: both ValueErrors) with a message that names the
file, or, when the damage happens to be harmless, loads a result that is valid.
Any other exception (IndexError, OverflowError, RecursionError, UnicodeDecodeError,
a bare OSError ...) fails the test. The IDX reader must also never ask to read more
bytes than the file can hold, whatever its header claims.

Every kind of case is made by one function that takes a ``pick`` (random choices:
pick.integer(low, high), pick.choice(options), pick.binary(...)), and is run twice:

* with hypothesis (``st.data()``), a few hundred examples per kind: hypothesis steers
  toward edge values and, if a case fails, shrinks it to a small one;
* in bulk with ``random.Random(seed)`` for a run of fixed seeds, thousands of cases:
  hypothesis costs about 2 ms per example on PyPy before any file is read, the
  reader itself a fraction of that, so the bulk runs are what make thousands of
  cases take seconds.
  A failing bulk case names its seed, which makes it again on its own.

Both are reproducible (derandomize=True for hypothesis, fixed seeds for the bulk):
the same cases every run. Together they try 6,680 cases; ``test_fuzz_case_count``,
last in the file, checks the count and prints the outcomes (pytest -s shows them).
Hand-written cases for the specific promises (2**31 images refused before reading,
NaN, 1e400, 10**400, deep nesting, a directory, old files) come first.
"""
from __future__ import annotations

import collections
import copy
import gzip
import json
import math
import os
import random
import struct
import sys
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from datasets import mnist
from datasets.mnist import DataFileError, read_idx_images, read_idx_labels
from network import Network
from network.saving import ModelFileError, load_extra, load_network, network_from_dict, save_network, \
    network_to_dict

FUZZ = dict(deadline=None, derandomize=True, database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

IMAGES_MAGIC = bytes([0, 0, 8, 3])
LABELS_MAGIC = bytes([0, 0, 8, 1])

# How many cases each fuzz test tries: (hypothesis examples, bulk cases).
IDX_CASES = (200, 2600)
MODEL_FIELD_CASES = (200, 1700)
MODEL_DICT_CASES = (60, 500)
MODEL_BYTES_CASES = (120, 1300)

# What every fuzz case ended in, e.g. OUTCOMES[("read_idx_images", "DataFileError")],
# and which fuzz tests ran (test_fuzz_case_count checks the total when all did).
OUTCOMES: collections.Counter = collections.Counter()
CASES: collections.Counter = collections.Counter()
FUZZ_TESTS = ("idx_hypothesis", "idx_bulk", "model_files_hypothesis", "model_files_bulk",
              "model_dict_hypothesis", "model_dict_bulk", "model_bytes_hypothesis",
              "model_bytes_bulk")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """One folder for a fuzz test's files: each case overwrites the last."""
    return str(tmp_path_factory.mktemp("fuzz"))


def write_file(folder, name, data):
    path = os.path.join(folder, name)
    if os.path.exists(path):
        # Removed, not overwritten: ext4 flushes a file that is truncated and written
        # again to the disk at once (its auto_da_alloc rule), which costs milliseconds.
        os.remove(path)
    with open(path, "wb") as out:
        out.write(data)
    return path


# %% Random choices: from hypothesis or from random.Random ----------------------------

class HypothesisPick:
    """Choices drawn by hypothesis (``data.draw``): it explores and shrinks them."""

    def __init__(self, data):
        self.draw = data.draw

    def integer(self, low, high):
        return self.draw(st.integers(low, high))

    def choice(self, options):
        return self.draw(st.sampled_from(options))

    def boolean(self):
        return self.draw(st.booleans())

    def binary(self, min_size, max_size):
        return self.draw(st.binary(min_size=min_size, max_size=max_size))


class RandomPick:
    """The same choices from random.Random(seed): fast, for the bulk runs."""

    def __init__(self, seed):
        self.rng = random.Random(seed)

    def integer(self, low, high):
        return self.rng.randint(low, high)

    def choice(self, options):
        return options[self.rng.randrange(len(options))]

    def boolean(self):
        return self.rng.random() < 0.5

    def binary(self, min_size, max_size):
        size = self.rng.randint(min_size, max_size)
        return self.rng.getrandbits(8 * size).to_bytes(size, "big") if size else b""


def run_bulk(first_seed, count, make_case, check):
    """check(make_case(RandomPick(seed))) for seed = first_seed .. first_seed+count-1;
    a failure names the seed that makes the case again. (Whole numbers as seeds:
    PyPy takes 0.6 ms to seed random.Random with a string, 0.02 with an int.)"""
    for seed in range(first_seed, first_seed + count):
        case = make_case(RandomPick(seed))
        try:
            check(case)
        except Exception as problem:
            shown = repr(case)
            if len(shown) > 600:
                shown = shown[:600] + "..."
            raise AssertionError(f"bulk case {seed - first_seed}: make it again with "
                                 f"RandomPick({seed}); the case: {shown}") from problem


# %% IDX files: helpers -------------------------------------------------------------

def idx_images(count, rows=28, cols=28, seed=1):
    """A well-formed IDX image file (bytes), written out here by hand."""
    rng = random.Random(seed)
    header = IMAGES_MAGIC + count.to_bytes(4, "big") + rows.to_bytes(4, "big") \
        + cols.to_bytes(4, "big")
    return header + bytes(rng.randrange(256) for _ in range(count * rows * cols))


def idx_labels(count, seed=1):
    rng = random.Random(seed)
    return LABELS_MAGIC + count.to_bytes(4, "big") + bytes(rng.randrange(10)
                                                           for _ in range(count))


def gzip_bytes(data):
    return gzip.compress(data, mtime=0)


class ReadLimit:
    """Wraps mnist._read_exactly: fails if the reader asks for more bytes than the
    file could possibly hold (its size, times 1032 for gzip: deflate's best ratio)."""

    def __init__(self, file_size):
        self.limit = file_size * 1032
        self.original = mnist._read_exactly

    def __call__(self, stream, size):
        assert size <= self.limit, f"asked to read {size:,} bytes from a file of " \
                                   f"{self.limit // 1032:,}"
        return self.original(stream, size)


def read_checked(path, data, kind):
    """Read ``path`` (whose bytes are ``data``) as ``kind``; the result must be
    valid, or the error a DataFileError naming the file. Returns "ok" or "error"."""
    reader = read_idx_images if kind == "images" else read_idx_labels
    with mock.patch.object(mnist, "_read_exactly", ReadLimit(len(data))):
        try:
            result = reader(path)
        except DataFileError as error:
            message = str(error)
            assert message and str(path) in message, message
            OUTCOMES[(reader.__name__, "DataFileError")] += 1
            return "error"
    OUTCOMES[(reader.__name__, "loaded")] += 1
    # It loaded: check it against the bytes, unpacked here independently.
    raw = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
    if kind == "images":
        pixels, count = result
        assert raw[:4] == IMAGES_MAGIC
        assert raw[4:16] == count.to_bytes(4, "big") + (28).to_bytes(4, "big") * 2
        assert pixels == raw[16:] and len(pixels) == count * 784
    else:
        assert raw[:4] == LABELS_MAGIC and int.from_bytes(raw[4:8], "big") == len(result)
        assert bytes(result) == raw[8:] and all(0 <= label <= 9 for label in result)
    return "ok"


# %% IDX files: the promises, by hand -------------------------------------------------

def test_a_header_announcing_2_to_the_31_images_is_refused_before_reading(tmp_path):
    # 2**31 images of 28x28 would be 1,683,627,180,032 bytes; the file has 2,352.
    header = IMAGES_MAGIC + (2 ** 31).to_bytes(4, "big") + (28).to_bytes(4, "big") * 2
    plain = tmp_path / "huge-idx3-ubyte"
    plain.write_bytes(header + bytes(3 * 784))
    packed = tmp_path / "huge-idx3-ubyte.gz"
    packed.write_bytes(gzip_bytes(header + bytes(3 * 784)))
    labels = tmp_path / "huge-labels.gz"
    labels.write_bytes(gzip_bytes(LABELS_MAGIC + (2 ** 32 - 1).to_bytes(4, "big") + bytes(5)))

    def never(stream, size):
        raise AssertionError(f"the reader tried to read {size:,} bytes")

    with mock.patch.object(mnist, "_read_exactly", never):
        with pytest.raises(DataFileError) as info:
            read_idx_images(str(plain))
        assert str(info.value) == (f"{plain}: truncated: header says 2,147,483,648 images "
                                   f"of 28x28 (1,683,627,180,032 bytes) but only 2,352 "
                                   f"bytes follow")
        with pytest.raises(DataFileError) as info:
            read_idx_images(str(packed))
        size = packed.stat().st_size
        assert str(info.value) == (
            f"{packed}: truncated or damaged: header says 2,147,483,648 images of 28x28 "
            f"(1,683,627,180,032 bytes), but a gzip file of {size:,} bytes unpacks to at "
            f"most {size * 1032:,} bytes")
        with pytest.raises(DataFileError, match="4,294,967,295 labels"):
            read_idx_labels(str(labels))


def test_a_large_announced_size_reads_only_the_bytes_that_are_there(tmp_path):
    # Announces 1,000 images (784,000 bytes), within what 2.3 KB of gzip could hold in
    # principle (1032 * 2.3 KB), but holds 2,304 random (incompressible) bytes: the
    # reader stops at the end of the data.
    rng = random.Random(5)
    data = gzip_bytes(IMAGES_MAGIC + (1000).to_bytes(4, "big") + (28).to_bytes(4, "big") * 2
                      + bytes(rng.randrange(256) for _ in range(2304)))
    path = tmp_path / "x.gz"
    path.write_bytes(data)
    with pytest.raises(DataFileError, match="header says 1,000 images .* only 2,304 bytes"):
        read_idx_images(str(path))


def test_a_directory_is_named(tmp_path):
    with pytest.raises(DataFileError, match=f"{tmp_path} is a directory, not an IDX image"):
        read_idx_images(str(tmp_path))


def test_wrong_dimensions_are_refused_before_the_data_is_read(tmp_path):
    # rows = cols = 2**32 - 1: the shape is wrong whatever the data is.
    path = tmp_path / "x"
    path.write_bytes(IMAGES_MAGIC + (1).to_bytes(4, "big") + b"\xff" * 8)
    with pytest.raises(DataFileError, match="wrong dimensions: the images are "
                                            "4294967295x4294967295 pixels, expected 28x28"):
        read_idx_images(str(path))


def test_the_bundled_files_still_load():
    digits = mnist.load_bundled()
    assert len(digits) == 5000 and digits.class_counts() == [500] * 10


# %% IDX files: fuzzing ---------------------------------------------------------------

BASES = {"images": idx_images(3), "labels": idx_labels(6)}
HEADER_VALUES = [0, 1, 2, 27, 28, 29, 255, 256, 2 ** 16, 2 ** 31 - 1, 2 ** 31,
                 2 ** 32 - 1]


def idx_case(pick):
    """(kind, file name, bytes): usually a good IDX file with header fields overwritten
    (any 32-bit value: counts and sizes up to 2**32 - 1), then packed with gzip or not,
    then cut, flipped, inserted into or deleted from; else up to 64 random bytes, raw
    or inside good gzip. The names include .gz on files that are not gzip."""
    kind = pick.choice(["images", "labels"])
    name = pick.choice(["file.gz", "file-idx3-ubyte", "file"])
    if pick.integer(0, 4) == 0:
        data = pick.binary(0, 64)
        if pick.boolean():
            data = gzip_bytes(data)   # good gzip around garbage: the IDX checks must catch it
        return kind, name, data
    data = bytearray(BASES[kind])
    header_fields = 4 if kind == "images" else 2
    for _ in range(pick.integer(0, 2)):
        field = pick.integer(0, header_fields - 1)
        if pick.boolean():
            value = pick.integer(0, 2 ** 32 - 1)
        else:
            value = pick.choice(HEADER_VALUES)
        data[4 * field:4 * field + 4] = value.to_bytes(4, "big")
    if pick.boolean():
        data = bytearray(gzip_bytes(bytes(data)))
    for _ in range(pick.integer(0, 3)):
        operation = pick.choice(["cut", "flip", "insert", "delete"])
        at = pick.integer(0, len(data))
        if operation == "cut":
            del data[at:]
        elif operation == "flip" and at < len(data):
            data[at] ^= pick.integer(1, 255)
        elif operation == "insert":
            data[at:at] = pick.binary(1, 8)
        elif operation == "delete":
            del data[at:at + pick.integer(1, 8)]
    return kind, name, bytes(data)


def check_idx_case(folder, case, counter):
    kind, name, data = case
    read_checked(write_file(folder, name, data), data, kind)
    CASES[counter] += 1


@settings(max_examples=IDX_CASES[0], **FUZZ)
@given(st.data())
def test_fuzz_idx_files(folder, data):
    check_idx_case(folder, idx_case(HypothesisPick(data)), "idx_hypothesis")


def test_fuzz_idx_files_in_bulk(folder):
    run_bulk(1_000_000, IDX_CASES[1], idx_case, lambda case: check_idx_case(folder, case, "idx_bulk"))


# %% Model files: helpers -------------------------------------------------------------

def base_models():
    """Three saved networks as dictionaries, with extras, covering every field."""
    small = Network([2, 3, 1], seed=1)
    softmax = Network([3, 2, 2], activation="tanh", loss="cross_entropy", seed=2,
                      l1=0.001, l2=0.01, dropout=0.1, init="xavier_uniform")
    tiny = Network([1, 1], activation="identity", seed=3)
    return [network_to_dict(small),
            network_to_dict(softmax, config={"epochs": 3, "data": "xor"},
                            metrics={"history": [0.5, 0.25]}),
            network_to_dict(tiny, metrics={"loss": 0.0})]


MODELS = base_models()

# Text put in place of a value (JSON that Python's json module reads but a model must
# not hold, or cannot read at all): NaN, infinities, 1e400 (read as inf), numbers of
# 400 and 5,000 digits, deep nesting (3,000 deep: CPython's json refuses it, PyPy's
# reads it; 20,000 deep: both refuse it; the 100,000 deep case is written by hand).
RAW_VALUES = ["NaN", "Infinity", "-Infinity", "1e400", "-1e400", "1e-400",
              "1" + "0" * 400, "-" + "9" * 400, "7" * 5000, "[" * 3000 + "]" * 3000,
              "[" * 20000 + "]" * 20000, '{"a":' * 2000 + "1" + "}" * 2000,
              "2.0", "true", "null", '""', '"h1"', "[]", "{}", "-0.0", "1e308"]
PLACEHOLDER = "@@raw@@"


def paths_of(value, prefix=()):
    """Every path (a tuple of keys and indices) to a value inside ``value``."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(paths_of(item, prefix + (key,)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(paths_of(item, prefix + (index,)))
    return found


MODEL_PATHS = [paths_of(model) for model in MODELS]

TEXTS = ["", "h1", "o1", "o2", "w1", "sigmoid", "relu", "softmax", "identity", "mse",
         "cross_entropy", "neuron-network", "weights", "bias", "\u00e9", "\ud800", "\x00",
         "NaN"]
FLOATS = [0.0, -0.0, 0.5, -1.5, 1e-300, 5e-324, 1e308, -1e308, sys.float_info.max,
          float("nan"), float("inf"), float("-inf")]
INTEGERS = [0, 1, -1, 2, 3, 10 ** 400, -(2 ** 64), 2 ** 63, 2 ** 1024]


def json_value(pick, depth=0):
    """Any JSON value Python's json module can write, with the awkward ones often:
    null, true/false, integers up to 400 digits, floats of any bit pattern (NaN and
    infinities included, written as NaN, Infinity), text, and lists and objects (up
    to 3 items, 3 levels deep)."""
    kinds = ["null", "bool", "int", "float", "text", "list", "dict"]
    kind = pick.choice(kinds if depth < 3 else kinds[:5])
    if kind == "null":
        return None
    if kind == "bool":
        return pick.boolean()
    if kind == "int":
        return pick.choice(INTEGERS) if pick.boolean() else pick.integer(-2 ** 64, 2 ** 64)
    if kind == "float":
        if pick.boolean():
            return pick.choice(FLOATS)
        return struct.unpack(">d", pick.binary(8, 8))[0]   # any of the 2**64 patterns
    if kind == "text":
        return pick.choice(TEXTS) if pick.boolean() else pick.binary(0, 8).decode("latin-1")
    if kind == "list":
        items = []
        for _ in range(pick.integer(0, 3)):
            items.append(json_value(pick, depth + 1))
        return items
    items = {}
    for _ in range(pick.integer(0, 3)):
        key = pick.choice(TEXTS) if pick.boolean() else pick.binary(0, 6).decode("latin-1")
        items[key] = json_value(pick, depth + 1)
    return items


def mutated_model(pick):
    """(the damaged dictionary, raw JSON text or None): one to three edits of a saved
    model at random places: a value replaced (by any JSON value, or by raw text such
    as NaN or deep nesting), a key deleted or added, a list made longer or shorter."""
    which = pick.integer(0, len(MODELS) - 1)
    data = copy.deepcopy(MODELS[which])
    raw = None
    for _ in range(pick.integer(1, 3)):
        path = pick.choice(MODEL_PATHS[which])
        parent, key = None, None
        target = data
        try:
            for step in path:
                if not isinstance(target, (dict, list)):
                    raise KeyError(step)
                parent, key = target, step
                target = target[step]
        except (KeyError, IndexError, TypeError):
            continue   # an earlier edit removed or replaced this place
        operation = pick.choice(["replace", "raw", "delete", "add", "grow", "shrink"])
        if operation == "replace" and parent is not None:
            parent[key] = json_value(pick)
        elif operation == "raw" and parent is not None and raw is None:
            raw = pick.choice(RAW_VALUES)
            parent[key] = PLACEHOLDER
        elif operation == "delete" and parent is not None:
            del parent[key]
        elif operation == "add" and isinstance(target, dict):
            key = pick.choice(TEXTS) if pick.boolean() else pick.binary(0, 8).decode("latin-1")
            target[key] = json_value(pick)
        elif operation == "grow" and isinstance(target, list):
            target.append(json_value(pick))
        elif operation == "shrink" and isinstance(target, list) and target:
            target.pop(pick.integer(0, len(target) - 1))
    return data, raw


def model_text(data, raw):
    text = json.dumps(data)   # NaN and Infinity floats are written as NaN, Infinity
    if raw is not None:
        text = text.replace(json.dumps(PLACEHOLDER), raw)
    return text


def check_valid_network(net):
    """A loaded network must be whole: shapes as its sizes say, every parameter a
    finite float, and it must survive a save/load of its own dictionary."""
    assert isinstance(net, Network)
    assert len(net.layers) == len(net.sizes) - 1
    for index, layer in enumerate(net.layers):
        assert len(layer.neurons) == net.sizes[index + 1]
        for neuron in layer.neurons:
            assert len(neuron.weights) == net.sizes[index]
            for value in neuron.weights + [neuron.bias]:
                assert type(value) is float and math.isfinite(value)
    again = network_from_dict(network_to_dict(net))
    assert [n.weights for n in again.neurons] == [n.weights for n in net.neurons]


def check_plain_json(value):
    """``value`` holds only what JSON can say: None, true/false, finite numbers, text,
    lists, and objects with text keys. Walked with a list of values still to visit,
    not by recursion: the fuzzer's extras are nested thousands deep (PyPy's json reads
    a 3,000-deep list; its json.dumps, written in Python, could not write it back)."""
    to_visit = [value]
    while to_visit:
        item = to_visit.pop()
        if isinstance(item, dict):
            for key, inner in item.items():
                assert isinstance(key, str), key
                to_visit.append(inner)
        elif isinstance(item, list):
            to_visit.extend(item)
        elif isinstance(item, float):
            assert math.isfinite(item), item
        else:
            assert item is None or isinstance(item, (bool, int, str)), type(item)


def load_checked(path):
    """load_network and load_extra on ``path``: a ModelFileError naming the file,
    or a valid result. Returns "ok" or "error"."""
    outcome = "ok"
    for load in (load_network, load_extra):
        try:
            result = load(path)
        except ModelFileError as error:
            message = str(error)
            assert message and str(path) in message, message
            OUTCOMES[(load.__name__, "ModelFileError")] += 1
            outcome = "error"
            continue
        OUTCOMES[(load.__name__, "loaded")] += 1
        if load is load_network:
            check_valid_network(result)
        else:
            assert isinstance(result, dict)
            check_plain_json(result)
    return outcome


# %% Model files: the promises, by hand -------------------------------------------------

@pytest.mark.parametrize("text, message", [
    ("", "the file is empty"),
    ("{", "not valid JSON (Expecting property name enclosed in double quotes: line 1"),
    ("[1, 2]", "not a saved network (expected a JSON object with \"format\": "
               "\"neuron-network\"): it holds a list of 2 values"),
    ("[" * 100000 + "]" * 100000, "nested too deeply"),
    ("7" * 5000, "not valid JSON (Exceeds the limit"),
], ids=["empty", "half-object", "a-list", "100000-deep", "5000-digits"])
def test_model_files_that_are_not_json(tmp_path, text, message):
    path = tmp_path / "model.json"
    path.write_text(text)
    with pytest.raises(ModelFileError) as info:
        load_network(str(path))
    assert str(info.value).startswith(f"{path}: "), str(info.value)
    assert message in str(info.value)


def test_a_model_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "model.json"
    path.write_bytes(json.dumps(MODELS[0]).encode()[:20] + b"\xff\xfe")
    with pytest.raises(ModelFileError, match=r"model.json: not a model file: byte 20 is 0xff, "
                                             r"which is not UTF-8 text"):
        load_network(str(path))


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "model.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(MODELS[0]).encode())
    check_valid_network(load_network(str(path)))


FIELD_CASES = [
    (("layers", 0, "neurons", 1, "weights", 0), "NaN",
     "layers[0].neurons[1].weights[0] is NaN, expected a finite number"),
    (("layers", 1, "neurons", 0, "bias"), "-Infinity",
     "layers[1].neurons[0].bias is -Infinity, expected a finite number"),
    (("layers", 0, "neurons", 0, "weights", 2), "1e400",
     "layers[0].neurons[0].weights[2] is a number beyond 1.8e308, too large for a float"),
    (("layers", 0, "neurons", 0, "weights", 2), "1" + "0" * 400,
     "layers[0].neurons[0].weights[2] is a whole number of about 401 digits, too large "
     "for a float"),
    (("layers", 0, "neurons", 0, "weights", 1), '"abc"',
     "layers[0].neurons[0].weights[1] is 'abc', expected a number"),
    (("layers", 0, "neurons", 0, "weights", 1), "true",
     "layers[0].neurons[0].weights[1] is true, expected a number"),
    (("l2",), "NaN", "l2 is NaN, expected a finite number"),
    (("dropout",), "1.5", "dropout must be a number in [0, 1), got 1.5"),
    (("seed",), "1.5", "seed is 1.5, expected a whole number"),
    (("init",), '"zeros"', "init is 'zeros', expected one of: auto, normal"),
    (("sizes", 1), "0", "sizes[1] is 0, expected a whole number >= 1"),
    (("sizes",), "[3, 2, 2, 2]", "layers is a list of 2 values, but sizes has 4 entries"),
    (("layers", 1, "neurons"), "[]", "layers[1].neurons is a list of 0 values, expected "
                                     "a list of 2 (sizes[2])"),
    (("layers", 0, "neurons", 1, "weights"), "[1, 2]", "layers[0].neurons[1].weights is a "
                                                       "list of 2 values, expected a list of 3"),
    (("layers", 0, "neurons", 1, "name"), '"h7"', "layers[0].neurons[1].name is 'h7', "
                                                  "expected 'h2'"),
    (("layers", 0, "activation"), '"relu"', "layers[0].activation is 'relu', but the "
                                            "network's activation is 'tanh'"),
    (("loss",), '"mse"', None),   # loads: mse with softmax outputs is allowed
    (("loss",), '"hinge"', "loss is 'hinge', expected one of: binary_cross_entropy, "
                           "cross_entropy, mse"),
    (("output_activation",), '"sigmoid"', "loss 'cross_entropy' needs "
                                          "output_activation='softmax'"),
    (("version",), "true", "saved with format version true, this code reads versions 1 and 2"),
    (("version",), "3", "saved with format version 3, this code reads versions 1 and 2"),
    (("config",), "NaN", "config is NaN: JSON has no NaN or Infinity"),
    (("metrics", "history", 1), "Infinity", "metrics.history[1] is Infinity"),
    (("metrics", "history", 0), "1e999", "metrics.history[0] is a number too large"),
    (("config", "data"), '{"a":' * 200 + "1" + "}" * 200, None),   # extras may nest
]


@pytest.mark.parametrize("place, raw, message", FIELD_CASES, ids=[
    f"{number}-{'.'.join(str(step) for step in place)}"
    for number, (place, _raw, _message) in enumerate(FIELD_CASES)])
def test_model_file_fields_are_checked(tmp_path, place, raw, message):
    data = copy.deepcopy(MODELS[1])
    target = data
    for step in place[:-1]:
        target = target[step]
    target[place[-1]] = PLACEHOLDER
    path = tmp_path / "model.json"
    path.write_text(model_text(data, raw))
    if message is None:
        check_valid_network(load_network(str(path)))
        return
    with pytest.raises(ModelFileError) as info:
        load_network(str(path))
    assert str(info.value).startswith(f"{path}: {message}"), str(info.value)


@pytest.mark.parametrize("edit, message", [
    (lambda d: d.pop("layers"), "field 'layers' is missing"),
    (lambda d: d.pop("version"), "field 'version' is missing"),
    (lambda d: d["layers"][0]["neurons"][0].pop("bias"),
     "layers[0].neurons[0]: field 'bias' is missing"),
    (lambda d: d["layers"][0]["neurons"][0].update(weigths=[1.0]),
     "layers[0].neurons[0] has an unknown field 'weigths' (allowed: name, weights, bias)"),
    (lambda d: d["layers"][1].update(dropout=0.5),
     "layers[1] has an unknown field 'dropout' (allowed: activation, neurons)"),
    (lambda d: d["layers"].__setitem__(0, [1, 2]),
     "layers[0] is a list of 2 values, expected an object with the fields activation, "
     "neurons"),
    (lambda d: d.update(format="something-else"), "not a saved network"),
], ids=["no-layers", "no-version", "no-bias", "weigths", "layer-dropout", "layer-list",
        "format"])
def test_missing_and_unknown_fields(tmp_path, edit, message):
    data = copy.deepcopy(MODELS[1])
    edit(data)
    path = tmp_path / "model.json"
    path.write_text(json.dumps(data))
    with pytest.raises(ModelFileError) as info:
        load_network(str(path))
    assert str(info.value).startswith(f"{path}: {message}"), str(info.value)


def test_unknown_top_level_fields_are_the_users_extras(tmp_path):
    data = copy.deepcopy(MODELS[0])
    data["my notes"] = {"trained on": "xor", "by": ["me"]}
    path = tmp_path / "model.json"
    path.write_text(json.dumps(data))
    check_valid_network(load_network(str(path)))
    assert load_extra(str(path)) == {"my notes": {"trained on": "xor", "by": ["me"]}}


def test_a_file_saved_before_init_l1_l2_dropout_loads_with_the_defaults(tmp_path):
    # A version-1 file as save() wrote it before these four fields existed.
    path = tmp_path / "old.json"
    path.write_text('{"format": "neuron-network", "version": 1, "sizes": [2, 1], '
                    '"activation": "sigmoid", "output_activation": "sigmoid", "loss": "mse",'
                    ' "seed": 4, "layers": [{"activation": "sigmoid", "neurons": '
                    '[{"name": "o1", "weights": [0.5, -0.25], "bias": 0.125}]}], '
                    '"config": {"epochs": 10}}')
    net = load_network(str(path))
    assert (net.init, net.l1, net.l2, net.dropout, net.seed) == ("auto", 0.0, 0.0, 0.0, 4)
    assert net.layers[0].neurons[0].weights == [0.5, -0.25]
    assert net.layers[0].neurons[0].bias == 0.125
    assert load_extra(str(path)) == {"config": {"epochs": 10}}


def test_loading_a_directory_or_a_missing_file(tmp_path):
    with pytest.raises(ModelFileError, match=f"{tmp_path} is a directory, not a model file"):
        load_network(str(tmp_path))
    with pytest.raises(ModelFileError, match="is a directory"):
        load_extra(str(tmp_path))
    missing = str(tmp_path / "nothing-here.json")
    with pytest.raises(FileNotFoundError, match="nothing-here.json"):
        load_network(missing)


def test_saving_to_a_directory_says_so_and_writes_nothing(tmp_path):
    net = Network([2, 1])
    folder = tmp_path / "models"
    folder.mkdir()
    with pytest.raises(IsADirectoryError) as info:
        save_network(net, str(folder))
    assert str(info.value) == (f"cannot save to {folder}: it is a directory; give a file "
                               f"name such as {folder / 'model.json'}")
    with pytest.raises(ValueError, match="give a file name such as"):
        save_network(net, str(folder) + os.sep)
    assert list(tmp_path.rglob("*")) == [folder]


def test_saving_a_nan_extra_names_the_field_and_keeps_the_old_file(tmp_path):
    net = Network([2, 1])
    path = tmp_path / "model.json"
    save_network(net, str(path))
    good = path.read_bytes()
    with pytest.raises(ValueError, match="cannot save .*model.json: field 'metrics' cannot "
                                         "be written as JSON"):
        save_network(net, str(path), config={"ok": 1}, metrics={"loss": float("nan")})
    assert path.read_bytes() == good
    assert [p.name for p in tmp_path.iterdir()] == ["model.json"]


def test_network_from_dict_names_its_source():
    data = copy.deepcopy(MODELS[0])
    data["layers"][0]["neurons"][2]["bias"] = float("nan")
    with pytest.raises(ModelFileError, match=r"^checkpoint: layers\[0\]\.neurons\[2\]\.bias "
                                             r"is nan, expected a finite number"):
        network_from_dict(data, source="checkpoint")
    with pytest.raises(ModelFileError, match="^model: not a saved network"):
        network_from_dict(None)


# %% Model files: fuzzing ---------------------------------------------------------------

def check_model_file(folder, case, counter):
    data, raw = case
    load_checked(write_file(folder, "model.json", model_text(data, raw).encode()))
    CASES[counter] += 1


@settings(max_examples=MODEL_FIELD_CASES[0], **FUZZ)
@given(st.data())
def test_fuzz_model_files_with_wrong_fields(folder, data):
    check_model_file(folder, mutated_model(HypothesisPick(data)), "model_files_hypothesis")


def test_fuzz_model_files_with_wrong_fields_in_bulk(folder):
    run_bulk(2_000_000, MODEL_FIELD_CASES[1], mutated_model,
             lambda case: check_model_file(folder, case, "model_files_bulk"))


def model_dict(pick):
    """A damaged model as a dictionary, for network_from_dict (no raw text: that only
    exists in files)."""
    data, raw = mutated_model(pick)
    while raw is not None:
        data, raw = mutated_model(pick)
    return data


def check_model_dict(data, counter):
    CASES[counter] += 1
    try:
        net = network_from_dict(data, source="fuzzed")
    except ModelFileError as error:
        assert str(error).startswith("fuzzed: "), str(error)
        OUTCOMES[("network_from_dict", "ModelFileError")] += 1
        return
    OUTCOMES[("network_from_dict", "loaded")] += 1
    check_valid_network(net)


@settings(max_examples=MODEL_DICT_CASES[0], **FUZZ)
@given(st.data())
def test_fuzz_network_from_dict(data):
    check_model_dict(model_dict(HypothesisPick(data)), "model_dict_hypothesis")


def test_fuzz_network_from_dict_in_bulk():
    run_bulk(3_000_000, MODEL_DICT_CASES[1], model_dict,
             lambda case: check_model_dict(case, "model_dict_bulk"))


MODEL_BYTES = [json.dumps(model).encode() for model in MODELS] + \
              [json.dumps(model, indent=1).encode() for model in MODELS]
INSERTS = [b"NaN", b"[[[[", b"]", b"-", b"e999", b"0" * 400, b"\xc3", b"\xef\xbb\xbf"]


def damaged_model_bytes(pick):
    """A saved model's bytes, cut, flipped, inserted into or deleted from; or random
    bytes; or a model in another encoding."""
    which = pick.integer(0, len(MODEL_BYTES) - 1)
    how = pick.choice(["bytes", "bytes", "bytes", "random", "encoding"])
    if how == "random":
        return pick.binary(0, 200)
    if how == "encoding":
        encoding = pick.choice(["utf-16", "utf-32", "latin-1", "utf-8-sig"])
        return json.dumps(MODELS[which % len(MODELS)], ensure_ascii=False).replace(
            "sigmoid", "sigmo\u00efd").encode(encoding)
    data = bytearray(MODEL_BYTES[which])
    for _ in range(pick.integer(1, 3)):
        operation = pick.choice(["cut", "flip", "insert", "delete"])
        at = pick.integer(0, len(data))
        if operation == "cut":
            del data[at:]
        elif operation == "flip" and at < len(data):
            data[at] ^= pick.integer(1, 255)
        elif operation == "insert":
            if pick.boolean():
                data[at:at] = pick.binary(1, 6)
            else:
                data[at:at] = pick.choice(INSERTS)
        elif operation == "delete":
            del data[at:at + pick.integer(1, 6)]
    return bytes(data)


def check_model_bytes(folder, data, counter):
    load_checked(write_file(folder, "model.json", data))
    CASES[counter] += 1


@settings(max_examples=MODEL_BYTES_CASES[0], **FUZZ)
@given(st.data())
def test_fuzz_damaged_model_bytes(folder, data):
    check_model_bytes(folder, damaged_model_bytes(HypothesisPick(data)),
                      "model_bytes_hypothesis")


def test_fuzz_damaged_model_bytes_in_bulk(folder):
    run_bulk(4_000_000, MODEL_BYTES_CASES[1], damaged_model_bytes,
             lambda case: check_model_bytes(folder, case, "model_bytes_bulk"))


# %% How many cases ran -----------------------------------------------------------------

def test_fuzz_case_count():
    """Last in the file: when every fuzz test above ran, together they tried at least
    5,000 files and dictionaries, and each ended in the reader's own error or loaded
    (any other ending failed its test). Prints the count by outcome (pytest -s)."""
    missing = [name for name in FUZZ_TESTS if CASES[name] == 0]
    if missing:
        pytest.skip(f"not every fuzz test ran in this session (missing: {missing})")
    total = sum(CASES.values())
    print(f"\nfuzz cases: {total:,} ({', '.join(f'{k} {v:,}' for k, v in CASES.items())})")
    for (reader, ending), count in sorted(OUTCOMES.items()):
        print(f"  {reader}: {ending} {count:,}")
    assert total >= 5000, CASES
    # Every ending is the reader's own error or a load: nothing else was counted.
    endings = set(ending for _reader, ending in OUTCOMES)
    assert endings <= {"DataFileError", "ModelFileError", "loaded"}, endings
