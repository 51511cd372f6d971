# %% [markdown]
# # Lesson 11: the same network trained with every optimizer, then with and without regularization
#
# Why momentum and Adam exist, and what L1, L2 and dropout do. Three experiments, each
# a table (and, with matplotlib, a picture of all the curves):
#
# 1. Two spirals (2-D, 200 training points, 100 held out), a 2-16-16-1 tanh network,
#    mini-batches of 10, 100 epochs, with each optimizer: SGD creeps, momentum
#    gathers speed along the directions the gradients agree on, RMSprop and Adam
#    give every weight its own step size.
# 2. Digits (600 bundled training digits, 400 held out), 784-32-10 ReLU/softmax,
#    mini-batches of 10, 4 epochs, each optimizer again.
# 3. Overfitting: 40 noisy "moons" points and a 2-32-32-1 network that can memorize
#    them. Without a penalty the training loss goes to 0 while the held-out loss
#    grows; L2, L1 and dropout trade some training loss for a smaller gap.
#
# **How to run it.** As a notebook: `scripts/notebooks/lesson11_optimizers.ipynb`
# (Jupyter, VS Code), after `python -m pip install -e .` in the repository's folder. As a
# script, from the repository's folder: `python scripts/lesson11_optimizers.py` (the
# picture goes to `plots/`; `--out-dir` for another folder). About a minute of CPU on
# CPython, 7 seconds on PyPy.

# %%
import os
import sys

if "__file__" in globals():      # run as a file: the library is the folder above scripts/
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
try:
    import network  # noqa: F401  (the library: is it installed?)
except ModuleNotFoundError as missing:
    if missing.name != "network":
        raise
    raise ModuleNotFoundError("This lesson needs the project's library. In the repository's "
                              "folder run:  python -m pip install -e .  then restart the "
                              "kernel.") from None

import argparse
import time
from typing import Dict, List, Optional, Sequence

from datasets.mnist import load_bundled_split
from datasets.shapes import moons, spirals
from network import History, Network, plots
from network.fast import FastNetwork

OPTIMIZER_RATES_2D = {"sgd": 0.1, "momentum": 0.01, "nesterov": 0.01,
                      "rmsprop": 0.01, "adam": 0.01, "adamw": 0.01}
OPTIMIZER_RATES_DIGITS = {"sgd": 0.1, "momentum": 0.01, "nesterov": 0.01,
                          "rmsprop": 0.001, "adam": 0.001, "adamw": 0.001}
REGULARIZERS = {"none": {}, "L2 0.003": {"l2": 0.003}, "L1 0.001": {"l1": 0.001},
                "dropout 0.5": {"dropout": 0.5}}

# %% [markdown]
# ## Settings
# In a notebook the lesson uses the defaults (`args = parse_flags(["--seed", "1"])` for
# another seed); from the command line, the flags.


# %%
def parse_flags(argv: Optional[List[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Lesson 11: the same network trained with every optimizer, then with "
                    "and without regularization.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--out-dir", default="plots",
                        help="where the PNG goes (in a notebook it is shown inline)")
    parser.add_argument("--seed", type=int, default=0)
    return parser.parse_args(argv)


# The flags come from the command line only when this file is run as a script: in a
# Jupyter kernel sys.argv holds the kernel's own flags, and a program that imports
# the file has flags of its own. Then the lesson uses its defaults.
IN_A_KERNEL = "ipykernel" in sys.modules
FROM_THE_COMMAND_LINE = __name__ == "__main__" and not IN_A_KERNEL
args = parse_flags(None if FROM_THE_COMMAND_LINE else [])
started = time.perf_counter()

# %% [markdown]
# ## The optimizers, and the learning rate each one gets
# Every optimizer moves each weight against its gradient g (the batch's mean dL/dw);
# they differ in how far (`network/optimizers.py` has each rule, weight by weight):
#
#     sgd        w <- w - rate * g
#     momentum   v <- 0.9 * v + g;  w <- w - rate * v       (a running sum of the steps)
#     nesterov   the same, with the step taken along g + 0.9 * v (a look ahead)
#     rmsprop    s <- 0.9 * s + 0.1 * g^2;  w <- w - rate * g / sqrt(s)
#     adam       momentum and rmsprop together (lesson 07), each corrected for its start at 0
#     adamw      adam, and every weight also shrinks by rate * 0.01 * w each step
#
# So the same learning rate means different step sizes, and each optimizer gets a rate
# that gives it steps of a similar size. SGD uses 0.1. Momentum adds up past gradients,
# so with beta = 0.9 its steps grow up to 1 / (1 - 0.9) = 10 times: it gets
# 0.1 * (1 - 0.9) = 0.01 to take steps of the same size in the end. RMSprop, Adam and
# AdamW divide each step by the size of recent gradients, so their rate is about the
# size of a step itself: 0.01 for the 2-D set, 0.001 for the digits.

# %%
print(f"{'optimizer':10}{'rate, spirals':>15}{'rate, digits':>14}")
for name in OPTIMIZER_RATES_2D:
    print(f"{name:10}{OPTIMIZER_RATES_2D[name]:>15g}{OPTIMIZER_RATES_DIGITS[name]:>14g}")

# %% [markdown]
# ## Tables
# `loss_table` prints each run's training loss after chosen epochs and its held-out
# accuracy at the end, each row labelled with the optimizer and its rate.

# %%
def labelled(name: str, rates: Optional[Dict[str, float]]) -> str:
    """"adam (rate 0.01)" when the run's learning rate is known, else the name."""
    if rates is None or name not in rates:
        return name
    return f"{name} (rate {rates[name]:g})"


def loss_table(runs: Dict[str, History], epochs_shown: Sequence[int],
               rates: Optional[Dict[str, float]] = None) -> str:
    """One row per run (with its learning rate, from ``rates``): the loss after the
    chosen epochs (counted from 1), then the held-out accuracy at the end."""
    header = f"{'':24}" + "".join(f"{'epoch ' + str(e):>11}" for e in epochs_shown)
    header += f"{'held-out acc':>14}"
    lines = [header]
    for name, history in runs.items():
        row = f"{labelled(name, rates):24}"
        for e in epochs_shown:
            row += f"{history[e - 1]:>11.4f}"
        row += f"{history.validation_accuracy[-1]:>14.1%}"
        lines.append(row)
    return "\n".join(lines)


def gap_table(runs: Dict[str, History]) -> str:
    """Training vs held-out loss and accuracy at the end: the gap (held-out loss
    minus training loss) is what regularization shrinks."""
    lines = [f"{'':14}{'train loss':>12}{'held-out loss':>15}{'gap':>9}{'train acc':>11}"
             f"{'held-out acc':>14}{'penalty':>10}"]
    for name, history in runs.items():
        gap = history.validation_loss[-1] - history[-1]
        lines.append(f"{name:14}{history[-1]:>12.4f}{history.validation_loss[-1]:>15.4f}"
                     f"{gap:>9.4f}{history.accuracy[-1]:>11.1%}"
                     f"{history.validation_accuracy[-1]:>14.1%}{history.penalty[-1]:>10.4f}")
    return "\n".join(lines)


def ranking(runs: Dict[str, History], epoch: int) -> str:
    """The runs ordered by their training loss after ``epoch`` (counted from 1)."""
    losses = {}
    for name in runs:
        losses[name] = runs[name][epoch - 1]
    names = sorted(runs, key=losses.get)
    return " < ".join(f"{name} {losses[name]:.3f}" for name in names)

# %% [markdown]
# ## 1. Optimizers on two spirals
# The same start (seed), the same batches, 100 epochs; only the optimizer changes.


# %%
def compare_optimizers_2d(epochs: int = 100, seed: int = 0) -> Dict[str, History]:
    X, y = spirals(n=300, noise=0.05, seed=seed)
    X_train, y_train, X_held, y_held = X[:200], y[:200], X[200:], y[200:]
    runs = {}
    for name, rate in OPTIMIZER_RATES_2D.items():
        net = Network([2, 16, 16, 1], activation="tanh", output_activation="sigmoid",
                      loss="binary_cross_entropy", seed=seed)
        runs[name] = net.train(X_train, y_train, epochs=epochs, learning_rate=rate,
                               batch_size=10, shuffle=True, optimizer=name,
                               validation=(X_held, y_held))
    return runs


print("1) Two spirals, 2-16-16-1 tanh, batches of 10: training loss after each epoch")
spiral_runs = compare_optimizers_2d(seed=args.seed)
print(loss_table(spiral_runs, [1, 10, 25, 50, 75, 100], OPTIMIZER_RATES_2D))
print(f"Lowest loss after 25 epochs: {ranking(spiral_runs, 25)}")

# %% [markdown]
# ## 2. Optimizers on digits
# A different problem: 784 inputs, most of them 0. The digit networks are
# `FastNetwork`s (`network/fast.py`): the same numbers as `Network`, several times
# faster, because they skip the zero pixels.


# %%
def compare_optimizers_digits(epochs: int = 4, n_train: int = 600, n_held: int = 400,
                              seed: int = 0) -> Dict[str, History]:
    train, held = load_bundled_split(n_test=1000, seed=seed)
    X_train = [train.images[i] for i in range(n_train)]
    X_held = [held.images[i] for i in range(n_held)]
    runs = {}
    for name, rate in OPTIMIZER_RATES_DIGITS.items():
        net = FastNetwork([784, 32, 10], activation="relu", loss="cross_entropy",
                          seed=seed)
        runs[name] = net.train(X_train, train.labels[:n_train], epochs=epochs,
                               learning_rate=rate, batch_size=10, shuffle=True,
                               optimizer=name, validation=(X_held, held.labels[:n_held]))
    return runs


print("2) Digits, 784-32-10, 600 training digits, batches of 10")
digit_runs = compare_optimizers_digits(seed=args.seed)
print(loss_table(digit_runs, [1, 2, 3, 4], OPTIMIZER_RATES_DIGITS))
print(f"Lowest loss after 1 epoch: {ranking(digit_runs, 1)}")

# %% [markdown]
# ## 3. Regularization on a set small enough to memorize
# Three ways to keep a network from learning its training points by heart
# (`network/regularization.py`):
#
#     L2 0.003     the loss gets + 0.003 * (sum of w^2): large weights cost something
#     L1 0.001     the loss gets + 0.001 * (sum of |w|): pushes small weights to 0
#     dropout 0.5  in training, each hidden neuron's output is dropped (set to 0) with
#                  probability 0.5, and the others are doubled: no neuron can rely on
#                  another one being there
#
# The gap is the held-out loss minus the training loss: what memorizing looks like.


# %%
def compare_regularization(epochs: int = 200, seed: int = 0) -> Dict[str, History]:
    X_train, y_train = moons(n=40, noise=0.3, seed=seed + 1)
    X_held, y_held = moons(n=100, noise=0.3, seed=seed + 2)
    runs = {}
    for name, options in REGULARIZERS.items():
        net = Network([2, 32, 32, 1], activation="tanh", output_activation="sigmoid",
                      loss="binary_cross_entropy", seed=seed, **options)
        runs[name] = net.train(X_train, y_train, epochs=epochs, learning_rate=0.01,
                               batch_size=8, shuffle=True, optimizer="adam",
                               validation=(X_held, y_held))
    return runs


print("3) 40 noisy moons, 2-32-32-1 (it can memorize them), Adam, 200 epochs")
regular_runs = compare_regularization(seed=args.seed)
print(gap_table(regular_runs))
plain = regular_runs["none"]
print(f"Without a penalty the training loss falls to {plain[-1]:.4f} while the held-out "
      f"loss ends at {plain.validation_loss[-1]:.4f} (lowest "
      f"{min(plain.validation_loss):.4f}, after epoch "
      f"{plain.validation_loss.index(min(plain.validation_loss)) + 1}): the network "
      f"memorizes.")

# %% [markdown]
# ## 4. Pictures: every curve
# One panel per experiment, the loss on a log scale (the differences that matter are
# near the bottom), each run in its own colour: solid its training loss, dashed its
# held-out loss; the key under each panel gives the learning rates and the last values.


# %%
def save_curves(experiments: Dict[str, Dict[str, History]], folder: str,
                rates: Optional[Dict[str, Dict[str, float]]] = None) -> None:
    """lesson11_optimizers.png (in a notebook: shown inline): one panel per experiment,
    each run's training loss solid and held-out loss dashed, labelled with its
    learning rate from ``rates[experiment]``."""
    if not plots.matplotlib_available():
        print(plots.MISSING_HINT)
        return
    panels = {}
    for title, runs in experiments.items():
        curves = {}
        for name, history in runs.items():
            label = labelled(name, (rates or {}).get(title))
            curves[label] = list(history)
            curves[label + " (held out)"] = list(history.validation_loss)
        panels[title] = curves
    figure = plots.loss_panels_figure(panels, log_scale=True)
    path = plots.show_or_save(figure, os.path.join(folder, "lesson11_optimizers.png"))
    if path:
        print(f"Saved {path}")


experiments = {"two spirals: optimizers": spiral_runs, "digits: optimizers": digit_runs,
               "40 moons: regularization": regular_runs}
save_curves(experiments, args.out_dir,
            {"two spirals: optimizers": OPTIMIZER_RATES_2D,
             "digits: optimizers": OPTIMIZER_RATES_DIGITS})
print(f"({time.perf_counter() - started:.0f} s)")
