# %% [markdown]
# # Lesson 08: regression, a network that outputs a number instead of a class
#
# The same Network fits a curve when its output neuron has no squashing activation:
#
#     hidden neurons  h_j = tanh(w_j * x + b_j)              (one input x)
#     output          y_pred = sum_j v_j * h_j + b           (identity activation)
#     loss            L = (y - y_pred)^2                     (mean squared error)
#
# The output is "identity" (lesson 01: it leaves z as it is), because the answer is
# any number, not a probability between 0 and 1; the loss is the squared error of
# lessons 03-05 again, the natural score for a number. Each tanh neuron is a smooth
# step placed and scaled by its weight and bias; the output adds the steps up, and
# training moves them until the sum follows sin(x).
#
# The lesson fits noisy samples of y = sin(x) on [-pi, pi] with a 1-16-1 network,
# trained with Adam on mini-batches of 10 (both introduced in lesson 07). It prints
# the loss on the training points and on *validation* points, drawn from the same
# curve but never trained on (lesson 07's "new points"), then draws:
#
# * the fit: the data, sin(x) and the network's curve after a few chosen epochs,
#   drawn a little beyond the data, where the network has nothing to go on (tanh
#   steps go flat, so the curve does too);
# * the loss curve of both sets, on a log scale.
#
# **How to run it.** As a notebook: `scripts/notebooks/lesson08_regression.ipynb`
# (Jupyter, VS Code), after `python -m pip install -e .` in the repository's folder. As a
# script, from the repository's folder: `python scripts/lesson08_regression.py` (the
# pictures go to `plots/`), or `python scripts/lesson08_regression.py --hidden 3
# --epochs 1000` to see too few steps (`--help` lists the settings).

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
import math
from typing import Dict, List, Optional, Sequence, Tuple

from datasets.shapes import sine
from network import Network, plots

# %% [markdown]
# ## Settings
# In a notebook the lesson uses the defaults (give flags as a list to change them:
# `args = parse_flags(["--hidden", "3"])`); from the command line, the flags.


# %%
def parse_flags(argv: Optional[List[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Lesson 8: regression, a network that outputs a number instead of a "
                    "class.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--hidden", type=int, default=16,
                        help="tanh neurons in the hidden layer")
    parser.add_argument("--epochs", type=int, default=500,
                        help="passes over the training points")
    parser.add_argument("--learning-rate", type=float, default=0.005, help="for Adam")
    parser.add_argument("--points", type=int, default=100, help="training points")
    parser.add_argument("--noise", type=float, default=0.1,
                        help="standard deviation of the noise added to sin(x)")
    parser.add_argument("--seed", type=int, default=0,
                        help="seed of the data, the starting weights and the shuffling")
    parser.add_argument("--out-dir", default="plots",
                        help="folder for the pictures (in a notebook they are shown inline)")
    args = parser.parse_args(argv)
    if (args.hidden < 1 or args.epochs < 0 or args.points < 1 or args.noise < 0
            or not args.learning_rate > 0):
        parser.error("need --hidden >= 1, --epochs >= 0, --points >= 1, --noise >= 0 "
                     "and --learning-rate > 0")
    return args


# The flags come from the command line only when this file is run as a script: in a
# Jupyter kernel sys.argv holds the kernel's own flags, and a program that imports
# the file has flags of its own. Then the lesson uses its defaults.
IN_A_KERNEL = "ipykernel" in sys.modules
FROM_THE_COMMAND_LINE = __name__ == "__main__" and not IN_A_KERNEL
args = parse_flags(None if FROM_THE_COMMAND_LINE else [])
print(f"1-{args.hidden}-1 network, Adam with learning rate {args.learning_rate:g}, "
      f"mini-batches of 10, {args.epochs} epochs, seed {args.seed}")

# %% [markdown]
# ## 1. Data: noisy samples of sin(x), and separate validation points

# %%
X, y = sine(n=args.points, noise=args.noise, seed=args.seed)
X_val, y_val = sine(n=50, noise=args.noise, seed=args.seed + 1000)
print(f"{len(X)} training points and {len(X_val)} validation points of "
      f"y = sin(x) + noise (noise sd {args.noise}), x in [-pi, pi]")
print("the first three training points (x, y):",
      ", ".join(f"({point[0]:.2f}, {target:.2f})" for point, target in zip(X[:3], y[:3])))

# %% [markdown]
# ## 2. The network: tanh hidden layer, identity output, mean squared error

# %%
net = Network([1, args.hidden, 1], activation="tanh", output_activation="identity",
              loss="mse", seed=args.seed)
print(net)

# %% [markdown]
# ## 3. Train, recording the validation loss and a few curves along the way
# The network's curve is one prediction per x on a fine grid. It is recorded before
# training, after 1 and 10 epochs and at the end; the losses every tenth of the run.


# %%
def predictions(net: Network, xs: Sequence[float]) -> List[float]:
    """[y_pred(x) for each x]: the network's output for the one-number input [x]."""
    ys = []
    for x in xs:
        ys.append(net.predict([x])[0])
    return ys


def evenly_spaced(low: float, high: float, count: int) -> List[float]:
    """count numbers from low to high, evenly spaced, both ends included."""
    xs = []
    for i in range(count):
        xs.append(low + (high - low) * i / (count - 1))
    return xs


x_line = evenly_spaced(-1.4 * math.pi, 1.4 * math.pi, 201)
show_at = [1, 10, args.epochs]
print_every = max(args.epochs // 10, 1)
curves: List[Tuple[str, List[float]]] = [("before training", predictions(net, x_line))]
validation_losses: List[float] = []


def after_epoch(epoch: int, metrics: Dict[str, float]) -> None:
    # train counts epochs from 0: after epoch index 0, one epoch is done.
    done = epoch + 1
    validation_losses.append(net.evaluate(X_val, y_val)["loss"])
    if done in show_at and done != args.epochs:
        epochs_done = "1 epoch" if done == 1 else f"{done} epochs"
        curves.append((f"after {epochs_done}", predictions(net, x_line)))
    if done in show_at or done % print_every == 0:
        print(f"  epoch {done:5d}   training loss {metrics['loss']:.4f}   "
              f"validation loss {validation_losses[-1]:.4f}")


losses = net.train(X, y, epochs=args.epochs, learning_rate=args.learning_rate,
                   batch_size=10, shuffle=True, optimizer="adam", seed=args.seed,
                   on_epoch_end=after_epoch)
if args.epochs > 0:
    curves.append((f"after {args.epochs} epochs", predictions(net, x_line)))

# %% [markdown]
# ## 4. Results: the fit next to the true sin(x)
# The noise alone gives a squared error of about noise^2 even for a perfect sin(x):
# that is the floor of both losses.

# %%
print(f"After {args.epochs} epochs: mean squared error "
      f"{net.evaluate(X, y)['loss']:.4f} on the training points, "
      f"{net.evaluate(X_val, y_val)['loss']:.4f} on the validation points "
      f"(the noise alone gives about {args.noise ** 2:.4f})")
print("       x      sin(x)   network")
for x in (-3.0, -1.5, 0.0, 1.5, 3.0, 4.0):
    where = "" if -math.pi <= x <= math.pi else "   (outside the data)"
    print(f"  {x:6.2f}   {math.sin(x):7.3f}   {net.predict([x])[0]:7.3f}{where}")

# %% [markdown]
# ## 5. Pictures: the fit and the loss curves
# The grey bands are where there is no training data.


# %%
def show(figure, name: str) -> None:
    """In a notebook: the picture under this cell. As a script: a PNG in --out-dir."""
    path = plots.show_or_save(figure, os.path.join(args.out_dir, name))
    if path:
        print(f"Saved {path}")


if not plots.matplotlib_available():
    print(plots.MISSING_HINT)
else:
    truth = []
    for x in x_line:
        truth.append(math.sin(x))
    x_data = []
    for point in X:
        x_data.append(point[0])
    show(plots.regression_fit_figure(
        x_data, y, x_line, [("sin(x)", truth)] + curves,
        title=f"Fitting sin(x) with a 1-{args.hidden}-1 tanh network"),
        "lesson08_sine_fit.png")
    if losses:
        show(plots.loss_curve_figure(losses, validation=validation_losses,
                                     title="Mean squared error per epoch"),
             "lesson08_sine_loss.png")
