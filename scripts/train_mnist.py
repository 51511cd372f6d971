"""Train a handwritten-digit classifier with the same Neuron/Layer/Network classes.

The project's main job. With no arguments it trains a 784-64-10 network (ReLU hidden
layer, softmax output, cross-entropy loss, one digit per step) on the 4,000 training
digits of the bundled MNIST subset and reports accuracy on the 1,000 held-out ones:

    python scripts/train_mnist.py                         # about 40 seconds on CPython
    python scripts/train_mnist.py --epochs 1 --limit 500  # a quick look
    python scripts/train_mnist.py --data mnist --data-dir ~/mnist   # full MNIST files
    python scripts/classify_digits.py models/mnist.json   # use the saved model

It prints a progress line while an epoch runs, then per epoch the training loss,
training accuracy and held-out accuracy; at the end a 10x10 confusion matrix and
the path of the saved model. After every epoch the model so far is written to the
checkpoint file (atomically: Ctrl-C never leaves a half-written file).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # repo root

# %% Imports
import argparse
import math
import time
from typing import Dict, List

from network import Network


# %% Configuration: every knob is a flag, with its default shown by --help
def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Train a 784-H-10 digit classifier built from Neuron objects.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--hidden", type=positive_int, default=64, help="hidden neurons")
    parser.add_argument("--activation", choices=["relu", "sigmoid", "tanh"], default="relu",
                        help="activation of the hidden layer")
    parser.add_argument("--epochs", type=non_negative_int, default=6)
    parser.add_argument("--learning-rate", type=positive_float, default=0.05,
                        help="learning rate of the first epoch")
    parser.add_argument("--lr-decay", type=positive_float, default=0.7,
                        help="multiply the learning rate by this after every epoch")
    parser.add_argument("--batch-size", type=positive_int, default=1,
                        help="digits per gradient step")
    parser.add_argument("--optimizer", choices=["sgd", "momentum", "adam"], default="sgd")
    parser.add_argument("--seed", type=int, default=0,
                        help="seeds the initial weights, the split and the shuffling")
    parser.add_argument("--data", choices=["bundled", "mnist"], default="bundled",
                        help="bundled: the 5,000-digit subset shipped in datasets/data "
                             "(4,000 train, 1,000 held out); mnist: the full 60,000 + 10,000")
    parser.add_argument("--data-dir", default=None,
                        help="with --data mnist: folder holding the four official .gz files")
    parser.add_argument("--download", action="store_true",
                        help="with --data mnist: download the files into --cache-dir if missing")
    parser.add_argument("--cache-dir", default=None,
                        help="where --download keeps the files (default ~/.cache/neuron-mnist)")
    parser.add_argument("--limit", type=positive_int, default=None,
                        help="train on only the first N training digits (quick runs)")
    parser.add_argument("--out", default=os.path.join("models", "mnist.json"),
                        help="where to save the trained model (JSON)")
    parser.add_argument("--quiet", action="store_true", help="no progress line")
    return parser.parse_args(argv)


def positive_int(text: str) -> int:
    value = _number(text, int)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 1, got {text}")
    return value


def non_negative_int(text: str) -> int:
    value = _number(text, int)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 0, got {text}")
    return value


def positive_float(text: str) -> float:
    value = _number(text, float)
    if not (value > 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"must be a number > 0, got {text}")
    return value


def _number(text: str, kind):
    try:
        return kind(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a {kind.__name__}: {text!r}") from None


# %% Data
def load_data(args):
    """(train, test) Digits: the bundled split, or the full MNIST files."""
    if args.data == "bundled":
        from datasets.mnist import load_bundled_split
        train, test = load_bundled_split(n_test=1000, seed=args.seed)
    else:
        from datasets.download import load_mnist
        train, test = load_mnist(data_dir=args.data_dir, download=args.download,
                                 cache_dir=args.cache_dir)
    if args.limit is not None and args.limit < len(train):
        train = train.subset(range(args.limit))
    return train, test


# %% Progress and reports
class Progress:
    """Prints 'epoch 2/6  1,200/4,000 digits  210 digits/s  13 s left', at most twice
    a second; on a terminal it rewrites one line, elsewhere it prints a few lines."""

    def __init__(self, epoch: int, epochs: int, quiet: bool):
        self.epoch, self.epochs, self.quiet = epoch, epochs, quiet
        self.start = time.perf_counter()
        self.last_print = self.start
        self.last_fraction = 0.0
        self.on_terminal = sys.stdout.isatty()

    def __call__(self, done: int, total: int) -> None:
        if self.quiet:
            return
        now = time.perf_counter()
        fraction = done / total
        if self.on_terminal:
            due = now - self.last_print >= 0.5 or done == total
        else:
            due = fraction - self.last_fraction >= 0.25 and done < total
        if not due:
            return
        elapsed = now - self.start
        rate = done / elapsed if elapsed > 0 else 0.0
        left = (total - done) / rate if rate > 0 else 0.0
        line = (f"epoch {self.epoch + 1}/{self.epochs}  {done:,}/{total:,} digits  "
                f"{rate:,.0f} digits/s  {left:,.0f} s left")
        if self.on_terminal:
            end = "\n" if done == total else ""
            print("\r" + line.ljust(70), end=end, flush=True)
        else:
            print(line, flush=True)
        self.last_print, self.last_fraction = now, fraction


def evaluate(net: Network, digits) -> Dict[str, object]:
    """Accuracy and the 10x10 confusion matrix (rows: true digit, columns: predicted)."""
    confusion = [[0] * 10 for _ in range(10)]
    images, labels = digits.images, digits.labels
    for i in range(len(digits)):
        confusion[labels[i]][net.predict_class(images[i])] += 1
    correct = 0
    for k in range(10):
        correct += confusion[k][k]
    return {"accuracy": correct / len(digits), "confusion": confusion}


def confusion_text(confusion: List[List[int]]) -> str:
    """The confusion matrix as a table, with each digit's accuracy at the end of its row."""
    lines = ["true \\ predicted " + "".join(f"{k:>5}" for k in range(10)) + "   right"]
    for true_digit, row in enumerate(confusion):
        total = sum(row)
        right = row[true_digit] / total if total else 0.0
        lines.append(f"{true_digit:>16} " + "".join(f"{count:>5}" for count in row)
                     + f"  {right:6.1%}")
    return "\n".join(lines)


def checkpoint_path(out: str) -> str:
    root, extension = os.path.splitext(out)
    return root + ".checkpoint" + (extension or ".json")


# %% Training
def main(argv=None) -> int:
    args = parse_args(argv)
    config = vars(args).copy()

    train, test = load_data(args)
    print(f"Data: {len(train):,} training digits, {len(test):,} held-out digits ({args.data})")

    net = Network([784, args.hidden, 10], activation=args.activation,
                  loss="cross_entropy", seed=args.seed)
    print(f"Model: {net}")
    print(f"       {len(net.parameter_names()):,} parameters in {len(net.neurons)} Neuron objects")

    checkpoint = checkpoint_path(args.out)
    history: List[Dict[str, float]] = []
    epoch_stats: List[Dict[str, float]] = []    # Network.train's loss and accuracy

    def keep_epoch_stats(_epoch: int, stats: Dict[str, float]) -> None:
        epoch_stats.append(stats)

    started = time.perf_counter()
    epoch = 0
    held_out: Dict[str, object] = {}
    try:
        for epoch in range(args.epochs):
            learning_rate = args.learning_rate * args.lr_decay ** epoch
            epoch_start = time.perf_counter()
            net.train(train.images, train.labels, epochs=1, learning_rate=learning_rate,
                      batch_size=args.batch_size, optimizer=args.optimizer, shuffle=True,
                      seed=args.seed * 1000 + epoch,
                      on_batch_end=Progress(epoch, args.epochs, args.quiet),
                      on_epoch_end=keep_epoch_stats)
            stats = epoch_stats[-1]
            held_out = evaluate(net, test)
            seconds = time.perf_counter() - epoch_start
            history.append({"epoch": epoch + 1, "learning_rate": learning_rate,
                            "train_loss": stats["loss"], "train_accuracy": stats["accuracy"],
                            "held_out_accuracy": held_out["accuracy"], "seconds": seconds})
            print(f"epoch {epoch + 1}/{args.epochs}: train loss {stats['loss']:.4f}, "
                  f"train accuracy {stats['accuracy']:.2%}, held-out accuracy "
                  f"{held_out['accuracy']:.2%}  ({seconds:.0f} s)", flush=True)
            net.save(checkpoint, config=config, metrics={"history": history})
    except KeyboardInterrupt:
        print(f"\nInterrupted during epoch {epoch + 1}.")
        if history:
            print(f"The checkpoint of epoch {len(history)} is intact: {checkpoint}")
        else:
            print("No epoch had finished, so no checkpoint was written.")
        return 130

    final = held_out if history else evaluate(net, test)
    total_seconds = time.perf_counter() - started
    print(f"\nHeld-out accuracy {final['accuracy']:.2%} on {len(test):,} digits "
          f"after {args.epochs} epochs in {total_seconds:.0f} s.")
    print("Confusion matrix (held-out digits):")
    print(confusion_text(final["confusion"]))
    metrics = {"held_out_accuracy": final["accuracy"], "confusion": final["confusion"],
               "history": history, "seconds": total_seconds,
               "python": sys.implementation.name}
    net.save(args.out, config=config, metrics=metrics)
    print(f"\nSaved the model to {args.out}")
    print(f"Try it: python scripts/classify_digits.py {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
