# %% [markdown]
# # Lesson 04: backpropagation by hand, for one person
#
# To lower the loss we need, for every weight, dL/dw: how much the loss changes when
# that weight changes a little. The chain rule splits it into small factors we can
# each compute. For w1 (h1's weight on x1), in the walkthrough's 2-2-1 network:
#
#     dL/dw1 = dL/dy_pred * dy_pred/dh1 * dh1/dw1
#
#     dL/dy_pred  = -2 * (y_true - y_pred)          (MSE of one sample)
#     dy_pred/dh1 = w5 * sigmoid'(z_o1)             (y_pred = sigmoid(w5*h1 + w6*h2 + b3))
#     dh1/dw1     = x1 * sigmoid'(z_h1)             (h1 = sigmoid(w1*x1 + w2*x2 + b1))
#     sigmoid'(z) = sigmoid(z) * (1 - sigmoid(z))
#
# This lesson works the walkthrough's example, Alice (x = [-2, -1], y_true = 1) with every
# weight 1 and every bias 0, three times: with plain arithmetic; with the Network class,
# whose trace prints the same terms from the numbers training computes; and with a
# finite-difference gradient check. Then one gradient-descent step, w <- w - 0.1 * dL/dw
# (0.1 is the learning rate: how far each step goes against the gradient).
#
# **How to run it.** As a notebook: `scripts/notebooks/lesson04_backprop_by_hand.ipynb`
# (Jupyter, VS Code), after `python -m pip install -e .` in the repository's folder.
# As a script, from the repository's folder: `python scripts/lesson04_backprop_by_hand.py`,
# or `python scripts/lesson04_backprop_by_hand.py --learning-rate 1 --digits 6`
# (`--help` lists the settings).

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
from typing import Dict, List, Optional

from network import Network, gradient_check
from network.tracing import trace

# Alice: [weight - 135, height - 66] and female (1).
X = [-2.0, -1.0]
Y_TRUE = 1.0


def sigmoid(z: float) -> float:
    """sigmoid(z) = 1 / (1 + e^(-z))."""
    return 1.0 / (1.0 + math.exp(-z))


def deriv_sigmoid(z: float) -> float:
    """sigmoid'(z) = sigmoid(z) * (1 - sigmoid(z))."""
    s = sigmoid(z)
    return s * (1.0 - s)


def alice_network() -> Network:
    """The 2-2-1 network with every weight 1 and every bias 0."""
    return Network([2, 2, 1], weights=[[[1, 1], [1, 1]], [[1, 1]]], biases=[[0, 0], [0]])

# %% [markdown]
# ## Settings
# The learning rate of the one step and how many digits the trace shows. In a notebook
# the lesson uses the defaults (`parse_flags(["--digits", "6"])` for others); from the
# command line, the flags.


# %%
def parse_flags(argv: Optional[List[str]] = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Lesson 04: backpropagation by hand for Alice.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--learning-rate", type=float, default=0.1,
                        help="learning rate of the one gradient-descent step")
    parser.add_argument("--digits", type=int, default=4,
                        help="significant digits in the trace")
    args = parser.parse_args(argv)
    if not args.learning_rate > 0:
        parser.error(f"--learning-rate must be > 0, got {args.learning_rate}")
    if args.digits < 1:
        parser.error(f"--digits must be >= 1, got {args.digits}")
    return args


# The flags come from the command line only when this file is run as a script: in a
# Jupyter kernel sys.argv holds the kernel's own flags, and a program that imports
# the file has flags of its own. Then the lesson uses its defaults.
IN_A_KERNEL = "ipykernel" in sys.modules
FROM_THE_COMMAND_LINE = __name__ == "__main__" and not IN_A_KERNEL
args = parse_flags(None if FROM_THE_COMMAND_LINE else [])
print(f"learning rate {args.learning_rate:g}, {args.digits} significant digits")

# %% [markdown]
# ## 1. Forward pass by hand


# %%
def forward_by_hand() -> Dict[str, float]:
    """Every z, activation and the loss for Alice, with plain arithmetic."""
    print("1. Forward pass by hand (every weight 1, every bias 0)")
    w1 = w2 = w3 = w4 = w5 = w6 = 1.0
    b1 = b2 = b3 = 0.0
    x1, x2 = X
    z_h1 = w1 * x1 + w2 * x2 + b1
    h1 = sigmoid(z_h1)
    z_h2 = w3 * x1 + w4 * x2 + b2
    h2 = sigmoid(z_h2)
    z_o1 = w5 * h1 + w6 * h2 + b3
    y_pred = sigmoid(z_o1)
    loss = (Y_TRUE - y_pred) ** 2
    print(f"   z_h1 = w1*x1 + w2*x2 + b1 = {z_h1:g}        h1 = sigmoid(z_h1) = {h1:.4g}")
    print(f"   z_h2 = w3*x1 + w4*x2 + b2 = {z_h2:g}        h2 = sigmoid(z_h2) = {h2:.4g}")
    print(f"   z_o1 = w5*h1 + w6*h2 + b3 = {z_o1:.4g}  y_pred = sigmoid(z_o1) = {y_pred:.4g}")
    print(f"   L = (y_true - y_pred)^2 = ({Y_TRUE:g} - {y_pred:.4g})^2 = {loss:.4g}")
    return {"x1": x1, "x2": x2, "w5": w5, "w6": w6, "z_h1": z_h1, "h1": h1,
            "z_h2": z_h2, "h2": h2, "z_o1": z_o1, "y_pred": y_pred, "L": loss}


forward = forward_by_hand()

# %% [markdown]
# ## 2. Backward pass by hand: every chain-rule term
# First the terms that several gradients share, then each gradient as their product.


# %%
def backward_by_hand(f: Dict[str, float]) -> Dict[str, float]:
    """dL/dw1..dL/dw6 and dL/db1..dL/db3 from named chain-rule terms; returns them."""
    print("2. Backward pass by hand")
    x1, x2, h1, h2, w5, w6 = f["x1"], f["x2"], f["h1"], f["h2"], f["w5"], f["w6"]

    # The loss: L = (y_true - y_pred)^2, so dL/dy_pred = -2 * (y_true - y_pred).
    d_L_d_ypred = -2.0 * (Y_TRUE - f["y_pred"])
    print(f"   dL/dy_pred = -2 * (y_true - y_pred) = {d_L_d_ypred:.4g}")

    # Output neuron: y_pred = sigmoid(z_o1), z_o1 = w5*h1 + w6*h2 + b3.
    d_ypred_d_zo1 = deriv_sigmoid(f["z_o1"])
    d_ypred_d_w5 = h1 * d_ypred_d_zo1
    d_ypred_d_w6 = h2 * d_ypred_d_zo1
    d_ypred_d_b3 = d_ypred_d_zo1
    d_ypred_d_h1 = w5 * d_ypred_d_zo1
    d_ypred_d_h2 = w6 * d_ypred_d_zo1
    print(f"   sigmoid'(z_o1) = {d_ypred_d_zo1:.4g}")
    print(f"   dy_pred/dw5 = h1 * sigmoid'(z_o1) = {d_ypred_d_w5:.4g}")
    print(f"   dy_pred/dw6 = h2 * sigmoid'(z_o1) = {d_ypred_d_w6:.4g}")
    print(f"   dy_pred/db3 = sigmoid'(z_o1) = {d_ypred_d_b3:.4g}")
    print(f"   dy_pred/dh1 = w5 * sigmoid'(z_o1) = {d_ypred_d_h1:.4g}")
    print(f"   dy_pred/dh2 = w6 * sigmoid'(z_o1) = {d_ypred_d_h2:.4g}")

    # Hidden neuron h1: h1 = sigmoid(z_h1), z_h1 = w1*x1 + w2*x2 + b1.
    d_h1_d_zh1 = deriv_sigmoid(f["z_h1"])
    d_h1_d_w1 = x1 * d_h1_d_zh1
    d_h1_d_w2 = x2 * d_h1_d_zh1
    d_h1_d_b1 = d_h1_d_zh1
    print(f"   sigmoid'(z_h1) = {d_h1_d_zh1:.4g}")
    print(f"   dh1/dw1 = x1 * sigmoid'(z_h1) = {d_h1_d_w1:.4g}")
    print(f"   dh1/dw2 = x2 * sigmoid'(z_h1) = {d_h1_d_w2:.4g}")
    print(f"   dh1/db1 = sigmoid'(z_h1) = {d_h1_d_b1:.4g}")

    # Hidden neuron h2: h2 = sigmoid(z_h2), z_h2 = w3*x1 + w4*x2 + b2.
    d_h2_d_zh2 = deriv_sigmoid(f["z_h2"])
    d_h2_d_w3 = x1 * d_h2_d_zh2
    d_h2_d_w4 = x2 * d_h2_d_zh2
    d_h2_d_b2 = d_h2_d_zh2
    print(f"   sigmoid'(z_h2) = {d_h2_d_zh2:.4g}")
    print(f"   dh2/dw3 = x1 * sigmoid'(z_h2) = {d_h2_d_w3:.4g}")
    print(f"   dh2/dw4 = x2 * sigmoid'(z_h2) = {d_h2_d_w4:.4g}")
    print(f"   dh2/db2 = sigmoid'(z_h2) = {d_h2_d_b2:.4g}")

    # Each gradient: the product of the terms on the path from the loss to the weight.
    gradients = {
        "w1": d_L_d_ypred * d_ypred_d_h1 * d_h1_d_w1,
        "w2": d_L_d_ypred * d_ypred_d_h1 * d_h1_d_w2,
        "b1": d_L_d_ypred * d_ypred_d_h1 * d_h1_d_b1,
        "w3": d_L_d_ypred * d_ypred_d_h2 * d_h2_d_w3,
        "w4": d_L_d_ypred * d_ypred_d_h2 * d_h2_d_w4,
        "b2": d_L_d_ypred * d_ypred_d_h2 * d_h2_d_b2,
        "w5": d_L_d_ypred * d_ypred_d_w5,
        "w6": d_L_d_ypred * d_ypred_d_w6,
        "b3": d_L_d_ypred * d_ypred_d_b3,
    }
    print(f"   dL/dw1 = dL/dy_pred * dy_pred/dh1 * dh1/dw1 = ({d_L_d_ypred:.4g}) * "
          f"({d_ypred_d_h1:.4g}) * ({d_h1_d_w1:.4g}) = {gradients['w1']:.4g}")
    for name in ("w2", "b1", "w3", "w4", "b2", "w5", "w6", "b3"):
        print(f"   dL/d{name} = {gradients[name]:.4g}")
    return gradients


gradients = backward_by_hand(forward)

# %% [markdown]
# ## 3. The same numbers from the Network
# `trace` runs the Network's own forward, backward and step, then prints every term
# it used. It is not a second implementation: it reads the numbers the neurons stored.


# %%
def from_the_network(hand: Dict[str, float], learning_rate: float, digits: int) -> None:
    """Trace one step of the Network on Alice, then compare with the hand-worked gradients."""
    print("3. The same step from the Network, traced")
    net = alice_network()
    loss_before = net.loss_of(X, Y_TRUE)
    result = trace(net, X, Y_TRUE, learning_rate=learning_rate, digits=digits,
                   file=sys.stdout)
    print()
    print(f"   {'parameter':>9} {'by hand':>22} {'Network':>22} {'difference':>11}")
    worst = 0.0
    for name in net.parameter_names():
        difference = abs(hand[name] - result.gradients[name])
        worst = max(worst, difference / max(abs(hand[name]), 1e-300))
        print(f"   {'dL/d' + name:>9} {hand[name]!r:>22} {result.gradients[name]!r:>22} "
              f"{difference:>11.1e}")
    if worst > 1e-12:
        sys.exit(f"By hand and the Network disagree (relative difference {worst:.1e})")
    print(f"   By hand and the Network agree (largest relative difference {worst:.1e}).")
    loss_after = net.loss_of(X, Y_TRUE)
    print(f"   After one step at learning rate {learning_rate:g}, Alice's loss went from "
          f"{loss_before:.6f} to {loss_after:.6f}.")


from_the_network(gradients, args.learning_rate, args.digits)

# %% [markdown]
# ## 4. Gradient check
# An independent test of backpropagation: nudge each parameter by h = 1e-6 either
# way and measure the slope of the loss, (L(w + h) - L(w - h)) / 2h.


# %%
def check_gradients() -> None:
    """gradient_check on the Alice network, as a table."""
    print("4. Gradient check: backprop against finite differences")
    check = gradient_check(alice_network(), X, Y_TRUE)
    for line in check.report().splitlines():
        print(f"   {line}")
    if not check.passed:
        sys.exit("The gradient check failed")


check_gradients()
