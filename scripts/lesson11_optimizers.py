"""Lesson 11: the same network trained with every optimizer, then with and without
regularization: why momentum and Adam exist, and what L1, L2 and dropout do.

Three experiments, each a table (and, with matplotlib, one PNG of all the curves):

1. Two spirals (2-D, 200 training points, 100 held out), a 2-16-16-1 tanh network,
   mini-batches of 10, 100 epochs, with each optimizer: SGD creeps, momentum
   gathers speed along the directions the gradients agree on, RMSprop and Adam
   give every weight its own step size.
2. Digits (600 bundled training digits, 400 held out), 784-32-10 ReLU/softmax,
   mini-batches of 10, 4 epochs, each optimizer again.
3. Overfitting: 40 noisy "moons" points and a 2-32-32-1 network that can memorize
   them. Without a penalty the training loss goes to 0 while the held-out loss
   grows; L2, L1 and dropout trade some training loss for a smaller gap.

    python scripts/lesson11_optimizers.py                  # about 40 s on CPython
    python scripts/lesson11_optimizers.py --out-dir plots  # where the PNG goes

Learning rates: SGD uses 0.1. Momentum adds up past gradients, so with beta = 0.9
its steps grow up to 1 / (1 - 0.9) = 10 times; it gets 0.1 * (1 - 0.9) = 0.01 to
take steps of the same size in the end. RMSprop, Adam and AdamW divide each step
by the size of recent gradients, so their rate is about the size of a step
itself: 0.01 for the 2-D set, 0.001 for the digits.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # repo root

# %% Imports
import argparse
import time
from typing import Dict, List, Sequence

from datasets.mnist import load_bundled_split
from datasets.shapes import moons, spirals
from network import History, Network, plots

OPTIMIZER_RATES_2D = {"sgd": 0.1, "momentum": 0.01, "nesterov": 0.01,
                      "rmsprop": 0.01, "adam": 0.01, "adamw": 0.01}
OPTIMIZER_RATES_DIGITS = {"sgd": 0.1, "momentum": 0.01, "nesterov": 0.01,
                          "rmsprop": 0.001, "adam": 0.001, "adamw": 0.001}
REGULARIZERS = {"none": {}, "L2 0.003": {"l2": 0.003}, "L1 0.001": {"l1": 0.001},
                "dropout 0.5": {"dropout": 0.5}}


# %% Tables
def loss_table(runs: Dict[str, History], epochs_shown: Sequence[int]) -> str:
    """One row per run: the loss after the chosen epochs (counted from 1), then the
    held-out accuracy at the end."""
    header = f"{'':14}" + "".join(f"{'epoch ' + str(e):>11}" for e in epochs_shown)
    header += f"{'held-out acc':>14}"
    lines = [header]
    for name, history in runs.items():
        row = f"{name:14}"
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
    names = sorted(runs, key=lambda name: runs[name][epoch - 1])
    return " < ".join(f"{name} {runs[name][epoch - 1]:.3f}" for name in names)


# %% 1. Optimizers on two spirals
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


# %% 2. Optimizers on digits
def compare_optimizers_digits(epochs: int = 4, n_train: int = 600, n_held: int = 400,
                              seed: int = 0) -> Dict[str, History]:
    train, held = load_bundled_split(n_test=1000, seed=seed)
    X_train = [train.images[i] for i in range(n_train)]
    X_held = [held.images[i] for i in range(n_held)]
    runs = {}
    for name, rate in OPTIMIZER_RATES_DIGITS.items():
        net = Network([784, 32, 10], activation="relu", loss="cross_entropy", seed=seed)
        runs[name] = net.train(X_train, train.labels[:n_train], epochs=epochs,
                               learning_rate=rate, batch_size=10, shuffle=True,
                               optimizer=name, validation=(X_held, held.labels[:n_held]))
    return runs


# %% 3. Regularization on a set small enough to memorize
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


# %% Pictures
def save_curves(experiments: Dict[str, Dict[str, History]], folder: str) -> None:
    if not plots.matplotlib_available():
        print(plots.MISSING_HINT)
        return
    panels = {}
    for title, runs in experiments.items():
        curves = {}
        for name, history in runs.items():
            curves[name] = list(history)
            curves[name + " (held out)"] = list(history.validation_loss)
        panels[title] = curves
    os.makedirs(folder, exist_ok=True)
    path = plots.plot_loss_panels(panels, os.path.join(folder, "lesson11_optimizers.png"))
    print(f"Saved {path}")


# %% Run it all
def main(argv=None) -> Dict[str, Dict[str, History]]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--out-dir", default="plots", help="where the PNG goes")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    started = time.perf_counter()

    print("1) Two spirals, 2-16-16-1 tanh, batches of 10: training loss after each epoch")
    spiral_runs = compare_optimizers_2d(seed=args.seed)
    print(loss_table(spiral_runs, [1, 10, 25, 50, 75, 100]))
    print(f"Lowest loss after 25 epochs: {ranking(spiral_runs, 25)}")

    print("\n2) Digits, 784-32-10, 600 training digits, batches of 10")
    digit_runs = compare_optimizers_digits(seed=args.seed)
    print(loss_table(digit_runs, [1, 2, 3, 4]))
    print(f"Lowest loss after 1 epoch: {ranking(digit_runs, 1)}")

    print("\n3) 40 noisy moons, 2-32-32-1 (it can memorize them), Adam, 200 epochs")
    regular_runs = compare_regularization(seed=args.seed)
    print(gap_table(regular_runs))

    plain = regular_runs["none"]
    print(f"Without a penalty the training loss falls to {plain[-1]:.4f} while the held-out "
          f"loss ends at {plain.validation_loss[-1]:.4f} (lowest {min(plain.validation_loss):.4f}, "
          f"after epoch {plain.validation_loss.index(min(plain.validation_loss)) + 1}): "
          f"the network memorizes.")
    experiments = {"two spirals: optimizers": spiral_runs, "digits: optimizers": digit_runs,
                   "40 moons: regularization": regular_runs}
    save_curves(experiments, args.out_dir)
    print(f"\n({time.perf_counter() - started:.0f} s)")
    return experiments


if __name__ == "__main__":
    main()
