"""Lesson 12 (why augmentation helps) and plots.plot_augmented_grid.

* The grid picture has the size its docstring promises (read from the PNG header),
  and its "random copy, epoch e" column is the very copy the trainer's
  ``--augment affine`` trains on in epoch e (checked through train_mnist.py's own
  epoch_digits, an independent path to the copies).
* Wrong arguments raise ValueError naming the problem, with or without matplotlib.
* The lesson's helpers are checked on hand-made inputs with hand-worked answers.
* The lesson's claim, on a reduced run (300 training digits, 5 epochs): the plain
  network's training accuracy runs far ahead of its held-out accuracy, and
  augmentation makes that gap clearly smaller.
* Without matplotlib the lesson still runs, prints its tables and the hint line
  (simulated with sys.modules["matplotlib"] = None, as in test_plots.py).
"""
import os
import random
import subprocess
import sys

import pytest

from datasets import augment
from datasets.augment import AugmentedImages
from datasets.mnist import Digits, load_bundled_split
from network import plots
from lesson_definitions import load_definitions
from network.plots.digits import _augmented_row
from picture_files import HIDE_MATPLOTLIB, png_size

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SIDE = 28
N = SIDE * SIDE


def image_with(lit):
    """784 bytes, all 0 except {(row, col): value}."""
    pixels = bytearray(N)
    for (r, c), value in lit.items():
        pixels[r * SIDE + c] = value
    return bytes(pixels)


def small_digits():
    """Three hand-made digits: a short vertical stroke, a block, a diagonal."""
    stroke = image_with({(r, 14): 255 for r in range(8, 20)})
    block = image_with({(r, c): 200 for r in range(10, 18) for c in range(10, 18)})
    diagonal = image_with({(k, k): 255 for k in range(6, 22)})
    return Digits(stroke + block + diagonal, [1, 0, 7], name="hand-made")


@pytest.fixture
def lesson():
    """The lesson's functions, without running the lesson."""
    return load_definitions("lesson12_augmentation.py")


# %% plot_augmented_grid --------------------------------------------------------------


def test_grid_png_has_the_promised_size(tmp_path):
    pytest.importorskip("matplotlib")
    digits = small_digits()
    # kinds: the digit, 6 single changes, 2 random copies = 9 columns of 125 pixels;
    # 2 rows of 150 pixels + 50 for the title.
    path = str(tmp_path / "grid.png")
    assert plots.plot_augmented_grid(digits, [0, 2], path, versions=2) == path
    assert png_size(path) == (9 * 125, 2 * 150 + 50)
    # Without the single changes: the digit and 4 copies = 5 columns, 1 row.
    path = str(tmp_path / "copies.png")
    plots.plot_augmented_grid(digits, [1], path, versions=4, kinds=False, elastic=True)
    assert png_size(path) == (5 * 125, 150 + 50)


def test_grid_figure_titles_every_picture():
    pytest.importorskip("matplotlib")
    figure = plots.augmented_grid_figure(small_digits(), [0, 2], versions=1)
    assert figure._suptitle.get_text() == (
        "Each digit, one change at a time, and the random copies training sees")
    titles = [axes.get_title() for axes in figure.axes]
    assert len(titles) == 2 * (1 + 6 + 1) and all(titles)
    # The stored digit is named by its number in the set and what it shows.
    assert titles[0] == "no. 0: a 1\nas stored" and titles[8] == "no. 2: a 7\nas stored"


@pytest.mark.parametrize("indices, options, message", [
    ([], {}, "at least one digit number"),
    ([3], {}, "3 is not a digit number: expected a whole number 0..2"),
    ([-1], {}, "-1 is not a digit number"),
    ([1.0], {}, "1.0 is not a digit number"),
    ([0], {"versions": -1}, "versions .* must be a whole number >= 0, got -1"),
    ([0], {"versions": 2.5}, "versions .* got 2.5"),
    ([0], {"versions": 0, "kinds": False}, "nothing to draw"),
    ([0], {"max_degrees": -5.0}, "AugmentedImages: max_degrees must be >= 0"),
    ([0], {"scale_range": (1.2, 0.8)}, "scale_range"),
])
def test_grid_refuses_bad_input_with_or_without_matplotlib(tmp_path, indices, options,
                                                           message):
    with pytest.raises(ValueError, match=message):
        plots.plot_augmented_grid(small_digits(), indices, str(tmp_path / "g.png"),
                                  **options)
    assert not os.path.exists(str(tmp_path / "g.png"))


def test_grid_refuses_a_path_that_is_not_png(tmp_path):
    with pytest.raises(ValueError, match="must end in .png"):
        plots.plot_augmented_grid(small_digits(), [0], str(tmp_path / "grid.jpg"))


def test_grid_rows_show_the_changes_they_name():
    digits = small_digits()
    every_epoch = AugmentedImages(digits, seed=5, epoch=0)
    row = _augmented_row(digits, 0, 2, 5, True, every_epoch)
    titles = [title for title, _ in row]
    assert titles[0] == "no. 0: a 1\nas stored"
    assert titles[-2:] == ["random copy\nepoch 0", "random copy\nepoch 1"]
    assert len(row) == 1 + 6 + 2
    stroke = digits.pixels(0)
    assert row[0][1] == stroke
    # "shifted 2 right, 1 up": the stroke's column 14, rows 8..19 moves to column 16,
    # rows 7..18 (worked by hand, not with augment.shift).
    assert row[1][1] == image_with({(r, 16): 255 for r in range(7, 19)})
    # The elastic column is drawn from the generator the docstring names.
    rng = random.Random(augment.item_seed(5, 0, 0))
    assert row[6][1] == augment.elastic_distort(stroke, rng)


def test_grid_copies_are_the_ones_the_trainer_trains_on(load_script):
    trainer = load_script("train_mnist.py")
    train, _ = load_bundled_split(n_test=1000, seed=3)
    train = train.subset(range(5))
    # The grid shows a copy in every epoch: the trainer's --augment-every 1.
    args = trainer.parse_args(["--augment", "affine", "--seed", "3", "--augment-every", "1"])
    every_epoch = AugmentedImages(train, seed=3, epoch=0,
                                  **trainer.AUGMENTATIONS["affine"])
    row = _augmented_row(train, 4, 3, 3, False, every_epoch)
    assert len(row) == 4
    for epoch in range(3):
        trained_on = trainer.epoch_digits(train, args, epoch).pixels(4)
        assert row[1 + epoch][1] == trained_on
    # A fresh copy every epoch.
    assert row[1][1] != row[2][1] and row[2][1] != row[3][1] and row[1][1] != row[3][1]


# %% The lesson's helpers, on hand-made inputs ----------------------------------------


def test_describe_puts_the_amounts_in_words(lesson):
    assert (lesson.describe(4.24, 0.97, 1, -2)
            == "turned 4.2 degrees left, scaled to 97%, moved 1 right and 2 up")
    assert (lesson.describe(-3.0, 1.1, 0, 0)
            == "turned 3.0 degrees right, scaled to 110%, not moved")
    assert lesson.describe(0.0, 1.0, -2, 1).endswith("moved 2 left and 1 down")


def test_drawn_amounts_rebuild_the_copy(lesson):
    train, _ = load_bundled_split(n_test=1000, seed=0)
    copies = AugmentedImages(train.subset(range(8)), seed=2, epoch=3, **lesson.AFFINE)
    for i in range(8):
        degrees, factor, dx, dy = lesson.drawn_amounts(copies, i)
        assert -10.0 <= degrees <= 10.0 and 0.9 <= factor <= 1.1
        assert -2 <= dx <= 2 and -2 <= dy <= 2
        rebuilt = augment.shift(augment.rotate_and_scale(train.pixels(i), degrees, factor),
                                dx, dy)
        assert rebuilt == copies.pixels(i), f"digit {i}"


def test_side_by_side_crops_the_blank_margins_of_all_pictures(lesson):
    a = image_with({(5, 5): 255})          # digit_as_text: 255 -> "@"
    b = image_with({(7, 9): 128})          # 128 / 255 = 0.502 -> level 5 -> "+"
    text = lesson.side_by_side([a, b], ["A", "B"], gap=2)
    # Ink spans rows 5..7 and columns 5..9 (5 wide) over both pictures.
    assert text.split("\n") == [
        "A      B",
        "@",
        "",
        "           +",
    ]


def test_changed_pixels_counts_differences(lesson):
    a = image_with({(0, 0): 1, (3, 3): 9})
    b = image_with({(0, 0): 1, (3, 3): 8, (27, 27): 255})
    assert lesson.changed_pixels(a, b) == 2
    assert lesson.changed_pixels(a, a) == 0


def hand_results():
    """Two epochs of made-up curves: plain memorizes, augmented does not."""
    return {
        "plain": {"train": [0.9, 1.0], "copies": [0.9, 1.0], "held_out": [0.8, 0.9],
                  "seconds": [2.0]},
        "augmented": {"train": [0.8, 0.95], "copies": [0.7, 0.875],
                      "held_out": [0.75, 0.92], "seconds": [3.0]},
    }


def test_tables_and_sentences_use_the_numbers(lesson):
    results = hand_results()
    assert lesson.gap(results["plain"]) == pytest.approx(10.0)        # 100 * (1.0 - 0.9)
    assert lesson.gap(results["augmented"], 0) == pytest.approx(5.0)  # 100 * (0.8 - 0.75)
    rows = lesson.epoch_table(results).split("\n")
    assert len(rows) == 2 + 2
    assert rows[3].split() == ["2", "100.0%", "90.0%", "95.0%", "92.0%"]
    final = lesson.gap_table(results).split("\n")
    assert final[1].split() == ["plain", "100.0%", "100.0%", "90.0%", "10.0", "90.0%",
                                "(epoch", "2)", "2"]
    assert final[2].split()[1:5] == ["95.0%", "87.5%", "92.0%", "3.0"]
    text = "\n".join(lesson.conclusions(results, n_train=200, n_held=100))
    assert ("Plain: 200 of the 200 training digits right (100.0%) but 90.0% of the "
            "100 held-out ones: a gap of 10.0 points. It knows its training digits "
            "by heart.") in text
    # gap 3.0 = 10.0 - 7.0; held out 92.0% = 90.0% + 2.0
    assert ("Augmented: gap 3.0 points (7.0 narrower than plain), held out 92.0% "
            "(up 2.0 points).") in text
    # 95.0% - 87.5% = 7.5 points lower on the copies
    assert "87.5% on the last epoch's copies and 95.0% on the digits as stored (7.5" in text
    assert "Best on the held-out digits after the last epoch: augmented (92.0%)." in text
    # last 1 epoch: plain 0.9 - 0.8 = +10.0, augmented 0.92 - 0.75 = +17.0
    assert "plain +10.0, augmented +17.0" in text


def test_sentences_say_so_when_a_run_does_worse(lesson):
    results = hand_results()
    results["augmented"]["held_out"] = [0.75, 0.85]          # gap 10.0, down 5.0
    results["augmented"]["train"] = [0.8, 0.96]              # gap 11.0: wider by 1.0
    text = "\n".join(lesson.conclusions(results, n_train=10, n_held=10))
    assert "gap 11.0 points (1.0 wider than plain), held out 85.0% (down 5.0" in text
    assert "Best on the held-out digits after the last epoch: plain (90.0%)." in text


# %% The lesson's runs ------------------------------------------------------------------


def test_compare_measures_every_epoch(lesson):
    results = lesson.compare(n_train=40, n_held=30, epochs=2, seed=1,
                             runs=["plain", "augmented + dropout 0.25"])
    assert list(results) == ["plain", "augmented + dropout 0.25"]
    for curves in results.values():
        for key in ("train", "copies", "held_out"):
            assert len(curves[key]) == 2
            for value in curves[key]:
                # accuracies on 40 / 30 digits are whole multiples of 1/40, 1/30
                count = value * (30 if key == "held_out" else 40)
                assert abs(count - round(count)) < 1e-9 and 0 <= value <= 1
        assert curves["seconds"][0] >= 0.0
    assert results["plain"]["train"] == results["plain"]["copies"]
    with pytest.raises(ValueError, match="n_train must be 1..4000"):
        lesson.compare(n_train=4001, epochs=1)


def test_augmentation_narrows_the_gap_between_training_and_held_out(lesson):
    # The lesson's claim on a reduced run (300 training and 300 held-out digits,
    # 5 epochs): the plain network gets nearly all its training digits right and
    # runs well ahead held out; trained on fresh copies, the gap is at least 3
    # points smaller. (Held-out accuracy itself needs the lesson's longer run:
    # after 5 epochs the copies are still being learned.)
    results = lesson.compare(n_train=300, n_held=300, epochs=5, seed=0,
                             runs=["plain", "augmented"])
    plain, augmented = results["plain"], results["augmented"]
    assert plain["train"][-1] >= 0.98
    assert lesson.gap(plain) >= 8.0
    assert lesson.gap(augmented) <= lesson.gap(plain) - 3.0
    # It cannot memorize the copies it trains on: they score below the stored digits.
    assert augmented["copies"][-1] < augmented["train"][-1]


# %% The whole lesson ------------------------------------------------------------------


def test_the_lesson_runs_and_saves_both_pictures(tmp_path):
    pytest.importorskip("matplotlib")
    folder = str(tmp_path / "out")
    script = os.path.join(ROOT, "scripts", "lesson12_augmentation.py")
    result = subprocess.run([sys.executable, script, "--train", "30", "--held-out", "20",
                             "--epochs", "2", "--out-dir", folder],
                            capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    grid = os.path.join(folder, "lesson12_augmented_grid.png")
    curves = os.path.join(folder, "lesson12_curves.png")
    assert f"Saved {grid}" in out and f"Saved {curves}" in out
    assert png_size(grid) == (10 * 125, 4 * 150 + 50)   # 1 + 6 + 3 columns, 4 digits
    assert png_size(curves) == (2 * 500, 675)           # two panels, their keys below
    assert "epoch 0's copy" in out and "Best on the held-out digits" in out
    # The stored digit is named by its number and what it shows, never "digit 0 (a 3)".
    train, _ = load_bundled_split(n_test=1000, seed=0)
    label = train.labels[0]
    assert f"no. 0, {'an' if label == 8 else 'a'} {label}" in out
    # The schedule is shown before it is used: 0.03 falling along a cosine.
    assert "learning rate in each epoch: 0.0300, 0.0150" in out
    for name in ("plain", "dropout 0.5", "augmented", "augmented + dropout 0.25"):
        assert f"   {name}: held out " in out


def test_without_matplotlib_the_lesson_prints_the_hint(tmp_path):
    folder = str(tmp_path / "out")
    script = os.path.join(ROOT, "scripts", "lesson12_augmentation.py")
    command = [sys.executable, "-c", HIDE_MATPLOTLIB, script, "--train", "20",
               "--held-out", "10", "--epochs", "1", "--out-dir", folder]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(plots.MISSING_HINT) == 1      # once, at the first picture
    assert "After the last epoch" in result.stdout
    assert "Plain: " in result.stdout
    assert not os.path.exists(folder)
