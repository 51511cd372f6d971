# %% [markdown]
# # Lesson 05: train the walkthrough's 2-2-1 network, twice, and check they agree
#
# The network: two inputs (x1 = weight - 135 lb, x2 = height - 66 in), hidden neurons
# h1 and h2, one output o1 = y_pred (1 = female), sigmoid everywhere, mean squared
# error, plain gradient descent with learning rate 0.1, one person at a time, 1000
# epochs (an epoch is one pass over the four people).
#
# 1. `train_by_hand`: the network written out as nine plain variables w1..w6, b1..b3,
#    with every chain-rule term a named local (d_L_d_ypred, d_ypred_d_w5, d_h1_d_w1, ...).
# 2. `Network([2, 2, 1])`: the library's Neuron/Layer/Network objects.
#
# Both start from the same seeded weights; at the end the lesson prints how far apart
# their losses and their nine parameters are (about 1e-16: the same arithmetic).
#
# **How to run it.** As a notebook: `scripts/notebooks/lesson05_walkthrough.ipynb`
# (Jupyter, VS Code), after `python -m pip install -e .` in the repository's folder.
# As a script, from the repository's folder:
#
#     python scripts/lesson05_walkthrough.py              # train both, compare
#     python scripts/lesson05_walkthrough.py --trace      # also every chain-rule term, once
#     python scripts/lesson05_walkthrough.py --plot plots # also the pictures, as PNGs
#     python scripts/lesson05_walkthrough.py --step       # only the first step (Alice), one
#                                                         # number at a time, each with the
#                                                         # line of code that computed it

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
import copy
import math
from typing import Dict, List, Optional, Tuple

from datasets import NEW_PEOPLE, people, people_names
from network import Network, plots
from neuron import NonFiniteError

NAMES = ["w1", "w2", "w3", "w4", "w5", "w6", "b1", "b2", "b3"]

# %% [markdown]
# ## Settings
# In a notebook the lesson uses the defaults; to change them give the flags as a list,
# e.g. `args = parse_flags(["--trace", "--seed", "3"])`. From the command line, the flags
# (`--help` lists them).


# %%
def _positive(text: str) -> float:
    """argparse type of --learning-rate: a finite number > 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number > 0, got {text}") from None
    if not (value > 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"must be a number > 0, got {text}")
    return value


def _non_negative(text: str) -> int:
    """argparse type of --epochs and --log-every: a whole number >= 0."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 0, got {text}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 0, got {text}")
    return value


def parse_flags(argv: Optional[List[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Lesson 5: train the walkthrough's 2-2-1 network, twice, and check "
                    "they agree.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--seed", type=int, default=0, help="seed of the starting weights")
    parser.add_argument("--epochs", type=_non_negative, default=1000)
    parser.add_argument("--learning-rate", type=_positive, default=0.1)
    parser.add_argument("--log-every", type=_non_negative, default=10,
                        help="print the loss every N epochs (0: never)")
    parser.add_argument("--trace", action="store_true",
                        help="print every chain-rule term of one step on Alice")
    parser.add_argument("--plot", metavar="DIR", default=None,
                        help="save the loss curve and the network diagram as PNGs in DIR "
                             "(in a notebook they are shown inline)")
    parser.add_argument("--step", action="store_true",
                        help="step through the first training step (Alice) one number at "
                             "a time, with the line of code behind each, then exit "
                             "(Enter: next, c: run to the end, q: quit)")
    args = parser.parse_args(argv)
    if args.plot is not None and os.path.exists(args.plot) and not os.path.isdir(args.plot):
        parser.error(f"argument --plot: {args.plot} is a file; give a folder for the PNGs")
    return args


# The flags come from the command line only when this file is run as a script: in a
# Jupyter kernel sys.argv holds the kernel's own flags, and a program that imports
# the file has flags of its own. Then the lesson uses its defaults.
IN_A_KERNEL = "ipykernel" in sys.modules
FROM_THE_COMMAND_LINE = __name__ == "__main__" and not IN_A_KERNEL
args = parse_flags(None if FROM_THE_COMMAND_LINE else [])

# %% [markdown]
# ## Step mode (`--step`)
# From the command line, `--step` shows the walkthrough's first training step (Alice)
# one number at a time, each with the line of code that computed it, and stops there.


# %%
def step(seed: int = 0, learning_rate: float = 0.1) -> None:
    """The first training step (Alice, from the starting weights the lesson uses), shown
    by network.stepping.step_through: each number, the source line that computed it,
    then a pause (Enter: next, c: run to the end, q: quit). With input from a pipe it
    prints everything without pausing. The step, update included, runs before the first
    number is shown, so quitting early leaves the weights updated (see step_through)."""
    from network.stepping import step_through
    X, Y = people()
    net = Network([2, 2, 1], activation="sigmoid", loss="mse", seed=seed)
    print(f"One training step on {people_names()[0]}: every number, and the line of code "
          f"that computed it.")
    step_through(net, X[0], Y[0], learning_rate=learning_rate)


if args.step:
    step(args.seed, args.learning_rate)
    raise SystemExit(0)

# %% [markdown]
# ## 1. The starting weights
# `Network([2, 2, 1], seed=0)` draws the nine parameters from its own seeded random
# generator; the network by hand starts from the very same numbers.


# %%
def starting_weights(seed: int) -> Tuple[Network, Dict[str, float]]:
    """A fresh Network([2, 2, 1]) and its nine parameters by name."""
    net = Network([2, 2, 1], activation="sigmoid", loss="mse", seed=seed)
    start = {}
    for name in NAMES:
        start[name] = net.get_parameter(name)
    print(f"Starting weights (drawn by Network([2, 2, 1], seed={seed})):")
    print("  " + "  ".join(f"{name}={value:.4f}" for name, value in start.items()))
    return net, start


print(f"Sigmoid neurons, mean squared error, gradient descent with learning rate "
      f"{args.learning_rate:g}, one person per step, {args.epochs} epochs.")
X, Y = people()
net, start = starting_weights(args.seed)
before_training = copy.deepcopy(net)

# %% [markdown]
# With `--trace`, the trace of one step on Alice: every weighted sum, activation,
# chain-rule product and update, by name (lesson 04 did this by hand).

# %%
if args.trace:
    from network.tracing import trace as trace_network
    print(f"One step on {people_names()[0]}, every term by name:")
    trace_network(Network([2, 2, 1], seed=args.seed), X[0], Y[0],
                  learning_rate=args.learning_rate, file=sys.stdout)
else:
    print("(no trace: run with --trace, or parse_flags([\"--trace\"]) in a notebook)")

# %% [markdown]
# ## 2. The network by hand: nine numbers and the chain rule, nothing else
# Every epoch, for each person: feedforward, the chain-rule terms, then every
# parameter moves against its gradient, w <- w - learning_rate * dL/dw. The loss
# printed every 10 epochs is the mean squared error over all four people after the
# epoch's updates.


# %%
def sigmoid(x: float) -> float:
    """sigmoid(x) = 1 / (1 + e^(-x))."""
    return 1.0 / (1.0 + math.exp(-x))


def deriv_sigmoid(x: float) -> float:
    """sigmoid'(x) = sigmoid(x) * (1 - sigmoid(x))."""
    fx = sigmoid(x)
    return fx * (1.0 - fx)


def train_by_hand(params: Dict[str, float], X: List[List[float]], Y: List[float],
                  epochs: int = 1000, learn_rate: float = 0.1,
                  log_every: int = 10) -> Tuple[Dict[str, float], List[float]]:
    """Train the 2-2-1 network with every term spelled out. Returns (params, losses).

    An epoch's loss is the walkthrough's: after the epoch's four updates, the mean
    squared error of the network's predictions for all four people (the same
    number Network.train returns and prints).
    """
    w1, w2, w3, w4, w5, w6 = (params["w1"], params["w2"], params["w3"],
                              params["w4"], params["w5"], params["w6"])
    b1, b2, b3 = params["b1"], params["b2"], params["b3"]
    losses = []
    for epoch in range(epochs):
        for x, y_true in zip(X, Y):
            # --- Feedforward ---
            sum_h1 = w1 * x[0] + w2 * x[1] + b1
            h1 = sigmoid(sum_h1)
            sum_h2 = w3 * x[0] + w4 * x[1] + b2
            h2 = sigmoid(sum_h2)
            sum_o1 = w5 * h1 + w6 * h2 + b3
            o1 = sigmoid(sum_o1)
            y_pred = o1

            # --- Partial derivatives: d_L_d_w1 means "dL/dw1" ---
            d_L_d_ypred = -2 * (y_true - y_pred)

            # Neuron o1
            d_ypred_d_w5 = h1 * deriv_sigmoid(sum_o1)
            d_ypred_d_w6 = h2 * deriv_sigmoid(sum_o1)
            d_ypred_d_b3 = deriv_sigmoid(sum_o1)
            d_ypred_d_h1 = w5 * deriv_sigmoid(sum_o1)
            d_ypred_d_h2 = w6 * deriv_sigmoid(sum_o1)

            # Neuron h1
            d_h1_d_w1 = x[0] * deriv_sigmoid(sum_h1)
            d_h1_d_w2 = x[1] * deriv_sigmoid(sum_h1)
            d_h1_d_b1 = deriv_sigmoid(sum_h1)

            # Neuron h2
            d_h2_d_w3 = x[0] * deriv_sigmoid(sum_h2)
            d_h2_d_w4 = x[1] * deriv_sigmoid(sum_h2)
            d_h2_d_b2 = deriv_sigmoid(sum_h2)

            # --- Update weights and biases: w <- w - learn_rate * dL/dw ---
            # (every derivative above was computed with the old weights)
            w1 -= learn_rate * d_L_d_ypred * d_ypred_d_h1 * d_h1_d_w1
            w2 -= learn_rate * d_L_d_ypred * d_ypred_d_h1 * d_h1_d_w2
            b1 -= learn_rate * d_L_d_ypred * d_ypred_d_h1 * d_h1_d_b1
            w3 -= learn_rate * d_L_d_ypred * d_ypred_d_h2 * d_h2_d_w3
            w4 -= learn_rate * d_L_d_ypred * d_ypred_d_h2 * d_h2_d_w4
            b2 -= learn_rate * d_L_d_ypred * d_ypred_d_h2 * d_h2_d_b2
            w5 -= learn_rate * d_L_d_ypred * d_ypred_d_w5
            w6 -= learn_rate * d_L_d_ypred * d_ypred_d_w6
            b3 -= learn_rate * d_L_d_ypred * d_ypred_d_b3
        # --- The loss after this epoch: mean of (y_true - y_pred)^2 over everyone ---
        trained = {"w1": w1, "w2": w2, "w3": w3, "w4": w4, "w5": w5, "w6": w6,
                   "b1": b1, "b2": b2, "b3": b3}
        total_loss = 0.0
        for x, y_true in zip(X, Y):
            total_loss += (y_true - predict_by_hand(trained, x)) ** 2
        loss = total_loss / len(X)
        losses.append(loss)
        if log_every and epoch % log_every == 0:
            print(f"Epoch {epoch} loss: {loss:.3f}")
    trained = {"w1": w1, "w2": w2, "w3": w3, "w4": w4, "w5": w5, "w6": w6,
               "b1": b1, "b2": b2, "b3": b3}
    return trained, losses


def predict_by_hand(params: Dict[str, float], x: List[float]) -> float:
    """y_pred = sigmoid(w5*h1 + w6*h2 + b3), h1 = sigmoid(w1*x1 + w2*x2 + b1), ..."""
    p = params
    h1 = sigmoid(p["w1"] * x[0] + p["w2"] * x[1] + p["b1"])
    h2 = sigmoid(p["w3"] * x[0] + p["w4"] * x[1] + p["b2"])
    return sigmoid(p["w5"] * h1 + p["w6"] * h2 + p["b3"])


def diverged(problem: Exception) -> SystemExit:
    """The one-line error for a learning rate so large that the numbers overflow
    (OverflowError: math.exp in the by-hand sigmoid; NonFiniteError: a Neuron)."""
    return SystemExit(f"error: training diverged with --learning-rate "
                      f"{args.learning_rate:g}: a number grew too large for a float "
                      f"({problem}); try a smaller learning rate such as 0.1")


print("1) The network by hand (nine variables, explicit chain rule):")
try:
    by_hand, hand_losses = train_by_hand(start, X, Y, args.epochs, args.learning_rate,
                                         args.log_every)
except (OverflowError, NonFiniteError) as problem:
    raise diverged(problem) from None

# %% [markdown]
# ## 3. The same with `Network([2, 2, 1])`
# `net.train` runs the same loop over the same people with the Neuron, Layer and
# Network objects: `zero_grad`, `forward`, `backward` and `step` for each person.

# %%
print("2) Network([2, 2, 1]) built from Neuron and Layer objects:")
try:
    net_losses = net.train(X, Y, epochs=args.epochs, learning_rate=args.learning_rate,
                           log_every=args.log_every)
except (OverflowError, NonFiniteError) as problem:
    raise diverged(problem) from None

# %% [markdown]
# ## 4. Predictions for two new people, and how close the two ways are


# %%
def predictions(by_hand: Dict[str, float], net: Network) -> None:
    """Emily and Frank, by hand and by the Network."""
    print("Predictions (1 = female):")
    for name, x in NEW_PEOPLE.items():
        print(f"  {name:6} {x}: by hand {predict_by_hand(by_hand, x):.3f}, "
              f"Network {net.predict(x)[0]:.3f}")


def compare(by_hand: Dict[str, float], hand_losses: List[float], net: Network,
            net_losses: List[float]) -> Tuple[float, float]:
    """The largest difference in any parameter and in any epoch's loss."""
    param_gap = 0.0
    for name in NAMES:
        param_gap = max(param_gap, abs(by_hand[name] - net.get_parameter(name)))
    loss_gap = 0.0
    for a, b in zip(hand_losses, net_losses):
        loss_gap = max(loss_gap, abs(a - b))
    print(f"The two agree: largest difference in any of the nine parameters "
          f"{param_gap:.1e}, in any epoch's loss {loss_gap:.1e}.")
    return param_gap, loss_gap


predictions(by_hand, net)
print()
param_gap, loss_gap = compare(by_hand, hand_losses, net, net_losses)

# %% [markdown]
# ## 5. Pictures
# The loss per epoch on a log scale (a loss falls by factors, and on a linear axis
# the last 900 epochs would be a flat line at the bottom), and the network before
# and after training: every edge is one weight, green positive, purple negative,
# thicker for a larger |w|. In a notebook they appear below; as a script, with
# `--plot DIR`, they are written as PNGs.


# %%
def show(figure, name: str) -> None:
    """In a notebook: the picture under this cell. As a script: a PNG in --plot."""
    path = plots.show_or_save(figure, os.path.join(args.plot or "plots", name))
    if path:
        print(f"Saved {path}")


if not (plots.in_a_kernel() or args.plot):
    print("(pictures: run with --plot DIR, or open the lesson as a notebook)")
elif not plots.matplotlib_available():
    print(plots.MISSING_HINT)
elif net_losses:
    show(plots.loss_curve_figure(net_losses, title="2-2-1 walkthrough: loss per epoch"),
         "walkthrough_loss.png")
    show(plots.network_before_after_figure(
        before_training, net, titles=("before training", f"after {args.epochs} epochs"),
        inputs=["weight - 135 (lb)", "height - 66 (in)"]), "walkthrough_network.png")

# %% [markdown]
# ## All of it in one call
# `run` does steps 1 to 4 and returns what they made, for trying other settings
# (`run(seed=3)`) and for the tests.


# %%
def run(seed: int = 0, epochs: int = 1000, learning_rate: float = 0.1,
        log_every: int = 10, trace: bool = False) -> Dict[str, object]:
    """Train both implementations from the same start; return what they ended with."""
    X, Y = people()
    net, start = starting_weights(seed)
    if trace:
        from network.tracing import trace as trace_network
        print(f"\nOne step on {people_names()[0]}, every term by name:")
        trace_network(Network([2, 2, 1], seed=seed), X[0], Y[0],
                      learning_rate=learning_rate, file=sys.stdout)
    print("\n1) The network by hand (nine variables, explicit chain rule):")
    by_hand, hand_losses = train_by_hand(start, X, Y, epochs, learning_rate, log_every)
    print("\n2) Network([2, 2, 1]) built from Neuron and Layer objects:")
    net_losses = net.train(X, Y, epochs=epochs, learning_rate=learning_rate,
                           log_every=log_every)
    print()
    predictions(by_hand, net)
    print()
    param_gap, loss_gap = compare(by_hand, hand_losses, net, net_losses)
    return {"network": net, "by_hand": by_hand, "hand_losses": hand_losses,
            "net_losses": net_losses, "param_gap": param_gap, "loss_gap": loss_gap}
