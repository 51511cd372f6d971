"""network.plots and lessons 07-09.

* Each picture function writes a PNG of the size its docstring promises (read from
  the PNG header with struct, no Pillow needed). These tests need matplotlib and
  are skipped without it.
* The plain-Python helpers (confusion matrix, probability grid, ...) are checked
  against hand-counted values, with or without matplotlib.
* Without matplotlib the lessons still run, print their results and one hint line:
  simulated by running them with sys.modules["matplotlib"] = None, which makes
  every ``import matplotlib`` fail as if it were not installed.
"""
import copy
import math
import os
import subprocess
import sys

import pytest

from network import Network, plots
from picture_files import HIDE_MATPLOTLIB, gif_size, png_size

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPTS = os.path.join(ROOT, "scripts")


def check_png(path, returned, width, height):
    assert returned == path
    assert os.path.getsize(path) > 1000
    assert png_size(path) == (width, height)


def run_script(name, args, hide_matplotlib=False, cwd=None):
    script = os.path.join(SCRIPTS, name)
    if hide_matplotlib:
        command = [sys.executable, "-c", HIDE_MATPLOTLIB, script] + args
    else:
        command = [sys.executable, script] + args
    result = subprocess.run(command, capture_output=True, text=True, cwd=cwd or ROOT,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def tiny_classifier(seed=0):
    return Network([2, 2, 1], activation="tanh", output_activation="sigmoid",
                    loss="binary_cross_entropy", seed=seed)


XOR_X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
XOR_Y = [0.0, 1.0, 1.0, 0.0]


def fake_digits(count):
    """count 784-pixel images: image k has its pixel k lit (so they all differ)."""
    images = []
    for k in range(count):
        image = [0.0] * 784
        image[k] = 1.0
        images.append(image)
    return images


# ----- picture functions: a PNG of the promised size ------------------------------------


def test_plot_loss_curve(tmp_path):
    pytest.importorskip("matplotlib")
    path = str(tmp_path / "loss.png")
    returned = plots.plot_loss_curve([1.0, 0.5, 0.25, 0.2], path,
                                     validation=[1.1, 0.6, 0.4, 0.35], log_scale=True)
    check_png(path, returned, 650, 400)


def test_plot_activations(tmp_path):
    pytest.importorskip("matplotlib")
    path = str(tmp_path / "activations.png")
    check_png(path, plots.plot_activations(path), 1200, 400)


def test_plot_network_and_before_after(tmp_path):
    pytest.importorskip("matplotlib")
    before = tiny_classifier()
    after = copy.deepcopy(before)
    after.train(XOR_X, XOR_Y, epochs=5, learning_rate=0.5)
    path = str(tmp_path / "net.png")
    check_png(path, plots.plot_network(after, path, title="2-2-1"), 650, 400)
    path = str(tmp_path / "before_after.png")
    check_png(path, plots.plot_network_before_after(before, after, path), 1300, 400)


def test_plot_network_refuses_a_network_too_big_to_draw(tmp_path):
    with pytest.raises(ValueError, match="plot_hidden_weights"):
        plots.plot_network(Network([784, 4, 10], loss="cross_entropy"),
                           str(tmp_path / "big.png"))


def test_decision_boundary_pictures_and_gif(tmp_path):
    pytest.importorskip("matplotlib")
    net = tiny_classifier()
    snapshots = [(0, copy.deepcopy(net))]
    net.train(XOR_X, XOR_Y, epochs=3, learning_rate=0.5)
    snapshots.append((3, copy.deepcopy(net)))
    net.train(XOR_X, XOR_Y, epochs=3, learning_rate=0.5)
    snapshots.append((6, net))

    path = str(tmp_path / "one.png")
    check_png(path, plots.plot_decision_boundary(net, XOR_X, XOR_Y, path, resolution=10),
              500, 500)
    # 3 snapshots in rows of 2: 2 columns x 2 rows of 325 x 350 pixels.
    path = str(tmp_path / "panels.png")
    returned = plots.plot_decision_boundaries(snapshots, XOR_X, XOR_Y, path, columns=2,
                                              title="xor", resolution=10)
    check_png(path, returned, 650, 700)
    if not plots.pillow_available():
        pytest.skip("Pillow is not installed: no GIF")
    path = str(tmp_path / "anim.gif")
    assert plots.animate_decision_boundary(snapshots, XOR_X, XOR_Y, path,
                                           resolution=8) == path
    assert gif_size(path) == (500, 500)


def test_decision_boundary_with_a_two_output_softmax_network(tmp_path):
    pytest.importorskip("matplotlib")
    net = Network([2, 3, 2], activation="tanh", loss="cross_entropy", seed=1)
    labels = [0, 1, 1, 0]
    path = str(tmp_path / "softmax.png")
    check_png(path, plots.plot_decision_boundary(net, XOR_X, labels, path, resolution=8),
              500, 500)


def test_plot_regression_fit(tmp_path):
    pytest.importorskip("matplotlib")
    x_line = [-4.0, -2.0, 0.0, 2.0, 4.0]
    sines = [math.sin(x) for x in x_line]
    path = str(tmp_path / "fit.png")
    returned = plots.plot_regression_fit([-1.0, 0.0, 1.0], [-0.8, 0.0, 0.8], x_line,
                                         [("sin(x)", sines), ("net", [0.0] * 5)], path)
    check_png(path, returned, 800, 450)


def test_digit_pictures(tmp_path):
    pytest.importorskip("matplotlib")
    images = fake_digits(12)
    labels = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 4, 4]
    predictions = [0, 1, 2, 5, 9, 5, 6, 7, 8, 9, 9, 4]
    # 12 digits in rows of 5: 3 rows; 5 * 125 by 3 * 150 + 50 pixels.
    path = str(tmp_path / "grid.png")
    check_png(path, plots.plot_digit_grid(images, labels, predictions, path, columns=5),
              625, 500)
    path = str(tmp_path / "confusion.png")
    check_png(path, plots.plot_confusion_matrix(labels, predictions, path), 650, 600)
    # 3 rows (pairs) of 4 examples: 4 * 125 by 3 * 150 + 50 pixels.
    path = str(tmp_path / "pairs.png")
    check_png(path, plots.plot_confused_pairs(images, labels, predictions, path, top=3,
                                              examples=4), 500, 500)
    # 12 neurons in rows of 8: 2 rows.
    net = Network([784, 12, 10], activation="relu", loss="cross_entropy", seed=0)
    path = str(tmp_path / "weights.png")
    check_png(path, plots.plot_hidden_weights(net, path), 1000, 350)


def test_confused_pairs_without_mistakes_still_draws(tmp_path):
    pytest.importorskip("matplotlib")
    path = str(tmp_path / "none.png")
    check_png(path, plots.plot_confused_pairs(fake_digits(2), [3, 4], [3, 4], path,
                                              top=2, examples=3), 375, 350)


def test_paths_must_end_in_png(tmp_path):
    with pytest.raises(ValueError, match="must end in .png"):
        plots.plot_loss_curve([1.0], str(tmp_path / "loss.jpg"))


# ----- plain-Python helpers -----------------------------------------------------------


def test_confusion_matrix_counts_by_hand():
    labels = [0, 0, 1, 1, 1, 2]
    predictions = [0, 1, 1, 1, 2, 0]
    assert plots.confusion_matrix(labels, predictions, n_classes=3) == [
        [1, 1, 0],
        [0, 2, 1],
        [1, 0, 0],
    ]


def test_confusion_matrix_names_a_bad_class():
    with pytest.raises(ValueError, match="sample 1: label 12"):
        plots.confusion_matrix([1, 12], [1, 1])


def test_most_confused_pairs_most_frequent_first_ties_by_class():
    labels = [4, 4, 4, 7, 7, 3, 3, 5]
    predictions = [9, 9, 4, 1, 1, 8, 3, 5]
    assert plots.most_confused_pairs(labels, predictions, top=3) == [
        (4, 9, 2), (7, 1, 2), (3, 8, 1)]
    assert plots.most_confused_pairs([1, 2], [1, 2]) == []


def test_probability_grid_is_the_network_output_at_cell_centres():
    net = tiny_classifier(seed=3)
    grid = plots.probability_grid(net, (0.0, 2.0, -1.0, 1.0), resolution=4)
    assert len(grid) == 4 and len(grid[0]) == 4
    # Row 1 is x2 = -1 + 1.5 * 0.5 = -0.25; column 2 is x1 = 0 + 2.5 * 0.5 = 1.25.
    assert grid[1][2] == net.forward([1.25, -0.25])[0]


def test_data_bounds_is_a_square_around_the_points():
    x1_min, x1_max, x2_min, x2_max = plots.data_bounds([[0.0, 0.0], [4.0, 1.0]],
                                                       margin=0.5)
    assert (x1_min, x1_max) == (-0.5, 4.5)
    assert (x2_min, x2_max) == (-2.0, 3.0)


def test_without_matplotlib_plots_raise_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    assert not plots.matplotlib_available()
    with pytest.raises(plots.PlotsUnavailable, match="pip install"):
        plots.plot_loss_curve([1.0, 0.5], str(tmp_path / "loss.png"))
    assert not os.path.exists(tmp_path / "loss.png")


# ----- lessons ------------------------------------------------------------------------

LESSON07_FAST = ["--datasets", "xor", "moons", "--epochs", "4", "--points", "24",
                 "--panels", "3", "--gif-frames", "3", "--resolution", "8"]
LESSON08_FAST = ["--epochs", "12", "--points", "20", "--hidden", "4"]
LESSON09_FAST = ["--train-size", "60", "--epochs", "1", "--hidden", "4", "--grid", "6"]


def test_lesson07_writes_its_pictures(tmp_path):
    pytest.importorskip("matplotlib")
    out = run_script("lesson07_decision_boundaries.py",
                     LESSON07_FAST + ["--out-dir", str(tmp_path)])
    assert "xor (24 points), network 2-2-1:" in out
    assert "h1: w1 =" in out
    # Panels at epochs 0, 1, 4: 3 columns, 1 row.
    for name in ("xor", "moons"):
        path = tmp_path / f"lesson07_{name}_boundaries.png"
        assert str(path) in out
        assert png_size(path) == (975, 350)
        if plots.pillow_available():
            assert gif_size(tmp_path / f"lesson07_{name}.gif") == (500, 500)
    assert png_size(tmp_path / "lesson07_xor_network.png") == (1300, 400)


def test_lesson08_writes_its_pictures(tmp_path):
    pytest.importorskip("matplotlib")
    out = run_script("lesson08_regression.py", LESSON08_FAST + ["--out-dir", str(tmp_path)])
    assert "After 12 epochs: mean squared error" in out
    assert png_size(tmp_path / "lesson08_sine_fit.png") == (800, 450)
    assert png_size(tmp_path / "lesson08_sine_loss.png") == (650, 400)


def test_lesson09_trains_saves_and_draws(tmp_path):
    pytest.importorskip("matplotlib")
    model = tmp_path / "digits.json"
    out = run_script("lesson09_digits.py", LESSON09_FAST + [
        "--out-dir", str(tmp_path), "--save-model", str(model)])
    assert "Held-out digits:" in out and "Confusion matrix" in out
    assert model.exists()
    for name in ("digits", "confusion", "confused_pairs", "hidden_weights"):
        assert png_size(tmp_path / f"lesson09_{name}.png")[0] > 0


def test_plot_activations_script_writes_its_picture(tmp_path):
    pytest.importorskip("matplotlib")
    out = run_script("plot_activations.py", ["--out-dir", str(tmp_path)])
    # tanh(1) and its slope 1 - tanh(1)^2, worked out independently of the code.
    assert f"{math.tanh(1.0):10.3f} {1 - math.tanh(1.0) ** 2:6.3f}" in out
    assert png_size(tmp_path / "activations.png") == (1200, 400)


@pytest.mark.parametrize("script, args", [
    ("lesson07_decision_boundaries.py", LESSON07_FAST),
    ("lesson08_regression.py", LESSON08_FAST),
    ("lesson09_digits.py", LESSON09_FAST),
    ("plot_activations.py", []),
])
def test_lessons_run_without_matplotlib_and_print_one_hint(tmp_path, script, args):
    out_dir = tmp_path / "plots"
    out = run_script(script, args + ["--out-dir", str(out_dir)], hide_matplotlib=True)
    assert out.count("matplotlib is not installed") == 1
    assert plots.MISSING_HINT in out.splitlines()
    assert not out_dir.exists()
