"""--resume: a stopped digit-training run continues bit for bit.

The runs use dropout (the network's random generator), Adam or momentum (the
optimizer's state), L2 and a cosine schedule (the epoch), so that every piece of
state the checkpoint must carry changes the numbers if it is lost.
"""
import json
import os

import pytest

from network import Fit

FLAGS = ["--epochs", "3", "--limit", "120", "--hidden", "8", "--dropout", "0.2",
         "--optimizer", "adam", "--learning-rate", "0.01", "--schedule", "cosine",
         "--l2", "0.0001", "--batch-size", "4", "--augment", "none", "--quiet"]


def fingerprint_of(path):
    return json.loads(open(path).read())["metrics"]["fingerprint"]


def interrupt_train_call(monkeypatch, number):
    """Make the ``number``-th call of Fit.run (the trainer makes one per epoch) raise
    Ctrl-C."""
    real_run = Fit.run
    calls = []

    def run(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == number:
            raise KeyboardInterrupt
        return real_run(self, *args, **kwargs)
    monkeypatch.setattr(Fit, "run", run)


@pytest.mark.parametrize("stop_in_epoch", [2, 3])
def test_resume_after_ctrl_c_is_bit_identical(load_script, tmp_path, monkeypatch, capsys,
                                              stop_in_epoch):
    trainer = load_script("train_mnist.py")
    straight = tmp_path / "straight.json"
    assert trainer.main(FLAGS + ["--out", str(straight)]) == 0

    resumed = tmp_path / "resumed.json"
    with monkeypatch.context() as patch:
        interrupt_train_call(patch, stop_in_epoch)
        assert trainer.main(FLAGS + ["--out", str(resumed)]) == 130
    assert not resumed.exists()
    checkpoint = tmp_path / "resumed.checkpoint.json"
    saved = json.loads(checkpoint.read_text())
    assert saved["checkpoint"]["epochs_done"] == stop_in_epoch - 1
    capsys.readouterr()

    assert trainer.main(FLAGS + ["--out", str(resumed), "--resume"]) == 0
    printed = capsys.readouterr().out
    assert f"Resuming from {checkpoint}: {stop_in_epoch - 1} of 3 epochs done" in printed
    assert fingerprint_of(resumed) == fingerprint_of(straight)
    straight_history = json.loads(straight.read_text())["metrics"]["history"]
    resumed_history = json.loads(resumed.read_text())["metrics"]["history"]
    for a, b in zip(straight_history, resumed_history):
        assert a["train_loss"] == b["train_loss"]
        assert a["held_out_accuracy"] == b["held_out_accuracy"]


def test_losing_the_random_state_would_change_the_numbers(load_script, tmp_path,
                                                         monkeypatch):
    # The control: a resume that starts the network's generator afresh instead of
    # restoring it gives other weights, so the test above can tell.
    trainer = load_script("train_mnist.py")
    straight = tmp_path / "straight.json"
    assert trainer.main(FLAGS + ["--out", str(straight)]) == 0
    resumed = tmp_path / "resumed.json"
    with monkeypatch.context() as patch:
        interrupt_train_call(patch, 2)
        trainer.main(FLAGS + ["--out", str(resumed)])
    real_resume = trainer.resume_fit

    def resume_forgetting_the_generator(fit, state, path):
        real_resume(fit, state, path)
        fit.network.rng.seed(12345)          # the generator started afresh
    monkeypatch.setattr(trainer, "resume_fit", resume_forgetting_the_generator)
    assert trainer.main(FLAGS + ["--out", str(resumed), "--resume"]) == 0
    assert fingerprint_of(resumed) != fingerprint_of(straight)


def test_resume_with_other_flags_names_them_and_stops(load_script, tmp_path, monkeypatch):
    trainer = load_script("train_mnist.py")
    out = tmp_path / "m.json"
    with monkeypatch.context() as patch:
        interrupt_train_call(patch, 2)
        trainer.main(FLAGS + ["--out", str(out)])
    checkpoint = tmp_path / "m.checkpoint.json"
    before = checkpoint.read_bytes()
    changed = [f if f != "8" else "16" for f in FLAGS]          # --hidden 16
    changed = [f if f != "adam" else "sgd" for f in changed]    # --optimizer sgd
    with pytest.raises(SystemExit) as info:
        trainer.main(changed + ["--out", str(out), "--resume"])
    message = str(info.value)
    assert "--hidden is 16 here but 8 in the checkpoint" in message
    assert "--optimizer is 'sgd' here but 'adam' in the checkpoint" in message
    assert checkpoint.read_bytes() == before and not out.exists()


def test_resume_without_a_checkpoint_says_so(load_script, tmp_path):
    trainer = load_script("train_mnist.py")
    with pytest.raises(SystemExit, match="no checkpoint at"):
        trainer.main(FLAGS + ["--out", str(tmp_path / "m.json"), "--resume"])


def test_resume_of_a_finished_run_just_reports(load_script, tmp_path, capsys):
    trainer = load_script("train_mnist.py")
    out = tmp_path / "m.json"
    assert trainer.main(FLAGS + ["--out", str(out)]) == 0
    first = fingerprint_of(out)
    os.remove(out)
    assert trainer.main(FLAGS + ["--out", str(out), "--resume"]) == 0
    assert fingerprint_of(out) == first


def test_resume_with_augmentation_sees_the_same_copies(load_script, tmp_path, monkeypatch,
                                                        capsys):
    # --augment draws each epoch's copies from (seed, epoch, digit): a run resumed
    # after epoch 1 trains epochs 2 and 3 on the very copies the straight run used.
    trainer = load_script("train_mnist.py")
    flags = FLAGS + ["--augment", "affine"]
    straight = tmp_path / "straight.json"
    assert trainer.main(flags + ["--out", str(straight)]) == 0
    plain = tmp_path / "plain.json"
    assert trainer.main(FLAGS + ["--out", str(plain)]) == 0
    assert fingerprint_of(plain) != fingerprint_of(straight)   # augmenting changes things
    resumed = tmp_path / "resumed.json"
    with monkeypatch.context() as patch:
        interrupt_train_call(patch, 2)
        assert trainer.main(flags + ["--out", str(resumed)]) == 130
    assert trainer.main(flags + ["--out", str(resumed), "--resume"]) == 0
    assert fingerprint_of(resumed) == fingerprint_of(straight)


def test_epoch_digits_are_fresh_copies_each_epoch(load_script):
    trainer = load_script("train_mnist.py")
    args = trainer.parse_args(["--limit", "20", "--augment", "affine", "--augment-every", "1"])
    train, _ = trainer.load_data(args)
    first = trainer.epoch_digits(train, args, 0)
    again = trainer.epoch_digits(train, args, 0)
    second = trainer.epoch_digits(train, args, 1)
    assert first.labels == train.labels and len(first) == 20
    changed = sum(first.pixels(i) != train.pixels(i) for i in range(20))
    assert changed >= 15   # a copy equals its digit only if turned by ~0, zoomed ~1, not shifted
    assert all(first.pixels(i) == again.pixels(i) for i in range(20))
    assert any(first.pixels(i) != second.pixels(i) for i in range(20))
    args = trainer.parse_args(["--limit", "20", "--augment", "none"])
    assert trainer.epoch_digits(train, args, 0) is train


def test_augment_every_2_copies_every_other_digit_in_turn(load_script):
    # The default --augment-every 2: digit i is a copy in the epochs where i + epoch is
    # even, and the stored digit itself in the others; the copy is the one
    # --augment-every 1 would have made for that epoch.
    trainer = load_script("train_mnist.py")
    args = trainer.parse_args(["--limit", "20", "--augment", "affine"])
    assert args.augment_every == 2
    every = trainer.parse_args(["--limit", "20", "--augment", "affine", "--augment-every", "1"])
    train, _ = trainer.load_data(args)
    for epoch in (0, 1):
        mixed = trainer.epoch_digits(train, args, epoch)
        copies = trainer.epoch_digits(train, every, epoch)
        assert mixed.labels == train.labels and len(mixed) == 20
        for i in range(20):
            expected = copies if (i + epoch) % 2 == 0 else train
            assert mixed.pixels(i) == expected.pixels(i)
