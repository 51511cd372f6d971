# %% [markdown]
# # Lesson 07: decision boundaries, the line a classifier draws through the plane
#
# A network with two inputs and one sigmoid output gives every point (x1, x2) of the
# plane a probability of being class 1; the decision boundary is where that
# probability crosses 0.5. A lone neuron can only draw a straight line there
# (w1*x1 + w2*x2 + b = 0, lesson 06). Each hidden neuron adds one such line, bent into
# a smooth step, and the output neuron combines them into a curve. This lesson trains
# one network per data set and watches the boundary change, epoch by epoch:
#
# 1. XOR (four noisy clouds) with the 2-2-1 network: two hidden neurons, two lines.
#    The diagram of w1..w6 and b1..b3 before and after training shows them.
# 2. moons and circles (`datasets.shapes`) with 2-8-1: one curve is enough.
# 3. spirals with 2-16-16-1: the boundary must wind between the arms.
#
# Lesson 05 trained with the tools of the walkthrough: sigmoid, mean squared error, plain
# gradient descent, one sample at a time. These networks need more steps than the
# walkthrough's, and four tools make them faster and steadier. Section 0 introduces
# each one with numbers before it is used: **tanh** hidden neurons, **binary
# cross-entropy**, **mini-batches** and the **Adam** optimizer.
#
# **How to run it.** As a notebook: `scripts/notebooks/lesson07_decision_boundaries.ipynb`
# (Jupyter, VS Code), after `python -m pip install -e .` in the repository's folder; the
# pictures appear under the cells. As a script, from the repository's folder:
# `python scripts/lesson07_decision_boundaries.py` writes them to `plots/`;
# `python scripts/lesson07_decision_boundaries.py --datasets spirals --epochs 600` trains
# only the spirals, for longer (`--help` lists the settings).

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

from datasets.shapes import SHAPES, get_shape
from network import Network, plots
from network.losses import get_loss
from neuron import Neuron

# Hidden layer sizes for each data set: the harder the shape, the more neurons.
HIDDEN_SIZES: Dict[str, List[int]] = {
    "xor": [2],
    "moons": [8],
    "circles": [8],
    "spirals": [16, 16],
}

# %% [markdown]
# ## Settings
# In a notebook the lesson uses the defaults (give flags as a list to change them:
# `args = parse_flags(["--datasets", "spirals", "--epochs", "600"])`); from the command
# line, the flags.


# %%
def parse_flags(argv: Optional[List[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Lesson 7: decision boundaries, the line a classifier draws through "
                    "the plane.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--datasets", nargs="+", choices=list(SHAPES),
                        default=list(SHAPES), help="which data sets to train on")
    parser.add_argument("--epochs", type=int, default=300,
                        help="passes over each data set")
    parser.add_argument("--learning-rate", type=float, default=0.02, help="for Adam")
    parser.add_argument("--points", type=int, default=200, help="points per data set")
    parser.add_argument("--seed", type=int, default=0,
                        help="seed of the data, the starting weights and the shuffling")
    parser.add_argument("--panels", type=int, default=6,
                        help="panels (epochs shown) in each picture")
    parser.add_argument("--gif-frames", type=int, default=24,
                        help="frames of each animated GIF (0: no GIF)")
    parser.add_argument("--resolution", type=int, default=50,
                        help="grid cells per side of each picture's shading")
    parser.add_argument("--out-dir", default="plots",
                        help="folder for the pictures (in a notebook they are shown inline)")
    args = parser.parse_args(argv)
    if (args.epochs < 0 or args.points < 4 or args.panels < 1 or args.gif_frames < 0
            or args.resolution < 2 or not args.learning_rate > 0):
        parser.error("need --epochs >= 0, --points >= 4, --panels >= 1, --gif-frames >= 0, "
                     "--resolution >= 2 and --learning-rate > 0")
    return args


# The flags come from the command line only when this file is run as a script: in a
# Jupyter kernel sys.argv holds the kernel's own flags, and a program that imports
# the file has flags of its own. Then the lesson uses its defaults.
IN_A_KERNEL = "ipykernel" in sys.modules
FROM_THE_COMMAND_LINE = __name__ == "__main__" and not IN_A_KERNEL
args = parse_flags(None if FROM_THE_COMMAND_LINE else [])
BATCH_SIZE = 10
print(f"Data sets {', '.join(args.datasets)}, {args.points} points each; every network: "
      f"tanh hidden layers, sigmoid output, binary cross-entropy, Adam with learning rate "
      f"{args.learning_rate:g}, mini-batches of {BATCH_SIZE} shuffled points, "
      f"{args.epochs} epochs, seed {args.seed}.")

# %% [markdown]
# ## 0. Four new tools
# ### tanh, a sigmoid centred on 0
# tanh(z) = (e^z - e^-z) / (e^z + e^-z) has the sigmoid's S shape, stretched to run
# from -1 to 1 (lesson 01 printed it among the activations). Its output is 0 at z = 0,
# so a hidden layer of tanh neurons hands the next layer numbers around 0, positive and
# negative, and its slope at z = 0 is 1 where the sigmoid's is 0.25: gradients shrink
# less on their way back through it. The output neuron stays a sigmoid, because its
# output is a probability, between 0 and 1.

# %%
print("   z    sigmoid(z)  slope    tanh(z)  slope")
for z in (-2.0, -1.0, 0.0, 1.0, 2.0):
    s_neuron = Neuron([1.0], 0.0, activation="sigmoid")
    t_neuron = Neuron([1.0], 0.0, activation="tanh")
    s, t = s_neuron.forward([z]), t_neuron.forward([z])
    print(f"{z:5.1f}   {s:8.4f}  {s * (1 - s):7.4f}   {t:8.4f}  {1 - t * t:6.4f}")

# %% [markdown]
# ### Binary cross-entropy, a loss for probabilities
# For one output p (the probability of class 1) and the target y (0 or 1):
#
#     L = -(y * log(p) + (1 - y) * log(1 - p))
#
# For y = 1 that is -log(p): 0 when p = 1, growing without limit as p goes to 0. The
# table compares it with lesson 03's squared error for a point of class 1: the squared
# error of a confidently wrong answer is at most 1, the cross-entropy keeps growing,
# and its slope dL/dp does not fade. With a sigmoid output the chain rule gives
# dL/dz = p - y, where the squared error gives 2 * (p - y) * p * (1 - p), which is
# nearly 0 for a confidently wrong p near 0: a wrong answer then learns slowly under
# the squared error, quickly under the cross-entropy.

# %%
mse_loss, cross_entropy = get_loss("mse"), get_loss("binary_cross_entropy")
print("  p (y = 1)   squared error  dL/dz    cross-entropy  dL/dz")
for p in (0.99, 0.9, 0.5, 0.1, 0.01):
    sigmoid_slope = p * (1 - p)                    # dp/dz of a sigmoid output
    mse_dz = mse_loss.derivative([1.0], [p])[0] * sigmoid_slope
    bce_dz = cross_entropy.derivative([1.0], [p])[0] * sigmoid_slope
    print(f"  {p:9.2f}   {mse_loss.value([1.0], [p]):13.4f} {mse_dz:7.4f}   "
          f"{cross_entropy.value([1.0], [p]):13.4f} {bce_dz:7.4f}")

# %% [markdown]
# ### Mini-batches
# Lesson 05 took one step per sample. Here each step uses a *mini-batch* of 10 points:
# their 10 gradients are added up and the step goes along their mean. A mean of 10 is
# less noisy than one sample and costs the same arithmetic per point. `shuffle=True`
# deals the points into new batches every epoch (from a seeded generator: the same
# batches on every run).

# %%
steps = math.ceil(args.points / BATCH_SIZE)
print(f"{args.points} points in batches of {BATCH_SIZE}: {steps} steps per epoch, "
      f"{steps * args.epochs:,} steps in {args.epochs} epochs (one sample per step "
      f"would be {args.points * args.epochs:,}).")

# %% [markdown]
# ### Adam: a step size for every weight
# Plain gradient descent moves each weight by learning_rate * dL/dw, so weights with
# small gradients barely move. Adam (`network/optimizers.py`, lesson 11 compares it with
# the others) keeps for every weight a running mean of its gradient (m) and of its
# squared gradient (v) and moves it by about learning_rate * m / sqrt(v): about the
# learning rate, whatever the size of the gradient. Below, one step on the first 10
# XOR points from the same start, with plain gradient descent and with Adam, both at
# learning rate 0.02: Adam moves every parameter by about 0.02.

# %%
X_xor, y_xor = get_shape("xor")(n=args.points, seed=args.seed)
start = Network([2, 2, 1], activation="tanh", output_activation="sigmoid",
                loss="binary_cross_entropy", seed=args.seed)
moved = {}
for optimizer in ("sgd", "adam"):
    net = copy.deepcopy(start)
    net.train(X_xor[:BATCH_SIZE], y_xor[:BATCH_SIZE], epochs=1, learning_rate=0.02,
              batch_size=BATCH_SIZE, optimizer=optimizer)
    moved[optimizer] = net
start.zero_grad()
for x, y in zip(X_xor[:BATCH_SIZE], y_xor[:BATCH_SIZE]):
    start.forward(x)
    start.backward(y)
print("  parameter   mean dL/dw   moved by SGD   moved by Adam")
for name in start.parameter_names():
    gradient = start.get_gradient(name) / BATCH_SIZE
    by_sgd = moved["sgd"].get_parameter(name) - start.get_parameter(name)
    by_adam = moved["adam"].get_parameter(name) - start.get_parameter(name)
    print(f"  {name:9}   {gradient:10.5f}   {by_sgd:12.6f}   {by_adam:13.6f}")

# %% [markdown]
# ### Accuracy on new points
# A network can learn its training points by heart. So besides the accuracy on the
# points it trains on, each table shows the accuracy on new points drawn from the same
# shape with another seed, which the network never sees: that number says whether it
# learned the shape.

# %% [markdown]
# ## 1. Train one network per data set
# The tables: loss and accuracy on the training points, and accuracy on new points,
# at chosen epochs (log-spaced: the boundary moves most in the first epochs).


# %%
def log_spaced_epochs(epochs: int, count: int) -> List[int]:
    """0 (before training) and up to count - 1 epoch numbers from 1 to ``epochs``,
    evenly spaced on a log scale: the boundary moves most in the first epochs.
    log_spaced_epochs(300, 6) = [0, 1, 4, 17, 72, 300]."""
    chosen = [0]
    if epochs == 0 or count <= 1:
        return chosen
    steps = max(count - 2, 1)
    for k in range(steps + 1):
        epoch = round(epochs ** (k / steps))
        if epoch not in chosen:
            chosen.append(epoch)
    return chosen


def train_with_snapshots(name: str, X, y, epochs: int, learning_rate: float, seed: int,
                         keep: List[int]) -> Tuple[Network, List[Tuple[int, Network]]]:
    """Train the network for data set ``name``; return it and a list of
    (epoch, copy of the network after that many epochs) for every epoch in ``keep``."""
    sizes = [2] + HIDDEN_SIZES[name] + [1]
    net = Network(sizes, activation="tanh", output_activation="sigmoid",
                  loss="binary_cross_entropy", seed=seed)
    snapshots = [(0, copy.deepcopy(net))]

    def keep_a_copy(epoch: int, metrics: Dict[str, float]) -> None:
        # train counts epochs from 0, so after epoch index 0 one epoch is done.
        if epoch + 1 in keep:
            snapshots.append((epoch + 1, copy.deepcopy(net)))

    net.train(X, y, epochs=epochs, learning_rate=learning_rate, batch_size=BATCH_SIZE,
              shuffle=True, optimizer="adam", seed=seed, on_epoch_end=keep_a_copy)
    return net, snapshots


def report(name: str, snapshots, X, y, X_new, y_new) -> None:
    """Print the loss and accuracy of each snapshot, on the training points and on new
    points the network never saw."""
    sizes = "-".join(str(size) for size in snapshots[-1][1].sizes)
    print(f"{name} ({len(X)} points), network {sizes}:")
    print("    epoch    loss   accuracy   accuracy on new points")
    for epoch, net in snapshots:
        seen = net.evaluate(X, y)
        new = net.evaluate(X_new, y_new)
        print(f"    {epoch:5d}   {seen['loss']:.3f}     {100 * seen['accuracy']:5.1f}%"
              f"        {100 * new['accuracy']:5.1f}%")


panel_epochs = log_spaced_epochs(args.epochs, args.panels)
gif_epochs = log_spaced_epochs(args.epochs, args.gif_frames) if args.gif_frames else []
keep = sorted(set(panel_epochs) | set(gif_epochs))
results = []
for name in args.datasets:
    make = get_shape(name)
    X, y = make(n=args.points, seed=args.seed)
    X_new, y_new = make(n=args.points, seed=args.seed + 1000)
    net, snapshots = train_with_snapshots(name, X, y, args.epochs, args.learning_rate,
                                          args.seed, keep)
    shown = []
    for epoch, snapshot in snapshots:
        if epoch in panel_epochs:
            shown.append((epoch, snapshot))
    report(name, shown, X, y, X_new, y_new)
    print()
    results.append((name, X, y, snapshots))

# %% [markdown]
# ## 2. The 2-2-1 network on XOR, weight by weight
# Each hidden neuron draws one line; after training, h1 and h2 have each turned theirs
# to cut off part of the plane, and o1 combines the two.


# %%
def print_parameters(net: Network) -> None:
    """Each neuron's weights and bias, named as in the walkthrough (w1..w6, b1..b3)."""
    for neuron in net.neurons:
        line = []
        for name, w in zip(net.weight_names[neuron.name], neuron.weights):
            line.append(f"{name} = {w:6.2f}")
        line.append(f"{net.bias_names[neuron.name]} = {neuron.bias:6.2f}")
        print(f"    {neuron.name}: " + "   ".join(line))


for name, X, y, snapshots in results:
    if name == "xor":
        print("before training:")
        print_parameters(snapshots[0][1])
        print(f"after {snapshots[-1][0]} epochs (h1 and h2 each draw one line; o1 combines "
              f"them):")
        print_parameters(snapshots[-1][1])
if "xor" not in args.datasets:
    print("(xor is not among --datasets)")

# %% [markdown]
# ## 3. Pictures: the boundary at the chosen epochs
# In each panel the axes are the inputs x1 and x2; the shading is the network's
# probability of class 1 (blue 0, red 1, with the colour bar under the panels); the
# black line is the decision boundary, where that probability is 0.5; the points are
# the training points, blue circles class 0 and red triangles class 1. Each panel's
# title says how many of the training points the network puts on their right side.


# %%
def show(figure, name: str) -> None:
    """In a notebook: the picture under this cell. As a script: a PNG in --out-dir."""
    path = plots.show_or_save(figure, os.path.join(args.out_dir, name))
    if path:
        print(f"Saved {path}")


CAN_DRAW = plots.matplotlib_available()
if not CAN_DRAW:
    print(plots.MISSING_HINT)
else:
    for name, X, y, snapshots in results:
        in_panels = []
        for epoch, snapshot in snapshots:
            if epoch in panel_epochs:
                in_panels.append((epoch, snapshot))
        show(plots.decision_boundaries_figure(
            in_panels, X, y, title=f"{name}: the decision boundary during training",
            resolution=args.resolution), f"lesson07_{name}_boundaries.png")

# %% [markdown]
# ## 4. The same as animations
# One frame per chosen epoch, from before training to the end.

# %%
if CAN_DRAW and gif_epochs and not plots.pillow_available():
    print(plots.PILLOW_HINT)
elif CAN_DRAW and gif_epochs:
    for name, X, y, snapshots in results:
        in_gif = []
        for epoch, snapshot in snapshots:
            if epoch in gif_epochs:
                in_gif.append((epoch, snapshot))
        path = plots.show_or_save_animation(
            plots.animate_decision_boundary, os.path.join(args.out_dir, f"lesson07_{name}.gif"),
            in_gif, X, y, title=name, resolution=min(args.resolution, 40))
        if path:
            print(f"Saved {path}")

# %% [markdown]
# ## 5. The 2-2-1 XOR network before and after training
# x1 and x2 are the point's coordinates; every edge is one weight (green positive,
# purple negative, thicker for a larger |w|), labelled with its name and value.

# %%
for name, X, y, snapshots in results:
    if name == "xor" and CAN_DRAW:
        show(plots.network_before_after_figure(
            snapshots[0][1], snapshots[-1][1],
            titles=("2-2-1 before training", f"after {snapshots[-1][0]} epochs"),
            inputs=["the point's first coordinate", "the point's second coordinate"]),
            "lesson07_xor_network.png")
