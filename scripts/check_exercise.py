"""Check an exercise: plug your function into the real classes and name the wrong term.

    python scripts/check_exercise.py N             # checks scripts/exercises/exN_*.py
    python scripts/check_exercise.py N FILE        # checks your own copy of it
    python scripts/exercises/ex1_neuron_forward.py # the same: every exercise runs its check
    python scripts/check_exercise.py --solutions   # the project's own code passes every one

The exercises, in the order to do them. Each file states the task, the formulas you
need and hints; write the body of its function(s) where it says
``raise NotImplementedError("your code here")``, then run the file.

  1  ex1_neuron_forward.py          Neuron.forward: z = w1*x1 + ... + wn*xn + b, output = g(z)
  2  ex2_activation_derivatives.py  the slopes g'(z) of sigmoid, tanh and ReLU
  3  ex3_loss_derivative.py         dL/dy_pred of the mean squared error
  4  ex4_neuron_backward.py         Neuron.backward: dL/dz, dL/dwi, dL/db, dL/dxi
  5  ex5_layer_backward.py          Layer.backward: dL/dx_i = sum over neurons j of dL/dz_j * w_ji
  6  ex6_softmax_cross_entropy.py   softmax, and dL/dz_k = p_k - y_k for cross entropy
  7  ex7_sgd_step.py                SGD: w <- w - learning_rate * (summed dL/dw) / batch_size
  8  ex8_adam_step.py               one Adam update, with its bias correction

How a check works. For as long as it runs, your function takes the place of the
project's own (``Neuron.forward``, ``Layer.backward``, ``SGD.step``, ...): a context
manager swaps it in and always puts the original back, even when your code raises.
Then it runs cases and compares every named term with the project's own code run on
the same inputs, which is the reference solution, so the exercises cannot drift from
the code; the walkthrough's numbers (Alice in the 2-2-1 network: h1 = 0.04743,
dL/dy_pred = -0.9526, dL/dw1 = 0.02147, ...) are also worked by hand below, and the
check stops with an error if the code ever disagrees with them. Backward exercises
also run the finite-difference gradient check, and most end with a few epochs of
training. Every term is printed as ok or WRONG, and the first wrong one is explained:

    dL/dw1 is 0.04294, expected 0.02147: it is twice the answer; look at dL/dy_pred
      dL/dy_pred is -1.905, expected -0.9526: it is twice the answer

"look at" follows the chain rule back to the first wrong term whose own factors are
right: the place to fix. Mistakes it recognizes by name: a factor 2 or 1/2, a wrong
sign, a missing term (the bias, the first or last wi*xi), z used where the output
belongs or the other way round, the activation's value instead of its slope, wi and
xi swapped, transposed weight indices (w_ij instead of w_ji), = instead of += (one
sample's or one neuron's share instead of the sum), a missing division by n or by
the batch size, a missing learning rate, a step uphill, and in Adam a missing bias
correction, square or square root.

Exit status: 0 when every term matches, 1 otherwise ("exercise N: not written yet"
while a function still raises NotImplementedError).
"""
from __future__ import annotations

import argparse
import contextlib
import glob
import importlib.util
import math
import os
import sys
import traceback
from collections import OrderedDict
from typing import Callable, Dict, Iterator, List, Optional, Sequence, Tuple

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)  # the repository root: no install needed

from datasets import people, xor                          # noqa: E402
from network import layer as layer_module                # noqa: E402
from network.gradcheck import gradient_check             # noqa: E402
from network.layer import Layer, SoftmaxLayer            # noqa: E402
from network.losses import MeanSquaredError              # noqa: E402
from network.network import Network                      # noqa: E402
from network.optimizers import SGD, Adam                 # noqa: E402
from neuron.activations import ACTIVATIONS, sigmoid      # noqa: E402
from neuron.neuron import Neuron                         # noqa: E402

EXERCISES_DIR = os.path.join(ROOT, "scripts", "exercises")

# Two numbers match when they agree to 1e-9 of their size (or 1e-12 near 0): your
# code may add the same terms in another order, which changes the last digits only.
RELATIVE = 1e-9
ABSOLUTE = 1e-12
# The project's code must agree with the hand-worked numbers far more closely.
HAND_RELATIVE = 1e-12

# The project's own functions, kept before anything is swapped: the reference solutions.
REAL_NEURON_FORWARD = Neuron.forward
REAL_NEURON_BACKWARD = Neuron.backward
REAL_LAYER_BACKWARD = Layer.backward
REAL_SOFTMAX = layer_module.softmax
REAL_BACKWARD_CROSS_ENTROPY = SoftmaxLayer.backward_cross_entropy
REAL_MSE_DERIVATIVE = MeanSquaredError.derivative
REAL_SGD_STEP = SGD.step
REAL_ADAM_STEP = Adam.step
REAL_DERIVATIVES = {name: ACTIVATIONS[name].derivative for name in ("sigmoid", "tanh", "relu")}

Vector = List[float]
Mistake = Tuple[float, str]      # (what a term would be after a known mistake, the explanation)


# %% The walkthrough worked by hand
# Alice, x = [x1, x2] = [-2, -1], y_true = 1, in the 2-2-1 network with every weight 1
# and every bias 0 (sigmoid everywhere, L = (y_true - y_pred)^2). Each value is written
# as the formula a learner would put into a calculator, with the decimals in the comment.
def alice_by_hand() -> Dict[str, float]:
    """Every term of one forward and backward pass for Alice, with plain arithmetic."""
    x1, x2 = -2.0, -1.0
    z_h1 = 1.0 * x1 + 1.0 * x2 + 0.0          # -3
    h1 = 1.0 / (1.0 + math.exp(3.0))           # sigmoid(-3) = 1 / (1 + 20.0855) = 0.047426
    z_o1 = 1.0 * h1 + 1.0 * h1 + 0.0           # h2 = h1, so 2 * 0.047426 = 0.094852
    y_pred = 1.0 / (1.0 + math.exp(-z_o1))     # 1 / (1 + 0.909508) = 0.523695
    loss = (1.0 - y_pred) ** 2                 # 0.476305^2 = 0.226866
    d_l_d_ypred = -2.0 * (1.0 - y_pred)        # -2 * 0.476305 = -0.952610
    slope_o1 = y_pred * (1.0 - y_pred)         # 0.523695 * 0.476305 = 0.249439
    d_l_d_z_o1 = d_l_d_ypred * slope_o1        # -0.952610 * 0.249439 = -0.237618
    d_l_d_h1 = d_l_d_z_o1 * 1.0                # dz_o1/dh1 = w5 = 1: -0.237618
    slope_h1 = h1 * (1.0 - h1)                 # 0.047426 * 0.952574 = 0.045177
    d_l_d_z_h1 = d_l_d_h1 * slope_h1           # -0.237618 * 0.045177 = -0.010735
    terms = {
        "z_h1": z_h1, "h1": h1, "z_h2": z_h1, "h2": h1, "z_o1": z_o1, "y_pred": y_pred,
        "L": loss,
        "dL/dy_pred": d_l_d_ypred, "sigmoid'(z_o1)": slope_o1, "dL/dz_o1": d_l_d_z_o1,
        "dL/dh1": d_l_d_h1, "sigmoid'(z_h1)": slope_h1, "dL/dz_h1": d_l_d_z_h1,
        "dL/dh2": d_l_d_h1, "sigmoid'(z_h2)": slope_h1, "dL/dz_h2": d_l_d_z_h1,
        "dL/dw1": d_l_d_z_h1 * x1,     # -0.010735 * -2 = 0.021470 (the walkthrough's 0.0215)
        "dL/dw2": d_l_d_z_h1 * x2,     # -0.010735 * -1 = 0.010735
        "dL/db1": d_l_d_z_h1,          # dz/db = 1: -0.010735
        "dL/dw3": d_l_d_z_h1 * x1,     # h2 is h1's twin: 0.021470
        "dL/dw4": d_l_d_z_h1 * x2,     # 0.010735
        "dL/db2": d_l_d_z_h1,          # -0.010735
        "dL/dw5": d_l_d_z_o1 * h1,     # -0.237618 * 0.047426 = -0.011269
        "dL/dw6": d_l_d_z_o1 * h1,     # -0.011269
        "dL/db3": d_l_d_z_o1,          # -0.237618
    }
    return terms


ALICE_X = [-2.0, -1.0]
ALICE_Y = 1.0
ALICE_PARAMETERS = ["w1", "w2", "b1", "w3", "w4", "b2", "w5", "w6", "b3"]


def alice_network() -> Network:
    """The walkthrough's 2-2-1 network with every weight 1 and every bias 0."""
    return Network([2, 2, 1], weights=[[[1, 1], [1, 1]], [[1, 1]]], biases=[[0, 0], [0]])


def wide_network() -> Network:
    """3-2-2-1, sigmoid, MSE, every weight different: a swapped index changes the
    numbers, and h1, h2 each feed two neurons (h3 and h4), whose shares must add up."""
    return Network([3, 2, 2, 1],
                   weights=[[[0.5, -1.0, 0.25], [-0.75, 0.5, 1.0]],
                            [[1.5, -0.5], [0.25, 0.75]],
                            [[1.0, -2.0]]],
                   biases=[[0.1, -0.2], [0.3, -0.1], [0.05]])


WIDE_X = [1.0, -0.5, 2.0]
WIDE_Y = 0.0


def adam_by_hand(w: float, g: float, m: float, v: float, t: int, learning_rate: float,
                 beta1: float, beta2: float, epsilon: float,
                 mistake: str = "") -> Tuple[float, float, float]:
    """One Adam update written out (the formula of network/optimizers.py, typed anew).

    With ``mistake`` it makes that mistake on purpose, to recognize it in your numbers:
    "no correction", "no sqrt", "epsilon inside", "g not squared", "m betas swapped",
    "v betas swapped", "t + 1".
    """
    if mistake == "m betas swapped":
        m = (1.0 - beta1) * m + beta1 * g
    else:
        m = beta1 * m + (1.0 - beta1) * g
    if mistake == "g not squared":
        v = beta2 * v + (1.0 - beta2) * g
    elif mistake == "v betas swapped":
        v = (1.0 - beta2) * v + beta2 * g * g
    else:
        v = beta2 * v + (1.0 - beta2) * g * g
    if mistake == "t + 1":
        t = t + 1
    if mistake == "no correction":
        m_hat, v_hat = m, v
    else:
        m_hat = m / (1.0 - beta1 ** t)
        v_hat = v / (1.0 - beta2 ** t)
    if mistake == "no sqrt":
        w = w - learning_rate * m_hat / (v_hat + epsilon)
    elif mistake == "epsilon inside":
        w = w - learning_rate * m_hat / math.sqrt(v_hat + epsilon)
    else:
        w = w - learning_rate * m_hat / (math.sqrt(v_hat) + epsilon)
    return w, m, v


# %% The mistakes the checker recognizes, and how it explains them
FORGOT_BIAS = "the bias is missing: z = w1*x1 + ... + wn*xn + b"
BIAS_TWICE = "the bias is added twice: z = w1*x1 + ... + wn*xn + b"
SKIPPED_FIRST = "the term w1*x1 is missing: the loop over the inputs must start at index 0"
SKIPPED_LAST = ("the last term wn*xn is missing: range(len(inputs)) already runs up to "
                "the last index")
NO_ACTIVATION = "that is z itself: the output is the activation of z, neuron.activation(z)"
USED_SIGMOID = ("that is sigmoid(z), but this neuron's activation is {name}: use "
                "neuron.activation(z), the neuron's own activation")
RETURNED_Z = "forward returned z: return the output, activation(z)"

SLOPE_IS_VALUE = ("that is the activation's value g(z), not its slope g'(z): "
                  "neuron.activation.derivative(z, output)")
SIGMOID_USED_Z = ("used z where the formula has the output: sigmoid'(z) = output * (1 - output), "
                  "with output = sigmoid(z)")
SIGMOID_USED_OUTPUT = ("used the output where z belongs: that is sigmoid'(output); the output "
                       "already is sigmoid(z), so sigmoid'(z) = output * (1 - output)")
TANH_SLOPE_FOR_SIGMOID = ("that is tanh's slope 1 - output^2; the sigmoid's is "
                          "output * (1 - output)")
TANH_USED_Z = ("used z where the formula has the output: tanh'(z) = 1 - output^2, "
               "with output = tanh(z)")
TANH_USED_OUTPUT = ("used the output where z belongs: that is tanh'(output); the output already "
                    "is tanh(z), so tanh'(z) = 1 - output^2")
TANH_NO_SQUARE = "the square is missing: tanh'(z) = 1 - output^2 = 1 - output * output"
SIGMOID_SLOPE_FOR_TANH = "that is the sigmoid's slope output * (1 - output); tanh's is 1 - output^2"
RELU_VALUE = "that is relu(z) itself; its slope is 1 where z > 0 and 0 elsewhere"
RELU_KINK = ("at the kink z = 0 this project takes the slope 0: return 1.0 only when z > 0 "
             "(z > 0, not z >= 0)")
PASSED_Z_AS_OUTPUT = ("passed z as the output: the derivative takes both, "
                      "neuron.activation.derivative(neuron.z, neuron.output)")

FORGOT_SLOPE = ("the activation's slope is missing: dL/dz = dL/d_output * d_output/dz, "
                "the chain rule through output = g(z)")
USED_W_FOR_X = ("multiplied by the weight wi: z = ... + wi*xi + ..., so dz/dwi = xi and "
                "dL/dwi = dL/dz * xi")
USED_D_OUTPUT_FOR_W = ("used dL/d_output where the chain rule needs dL/dz: dL/dwi = dL/dz * xi, "
                       "with dL/dz = dL/d_output * d_output/dz")
NOTHING_ADDED_W = "nothing was added: neuron.weight_grads[i] += dL/dz * xi"
NOTHING_ADDED_B = "nothing was added: neuron.bias_grad += dL/dz (z = ... + b, so dz/db = 1)"
FORGOT_SLOPE_B = ("used dL/d_output where the chain rule needs dL/dz: "
                  "dL/db = dL/dz = dL/d_output * d_output/dz")
ONLY_LAST_SAMPLE = ("only the last sample's share is there: add with +=, not =; weight_grads "
                    "and bias_grad hold the sum over the batch until zero_grad")
USED_X_FOR_W_INPUT = ("multiplied by the input xi: z = ... + wi*xi + ..., so dz/dxi = wi and "
                      "dL/dxi = dL/dz * wi")
FORGOT_SLOPE_X = ("used dL/d_output where the chain rule needs dL/dz: "
                  "dL/dxi = dL/dz * wi, with dL/dz = dL/d_output * d_output/dz")
REPLACED_RUNNING_SUM = ("what the list held was replaced: d_loss_d_inputs[i] += dL/dz * wi, "
                        "not =; the layer passes in the sum of its other neurons' shares")
LAST_ONLY = ("only the last neuron's share is there: an input receives dL/dz_j * w_ji from "
             "every neuron j it feeds; add them up with +=, not =")
FIRST_ONLY = "only the first neuron's share is there: add dL/dz_j * w_ji for every neuron j"
TRANSPOSED = ("the weight indices are swapped: input i receives w_ji, neuron j's weight on "
              "input i, which is layer.neurons[j].weights[i], not layer.neurons[i].weights[j]")
USED_D_OUTPUT_FOR_X = ("used dL/d_output_j where the sum needs dL/dz_j = dL/d_output_j * g'(z_j): "
                       "dL/dx_i = sum over j of dL/dz_j * w_ji")
AVERAGED = "the shares are averaged: they add up, dL/dx_i = sum over j of dL/dz_j * w_ji"
NOT_CALLED = ("neuron.backward was not called for this neuron: call "
              "neuron.backward(d_loss_d_outputs[j], compute_input_grads=False) for every neuron j")
BACKWARD_TWICE = ("it is twice the answer: neuron.backward ran twice for this neuron; it adds "
                  "(+=) into weight_grads, so call it once per neuron")

MSE_FORGOT_TWO = ("it is half the answer: the square brings down a 2, "
                  "d/dy_pred (y_true - y_pred)^2 = -2 * (y_true - y_pred)")
MSE_SIGN = ("the sign is wrong: d/dy_pred (y_true - y_pred)^2 = 2 * (y_true - y_pred) * (-1), "
            "the -1 coming from the inner y_true - y_pred")
MSE_LOSS_NOT_SLOPE = "that is the loss's term (y_true - y_pred)^2 itself, not its slope"
MSE_FORGOT_N = ("it is {times} the answer: L is the mean over the {n} outputs, so each "
                "dL/dy_pred_k is divided by n = {n}")

SOFTMAX_NOT_NORMALIZED = ("it is not divided by the sum: "
                          "p_k = e^(z_k - m) / (e^(z_1 - m) + ... + e^(z_n - m)), m = max(z)")
SOFTMAX_DIVIDED_Z = "divided z_k by the sum of the z's: p_k = e^(z_k) / (e^(z_1) + ... + e^(z_n))"
CE_SIGN = "the sign is wrong: dL/dz_k = p_k - y_k"
CE_D_LOSS_D_P = ("that is dL/dp_k = -y_k / p_k; through the softmax it becomes "
                 "dL/dz_k = p_k - y_k")
CE_MEAN = ("divided by the number of classes: cross entropy is a sum over the classes, "
           "dL/dz_k = p_k - y_k")
CE_NO_Y = "y_k is missing: dL/dz_k = p_k - y_k"

SGD_UPHILL = ("it moved the wrong way: w <- w - learning_rate * dL/dw (minus: the gradient "
              "points uphill)")
SGD_NO_RATE = "the learning rate is missing: w <- w - learning_rate * dL/dw / batch_size"
SGD_NO_BATCH = ("it moved {times} as far as it should: the gradients are summed over the "
                "batch's {n} samples; divide by batch_size = {n} to step with their mean")
SGD_NOT_MOVED = ("it did not move: every weight and bias gets "
                 "w <- w - learning_rate * dL/dw / batch_size")

ADAM_NO_CORRECTION = ("the bias correction is missing: m_hat = m / (1 - beta1^t), "
                      "v_hat = v / (1 - beta2^t), then w <- w - learning_rate * m_hat / "
                      "(sqrt(v_hat) + epsilon)")
ADAM_NO_SQRT = ("the square root is missing: w <- w - learning_rate * m_hat / "
                "(sqrt(v_hat) + epsilon)")
ADAM_EPSILON_INSIDE = ("epsilon is inside the square root: this project (like PyTorch) adds it "
                       "outside, sqrt(v_hat) + epsilon")
ADAM_G_NOT_SQUARED = "v is a running mean of g^2: v <- beta2 * v + (1 - beta2) * g * g"
ADAM_M_SWAPPED = "beta1 and 1 - beta1 are swapped: m <- beta1 * m + (1 - beta1) * g"
ADAM_V_SWAPPED = "beta2 and 1 - beta2 are swapped: v <- beta2 * v + (1 - beta2) * g * g"
ADAM_T_OFF = "t is off by one: t counts the steps from 1, and this function is given it"
ADAM_UPHILL = "it moved the wrong way: w <- w - learning_rate * m_hat / (sqrt(v_hat) + epsilon)"
ADAM_MISTAKES = [("no correction", ADAM_NO_CORRECTION), ("no sqrt", ADAM_NO_SQRT),
                 ("epsilon inside", ADAM_EPSILON_INSIDE), ("g not squared", ADAM_G_NOT_SQUARED),
                 ("m betas swapped", ADAM_M_SWAPPED), ("v betas swapped", ADAM_V_SWAPPED),
                 ("t + 1", ADAM_T_OFF)]


def times(n: int) -> str:
    """'twice' for 2, else 'n times'."""
    return "twice" if n == 2 else f"{n} times"


def z_mistakes(neuron: Neuron) -> List[Mistake]:
    """What z would be with a term missing or doubled."""
    w, x, b, z = neuron.weights, neuron.inputs, neuron.bias, neuron.z
    mistakes = [(z - b, FORGOT_BIAS), (z + b, BIAS_TWICE)]
    if len(w) > 1:
        mistakes.append((z - w[0] * x[0], SKIPPED_FIRST))
        mistakes.append((z - w[-1] * x[-1], SKIPPED_LAST))
    return mistakes


def output_mistakes(neuron: Neuron) -> List[Mistake]:
    name = neuron.activation.name
    mistakes = []
    if name != "identity":
        mistakes.append((neuron.z, NO_ACTIVATION))
    if name != "sigmoid":
        mistakes.append((sigmoid(neuron.z), USED_SIGMOID.format(name=name)))
    return mistakes


def slope_mistakes(name: str, z: float, output: float) -> List[Mistake]:
    """What g'(z) would be with z and the output mixed up, or another function's slope."""
    if name == "sigmoid":
        s = sigmoid(output)
        return [(z * (1.0 - z), SIGMOID_USED_Z), (s * (1.0 - s), SIGMOID_USED_OUTPUT),
                (output, SLOPE_IS_VALUE), (1.0 - output * output, TANH_SLOPE_FOR_SIGMOID)]
    if name == "tanh":
        t = math.tanh(output)
        return [(1.0 - z * z, TANH_USED_Z), (1.0 - t * t, TANH_USED_OUTPUT),
                (output, SLOPE_IS_VALUE), (1.0 - output, TANH_NO_SQUARE),
                (output * (1.0 - output), SIGMOID_SLOPE_FOR_TANH)]
    if name == "relu":
        return [(z, RELU_VALUE), (1.0 if z >= 0.0 else 0.0, RELU_KINK)]
    return []


def d_loss_d_z_mistakes(neuron: Neuron) -> List[Mistake]:
    if neuron.activation.name == "identity":
        return []
    return [(neuron.d_loss_d_output, FORGOT_SLOPE)]


def weight_grad_mistakes(neuron: Neuron, i: int) -> List[Mistake]:
    return [(neuron.d_loss_d_z * neuron.weights[i], USED_W_FOR_X),
            (neuron.d_loss_d_output * neuron.inputs[i], USED_D_OUTPUT_FOR_W),
            (0.0, NOTHING_ADDED_W)]


def bias_grad_mistakes(neuron: Neuron) -> List[Mistake]:
    return [(0.0, NOTHING_ADDED_B), (neuron.d_loss_d_output, FORGOT_SLOPE_B)]


def input_grad_mistakes(neurons: Sequence[Neuron], i: int) -> List[Mistake]:
    """What dL/dx_i = sum over neurons j of dL/dz_j * w_ji would be after each known
    mistake in the sum (``neurons`` are the neurons that read input i)."""
    right, forgot_slope, used_x = 0.0, 0.0, 0.0
    for neuron in neurons:
        right += neuron.d_loss_d_z * neuron.weights[i]
        forgot_slope += neuron.d_loss_d_output * neuron.weights[i]
        used_x += neuron.d_loss_d_z * neuron.inputs[i]
    mistakes = [(used_x, USED_X_FOR_W_INPUT)]
    if neurons[0].activation.name != "identity":
        explanation = FORGOT_SLOPE_X if len(neurons) == 1 else USED_D_OUTPUT_FOR_X
        mistakes.append((forgot_slope, explanation))
    if len(neurons) > 1:
        last, first = neurons[-1], neurons[0]
        mistakes.append((last.d_loss_d_z * last.weights[i], LAST_ONLY))
        mistakes.append((first.d_loss_d_z * first.weights[i], FIRST_ONLY))
        mistakes.append((right / len(neurons), AVERAGED))
        if len(neurons) == len(neurons[0].weights):
            transposed = 0.0
            for j, neuron in enumerate(neurons):
                transposed += neuron.d_loss_d_z * neurons[i].weights[j]
            mistakes.append((transposed, TRANSPOSED))
    return mistakes


def mse_slope_mistakes(y_true: Sequence[float], y_pred: Sequence[float], k: int) -> List[Mistake]:
    n = len(y_pred)
    right = -2.0 * (y_true[k] - y_pred[k]) / n
    error = y_true[k] - y_pred[k]
    mistakes = [(right / 2.0, MSE_FORGOT_TWO), (-right, MSE_SIGN),
                (error * error / n, MSE_LOSS_NOT_SLOPE)]
    if n > 1:
        mistakes.append((right * n, MSE_FORGOT_N.format(n=n, times=times(n))))
    return mistakes


def softmax_mistakes(z: Sequence[float], k: int) -> List[Mistake]:
    mistakes = [(math.exp(z[k] - max(z)), SOFTMAX_NOT_NORMALIZED)]
    if z[k] < 700.0:
        mistakes.append((math.exp(z[k]), SOFTMAX_NOT_NORMALIZED))
    total = 0.0
    for z_j in z:
        total += z_j
    if total != 0.0:
        mistakes.append((z[k] / total, SOFTMAX_DIVIDED_Z))
    return mistakes


def cross_entropy_mistakes(p: Sequence[float], y: Sequence[float], k: int) -> List[Mistake]:
    mistakes = [(y[k] - p[k], CE_SIGN), ((p[k] - y[k]) / len(p), CE_MEAN), (p[k], CE_NO_Y)]
    if p[k] != 0.0:
        mistakes.append((-y[k] / p[k], CE_D_LOSS_D_P))
    return mistakes


def step_mistakes(before: float, gradient: float, learning_rate: float,
                  batch_size: int) -> List[Mistake]:
    """What w <- w - learning_rate * gradient / batch_size would be after each known
    mistake (``gradient`` is the sum over the batch)."""
    mistakes = [(before + learning_rate * gradient / batch_size, SGD_UPHILL),
                (before - gradient / batch_size, SGD_NO_RATE),
                (before, SGD_NOT_MOVED)]
    if batch_size > 1:
        explanation = SGD_NO_BATCH.format(n=batch_size, times=times(batch_size))
        mistakes.append((before - learning_rate * gradient, explanation))
    return mistakes


# %% Terms, rows and their diagnosis
def is_number(value) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value))


def matches(got, expected: float) -> bool:
    """Is ``got`` a number equal to ``expected`` up to rounding?"""
    if not is_number(got):
        return False
    return abs(got - expected) <= RELATIVE * max(abs(got), abs(expected)) + ABSOLUTE


def show(value, digits: int = 4) -> str:
    """A number with ``digits`` significant digits (0.02146953 -> '0.02147'); else repr."""
    if is_number(value):
        value = float(value)
        return format(0.0 if value == 0.0 else value, f".{digits}g")
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def show_pair(got, expected: float) -> Tuple[str, str]:
    """Both numbers with enough digits to tell them apart (4 unless they look equal)."""
    digits = 4
    while digits < 17 and is_number(got) and show(got, digits) == show(expected, digits):
        digits += 2
    return show(got, digits), show(expected, digits)


class Term:
    """A named number read from the objects after a pass (z_h1, dL/dw1, ...).

    factors   the names of the terms it is computed from (the chain rule's factors)
    mistakes  what it would be after each known mistake (reference terms only)
    missing   what to do when the value is None (usually: where to store it)
    """

    def __init__(self, name: str, value, factors: Sequence[str] = (),
                 mistakes: Sequence[Mistake] = (), missing: str = ""):
        self.name = name
        self.value = value
        self.factors = list(factors)
        self.mistakes = list(mistakes)
        self.missing = missing


class Row:
    """One line of the report: a term of your code against the expected value.

    baseline  for a parameter after an update: its value before, so that a wrong
              number is explained by how far it moved
    hand      the hand-worked value, when there is one (shown, and checked against
              the project's code)
    message   a ready-made explanation (an exception, the gradient check)
    """

    def __init__(self, name: str, got, expected: Optional[float],
                 factors: Sequence[str] = (), mistakes: Sequence[Mistake] = (),
                 baseline: Optional[float] = None, hand: Optional[float] = None,
                 missing: str = "", message: Optional[str] = None,
                 ok: Optional[bool] = None, shown: Optional[str] = None):
        self.name = name
        self.got = got
        self.expected = expected
        self.factors = list(factors)
        self.mistakes = list(mistakes)
        self.baseline = baseline
        self.hand = hand
        self.missing = missing
        self.message = message
        self.shown = shown
        self.kind = ""
        self.function = ""
        self.ok = matches(got, expected) if ok is None else ok

    @classmethod
    def stopped(cls, message: str, kind: str = "", function: str = "") -> "Row":
        """A row saying where the check stopped; ``kind`` and ``function`` name the
        exception your function raised (run_check adds the exercise's hint for it)."""
        row = cls("stopped", None, None, message=message, ok=False, shown=message)
        row.kind = kind
        row.function = function
        return row

    @classmethod
    def from_error(cls, error: "StudentError") -> "Row":
        return cls.stopped(error.text, error.kind, error.function)

    def line(self) -> str:
        verdict = "ok" if self.ok else "WRONG"
        if self.shown is not None:
            return f"  {verdict:5}  {self.shown}"
        if self.ok:
            text = f"  {verdict:5}  {self.name:18} {show(self.got)}"
            if self.hand is not None:
                text += f"   (worked by hand: {show(self.hand)})"
            return text
        got, expected = show_pair(self.got, self.expected)
        return f"  {verdict:5}  {self.name:18} {got}   expected {expected}"

    def __repr__(self) -> str:
        return f"Row({self.name}: got={self.got!r}, expected={self.expected!r}, ok={self.ok})"


def rows_from_terms(reference: "OrderedDict[str, Term]", yours: Dict[str, Term],
                    hand: Optional[Dict[str, float]] = None) -> List[Row]:
    """A row for every reference term, in its order, with your value beside it."""
    rows = []
    for name, term in reference.items():
        got = yours[name].value if name in yours else None
        hand_value = hand.get(name) if hand else None
        rows.append(Row(name, got, term.value, term.factors, term.mistakes,
                        hand=hand_value, missing=term.missing))
    return rows


def relation(got: float, expected: float) -> str:
    """How ``got`` differs from ``expected``, in words: 'it is twice the answer', ..."""
    if abs(got) <= ABSOLUTE:
        return "it is 0"
    if abs(expected) <= ABSOLUTE:
        return "it should be 0"
    ratio = got / expected
    for value, words in ((2.0, "it is twice the answer"), (0.5, "it is half the answer"),
                         (-1.0, "the sign is wrong"),
                         (-2.0, "the sign is wrong and it is twice the answer"),
                         (-0.5, "the sign is wrong and it is half the answer")):
        if abs(ratio - value) <= 1e-6 * abs(value):
            return words
    for k in range(3, 13):
        if abs(ratio - k) <= 1e-6 * k:
            return f"it is {k} times the answer"
        if abs(ratio * k - 1.0) <= 1e-6:
            return f"it is 1/{k} of the answer"
    return f"it is off by {got - expected:+.4g}"


def movement(moved: float, should: float) -> str:
    """How a parameter's change differs from the expected change, in words."""
    if abs(moved) <= ABSOLUTE:
        return "it did not move"
    if abs(should) <= ABSOLUTE:
        return "it should not have moved"
    ratio = moved / should
    for value, words in ((2.0, "it moved twice as far as it should"),
                         (0.5, "it moved half as far as it should"),
                         (-1.0, "it moved the wrong way")):
        if abs(ratio - value) <= 1e-6 * abs(value):
            return words
    for k in range(3, 13):
        if abs(ratio - k) <= 1e-6 * k:
            return f"it moved {k} times as far as it should"
        if abs(ratio * k - 1.0) <= 1e-6:
            return f"it moved 1/{k} as far as it should"
    return f"it moved by {moved:.4g}, it should have moved by {should:.4g}"


def known_mistake(row: Row) -> Optional[str]:
    """The explanation of the first known mistake that gives your number, if any."""
    for value, explanation in row.mistakes:
        if matches(row.got, value) and not matches(value, row.expected):
            return explanation
    return None


def root_cause(row: Row, by_name: Dict[str, Row], seen: Optional[set] = None) -> Optional[Row]:
    """Follow the wrong factors back to the first wrong term whose factors are right."""
    seen = set() if seen is None else seen
    seen.add(row.name)
    for name in row.factors:
        factor = by_name.get(name)
        if factor is None or factor.ok or name in seen:
            continue
        deeper = root_cause(factor, by_name, seen)
        return deeper if deeper is not None else factor
    return None


def diagnose(row: Row, by_name: Dict[str, Row]) -> List[str]:
    """One line saying how ``row`` is wrong (and an indented one for its root cause)."""
    if row.message is not None:
        return [row.message]
    if row.got is None:
        return [f"{row.name} is None: {row.missing or 'nothing was stored or returned'}"]
    if not is_number(row.got):
        return [f"{row.name} is {show(row.got)}, expected {show(row.expected)}: "
                f"it must be a finite number"]
    got, expected = show_pair(row.got, row.expected)
    head = f"{row.name} is {got}, expected {expected}"
    cause = root_cause(row, by_name)
    if cause is not None:
        lines = [f"{head}: {relation(row.got, row.expected)}; look at {cause.name}"]
        for line in diagnose(cause, by_name):
            lines.append("  " + line)
        return lines
    explanation = known_mistake(row)
    if explanation is None:
        if row.baseline is not None:
            explanation = movement(row.got - row.baseline, row.expected - row.baseline)
        else:
            explanation = relation(row.got, row.expected)
    return [f"{head}: {explanation}"]


# %% Your functions, loaded and called
class NotWrittenYet(Exception):
    """Your function still raises NotImplementedError."""

    def __init__(self, function: str):
        super().__init__(function)
        self.function = function


class StudentError(Exception):
    """Your function raised, or returned something of the wrong shape."""

    def __init__(self, function: str, text: str, kind: str = ""):
        super().__init__(text)
        self.function = function
        self.text = text
        self.kind = kind


class CheckerError(Exception):
    """The project's code disagrees with the hand-worked numbers (or this checker has a
    bug): not your mistake."""


class LoadError(Exception):
    """Your file could not be loaded, or lacks a function."""


class Student:
    """One of your functions. Calling it calls yours, and turns NotImplementedError
    into NotWrittenYet and any other exception into a StudentError that says where."""

    def __init__(self, name: str, function: Callable, source: str):
        self.name = name
        self.function = function
        self.source = source

    def __call__(self, *args):
        try:
            return self.function(*args)
        except NotImplementedError:
            raise NotWrittenYet(self.name) from None
        except (NotWrittenYet, StudentError, CheckerError):
            raise
        except Exception as error:   # your code's error, reported with its line
            raise StudentError(self.name, f"{self.name} raised {describe(error, self.source)}",
                               type(error).__name__) from None


def describe(error: BaseException, source: str) -> str:
    """'IndexError: list index out of range (line 31 of ex5_layer_backward.py: ...)'."""
    text = f"{type(error).__name__}: {error}"
    if isinstance(error, SyntaxError) and error.lineno:
        return f"{text} (line {error.lineno})"
    wanted = os.path.abspath(source) if source else None
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if wanted and os.path.abspath(frame.filename) == wanted:
            code = (frame.line or "").strip()
            return f"{text} (line {frame.lineno} of {os.path.basename(source)}: {code})"
    return text


def load_functions(path: str, names: Sequence[str]) -> Dict[str, Callable]:
    """Import the file at ``path`` and return its functions called ``names``."""
    if not os.path.isfile(path):
        raise LoadError(f"no file {path}")
    module_name = "exercise_under_check_" + os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as error:
        raise LoadError(f"could not load {path}: {describe(error, path)}") from None
    found = {}
    for name in names:
        function = getattr(module, name, None)
        if not callable(function):
            raise LoadError(f"{path} has no function {name}: keep the name and the "
                            f"signature the exercise gives")
        found[name] = function
    return found


def number_list(value, count: int, function: str, what: str) -> Vector:
    """``value`` as a list of ``count`` numbers, or a StudentError saying what is wrong."""
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__"):
        raise StudentError(function, f"{function} returned {show(value)}; it must return "
                                     f"a list of {count} numbers ({what})")
    if len(value) != count:
        raise StudentError(function, f"{function} returned a list of {len(value)}; it must "
                                     f"return {count} numbers ({what})")
    return list(value)


# %% Swapping your function in, and always back
@contextlib.contextmanager
def patched(owner, attribute: str, replacement) -> Iterator[None]:
    """owner.attribute = replacement inside the with block; the original afterwards,
    also when the block raises."""
    had_own = attribute in vars(owner)
    original = vars(owner)[attribute] if had_own else None
    setattr(owner, attribute, replacement)
    try:
        yield
    finally:
        if had_own:
            setattr(owner, attribute, original)
        else:
            delattr(owner, attribute)


# %% Reading every named term from a network
def node_names(net: Network) -> Dict[str, str]:
    """Each neuron's output as the walkthrough names it: h1, ..., y_pred (one output),
    o1, o2 (several), p1, p2 (softmax)."""
    names = {}
    for layer in net.layers[:-1]:
        for neuron in layer.neurons:
            names[neuron.name] = neuron.name
    output_layer = net.layers[-1]
    for k, neuron in enumerate(output_layer.neurons):
        if isinstance(output_layer, SoftmaxLayer):
            names[neuron.name] = f"p{k + 1}"
        elif len(output_layer.neurons) == 1:
            names[neuron.name] = "y_pred"
        else:
            names[neuron.name] = neuron.name
    return names


def network_terms(net: Network, y_true=None, forward: bool = False, backward: bool = True,
                  reference: bool = False) -> "OrderedDict[str, Term]":
    """Every named term of the last pass, read from the neurons.

    Backward terms first: the gradients dL/dw1, dL/dw2, dL/db1, ... (the answers, in
    parameter order), then the chain rule from the output back (dL/dy_pred,
    sigmoid'(z_o1), dL/dz_o1, dL/dh1, ...). Forward terms after them: z_h1, h1, ...,
    y_pred, L. With ``reference`` each term also gets its known mistakes.
    """
    terms: "OrderedDict[str, Term]" = OrderedDict()
    node = node_names(net)
    layers = net.layers
    softmax_output = isinstance(layers[-1], SoftmaxLayer)

    def add(term: Term) -> None:
        terms[term.name] = term

    if backward:
        for layer in layers:
            for neuron in layer.neurons:
                d_z = f"dL/dz_{neuron.name}"
                for i, w_name in enumerate(net.weight_names[neuron.name]):
                    add(Term(f"dL/d{w_name}", neuron.weight_grads[i], [d_z],
                             weight_grad_mistakes(neuron, i) if reference else ()))
                add(Term(f"dL/d{net.bias_names[neuron.name]}", neuron.bias_grad, [d_z],
                         bias_grad_mistakes(neuron) if reference else ()))
        y_vector = net.target_vector(y_true)
        outputs = layers[-1].outputs
        for layer_index in range(len(layers) - 1, -1, -1):
            is_output = layer_index == len(layers) - 1
            for k, neuron in enumerate(layers[layer_index].neurons):
                d_z = f"dL/dz_{neuron.name}"
                if is_output and softmax_output:
                    add(Term(d_z, neuron.d_loss_d_output, [f"p{k + 1}"],
                             cross_entropy_mistakes(outputs, y_vector, k) if reference else ()))
                    continue
                d_node = f"dL/d{node[neuron.name]}"
                if is_output:
                    factors: List[str] = []
                    mistakes = (mse_slope_mistakes(y_vector, outputs, k)
                                if reference and net.loss.name == "mse" else [])
                else:
                    readers = layers[layer_index + 1].neurons
                    factors = [f"dL/dz_{m.name}" for m in readers]
                    mistakes = input_grad_mistakes(readers, k) if reference else []
                add(Term(d_node, neuron.d_loss_d_output, factors, mistakes))
                slope = f"{neuron.activation.name}'(z_{neuron.name})"
                add(Term(slope, neuron.d_output_d_z, [],
                         slope_mistakes(neuron.activation.name, neuron.z, neuron.output)
                         if reference else (),
                         missing="store the slope: neuron.d_output_d_z = d_output_d_z"))
                add(Term(d_z, neuron.d_loss_d_z, [d_node, slope],
                         d_loss_d_z_mistakes(neuron) if reference else (),
                         missing="store it: neuron.d_loss_d_z = d_loss_d_z"))
    if forward:
        for layer_index, layer in enumerate(layers):
            previous = []
            if layer_index > 0:
                for neuron in layers[layer_index - 1].neurons:
                    previous.append(node[neuron.name])
            z_names = [f"z_{neuron.name}" for neuron in layer.neurons]
            for k, neuron in enumerate(layer.neurons):
                add(Term(z_names[k], neuron.z, previous,
                         z_mistakes(neuron) if reference else (),
                         missing="store it: neuron.z = z"))
                if isinstance(layer, SoftmaxLayer):
                    p = layer.outputs[k] if layer.outputs is not None else None
                    add(Term(node[neuron.name], p, z_names,
                             softmax_mistakes([m.z for m in layer.neurons], k)
                             if reference else ()))
                else:
                    add(Term(node[neuron.name], neuron.output, [z_names[k]],
                             output_mistakes(neuron) if reference else (),
                             missing="store it: neuron.output = output"))
        if y_true is not None:
            outputs = layers[-1].outputs
            loss = None
            if outputs is not None and all(is_number(value) for value in outputs):
                loss = net.loss.value(net.target_vector(y_true), outputs)
            add(Term("L", loss, [node[neuron.name] for neuron in layers[-1].neurons]))
    return terms


def check_against_hand(terms: Dict[str, Term], hand: Dict[str, float], where: str) -> None:
    """Raise CheckerError unless the project's code gives every hand-worked number."""
    for name, value in hand.items():
        if name not in terms:
            continue
        computed = terms[name].value
        if not (is_number(computed)
                and abs(computed - value) <= HAND_RELATIVE * max(abs(value), 1e-300) + 1e-15):
            raise CheckerError(
                f"{where}: the project's code gives {name} = {computed!r}, but the "
                f"hand-worked value is {value!r}. The code and the walkthrough disagree: "
                f"a bug in the core (or in this checker), not in your exercise.")


def one_pass(net: Network, x: Sequence[float], y_true) -> None:
    """What training does for one sample, without the update."""
    net.zero_grad()
    net.forward(x)
    net.backward(y_true)


def network_case(make_net: Callable[[], Network], x: Sequence[float], y_true,
                 plug: Callable[[], contextlib.AbstractContextManager],
                 hand: Optional[Dict[str, float]] = None, forward: bool = False,
                 backward: bool = True, gradcheck: bool = True) -> List[Row]:
    """One sample through ``make_net()``, once with the project's code (the reference)
    and once with yours plugged in; a row per named term, then the gradient check."""
    expected_net = make_net()
    if backward:
        one_pass(expected_net, x, y_true)
    else:
        expected_net.forward(x)
    expected = network_terms(expected_net, y_true, forward, backward, reference=True)
    if hand:
        check_against_hand(expected, hand, "the walkthrough")
    if gradcheck:
        expected_check = gradient_check(make_net(), x, y_true)
        if not expected_check.passed:
            raise CheckerError("the project's own backward fails the gradient check:\n"
                               + expected_check.report())
    with plug():
        net = make_net()
        if backward:
            one_pass(net, x, y_true)
        else:
            net.forward(x)
        yours = network_terms(net, y_true, forward, backward)
        check = gradient_check(make_net(), x, y_true) if gradcheck else None
    rows = rows_from_terms(expected, yours, hand)
    if check is not None:
        rows.append(gradient_check_row(check))
    return rows


def gradient_check_row(check) -> Row:
    worst = None
    for row in check.rows:
        if worst is None or row["error"] > worst["error"]:
            worst = row
    shown = (f"gradient check (finite differences): worst relative error "
             f"{check.worst_error:.1e} ({check.worst_name})")
    message = None
    if not check.passed:
        message = (f"the gradient check fails: dL/d{worst['name']} from backward is "
                   f"{show(worst['analytic'])}, but the slope of the loss measured by finite "
                   f"differences is {show(worst['numerical'])}: backward does not compute the "
                   f"derivative of the loss")
    return Row("gradient check", None, None, ok=check.passed, message=message, shown=shown)


def training_case(make_net: Callable[[], Network], X, Y,
                  plug: Callable[[], contextlib.AbstractContextManager],
                  **train_options) -> List[Row]:
    """A few epochs of Network.train with the project's code and with yours: the loss
    after every epoch."""
    expected = list(make_net().train(X, Y, **train_options))
    with plug():
        yours = list(make_net().train(X, Y, **train_options))
    rows = []
    for epoch, loss in enumerate(expected):
        got = yours[epoch] if epoch < len(yours) else None
        rows.append(Row(f"L after epoch {epoch + 1}", got, loss,
                        factors=[f"L after epoch {epoch}"] if epoch else []))
    return rows


def people_network() -> Network:
    return Network([2, 2, 1], seed=0)


# %% The exercises
class Exercise:
    """One exercise: its file, the functions you write, the project's own versions of
    them (the reference solutions), the cases, and hints for errors your code raises."""

    def __init__(self, number: int, filename: str, title: str, functions: List[str],
                 solutions: Dict[str, Callable],
                 cases: Callable[[Dict[str, Student]], List[Tuple[str, Callable[[], List[Row]]]]],
                 hints: Optional[Dict[str, str]] = None):
        self.number = number
        self.filename = filename
        self.title = title
        self.functions = functions
        self.solutions = solutions
        self.cases = cases
        self.hints = hints or {}

    @property
    def path(self) -> str:
        return os.path.join(EXERCISES_DIR, self.filename)


# ----- 1. Neuron.forward --------------------------------------------------------------
def solution_forward(neuron: Neuron, inputs: Sequence[float]) -> float:
    return REAL_NEURON_FORWARD(neuron, inputs)


def plug_forward(students: Dict[str, Student]):
    forward = students["forward"]

    def neuron_forward(self, inputs, nonzero=None):
        # Yours visits every input, so backward and SGD must visit every position too.
        self.inputs = inputs
        self.nonzero = list(range(len(self.weights)))
        self.z = None        # so that a value you did not store shows as None
        self.output = None
        return forward(self, inputs)

    return lambda: patched(Neuron, "forward", neuron_forward)


def single_forward_case(students, weights, bias, activation, inputs,
                        hand_z: float, hand_output: float) -> List[Row]:
    expected = Neuron(weights, bias, activation, "n")
    expected_output = expected.forward(inputs)
    for name, value, hand in (("z", expected.z, hand_z), ("output", expected_output, hand_output)):
        if abs(value - hand) > HAND_RELATIVE * max(abs(hand), 1e-300) + 1e-15:
            raise CheckerError(f"Neuron.forward gives {name} = {value!r}, worked by hand "
                               f"{hand!r}: a bug in the core or in this checker")
    with plug_forward(students)():
        neuron = Neuron(weights, bias, activation, "n")
        returned = neuron.forward(inputs)
    return [
        Row("z", neuron.z, expected.z, mistakes=z_mistakes(expected), hand=hand_z,
            missing="store the weighted sum: neuron.z = z (backward reads it)"),
        Row("output", neuron.output, expected.output, factors=["z"],
            mistakes=output_mistakes(expected), hand=hand_output,
            missing="store it: neuron.output = output (backward reads it)"),
        Row("return value", returned, expected_output, factors=["output"],
            mistakes=[(expected.z, RETURNED_Z)],
            missing="end forward with return output"),
    ]


def forward_cases(students):
    plug = plug_forward(students)
    return [
        ("One sigmoid neuron by hand: weights [0.5, -1, 2], bias 0.5, x = [2, 3, 1.25]",
         # z = 0.5*2 + (-1)*3 + 2*1.25 + 0.5 = 1 - 3 + 2.5 + 0.5 = 1
         # output = sigmoid(1) = 1 / (1 + e^-1) = 1 / 1.367879 = 0.731059
         lambda: single_forward_case(students, [0.5, -1.0, 2.0], 0.5, "sigmoid",
                                     [2.0, 3.0, 1.25], 1.0, 1.0 / (1.0 + math.exp(-1.0)))),
        ("One tanh neuron by hand: weights [1, -1], bias 0.5, x = [1, 2]",
         # z = 1 - 2 + 0.5 = -0.5; output = tanh(-0.5) = -0.462117
         lambda: single_forward_case(students, [1.0, -1.0], 0.5, "tanh", [1.0, 2.0],
                                     -0.5, math.tanh(-0.5))),
        ("One ReLU neuron by hand: weights [2, 1], bias -1, x = [1.5, -0.5]",
         # z = 3 - 0.5 - 1 = 1.5; output = max(0, 1.5) = 1.5
         lambda: single_forward_case(students, [2.0, 1.0], -1.0, "relu", [1.5, -0.5],
                                     1.5, 1.5)),
        ("Alice in the 2-2-1 network (every weight 1, every bias 0), x = [-2, -1], y_true = 1",
         lambda: network_case(alice_network, ALICE_X, ALICE_Y, plug, alice_by_hand(),
                              forward=True, backward=False, gradcheck=False)),
        ("The 3-2-2-1 network, x = [1, -0.5, 2]",
         lambda: network_case(wide_network, WIDE_X, WIDE_Y, plug, forward=True,
                              backward=False, gradcheck=False)),
        ("Training on the four people, 5 epochs (your forward, the project's backward)",
         lambda: training_case(people_network, *people(), plug, epochs=5)),
    ]


# ----- 2. activation derivatives ----------------------------------------------------
SLOPE_FUNCTIONS = ["sigmoid_derivative", "tanh_derivative", "relu_derivative"]


def plug_derivatives(students: Dict[str, Student]):
    @contextlib.contextmanager
    def plug():
        with contextlib.ExitStack() as stack:
            for name in ("sigmoid", "tanh", "relu"):
                stack.enter_context(
                    patched(ACTIVATIONS[name], "derivative", students[f"{name}_derivative"]))
            yield
    return plug


def slope_rows(student: Student, name: str, points: Sequence[Tuple[str, float, float]]
               ) -> List[Row]:
    """g'(z) at each (label, z, hand-worked slope) point, yours against the project's."""
    real = REAL_DERIVATIVES[name]
    activation = ACTIVATIONS[name].function
    rows = []
    for label, z, hand in points:
        output = activation(z)
        expected = real(z, output)
        if abs(expected - hand) > HAND_RELATIVE * max(abs(hand), 1e-300) + 1e-15:
            raise CheckerError(f"{name}_derivative({z}) is {expected!r}, worked by hand "
                               f"{hand!r}: a bug in the core or in this checker")
        try:
            got = student(z, output)
        except StudentError as error:
            rows.append(Row.from_error(error))
            break
        rows.append(Row(f"{name}'({label})", got, expected,
                        mistakes=slope_mistakes(name, z, output), hand=hand,
                        missing=f"{student.name} returned None: return the slope"))
    return rows


def sloped_network(activation: str) -> Callable[[], Network]:
    """2-3-1 with ``activation`` in the hidden layer, every z far from ReLU's kink."""
    def make() -> Network:
        return Network([2, 3, 1], activation=activation, output_activation="sigmoid",
                       weights=[[[0.8, -0.4], [-0.6, 0.9], [0.3, 0.7]], [[1.2, -0.7, 0.5]]],
                       biases=[[0.2, 0.1, -0.3], [0.05]])
    return make


def derivative_cases(students):
    plug = plug_derivatives(students)
    h1 = 1.0 / (1.0 + math.exp(3.0))          # sigmoid(-3) = 0.047426
    s2 = 1.0 / (1.0 + math.exp(-2.0))         # sigmoid(2) = 0.880797
    t_half = math.tanh(-0.5)                  # -0.462117
    t_one = math.tanh(1.0)                    # 0.761594
    return [
        ("sigmoid'(z) = output * (1 - output), by hand",
         lambda: slope_rows(students["sigmoid_derivative"], "sigmoid", [
             ("0", 0.0, 0.5 * 0.5),                   # output 0.5: 0.25
             ("-3", -3.0, h1 * (1.0 - h1)),           # 0.047426 * 0.952574 = 0.045177
             ("2", 2.0, s2 * (1.0 - s2))])),          # 0.880797 * 0.119203 = 0.104994
        ("tanh'(z) = 1 - output^2, by hand",
         lambda: slope_rows(students["tanh_derivative"], "tanh", [
             ("0", 0.0, 1.0),                         # output 0: 1
             ("-0.5", -0.5, 1.0 - t_half * t_half),   # 1 - 0.213552 = 0.786448
             ("1", 1.0, 1.0 - t_one * t_one)])),      # 1 - 0.580026 = 0.419974
        ("relu'(z) = 1 if z > 0 else 0, by hand",
         lambda: slope_rows(students["relu_derivative"], "relu", [
             ("2", 2.0, 1.0), ("-1", -1.0, 0.0), ("0", 0.0, 0.0)])),
        ("Alice in the 2-2-1 network (sigmoid), x = [-2, -1], y_true = 1",
         lambda: network_case(alice_network, ALICE_X, ALICE_Y, plug, alice_by_hand())),
        ("A 2-3-1 network with tanh hidden neurons, x = [0.5, -1], y_true = 1",
         lambda: network_case(sloped_network("tanh"), [0.5, -1.0], 1.0, plug)),
        ("A 2-3-1 network with ReLU hidden neurons, x = [0.5, -1], y_true = 1",
         lambda: network_case(sloped_network("relu"), [0.5, -1.0], 1.0, plug)),
        ("Training on the four people, 5 epochs",
         lambda: training_case(people_network, *people(), plug, epochs=5)),
    ]


# ----- 3. dL/dy_pred of the mean squared error ------------------------------------
def solution_mse_derivative(y_true, y_pred):
    return REAL_MSE_DERIVATIVE(MeanSquaredError(), y_true, y_pred)


def plug_mse(students: Dict[str, Student]):
    mse_derivative = students["mse_derivative"]

    def derivative(self, y_true, y_pred):
        result = mse_derivative(list(y_true), list(y_pred))
        return number_list(result, len(y_pred), mse_derivative.name,
                           "dL/dy_pred_k for every output k")

    return lambda: patched(MeanSquaredError, "derivative", derivative)


def mse_rows(students, y_true: Vector, y_pred: Vector, hand: Vector) -> List[Row]:
    expected = REAL_MSE_DERIVATIVE(MeanSquaredError(), y_true, y_pred)
    for k in range(len(hand)):
        if abs(expected[k] - hand[k]) > HAND_RELATIVE * abs(hand[k]) + 1e-15:
            raise CheckerError(f"MeanSquaredError.derivative gives {expected[k]!r}, worked "
                               f"by hand {hand[k]!r}: a bug in the core or in this checker")
    student = students["mse_derivative"]
    got = number_list(student(list(y_true), list(y_pred)), len(y_pred), student.name,
                      "dL/dy_pred_k for every output k")
    rows = []
    for k in range(len(y_pred)):
        name = "dL/dy_pred" if len(y_pred) == 1 else f"dL/dy_pred{k + 1}"
        rows.append(Row(name, got[k], expected[k], mistakes=mse_slope_mistakes(y_true, y_pred, k),
                        hand=hand[k]))
    return rows


def two_output_network() -> Network:
    return Network([2, 3, 2], loss="mse",
                   weights=[[[0.5, -0.3], [0.2, 0.8], [-0.6, 0.4]],
                            [[0.7, -0.2, 0.5], [-0.4, 0.6, 0.3]]],
                   biases=[[0.1, 0.0, -0.1], [0.2, -0.2]])


def loss_derivative_cases(students):
    plug = plug_mse(students)
    return [
        ("Alice in the 2-2-1 network (every weight 1, every bias 0), x = [-2, -1], y_true = 1",
         lambda: network_case(alice_network, ALICE_X, ALICE_Y, plug, alice_by_hand())),
        ("One output by hand: y_true = [1], y_pred = [0.75]",
         # dL/dy_pred = -2 * (1 - 0.75) / 1 = -0.5
         lambda: mse_rows(students, [1.0], [0.75], [-2.0 * (1.0 - 0.75)])),
        ("Two outputs by hand: y_true = [1, 0], y_pred = [0.5, 0.25]",
         # L = ((1 - 0.5)^2 + (0 - 0.25)^2) / 2, so dL/dy_pred_k = -2 * (y_k - p_k) / 2:
         # -2 * 0.5 / 2 = -0.5 and -2 * (-0.25) / 2 = 0.25
         lambda: mse_rows(students, [1.0, 0.0], [0.5, 0.25], [-0.5, 0.25])),
        ("A 2-3-2 network with two outputs, x = [1, -1], y_true = [1, 0]",
         lambda: network_case(two_output_network, [1.0, -1.0], [1.0, 0.0], plug)),
        ("Training on the four people, 5 epochs",
         lambda: training_case(people_network, *people(), plug, epochs=5)),
    ]


# ----- 4. Neuron.backward -------------------------------------------------------------
def solution_backward(neuron: Neuron, d_loss_d_output: float, d_loss_d_inputs: Vector) -> None:
    REAL_NEURON_BACKWARD(neuron, d_loss_d_output, True, d_loss_d_inputs)


def plug_neuron_backward(students: Dict[str, Student]):
    backward = students["backward"]

    def neuron_backward(self, d_loss_d_output, compute_input_grads=True, d_loss_d_inputs=None):
        if self.z is None:
            raise ValueError(f"Neuron {self.name}: call forward() before backward()")
        if d_loss_d_inputs is None:
            d_loss_d_inputs = [0.0] * len(self.weights)
        self.d_loss_d_output = d_loss_d_output
        self.d_output_d_z = None   # so that a value you did not store shows as None
        self.d_loss_d_z = None
        backward(self, d_loss_d_output, d_loss_d_inputs)
        # Your loops may change dL/dw anywhere: zero_grad and SGD must visit every position.
        self.touched = None
        return d_loss_d_inputs if compute_input_grads else None

    return lambda: patched(Neuron, "backward", neuron_backward)


def single_neuron_rows(neuron: Neuron, expected: Neuron, d_loss_d_inputs: Vector,
                       expected_inputs: Vector, start: Vector,
                       hand: Dict[str, float]) -> List[Row]:
    """dL/dwi, dL/db, dL/dxi, the slope and dL/dz of one neuron, yours against the project's."""
    rows = []
    for i in range(len(expected.weights)):
        rows.append(Row(f"dL/dw{i + 1}", neuron.weight_grads[i], expected.weight_grads[i],
                        ["dL/dz"], weight_grad_mistakes(expected, i),
                        hand=hand.get(f"dL/dw{i + 1}")))
    rows.append(Row("dL/db", neuron.bias_grad, expected.bias_grad, ["dL/dz"],
                    bias_grad_mistakes(expected), hand=hand.get("dL/db")))
    for i in range(len(expected.weights)):
        mistakes = input_grad_mistakes([expected], i)
        if start[i] != 0.0:
            mistakes.insert(0, (expected_inputs[i] - start[i], REPLACED_RUNNING_SUM))
        rows.append(Row(f"dL/dx{i + 1}", d_loss_d_inputs[i], expected_inputs[i], ["dL/dz"],
                        mistakes, hand=hand.get(f"dL/dx{i + 1}")))
    slope = f"{expected.activation.name}'(z)"
    rows.append(Row(slope, neuron.d_output_d_z, expected.d_output_d_z, [],
                    [(expected.activation.derivative(expected.z, expected.z), PASSED_Z_AS_OUTPUT)]
                    + slope_mistakes(expected.activation.name, expected.z, expected.output),
                    hand=hand.get("slope"),
                    missing="store the slope: neuron.d_output_d_z = d_output_d_z"))
    rows.append(Row("dL/dz", neuron.d_loss_d_z, expected.d_loss_d_z, [slope],
                    d_loss_d_z_mistakes(expected), hand=hand.get("dL/dz"),
                    missing="store it: neuron.d_loss_d_z = d_loss_d_z"))
    return rows


def check_hand_rows(rows: List[Row], where: str) -> None:
    for row in rows:
        if row.hand is not None and not (
                abs(row.expected - row.hand) <= HAND_RELATIVE * max(abs(row.hand), 1e-300) + 1e-15):
            raise CheckerError(f"{where}: the project's code gives {row.name} = "
                               f"{row.expected!r}, worked by hand {row.hand!r}: a bug in "
                               f"the core or in this checker")


def one_neuron_case(students, samples: Sequence[Tuple[Vector, float]], start: Vector,
                    hand: Dict[str, float]) -> List[Row]:
    """The neuron [1, -0.5], bias 0, sigmoid: forward and backward for each (x, dL/d_output)
    in ``samples`` without zero_grad between them. Each sample's dL/dx go into a new
    list that starts as ``start``; the last sample's is returned."""
    def run(neuron: Neuron) -> Vector:
        for x, d_loss_d_output in samples:
            d_loss_d_inputs = list(start)
            neuron.forward(x)
            neuron.backward(d_loss_d_output, True, d_loss_d_inputs)
        return d_loss_d_inputs

    expected = Neuron([1.0, -0.5], 0.0, "sigmoid", "n")
    expected_inputs = run(expected)
    with plug_neuron_backward(students)():
        neuron = Neuron([1.0, -0.5], 0.0, "sigmoid", "n")
        d_loss_d_inputs = run(neuron)
    rows = single_neuron_rows(neuron, expected, d_loss_d_inputs, expected_inputs, start, hand)
    if len(samples) > 1:
        # What = instead of += would leave: the last sample's share alone.
        last = Neuron([1.0, -0.5], 0.0, "sigmoid", "n")
        last.forward(samples[-1][0])
        last.backward(samples[-1][1])
        for row in rows:
            if row.name.startswith("dL/dw"):
                row.mistakes.insert(0, (last.weight_grads[int(row.name[5:]) - 1], ONLY_LAST_SAMPLE))
            elif row.name == "dL/db":
                row.mistakes.insert(0, (last.bias_grad, ONLY_LAST_SAMPLE))
    check_hand_rows(rows, "Neuron.backward")
    return rows


def neuron_backward_cases(students):
    plug = plug_neuron_backward(students)
    # x = [2, 4]: z = 1*2 + (-0.5)*4 + 0 = 0, output = sigmoid(0) = 0.5, slope 0.25.
    # With dL/d_output = 2: dL/dz = 2 * 0.25 = 0.5; dL/dw1 = 0.5 * 2 = 1, dL/dw2 = 0.5 * 4 = 2,
    # dL/db = 0.5; dL/dx1 = 0.5 * 1 = 0.5, dL/dx2 = 0.5 * (-0.5) = -0.25.
    first = {"slope": 0.25, "dL/dz": 0.5, "dL/dw1": 1.0, "dL/dw2": 2.0, "dL/db": 0.5,
             "dL/dx1": 0.5, "dL/dx2": -0.25}
    # x = [-2, 2]: z = -2 - 1 = -3, output = sigmoid(-3) = 0.047426, slope 0.045177.
    # dL/d_output = 2: dL/dz = 0.090353; dL/dw1 = -0.180707, dL/dw2 = 0.180707, dL/db = 0.090353.
    h = 1.0 / (1.0 + math.exp(3.0))
    d_z = 2.0 * h * (1.0 - h)
    # The gradients add up: dL/dw1 = 1 - 0.180707 = 0.819293, dL/dw2 = 2.180707,
    # dL/db = 0.590353; dL/dx is the second sample's: 0.090353 * 1, 0.090353 * (-0.5).
    summed = {"slope": h * (1.0 - h), "dL/dz": d_z, "dL/dw1": 1.0 + d_z * -2.0,
              "dL/dw2": 2.0 + d_z * 2.0, "dL/db": 0.5 + d_z,
              "dL/dx1": d_z * 1.0, "dL/dx2": d_z * -0.5}
    # The layer's running sum already holds [10, 20]: 10 + 0.5 = 10.5, 20 - 0.25 = 19.75.
    added = dict(first)
    added["dL/dx1"], added["dL/dx2"] = 10.5, 19.75
    return [
        ("One sigmoid neuron by hand: weights [1, -0.5], bias 0, x = [2, 4], dL/d_output = 2",
         lambda: one_neuron_case(students, [([2.0, 4.0], 2.0)], [0.0, 0.0], first)),
        ("The same neuron, then a second sample x = [-2, 2] (dL/d_output = 2) before "
         "zero_grad: dL/dw and dL/db are the sum of both samples'",
         lambda: one_neuron_case(students, [([2.0, 4.0], 2.0), ([-2.0, 2.0], 2.0)],
                                 [0.0, 0.0], summed)),
        ("The first sample again, with d_loss_d_inputs already holding [10, 20] from "
         "the layer's other neurons",
         lambda: one_neuron_case(students, [([2.0, 4.0], 2.0)], [10.0, 20.0], added)),
        ("Alice in the 2-2-1 network (every weight 1, every bias 0), x = [-2, -1], y_true = 1",
         lambda: network_case(alice_network, ALICE_X, ALICE_Y, plug, alice_by_hand())),
        ("The 3-2-2-1 network, x = [1, -0.5, 2], y_true = 0: h1 and h2 each feed h3 and h4",
         lambda: network_case(wide_network, WIDE_X, WIDE_Y, plug)),
        ("Training on the four people, 5 epochs, 2 samples per batch",
         lambda: training_case(people_network, *people(), plug, epochs=5, batch_size=2)),
    ]


# ----- 5. Layer.backward ----------------------------------------------------------------
def solution_layer_backward(layer: Layer, d_loss_d_outputs: Vector) -> Vector:
    return REAL_LAYER_BACKWARD(layer, d_loss_d_outputs, True)


def plug_layer_backward(students: Dict[str, Student]):
    backward = students["backward"]

    def layer_backward(self, d_loss_d_outputs, compute_input_grads=True):
        result = backward(self, list(d_loss_d_outputs))
        result = number_list(result, self.n_inputs, backward.name,
                             "dL/dx_i for every input i of the layer")
        return result if compute_input_grads else None

    return lambda: patched(Layer, "backward", layer_backward)


def one_layer_case(students, activation: str, x: Vector, d_loss_d_outputs: Vector,
                   hand: Dict[str, float]) -> List[Row]:
    """A layer of two neurons, h1 with weights [1, 2] and h2 with [3, 4], biases 0."""
    def make() -> Layer:
        return Layer([Neuron([1.0, 2.0], 0.0, activation, "h1"),
                      Neuron([3.0, 4.0], 0.0, activation, "h2")])

    expected = make()
    expected.forward(x)
    expected_inputs = REAL_LAYER_BACKWARD(expected, d_loss_d_outputs, True)
    with plug_layer_backward(students)():
        layer = make()
        layer.forward(x)
        d_loss_d_inputs = layer.backward(list(d_loss_d_outputs))
    z_names = ["dL/dz_h1", "dL/dz_h2"]
    rows = []
    for i in range(2):
        rows.append(Row(f"dL/dx{i + 1}", d_loss_d_inputs[i], expected_inputs[i], z_names,
                        input_grad_mistakes(expected.neurons, i), hand=hand.get(f"dL/dx{i + 1}")))
    for j, (neuron, reference) in enumerate(zip(layer.neurons, expected.neurons)):
        for i in range(2):
            name = f"dL/dw{2 * j + i + 1}"
            rows.append(Row(name, neuron.weight_grads[i], reference.weight_grads[i], [z_names[j]],
                            [(0.0, NOT_CALLED), (2.0 * reference.weight_grads[i], BACKWARD_TWICE)],
                            hand=hand.get(name)))
        rows.append(Row(f"dL/db{j + 1}", neuron.bias_grad, reference.bias_grad, [z_names[j]],
                        [(0.0, NOT_CALLED), (2.0 * reference.bias_grad, BACKWARD_TWICE)],
                        hand=hand.get(f"dL/db{j + 1}")))
    for j, (neuron, reference) in enumerate(zip(layer.neurons, expected.neurons)):
        other = d_loss_d_outputs[1 - j] * reference.d_output_d_z
        rows.append(Row(z_names[j], neuron.d_loss_d_z, reference.d_loss_d_z, [],
                        [(other, "neuron j must get d_loss_d_outputs[j], its own dL/d_output")],
                        hand=hand.get(z_names[j]), missing=NOT_CALLED))
    check_hand_rows(rows, "Layer.backward")
    return rows


def layer_backward_cases(students):
    plug = plug_layer_backward(students)
    # Identity neurons, x = [2, -1], dL/d_outputs = [1, 10]: dL/dz = dL/d_output = [1, 10].
    # dL/dx1 = 1*w_11 + 10*w_21 = 1*1 + 10*3 = 31;  dL/dx2 = 1*2 + 10*4 = 42.
    # dL/dw = dL/dz_j * x_i: h1: 1*2 = 2, 1*(-1) = -1; h2: 10*2 = 20, 10*(-1) = -10.
    identity = {"dL/dx1": 31.0, "dL/dx2": 42.0, "dL/dw1": 2.0, "dL/dw2": -1.0,
                "dL/dw3": 20.0, "dL/dw4": -10.0, "dL/db1": 1.0, "dL/db2": 10.0,
                "dL/dz_h1": 1.0, "dL/dz_h2": 10.0}
    # Sigmoid neurons, x = [0, 0]: z = 0, output 0.5, slope 0.25, dL/dz = [0.25, 2.5].
    # dL/dx1 = 0.25*1 + 2.5*3 = 7.75;  dL/dx2 = 0.25*2 + 2.5*4 = 10.5;  dL/dw = 0 (x = 0).
    sloped = {"dL/dx1": 7.75, "dL/dx2": 10.5, "dL/db1": 0.25, "dL/db2": 2.5,
              "dL/dz_h1": 0.25, "dL/dz_h2": 2.5}
    return [
        ("A layer by hand: h1 weights [1, 2], h2 weights [3, 4], identity, x = [2, -1], "
         "dL/d_outputs = [1, 10]",
         lambda: one_layer_case(students, "identity", [2.0, -1.0], [1.0, 10.0], identity)),
        ("The same weights with sigmoid neurons, x = [0, 0] (slope 0.25), "
         "dL/d_outputs = [1, 10]",
         lambda: one_layer_case(students, "sigmoid", [0.0, 0.0], [1.0, 10.0], sloped)),
        ("Alice in the 2-2-1 network (every weight 1, every bias 0), x = [-2, -1], y_true = 1",
         lambda: network_case(alice_network, ALICE_X, ALICE_Y, plug, alice_by_hand())),
        ("The 3-2-2-1 network, x = [1, -0.5, 2], y_true = 0: h1 and h2 each feed h3 and h4",
         lambda: network_case(wide_network, WIDE_X, WIDE_Y, plug)),
        ("Training on the four people, 5 epochs",
         lambda: training_case(people_network, *people(), plug, epochs=5)),
    ]


# ----- 6. softmax and cross entropy ----------------------------------------------------
def solution_softmax(z: Vector) -> Vector:
    return REAL_SOFTMAX(z)


def solution_d_loss_d_z(p: Vector, y_true: Vector) -> Vector:
    """The project's own dL/dz_k, read from a SoftmaxLayer whose outputs are p."""
    neurons = []
    for k in range(len(p)):
        neurons.append(Neuron([0.0], 0.0, "identity", f"o{k + 1}"))
    layer = SoftmaxLayer(neurons)
    for neuron in neurons:
        neuron.forward([1.0])
    layer.outputs = list(p)
    REAL_BACKWARD_CROSS_ENTROPY(layer, y_true, False)
    d_loss_d_z = []
    for neuron in neurons:
        d_loss_d_z.append(neuron.d_loss_d_output)
    return d_loss_d_z


def plug_softmax(students: Dict[str, Student]):
    softmax, d_loss_d_z = students["softmax"], students["d_loss_d_z"]

    def layer_softmax(z):
        return number_list(softmax(list(z)), len(z), softmax.name, "p_k for every k")

    def backward_cross_entropy(self, y_true, compute_input_grads=True):
        result = d_loss_d_z(list(self.outputs), list(y_true))
        result = number_list(result, len(self.outputs), d_loss_d_z.name, "dL/dz_k for every k")
        return self.backward_from_z(result, compute_input_grads)

    @contextlib.contextmanager
    def plug():
        with patched(layer_module, "softmax", layer_softmax), \
                patched(SoftmaxLayer, "backward_cross_entropy", backward_cross_entropy):
            yield
    return plug


def softmax_rows(students, z: Vector, hand: Vector) -> List[Row]:
    expected = REAL_SOFTMAX(z)
    student = students["softmax"]
    got = number_list(student(list(z)), len(z), student.name, "p_k for every k")
    rows = []
    for k in range(len(z)):
        rows.append(Row(f"p{k + 1}", got[k], expected[k], mistakes=softmax_mistakes(z, k),
                        hand=hand[k]))
    check_hand_rows(rows, "softmax")
    return rows


def cross_entropy_rows(students, p: Vector, y: Vector, hand: Vector) -> List[Row]:
    expected = solution_d_loss_d_z(p, y)
    student = students["d_loss_d_z"]
    got = number_list(student(list(p), list(y)), len(p), student.name, "dL/dz_k for every k")
    rows = []
    for k in range(len(p)):
        rows.append(Row(f"dL/dz_{k + 1}", got[k], expected[k],
                        mistakes=cross_entropy_mistakes(p, y, k), hand=hand[k]))
    check_hand_rows(rows, "cross entropy")
    return rows


def softmax_by_hand_network() -> Network:
    """2 inputs, two softmax outputs: o1 weights [0, 0], o2 weights [ln 3, 0], biases 0."""
    return Network([2, 2], loss="cross_entropy",
                   weights=[[[0.0, 0.0], [math.log(3.0), 0.0]]], biases=[[0.0, 0.0]])


def softmax_hidden_network() -> Network:
    return Network([2, 3, 3], activation="tanh", loss="cross_entropy",
                   weights=[[[0.5, -0.3], [0.2, 0.8], [-0.6, 0.4]],
                            [[0.7, -0.2, 0.5], [-0.4, 0.6, 0.3], [0.1, 0.9, -0.8]]],
                   biases=[[0.1, 0.0, -0.1], [0.2, -0.2, 0.0]])


def xor_network() -> Network:
    return Network([2, 4, 2], loss="cross_entropy", seed=0)


def softmax_cases(students):
    plug = plug_softmax(students)
    third = 1.0 / 3.0
    # x = [1, 2]: z_o1 = 0*1 + 0*2 = 0, z_o2 = ln3*1 + 0*2 = ln 3.
    # p = [e^0, e^ln3] / (1 + 3) = [1/4, 3/4]; class 0, so y = [1, 0], L = -ln(1/4) = ln 4.
    # dL/dz = p - y = [-0.75, 0.75]; dL/dw = dL/dz * x: o1 -0.75, -1.5; o2 0.75, 1.5.
    hand = {"z_o1": 0.0, "z_o2": math.log(3.0), "p1": 0.25, "p2": 0.75, "L": math.log(4.0),
            "dL/dz_o1": -0.75, "dL/dz_o2": 0.75, "dL/dw1": -0.75, "dL/dw2": -1.5,
            "dL/db1": -0.75, "dL/dw3": 0.75, "dL/dw4": 1.5, "dL/db2": 0.75}
    xor_x, xor_y = xor()
    xor_classes = [int(y) for y in xor_y]
    return [
        ("softmax by hand: z = [0, ln 3] gives [1, 3] / 4",
         lambda: softmax_rows(students, [0.0, math.log(3.0)], [0.25, 0.75])),
        ("softmax by hand: z = [2, 2, 2] gives a third each",
         lambda: softmax_rows(students, [2.0, 2.0, 2.0], [third, third, third])),
        ("softmax by hand: z = [1000, 1000] gives [0.5, 0.5] (e^1000 overflows: "
         "subtract max(z) first)",
         lambda: softmax_rows(students, [1000.0, 1000.0], [0.5, 0.5])),
        ("dL/dz = p - y by hand: p = [0.25, 0.75], y = [1, 0] gives [-0.75, 0.75]",
         lambda: cross_entropy_rows(students, [0.25, 0.75], [1.0, 0.0], [-0.75, 0.75])),
        ("dL/dz = p - y by hand: p = [0.2, 0.3, 0.5], y = [0, 0, 1] gives [0.2, 0.3, -0.5]",
         lambda: cross_entropy_rows(students, [0.2, 0.3, 0.5], [0.0, 0.0, 1.0],
                                    [0.2, 0.3, 0.5 - 1.0])),
        ("A 2-2 softmax network by hand: o1 weights [0, 0], o2 weights [ln 3, 0], "
         "x = [1, 2], class 0",
         lambda: network_case(softmax_by_hand_network, [1.0, 2.0], 0, plug, hand,
                              forward=True)),
        ("A 2-3-3 network (tanh, softmax), x = [0.5, -1], class 2",
         lambda: network_case(softmax_hidden_network, [0.5, -1.0], 2, plug, forward=True)),
        ("Training a 2-4-2 softmax network on XOR, 5 epochs",
         lambda: training_case(xor_network, xor_x, xor_classes, plug, epochs=5,
                               learning_rate=0.5)),
    ]


# ----- 7. the SGD step ----------------------------------------------------------------------
def solution_sgd_step(neurons: Sequence[Neuron], learning_rate: float, batch_size: int) -> None:
    REAL_SGD_STEP(SGD(learning_rate), neurons, batch_size)


def plug_sgd(students: Dict[str, Student]):
    sgd_step = students["sgd_step"]

    def step(self, neurons, batch_size=1):
        if self.weight_decay != 0.0:
            raise CheckerError("exercise 7 does not cover weight decay")
        sgd_step(list(neurons), self.learning_rate, batch_size)

    return lambda: patched(SGD, "step", step)


def parameter_rows(before: Dict[str, float], expected: Dict[str, float],
                   got: Dict[str, float], gradients: Dict[str, float], learning_rate: float,
                   batch_size: int, hand: Optional[Dict[str, float]] = None) -> List[Row]:
    rows = []
    for name in expected:
        rows.append(Row(name, got[name], expected[name],
                        mistakes=step_mistakes(before[name], gradients[name], learning_rate,
                                               batch_size),
                        baseline=before[name], hand=hand.get(name) if hand else None))
    return rows


def neuron_parameters(neuron: Neuron, names: Sequence[str]) -> Dict[str, float]:
    values = {}
    for i, name in enumerate(names[:-1]):
        values[name] = neuron.weights[i]
    values[names[-1]] = neuron.bias
    return values


def sgd_batch_case(students) -> List[Row]:
    """One neuron whose gradients were summed over 4 samples: dL/dw = [0.5, -2], dL/db = 1."""
    names = ["w1", "w2", "b"]

    def make() -> Neuron:
        neuron = Neuron([1.0, -0.5], 0.25, "sigmoid", "n")
        neuron.weight_grads = [0.5, -2.0]
        neuron.bias_grad = 1.0
        neuron.touched = None      # set by hand: any position may hold a gradient
        return neuron

    expected = make()
    REAL_SGD_STEP(SGD(0.1), [expected], 4)
    with plug_sgd(students)():
        neuron = make()
        SGD(0.1).step([neuron], 4)
    before = neuron_parameters(make(), names)
    # w1 = 1 - 0.1 * 0.5 / 4 = 0.9875; w2 = -0.5 - 0.1 * (-2) / 4 = -0.45;
    # b = 0.25 - 0.1 * 1 / 4 = 0.225
    hand = {"w1": 0.9875, "w2": -0.45, "b": 0.225}
    rows = parameter_rows(before, neuron_parameters(expected, names),
                          neuron_parameters(neuron, names),
                          {"w1": 0.5, "w2": -2.0, "b": 1.0}, 0.1, 4, hand)
    check_hand_rows(rows, "SGD.step")
    return rows


def sgd_alice_case(students) -> List[Row]:
    """Alice's gradients, then net.step(0.1): w <- w - 0.1 * dL/dw."""
    hand_gradients = alice_by_hand()
    hand = {}
    for name in ALICE_PARAMETERS:
        start = 1.0 if name.startswith("w") else 0.0
        # w1 = 1 - 0.1 * 0.021470 = 0.997853, ..., b3 = 0 - 0.1 * (-0.237618) = 0.023762
        hand[name] = start - 0.1 * hand_gradients[f"dL/d{name}"]

    def run(net: Network) -> Tuple[Dict[str, float], Dict[str, float]]:
        one_pass(net, ALICE_X, ALICE_Y)
        gradients = {name: net.get_gradient(name) for name in ALICE_PARAMETERS}
        net.step(0.1)
        return {name: net.get_parameter(name) for name in ALICE_PARAMETERS}, gradients

    expected, gradients = run(alice_network())
    with plug_sgd(students)():
        got, _ = run(alice_network())
    before = {name: alice_network().get_parameter(name) for name in ALICE_PARAMETERS}
    rows = parameter_rows(before, expected, got, gradients, 0.1, 1, hand)
    check_hand_rows(rows, "SGD.step on Alice")
    return rows


def sgd_cases(students):
    plug = plug_sgd(students)
    return [
        ("Alice in the 2-2-1 network, one step at learning rate 0.1 (batch of 1)",
         lambda: sgd_alice_case(students)),
        ("One neuron [1, -0.5], bias 0.25, whose gradients are summed over a batch of 4: "
         "dL/dw = [0.5, -2], dL/db = 1, learning rate 0.1",
         lambda: sgd_batch_case(students)),
        ("Training on the four people, 5 epochs, 2 samples per batch",
         lambda: training_case(people_network, *people(), plug, epochs=5, batch_size=2)),
    ]


# ----- 8. Adam -----------------------------------------------------------------------------
def solution_adam_update(w, g, m, v, t, learning_rate, beta1, beta2, epsilon):
    """The project's Adam.step on a neuron with one weight w whose gradient is g."""
    neuron = Neuron([w], 0.0, "identity", "p")
    neuron.weight_grads = [g]
    neuron.touched = None
    adam = Adam(learning_rate, beta1, beta2, epsilon)
    adam.load_state_dict({"name": "adam", "t": t - 1, "hyperparameters": {},
                          "slots": {"p": {"names": ["w", "b"], "m": [m, 0.0], "v": [v, 0.0]}}})
    REAL_ADAM_STEP(adam, [neuron], 1)
    state = adam.state["w"]
    return neuron.weights[0], state["m"], state["v"]


def plug_adam(students: Dict[str, Student]):
    adam_update = students["adam_update"]

    def step(self, neurons, batch_size=1):
        # Adam.step's loop (network/optimizers.py), with your update for each parameter.
        self.t += 1
        for neuron in neurons:
            slots = self._slots(neuron)
            m, v = slots["m"], slots["v"]
            values = neuron.weights + [neuron.bias]
            grads = neuron.weight_grads + [neuron.bias_grad]
            self.decay(values)
            for i in range(len(values)):
                g = grads[i] / batch_size
                values[i], m[i], v[i] = adam_result(
                    adam_update(values[i], g, m[i], v[i], self.t, self.learning_rate,
                                self.beta1, self.beta2, self.epsilon), adam_update.name)
            neuron.weights[:] = values[:-1]
            neuron.bias = values[-1]

    return lambda: patched(Adam, "step", step)


def adam_result(result, function: str) -> Tuple[float, float, float]:
    if not isinstance(result, (tuple, list)) or len(result) != 3:
        raise StudentError(function, f"{function} returned {show(result)}; it must return "
                                     f"the three numbers (w, m, v)")
    return result[0], result[1], result[2]


def adam_steps_case(students, w: float, gradients: Vector, learning_rate: float,
                    epsilon: float) -> List[Row]:
    """Steps t = 1, 2, ... on one parameter; each step starts from the right state, so
    that one wrong step does not spoil the next."""
    student = students["adam_update"]
    beta1, beta2 = 0.9, 0.999
    m = v = 0.0
    rows = []
    for t, g in enumerate(gradients, start=1):
        expected = solution_adam_update(w, g, m, v, t, learning_rate, beta1, beta2, epsilon)
        hand = adam_by_hand(w, g, m, v, t, learning_rate, beta1, beta2, epsilon)
        try:
            got = adam_result(student(w, g, m, v, t, learning_rate, beta1, beta2, epsilon),
                              student.name)
        except StudentError as error:    # keep the rows of the steps before
            rows.append(Row.from_error(error))
            break
        wrong = {}
        for mistake, explanation in ADAM_MISTAKES:
            try:
                wrong[explanation] = adam_by_hand(w, g, m, v, t, learning_rate, beta1, beta2,
                                                  epsilon, mistake)
            except (ValueError, ZeroDivisionError):
                pass         # this mistake would fail outright here (sqrt of a negative)
        for k, what in enumerate(("m", "v")):
            mistakes = [(values[k + 1], explanation) for explanation, values in wrong.items()]
            rows.append(Row(f"{what} after step {t}", got[k + 1], expected[k + 1],
                            mistakes=mistakes, hand=hand[k + 1]))
        mistakes = [(values[0], explanation) for explanation, values in wrong.items()]
        mistakes.append((w + (w - expected[0]), ADAM_UPHILL))
        rows.append(Row(f"w after step {t}", got[0], expected[0],
                        factors=[f"m after step {t}", f"v after step {t}"],
                        mistakes=mistakes, baseline=w, hand=hand[0]))
        w, m, v = expected
    check_hand_rows(rows, "Adam")
    return rows


def adam_alice_case(students) -> List[Row]:
    """Three Adam steps (learning rate 0.1) on Alice: the nine parameters afterwards."""
    def run() -> Dict[str, float]:
        net = alice_network()
        net.train([ALICE_X], [ALICE_Y], epochs=3, optimizer=Adam(0.1))
        return {name: net.get_parameter(name) for name in ALICE_PARAMETERS}

    expected = run()
    with plug_adam(students)():
        got = run()
    before = {name: alice_network().get_parameter(name) for name in ALICE_PARAMETERS}
    rows = []
    for name in ALICE_PARAMETERS:
        rows.append(Row(f"{name} after 3 steps", got[name], expected[name], baseline=before[name]))
    return rows


def adam_cases(students):
    plug = plug_adam(students)
    return [
        # Step 1, g = 0.5: m = 0.1 * 0.5 = 0.05; v = 0.001 * 0.25 = 0.00025;
        #   m_hat = 0.05 / (1 - 0.9) = 0.5; v_hat = 0.00025 / (1 - 0.999) = 0.25;
        #   w = 1 - 0.1 * 0.5 / (sqrt(0.25) + 1e-8) = 1 - 0.1 * 0.99999998 = 0.900000002.
        # Step 2, g = -0.25: m = 0.045 - 0.025 = 0.02; v = 0.00024975 + 0.0000625 = 0.00031225;
        #   m_hat = 0.02 / 0.19 = 0.105263; v_hat = 0.00031225 / 0.001999 = 0.156203;
        #   w = 0.9 - 0.1 * 0.105263 / 0.395225 = 0.9 - 0.026634 = 0.873366.
        # Step 3, g = 1: m = 0.018 + 0.1 = 0.118; v = 0.000311938 + 0.001 = 0.001311938;
        #   m_hat = 0.118 / 0.271 = 0.435424; v_hat = 0.001311938 / 0.002997001 = 0.437750;
        #   w = 0.873366 - 0.1 * 0.435424 / 0.661627 = 0.873366 - 0.065811 = 0.807555.
        ("One parameter by hand: w = 1, gradients 0.5, -0.25, 1 at t = 1, 2, 3; "
         "learning rate 0.1, beta1 0.9, beta2 0.999, epsilon 1e-8",
         lambda: adam_steps_case(students, 1.0, [0.5, -0.25, 1.0], 0.1, 1e-8)),
        # epsilon 0.01 is large enough to see where it goes: w = 1 - 0.1 * 0.5 / (0.5 + 0.01)
        # = 1 - 0.098039 = 0.901961 (inside the root it would be 1 - 0.1 * 0.5 / 0.509902).
        ("One step with a large epsilon = 0.01: w = 1, g = 0.5",
         lambda: adam_steps_case(students, 1.0, [0.5], 0.1, 0.01)),
        ("Alice in the 2-2-1 network, 3 Adam steps at learning rate 0.1",
         lambda: adam_alice_case(students)),
        ("Training on the four people with Adam (learning rate 0.05), 5 epochs, "
         "2 samples per batch",
         # By name, so that each run builds its own Adam (with its own m, v and t).
         lambda: training_case(people_network, *people(), plug, epochs=5, batch_size=2,
                               optimizer="adam", learning_rate=0.05)),
    ]


EXERCISES: Dict[int, Exercise] = {
    1: Exercise(1, "ex1_neuron_forward.py",
                "Neuron.forward: z = w1*x1 + ... + wn*xn + b, output = g(z)",
                ["forward"], {"forward": solution_forward}, forward_cases,
                {"TypeError": "is every name a number? neuron.weights[i] * inputs[i] "
                              "multiplies two numbers; neuron.activation(z) takes one"}),
    2: Exercise(2, "ex2_activation_derivatives.py",
                "the slopes g'(z) of sigmoid, tanh and ReLU",
                SLOPE_FUNCTIONS,
                {"sigmoid_derivative": REAL_DERIVATIVES["sigmoid"],
                 "tanh_derivative": REAL_DERIVATIVES["tanh"],
                 "relu_derivative": REAL_DERIVATIVES["relu"]},
                derivative_cases),
    3: Exercise(3, "ex3_loss_derivative.py", "dL/dy_pred of the mean squared error",
                ["mse_derivative"], {"mse_derivative": solution_mse_derivative},
                loss_derivative_cases),
    4: Exercise(4, "ex4_neuron_backward.py",
                "Neuron.backward: dL/dz, dL/dwi, dL/db and dL/dxi of one neuron",
                ["backward"], {"backward": solution_backward}, neuron_backward_cases,
                {"IndexError": "a list index ran past the end: a neuron has one weight "
                               "(and one dL/dxi) per input, range(len(neuron.weights))"}),
    5: Exercise(5, "ex5_layer_backward.py",
                "Layer.backward: dL/dx_i = sum over neurons j of dL/dz_j * w_ji",
                ["backward"], {"backward": solution_layer_backward}, layer_backward_cases,
                {"IndexError": "a list index ran past the end: neuron j has one weight per "
                               "input i, so its weight on input i is "
                               "layer.neurons[j].weights[i] (w_ji), for i in "
                               "range(layer.n_inputs)"}),
    6: Exercise(6, "ex6_softmax_cross_entropy.py",
                "softmax, and dL/dz_k = p_k - y_k for softmax with cross entropy",
                ["softmax", "d_loss_d_z"],
                {"softmax": solution_softmax, "d_loss_d_z": solution_d_loss_d_z},
                softmax_cases,
                {"softmax:OverflowError": "math.exp overflowed: subtract m = max(z) from every "
                                          "z_k first; e^(z_k - m) / sum_j e^(z_j - m) is the "
                                          "same p_k",
                 "softmax:ZeroDivisionError": "the sum is 0: subtract max(z) before math.exp, "
                                              "so that the largest term is e^0 = 1",
                 "d_loss_d_z:ZeroDivisionError": "a p_k is 0: dL/dz_k = p_k - y_k needs no "
                                                 "division"}),
    7: Exercise(7, "ex7_sgd_step.py",
                "SGD: w <- w - learning_rate * (summed dL/dw) / batch_size",
                ["sgd_step"], {"sgd_step": solution_sgd_step}, sgd_cases),
    8: Exercise(8, "ex8_adam_step.py", "one Adam update, with its bias correction",
                ["adam_update"], {"adam_update": solution_adam_update}, adam_cases,
                {"ZeroDivisionError": "1 - beta1^t is 0 only at t = 0: t counts the steps "
                                      "from 1, and is given to you",
                 "ValueError": "a square root of a negative number? v is a running mean of "
                               "g * g, which is never negative"}),
}


# %% Running a check and writing the report
class Section:
    """The rows of one case."""

    def __init__(self, title: str):
        self.title = title
        self.rows: List[Row] = []
        self.not_written: Optional[str] = None


class Report:
    """The result of a check: ``passed``, ``first_wrong``, ``diagnosis()``, ``text()``."""

    def __init__(self, exercise: Exercise, source: str, sections: List[Section]):
        self.exercise = exercise
        self.source = source
        self.sections = sections

    @property
    def not_written(self) -> List[str]:
        names = []
        for section in self.sections:
            if section.not_written and section.not_written not in names:
                names.append(section.not_written)
        return names

    @property
    def rows(self) -> List[Row]:
        every = []
        for section in self.sections:
            every.extend(section.rows)
        return every

    @property
    def passed(self) -> bool:
        return not self.not_written and all(row.ok for row in self.rows)

    @property
    def first_wrong(self) -> Optional[Row]:
        for row in self.rows:
            if not row.ok:
                return row
        return None

    def diagnosis(self) -> List[str]:
        """The explanation of the first wrong row (empty when every row is right)."""
        for section in self.sections:
            by_name = {row.name: row for row in section.rows}
            for row in section.rows:
                if not row.ok:
                    return diagnose(row, by_name)
        return []

    def summary(self) -> List[str]:
        number = self.exercise.number
        wrong = 0
        for row in self.rows:
            wrong += 0 if row.ok else 1
        names = ", ".join(self.not_written)
        raises = "still raises" if len(self.not_written) == 1 else "still raise"
        if self.not_written and not self.rows:
            return [f"exercise {number}: not written yet: {names} in {self.source} {raises} "
                    f"NotImplementedError. Write the body, then run this again."]
        lines = []
        if self.not_written:
            lines.append(f"exercise {number}: not written yet: {names} {raises} "
                         f"NotImplementedError")
        if wrong:
            lines.append(f"exercise {number}: {wrong} of {len(self.rows)} terms wrong; "
                         f"the first one:")
            lines.extend(self.diagnosis())
        elif not self.not_written:
            lines.append(f"exercise {number}: all {len(self.rows)} terms match.")
        return lines

    def text(self, quiet: bool = False) -> str:
        exercise = self.exercise
        lines = [f"exercise {exercise.number}: {exercise.title}",
                 f"  checking {', '.join(exercise.functions)} from {self.source}"]
        if not quiet and self.rows:
            for section in self.sections:
                lines.append("")
                lines.append(section.title)
                if section.not_written:
                    lines.append(f"  not written yet: {section.not_written}")
                for row in section.rows:
                    lines.append(row.line())
        lines.append("")
        lines.extend(self.summary())
        return "\n".join(lines)


def run_check(number: int, functions: Dict[str, Callable], source: str = "") -> Report:
    """Check ``functions`` (name -> your function) as exercise ``number``."""
    exercise = EXERCISES[number]
    students = {}
    for name in exercise.functions:
        students[name] = Student(name, functions[name], source)
    sections = []
    for title, case in exercise.cases(students):
        section = Section(title)
        try:
            section.rows = case()
        except NotWrittenYet as missing:
            section.not_written = missing.function
        except StudentError as error:
            section.rows = [Row.from_error(error)]
        except CheckerError:
            raise
        except Exception as error:   # the project's code stopped on what yours left behind
            section.rows = [Row.stopped(f"the check stopped: {type(error).__name__}: {error}")]
        for row in section.rows:
            hint = (exercise.hints.get(f"{row.function}:{row.kind}")
                    or exercise.hints.get(row.kind)) if row.kind else None
            if hint:
                row.message = row.shown = f"{row.message}: {hint}"
        sections.append(section)
    return Report(exercise, source, sections)


def check_file(number: int, path: Optional[str] = None) -> Report:
    """Load exercise ``number`` from ``path`` (default: its file in scripts/exercises/)."""
    exercise = EXERCISES[number]
    if path is None:
        found = sorted(glob.glob(os.path.join(EXERCISES_DIR, f"ex{number}_*.py")))
        path = found[0] if found else exercise.path
    shown = os.path.relpath(path)
    if shown.startswith(".."):
        shown = path
    return run_check(number, load_functions(path, exercise.functions), shown)


def check_solutions() -> List[Report]:
    """Every exercise checked with the project's own code in place of yours."""
    reports = []
    for number, exercise in EXERCISES.items():
        reports.append(run_check(number, exercise.solutions, "the project's own code"))
    return reports


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        description="Check an exercise of scripts/exercises/ against the project's code.",
        epilog="Exercises, in order: " + "; ".join(
            f"{n} {e.filename}" for n, e in EXERCISES.items()),
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("number", nargs="?", type=int, choices=sorted(EXERCISES),
                        help="which exercise")
    parser.add_argument("file", nargs="?", default=None,
                        help="your file (default: scripts/exercises/exN_*.py)")
    parser.add_argument("--solutions", action="store_true",
                        help="check the project's own code against every exercise")
    parser.add_argument("--quiet", action="store_true",
                        help="print only the verdict, not every term")
    args = parser.parse_args(argv)
    try:
        if args.solutions:
            reports = check_solutions()
            for report in reports:
                verdict = "passes" if report.passed else "FAILS"
                print(f"exercise {report.exercise.number} ({report.exercise.filename}): the "
                      f"project's code {verdict}, {len(report.rows)} terms")
                if not report.passed:
                    print(report.text())
            return 0 if all(report.passed for report in reports) else 1
        if args.number is None:
            parser.print_help()
            return 2
        report = check_file(args.number, args.file)
    except LoadError as error:
        print(f"exercise {args.number}: {error}")
        return 1
    except CheckerError as error:
        what = "the solutions" if args.solutions else f"exercise {args.number}"
        print(f"the checker cannot check {what}: {error}")
        return 2
    print(report.text(args.quiet))
    return 0 if report.passed else 1


if __name__ == "__main__":
    sys.exit(main())
