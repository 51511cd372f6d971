"""The reading core: a short walk in a debugger, tools kept apart, layers equal to it.

* One training step of the walkthrough through the public API stays a short walk:
  the counts of scripts/benchmark.py's ``walkthrough_walk`` (sys.settrace line events
  in the repository's own files) within the targets.
* The core imports no tool: ``import network.layer`` (and the rest of the core)
  loads none of trace, stepping, gradcheck, plots, saving; ``from network import
  trace`` still works.
* ``Network.train``'s own loop (the walkthrough's) and the fit loop of
  network/training.py give the same weights for the same settings.
* A gradient written by hand is applied by the step and cleared by zero_grad.
"""
import os
import subprocess
import sys

import pytest

from datasets import people, xor
from network import SGD, Fit, Network

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOOLS = ["network.tracing", "network.stepping", "network.gradcheck", "network.saving",
         "network.plots"]
CORE = ["neuron", "neuron.neuron", "neuron.activations", "network.layer",
        "network.losses", "network.network", "network.optimizers"]


def test_one_training_step_is_a_short_walk(load_script):
    benchmark = load_script("benchmark.py")
    walk = benchmark.walkthrough_walk()
    for name, target in benchmark.WALK_TARGETS.items():
        assert walk[name] is not None and walk[name] <= target, (name, walk)
    # The walk does reach the math: a weighted sum before the first update.
    assert walk["first_weighted_sum"] < walk["first_update"] < walk["steps"]


@pytest.mark.parametrize("module", CORE)
def test_importing_the_core_loads_no_tool(module):
    code = (f"import sys; import {module}; "
            f"print(sorted(m for m in sys.modules if m in {TOOLS!r}))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_tools_are_still_one_import_away():
    from network import gradient_check, load_network, save_network, step_through, trace
    from network.tracing import trace as trace_function
    assert trace is trace_function
    assert callable(gradient_check) and callable(step_through)
    assert callable(save_network) and callable(load_network)


@pytest.mark.parametrize("options", [
    dict(),
    dict(batch_size=3),
    dict(shuffle=True),
    dict(shuffle=True, seed=7, batch_size=2),
    dict(optimizer="adam", learning_rate=0.05),
    dict(optimizer="momentum"),
])
def test_the_walkthrough_loop_and_the_fit_loop_give_the_same_weights(options):
    X, Y = xor()
    core = Network([2, 3, 1], seed=3)
    layered = Network([2, 3, 1], seed=3)
    history = core.train(X, Y, epochs=40, **options)
    fitted = Fit(layered, X, Y, epochs=40, **options).run()
    assert core.snapshot() == layered.snapshot()
    assert list(history) == list(fitted)
    assert history.accuracy == fitted.accuracy
    assert history.running_loss == fitted.running_loss


def test_a_gradient_written_by_hand_is_applied_and_cleared():
    net = Network([2, 2, 1], weights=[[[1, 1], [1, 1]], [[1, 1]]], biases=[[0, 0], [0]])
    net.zero_grad()
    h1 = net.layers[0].neurons[0]
    h1.weight_grads[0] = 0.5          # dL/dw1 = 0.5, by hand
    net.step(0.1)
    assert net.get_parameter("w1") == 1.0 - 0.1 * 0.5
    assert net.get_parameter("w2") == 1.0        # no gradient, no change
    net.zero_grad()
    assert h1.weight_grads == [0.0, 0.0]
    optimizer = SGD(0.1)
    h1.weight_grads[1] = -2.0
    optimizer.step(net.neurons)
    assert net.get_parameter("w2") == 1.0 + 0.1 * 2.0


def test_train_with_the_default_arguments_is_the_walkthrough():
    # The walkthrough: 1000 epochs, learning rate 0.1, one person at a time, in order.
    X, Y = people()
    net = Network([2, 2, 1])
    by_hand = Network([2, 2, 1])
    history = net.train(X, Y)
    for epoch in range(1000):
        for x, y in zip(X, Y):
            by_hand.zero_grad()
            by_hand.forward(x)
            by_hand.backward(y)
            by_hand.step(0.1)
    assert len(history) == 1000
    assert net.snapshot() == by_hand.snapshot()
