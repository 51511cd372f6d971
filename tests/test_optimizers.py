"""Optimizers (issue 7) against the update rules PyTorch documents, worked by hand.

The problem: one neuron, identity activation, MSE loss,
    y_pred = w1*x1 + w2*x2 + b1,   L = (y - y_pred)^2
    dL/dw1 = -2 (y - y_pred) x1,   dL/dw2 = -2 (y - y_pred) x2,   dL/db1 = -2 (y - y_pred)
starting from w1 = 0.5, w2 = -0.3, b1 = 0.1.

Two samples:
    A: x = [1, 2],    y = 1.   At the start y_pred = 0.5 - 0.6 + 0.1 = 0,     so g = [-2, -4, -2]
    B: x = [-1, 0.5], y = 0.   At the start y_pred = -0.5 - 0.15 + 0.1 = -0.55,
                               so g = -2 * 0.55 * [-1, 0.5, 1] = [1.1, -0.55, -1.1]

The neurons hold gradient SUMS over a batch; every optimizer uses g = sum / batch_size.

Reference numbers come from ``reference_run`` below, written from the PyTorch
documentation of torch.optim.{SGD, RMSprop, Adam, AdamW} (dampening 0, applied to
weights and biases alike), plus literal first steps worked out in comments.
"""
import json
import math
import re

import pytest

from network import Network
from network.optimizers import (SGD, Adam, AdamW, Momentum, Optimizer, RMSprop,
                                get_optimizer)

SAMPLE_A = ([1.0, 2.0], 1.0)
SAMPLE_B = ([-1.0, 0.5], 0.0)
START = {"w1": 0.5, "w2": -0.3, "b1": 0.1}
NAMES = ["w1", "w2", "b1"]
REL = 1e-12   # the reference may round in a different order; 1e-12 is far below any rule error


def one_neuron():
    return Network([2, 1], activation="identity", loss="mse",
                   weights=[[[0.5, -0.3]]], biases=[[0.1]])


def parameters(net):
    o1 = net.neurons[0]
    return {"w1": o1.weights[0], "w2": o1.weights[1], "b1": o1.bias}


def network_step(net, opt, batch):
    """zero_grad, forward/backward each sample (gradients add up), one optimizer step."""
    net.zero_grad()
    for x, y in batch:
        net.forward(x)
        net.backward(y)
    opt.step(net.neurons, len(batch))


# ----- the independent reference -----------------------------------------------------

def mean_gradient(p, batch):
    """g = (1/n) * sum over the batch of dL/dparam, L = (y - y_pred)^2."""
    sum_w1 = 0.0
    sum_w2 = 0.0
    sum_b1 = 0.0
    for x, y in batch:
        y_pred = p["w1"] * x[0] + p["w2"] * x[1] + p["b1"]   # identity output
        d_loss_d_pred = -2.0 * (y - y_pred)                  # dL/dy_pred
        sum_w1 += d_loss_d_pred * x[0]                       # dy_pred/dw1 = x1
        sum_w2 += d_loss_d_pred * x[1]                       # dy_pred/dw2 = x2
        sum_b1 += d_loss_d_pred                              # dy_pred/db1 = 1
    n = len(batch)
    return {"w1": sum_w1 / n, "w2": sum_w2 / n, "b1": sum_b1 / n}


def reference_run(rule, hp, batches):
    """Apply ``rule`` to (w1, w2, b1) once per batch; return [(params, state), ...] per step.

    Each rule is PyTorch's documented algorithm for one scalar parameter theta with
    gradient g at step t (t counts from 1).
    """
    p = dict(START)
    state = {"w1": {}, "w2": {}, "b1": {}}
    out = []
    t = 0
    for batch in batches:
        t += 1
        g_all = mean_gradient(p, batch)
        for name in NAMES:
            g = g_all[name]
            theta = p[name]
            s = state[name]
            lr = hp["lr"]
            if rule == "sgd":
                # torch.optim.SGD: g <- g + lambda * theta ; theta <- theta - lr * g
                g = g + hp.get("weight_decay", 0.0) * theta
                theta = theta - lr * g
            elif rule == "momentum" or rule == "nesterov":
                # torch.optim.SGD(momentum=mu, dampening=0):
                #   b_1 = g ;  b_t = mu * b_{t-1} + g      (same as b_0 = 0)
                #   nesterov: g <- g + mu * b_t, else g <- b_t ;  theta <- theta - lr * g
                v = hp["beta"] * s.get("velocity", 0.0) + g
                s["velocity"] = v
                if rule == "nesterov":
                    direction = g + hp["beta"] * v
                else:
                    direction = v
                theta = theta - lr * direction
            elif rule == "rmsprop":
                # torch.optim.RMSprop(alpha=rho): v <- alpha v + (1 - alpha) g^2 ;
                #   theta <- theta - lr * g / (sqrt(v) + eps)
                sq = hp["rho"] * s.get("square_avg", 0.0) + (1.0 - hp["rho"]) * g * g
                s["square_avg"] = sq
                theta = theta - lr * g / (math.sqrt(sq) + hp["eps"])
            elif rule == "adam" or rule == "adamw":
                if rule == "adamw":
                    # torch.optim.AdamW: theta <- theta - lr * lambda * theta (decoupled)
                    theta = theta - lr * hp["weight_decay"] * theta
                # torch.optim.Adam:
                #   m <- b1 m + (1 - b1) g ;  v <- b2 v + (1 - b2) g^2
                #   m_hat = m / (1 - b1^t) ;  v_hat = v / (1 - b2^t)
                #   theta <- theta - lr * m_hat / (sqrt(v_hat) + eps)
                m = hp["beta1"] * s.get("m", 0.0) + (1.0 - hp["beta1"]) * g
                v = hp["beta2"] * s.get("v", 0.0) + (1.0 - hp["beta2"]) * g * g
                s["m"] = m
                s["v"] = v
                m_hat = m / (1.0 - hp["beta1"] ** t)
                v_hat = v / (1.0 - hp["beta2"] ** t)
                theta = theta - lr * m_hat / (math.sqrt(v_hat) + hp["eps"])
            else:
                raise AssertionError(rule)
            p[name] = theta
        out.append((dict(p), {name: dict(state[name]) for name in NAMES}))
    return out


# ----- the optimizers under test, with their reference rule ------------------------

CASES = {
    "sgd": (lambda: SGD(0.1), "sgd", {"lr": 0.1}),
    "sgd_weight_decay": (lambda: SGD(0.1, weight_decay=0.1), "sgd",
                         {"lr": 0.1, "weight_decay": 0.1}),
    "momentum": (lambda: Momentum(0.1, beta=0.9), "momentum", {"lr": 0.1, "beta": 0.9}),
    "nesterov": (lambda: Momentum(0.1, beta=0.9, nesterov=True), "nesterov",
                 {"lr": 0.1, "beta": 0.9}),
    "rmsprop": (lambda: RMSprop(0.01, rho=0.9, epsilon=1e-8), "rmsprop",
                {"lr": 0.01, "rho": 0.9, "eps": 1e-8}),
    "adam": (lambda: Adam(0.01, beta1=0.9, beta2=0.999, epsilon=1e-8), "adam",
             {"lr": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}),
    "adamw": (lambda: AdamW(0.01, beta1=0.9, beta2=0.999, epsilon=1e-8, weight_decay=0.1),
              "adamw", {"lr": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8,
                        "weight_decay": 0.1}),
}

# batch_size 1: A, then B, then A (three steps, the gradient changes sign between them);
# batch of 2: A and B together three times, so the mean of the two gradients is used.
BATCHES = {
    "online": [[SAMPLE_A], [SAMPLE_B], [SAMPLE_A]],
    "batch2": [[SAMPLE_A, SAMPLE_B], [SAMPLE_A, SAMPLE_B], [SAMPLE_A, SAMPLE_B]],
}


def expected_state(case, ref_state):
    """The spec's state layout for each optimizer, filled with the reference numbers."""
    if case.startswith("sgd"):
        return None   # SGD keeps no state
    return ref_state


def test_reference_gradients_by_hand():
    # The reference itself, against the numbers in the module docstring.
    assert mean_gradient(START, [SAMPLE_A]) == {"w1": -2.0, "w2": -4.0, "b1": -2.0}
    g_b = mean_gradient(START, [SAMPLE_B])
    assert g_b["w1"] == pytest.approx(1.1, rel=1e-15)
    assert g_b["w2"] == pytest.approx(-0.55, rel=1e-15)
    assert g_b["b1"] == pytest.approx(-1.1, rel=1e-15)
    # Batch of both: mean of [-2, -4, -2] and [1.1, -0.55, -1.1] = [-0.45, -2.275, -1.55]
    g_ab = mean_gradient(START, [SAMPLE_A, SAMPLE_B])
    assert g_ab["w1"] == pytest.approx(-0.45, rel=1e-14)
    assert g_ab["w2"] == pytest.approx(-2.275, rel=1e-14)
    assert g_ab["b1"] == pytest.approx(-1.55, rel=1e-14)


def test_network_gradients_are_sums_over_the_batch():
    net = one_neuron()
    net.zero_grad()
    for x, y in [SAMPLE_A, SAMPLE_B]:
        net.forward(x)
        net.backward(y)
    o1 = net.neurons[0]
    # sums: [-2 + 1.1, -4 - 0.55, -2 - 1.1] = [-0.9, -4.55, -3.1]
    assert o1.weight_grads[0] == pytest.approx(-0.9, rel=1e-14)
    assert o1.weight_grads[1] == pytest.approx(-4.55, rel=1e-14)
    assert o1.bias_grad == pytest.approx(-3.1, rel=1e-14)


@pytest.mark.parametrize("batches", sorted(BATCHES))
@pytest.mark.parametrize("case", sorted(CASES))
def test_three_steps_match_the_documented_rule(case, batches):
    make, rule, hp = CASES[case]
    opt = make()
    net = one_neuron()
    reference = reference_run(rule, hp, BATCHES[batches])
    for step, (batch, (ref_params, ref_state)) in enumerate(zip(BATCHES[batches], reference),
                                                            start=1):
        network_step(net, opt, batch)
        got = parameters(net)
        for name in NAMES:
            assert got[name] == pytest.approx(ref_params[name], rel=REL, abs=1e-15), \
                f"{case} {batches} step {step}: {name}"
        state = expected_state(case, ref_state)
        if state is None:
            # SGD: an empty dict per parameter, or no entry at all
            for name in NAMES:
                assert opt.state.get(name, {}) == {}
        else:
            for name in NAMES:
                assert set(opt.state[name]) == set(state[name]), f"{case}: keys of {name}"
                for key, value in state[name].items():
                    assert opt.state[name][key] == pytest.approx(value, rel=REL, abs=1e-15), \
                        f"{case} {batches} step {step}: state[{name!r}][{key!r}]"
        if rule in ("adam", "adamw"):
            assert opt.t == step


# ----- first steps worked by hand (sample A, g = [-2, -4, -2]) ----------------------

def first_step(opt):
    net = one_neuron()
    network_step(net, opt, [SAMPLE_A])
    return net


def test_sgd_first_step_by_hand():
    # w <- w - 0.1 * g: w1 = 0.5 + 0.2 = 0.7, w2 = -0.3 + 0.4 = 0.1, b1 = 0.1 + 0.2 = 0.3
    p = parameters(first_step(SGD(0.1)))
    assert p["w1"] == pytest.approx(0.7, rel=1e-15)
    assert p["w2"] == pytest.approx(0.1, rel=1e-14)
    assert p["b1"] == pytest.approx(0.3, rel=1e-15)


def test_sgd_weight_decay_first_step_by_hand():
    # g <- g + 0.1 * w: w1: -2 + 0.05 = -1.95   -> w1 = 0.5 + 0.195 = 0.695
    #                   w2: -4 - 0.03 = -4.03   -> w2 = -0.3 + 0.403 = 0.103
    #                   b1: -2 + 0.01 = -1.99   -> b1 = 0.1 + 0.199 = 0.299 (biases decay too)
    p = parameters(first_step(SGD(0.1, weight_decay=0.1)))
    assert p["w1"] == pytest.approx(0.695, rel=1e-14)
    assert p["w2"] == pytest.approx(0.103, rel=1e-13)
    assert p["b1"] == pytest.approx(0.299, rel=1e-14)


def test_momentum_two_steps_by_hand():
    opt = Momentum(0.1, beta=0.9)
    net = one_neuron()
    # Step 1: v = 0.9 * 0 + g = [-2, -4, -2]; w = w - 0.1 v = [0.7, 0.1, 0.3] (as SGD)
    network_step(net, opt, [SAMPLE_A])
    assert opt.state["w1"] == {"velocity": pytest.approx(-2.0, rel=1e-15)}
    assert opt.state["w2"]["velocity"] == pytest.approx(-4.0, rel=1e-15)
    assert parameters(net)["w1"] == pytest.approx(0.7, rel=1e-15)
    # Step 2 on A: y_pred = 0.7 + 0.2 + 0.3 = 1.2, y - y_pred = -0.2,
    #   g = 0.4 * [1, 2, 1] = [0.4, 0.8, 0.4]
    #   v = 0.9 * [-2, -4, -2] + g = [-1.4, -2.8, -1.4]
    #   w = [0.7 + 0.14, 0.1 + 0.28, 0.3 + 0.14] = [0.84, 0.38, 0.44]
    network_step(net, opt, [SAMPLE_A])
    assert opt.state["w1"]["velocity"] == pytest.approx(-1.4, rel=1e-14)
    assert opt.state["w2"]["velocity"] == pytest.approx(-2.8, rel=1e-14)
    assert opt.state["b1"]["velocity"] == pytest.approx(-1.4, rel=1e-14)
    p = parameters(net)
    assert p["w1"] == pytest.approx(0.84, rel=1e-14)
    assert p["w2"] == pytest.approx(0.38, rel=1e-14)
    assert p["b1"] == pytest.approx(0.44, rel=1e-14)


def test_nesterov_first_step_by_hand():
    # v = g; direction = g + 0.9 v = 1.9 g = [-3.8, -7.6, -3.8]
    # w = [0.5 + 0.38, -0.3 + 0.76, 0.1 + 0.38] = [0.88, 0.46, 0.48]
    opt = Momentum(0.1, beta=0.9, nesterov=True)
    p = parameters(first_step(opt))
    assert p["w1"] == pytest.approx(0.88, rel=1e-14)
    assert p["w2"] == pytest.approx(0.46, rel=1e-14)
    assert p["b1"] == pytest.approx(0.48, rel=1e-14)
    assert opt.state["w2"]["velocity"] == pytest.approx(-4.0, rel=1e-15)


def test_rmsprop_first_step_by_hand():
    # s = 0.9 * 0 + 0.1 g^2 = 0.1 g^2, so g / sqrt(s) = sign(g) / sqrt(0.1) = sign(g) sqrt(10):
    # every parameter moves by 0.01 * sqrt(10) = 0.0316227766... against its gradient
    # (epsilon = 1e-8 changes that by ~ 0.01 * 1e-8 * sqrt(10) / |sqrt(s)| < 1e-9).
    opt = RMSprop(0.01, rho=0.9, epsilon=1e-8)
    p = parameters(first_step(opt))
    move = 0.01 * math.sqrt(10.0)
    assert p["w1"] == pytest.approx(0.5 + move, abs=1e-9)
    assert p["w2"] == pytest.approx(-0.3 + move, abs=1e-9)
    assert p["b1"] == pytest.approx(0.1 + move, abs=1e-9)
    # s for w2 = 0.1 * 16 = 1.6
    assert opt.state["w2"] == {"square_avg": pytest.approx(1.6, rel=1e-15)}


def test_adam_first_step_by_hand():
    # m = 0.1 g, v = 0.001 g^2; m_hat = m / 0.1 = g, v_hat = v / 0.001 = g^2,
    # so the step is lr * g / (|g| + eps) = lr * sign(g) (1 - eps/|g|):
    # each parameter moves by almost exactly 0.01 against its gradient.
    opt = Adam(0.01)
    p = parameters(first_step(opt))
    assert p["w1"] == pytest.approx(0.51, abs=1e-9)
    assert p["w2"] == pytest.approx(-0.29, abs=1e-9)
    assert p["b1"] == pytest.approx(0.11, abs=1e-9)
    assert opt.t == 1
    # m for w2 = 0.1 * -4 = -0.4, v = 0.001 * 16 = 0.016
    assert opt.state["w2"]["m"] == pytest.approx(-0.4, rel=1e-14)
    assert opt.state["w2"]["v"] == pytest.approx(0.016, rel=1e-13)


def test_adamw_first_step_by_hand():
    # decay first: w <- w (1 - 0.01 * 0.1) = 0.999 w, then the Adam step (+0.01 each):
    # w1 = 0.4995 + 0.01 = 0.5095, w2 = -0.2997 + 0.01 = -0.2897, b1 = 0.0999 + 0.01 = 0.1099
    opt = AdamW(0.01, weight_decay=0.1)
    p = parameters(first_step(opt))
    assert p["w1"] == pytest.approx(0.5095, abs=1e-9)
    assert p["w2"] == pytest.approx(-0.2897, abs=1e-9)
    assert p["b1"] == pytest.approx(0.1099, abs=1e-9)


def test_adamw_with_zero_decay_is_adam():
    a = one_neuron()
    b = one_neuron()
    opt_a = Adam(0.01)
    opt_b = AdamW(0.01, weight_decay=0.0)
    for batch in BATCHES["online"]:
        network_step(a, opt_a, batch)
        network_step(b, opt_b, batch)
    assert parameters(a) == parameters(b)


def test_defaults():
    # The documented defaults, seen through behaviour: the reference with those numbers.
    for opt, rule, hp in [
        (Momentum(0.1), "momentum", {"lr": 0.1, "beta": 0.9}),
        (RMSprop(0.01), "rmsprop", {"lr": 0.01, "rho": 0.9, "eps": 1e-8}),
        (Adam(), "adam", {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}),
        (AdamW(), "adamw", {"lr": 0.001, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8,
                            "weight_decay": 0.01}),
    ]:
        net = one_neuron()
        for batch in BATCHES["online"]:
            network_step(net, opt, batch)
        ref = reference_run(rule, hp, BATCHES["online"])[-1][0]
        for name in NAMES:
            assert parameters(net)[name] == pytest.approx(ref[name], rel=REL), (rule, name)


def test_learning_rate_is_a_plain_attribute_read_at_each_step():
    # A schedule sets opt.learning_rate; the next step must use the new value.
    opt = SGD(0.1)
    net = one_neuron()
    opt.learning_rate = 0.05
    network_step(net, opt, [SAMPLE_A])
    # w1 = 0.5 - 0.05 * -2 = 0.6
    assert parameters(net)["w1"] == pytest.approx(0.6, rel=1e-15)


def test_state_is_keyed_by_network_parameter_names():
    # In a 2-2-1 network the output neuron's weights are w5, w6 and its bias b3.
    net = Network([2, 2, 1], seed=3)
    opt = Momentum(0.1)
    net.zero_grad()
    net.forward([1.0, -1.0])
    net.backward(1.0)
    opt.step(net.neurons, 1)
    assert set(opt.state) >= {"w1", "w2", "w3", "w4", "w5", "w6", "b1", "b2", "b3"}
    o1 = net.neurons[2]
    assert o1.weight_names == ["w5", "w6"] and o1.bias_name == "b3"
    # v1 = g for the first step
    assert opt.state["w6"]["velocity"] == o1.weight_grads[1]
    assert opt.state["b3"]["velocity"] == o1.bias_grad


# ----- get_optimizer ----------------------------------------------------------------

@pytest.mark.parametrize("name, cls, rule, hp", [
    ("sgd", SGD, "sgd", {"lr": 0.05}),
    ("momentum", Momentum, "momentum", {"lr": 0.05, "beta": 0.9}),
    ("nesterov", Momentum, "nesterov", {"lr": 0.05, "beta": 0.9}),
    ("rmsprop", RMSprop, "rmsprop", {"lr": 0.05, "rho": 0.9, "eps": 1e-8}),
    ("adam", Adam, "adam", {"lr": 0.05, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}),
    ("adamw", AdamW, "adamw", {"lr": 0.05, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8,
                               "weight_decay": 0.01}),
])
def test_get_optimizer_by_name(name, cls, rule, hp):
    opt = get_optimizer(name, 0.05)
    assert isinstance(opt, cls) and isinstance(opt, Optimizer)
    assert opt.learning_rate == 0.05
    # Behaviour tells momentum from nesterov (and AdamW's default decay from Adam).
    net = one_neuron()
    for batch in BATCHES["online"]:
        network_step(net, opt, batch)
    ref = reference_run(rule, hp, BATCHES["online"])[-1][0]
    for p_name in NAMES:
        assert parameters(net)[p_name] == pytest.approx(ref[p_name], rel=REL), p_name


def test_get_optimizer_returns_an_instance_as_is():
    for opt in [SGD(0.3), Momentum(0.2, nesterov=True), RMSprop(0.1), Adam(), AdamW()]:
        assert get_optimizer(opt, 0.5) is opt


def test_get_optimizer_unknown_name_lists_the_names():
    with pytest.raises(ValueError) as info:
        get_optimizer("adagrad", 0.1)
    message = str(info.value)
    assert "adagrad" in message
    for name in ["sgd", "momentum", "nesterov", "rmsprop", "adam", "adamw"]:
        assert name in message


# ----- bad hyperparameters ----------------------------------------------------------

NAN = float("nan")
INF = float("inf")
BAD_LEARNING_RATES = [-0.1, 0.0, NAN, INF]
UNIT_INTERVAL = "[0, 1)"


def _bad_cases():
    cases = []
    factories = {
        "SGD": lambda **k: SGD(**k),
        "Momentum": lambda **k: Momentum(**k),
        "Nesterov": lambda **k: Momentum(nesterov=True, **k),
        "RMSprop": lambda **k: RMSprop(**k),
        "Adam": lambda **k: Adam(**k),
        "AdamW": lambda **k: AdamW(**k),
    }
    for label, make in factories.items():
        for lr in BAD_LEARNING_RATES:
            cases.append((label, make, {"learning_rate": lr}, "learning_rate", None))
    for label in ["Momentum", "Nesterov"]:
        for beta in [1.0, -0.1, 1.5, NAN]:
            cases.append((label, factories[label], {"learning_rate": 0.1, "beta": beta},
                          "beta", UNIT_INTERVAL))
    for rho in [1.0, -0.1, NAN]:
        cases.append(("RMSprop", factories["RMSprop"], {"learning_rate": 0.1, "rho": rho},
                      "rho", UNIT_INTERVAL))
    for label in ["RMSprop", "Adam", "AdamW"]:
        for eps in [0.0, -1e-8, NAN]:
            cases.append((label, factories[label], {"learning_rate": 0.1, "epsilon": eps},
                          "epsilon", None))
    for label in ["Adam", "AdamW"]:
        for key in ["beta1", "beta2"]:
            for beta in [1.0, -0.1, NAN]:
                cases.append((label, factories[label], {"learning_rate": 0.1, key: beta},
                              key, UNIT_INTERVAL))
    for label in ["SGD", "AdamW"]:
        for wd in [-0.01, NAN]:
            cases.append((label, factories[label], {"learning_rate": 0.1, "weight_decay": wd},
                          "weight_decay", None))
    return cases


BAD_CASES = _bad_cases()


@pytest.mark.parametrize("label, make, kwargs, parameter, interval", BAD_CASES,
                         ids=[f"{c[0]}-{c[3]}={list(c[2].values())[-1]}" for c in BAD_CASES])
def test_bad_hyperparameter_names_the_parameter_and_range(label, make, kwargs, parameter,
                                                          interval):
    with pytest.raises(ValueError) as info:
        make(**kwargs)
    message = str(info.value)
    # The parameter's own name, not a longer one that contains it (beta vs beta1):
    words = re.findall(r"[A-Za-z_][A-Za-z0-9_]*", message)
    assert parameter in words, message
    if interval is not None:
        assert interval in message, message
    elif parameter == "weight_decay":
        assert ">= 0" in message or "non-negative" in message or "nonnegative" in message, \
            message
    else:
        # learning_rate and epsilon: must be > 0
        assert "> 0" in message or "positive" in message, message


def test_get_optimizer_checks_the_learning_rate_too():
    for name in ["sgd", "momentum", "nesterov", "rmsprop", "adam", "adamw"]:
        with pytest.raises(ValueError, match="learning_rate"):
            get_optimizer(name, -0.1)


def test_good_edge_values_are_accepted():
    # beta = 0 is inside [0, 1); weight_decay = 0 is allowed.
    Momentum(0.1, beta=0.0)
    RMSprop(0.1, rho=0.0)
    Adam(0.1, beta1=0.0, beta2=0.0)
    SGD(0.1, weight_decay=0.0)
    AdamW(0.1, weight_decay=0.0)


# ----- repr -------------------------------------------------------------------------

def test_repr_shows_the_hyperparameters():
    text = repr(SGD(0.25, weight_decay=0.125))
    assert "SGD" in text and "0.25" in text and "weight_decay" in text and "0.125" in text
    text = repr(Momentum(0.25, beta=0.75, nesterov=True))
    assert "Momentum" in text and "0.25" in text and "beta" in text and "0.75" in text
    assert "nesterov" in text.lower()
    text = repr(RMSprop(0.25, rho=0.75, epsilon=1e-6))
    assert "RMSprop" in text and "0.25" in text and "rho" in text and "0.75" in text
    assert "epsilon" in text
    text = repr(Adam(0.25, beta1=0.75, beta2=0.875, epsilon=1e-6))
    assert "Adam" in text and "0.25" in text and "beta1" in text and "0.75" in text
    assert "beta2" in text and "0.875" in text and "epsilon" in text
    text = repr(AdamW(0.25, beta1=0.75, beta2=0.875, epsilon=1e-6, weight_decay=0.125))
    assert "AdamW" in text and "weight_decay" in text and "0.125" in text and "0.875" in text


def test_repr_after_steps_still_works():
    for make, _, _ in CASES.values():
        opt = make()
        net = one_neuron()
        network_step(net, opt, [SAMPLE_A])
        assert type(opt).__name__ in repr(opt)


# ----- state_dict / load_state_dict -------------------------------------------------

@pytest.mark.parametrize("case", sorted(CASES))
def test_state_dict_round_trip_continues_bit_identically(case):
    make = CASES[case][0]
    batches = BATCHES["online"] + BATCHES["batch2"]   # six steps
    # One optimizer that never stops.
    straight = one_neuron()
    opt_straight = make()
    for batch in batches:
        network_step(straight, opt_straight, batch)
    # Three steps, save through JSON, a fresh object, three more steps.
    resumed = one_neuron()
    opt_first = make()
    for batch in batches[:3]:
        network_step(resumed, opt_first, batch)
    saved = json.loads(json.dumps(opt_first.state_dict()))
    opt_second = make()
    opt_second.load_state_dict(saved)
    for batch in batches[3:]:
        network_step(resumed, opt_second, batch)
    assert parameters(resumed) == parameters(straight)   # bit for bit
    assert json.dumps(opt_second.state_dict(), sort_keys=True) == \
        json.dumps(opt_straight.state_dict(), sort_keys=True)


def test_state_dict_carries_the_adam_step_count():
    opt = Adam(0.01)
    net = one_neuron()
    for batch in BATCHES["online"]:
        network_step(net, opt, batch)
    fresh = Adam(0.01)
    fresh.load_state_dict(json.loads(json.dumps(opt.state_dict())))
    assert fresh.t == 3
    assert fresh.state["w1"] == opt.state["w1"]


def test_a_fresh_optimizer_without_state_differs():
    # The round-trip test above can fail: without load_state_dict the result differs.
    for case in ["momentum", "rmsprop", "adam"]:
        make = CASES[case][0]
        straight = one_neuron()
        opt = make()
        for batch in BATCHES["online"] * 2:
            network_step(straight, opt, batch)
        restarted = one_neuron()
        opt = make()
        for batch in BATCHES["online"]:
            network_step(restarted, opt, batch)
        opt = make()
        for batch in BATCHES["online"]:
            network_step(restarted, opt, batch)
        assert parameters(restarted) != parameters(straight)


# ----- Network.train with each optimizer --------------------------------------------

TRAIN_REFERENCE = {
    "sgd": ("sgd", {"lr": 0.05}),
    "momentum": ("momentum", {"lr": 0.05, "beta": 0.9}),
    "nesterov": ("nesterov", {"lr": 0.05, "beta": 0.9}),
    "rmsprop": ("rmsprop", {"lr": 0.05, "rho": 0.9, "eps": 1e-8}),
    "adam": ("adam", {"lr": 0.05, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8}),
    "adamw": ("adamw", {"lr": 0.05, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8,
                        "weight_decay": 0.01}),
}


@pytest.mark.parametrize("name", sorted(TRAIN_REFERENCE))
def test_train_by_name_follows_the_rule(name):
    X = [SAMPLE_A[0], SAMPLE_B[0]]
    Y = [SAMPLE_A[1], SAMPLE_B[1]]
    net = one_neuron()
    net.train(X, Y, epochs=2, learning_rate=0.05, batch_size=1, optimizer=name)
    # two epochs, batch_size 1, no shuffle: steps on A, B, A, B
    rule, hp = TRAIN_REFERENCE[name]
    ref = reference_run(rule, hp, [[SAMPLE_A], [SAMPLE_B], [SAMPLE_A], [SAMPLE_B]])[-1][0]
    for p_name in NAMES:
        assert parameters(net)[p_name] == pytest.approx(ref[p_name], rel=REL), p_name


@pytest.mark.parametrize("name", sorted(TRAIN_REFERENCE))
def test_train_by_name_reduces_the_loss(name):
    X = [SAMPLE_A[0], SAMPLE_B[0]]
    Y = [SAMPLE_A[1], SAMPLE_B[1]]
    net = one_neuron()
    history = net.train(X, Y, epochs=100, learning_rate=0.01, batch_size=2, optimizer=name)
    assert len(history) == 100
    assert history[-1] < history[0]


def test_train_with_an_instance_uses_it():
    X = [SAMPLE_A[0], SAMPLE_B[0]]
    Y = [SAMPLE_A[1], SAMPLE_B[1]]
    opt = Adam(0.05)
    net = one_neuron()
    net.train(X, Y, epochs=2, learning_rate=0.05, batch_size=1, optimizer=opt)
    assert opt.t == 4
    assert set(opt.state) >= {"w1", "w2", "b1"}
