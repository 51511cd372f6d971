# %% [markdown]
# # Lesson 03: the loss, one number that says how wrong the network is
#
# Training needs a score to improve. The walkthrough uses the mean squared error:
#
#     MSE = (1/n) * sum over the n samples of (y_true - y_pred)^2
#
# y_true is the right answer (1 for female, 0 for male), y_pred the network's output.
# Each error is squared, so it counts whether it is too high or too low, and the
# squares are averaged. A perfect network has loss 0.
#
# This lesson computes the walkthrough's example, mse([1, 0, 0, 1], [0, 0, 0, 0]) = 0.5,
# by hand and with `network.losses.mse`; then the loss of an untrained (random)
# 2-2-1 network on the four people of the walkthrough; then shows that changing one
# weight changes the loss, which is what training will exploit.
#
# **How to run it.** As a notebook: `scripts/notebooks/lesson03_loss.ipynb` (Jupyter,
# VS Code), after `python -m pip install -e .` in the repository's folder. As a script,
# from the repository's folder: `python scripts/lesson03_loss.py`, or
# `python scripts/lesson03_loss.py --seed 3` (`--help` lists the settings).

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
from typing import List, Optional

from datasets.people import PEOPLE, people
from network import Network
from network.losses import mse

# %% [markdown]
# ## Settings
# The seed of the untrained network's random weights. In a notebook the lesson uses
# the default (`parse_flags(["--seed", "3"])` for another); from the command line,
# the flags.


# %%
def parse_flags(argv: Optional[List[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Lesson 03: the mean squared error loss.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--seed", type=int, default=0,
                        help="seed of the untrained network's random weights")
    return parser.parse_args(argv)


# The flags come from the command line only when this file is run as a script: in a
# Jupyter kernel sys.argv holds the kernel's own flags, and a program that imports
# the file has flags of its own. Then the lesson uses its defaults.
IN_A_KERNEL = "ipykernel" in sys.modules
FROM_THE_COMMAND_LINE = __name__ == "__main__" and not IN_A_KERNEL
args = parse_flags(None if FROM_THE_COMMAND_LINE else [])
print(f"seed {args.seed}")

# %% [markdown]
# ## 1. Mean squared error by hand, and with `mse`


# %%
def mse_by_hand(y_true: List[float], y_pred: List[float]) -> float:
    """(1/n) * sum of (y_true - y_pred)^2, one sample per line."""
    print(f"1. MSE of y_true = {y_true} and y_pred = {y_pred}")
    total = 0.0
    for i, (y, p) in enumerate(zip(y_true, y_pred), start=1):
        squared_error = (y - p) ** 2
        total += squared_error
        print(f"   sample {i}: (y_true - y_pred)^2 = ({y:g} - {p:g})^2 = {squared_error:g}")
    loss = total / len(y_true)
    print(f"   MSE = {total:g} / {len(y_true)} = {loss:g}")
    print(f"   network.losses.mse(y_true, y_pred) = {mse(y_true, y_pred):g}")
    return loss


mse_by_hand([1.0, 0.0, 0.0, 1.0], [0.0, 0.0, 0.0, 0.0])

# %% [markdown]
# ## 2. The loss of an untrained network on the four people
# The weights start random, so the predictions are about as good as a guess.


# %%
def untrained_loss(seed: int) -> Network:
    """Predict each person with a random 2-2-1 network, then average the squared errors."""
    print(f"2. An untrained network (random weights, seed {seed}) on the four people")
    net = Network([2, 2, 1], init="normal", seed=seed)
    print(f"   {net!r}")
    print(f"   {'name':<8} {'x = [weight-135, height-66]':>28} {'y_true':>6} "
          f"{'y_pred':>8} {'(y_true - y_pred)^2':>20}")
    total = 0.0
    for name, x, y_true in PEOPLE:
        y_pred = net.predict(x)[0]
        squared_error = (y_true - y_pred) ** 2
        total += squared_error
        print(f"   {name:<8} {str(x):>28} {y_true:>6g} {y_pred:>8.4f} {squared_error:>20.4f}")
    loss = total / len(PEOPLE)
    print(f"   loss (MSE over the 4 people) = {total:.4f} / {len(PEOPLE)} = {loss:.4f}")
    X, Y = people()
    evaluated = net.evaluate(X, Y)["loss"]
    print(f"   net.evaluate(X, Y)['loss'] = {evaluated:.4f}")
    if not math.isclose(loss, evaluated, rel_tol=1e-12):
        sys.exit("The two losses disagree: something is wrong in network/")
    print("   (always answering 0.5 would score (0.5)^2 = 0.25)")
    return net


net = untrained_loss(args.seed)

# %% [markdown]
# ## 3. The loss depends on the weights
# Nudge one weight and the loss moves. Training asks: which way should each
# weight move to make the loss smaller, and by how much? Lesson 04 answers with
# derivatives.


# %%
def nudge_a_weight(net: Network, name: str = "w5", step: float = 0.5) -> None:
    """The loss with ``name`` at its value - step, its value, and its value + step."""
    print(f"3. Nudging one weight, {name}, changes the loss")
    X, Y = people()
    original = net.get_parameter(name)
    for value in (original - step, original, original + step):
        net.set_parameter(name, value)
        loss = net.evaluate(X, Y)["loss"]
        print(f"   {name} = {value:+.4f}: loss = {loss:.4f}")
    net.set_parameter(name, original)


nudge_a_weight(net)
