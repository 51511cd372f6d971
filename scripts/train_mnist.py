"""Train a handwritten-digit classifier with the same Neuron/Layer/Network classes.

The project's main job. With no arguments it trains a 784-100-10 network (ReLU hidden
layer, softmax output, cross-entropy loss) on the 4,000 training digits of the
bundled MNIST subset and reports accuracy on the 1,000 held-out ones. The default
recipe: 20 epochs of plain SGD, one digit per step, learning rate 0.02 falling to 0
along a cosine, and in every epoch half the digits (each digit every other epoch)
replaced by a fresh random copy, shifted by up to 2 pixels, turned by up to 10
degrees and zoomed 90-110% (--augment affine --augment-every 2); the other half train
as they are. Without copies the network memorizes the 4,000 digits and falls behind
on new ones; with a copy of every digit in every epoch (--augment-every 1) it fits
them less well; every other epoch does best (README, "Measured figures": the recipe
search). The network deskews every digit before its first layer (--preprocess
deskew, network/preprocessing.py: each row slid sideways so the digit stands
upright), copies and held-out digits alike, and the saved model does it too. The fast
path (network/fast.py) trains it, with the core's numbers.

    python scripts/train_mnist.py                         # the default recipe
    python scripts/train_mnist.py --epochs 1 --limit 500  # a quick look
    python scripts/train_mnist.py --resume                # continue a stopped run
    python scripts/train_mnist.py --data mnist --data-dir ~/mnist   # full MNIST files
    python scripts/classify_digits.py models/mnist.json   # use the saved model

It prints a progress line while an epoch runs, then per epoch the training loss,
training accuracy and held-out accuracy; at the end a 10x10 confusion matrix and
the path of the saved model. After every epoch the run so far is written to the
checkpoint file (atomically: a kill or Ctrl-C never leaves a half-written file).
The checkpoint holds everything the run needs to go on exactly as if it had never
stopped: the weights, the optimizer's state, the epoch, and the random generator's
state; ``--resume`` continues from it, bit for bit.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # repo root

# %% Imports
import argparse
import hashlib
import json
import math
import time
from typing import Dict, List, Optional

from network import Network, TrainingDiverged
from network.fast import FastFit, FastNetwork, fast_copy
from network.initialization import INITS
from network.losses import predicted_class
from network.optimizers import OPTIMIZERS, Optimizer, get_optimizer
from network.schedules import SCHEDULES, Schedule, get_schedule
from network.checks import check_network_size
from network.saving import (check_writable, load_extra, load_network,
                            remove_leftover_temporary, save_network)

# The flags that decide the numbers of a run. A resumed run must use the same ones.
RUN_FLAGS = ("hidden", "activation", "init", "epochs", "learning_rate", "schedule",
             "lr_decay", "batch_size", "optimizer", "l1", "l2", "dropout", "seed",
             "data", "limit", "train_on_all", "augment", "augment_every", "preprocess")

# --augment: what each choice does to every training digit, every epoch (see
# datasets/augment.py); "none" trains on the digits as they are.
AUGMENTATIONS = {
    "none": None,
    "shift": dict(max_shift=2, max_degrees=0.0, scale_range=(1.0, 1.0)),
    "affine": dict(max_shift=2, max_degrees=10.0, scale_range=(0.9, 1.1)),
    "elastic": dict(max_shift=2, max_degrees=10.0, scale_range=(0.9, 1.1), elastic=True),
}


# %% Configuration: every knob is a flag, with its default shown by --help
def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Train a 784-H-10 digit classifier built from Neuron objects.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--hidden", type=positive_int, default=100, help="hidden neurons")
    parser.add_argument("--activation", choices=["relu", "sigmoid", "tanh"], default="relu",
                        help="activation of the hidden layer")
    parser.add_argument("--init", choices=INITS, default="auto",
                        help="how the starting weights are drawn")
    parser.add_argument("--epochs", type=non_negative_int, default=20)
    parser.add_argument("--learning-rate", type=positive_float, default=0.02,
                        help="learning rate of the first epoch (one far too large stops "
                             "the run after the epoch it blows up in, exit 1: the "
                             "blow-up rule of network/training.py)")
    parser.add_argument("--schedule", choices=list(SCHEDULES), default="cosine",
                        help="how the learning rate changes from epoch to epoch")
    parser.add_argument("--lr-decay", type=decay_factor, default=0.7,
                        help="the factor gamma of the exponential and step schedules")
    parser.add_argument("--batch-size", type=positive_int, default=1,
                        help="digits per gradient step")
    parser.add_argument("--optimizer", choices=list(OPTIMIZERS), default="sgd")
    parser.add_argument("--l1", type=non_negative_float, default=0.0,
                        help="L1 penalty strength: l1 * sum |w|")
    parser.add_argument("--l2", type=non_negative_float, default=0.0,
                        help="L2 penalty strength: l2 * sum w^2")
    parser.add_argument("--dropout", type=fraction, default=0.0,
                        help="probability of dropping a hidden neuron while training")
    parser.add_argument("--augment", choices=list(AUGMENTATIONS), default="affine",
                        help="train each epoch on fresh random copies of the digits: "
                             "shift (by up to 2 pixels), affine (shift, turn by up to 10 "
                             "degrees, zoom 90-110%%), elastic (affine, then bent as in "
                             "Simard et al. 2003; slow on CPython)")
    parser.add_argument("--augment-every", type=positive_int, default=2,
                        help="with --augment: each digit is a fresh random copy every N-th "
                             "epoch, in turn (digit i in the epochs where i + epoch is a "
                             "multiple of N), and itself in the others; 1: a copy every "
                             "epoch")
    parser.add_argument("--preprocess", choices=["deskew", "none"], default="deskew",
                        help="deskew: the network stands every digit upright before its "
                             "first layer (network/preprocessing.py), when training and "
                             "in the saved model; none: it takes the pixels as they are")
    parser.add_argument("--seed", type=int, default=0,
                        help="seeds the initial weights, the split and the shuffling")
    parser.add_argument("--data", choices=["bundled", "mnist"], default="bundled",
                        help="bundled: the 5,000-digit subset shipped in datasets/data "
                             "(4,000 train, 1,000 held out); mnist: the full 60,000 + 10,000")
    parser.add_argument("--train-on-all", action="store_true",
                        help="with --data bundled: train the final model on all 5,000 "
                             "digits (nothing is held out, so no held-out accuracy)")
    parser.add_argument("--data-dir", default=None,
                        help="with --data mnist: folder holding the four official .gz files")
    parser.add_argument("--download", action="store_true",
                        help="with --data mnist: download the files into --cache-dir if missing")
    parser.add_argument("--cache-dir", default=None,
                        help="where --download keeps the files (default ~/.cache/neuron-mnist)")
    parser.add_argument("--limit", type=positive_int, default=None,
                        help="train on only the first N training digits (quick runs)")
    parser.add_argument("--out", default=os.path.join("models", "mnist.json"),
                        help="where to save the trained model (JSON); the checkpoint "
                             "goes beside it as NAME.checkpoint.json")
    parser.add_argument("--resume", nargs="?", const="", default=None, metavar="CHECKPOINT",
                        help="continue the run saved in CHECKPOINT (default: the checkpoint "
                             "beside --out) from its last complete epoch")
    parser.add_argument("--quiet", action="store_true", help="no progress line")
    args = parser.parse_args(argv)
    check_args(parser, args)
    return args


def check_args(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """What no single flag's type can tell, checked before any data is read: flags
    that do not go together, a network too large to make, and an --out where the
    model and its checkpoint cannot be written (found now, not after the training)."""
    if args.train_on_all and args.data != "bundled":
        parser.error("--train-on-all works with --data bundled only")
    if args.data == "bundled":
        given = [flag for flag, value in (("--download", args.download),
                                          ("--data-dir", args.data_dir),
                                          ("--cache-dir", args.cache_dir)) if value]
        if given:
            parser.error(f"{' and '.join(given)} {'is' if len(given) == 1 else 'are'} for "
                         f"--data mnist (the full MNIST files); the bundled digits are read "
                         f"from datasets/data. Add --data mnist, or leave "
                         f"{'it' if len(given) == 1 else 'them'} out")
    try:
        check_network_size([784, args.hidden, 10])
    except ValueError as problem:
        parser.error(f"argument --hidden: {problem}")
    if os.path.isdir(args.out):
        parser.error(f"argument --out: {args.out} is a directory; give a file name such as "
                     f"{os.path.join(args.out, 'mnist.json')}")
    try:
        check_writable(args.out, "--out")
    except (OSError, ValueError) as problem:
        parser.error(f"argument --out: {problem}")


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


def non_negative_float(text: str) -> float:
    value = _number(text, float)
    if not (value >= 0 and math.isfinite(value)):
        raise argparse.ArgumentTypeError(f"must be a number >= 0, got {text}")
    return value


def decay_factor(text: str) -> float:
    value = _number(text, float)
    if not 0.0 < value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be a number in (0, 1], got {text}")
    return value


def fraction(text: str) -> float:
    value = _number(text, float)
    if not 0.0 <= value < 1.0:
        raise argparse.ArgumentTypeError(f"must be a number in [0, 1), got {text}")
    return value


def _number(text: str, kind):
    try:
        return kind(text)
    except ValueError:
        what = "a whole number" if kind is int else "a number"
        raise argparse.ArgumentTypeError(f"must be {what}, got {text}") from None


def epoch_digits(train, args, epoch: int):
    """The digits epoch ``epoch`` trains on: ``train`` itself, or with --augment one
    digit in --augment-every (digit i when i + epoch is a multiple of it) replaced by
    a random copy, drawn from (seed, epoch, digit number) so a resumed run sees
    exactly the copies the interrupted one would have."""
    options = AUGMENTATIONS[args.augment]
    if options is None:
        return train
    from datasets.augment import AugmentedImages
    from datasets.mnist import Digits
    copies = AugmentedImages(train, seed=args.seed, epoch=epoch, **options)
    if args.augment_every == 1:
        return copies.as_digits()
    pieces = []
    for i in range(len(train)):
        if (i + epoch) % args.augment_every == 0:
            pieces.append(copies.pixels(i))
        else:
            pieces.append(train.pixels(i))
    return Digits(b"".join(pieces), list(train.labels),
                  name=f"{train.name}, one in {args.augment_every} augmented for epoch {epoch}")


def make_network(args) -> FastNetwork:
    """The 784-H-10 network the flags ask for (the fast path: the core's numbers)."""
    return FastNetwork([784, args.hidden, 10], activation=args.activation,
                       loss="cross_entropy", seed=args.seed, init=args.init,
                       l1=args.l1, l2=args.l2, dropout=args.dropout,
                       preprocess=None if args.preprocess == "none" else args.preprocess)


def make_fit(net: FastNetwork, train, args, progress) -> FastFit:
    """The run: the fit loop of network/training.py (its fast version) with the flags'
    optimizer, schedule and batch size, shuffled with the seed, every epoch on its own
    copies of the digits (--augment), the loss counted during the epoch."""
    epoch_data = None
    if AUGMENTATIONS[args.augment] is not None:
        def epoch_data(epoch):
            digits = epoch_digits(train, args, epoch)
            return digits.images, digits.labels
    return FastFit(net, train.images, train.labels, epochs=args.epochs,
                   optimizer=make_optimizer(args), schedule=make_schedule(args),
                   batch_size=args.batch_size, shuffle=True, seed=args.seed,
                   epoch_loss="running", on_batch_end=progress, epoch_data=epoch_data)


def make_optimizer(args) -> Optimizer:
    return get_optimizer(args.optimizer, args.learning_rate)


def make_schedule(args) -> Schedule:
    """The learning rate of every epoch; --lr-decay is gamma where a schedule has one."""
    if args.schedule in ("exponential", "step"):
        return get_schedule(args.schedule, args.learning_rate, args.epochs,
                            gamma=args.lr_decay)
    return get_schedule(args.schedule, args.learning_rate, args.epochs)


# %% Data
def load_data(args):
    """(train, test) Digits: the bundled split, or the full MNIST files. With
    --train-on-all, train holds all 5,000 bundled digits and test is None."""
    if args.data == "bundled":
        from datasets.mnist import load_bundled, load_bundled_split
        if args.train_on_all:
            train, test = load_bundled(), None
        else:
            train, test = load_bundled_split(n_test=1000, seed=args.seed)
    else:
        from datasets.download import load_mnist
        train, test = load_mnist(data_dir=args.data_dir, download=args.download,
                                 cache_dir=args.cache_dir)
    if args.limit is not None and args.limit < len(train):
        train = train.subset(range(args.limit))
    return train, test


# %% A dead network: every hidden ReLU off for every digit
def hidden_layer_is_dead(net: Network, train) -> bool:
    """True if every hidden neuron outputs 0 (its ReLU off) for every training digit:
    then no gradient reaches the hidden layer (dL/dz = 0 wherever a ReLU is off) and
    nothing can bring it back. A learning rate far too large does this. In a live
    network the first digit already has a neuron on, so the check costs one pass."""
    hidden = net.layers[0]
    for i in range(len(train)):
        net.feedforward(train.images[i])
        if any(output != 0.0 for output in hidden.outputs):
            return False
    return True


def one_answer_for_all(net: Network, train) -> Optional[int]:
    """The class the network predicts for every training digit, if it predicts the
    same one for all of them (a network that has stopped telling digits apart), else
    None. A working network gives two answers within the first few digits."""
    first = None
    for i in range(len(train)):
        answer = predicted_class(net.feedforward(train.images[i]))
        if first is None:
            first = answer
        elif answer != first:
            return None
    return first


def dead_network_text(net: Network, train, epoch: int, args) -> str:
    answer = predicted_class(net.feedforward(train.images[0]))
    return (f"\nerror: the network died in epoch {epoch + 1} of {args.epochs} (counted "
            f"as in the lines above): every hidden neuron's ReLU is "
            f"off (output 0) for all {len(train):,} training digits, so no gradient "
            f"reaches the hidden layer and it cannot learn again; it answers {answer} for "
            f"every digit. A learning rate too large for this network ({args.learning_rate:g}; "
            f"the default is 0.02) does this, and so can a small hidden layer "
            f"({args.hidden} neurons; the default is 100): try a smaller rate or more "
            f"neurons. Nothing was saved for this epoch.")


# %% Progress and reports
class Progress:
    """Prints 'epoch 2/6  1,200/4,000 digits  210 digits/s  13 s left', at most twice
    a second; on a terminal it rewrites one line, elsewhere it prints a few lines.
    ``new_epoch(epoch)`` starts counting again."""

    def __init__(self, epochs: int, quiet: bool):
        self.epochs, self.quiet = epochs, quiet
        self.on_terminal = sys.stdout.isatty()
        self.new_epoch(0)

    def new_epoch(self, epoch: int) -> None:
        self.epoch = epoch
        self.start = time.perf_counter()
        self.last_print = self.start
        self.last_fraction = 0.0

    def __call__(self, done: int, total: int) -> None:
        if self.quiet:
            return
        now = time.perf_counter()
        fraction_done = done / total
        if self.on_terminal:
            due = now - self.last_print >= 0.5 or done == total
        else:
            due = fraction_done - self.last_fraction >= 0.25 and done < total
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
        self.last_print, self.last_fraction = now, fraction_done


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


def weights_fingerprint(net: Network) -> str:
    """First 16 hex digits of the SHA-256 of every weight and bias as repr prints them:
    two runs have the same fingerprint only if every number is bit-identical."""
    text = repr([(neuron.weights, neuron.bias) for neuron in net.neurons])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# %% Checkpoints: everything needed to go on exactly where the run stopped
def checkpoint_path(out: str) -> str:
    root, extension = os.path.splitext(out)
    return root + ".checkpoint" + (extension or ".json")


def save_checkpoint(path: str, net: Network, fit: FastFit, config: dict,
                    history: List[dict]) -> None:
    """The network (weights) plus the run's state (Fit.state_dict: the epoch, the
    order and its generator, the optimizer, the network's generator), in one
    atomically written file."""
    state = fit.state_dict()
    state["epochs_done"] = state.pop("epoch")
    save_network(net, path, config=config, metrics={"history": history}, checkpoint=state)


def load_checkpoint(path: str, config: dict):
    """(net, extras) from a checkpoint whose flags match ``config``; SystemExit with
    a message naming every differing flag otherwise."""
    if not os.path.lexists(path):
        raise SystemExit(f"--resume: no checkpoint at {path} (a run writes one after "
                         f"its first complete epoch)")
    try:
        net = load_network(path)     # refuses a folder, a device, a FIFO, a bad field
        extras = load_extra(path)
    except (ValueError, OSError) as problem:
        raise SystemExit(f"--resume: {path} is not a usable checkpoint ({problem})") from None
    if "checkpoint" not in extras or "config" not in extras:
        raise SystemExit(f"--resume: {path} is a saved model, not a checkpoint (it has "
                         f"no \"checkpoint\" field); a run's checkpoint is the "
                         f"NAME.checkpoint.json file beside its --out")
    problem = checkpoint_problem(extras, config)
    if problem:
        raise SystemExit(f"--resume: {path} is not a usable checkpoint ({problem})")
    saved_config = dict(extras["config"])
    saved_config.setdefault("preprocess", "none")   # checkpoints from before --preprocess
    different = []
    for flag in RUN_FLAGS:
        if saved_config.get(flag) != config[flag]:
            shown = "--" + flag.replace("_", "-")
            different.append(f"{shown} is {config[flag]!r} here but "
                             f"{saved_config.get(flag)!r} in the checkpoint")
    if different:
        raise SystemExit(f"--resume: this run's flags differ from the checkpoint's "
                         f"({path}): " + "; ".join(different)
                         + ". Rerun with the checkpoint's flags, or start afresh without --resume.")
    problem = network_problem(net, config)
    if problem:
        raise SystemExit(f"--resume: {path} is not a usable checkpoint ({problem})")
    return net, extras


def checkpoint_problem(extras: dict, config: dict) -> str:
    """What is wrong with a checkpoint's own fields (a hand-edited file), as one
    phrase naming the field, or "" if nothing is. The run's state inside
    "checkpoint" is checked by Fit.load_state_dict (resume_fit)."""
    if not isinstance(extras["config"], dict):
        return f"field config is {_shown(extras['config'])}, expected an object of flags"
    metrics = extras.get("metrics")
    if not isinstance(metrics, dict) or not isinstance(metrics.get("history"), list):
        return "field metrics.history is missing or not a list (one entry per epoch done)"
    for k, record in enumerate(metrics["history"]):
        if not isinstance(record, dict):
            return f"metrics.history[{k}] is {_shown(record)}, expected an object"
    state = extras["checkpoint"]
    if not isinstance(state, dict):
        return f"field checkpoint is {_shown(state)}, expected an object"
    for field in ("epochs_done", "order", "order_rng", "network_rng", "optimizer",
                  "history"):
        if field not in state:
            return f"field checkpoint.{field} is missing"
    done = state["epochs_done"]
    if type(done) is not int or not 0 <= done <= config["epochs"]:
        return (f"checkpoint.epochs_done is {_shown(done)}, expected a whole number of "
                f"epochs from 0 to {config['epochs']} (--epochs)")
    if len(metrics["history"]) != done:
        return (f"metrics.history has {len(metrics['history'])} entries, but "
                f"checkpoint.epochs_done is {done}: one entry per epoch done")
    return ""


def network_problem(net: Network, config: dict) -> str:
    """What differs between the checkpoint's network and the one these flags make (a
    config edited by hand may hide it), or "" if nothing does."""
    expected = [784, config["hidden"], 10]
    if net.sizes != expected or net.activation != config["activation"] or \
            net.loss.name != "cross_entropy":
        return (f"its network is {net.sizes} {net.activation} with loss {net.loss.name}, "
                f"but these flags make {expected} {config['activation']} with loss "
                f"cross_entropy")
    preprocess = None if config["preprocess"] == "none" else config["preprocess"]
    if net.preprocess != preprocess:
        return (f"its network has preprocess {net.preprocess!r}, but these flags make "
                f"one with {preprocess!r}")
    return ""


def _shown(value) -> str:
    text = json.dumps(value) if isinstance(value, (str, int, float, bool, type(None))) \
        else type(value).__name__
    return text if len(text) <= 40 else text[:37] + "..."


def resume_fit(fit: FastFit, state: dict, path: str) -> None:
    """Continue ``fit`` from a checkpoint's state; SystemExit naming the problem."""
    state = dict(state)
    state["epoch"] = state.pop("epochs_done")
    try:
        fit.load_state_dict(state)
    except ValueError as problem:
        why = str(problem).replace("the saved run does not fit: ", "")
        raise SystemExit(f"--resume: {path} is not a usable checkpoint (in its "
                         f"\"checkpoint\" field: {why})") from None


# %% Training
def main(argv=None) -> int:
    args = parse_args(argv)
    config = vars(args).copy()
    checkpoint = checkpoint_path(args.out)
    resume_from = None
    if args.resume is not None:
        resume_from = args.resume or checkpoint

    # A kill during a save can leave a half-written ".NAME.tmp" beside the file; the
    # file itself is intact (the rename never happened). Clear such leftovers first.
    for path in (checkpoint, args.out):
        if remove_leftover_temporary(path):
            print(f"Removed a half-written temporary file left beside {path} by an "
                  f"interrupted save")

    try:
        train, test = load_data(args)
    except (OSError, ValueError) as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    held_out_text = f"{len(test):,} held-out digits" if test is not None else "none held out"
    print(f"Data: {len(train):,} training digits, {held_out_text} ({args.data})")

    history: List[Dict[str, float]] = []
    extras = None
    if resume_from is None:
        net = make_network(args)
    else:
        loaded, extras = load_checkpoint(resume_from, config)
        net = fast_copy(loaded)
        history = extras["metrics"]["history"]
    progress = Progress(args.epochs, args.quiet)
    fit = make_fit(net, train, args, progress)
    if extras is not None:
        resume_fit(fit, extras["checkpoint"], resume_from)
        print(f"Resuming from {resume_from}: {fit.epoch} of {args.epochs} epochs done")
    print(f"Model: {net!r}")
    print(f"       {net.count_parameters():,} parameters in {len(net.neurons)} Neuron objects")
    print(f"       {fit.optimizer!r}, schedule {fit.schedule!r}")

    started = time.perf_counter()
    held_out: Optional[Dict[str, object]] = None
    try:
        while not fit.done:
            epoch = fit.epoch
            progress.new_epoch(epoch)
            epoch_start = time.perf_counter()
            fit.run(max_epochs=1)
            stats = fit.history.epochs[-1]
            seconds = time.perf_counter() - epoch_start
            record = {"epoch": epoch + 1, "learning_rate": stats["learning_rate"],
                      "train_loss": fit.history[-1], "train_accuracy": stats["accuracy"],
                      "seconds": seconds}
            # Running figures, counted while the epoch trained (on this epoch's copies
            # with --augment): no second pass over the training digits.
            line = (f"epoch {epoch + 1}/{args.epochs}: train loss {fit.history[-1]:.4f}, "
                    f"train accuracy {stats['accuracy']:.2%} (during the epoch)")
            if test is not None:
                held_out = evaluate(net, test)
                record["held_out_accuracy"] = held_out["accuracy"]
                line += f", held-out accuracy {held_out['accuracy']:.2%}"
            history.append(record)
            print(f"{line}  ({seconds:.0f} s)", flush=True)
            if args.activation == "relu" and hidden_layer_is_dead(net, train):
                print(dead_network_text(net, train, epoch, args), file=sys.stderr)
                return 1
            save_checkpoint(checkpoint, net, fit, config, history)
    except KeyboardInterrupt:
        print(f"\nInterrupted during epoch {fit.epoch + 1}.")
        if history:
            print(f"The checkpoint of epoch {len(history)} is intact: {checkpoint}")
            print(f"Continue with: python scripts/train_mnist.py --resume {checkpoint} "
                  f"(and the same flags)")
        else:
            print("No epoch had finished, so no checkpoint was written.")
        return 130
    except TrainingDiverged as problem:     # a loss past the floats, or the blow-up rule
        print(f"\nerror: {problem}", file=sys.stderr)
        return 1

    total_seconds = time.perf_counter() - started
    answer = one_answer_for_all(net, train)
    if answer is not None:
        print(f"warning: the network answers {answer} for every one of the {len(train):,} "
              f"training digits: it has stopped telling digits apart. A learning rate "
              f"too large for it ({args.learning_rate:g}; the default is 0.02) does this: "
              f"try a smaller one.", file=sys.stderr)
    fingerprint = weights_fingerprint(net)
    metrics = {"history": history, "seconds": total_seconds, "fingerprint": fingerprint,
               "python": sys.implementation.name}
    if test is not None:
        final = held_out if held_out is not None else evaluate(net, test)
        print(f"\nHeld-out accuracy {final['accuracy']:.2%} on {len(test):,} digits "
              f"after {args.epochs} epochs in {total_seconds:.0f} s.")
        print("Confusion matrix (held-out digits):")
        print(confusion_text(final["confusion"]))
        metrics["held_out_accuracy"] = final["accuracy"]
        metrics["confusion"] = final["confusion"]
    else:
        print(f"\nTrained on all {len(train):,} digits for {args.epochs} epochs in "
              f"{total_seconds:.0f} s (nothing held out to measure accuracy on).")
    print(f"Weights fingerprint: {fingerprint}")
    save_network(net, args.out, config=config, metrics=metrics)
    print(f"\nSaved the model to {args.out}")
    print(f"Try it: python scripts/classify_digits.py {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
