"""Lesson 7: decision boundaries, the line a classifier draws through the plane.

A network with two inputs and one sigmoid output gives every point (x1, x2) of the
plane a probability of being class 1; the decision boundary is where that
probability crosses 0.5. A lone neuron can only draw a straight line there
(w1*x1 + w2*x2 + b = 0). Each hidden tanh neuron adds one such line, bent into a
smooth step, and the output neuron combines them into a curve. This script trains
one network per data set and records how the boundary changes, epoch by epoch:

1. XOR (four noisy clouds) with the 2-2-1 network: two hidden neurons, two lines.
   The diagram of w1..w6 and b1..b3 before and after training shows them.
2. moons and circles (datasets.shapes) with 2-8-1: one curve is enough.
3. spirals with 2-16-16-1: the boundary must wind between the arms.

Every network: tanh hidden layers, a sigmoid output, binary cross-entropy, Adam,
mini-batches of 10 shuffled points. Text results come first (accuracy at chosen
epochs, on the training points and on new points from another seed), then the
pictures: for each data set a grid of panels at those epochs and an animated GIF.

    python scripts/lesson07_decision_boundaries.py
    python scripts/lesson07_decision_boundaries.py --datasets spirals --epochs 600
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # repo root

# %% Imports
import argparse
import copy
from typing import Dict, List, Tuple

from datasets.shapes import SHAPES, get_shape
from network import Network, plots

# Hidden layer sizes for each data set: the harder the shape, the more neurons.
HIDDEN_SIZES: Dict[str, List[int]] = {
    "xor": [2],
    "moons": [8],
    "circles": [8],
    "spirals": [16, 16],
}


# %% Which epochs to look at
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


# %% Train one network, keeping a copy of it at the chosen epochs
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

    net.train(X, y, epochs=epochs, learning_rate=learning_rate, batch_size=10,
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


def print_parameters(net: Network) -> None:
    """Each neuron's weights and bias, named as in the walkthrough (w1..w6, b1..b3)."""
    for neuron in net.neurons:
        line = []
        for name, w in zip(net.weight_names[neuron.name], neuron.weights):
            line.append(f"{name} = {w:6.2f}")
        line.append(f"{net.bias_names[neuron.name]} = {neuron.bias:6.2f}")
        print(f"    {neuron.name}: " + "   ".join(line))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0],
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
    parser.add_argument("--out-dir", default="plots", help="folder for the pictures")
    args = parser.parse_args(argv)
    if (args.epochs < 0 or args.points < 4 or args.panels < 1 or args.gif_frames < 0
            or args.resolution < 2 or not args.learning_rate > 0):
        parser.error("need --epochs >= 0, --points >= 4, --panels >= 1, --gif-frames >= 0, "
                     "--resolution >= 2 and --learning-rate > 0")

    panel_epochs = log_spaced_epochs(args.epochs, args.panels)
    gif_epochs = log_spaced_epochs(args.epochs, args.gif_frames) if args.gif_frames else []
    keep = sorted(set(panel_epochs) | set(gif_epochs))

    # %% Train: one network per data set, text results first
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
        if name == "xor":
            print("  before training:")
            print_parameters(snapshots[0][1])
            print("  after training (h1 and h2 each draw one line; o1 combines them):")
            print_parameters(net)
        print()
        results.append((name, X, y, snapshots))

    # %% Pictures: panels at chosen epochs, an animated GIF, the 2-2-1 diagram
    if not plots.matplotlib_available():
        print(plots.MISSING_HINT)
        return
    written = []
    gif_hint_printed = False
    for name, X, y, snapshots in results:
        in_panels, in_gif = [], []
        for epoch, snapshot in snapshots:
            if epoch in panel_epochs:
                in_panels.append((epoch, snapshot))
            if epoch in gif_epochs:
                in_gif.append((epoch, snapshot))
        title = f"{name}: the decision boundary (black line) during training"
        written.append(plots.plot_decision_boundaries(
            in_panels, X, y, os.path.join(args.out_dir, f"lesson07_{name}_boundaries.png"),
            title=title, resolution=args.resolution))
        if in_gif and plots.pillow_available():
            written.append(plots.animate_decision_boundary(
                in_gif, X, y, os.path.join(args.out_dir, f"lesson07_{name}.gif"),
                title=name, resolution=min(args.resolution, 40)))
        elif in_gif and not gif_hint_printed:
            print(plots.PILLOW_HINT)
            gif_hint_printed = True
        if name == "xor":
            written.append(plots.plot_network_before_after(
                snapshots[0][1], snapshots[-1][1],
                os.path.join(args.out_dir, "lesson07_xor_network.png"),
                titles=("2-2-1 before training", f"after {snapshots[-1][0]} epochs")))
    print("Pictures written:")
    for path in written:
        print(f"  {path}")


if __name__ == "__main__":
    main()
