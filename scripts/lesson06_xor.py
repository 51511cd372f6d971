# %% [markdown]
# # Lesson 06: XOR, and why a network needs a hidden layer
#
# XOR is 1 when exactly one input is 1:
#
#     x1 x2   XOR
#      0  0    0
#      0  1    1
#      1  0    1
#      1  1    0
#
# A single neuron draws one straight line (w1*x1 + w2*x2 + b = 0) through the plane,
# and no straight line puts (0, 1) and (1, 0) on one side and (0, 0) and (1, 1) on
# the other. So:
#
# 1. a lone sigmoid neuron (`Network([2, 1])`) trains and still gets XOR wrong;
# 2. a 2-4-1 network (one hidden layer of four sigmoid neurons) gets all four right;
# 3. the smallest network that can, 2-2-1, learns it from most starting weights but
#    not from all: we look at one start that gets stuck, see why, and find one that
#    learns.
#
# Every network here: sigmoid neurons, mean squared error, plain gradient descent
# (lesson 05's training), one point at a time, 2000 epochs.
#
# **How to run it.** As a notebook: `scripts/notebooks/lesson06_xor.ipynb` (Jupyter,
# VS Code), after `python -m pip install -e .` in the repository's folder. As a script,
# from the repository's folder: `python scripts/lesson06_xor.py`, or
# `python scripts/lesson06_xor.py --hidden 3 --learning-rate 1` (`--help` lists the
# settings).

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
from typing import List, Optional, Sequence

from datasets import xor
from network import Network
from network.losses import predicted_class

# %% [markdown]
# ## Settings
# In a notebook the lesson uses the defaults (give flags as a list to change them:
# `args = parse_flags(["--hidden", "3"])`); from the command line, the flags.


# %%
def parse_flags(argv: Optional[List[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Lesson 6: XOR, and why a network needs a hidden layer.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--seed", type=int, default=0,
                        help="seed of the starting weights")
    parser.add_argument("--epochs", type=int, default=2000, help="passes over the four points")
    parser.add_argument("--learning-rate", type=float, default=0.5,
                        help="the step size of gradient descent")
    parser.add_argument("--hidden", type=int, default=4,
                        help="hidden neurons of the network in step 2")
    args = parser.parse_args(argv)
    if args.epochs < 0 or args.hidden < 1 or not args.learning_rate > 0:
        parser.error("need --epochs >= 0, --hidden >= 1 and --learning-rate > 0")
    return args


# The flags come from the command line only when this file is run as a script: in a
# Jupyter kernel sys.argv holds the kernel's own flags, and a program that imports
# the file has flags of its own. Then the lesson uses its defaults.
IN_A_KERNEL = "ipykernel" in sys.modules
FROM_THE_COMMAND_LINE = __name__ == "__main__" and not IN_A_KERNEL
args = parse_flags(None if FROM_THE_COMMAND_LINE else [])
print(f"Every network: sigmoid, mean squared error, gradient descent with learning rate "
      f"{args.learning_rate:g}, one point per step, {args.epochs} epochs, starting "
      f"weights from seed {args.seed}.")

# %% [markdown]
# ## 1. One neuron: a straight line cannot do it
# The network's answer is a number between 0 and 1; its class is 1 when the answer
# is at least 0.5, else 0. That rule is the library's one rule for a single output,
# `network.losses.predicted_class` (training accuracy, `evaluate` and `predict_class`
# all use it). An answer of exactly 0.5 is the network having no opinion; the rule
# has to call it something, and it calls it class 1.


# %%
def answer_note(y_pred: float) -> str:
    """What to say about an answer right at the 0.5 line, where the class is a tie."""
    if y_pred == 0.5:
        return "   (exactly 0.5: no opinion; the tie rule counts it as class 1)"
    if abs(y_pred - 0.5) < 0.01:
        return f"   ({y_pred:.6f}: within 0.01 of 0.5, a coin flip)"
    return ""


def train_and_show(sizes: Sequence[int], seed: int, epochs: int,
                   learning_rate: float) -> Network:
    """Train Network(sizes) on XOR; print each point's answer, class and whether it is
    right (by predicted_class), and how many of the four are right."""
    X, Y = xor()
    net = Network(sizes, activation="sigmoid", loss="mse", seed=seed)
    losses = net.train(X, Y, epochs=epochs, learning_rate=learning_rate)
    loss = losses[-1] if losses else net.evaluate(X, Y)["loss"]
    print(f"Network({list(sizes)}), seed {seed}, after {epochs} epochs at learning rate "
          f"{learning_rate:g}: loss {loss:.4f}")
    print("  x1 x2  XOR   network says   class")
    correct = 0
    for x, y in zip(X, Y):
        y_pred = net.predict(x)[0]
        predicted = predicted_class([y_pred])
        right = predicted == predicted_class([y])
        correct += right
        print(f"   {x[0]:.0f}  {x[1]:.0f}   {y:.0f}       {y_pred:.3f}        {predicted}   "
              f"{'right' if right else 'WRONG'}{answer_note(y_pred)}")
    print(f"  {correct} of 4 right")
    return net


X, Y = xor()
lone = train_and_show([2, 1], args.seed, args.epochs, args.learning_rate)
lone_loss = lone.evaluate(X, Y)["loss"]
if abs(lone_loss - 0.25) < 0.01:
    print(f"\nIts loss, {lone_loss:.4f}, is about that of answering 0.5 for every point "
          f"((0.5)^2 = 0.25): the best one line can do for the squared error is to sit on "
          f"the fence. Which points then come out 'right' depends on tiny differences and "
          f"on the tie rule, not on anything learned.")

# %% [markdown]
# ## 2. One hidden layer: two lines combined can
# Each hidden neuron draws its own line; the output neuron combines them (lesson 10
# draws every neuron's picture to show how).

# %%
hidden = train_and_show([2, args.hidden, 1], args.seed, args.epochs, args.learning_rate)

# %% [markdown]
# ## 3. The smallest network that can: 2-2-1, and a start that gets stuck
# Two hidden neurons are enough in principle: one line for "x1 OR x2", one for "not
# both", and the output says 1 where both hold. But gradient descent starts from
# random weights and only ever walks downhill, and from some starts it walks into a
# place where it cannot go on.


# %%
def why_stuck(net: Network, X, Y) -> None:
    """Each hidden neuron's output and slope (sigmoid'(z) = output * (1 - output)) at
    the four points, then the points the hidden layer makes look alike."""
    hidden_neurons = net.layers[0].neurons
    names = []
    for neuron in hidden_neurons:
        names.append(neuron.name)
    print("  x1 x2  XOR   " + "   ".join(f"{name}  slope" for name in names))
    seen = []
    for x, y in zip(X, Y):
        net.forward(x)
        outputs, columns = [], []
        for neuron in hidden_neurons:
            outputs.append(neuron.output)
            columns.append(f"{neuron.output:.3f} {neuron.output * (1 - neuron.output):.4f}")
        seen.append((x, y, outputs))
        print(f"   {x[0]:.0f}  {x[1]:.0f}   {y:.0f}    " + "   ".join(columns))
    for i in range(len(seen)):
        for j in range(i + 1, len(seen)):
            (xi, yi, hi), (xj, yj, hj) = seen[i], seen[j]
            alike = True
            for a, b in zip(hi, hj):
                if abs(a - b) > 0.05:
                    alike = False
            if alike and yi != yj:
                print(f"At ({xi[0]:.0f}, {xi[1]:.0f}) and ({xj[0]:.0f}, {xj[1]:.0f}) the "
                      f"hidden neurons give nearly the same numbers, so o1, which sees only "
                      f"them, must give both points nearly the same answer, but XOR wants "
                      f"{yi:.0f} for one and {yj:.0f} for the other: the best it can do is "
                      f"about 0.5 for both, and one of them comes out wrong.")
                slopes = []
                for outputs in (hi, hj):
                    for output in outputs:
                        slopes.append(output * (1 - output))
                shown = ", ".join(f"{slope:.4f}" for slope in slopes)
                if max(slopes) < 0.05:
                    print(f"To tell them apart a hidden neuron would have to change its "
                          f"output there, but the hidden neurons' slopes at these two points "
                          f"are {shown}: the sigmoid is flat there, and every gradient that "
                          f"reaches their weights is multiplied by that slope, so the "
                          f"weights barely move. Training sits on a plateau.")
                else:
                    print(f"The hidden neurons' slopes at these two points are {shown}.")


def still_stuck_after(net: Network, more_epochs: int) -> None:
    """Train on for more_epochs and say whether the network got out."""
    net.train(X, Y, epochs=more_epochs, learning_rate=args.learning_rate)
    result = net.evaluate(X, Y)
    right = round(4 * result["accuracy"])
    print(f"After {more_epochs} more epochs: {right} of 4 right, loss {result['loss']:.4f}"
          f"{' (still stuck)' if right < 4 else ' (it got out)'}.")


stuck_seed = None
small = train_and_show([2, 2, 1], args.seed, args.epochs, args.learning_rate)
if small.evaluate(X, Y)["accuracy"] < 1.0:
    stuck_seed = args.seed
    print()
    why_stuck(small, X, Y)
    still_stuck_after(small, 5 * args.epochs)
else:
    print(f"This start (seed {args.seed}) learns it; step 4 shows the seeds that do not.")

# %% [markdown]
# ## 4. Another start, and how many starts learn it
# The same network, the same data and learning rate, only other starting weights
# (another seed): most of them learn XOR. Other ways out of a plateau: a larger
# learning rate (`--learning-rate 1` learns it from seed 0), or more hidden neurons
# than strictly needed (step 2): more ways for gradient descent to go downhill.


# %%
def learns(seed: int) -> bool:
    """Does the 2-2-1 network learn all four points from this seed?"""
    net = Network([2, 2, 1], activation="sigmoid", loss="mse", seed=seed)
    net.train(X, Y, epochs=args.epochs, learning_rate=args.learning_rate)
    return net.evaluate(X, Y)["accuracy"] == 1.0


results = []
for seed in range(args.seed, args.seed + 10):
    results.append((seed, learns(seed)))
print("2-2-1 from seeds " + ", ".join(f"{seed}: {'learns' if ok else 'stuck'}"
                                      for seed, ok in results))
learned = 0
for _seed, ok in results:
    learned += ok
print(f"{learned} of {len(results)} starts learn XOR in {args.epochs} epochs.")
if stuck_seed is not None:
    for seed, ok in results:
        if ok:
            print()
            train_and_show([2, 2, 1], seed, args.epochs, args.learning_rate)
            break
