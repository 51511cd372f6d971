"""network.plots.neurons (each neuron's own picture) and lesson 10.

* ``neuron_output_grid`` gives, for every neuron, its output at the centre of every
  grid cell. Checked against sigmoid sums worked out in the test for a 2-2-1 with
  hand-set weights, against ``neuron.output`` after a forward pass at the same
  point, and for a softmax layer against p_k computed in the test. It is plain
  Python and works with matplotlib hidden.
* Each picture is a PNG (or GIF) of the size its docstring promises, read from the
  file header (skipped without matplotlib, or Pillow for the GIF).
* Lesson 10 runs with matplotlib hidden (text only, one hint line) and, with
  matplotlib, writes its pictures.
"""
import copy
import math
import os
import subprocess
import sys

import pytest

from network import Network, plots
from lesson_definitions import load_definitions
from picture_files import HIDE_MATPLOTLIB, gif_size, png_size

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LESSON = os.path.join(ROOT, "scripts", "lesson10_neuron_pictures.py")


def sigmoid(z):
    """Written out here, independently of neuron.activations."""
    return 1.0 / (1.0 + math.exp(-z))


def hand_network():
    """2-2-1, sigmoid, with hand-set numbers:
    h1 = sigmoid(1.0*x1 - 2.0*x2 + 0.5), h2 = sigmoid(0.5*x1 + 0.5*x2 - 0.25),
    o1 = sigmoid(2.0*h1 - 1.0*h2 + 0.1)."""
    return Network([2, 2, 1], activation="sigmoid",
                   weights=[[[1.0, -2.0], [0.5, 0.5]], [[2.0, -1.0]]],
                   biases=[[0.5, -0.25], [0.1]])


# bounds (x1 from 0 to 2, x2 from -1 to 1) cut into 4 x 4 cells of 0.5 x 0.5: the cell
# centres are x1 = 0.25, 0.75, 1.25, 1.75 (columns) and x2 = -0.75, -0.25, 0.25, 0.75
# (rows, bottom first).
BOUNDS = (0.0, 2.0, -1.0, 1.0)
X1_CENTRES = [0.25, 0.75, 1.25, 1.75]
X2_CENTRES = [-0.75, -0.25, 0.25, 0.75]


# ----- the grid of every neuron's output (plain Python) -----------------------------------


def test_grid_has_one_grid_per_neuron_rows_bottom_first():
    grids = plots.neuron_output_grid(hand_network(), BOUNDS, resolution=4)
    assert list(grids) == ["h1", "h2", "o1"]
    for name in grids:
        assert len(grids[name]) == 4
        for row in grids[name]:
            assert len(row) == 4
    # h1 falls as x2 grows (its weight on x2 is -2): row 0 (x2 = -0.75) is largest.
    assert grids["h1"][0][0] > grids["h1"][3][0]


def test_grid_at_one_point_worked_by_hand():
    # Row 1, column 2 is (x1, x2) = (1.25, -0.25):
    #   z_h1 = 1.0*1.25 - 2.0*(-0.25) + 0.5 = 2.25    h1 = sigmoid(2.25) = 0.904651
    #   z_h2 = 0.5*1.25 + 0.5*(-0.25) - 0.25 = 0.25   h2 = sigmoid(0.25) = 0.562177
    #   z_o1 = 2.0*0.904651 - 0.562177 + 0.1 = 1.347125   o1 = 0.793659
    def sigmoid(z):
        return 1.0 / (1.0 + math.exp(-z))
    h1, h2 = sigmoid(1.0 * 1.25 - 2.0 * -0.25 + 0.5), sigmoid(0.5 * 1.25 + 0.5 * -0.25 - 0.25)
    grids = plots.neuron_output_grid(hand_network(), BOUNDS, resolution=4)
    assert grids["h1"][1][2] == pytest.approx(h1, abs=1e-12)
    assert grids["h2"][1][2] == pytest.approx(h2, abs=1e-12)
    assert grids["o1"][1][2] == pytest.approx(sigmoid(2.0 * h1 - 1.0 * h2 + 0.1), abs=1e-12)


@pytest.mark.parametrize("row, col", [(0, 0), (3, 3), (1, 2), (2, 0), (0, 3)])
def test_grid_matches_the_sums_and_neuron_output_at_sampled_points(row, col):
    net = hand_network()
    grids = plots.neuron_output_grid(net, BOUNDS, resolution=4)
    x1, x2 = X1_CENTRES[col], X2_CENTRES[row]
    # Independently: the three sigmoid sums of hand_network's docstring.
    h1 = sigmoid(1.0 * x1 - 2.0 * x2 + 0.5)
    h2 = sigmoid(0.5 * x1 + 0.5 * x2 - 0.25)
    o1 = sigmoid(2.0 * h1 - 1.0 * h2 + 0.1)
    assert grids["h1"][row][col] == pytest.approx(h1, rel=1e-12)
    assert grids["h2"][row][col] == pytest.approx(h2, rel=1e-12)
    assert grids["o1"][row][col] == pytest.approx(o1, rel=1e-12)
    # And each value is what the neuron object holds after a forward pass there.
    net.forward([x1, x2])
    for neuron in net.neurons:
        assert grids[neuron.name][row][col] == neuron.output


def test_softmax_outputs_are_the_probabilities_not_z():
    # 2-2-2 with a softmax output: o1 and o2 compute z1, z2; the layer gives p1, p2.
    net = Network([2, 2, 2], activation="sigmoid", loss="cross_entropy",
                  weights=[[[1.0, 0.0], [0.0, 1.0]], [[1.0, -1.0], [-1.0, 1.0]]],
                  biases=[[0.0, 0.0], [0.5, -0.5]])
    grids = plots.neuron_output_grid(net, BOUNDS, resolution=4)
    x1, x2 = X1_CENTRES[3], X2_CENTRES[0]          # (1.75, -0.75)
    h1, h2 = sigmoid(x1), sigmoid(x2)
    z1 = h1 - h2 + 0.5
    z2 = -h1 + h2 - 0.5
    p1 = math.exp(z1) / (math.exp(z1) + math.exp(z2))
    p2 = math.exp(z2) / (math.exp(z1) + math.exp(z2))
    assert grids["h1"][0][3] == pytest.approx(h1, rel=1e-12)
    assert grids["o1"][0][3] == pytest.approx(p1, rel=1e-12)
    assert grids["o2"][0][3] == pytest.approx(p2, rel=1e-12)
    assert grids["o1"][0][3] != pytest.approx(z1)   # neuron.output there is z1
    net.forward([x1, x2])
    assert net.layers[-1].neurons[0].output == pytest.approx(z1, rel=1e-12)


def test_grid_works_without_matplotlib(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    assert not plots.matplotlib_available()
    grids = plots.neuron_output_grid(hand_network(), BOUNDS, resolution=4)
    assert grids["h1"][1][2] == pytest.approx(sigmoid(2.25), rel=1e-12)
    path = tmp_path / "views.png"
    with pytest.raises(plots.PlotsUnavailable, match="pip install"):
        plots.plot_neuron_views(hand_network(), [[0.0, 0.0], [1.0, 1.0]], [0.0, 1.0],
                                str(path))
    assert not path.exists()


def test_grid_needs_two_inputs_and_a_whole_resolution():
    with pytest.raises(ValueError, match="2 inputs"):
        plots.neuron_output_grid(Network([3, 2, 1]), BOUNDS)
    with pytest.raises(ValueError, match="resolution"):
        plots.neuron_output_grid(hand_network(), BOUNDS, resolution=0)


def test_view_bounds_hold_the_data_square_inside_the_disc():
    # data_bounds([[0, 0], [4, 1]], margin 0.5) = (-0.5, 4.5, -2, 3) (tests/test_plots.py):
    # half-width 2.5 around (2, 0.5). Widened by sqrt(2): half-width 3.5355339.
    x1_min, x1_max, x2_min, x2_max = plots.neuron_view_bounds([[0.0, 0.0], [4.0, 1.0]],
                                                              margin=0.5)
    half = 2.5 * math.sqrt(2.0)
    assert (x1_min, x1_max) == (pytest.approx(2.0 - half), pytest.approx(2.0 + half))
    assert (x2_min, x2_max) == (pytest.approx(0.5 - half), pytest.approx(0.5 + half))
    # The corner (4.5, 3) of the data square lies on the disc (distance = radius).
    radius = (x1_max - x1_min) / 2.0
    assert math.hypot(4.5 - 2.0, 3.0 - 0.5) == pytest.approx(radius)


def test_networks_too_big_to_draw_are_refused_naming_the_limit(tmp_path):
    X, y = [[0.0, 0.0], [1.0, 1.0]], [0.0, 1.0]
    with pytest.raises(ValueError, match="up to 12 neurons"):
        plots.plot_neuron_views(Network([2, 13, 1]), X, y, str(tmp_path / "big.png"))
    with pytest.raises(ValueError, match="up to 12 neurons"):
        plots.plot_neuron_views_over_training([(0, Network([2, 4, 13, 1]))], X, y,
                                              str(tmp_path / "big.png"))
    with pytest.raises(ValueError, match="2 inputs"):
        plots.plot_neuron_views(Network([3, 2, 1]), X, y, str(tmp_path / "three.png"))
    with pytest.raises(ValueError, match="2 labels"):
        plots.plot_neuron_views(hand_network(), X + [[2.0, 2.0]], y,
                                str(tmp_path / "short.png"))
    with pytest.raises(ValueError, match="must end in .gif"):
        plots.animate_neuron_views([(0, hand_network())], X, y, str(tmp_path / "a.png"))


# ----- the pictures: sizes as promised ---------------------------------------------------

XOR_X = [[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]
XOR_Y = [0.0, 1.0, 1.0, 0.0]


def xor_snapshots(count):
    """count (epoch, copy) pairs of a 2-2-1 training on XOR, 5 epochs apart."""
    net = Network([2, 2, 1], activation="sigmoid", seed=0)
    snapshots = [(0, copy.deepcopy(net))]
    for k in range(1, count):
        net.train(XOR_X, XOR_Y, epochs=5, learning_rate=1.0)
        snapshots.append((5 * k, copy.deepcopy(net)))
    return snapshots


def test_plot_neuron_views_is_1200_by_600(tmp_path):
    pytest.importorskip("matplotlib")
    path = str(tmp_path / "views.png")
    assert plots.plot_neuron_views(hand_network(), XOR_X, XOR_Y, path, resolution=6) == path
    assert png_size(path) == (1200, 600)
    assert os.path.getsize(path) > 1000


@pytest.mark.parametrize("sizes", [[2, 5, 2], [2, 12, 1], [2, 3, 3, 1]])
def test_plot_neuron_views_of_bigger_networks(tmp_path, sizes):
    # 2-5-2 (softmax), the largest layer allowed, and two hidden layers: the compact
    # layout without weight labels, still 1200 x 600.
    pytest.importorskip("matplotlib")
    loss = "cross_entropy" if sizes[-1] == 2 else "mse"
    labels = [0, 1, 1, 0] if sizes[-1] == 2 else XOR_Y
    path = str(tmp_path / "big.png")
    plots.plot_neuron_views(Network(sizes, activation="tanh", loss=loss), XOR_X, labels,
                            path, resolution=4)
    assert png_size(path) == (1200, 600)


def test_over_training_panels_sizes(tmp_path):
    pytest.importorskip("matplotlib")
    # 3 snapshots in rows of 2: 2 columns x 2 rows of 500 x 400, plus the 100-pixel strip.
    path = str(tmp_path / "panels.png")
    returned = plots.plot_neuron_views_over_training(xor_snapshots(3), XOR_X, XOR_Y, path,
                                                     columns=2, resolution=5)
    assert returned == path
    assert png_size(path) == (1000, 900)
    # 4 snapshots, 3 columns (the default): 1500 by 2 * 400 + 100, with a title.
    path = str(tmp_path / "panels3.png")
    plots.plot_neuron_views_over_training(xor_snapshots(4), XOR_X, XOR_Y, path,
                                          title="XOR", resolution=5)
    assert png_size(path) == (1500, 900)


def test_animate_neuron_views_is_a_1000_by_500_gif(tmp_path):
    pytest.importorskip("matplotlib")
    if not plots.pillow_available():
        pytest.skip("Pillow is not installed: no GIF")
    path = str(tmp_path / "views.gif")
    assert plots.animate_neuron_views(xor_snapshots(3), XOR_X, XOR_Y, path,
                                      resolution=5) == path
    assert gif_size(path) == (1000, 500)


# ----- lesson 10 -------------------------------------------------------------------------

LESSON_FAST = ["--epochs", "300", "--show", "100", "--gif-frames", "3",
               "--resolution", "6"]


def run_lesson(args, hide_matplotlib):
    if hide_matplotlib:
        command = [sys.executable, "-c", HIDE_MATPLOTLIB, LESSON] + args
    else:
        command = [sys.executable, LESSON] + args
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_lesson10_without_matplotlib_learns_xor_and_prints_one_hint(tmp_path):
    # The default training (3000 epochs of 2-2-1 on four points) is fast; with
    # matplotlib hidden no picture is drawn.
    out_dir = tmp_path / "plots"
    out = run_lesson(["--gif-frames", "0", "--out-dir", str(out_dir)], hide_matplotlib=True)
    assert "After 3000 epochs:" in out
    assert "h1 = sigmoid(" in out and "h1 draws the line x2 = " in out
    assert "which is x1 XOR x2" in out
    assert out.count("matplotlib is not installed") == 1
    assert plots.MISSING_HINT in out.splitlines()
    assert not out_dir.exists()


def test_lesson10_writes_its_pictures(tmp_path):
    pytest.importorskip("matplotlib")
    out = run_lesson(LESSON_FAST + ["--out-dir", str(tmp_path)], hide_matplotlib=False)
    assert "After 300 epochs:" in out
    for name in ("before", "after"):
        path = tmp_path / f"lesson10_xor_{name}.png"
        assert str(path) in out
        assert png_size(path) == (1200, 600)
    # Panels at epochs 0, 100, 300: 3 columns, 1 row, plus the strip.
    assert png_size(tmp_path / "lesson10_xor_training.png") == (1500, 500)
    if plots.pillow_available():
        assert gif_size(tmp_path / "lesson10_xor.gif") == (1000, 500)


def test_lesson10_gate_names_and_lines():
    lesson = load_definitions("lesson10_neuron_pictures.py")
    # Outputs at (0,0), (0,1), (1,0), (1,1): on unless both are 1.
    assert lesson.gate_name([0.9, 0.8, 0.7, 0.1], "x1", "x2") == "x1 NAND x2 (not both)"
    assert lesson.gate_name([0.1, 0.9, 0.9, 0.2], "h1", "h2") == "h1 XOR h2"
    assert lesson.gate_name([0.1, 0.1, 0.9, 0.2], "h1", "h2") == "h1 AND NOT h2"
    # z = 1*x1 + 2*x2 - 2 = 0  <=>  x2 = -0.5*x1 + 1; z grows with x2, so on above it.
    net = Network([2, 1], weights=[[[1.0, 2.0]]], biases=[[-2.0]])
    assert lesson.line_in_words(net, 0) == (
        "o1 draws the line x2 = -0.50*x1 + 1.00 (its z = 0): o1 > 0.5 above it, "
        "< 0.5 below")
