"""The mistakes the checker recognizes by name, and what each one does to a number.

For every term a check compares (z, an output, a slope, dL/dw1, a weight after a
step, ...) a function below works out what that term would be after each known
mistake, computed from the reference values at that point:

    z_mistakes(neuron)        the bias missing or added twice, the first or last wi*xi missing
    slope_mistakes(...)       z and the output mixed up, another activation's slope, ...
    input_grad_mistakes(...)  wi and xi swapped, w_ij for w_ji, = instead of +=, ...

Each gives a list of Mistake(value, explanation). diagnosis.py names a mistake only
when your number equals its value here AND at a second, different point of the same
case (a coincidence at one point is not a mistake). A Mistake with ``confirm=False``
states a rule of the project that holds at this one point whatever your code does.
"""
from __future__ import annotations

import math
from typing import List, Sequence, Tuple

from neuron.activations import sigmoid


class Mistake:
    """``value``: what the term would be after the mistake; ``explanation``: what to
    tell the learner; ``confirm``: whether the explanation claims something about the
    learner's code (then it must hold at a second point too)."""

    def __init__(self, value: float, explanation: str, confirm: bool = True):
        self.value = value
        self.explanation = explanation
        self.confirm = confirm

    def __repr__(self) -> str:
        return f"Mistake({self.value!r}, {self.explanation[:40]!r}...)"


def times(n: int) -> str:
    """'twice' for 2, else 'n times'."""
    return "twice" if n == 2 else f"{n} times"


# %% 1. The weighted sum and the output (Neuron.feedforward)
FORGOT_BIAS = "the bias is missing: z = w1*x1 + ... + wn*xn + b"
BIAS_TWICE = "the bias is added twice: z = w1*x1 + ... + wn*xn + b"
SKIPPED_FIRST = "the term w1*x1 is missing: the loop over the inputs must start at index 0"
SKIPPED_LAST = ("the last term wn*xn is missing: range(len(inputs)) already runs up to "
                "the last index")
NO_ACTIVATION = "that is z itself: the output is the activation of z, neuron.activation(z)"
USED_SIGMOID = ("that is sigmoid(z), but this neuron's activation is {name}: use "
                "neuron.activation(z), the neuron's own activation")
RETURNED_Z = "feedforward returned z: return the output, activation(z)"


def z_mistakes(weights: Sequence[float], inputs: Sequence[float], bias: float,
               z: float) -> List[Mistake]:
    """What z = w1*x1 + ... + wn*xn + b would be with a term missing or doubled."""
    mistakes = [Mistake(z - bias, FORGOT_BIAS), Mistake(z + bias, BIAS_TWICE)]
    if len(weights) > 1:
        mistakes.append(Mistake(z - weights[0] * inputs[0], SKIPPED_FIRST))
        mistakes.append(Mistake(z - weights[-1] * inputs[-1], SKIPPED_LAST))
    return mistakes


def output_mistakes(activation: str, z: float) -> List[Mistake]:
    """What output = g(z) would be without g, or with the sigmoid for every neuron."""
    mistakes = []
    if activation != "identity":
        mistakes.append(Mistake(z, NO_ACTIVATION))
    if activation != "sigmoid":
        mistakes.append(Mistake(sigmoid(z), USED_SIGMOID.format(name=activation)))
    return mistakes


# %% 2. The activations' slopes g'(z)
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
SIGMOID_SLOPE_FOR_TANH = ("that is the sigmoid's slope output * (1 - output); tanh's is "
                          "1 - output^2")
RELU_VALUE = "that is relu(z) itself; its slope is 1 where z > 0 and 0 elsewhere"
RELU_KINK = ("at the kink z = 0 this project takes the slope 0: return 1.0 only when z > 0 "
             "(z > 0, not z >= 0)")
# In exercise 4 the learner calls the neuron's own derivative rather than writing one:
HARD_CODED_SLOPE = ("that is {which}'s slope {formula}, but this neuron's activation is "
                    "{name}: use neuron.activation.derivative(neuron.z, neuron.output), "
                    "the slope of the neuron's own activation")
PASSED_Z_AS_OUTPUT = ("passed z as the output: the derivative takes both, "
                      "neuron.activation.derivative(neuron.z, neuron.output)")


def slope_mistakes(name: str, z: float, output: float,
                   in_backprop: bool = False) -> List[Mistake]:
    """What g'(z) would be with z and the output mixed up, or another function's slope.

    ``in_backprop``: the slope as Neuron.backprop gets it (exercise 4), where the fix
    for another activation's slope is to ask the neuron's own activation."""
    sigmoid_slope = output * (1.0 - output)
    tanh_slope = 1.0 - output * output
    if in_backprop:
        mistakes = [Mistake(output, SLOPE_IS_VALUE)]
        if name != "sigmoid":
            mistakes.append(Mistake(sigmoid_slope, HARD_CODED_SLOPE.format(
                which="the sigmoid", formula="output * (1 - output)", name=name)))
        if name != "tanh":
            mistakes.append(Mistake(tanh_slope, HARD_CODED_SLOPE.format(
                which="tanh", formula="1 - output^2", name=name)))
        return mistakes
    if name == "sigmoid":
        s = sigmoid(output)
        return [Mistake(z * (1.0 - z), SIGMOID_USED_Z),
                Mistake(s * (1.0 - s), SIGMOID_USED_OUTPUT),
                Mistake(output, SLOPE_IS_VALUE), Mistake(tanh_slope, TANH_SLOPE_FOR_SIGMOID)]
    if name == "tanh":
        t = math.tanh(output)
        return [Mistake(1.0 - z * z, TANH_USED_Z), Mistake(1.0 - t * t, TANH_USED_OUTPUT),
                Mistake(output, SLOPE_IS_VALUE), Mistake(1.0 - output, TANH_NO_SQUARE),
                Mistake(sigmoid_slope, SIGMOID_SLOPE_FOR_TANH)]
    if name == "relu":
        # The kink is one point: the rule "0 at z = 0" is stated there as the project's
        # rule, not as a guess about the code, so it needs no second point.
        return [Mistake(z, RELU_VALUE),
                Mistake(1.0 if z >= 0.0 else 0.0, RELU_KINK, confirm=z != 0.0)]
    return []


# %% 3. dL/dy_pred of the mean squared error
MSE_FORGOT_TWO = ("it is half the answer: the square brings down a 2, "
                  "d/dy_pred (y_true - y_pred)^2 = -2 * (y_true - y_pred)")
MSE_SIGN = ("the sign is wrong: d/dy_pred (y_true - y_pred)^2 = 2 * (y_true - y_pred) * (-1), "
            "the -1 coming from the inner y_true - y_pred")
MSE_LOSS_NOT_SLOPE = "that is the loss's term (y_true - y_pred)^2 itself, not its slope"
MSE_FORGOT_N = ("it is {times} the answer: L is the mean over the {n} outputs, so each "
                "dL/dy_pred_k is divided by n = {n}")


def mse_slope_mistakes(y_true: Sequence[float], y_pred: Sequence[float],
                       k: int) -> List[Mistake]:
    n = len(y_pred)
    error = y_true[k] - y_pred[k]
    right = -2.0 * error / n
    mistakes = [Mistake(right / 2.0, MSE_FORGOT_TWO), Mistake(-right, MSE_SIGN),
                Mistake(error * error / n, MSE_LOSS_NOT_SLOPE)]
    if n > 1:
        mistakes.append(Mistake(right * n, MSE_FORGOT_N.format(n=n, times=times(n))))
    return mistakes


# %% 4. The chain rule through one neuron (Neuron.backprop)
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


def d_loss_d_z_mistakes(activation: str, d_loss_d_output: float) -> List[Mistake]:
    if activation == "identity":
        return []
    return [Mistake(d_loss_d_output, FORGOT_SLOPE)]


def weight_grad_mistakes(d_loss_d_output: float, d_loss_d_z: float, weight: float,
                         x: float) -> List[Mistake]:
    """What dL/dwi = dL/dz * xi would be after each known mistake (one sample)."""
    return [Mistake(d_loss_d_z * weight, USED_W_FOR_X),
            Mistake(d_loss_d_output * x, USED_D_OUTPUT_FOR_W),
            Mistake(0.0, NOTHING_ADDED_W)]


def bias_grad_mistakes(d_loss_d_output: float) -> List[Mistake]:
    return [Mistake(0.0, NOTHING_ADDED_B), Mistake(d_loss_d_output, FORGOT_SLOPE_B)]


# %% 5. What a layer sends back (Layer.input_gradients)
USED_X_FOR_W_INPUT = ("multiplied by the input xi: z = ... + wi*xi + ..., so dz/dxi = wi and "
                      "dL/dxi = dL/dz * wi")
FORGOT_SLOPE_X = ("used dL/d_output where the chain rule needs dL/dz: "
                  "dL/dxi = dL/dz * wi, with dL/dz = dL/d_output * d_output/dz")
USED_D_OUTPUT_FOR_X = ("used dL/d_output_j where the sum needs dL/dz_j = dL/d_output_j * g'(z_j): "
                       "dL/dx_i = sum over j of dL/dz_j * w_ji")
LAST_ONLY = ("only the last neuron's share is there: an input receives dL/dz_j * w_ji from "
             "every neuron j it feeds; add them up with +=, not =")
FIRST_ONLY = "only the first neuron's share is there: add dL/dz_j * w_ji for every neuron j"
TRANSPOSED = ("the weight indices are swapped: input i receives w_ji, neuron j's weight on "
              "input i, which is layer.neurons[j].weights[i], not layer.neurons[i].weights[j]")
AVERAGED = "the shares are averaged: they add up, dL/dx_i = sum over j of dL/dz_j * w_ji"
BACKPROP_AGAIN = ("neuron.backprop ran a second time for this neuron: Layer.backprop already "
                  "called it, and it adds (+=) into weight_grads; input_gradients only reads "
                  "neuron.d_loss_d_z and neuron.weights")

# One neuron j of the layer that reads input i, as (dL/d_output_j, dL/dz_j, w_ji, x_i);
# for a transposed index also w_ij: the weight neuron i has on input j.
Share = Tuple[float, float, float, float]


def input_grad_mistakes(shares: Sequence[Share], activation: str,
                        transposed=None) -> List[Mistake]:
    """What dL/dx_i = sum over neurons j of dL/dz_j * w_ji would be after each known
    mistake in the sum. ``transposed`` is the sum with w_ij, when the layer is square."""
    right, forgot_slope, used_x = 0.0, 0.0, 0.0
    for d_loss_d_output, d_loss_d_z, weight, x in shares:
        right += d_loss_d_z * weight
        forgot_slope += d_loss_d_output * weight
        used_x += d_loss_d_z * x
    mistakes = [Mistake(used_x, USED_X_FOR_W_INPUT)]
    if activation != "identity":
        explanation = FORGOT_SLOPE_X if len(shares) == 1 else USED_D_OUTPUT_FOR_X
        mistakes.append(Mistake(forgot_slope, explanation))
    if len(shares) > 1:
        last, first = shares[-1], shares[0]
        mistakes.append(Mistake(last[1] * last[2], LAST_ONLY))
        mistakes.append(Mistake(first[1] * first[2], FIRST_ONLY))
        mistakes.append(Mistake(right / len(shares), AVERAGED))
        if transposed is not None:
            mistakes.append(Mistake(transposed, TRANSPOSED))
    return mistakes


# %% 6. Softmax, and dL/dz with cross entropy
SOFTMAX_NOT_NORMALIZED = ("it is not divided by the sum: "
                          "p_k = e^(z_k - m) / (e^(z_1 - m) + ... + e^(z_n - m)), m = max(z)")
SOFTMAX_DIVIDED_Z = "divided z_k by the sum of the z's: p_k = e^(z_k) / (e^(z_1) + ... + e^(z_n))"
CE_SIGN = "the sign is wrong: dL/dz_k = p_k - y_k"
CE_D_LOSS_D_P = ("that is dL/dp_k = -y_k / p_k; through the softmax it becomes "
                 "dL/dz_k = p_k - y_k")
CE_MEAN = ("divided by the number of classes: cross entropy is a sum over the classes, "
           "dL/dz_k = p_k - y_k")
CE_NO_Y = "y_k is missing: dL/dz_k = p_k - y_k"


def softmax_mistakes(z: Sequence[float], k: int) -> List[Mistake]:
    mistakes = [Mistake(math.exp(z[k] - max(z)), SOFTMAX_NOT_NORMALIZED)]
    if z[k] < 700.0:
        mistakes.append(Mistake(math.exp(z[k]), SOFTMAX_NOT_NORMALIZED))
    total = 0.0
    for z_j in z:
        total += z_j
    if total != 0.0:
        mistakes.append(Mistake(z[k] / total, SOFTMAX_DIVIDED_Z))
    return mistakes


def cross_entropy_mistakes(p: Sequence[float], y: Sequence[float], k: int) -> List[Mistake]:
    mistakes = [Mistake(y[k] - p[k], CE_SIGN), Mistake((p[k] - y[k]) / len(p), CE_MEAN),
                Mistake(p[k], CE_NO_Y)]
    if p[k] != 0.0:
        mistakes.append(Mistake(-y[k] / p[k], CE_D_LOSS_D_P))
    return mistakes


# %% 7. The SGD step
SGD_UPHILL = ("it moved the wrong way: w <- w - learning_rate * dL/dw (minus: the gradient "
              "points uphill)")
SGD_NO_RATE = "the learning rate is missing: w <- w - learning_rate * dL/dw / batch_size"
SGD_NO_BATCH = ("it moved {times} as far as it should: the gradients are summed over the "
                "batch's {n} samples; divide by batch_size = {n} to step with their mean")
SGD_NOT_MOVED = ("it did not move: every weight and bias gets "
                 "w <- w - learning_rate * dL/dw / batch_size")


def step_mistakes(before: float, gradient: float, learning_rate: float,
                  batch_size: int) -> List[Mistake]:
    """What w <- w - learning_rate * gradient / batch_size would be after each known
    mistake (``gradient`` is the sum over the batch)."""
    mistakes = [Mistake(before + learning_rate * gradient / batch_size, SGD_UPHILL),
                Mistake(before - gradient / batch_size, SGD_NO_RATE),
                Mistake(before, SGD_NOT_MOVED)]
    if batch_size > 1:
        explanation = SGD_NO_BATCH.format(n=batch_size, times=times(batch_size))
        mistakes.append(Mistake(before - learning_rate * gradient, explanation))
    return mistakes


# %% 8. Adam
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


def adam_by_hand(w: float, g: float, m: float, v: float, t: int, learning_rate: float,
                 beta1: float, beta2: float, epsilon: float,
                 mistake: str = "") -> Tuple[float, float, float]:
    """One Adam update written out (the formula of network/optimizers.py, typed anew).

    With ``mistake`` (a name from ADAM_MISTAKES) it makes that mistake on purpose, to
    recognize it in your numbers."""
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


def adam_mistakes(w: float, g: float, m: float, v: float, t: int, learning_rate: float,
                  beta1: float, beta2: float, epsilon: float) -> List[Tuple[str, Tuple]]:
    """[(explanation, (w, m, v) after that mistake), ...] for every Adam mistake that
    gives a number here (a square root of a negative number gives none)."""
    wrong = []
    for mistake, explanation in ADAM_MISTAKES:
        try:
            wrong.append((explanation, adam_by_hand(w, g, m, v, t, learning_rate, beta1,
                                                    beta2, epsilon, mistake)))
        except (ValueError, ZeroDivisionError):
            pass
    return wrong

