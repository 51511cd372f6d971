"""Lesson 8: regression, a network that outputs a number instead of a class.

The same Network fits a curve when its output neuron has no squashing activation:

    hidden neurons  h_j = tanh(w_j * x + b_j)              (one input x)
    output          y_pred = sum_j v_j * h_j + b           (identity activation)
    loss            L = (y - y_pred)^2                     (mean squared error)

Each tanh neuron is a smooth step placed and scaled by its weight and bias; the
output adds the steps up, and training moves them until the sum follows sin(x).
The script fits noisy samples of y = sin(x) on [-pi, pi] with a 1-16-1 network
(Adam, mini-batches of 10), prints the loss on the training points and on
held-out validation points as it goes, then draws:

* the fit: the data, sin(x) and the network's curve after a few chosen epochs,
  drawn a little beyond the data, where the network has nothing to go on (tanh
  steps go flat, so the curve does too);
* the loss curve of both sets (log scale).

    python scripts/lesson08_regression.py
    python scripts/lesson08_regression.py --hidden 3 --epochs 1000   # too few steps
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # repo root

# %% Imports
import argparse
import math
from typing import Dict, List, Sequence, Tuple

from datasets.shapes import sine
from network import Network, plots


# %% The network's curve: one prediction per x
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


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0],
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
    parser.add_argument("--out-dir", default="plots", help="folder for the pictures")
    args = parser.parse_args(argv)
    if (args.hidden < 1 or args.epochs < 0 or args.points < 1 or args.noise < 0
            or not args.learning_rate > 0):
        parser.error("need --hidden >= 1, --epochs >= 0, --points >= 1, --noise >= 0 "
                     "and --learning-rate > 0")

    # %% Data: noisy samples of sin(x), and separate validation points
    X, y = sine(n=args.points, noise=args.noise, seed=args.seed)
    X_val, y_val = sine(n=50, noise=args.noise, seed=args.seed + 1000)
    x_line = evenly_spaced(-1.4 * math.pi, 1.4 * math.pi, 201)
    print(f"{len(X)} training points and {len(X_val)} validation points of "
          f"y = sin(x) + noise (noise sd {args.noise}), x in [-pi, pi]")

    # %% The network: tanh hidden layer, identity output, mean squared error
    net = Network([1, args.hidden, 1], activation="tanh", output_activation="identity",
                  loss="mse", seed=args.seed)
    print(net)

    # %% Train, recording the validation loss and a few curves along the way
    # Curves after 1 and 10 epochs and at the end; the loss every tenth of the run.
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

    # %% Results: the fit next to the true sin(x)
    print(f"\nAfter {args.epochs} epochs: mean squared error "
          f"{net.evaluate(X, y)['loss']:.4f} on the training points, "
          f"{net.evaluate(X_val, y_val)['loss']:.4f} on the validation points "
          f"(the noise alone gives about {args.noise ** 2:.4f})")
    print("       x      sin(x)   network")
    for x in (-3.0, -1.5, 0.0, 1.5, 3.0, 4.0):
        where = "" if -math.pi <= x <= math.pi else "   (outside the data)"
        print(f"  {x:6.2f}   {math.sin(x):7.3f}   {net.predict([x])[0]:7.3f}{where}")

    # %% Pictures: the fit and the loss curves
    if not plots.matplotlib_available():
        print(plots.MISSING_HINT)
        return
    truth = []
    for x in x_line:
        truth.append(math.sin(x))
    x_data = []
    for point in X:
        x_data.append(point[0])
    written = [
        plots.plot_regression_fit(
            x_data, y, x_line, [("sin(x)", truth)] + curves,
            os.path.join(args.out_dir, "lesson08_sine_fit.png"),
            title=f"Fitting sin(x) with a 1-{args.hidden}-1 tanh network"),
    ]
    if losses:
        written.append(plots.plot_loss_curve(
            losses, os.path.join(args.out_dir, "lesson08_sine_loss.png"),
            validation=validation_losses, log_scale=True,
            title="Mean squared error per epoch"))
    print("Pictures written:")
    for path in written:
        print(f"  {path}")


if __name__ == "__main__":
    main()
