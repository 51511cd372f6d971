"""The MNIST trainer and classifier: flags, saved model, checkpoints, Ctrl-C, bad files."""
import json
import os
import shutil
import subprocess
import sys

import pytest

from network import Fit, Network
from network.saving import load_network, save_network

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))




def run_script(*args):
    return subprocess.run([sys.executable] + list(args), cwd=ROOT, capture_output=True,
                          text=True, timeout=600)


def test_quick_training_run_saves_a_readable_model(load_script, tmp_path, capsys):
    trainer = load_script("train_mnist.py")
    out = tmp_path / "m.json"
    assert trainer.main(["--epochs", "2", "--limit", "300", "--hidden", "16",
                         "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "epoch 1/2: train loss" in printed and "held-out accuracy" in printed
    assert "true \\ predicted" in printed and f"Saved the model to {out}" in printed
    # Progress lines (samples done, rate, time left) while the epoch runs.
    assert "digits/s" in printed and "s left" in printed
    data = json.loads(out.read_text())
    assert data["sizes"] == [784, 16, 10] and data["config"]["epochs"] == 2
    metrics = data["metrics"]
    assert len(metrics["history"]) == 2
    confusion = metrics["confusion"]
    assert len(confusion) == 10 and sum(map(sum, confusion)) == 1000
    correct = sum(confusion[k][k] for k in range(10))
    assert metrics["held_out_accuracy"] == correct / 1000
    assert metrics["held_out_accuracy"] > 0.5          # 300 digits, 2 epochs: far above 10%
    assert (tmp_path / "m.checkpoint.json").exists()

    shown = run_script("scripts/classify_digits.py", str(out), "--count", "2")
    assert shown.returncode == 0, shown.stderr
    assert "true digit:" in shown.stdout and "predicted:" in shown.stdout
    assert "@" in shown.stdout                          # the digit drawn as text


def test_ctrl_c_keeps_the_last_complete_checkpoint(load_script, tmp_path, monkeypatch, capsys):
    trainer = load_script("train_mnist.py")
    real_run = Fit.run
    calls = []

    def interrupted_in_epoch_2(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real_run(self, *args, **kwargs)

    monkeypatch.setattr(Fit, "run", interrupted_in_epoch_2)
    out = tmp_path / "m.json"
    code = trainer.main(["--epochs", "3", "--limit", "100", "--hidden", "8", "--quiet",
                         "--out", str(out)])
    assert code == 130
    checkpoint = tmp_path / "m.checkpoint.json"
    printed = capsys.readouterr().out
    assert "Interrupted during epoch 2" in printed and str(checkpoint) in printed
    saved = json.loads(checkpoint.read_text())
    assert len(saved["metrics"]["history"]) == 1       # epoch 1 complete, intact
    load_network(str(checkpoint))
    assert not out.exists()


@pytest.mark.parametrize("flags, message", [
    (["--hidden", "0"], "--hidden: must be a whole number >= 1"),
    (["--epochs", "-1"], "--epochs: must be a whole number >= 0"),
    (["--learning-rate", "0"], "--learning-rate: must be a number > 0"),
    (["--learning-rate", "abc"], "--learning-rate: must be a number, got abc"),
    (["--bogus"], "unrecognized arguments: --bogus"),
])
def test_bad_flags_get_an_argparse_message(flags, message):
    result = run_script("scripts/train_mnist.py", *flags)
    assert result.returncode == 2
    assert message in result.stderr and "usage:" in result.stderr


def test_missing_mnist_directory_names_the_file(tmp_path):
    result = run_script("scripts/train_mnist.py", "--data", "mnist", "--data-dir", str(tmp_path))
    assert result.returncode != 0
    assert "train-images-idx3-ubyte" in result.stderr + result.stdout


def test_classifier_refuses_wrong_shape_and_version(tmp_path):
    small = tmp_path / "small.json"
    save_network(Network([2, 2, 1]), str(small))
    result = run_script("scripts/classify_digits.py", str(small))
    assert result.returncode != 0 and "needs 784 inputs" in result.stderr
    data = json.loads(small.read_text())
    data["version"] = 7
    small.write_text(json.dumps(data))
    result = run_script("scripts/classify_digits.py", str(small))
    assert result.returncode != 0 and "version 7" in result.stderr
    result = run_script("scripts/classify_digits.py", str(tmp_path / "nothing.json"))
    assert result.returncode != 0 and "no model at" in result.stderr


FINGERPRINT = """
import sys; sys.path.insert(0, {root!r})
import hashlib
from datasets.mnist import load_bundled_split
from network import Network
from network.fast import FastNetwork
train, _ = load_bundled_split()
from datasets.augment import AugmentedImages
X = [train.images[i] for i in range(60)]
Y = train.labels[:60]
X_aug = AugmentedImages(train.subset(range(60)), seed=3, epoch=1, elastic=True)
# Every source of numbers: each optimizer, schedules, L1/L2, dropout masks from the
# network's generator, init schemes, augmentation (elastic included), shuffling.
runs = [
    (dict(), dict(learning_rate=0.05, batch_size=4)),
    (dict(dropout=0.3, l2=0.001), dict(optimizer="adam", learning_rate=0.01,
                                       schedule="cosine", batch_size=3)),
    (dict(l1=0.0005, init="xavier_uniform"), dict(optimizer="momentum", learning_rate=0.01,
                                                  schedule="exponential")),
    (dict(init="he_uniform"), dict(optimizer="nesterov", learning_rate=0.01, batch_size=5)),
    (dict(dropout=0.1), dict(optimizer="rmsprop", learning_rate=0.001, schedule="step")),
    (dict(init="lecun_normal"), dict(optimizer="adamw", learning_rate=0.01,
                                     schedule="inverse_time")),
    (dict(), dict(X=X_aug, learning_rate=0.05)),
    # The fast path's fused step (the digit trainer's), on packed rows: array("d") on
    # CPython, lists on PyPy.
    (dict(fast=True), dict(X=X_aug, learning_rate=0.05, schedule="cosine")),
    (dict(fast=True, dropout=0.2, init="he_uniform"), dict(learning_rate=0.05)),
]
for options, training in runs:
    kind = FastNetwork if options.pop("fast", False) else Network
    net = kind([784, 12, 10], activation="relu", loss="cross_entropy", seed=3, **options)
    data = training.pop("X", X)
    net.train(data, Y, epochs=2, shuffle=True, **training)
    print(hashlib.sha256(repr([(n.weights, n.bias) for n in net.neurons]).encode()).hexdigest())
"""


@pytest.mark.skipif(shutil.which("pypy3") is None, reason="pypy3 is not installed")
@pytest.mark.skipif(sys.implementation.name == "pypy", reason="compares CPython with PyPy")
def test_cpython_and_pypy_give_the_same_numbers():
    code = FINGERPRINT.format(root=ROOT)
    here = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    there = subprocess.run(["pypy3", "-c", code], capture_output=True, text=True)
    assert here.returncode == 0 and there.returncode == 0, here.stderr + there.stderr
    assert len(here.stdout.split()) == 9 and len(set(here.stdout.split())) == 9
    assert here.stdout == there.stdout


def test_the_default_step_resumes_bit_for_bit(load_script, tmp_path, monkeypatch, capsys):
    """The default recipe's step (plain SGD, one digit at a time: FastFit's fused step on
    packed weights) stopped by Ctrl-C in epoch 2 and resumed ends with the weights of a
    run never stopped."""
    trainer = load_script("train_mnist.py")
    flags = ["--epochs", "3", "--limit", "150", "--hidden", "12", "--augment", "shift",
             "--quiet"]
    straight, resumed = tmp_path / "straight.json", tmp_path / "resumed.json"
    assert trainer.main(flags + ["--out", str(straight)]) == 0
    real_run = Fit.run
    calls = []

    def stopped_in_epoch_2(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            self.on_batch_end = stop_halfway(self.on_batch_end)
        return real_run(self, *args, **kwargs)

    def stop_halfway(progress):
        def on_batch_end(done, total):
            progress(done, total)
            if done == total // 2:
                raise KeyboardInterrupt
        return on_batch_end

    with monkeypatch.context() as patch:
        patch.setattr(Fit, "run", stopped_in_epoch_2)
        assert trainer.main(flags + ["--out", str(resumed)]) == 130
    capsys.readouterr()
    assert trainer.main(flags + ["--out", str(resumed), "--resume"]) == 0
    assert "1 of 3 epochs done" in capsys.readouterr().out
    fingerprints = [json.loads(path.read_text())["metrics"]["fingerprint"]
                    for path in (straight, resumed)]
    assert fingerprints[0] == fingerprints[1]


def test_augment_every_replaces_one_digit_in_n_by_its_copy(load_script):
    """--augment-every 3: in epoch e, digit i is its random copy when i + e is a
    multiple of 3 (the very copy AugmentedImages draws for (seed, e, i)) and the digit
    itself otherwise; --augment-every 1: every digit is its copy."""
    from datasets.augment import AugmentedImages
    from datasets.mnist import load_bundled_split
    trainer = load_script("train_mnist.py")
    train, _ = load_bundled_split()
    train = train.subset(range(12))
    for every in (1, 3):
        args = trainer.parse_args(["--augment-every", str(every), "--seed", "4"])
        for epoch in (0, 1, 5):
            digits = trainer.epoch_digits(train, args, epoch)
            copies = AugmentedImages(train, seed=4, epoch=epoch,
                                     **trainer.AUGMENTATIONS["affine"])
            assert digits.labels == train.labels
            for i in range(12):
                expected = copies.pixels(i) if (i + epoch) % every == 0 else train.pixels(i)
                assert digits.pixels(i) == expected
                assert copies.pixels(i) != train.pixels(i)    # a copy is not the digit


def test_a_dead_hidden_layer_is_found_and_a_live_one_is_not(load_script):
    # Every hidden bias -1000 and every pixel in [0, 1] with weights of size ~0.05:
    # z = -1000 + (at most 784 * 0.05 * 1) < 0 for every digit, so every ReLU is off.
    trainer = load_script("train_mnist.py")
    args = trainer.parse_args(["--limit", "30", "--hidden", "4", "--augment", "none"])
    train, _ = trainer.load_data(args)
    net = trainer.make_network(args)
    assert not trainer.hidden_layer_is_dead(net, train)      # He-initialized: alive
    for neuron in net.layers[0].neurons:
        neuron.bias = -1000.0
    assert trainer.hidden_layer_is_dead(net, train)
    # One neuron on for a single digit is enough to be alive: bias such that only the
    # digit with the most ink turns neuron 0 on.
    sums = [sum(train.images[i]) for i in range(len(train))]
    neuron = net.layers[0].neurons[0]
    neuron.weights[:] = [1.0] * 784
    neuron.bias = -(max(sums) - 0.5)
    assert not trainer.hidden_layer_is_dead(net, train)


def test_a_network_with_one_answer_for_every_digit_is_found(load_script):
    # Output neuron 3's bias 1000 beats any weighted sum these small weights make
    # (|z| < 784 * 1 * max|w| + ...), so softmax puts 3 first for every digit.
    trainer = load_script("train_mnist.py")
    args = trainer.parse_args(["--limit", "30", "--hidden", "4", "--augment", "none"])
    train, _ = trainer.load_data(args)
    net = trainer.make_network(args)
    answers = {trainer.predicted_class(net.feedforward(train.images[i])) for i in range(30)}
    assert len(answers) > 1 and trainer.one_answer_for_all(net, train) is None
    net.layers[1].neurons[3].bias = 1000.0
    assert trainer.one_answer_for_all(net, train) == 3
