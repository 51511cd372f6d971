# %% [markdown]
# # Lesson 10: every neuron's own picture, XOR one neuron at a time
#
# A network with two inputs reads a point (x1, x2) of the plane, so every neuron,
# not only the output, has a value at every point: its `output` after
# `net.forward([x1, x2])`. This lesson draws that value inside each neuron's circle
# of the network diagram, and watches a 2-2-1 network learn XOR (lesson 06):
#
#     h1 = sigmoid(w1*x1 + w2*x2 + b1)     one straight line through the plane (z = 0)
#     h2 = sigmoid(w3*x1 + w4*x2 + b2)     another straight line
#     o1 = sigmoid(w5*h1 + w6*h2 + b3)     combines the two: XOR needs both lines
#
# Sigmoid everywhere, mean squared error, plain gradient descent with learning rate
# 1.0, one point at a time, 3000 epochs over the four points of XOR, seed 0 (lesson
# 05's training). It prints what each neuron computes (its formula, its line, its value
# at the four points, and the logic gate that is closest to it), first as numbers and
# text maps, then draws:
#
# * the network before and after training, with each neuron's output over the plane
#   inside its circle (blue 0, red 1, dashed where z = 0), every edge labelled with
#   its weight (green positive, purple negative);
# * the same at chosen epochs, side by side, and all of training as an animation.
#
# Watch for the plateau: for hundreds of epochs the network gets 3 of 4 right with
# h1 nearly off everywhere, then h1 swings its line across and all four come right.
# Not every start gets there (lesson 06 showed why): with this seed and learning rate
# 0.5 the same 2-2-1 network stays stuck at 3 of 4 even after 10,000 epochs
# (`--learning-rate 0.5`). A third hidden neuron (`--hidden 3`) gives gradient descent
# more ways out, and learns XOR from that start as well.
#
# **How to run it.** As a notebook: `scripts/notebooks/lesson10_neuron_pictures.ipynb`
# (Jupyter, VS Code), after `python -m pip install -e .` in the repository's folder.
# As a script, from the repository's folder (the pictures go to `plots/`):
#
#     python scripts/lesson10_neuron_pictures.py
#     python scripts/lesson10_neuron_pictures.py --learning-rate 0.5     # stuck
#     python scripts/lesson10_neuron_pictures.py --hidden 3 --learning-rate 0.5

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
import itertools
import math
from typing import Dict, List, Optional, Sequence, Tuple

from datasets import xor
from network import Network, plots
from network.losses import predicted_class

# The epochs --show picks when it is not given; those past a shorter --epochs are left
# out quietly (epochs given with --show must lie within --epochs).
DEFAULT_SHOW = [200, 1000, 1300, 1500]

# %% [markdown]
# ## Settings
# In a notebook the lesson uses the defaults (give flags as a list to change them:
# `args = parse_flags(["--learning-rate", "0.5"])`); from the command line, the flags.


# %%
def parse_flags(argv: Optional[List[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Lesson 10: every neuron's own picture, XOR one neuron at a time.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--hidden", type=int, default=2, help="hidden neurons")
    parser.add_argument("--epochs", type=int, default=3000, help="passes over XOR")
    parser.add_argument("--learning-rate", type=float, default=1.0, help="for SGD")
    parser.add_argument("--seed", type=int, default=0, help="seed of the starting weights")
    parser.add_argument("--show", type=int, nargs="*", default=DEFAULT_SHOW,
                        help="epochs to show between before (0) and after training")
    parser.add_argument("--gif-frames", type=int, default=24,
                        help="frames of the animated GIF, evenly spaced (0: no GIF)")
    parser.add_argument("--resolution", type=int, default=40,
                        help="grid cells per side of each neuron's map")
    parser.add_argument("--out-dir", default="plots",
                        help="folder for the pictures (in a notebook they are shown inline)")
    args = parser.parse_args(argv)
    if (args.hidden < 1 or args.hidden > plots.MAX_NEURON_VIEWS or args.epochs < 1
            or not args.learning_rate > 0 or args.gif_frames < 0 or args.resolution < 2):
        parser.error(f"need 1 <= --hidden <= {plots.MAX_NEURON_VIEWS}, --epochs >= 1, "
                     f"--learning-rate > 0, --gif-frames >= 0 and --resolution >= 2")
    if args.learning_rate == math.inf:
        parser.error("argument --learning-rate: must be a finite number, got inf")
    if os.path.exists(args.out_dir) and not os.path.isdir(args.out_dir):
        parser.error(f"argument --out-dir: {args.out_dir} is a file; give a folder for "
                     f"the pictures")
    if args.show is not DEFAULT_SHOW:          # given on the command line
        for epoch in args.show:
            if not 0 <= epoch <= args.epochs:
                parser.error(f"argument --show: epoch {epoch} is not between 0 and "
                             f"--epochs {args.epochs}")
    return args


# The flags come from the command line only when this file is run as a script: in a
# Jupyter kernel sys.argv holds the kernel's own flags, and a program that imports
# the file has flags of its own. Then the lesson uses its defaults.
IN_A_KERNEL = "ipykernel" in sys.modules
FROM_THE_COMMAND_LINE = __name__ == "__main__" and not IN_A_KERNEL
args = parse_flags(None if FROM_THE_COMMAND_LINE else [])
print(f"XOR with a 2-{args.hidden}-1 sigmoid network (mean squared error, gradient "
      f"descent with learning rate {args.learning_rate:g}, one point per step, "
      f"{args.epochs} epochs, seed {args.seed})")

# %% [markdown]
# ## What one neuron computes, in numbers
# Four points, so each neuron's outputs there, read as 0 or 1 (from 0.5 up: the rule
# `predicted_class` of every lesson), make one of the 16 logic gates of two inputs.

# %%
# The 16 functions of two yes/no inputs a, b, by their outputs at
# (a, b) = (0, 0), (0, 1), (1, 0), (1, 1).
GATES: Dict[Tuple[int, int, int, int], str] = {
    (0, 0, 0, 0): "always 0",           (1, 1, 1, 1): "always 1",
    (0, 0, 0, 1): "{a} AND {b}",        (1, 1, 1, 0): "{a} NAND {b} (not both)",
    (0, 1, 1, 1): "{a} OR {b}",         (1, 0, 0, 0): "{a} NOR {b} (neither)",
    (0, 1, 1, 0): "{a} XOR {b}",        (1, 0, 0, 1): "{a} XNOR {b} (both or neither)",
    (0, 0, 1, 1): "{a}",                (1, 1, 0, 0): "NOT {a}",
    (0, 1, 0, 1): "{b}",                (1, 0, 1, 0): "NOT {b}",
    (0, 0, 1, 0): "{a} AND NOT {b}",    (0, 1, 0, 0): "{b} AND NOT {a}",
    (1, 0, 1, 1): "{a} OR NOT {b}",     (1, 1, 0, 1): "{b} OR NOT {a}",
}


def gate_name(outputs: Sequence[float], a: str, b: str, note: bool = True) -> str:
    """The logic gate of a and b nearest to four outputs, each read as 0 or 1 by
    network.losses.predicted_class (1 from 0.5 up, the rule every lesson uses);
    the outputs are those at (a, b) = (0, 0), (0, 1), (1, 0), (1, 1). note=False
    leaves out the words in brackets ("not both")."""
    key = []
    for output in outputs:
        key.append(predicted_class([output]))     # the library's one rule: >= 0.5 is 1
    name = GATES[tuple(key)]
    if not note and " (" in name:
        name = name[:name.index(" (")]
    return name.format(a=a, b=b)


def formula(net: Network, layer_index: int, j: int) -> str:
    """'h1 = sigmoid(-4.56*x1 - 4.56*x2 + 6.73)': the neuron's sum with its numbers."""
    neuron = net.layers[layer_index].neurons[j]
    if layer_index == 0:
        inputs = ["x1", "x2"]
    else:
        inputs = []
        for before in net.layers[layer_index - 1].neurons:
            inputs.append(before.name)
    terms = []
    for k, (w, name) in enumerate(zip(neuron.weights, inputs)):
        if k == 0:
            terms.append(f"{w:.2f}*{name}")
        else:
            terms.append(f"{signed(w)}*{name}")
    terms.append(signed(neuron.bias))
    return f"{neuron.name} = {neuron.activation.name}({' '.join(terms)})"


def signed(value: float) -> str:
    """'+ 1.47' or '- 0.38' (and '+ 0.00', never '- 0.00')."""
    if value < 0 and round(value, 2) != 0:
        return f"- {-value:.2f}"
    return f"+ {abs(value):.2f}"


def line_in_words(net: Network, j: int) -> str:
    """Where first-layer neuron j has z = 0 (output 0.5): the line it draws, and
    on which side of it the neuron is on (output above 0.5)."""
    neuron = net.layers[0].neurons[j]
    w_x1, w_x2 = neuron.weights
    b = neuron.bias
    if abs(w_x2) < 1e-12:
        if abs(w_x1) < 1e-12:
            return f"{neuron.name} draws no line: both its weights are 0"
        side, other = ("right", "left") if w_x1 > 0 else ("left", "right")
        return (f"{neuron.name} draws the line x1 = {-b / w_x1:.2f} (its z = 0): "
                f"{neuron.name} > 0.5 to its {side}, < 0.5 to its {other}")
    # z = w_x1*x1 + w_x2*x2 + b = 0  <=>  x2 = -(w_x1/w_x2)*x1 - b/w_x2; z grows
    # with x2 when w_x2 > 0, so the neuron is above 0.5 above the line then.
    slope, crossing = -w_x1 / w_x2, -b / w_x2
    side, other = ("above", "below") if w_x2 > 0 else ("below", "above")
    return (f"{neuron.name} draws the line x2 = {slope:.2f}*x1 {signed(crossing)} "
            f"(its z = 0): {neuron.name} > 0.5 {side} it, < 0.5 {other}")


def outputs_at(net: Network, X: Sequence[Sequence[float]]) -> Dict[str, List[float]]:
    """name -> [that neuron's output at each point of X], read from the neurons."""
    values: Dict[str, List[float]] = {}
    for neuron in net.neurons:
        values[neuron.name] = []
    for x in X:
        net.forward(x)
        for neuron in net.neurons:
            values[neuron.name].append(neuron.output)
    return values


def describe(net: Network, X, title: str) -> None:
    """Print every neuron's formula, line, values at the four points and gate."""
    print(title)
    values = outputs_at(net, X)
    formulas = []
    for layer_index, layer in enumerate(net.layers):
        for j in range(len(layer.neurons)):
            formulas.append(formula(net, layer_index, j))
    width = max(len(text) for text in formulas)
    points = "  ".join(f"({x[0]:.0f},{x[1]:.0f})" for x in X)
    print(f"    {'at (x1,x2) =':>{width}s}  {points}")
    for text, neuron in zip(formulas, net.neurons):
        shown = "  ".join(f"{v:5.3f}" for v in values[neuron.name])
        print(f"    {text:{width}s}  {shown}   ~ {gate_name(values[neuron.name], 'x1', 'x2')}")
    for j in range(len(net.layers[0].neurons)):
        print(f"    {line_in_words(net, j)}")
    # o1 on its own: feed it 0/1 values of the hidden neurons directly.
    output = net.layers[-1].neurons[0]
    hidden = []
    for neuron in net.layers[-2].neurons:
        hidden.append(neuron.name)
    answers = []
    for corner in itertools.product((0.0, 1.0), repeat=len(hidden)):
        answers.append((corner, output.forward(list(corner))))
    print(f"    {output.name} on its own, fed 0 or 1 for {', '.join(hidden)}:")
    for corner, answer in answers:
        setting = ", ".join(f"{name}={value:.0f}" for name, value in zip(hidden, corner))
        print(f"        {setting}: {output.name} = {answer:.3f}")
    if len(hidden) == 2 and len(net.layers) == 2:
        outputs = []
        for _corner, answer in answers:
            outputs.append(answer)
        print(f"    so {output.name} ~ {gate_name(outputs, hidden[0], hidden[1])}")
        # Once the hidden neurons are clearly on or off at the four points, their
        # gates of x1, x2 can be put into o1's gate of h1, h2.
        decided = True
        for name in hidden:
            for value in values[name]:
                if 0.2 < value < 0.8:
                    decided = False
        if decided:
            first = gate_name(values[hidden[0]], "x1", "x2", note=False)
            second = gate_name(values[hidden[1]], "x1", "x2", note=False)
            print(f"         = {gate_name(outputs, f'({first})', f'({second})', False)}"
                  f", which is {gate_name(values[output.name], 'x1', 'x2')}")
        else:
            print(f"    ({', '.join(hidden)} are not clearly on or off at all four points,"
                  f" so this does not yet say what {output.name} does with x1 and x2)")
    print()

# %% [markdown]
# ## The same numbers as text maps
# Each neuron's output over the plane drawn with characters: the pictures' maps
# without matplotlib.

# %%
SHADES = " .:-=+*#%@"   # output 0 (blank) to 1 (@)


def text_maps(net: Network, X, size: int = 11) -> None:
    """Each neuron's output over the square around the data as characters, side by
    side: the pictures' heatmaps without matplotlib. Read from neuron_output_grid,
    the function the pictures use; the top row is the largest x2."""
    bounds = plots.data_bounds(X)
    grids = plots.neuron_output_grid(net, bounds, size)
    names = list(grids)
    x1_min, x1_max, x2_min, x2_max = bounds
    print(f"Each neuron's output over the plane, as text: '{SHADES[0]}' = 0 ... "
          f"'{SHADES[-1]}' = 1")
    print(f"(x1 from {x1_min:.2f} to {x1_max:.2f} to the right, x2 from {x2_min:.2f} "
          f"to {x2_max:.2f} up, as in the pictures):")
    print(("    " + "   ".join(f"{name:{size}s}" for name in names)).rstrip())
    for row in range(size - 1, -1, -1):
        line = []
        for name in names:
            chars = ""
            for value in grids[name][row]:
                level = min(len(SHADES) - 1, max(0, int(value * len(SHADES))))
                chars += SHADES[level]
            line.append(chars)
        print("    " + "   ".join(line))
    print()

# %% [markdown]
# ## 1. Train, keeping a copy of the network at the epochs to show

# %%
def train_with_snapshots(X, y, hidden: int, epochs: int, learning_rate: float, seed: int,
                         keep: List[int]) -> Tuple[Network, List[Tuple[int, Network]]]:
    """Train a 2-hidden-1 sigmoid network on XOR; return it and a list of
    (epoch, copy of the network after that many epochs) for every epoch in keep."""
    net = Network([2, hidden, 1], activation="sigmoid", loss="mse", seed=seed)
    snapshots = [(0, copy.deepcopy(net))]

    def keep_a_copy(epoch: int, stats: Dict[str, float]) -> None:
        # train counts epochs from 0, so after epoch index 0 one epoch is done.
        if epoch + 1 in keep:
            snapshots.append((epoch + 1, copy.deepcopy(net)))

    net.train(X, y, epochs=epochs, learning_rate=learning_rate, on_epoch_end=keep_a_copy)
    return net, snapshots


def progress_table(snapshots, X, y, shown: List[int]) -> None:
    """Loss, how many of the four are right, and each neuron at the four points."""
    names = []
    for neuron in snapshots[0][1].neurons:
        names.append(neuron.name)
    # Two header lines: the neuron's name over its four columns, then the points.
    over = "".join(f"   {name:19s}" for name in names)
    points = "".join("   00   01   10   11  " for _name in names)
    print(f"    {'':20s}{over}".rstrip())
    print(f"    epoch    loss  right{points}".rstrip())
    for epoch, net in snapshots:
        if epoch not in shown:
            continue
        result = net.evaluate(X, y)
        right = round(result["accuracy"] * len(X))
        values = outputs_at(net, X)
        columns = ""
        for name in names:
            columns += "   " + " ".join(f"{v:4.2f}" for v in values[name])
        print(f"    {epoch:5d}  {result['loss']:.4f}   {right}/{len(X)}{columns}")
    print()


X, y = xor()
shown = [0]
for epoch in args.show:
    if 0 < epoch < args.epochs and epoch not in shown:
        shown.append(epoch)
shown = sorted(shown) + [args.epochs]
gif_epochs = []
for k in range(args.gif_frames):
    epoch = round(k * args.epochs / max(args.gif_frames - 1, 1))
    if epoch not in gif_epochs:
        gif_epochs.append(epoch)
keep = sorted(set(shown) | set(gif_epochs))
net, snapshots = train_with_snapshots(X, y, args.hidden, args.epochs, args.learning_rate,
                                      args.seed, keep)
print(f"Trained for {args.epochs} epochs; copies kept at epochs {shown}.")

# %% [markdown]
# ## 2. Before training: every neuron's gate is a guess

# %%
describe(snapshots[0][1], X, "Before training (each neuron's gate is a guess):")

# %% [markdown]
# ## 3. During training
# The loss, how many of the four points are right, and each neuron's output at the
# four points (00, 01, 10, 11), at the chosen epochs.

# %%
print("During training:")
progress_table(snapshots, X, y, shown)

# %% [markdown]
# ## 4. After training: what each neuron computes

# %%
describe(net, X, f"After {args.epochs} epochs:")
text_maps(net, X)
if net.evaluate(X, y)["accuracy"] < 1.0:
    print("Not all four are right: this start got stuck (lesson 06 shows why; try "
          "--learning-rate 1.0 or --hidden 3).")

# %% [markdown]
# ## 5. Pictures: before, during and after training
# On the left of the single pictures, the input plane with the four points (blue
# circles class 0, red triangles class 1) and the disc that every neuron's circle
# shows. Inside each circle: that neuron's output over the disc, blue for 0, red for
# 1, with the colour bar; the dashed line is where its z = 0. Every edge is one weight:
# green positive, purple negative, thicker for a larger |w| (the key beside it).


# %%
def show(figure, name: str) -> None:
    """In a notebook: the picture under this cell. As a script: a PNG in --out-dir."""
    path = plots.show_or_save(figure, os.path.join(args.out_dir, name))
    if path:
        print(f"Saved {path}")


CAN_DRAW = plots.matplotlib_available()
name = f"2-{args.hidden}-1"
if not CAN_DRAW:
    print(plots.MISSING_HINT)
else:
    in_panels = []
    for epoch, snapshot in snapshots:
        if epoch in shown:
            in_panels.append((epoch, snapshot))
    show(plots.neuron_views_figure(
        snapshots[0][1], X, y, title=f"XOR, {name} before training: what each neuron "
                                     f"computes", resolution=args.resolution),
        "lesson10_xor_before.png")
    show(plots.neuron_views_over_training_figure(
        in_panels, X, y, title=f"XOR, {name}: each neuron's output during training",
        resolution=min(args.resolution, 30)), "lesson10_xor_training.png")
    show(plots.neuron_views_figure(
        net, X, y, title=f"XOR, {name} after {args.epochs} epochs: what each neuron "
                         f"computes", resolution=args.resolution),
        "lesson10_xor_after.png")

# %% [markdown]
# ## 6. All of training as an animation

# %%
if CAN_DRAW and gif_epochs and not plots.pillow_available():
    print(plots.PILLOW_HINT)
elif CAN_DRAW and gif_epochs:
    in_gif = []
    for epoch, snapshot in snapshots:
        if epoch in gif_epochs:
            in_gif.append((epoch, snapshot))
    path = plots.show_or_save_animation(
        plots.animate_neuron_views, os.path.join(args.out_dir, "lesson10_xor.gif"),
        in_gif, X, y, title=f"XOR, {name}", resolution=min(args.resolution, 30))
    if path:
        print(f"Saved {path}")
