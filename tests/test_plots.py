"""network.plots and lessons 07-09.

* Each picture function writes a PNG of the size its docstring promises (read from
  the PNG header with struct, no Pillow needed). These tests need matplotlib and
  are skipped without it.
* Every picture explains itself: for each kind, the matplotlib Figure (from its
  ``*_figure`` function) has its title, axis labels where it has axes, and a legend
  or a colour bar wherever a colour, a marker or a width stands for something; the
  key says what (checked on the Figure objects, not on pixels).
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
import types

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
    check_png(path, plots.plot_network(after, path, title="2-2-1"), 650, 525)
    path = str(tmp_path / "before_after.png")
    check_png(path, plots.plot_network_before_after(before, after, path), 1300, 525)


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
              500, 575)
    # 3 snapshots in rows of 2: 2 columns x 2 rows of 325 x 350 pixels, and the key.
    path = str(tmp_path / "panels.png")
    returned = plots.plot_decision_boundaries(snapshots, XOR_X, XOR_Y, path, columns=2,
                                              title="xor", resolution=10)
    check_png(path, returned, 650, 800)
    if not plots.pillow_available():
        pytest.skip("Pillow is not installed: no GIF")
    path = str(tmp_path / "anim.gif")
    assert plots.animate_decision_boundary(snapshots, XOR_X, XOR_Y, path,
                                           resolution=8) == path
    assert gif_size(path) == (500, 575)


def test_decision_boundary_with_a_two_output_softmax_network(tmp_path):
    pytest.importorskip("matplotlib")
    net = Network([2, 3, 2], activation="tanh", loss="cross_entropy", seed=1)
    labels = [0, 1, 1, 0]
    path = str(tmp_path / "softmax.png")
    check_png(path, plots.plot_decision_boundary(net, XOR_X, labels, path, resolution=8),
              500, 575)


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
    check_png(path, plots.plot_confusion_matrix(labels, predictions, path), 750, 600)
    # 3 rows (pairs) of 4 examples: 4 * 125 by 3 * 150 + 50 pixels.
    path = str(tmp_path / "pairs.png")
    check_png(path, plots.plot_confused_pairs(images, labels, predictions, path, top=3,
                                              examples=4), 500, 500)
    # 12 neurons in rows of 8: 2 rows; 100 pixels more across for the colour bar, and
    # 100 down for the two-line title.
    net = Network([784, 12, 10], activation="relu", loss="cross_entropy", seed=0)
    path = str(tmp_path / "weights.png")
    check_png(path, plots.plot_hidden_weights(net, path), 1100, 400)


def test_confused_pairs_without_mistakes_still_draws(tmp_path):
    pytest.importorskip("matplotlib")
    path = str(tmp_path / "none.png")
    check_png(path, plots.plot_confused_pairs(fake_digits(2), [3, 4], [3, 4], path,
                                              top=2, examples=3), 375, 350)


def test_paths_must_end_in_png(tmp_path):
    with pytest.raises(ValueError, match="must end in .png"):
        plots.plot_loss_curve([1.0], str(tmp_path / "loss.jpg"))


# ----- every picture explains itself: title, axis labels, legend or colour bar ----------


def is_colour_bar(axes):
    return axes.get_label() == "<colorbar>"


def plain_axes(figure):
    """The figure's axes that hold the picture (not its colour bars)."""
    return [axes for axes in figure.axes if not is_colour_bar(axes)]


def colour_bar_labels(figure):
    return [axes.get_ylabel() or axes.get_xlabel() for axes in figure.axes
            if is_colour_bar(axes)]


def legend_texts(figure):
    """Every legend entry of the figure and of its axes, and the legends' titles."""
    texts = []
    legends = list(figure.legends)
    for axes in figure.axes:
        if axes.get_legend() is not None:
            legends.append(axes.get_legend())
    for legend in legends:
        texts.append(legend.get_title().get_text())
        for text in legend.get_texts():
            texts.append(text.get_text())
    return texts


def suptitle(figure):
    return figure._suptitle.get_text() if figure._suptitle is not None else ""


def any_contains(texts, words):
    return any(words in text for text in texts)


def test_loss_curve_key_and_log_axis():
    pytest.importorskip("matplotlib")
    figure = plots.loss_curve_figure([1.0, 0.1, 0.01], validation=[1.1, 0.2, 0.05],
                                     title="walkthrough")
    axes = figure.axes[0]
    assert axes.get_title() == "walkthrough"
    assert axes.get_xlabel() == "epoch" and axes.get_ylabel() == "loss (log scale)"
    assert axes.get_yscale() == "log"
    assert any_contains(legend_texts(figure), "training (last 0.01)")
    assert any_contains(legend_texts(figure), "validation (last 0.05)")
    # A loss of 0 cannot go on a log axis: linear, and the label says plain "loss".
    axes = plots.loss_curve_figure([1.0, 0.0]).axes[0]
    assert axes.get_yscale() == "linear" and axes.get_ylabel() == "loss"


def test_loss_panels_keys_below_the_curves_and_whole_epoch_ticks():
    pytest.importorskip("matplotlib")
    panels = {"spirals": {"sgd (rate 0.1)": [0.7, 0.5, 0.4],
                          "sgd (rate 0.1) (held out)": [0.8, 0.6, 0.5],
                          "adam (rate 0.01)": [0.6, 0.2, 0.1],
                          "adam (rate 0.01) (held out)": [0.7, 0.3, 0.2]},
              "gap": {"plain": [1.0, 2.0, 3.0]}}
    figure = plots.loss_panels_figure(panels, log_scale=True,
                                      ylabels={"gap": "gap (points)"})
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    first, second = plain_axes(figure)
    assert (first.get_title(), second.get_title()) == ("spirals", "gap")
    assert first.get_xlabel() == second.get_xlabel() == "epoch"
    assert first.get_ylabel() == "loss (log scale)"
    assert second.get_ylabel() == "gap (points) (log scale)"
    entries = [text.get_text() for text in first.get_legend().get_texts()]
    # One entry per run, with its rate and last values, then what the styles mean.
    assert entries == ["sgd (rate 0.1): last 0.4, held out 0.5",
                       "adam (rate 0.01): last 0.1, held out 0.2",
                       "solid: training", "dashed: held out"]
    for axes in (first, second):
        # The key hangs below the panel: it covers no curve.
        assert (axes.get_legend().get_window_extent(renderer).y1
                <= axes.get_window_extent(renderer).y0)
        low, high = axes.get_xlim()
        for tick in axes.get_xticks():
            if low <= tick <= high:
                assert tick == int(tick), f"an epoch tick at {tick}"


def test_activations_and_regression_fit_keys():
    pytest.importorskip("matplotlib")
    figure = plots.activations_figure()
    for axes, name in zip(plain_axes(figure), ("sigmoid", "relu", "tanh")):
        assert axes.get_title() == name
        assert axes.get_xlabel() and axes.get_ylabel()
        assert [text.get_text() for text in axes.get_legend().get_texts()] == [
            f"{name}(z)", f"d {name}(z) / dz (its slope)"]
    figure = plots.regression_fit_figure([-1.0, 1.0], [-0.8, 0.8], [-2.0, 0.0, 2.0],
                                         [("sin(x)", [0.0, 0.0, 0.0])], title="fit")
    axes = figure.axes[0]
    assert axes.get_title() == "fit" and axes.get_xlabel() == "x" and axes.get_ylabel() == "y"
    assert {"training data", "no training data", "sin(x)"} <= set(legend_texts(figure))


def test_network_diagrams_say_what_the_inputs_edges_and_widths_are():
    pytest.importorskip("matplotlib")
    before = tiny_classifier()
    after = copy.deepcopy(before)
    after.set_parameter("w1", -3.0)
    figures = [plots.network_figure(after, title="2-2-1"),
               plots.network_before_after_figure(before, after,
                                                 inputs=["weight - 135 (lb)",
                                                         "height - 66 (in)"])]
    for figure in figures:
        keys = legend_texts(figure)
        assert "edges: one weight each" in keys
        assert {"positive weight", "negative weight", "|w| = 0 (thinnest)"} <= set(keys)
        assert "|w| = 3.00 (thickest)" in keys
        for axes in figure.axes:
            assert axes.get_title()
            # Edges use the weights' own colours, never the red of class 1.
            for line in axes.get_lines():
                assert line.get_color() in plots.WEIGHT_COLORS
    texts = [text.get_text() for text in figures[0].texts]
    assert any_contains(texts, "x1 = the network's input 1")
    texts = [text.get_text() for text in figures[1].texts]
    assert any_contains(texts, "x1 = weight - 135 (lb)\nx2 = height - 66 (in)")
    with pytest.raises(ValueError, match="inputs describes 1 inputs, but the network has 2"):
        plots.network_figure(after, inputs=["one"])


def test_decision_boundary_pictures_have_axes_classes_shading_and_counted_points():
    pytest.importorskip("matplotlib")
    net = tiny_classifier()
    figures = [plots.decision_boundary_figure(net, XOR_X, XOR_Y, resolution=6),
               plots.decision_boundaries_figure([(0, net), (5, net)], XOR_X, XOR_Y,
                                                title="xor", resolution=6)]
    for figure in figures:
        assert colour_bar_labels(figure) == ["network's probability of class 1"]
        keys = legend_texts(figure)
        assert {"class 0 (target 0)", "class 1 (target 1)",
                "decision boundary (probability 0.5)"} <= set(keys)
        for axes in plain_axes(figure):
            assert axes.get_xlabel() == "x1" and axes.get_ylabel() == "x2"
            # Which points "% right" counts, and how many of them.
            assert "% of the 4 training points right" in axes.get_title()
    assert suptitle(figures[1]) == "xor"
    assert plain_axes(figures[1])[1].get_title().startswith("epoch 5\n")


def test_neuron_pictures_have_colour_bars_and_keys_and_red_means_one_thing():
    pytest.importorskip("matplotlib")
    net = Network([2, 2, 1], activation="sigmoid", seed=0)
    for figure in (plots.neuron_views_figure(net, XOR_X, XOR_Y, title="xor", resolution=5),
                   plots.neuron_views_over_training_figure([(0, net), (3, net)], XOR_X,
                                                           XOR_Y, title="xor",
                                                           resolution=5)):
        assert suptitle(figure) == "xor"
        assert colour_bar_labels(figure) == ["h1, h2, o1: output (sigmoid)"]
        keys = legend_texts(figure)
        assert {"positive weight", "negative weight", "z = 0: the neuron's line",
                "class 0 (target 0)", "class 1 (target 1)"} <= set(keys)
        for axes in plain_axes(figure):
            for line in axes.get_lines():
                # Red is for "1" (an output near 1, class 1), never for a weight.
                assert line.get_color() != plots.CLASS_COLORS[1]
    plane = plain_axes(plots.neuron_views_figure(net, XOR_X, XOR_Y, resolution=5))[0]
    assert plane.get_xlabel() == "x1" and plane.get_ylabel() == "x2" and plane.get_title()


def test_digit_pictures_have_their_keys(tmp_path):
    pytest.importorskip("matplotlib")
    images = fake_digits(12)
    labels = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 4, 4]
    predictions = [0, 1, 2, 5, 9, 5, 6, 7, 8, 9, 9, 4]
    figure = plots.digit_grid_figure(images, labels, predictions, columns=6)
    assert suptitle(figure).endswith("9 of 12 right (wrong ones in red, with the true digit)")
    figure = plots.confused_pairs_figure(images, labels, predictions, top=2, examples=1)
    titles = [axes.get_title(loc="left") for axes in figure.axes]
    assert "true 4, predicted 9: 2 times, 1 of them shown" in titles
    assert "true 3, predicted 5: once" in titles


def test_confusion_matrix_counts_are_readable_off_the_diagonal():
    pytest.importorskip("matplotlib")
    labels = [0] * 90 + [1] * 95 + [0, 0, 1]
    predictions = [0] * 90 + [1] * 95 + [1, 1, 0]
    figure = plots.confusion_matrix_figure(labels, predictions, n_classes=2)
    axes = plain_axes(figure)[0]
    assert axes.get_xlabel() == "predicted digit" and axes.get_ylabel() == "true digit"
    assert "185 of 188 on the diagonal (right), 3 off it (mistakes)" in axes.get_title()
    assert colour_bar_labels(figure) == ["right answers (on the diagonal)",
                                         "mistakes (off the diagonal)"]
    counts = {}
    for text in axes.texts:
        counts[text.get_text()] = text
    # The off-diagonal counts 2 and 1: as large as the others, black or white.
    for count in ("2", "1"):
        assert counts[count].get_fontsize() >= 10
        assert counts[count].get_color() in ("black", "white")


def test_hidden_weight_images_share_one_scale_and_name_the_dead():
    pytest.importorskip("matplotlib")
    net = Network([784, 4, 10], activation="relu", loss="cross_entropy", seed=0)
    dead = net.layers[0].neurons[1]           # h2: off for every input below
    dead.weights = [-1.0] * 784
    dead.bias = -1.0
    inputs = fake_digits(5)                   # brightness >= 0: z = -1 - (sum) < 0
    figure = plots.hidden_weights_figure(net, max_neurons=3, X=inputs)
    title = suptitle(figure)
    assert "the first 3 of 4 neurons" in title
    assert "1 of them dead (off for all 5 digits checked" in title
    images = []
    for axes in plain_axes(figure):
        images.extend(axes.get_images())
    assert len(images) == 3
    assert len({image.get_clim() for image in images}) == 1       # one shared scale
    assert images[0].get_clim() == (-1.0, 1.0)                    # h2's |w| = 1 is the largest
    assert [axes.get_title() for axes in plain_axes(figure)] == ["h1", "h2 (dead)", "h3"]
    assert colour_bar_labels(figure) == [
        "weight (green: a bright pixel raises z, purple: lowers it)"]
    assert "all 4 neurons" in suptitle(plots.hidden_weights_figure(net))


def test_dead_neurons_by_hand():
    # h1 = relu(x1 - x2), h2 = relu(-x1 - 1): h2 is off for every x1 >= 0; h1 is on for
    # [2, 1] (z = 1) though off for [1, 2] (z = -1).
    net = Network([2, 2, 1], activation="relu", output_activation="sigmoid",
                  weights=[[[1.0, -1.0], [-1.0, 0.0]], [[1.0, 1.0]]],
                  biases=[[0.0, -1.0], [0.0]])
    assert plots.dead_neurons(net, [[1.0, 2.0], [2.0, 1.0]]) == ["h2"]
    assert plots.dead_neurons(net, [[1.0, 2.0]]) == ["h1", "h2"]
    assert plots.dead_neurons(Network([2, 2, 1]), [[1.0, 2.0]]) == []    # sigmoid: none


def test_show_or_save_writes_the_file_outside_a_kernel(tmp_path, monkeypatch):
    pytest.importorskip("matplotlib")
    # A program that has imported ipykernel, with no kernel running, is not a notebook:
    # the picture goes to the file. (In a kernel it is shown inline: tests/test_notebooks.py.)
    monkeypatch.setitem(sys.modules, "ipykernel", types.ModuleType("ipykernel"))
    assert not plots.in_a_kernel()
    path = str(tmp_path / "loss.png")
    assert plots.show_or_save(plots.loss_curve_figure([1.0, 0.5]), path) == path
    check_png(path, path, 650, 400)


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
    # Every kind of figure says so the same way, never with a bare ImportError.
    net = tiny_classifier()
    for make in (lambda: plots.loss_panels_figure({"a": {"sgd": [1.0]}}),
                 lambda: plots.confusion_matrix_figure([0, 1], [1, 1], n_classes=2),
                 lambda: plots.network_figure(net),
                 lambda: plots.decision_boundary_figure(net, XOR_X, XOR_Y, resolution=2),
                 lambda: plots.neuron_views_figure(net, XOR_X, XOR_Y, resolution=2),
                 lambda: plots.hidden_weights_figure(Network([4, 2, 2]))):
        with pytest.raises(plots.PlotsUnavailable, match="pip install"):
            make()


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
    # The four tools are introduced before they are used: tanh, binary cross-entropy,
    # mini-batches, Adam, each with numbers.
    assert "tanh(z)  slope" in out and "cross-entropy  dL/dz" in out
    assert "24 points in batches of 10: 3 steps per epoch" in out
    assert "moved by SGD   moved by Adam" in out
    # Panels at epochs 0, 1, 4: 3 columns, 1 row.
    for name in ("xor", "moons"):
        path = tmp_path / f"lesson07_{name}_boundaries.png"
        assert str(path) in out
        assert png_size(path) == (975, 450)
        if plots.pillow_available():
            assert gif_size(tmp_path / f"lesson07_{name}.gif") == (500, 575)
    assert png_size(tmp_path / "lesson07_xor_network.png") == (1300, 525)


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
