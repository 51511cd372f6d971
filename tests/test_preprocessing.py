"""Deskewing (network/preprocessing.py) and a Network that deskews its inputs.

Reference numbers come from the formulas in the module docstring worked out by hand
(a straight line of slope -1 stands up in the middle column) and from the algebra of
the shear (the slant left after whole-column shifts is bounded by half a column per
row), not from running the code and pasting what it printed.
"""
import json
import math
import random

import pytest
from hypothesis import given, settings, strategies as st

from datasets.mnist import load_bundled_split
from network import Network
from network.fast import FastFit, FastNetwork
from network.preprocessing import deskew
from network.saving import load_network, save_network
from network.training import Fit


def picture(rows):
    """A flat picture from a list of row lists."""
    return [float(v) for row in rows for v in row]


def moments(x, width):
    """(ink, mean_r, slant) of a picture, straight from the docstring's formulas."""
    ink = sum(v for v in x if v > 0)
    mean_r = sum(v * (i // width) for i, v in enumerate(x) if v > 0) / ink
    mean_c = sum(v * (i % width) for i, v in enumerate(x) if v > 0) / ink
    cov = sum(v * (i // width - mean_r) * (i % width - mean_c)
              for i, v in enumerate(x) if v > 0) / ink
    var = sum(v * (i // width - mean_r) ** 2 for i, v in enumerate(x) if v > 0) / ink
    return ink, mean_r, cov / var


# ----- by hand ----------------------------------------------------------------------------

def test_a_line_leaning_right_stands_up_in_the_middle_column():
    # Ink at (r, 4 - r): mean_r = mean_c = 2, cov(r, c) = -(4 + 1 + 0 + 1 + 4) / 5 = -2,
    # var(r) = 2, so slant = -1 and row r slides left by round(-(r - 2)) = 2 - r
    # columns: every ink pixel lands in column 2.
    x = picture([[0, 0, 0, 0, 1],
                 [0, 0, 0, 2, 0],
                 [0, 0, 3, 0, 0],
                 [0, 4, 0, 0, 0],
                 [5, 0, 0, 0, 0]])
    # With values 1..5 the centre is no longer (2, 2), so use equal ink for the
    # hand numbers and check the values travel with their rows separately.
    equal = [1.0 if v else 0.0 for v in x]
    assert deskew(equal) == picture([[0, 0, 1, 0, 0]] * 5)
    out = deskew(x)
    for r in range(5):
        assert sorted(out[r * 5:r * 5 + 5]) == sorted(x[r * 5:r * 5 + 5])


def test_a_line_leaning_left_slides_the_other_way():
    # Ink at (r, r) on 5x5: slant = +1, row r slides right by r - 2 columns.
    x = picture([[1 if c == r else 0 for c in range(5)] for r in range(5)])
    assert deskew(x) == picture([[0, 0, 1, 0, 0]] * 5)


def test_an_upright_picture_comes_back_the_same():
    # A vertical bar and a plus sign are symmetric: cov(r, c) = 0, no row moves.
    bar = picture([[0, 0, 3, 0], [0, 0, 7, 0], [0, 0, 1, 0], [0, 0, 9, 0]])
    plus = picture([[0, 1, 0], [1, 1, 1], [0, 1, 0]])
    assert deskew(bar) == bar
    assert deskew(plus) == plus


def test_no_ink_or_ink_in_one_row_comes_back_unchanged_as_a_new_list():
    empty = [0.0] * 16
    one_row = picture([[0, 0, 0, 0], [1, 2, 0, 5], [0, 0, 0, 0], [0, 0, 0, 0]])
    for x in (empty, one_row):
        out = deskew(x)
        assert out == x and out is not x


def test_a_picture_that_is_not_square_is_refused():
    with pytest.raises(ValueError, match="a picture of 10 pixels is not square"):
        deskew([0.0] * 10)


# ----- the shear's algebra, on real digits and on random pictures -----------------------

def test_real_digits_are_left_with_at_most_the_rounding_slant():
    # After row r slides by round(slant * (r - mean_r)) = slant * (r - mean_r) + e_r with
    # |e_r| <= 1/2, the rows keep their ink (nothing slides off a centred digit), so
    # mean_r is unchanged and the new slant is -sum(v (r - mean_r) e_r) / sum(v (r -
    # mean_r)^2): at most 1/2 * sum(v |r - mean_r|) / sum(v (r - mean_r)^2).
    train, _ = load_bundled_split()
    stood_up = 0
    for i in range(0, 4000, 20):
        x = list(train.images[i])
        ink, mean_r, slant = moments(x, 28)
        out = deskew(x)
        ink_after, mean_r_after, slant_after = moments(out, 28)
        assert ink_after == pytest.approx(ink, rel=1e-12)      # nothing slid off
        assert mean_r_after == pytest.approx(mean_r, rel=1e-12)
        spread = sum(v * abs(k // 28 - mean_r) for k, v in enumerate(x) if v > 0)
        squares = sum(v * (k // 28 - mean_r) ** 2 for k, v in enumerate(x) if v > 0)
        assert abs(slant_after) <= 0.5 * spread / squares + 1e-12
        stood_up += abs(slant_after) < abs(slant)
    assert stood_up >= 150     # of 200: the rest were upright to within the rounding


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 9).flatmap(lambda width: st.lists(
    st.sampled_from([0.0, 0.0, 0.0, 0.25, 1.0, 3.5]), min_size=width * width,
    max_size=width * width)))
def test_every_row_is_its_own_row_slid_by_whole_columns(x):
    width = math.isqrt(len(x))
    out = deskew(x)
    assert len(out) == len(x)
    for r in range(width):
        row, new = x[r * width:(r + 1) * width], out[r * width:(r + 1) * width]
        slid = []
        for shift in range(-width, width + 1):
            slid.append([row[c + shift] if 0 <= c + shift < width else 0.0
                         for c in range(width)])
        assert new in slid


# ----- a Network with preprocess="deskew" ------------------------------------------------

def digits(count, start=0):
    train, _ = load_bundled_split()
    return ([train.images[i] for i in range(start, start + count)],
            train.labels[start:start + count])


def test_the_network_deskews_before_its_first_layer_at_every_door():
    X, _ = digits(5)
    plain = Network([784, 6, 10], activation="relu", loss="cross_entropy", seed=3)
    deskewing = Network([784, 6, 10], activation="relu", loss="cross_entropy", seed=3,
                        preprocess="deskew")
    for x in X:
        expected = plain.feedforward(deskew(x))
        assert deskewing.feedforward(x) == expected
        assert deskewing.forward(x) == expected
        assert deskewing(x) == expected
        assert deskewing.predict(x) == plain.predict(deskew(x))
        assert deskewing.layers[0].neurons[0].inputs == deskew(x)
    assert "preprocess=deskew" in repr(deskewing)
    assert "784 inputs (deskew)" in deskewing.summary()


def test_core_and_fast_path_train_the_same_weights_with_deskewing():
    X, Y = digits(120)
    nets = []
    for kind, fit in ((Network, Fit), (FastNetwork, FastFit)):
        net = kind([784, 8, 10], activation="relu", loss="cross_entropy", seed=1,
                   preprocess="deskew")
        fit(net, X, Y, epochs=2, learning_rate=0.05, shuffle=True).run()
        nets.append(net)
    core, fast = nets
    for a, b in zip(core.neurons, fast.neurons):
        assert a.weights == b.weights and a.bias == b.bias


def test_training_on_deskewed_inputs_is_training_a_deskewing_network():
    # The same steps as a plain network fed deskew(x) by hand: preprocess changes the
    # inputs and nothing else.
    X, Y = digits(60)
    deskewing = FastNetwork([784, 5, 10], activation="relu", loss="cross_entropy", seed=2,
                            preprocess="deskew")
    plain = FastNetwork([784, 5, 10], activation="relu", loss="cross_entropy", seed=2)
    FastFit(deskewing, X, Y, epochs=1, learning_rate=0.05).run()
    FastFit(plain, [deskew(x) for x in X], Y, epochs=1, learning_rate=0.05).run()
    for a, b in zip(deskewing.neurons, plain.neurons):
        assert a.weights == b.weights and a.bias == b.bias


def test_a_saved_deskewing_network_is_version_2_and_loads_deskewing(tmp_path):
    X, _ = digits(3)
    net = Network([784, 4, 10], activation="relu", loss="cross_entropy", seed=0,
                  preprocess="deskew")
    path = tmp_path / "m.json"
    save_network(net, str(path))
    data = json.loads(path.read_text())
    assert data["version"] == 2 and data["preprocess"] == "deskew"
    loaded = load_network(str(path))
    assert loaded.preprocess == "deskew"
    for x in X:
        assert loaded.feedforward(x) == net.feedforward(x)


def test_a_network_without_preprocess_is_saved_as_before(tmp_path):
    path = tmp_path / "m.json"
    save_network(Network([2, 2, 1]), str(path))
    data = json.loads(path.read_text())
    assert data["version"] == 1 and "preprocess" not in data
    assert load_network(str(path)).preprocess is None


@pytest.mark.parametrize("change, message", [
    ({"preprocess": "blur"}, "field 'preprocess': unknown preprocess 'blur'"),
    ({"preprocess": 7}, "field 'preprocess': unknown preprocess 7"),
    ({"version": 1}, "field 'preprocess' is 'deskew' in a version 1 file"),
    ({"version": 3}, "saved with format version 3, this code reads versions 1 and 2"),
])
def test_a_hand_edited_preprocess_field_is_refused_naming_it(tmp_path, change, message):
    path = tmp_path / "m.json"
    save_network(Network([4, 2, 3], loss="cross_entropy", preprocess="deskew"), str(path))
    data = json.loads(path.read_text())
    data.update(change)
    path.write_text(json.dumps(data))
    with pytest.raises(ValueError, match=message):
        load_network(str(path))


def test_a_preprocess_on_inputs_that_are_not_a_square_picture_is_refused_in_the_file(
        tmp_path):
    path = tmp_path / "m.json"
    save_network(Network([2, 2, 1]), str(path))
    data = json.loads(path.read_text())
    data.update(version=2, preprocess="deskew")
    path.write_text(json.dumps(data))
    with pytest.raises(ValueError, match="preprocess.*2 inputs are not one"):
        load_network(str(path))


def test_deskewing_is_deterministic_and_leaves_its_input_alone():
    rng = random.Random(0)
    x = [rng.choice([0.0, 0.0, 0.5, 1.0]) for _ in range(784)]
    before = list(x)
    assert deskew(x) == deskew(x)
    assert x == before


# ----- the trainer ----------------------------------------------------------------------

def test_the_trainer_deskews_by_default_and_its_model_deskews_when_loaded(load_script,
                                                                          tmp_path):
    trainer = load_script("train_mnist.py")
    flags = ["--epochs", "1", "--limit", "200", "--hidden", "8", "--augment", "none",
             "--quiet"]
    deskewing, plain = tmp_path / "d.json", tmp_path / "p.json"
    assert trainer.main(flags + ["--out", str(deskewing)]) == 0
    assert trainer.main(flags + ["--preprocess", "none", "--out", str(plain)]) == 0
    assert load_network(str(deskewing)).preprocess == "deskew"
    assert load_network(str(plain)).preprocess is None
    # The held-out accuracy the trainer stored is the loaded model's, deskewing included.
    _, held_out = load_bundled_split()
    net = load_network(str(deskewing))
    right = sum(net.predict_class(held_out.images[i]) == held_out.labels[i]
                for i in range(len(held_out)))
    stored = json.loads(deskewing.read_text())["metrics"]["held_out_accuracy"]
    assert right / len(held_out) == stored


def test_resuming_with_another_preprocess_is_refused_naming_the_flag(load_script, tmp_path):
    trainer = load_script("train_mnist.py")
    out = tmp_path / "m.json"
    flags = ["--epochs", "2", "--limit", "100", "--hidden", "8", "--augment", "none",
             "--quiet", "--out", str(out)]
    assert trainer.main(flags) == 0                  # deskewing, checkpointed
    with pytest.raises(SystemExit) as refused:
        trainer.main(flags + ["--preprocess", "none", "--resume"])
    message = str(refused.value)
    assert "--preprocess is 'none' here but 'deskew' in the checkpoint" in message
    assert "--epochs" not in message                 # the only flag that differs
