"""Lesson 11 (optimizers and regularization compared) and plots.plot_loss_panels.

The lesson's claims are checked on shortened runs: the adaptive and momentum
optimizers get the spirals' training loss lower than plain SGD in the same number
of epochs, and on 40 moons every regularizer leaves a higher training loss but a
smaller gap between held-out and training loss than no regularization at all.
"""
import os

import pytest

from lesson_definitions import load_definitions
from network import plots
from picture_files import png_size


@pytest.fixture
def lesson():
    """The lesson's functions, without running the lesson."""
    return load_definitions("lesson11_optimizers.py")


def test_plot_loss_panels_draws_one_panel_per_family(tmp_path):
    pytest.importorskip("matplotlib")
    path = str(tmp_path / "panels.png")
    panels = {"a": {"sgd": [1.0, 0.5], "sgd (held out)": [1.2, 0.7]},
              "b": {"adam": [0.9, 0.1, 0.05]}}
    assert plots.plot_loss_panels(panels, path) == path
    assert png_size(path) == (1000, 675)      # two panels of 500 x 675 (the key below)


@pytest.mark.parametrize("panels, message", [
    ({}, "at least one panel"),
    ({"a": {}}, "panel 'a' has no curves"),
    ({"a": {"sgd": []}}, "panel 'a': curve 'sgd' has no values"),
])
def test_plot_loss_panels_refuses_empty_input(tmp_path, panels, message):
    with pytest.raises(ValueError, match=message):
        plots.plot_loss_panels(panels, str(tmp_path / "x.png"))


def test_momentum_and_adam_beat_sgd_on_the_spirals(lesson):
    runs = lesson.compare_optimizers_2d(epochs=25)
    assert list(runs) == ["sgd", "momentum", "nesterov", "rmsprop", "adam", "adamw"]
    sgd_loss = runs["sgd"][-1]
    for name in ("momentum", "nesterov", "rmsprop", "adam", "adamw"):
        assert runs[name][-1] < sgd_loss, f"{name} {runs[name][-1]} vs sgd {sgd_loss}"
    table = lesson.loss_table(runs, [1, 25], lesson.OPTIMIZER_RATES_2D)
    assert len(table.splitlines()) == 7 and "held-out acc" in table
    # Each optimizer's row says its learning rate.
    assert table.splitlines()[1].startswith("sgd (rate 0.1) ")
    assert table.splitlines()[5].startswith("adam (rate 0.01) ")
    order = lesson.ranking(runs, 25).split(" < ")
    assert order[-1].startswith("sgd ")


def test_regularization_trades_training_loss_for_a_smaller_gap(lesson):
    runs = lesson.compare_regularization(epochs=60)
    plain = runs["none"]
    plain_gap = plain.validation_loss[-1] - plain[-1]
    for name in ("L2 0.003", "L1 0.001", "dropout 0.5"):
        history = runs[name]
        assert history[-1] > plain[-1], name
        assert history.validation_loss[-1] - history[-1] < plain_gap, name
    assert runs["L2 0.003"].penalty[-1] > 0.0 and plain.penalty[-1] == 0.0
    assert "gap" in lesson.gap_table(runs).splitlines()[0]


def test_the_digit_comparison_runs_and_reports_held_out_accuracy(lesson):
    runs = lesson.compare_optimizers_digits(epochs=1, n_train=60, n_held=40)
    for name, history in runs.items():
        assert len(history) == 1 and len(history.validation_accuracy) == 1
        assert 0.0 <= history.validation_accuracy[-1] <= 1.0


def test_save_curves_writes_the_png(lesson, tmp_path, capsys):
    pytest.importorskip("matplotlib")
    runs = lesson.compare_optimizers_digits(epochs=2, n_train=30, n_held=20)
    lesson.save_curves({"digits": runs}, str(tmp_path),
                       {"digits": lesson.OPTIMIZER_RATES_DIGITS})
    path = os.path.join(str(tmp_path), "lesson11_optimizers.png")
    assert png_size(path) == (500, 675)
    assert f"Saved {path}" in capsys.readouterr().out
