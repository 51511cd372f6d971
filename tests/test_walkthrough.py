"""The walkthrough script: hand-written network and Network agree; XOR is learned."""
import math
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def alice_d_loss_d_w1():
    """dL/dw1 for Alice (x = [-2, -1], y = 1) through the 2-2-1 sigmoid network with
    every weight 1 and every bias 0, from the walkthrough's formulas."""
    # h1 = sigmoid(z_h1) with z_h1 = 1*(-2) + 1*(-1) + 0 = -3
    h1 = 1.0 / (1.0 + math.exp(3.0))
    # y_pred = sigmoid(z_o1) with z_o1 = w5*h1 + w6*h2 + b3 = 2*h1 (h2 = h1)
    y_pred = 1.0 / (1.0 + math.exp(-2.0 * h1))
    # dL/dy_pred * dy_pred/dh1 * dh1/dw1
    # = -2 (1 - y_pred) * w5 y_pred (1 - y_pred) * x1 h1 (1 - h1)
    return -2.0 * (1.0 - y_pred) * (1.0 * y_pred * (1.0 - y_pred)) * (-2.0 * h1 * (1.0 - h1))


def test_hand_written_and_network_agree_to_1e_12(load_script, capsys):
    walkthrough = load_script("lesson05_walkthrough.py")
    result = walkthrough.run(seed=0, epochs=1000, learning_rate=0.1, log_every=0)
    assert result["param_gap"] < 1e-12
    assert result["loss_gap"] < 1e-12
    assert len(result["hand_losses"]) == 1000
    net = result["network"]
    # The gaps above are the script's own arithmetic: measure them here too.
    for name in walkthrough.NAMES:
        assert abs(result["by_hand"][name] - net.get_parameter(name)) < 1e-12, name
    assert len(result["net_losses"]) == 1000
    for hand_loss, net_loss in zip(result["hand_losses"], result["net_losses"]):
        assert abs(hand_loss - net_loss) < 1e-12
    assert net.predict([-7.0, -3.0])[0] > 0.9    # Emily
    assert net.predict([20.0, 2.0])[0] < 0.1     # Frank
    by_hand = result["by_hand"]
    assert walkthrough.predict_by_hand(by_hand, [-7.0, -3.0]) > 0.9


def test_hand_written_network_alone_matches_alice_by_hand(load_script):
    # One step of the hand-written network from all weights 1, biases 0 on Alice:
    # w1 moves by -0.1 * dL/dw1, dL/dw1 from the walkthrough's formulas (above).
    walkthrough = load_script("lesson05_walkthrough.py")
    start = {name: (1.0 if name.startswith("w") else 0.0) for name in walkthrough.NAMES}
    trained, _ = walkthrough.train_by_hand(start, [[-2.0, -1.0]], [1.0], epochs=1,
                                           learn_rate=0.1, log_every=0)
    assert trained["w1"] == pytest.approx(1.0 - 0.1 * alice_d_loss_d_w1(), rel=1e-14)


def test_walkthrough_script_prints_loss_lines_and_predictions():
    out = subprocess.run([sys.executable, "scripts/lesson05_walkthrough.py"], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    epoch_lines = [line for line in lines if line.startswith("Epoch ")]
    assert len(epoch_lines) == 2 * 100          # every 10 epochs, both implementations
    assert epoch_lines[1].startswith("Epoch 10 loss: ")
    assert any(line.strip().startswith("Emily") for line in lines)
    assert "The two agree" in out.stdout


def test_walkthrough_rejects_bad_flags():
    out = subprocess.run([sys.executable, "scripts/lesson05_walkthrough.py",
                          "--learning-rate", "0"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 2 and "must be a number > 0" in out.stderr


def test_xor_is_learned_by_a_hidden_layer(load_script, capsys):
    xor_lesson = load_script("lesson06_xor.py")
    net = xor_lesson.train_and_show([2, 4, 1], seed=0, epochs=2000, learning_rate=0.5)
    from datasets import xor
    X, y = xor()
    assert [net.predict_class(x) for x in X] == [0, 1, 1, 0]
    lone = xor_lesson.train_and_show([2, 1], seed=0, epochs=2000, learning_rate=0.5)
    assert [lone.predict_class(x) for x in X] != [0, 1, 1, 0]
