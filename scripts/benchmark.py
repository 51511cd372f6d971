"""Measure the figures README quotes: step time against the scalar-loop floor,
how it scales with the hidden size and the batch size, the default training run
(time and held-out accuracy), memory, and a fingerprint that must be identical on
CPython and PyPy.

    python scripts/benchmark.py                 # everything but scaling (about 2 minutes)
    python scripts/benchmark.py --only step     # just the step timing
    python scripts/benchmark.py --only scaling  # the scaling table (about 2 minutes)
    pypy3 scripts/benchmark.py --only step train

Targets (from the MNIST issues), printed next to each figure:
  * one training step of 784-64-10 (zero_grad, forward, backward, update) at most
    0.6x the pure scalar-loop floor on CPython and at most 1.0x on PyPy, measured
    in the same run;
  * the default training run: at most 3 minutes on CPython, held-out accuracy >= 96%;
  * loading the full 70,000-digit MNIST peaks under 250 MB resident.
Timings on a shared machine are noisy: the step figures are medians of interleaved
rounds, so both sides see the same load.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # repo root

# %% Imports
import argparse
import hashlib
import linecache
import math
import platform
import statistics
import subprocess
import tempfile
import time
from typing import Optional

from datasets.mnist import load_bundled_split
from network import Network
from network.optimizers import SGD


# %% The reading walk: one training step of the walkthrough, counted in debugger steps
WALK_TARGETS = {"steps": 450, "first_weighted_sum": 70, "first_update": 260,
                "distinct_lines": 150}


def walkthrough_walk() -> dict:
    """What a debugger meets in ``net.train(X[:1], Y[:1], epochs=1, learning_rate=0.1)``
    on the default Network([2, 2, 1]): sys.settrace "line" events in the repository's
    own files, counted from 0.

        steps               all line events
        first_weighted_sum  the event of the first ``z += ...`` line (a neuron's sum)
        first_update        the event of the first line that changes a weight or bias
                            (found by watching the parameters, not by reading code)
        distinct_lines      how many different (file, line) pairs run
        files               which files they are in
    """
    from datasets import people
    X, Y = people()
    net = Network([2, 2, 1])
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
    events = []
    before = net.snapshot()
    changed_at = []

    def tracer(frame, event, arg):
        filename = frame.f_code.co_filename
        if not filename.startswith(root):
            return tracer
        if event == "line":
            if not changed_at and net.snapshot() != before:
                changed_at.append(len(events) - 1)   # the line before this one did it
            events.append((filename[len(root):], frame.f_lineno))
        return tracer

    sys.settrace(tracer)
    try:
        net.train(X[:1], Y[:1], epochs=1, learning_rate=0.1)
    finally:
        sys.settrace(None)
    first_sum = None
    for k, (filename, number) in enumerate(events):
        if linecache.getline(root + filename, number).strip().startswith("z += "):
            first_sum = k
            break
    files = sorted(set(filename for filename, _ in events))
    return {"steps": len(events), "first_weighted_sum": first_sum,
            "first_update": changed_at[0] if changed_at else None,
            "distinct_lines": len(set(events)), "files": files}


def walk_text(walk: dict) -> str:
    parts = []
    for name, target in WALK_TARGETS.items():
        parts.append(f"{name.replace('_', ' ')} {walk[name]} (target <= {target})")
    return ("one training step of the 2-2-1 walkthrough in a debugger: " + ", ".join(parts)
            + f"; in {len(walk['files'])} files")


# %% The floor: the least work one SGD step on 784-64-10 can do with scalar loops
def floor_step(W1, B1, W2, B2, x, label, learning_rate):
    """One SGD step with nothing but scalar loops and no objects: one multiply-add
    per weight forward, one fused multiply-add per weight backward (the update is
    applied at once, no separate gradient pass). The reference the classes are
    measured against."""
    hidden = []
    for row, b in zip(W1, B1):
        z = b
        for w, xi in zip(row, x):
            z += w * xi
        hidden.append(z if z > 0.0 else 0.0)
    logits = []
    for row, b in zip(W2, B2):
        z = b
        for w, hi in zip(row, hidden):
            z += w * hi
        logits.append(z)
    m = max(logits)
    exps = [math.exp(z - m) for z in logits]
    total = sum(exps)
    d_hidden = [0.0] * len(hidden)
    for k, row in enumerate(W2):
        d_z = exps[k] / total - (1.0 if k == label else 0.0)   # softmax + cross entropy
        for j in range(len(row)):
            d_hidden[j] += d_z * row[j]
            row[j] -= learning_rate * d_z * hidden[j]
        B2[k] -= learning_rate * d_z
    for j, row in enumerate(W1):
        d_z = d_hidden[j] if hidden[j] > 0.0 else 0.0
        step = learning_rate * d_z
        for i in range(len(row)):
            row[i] -= step * x[i]
        B1[j] -= step


def class_step(net, x, label, learning_rate):
    """One training step exactly as Network.train does it for batch_size=1."""
    net.zero_grad()
    net.forward(x)
    net.backward(label)
    net.step(learning_rate)


# %% The floor for a batch: gradients summed over the samples, one update at the end
def floor_batch_step(W1, B1, W2, B2, xs, labels, learning_rate):
    """One SGD step on a batch with nothing but scalar loops: for every sample a
    forward and a backward pass that add its gradient into dense sums (one
    multiply-add per weight each way), then w <- w - learning_rate * sum / batch
    for every weight. Same rule as Network.train with batch_size=len(xs)."""
    gW1 = [[0.0] * len(row) for row in W1]
    gB1 = [0.0] * len(B1)
    gW2 = [[0.0] * len(row) for row in W2]
    gB2 = [0.0] * len(B2)
    for x, label in zip(xs, labels):
        hidden = []
        for row, b in zip(W1, B1):
            z = b
            for w, xi in zip(row, x):
                z += w * xi
            hidden.append(z if z > 0.0 else 0.0)
        logits = []
        for row, b in zip(W2, B2):
            z = b
            for w, hi in zip(row, hidden):
                z += w * hi
            logits.append(z)
        m = max(logits)
        exps = [math.exp(z - m) for z in logits]
        total = sum(exps)
        d_hidden = [0.0] * len(hidden)
        for k, row in enumerate(W2):
            d_z = exps[k] / total - (1.0 if k == label else 0.0)   # softmax + cross entropy
            g_row = gW2[k]
            for j in range(len(row)):
                d_hidden[j] += d_z * row[j]
                g_row[j] += d_z * hidden[j]
            gB2[k] += d_z
        for j, g_row in enumerate(gW1):
            d_z = d_hidden[j] if hidden[j] > 0.0 else 0.0
            for i in range(len(g_row)):
                g_row[i] += d_z * x[i]
            gB1[j] += d_z
    rate = learning_rate / len(xs)
    for W, gW, B, gB in ((W1, gW1, B1, gB1), (W2, gW2, B2, gB2)):
        for row, g_row in zip(W, gW):
            for i in range(len(row)):
                row[i] -= rate * g_row[i]
        for j in range(len(B)):
            B[j] -= rate * gB[j]


def class_batch_step(net, optimizer, xs, labels):
    """One training step on a batch exactly as Network.train does it."""
    net.zero_grad()
    for x, label in zip(xs, labels):
        net.forward(x, training=True)
        net.backward(label)
    optimizer.step(net.neurons, len(xs))


def floor_weights(net):
    """The floor's copy of a 784-H-10 network's weights: W1, B1, W2, B2 as lists."""
    W1 = [list(n.weights) for n in net.layers[0].neurons]
    B1 = [n.bias for n in net.layers[0].neurons]
    W2 = [list(n.weights) for n in net.layers[1].neurons]
    B2 = [n.bias for n in net.layers[1].neurons]
    return W1, B1, W2, B2


def measure_step(rounds: int, per_round: int, warmup: int) -> dict:
    train, _ = load_bundled_split()
    digits = [train.images[i] for i in range(per_round)]
    labels = train.labels[:per_round]
    net = Network([784, 64, 10], activation="relu", loss="cross_entropy", seed=0)
    # The floor starts from the very same weights.
    W1, B1, W2, B2 = floor_weights(net)
    learning_rate = 0.01
    for i in range(warmup):                     # lets PyPy's JIT compile both
        k = i % per_round
        floor_step(W1, B1, W2, B2, digits[k], labels[k], learning_rate)
        class_step(net, digits[k], labels[k], learning_rate)
    floor_ms, class_ms = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        for k in range(per_round):
            floor_step(W1, B1, W2, B2, digits[k], labels[k], learning_rate)
        floor_ms.append(1000 * (time.perf_counter() - start) / per_round)
        start = time.perf_counter()
        for k in range(per_round):
            class_step(net, digits[k], labels[k], learning_rate)
        class_ms.append(1000 * (time.perf_counter() - start) / per_round)
    ratios = [c / f for c, f in zip(class_ms, floor_ms)]
    return {"floor_ms": statistics.median(floor_ms), "class_ms": statistics.median(class_ms),
            "ratio": statistics.median(ratios)}


# %% Scaling: step time per digit against the hidden size and the batch size
def measure_batches(hidden: int, batch: int, rounds: int, per_round: int,
                    warmup: int) -> dict:
    """ms per digit of Network.train's step (classes) and of floor_batch_step, for
    784-hidden-10 and batches of ``batch`` digits; medians of interleaved rounds."""
    train, _ = load_bundled_split()
    batches_per_round = max(1, per_round // batch)
    digits = [train.images[i] for i in range(batches_per_round * batch)]
    labels = train.labels[:len(digits)]
    batches = []
    for start in range(0, len(digits), batch):
        batches.append((digits[start:start + batch], labels[start:start + batch]))
    net = Network([784, hidden, 10], activation="relu", loss="cross_entropy", seed=0)
    W1, B1, W2, B2 = floor_weights(net)   # the floor starts from the same weights
    learning_rate = 0.01
    optimizer = SGD(learning_rate)
    for i in range(max(1, warmup // batch)):   # lets PyPy's JIT compile both
        xs, ys = batches[i % len(batches)]
        floor_batch_step(W1, B1, W2, B2, xs, ys, learning_rate)
        class_batch_step(net, optimizer, xs, ys)
    floor_ms, class_ms = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        for xs, ys in batches:
            floor_batch_step(W1, B1, W2, B2, xs, ys, learning_rate)
        floor_ms.append(1000 * (time.perf_counter() - start) / len(digits))
        start = time.perf_counter()
        for xs, ys in batches:
            class_batch_step(net, optimizer, xs, ys)
        class_ms.append(1000 * (time.perf_counter() - start) / len(digits))
    ratios = [c / f for c, f in zip(class_ms, floor_ms)]
    return {"floor_ms": statistics.median(floor_ms), "class_ms": statistics.median(class_ms),
            "ratio": statistics.median(ratios)}


def scaling_table(rounds: int, per_round: int, warmup: int) -> str:
    """A Markdown table: ms per digit against hidden size (batch 1) and batch size
    (hidden 64), classes and floor side by side."""
    configs = [(32, 1), (64, 1), (128, 1), (256, 1), (64, 10), (64, 32)]
    lines = ["| network | batch | classes, ms per digit | floor, ms per digit | ratio |",
             "|---|---|---|---|---|"]
    for hidden, batch in configs:
        r = measure_batches(hidden, batch, rounds, per_round, warmup)
        lines.append(f"| 784-{hidden}-10 | {batch} | {r['class_ms']:.3f} | "
                     f"{r['floor_ms']:.3f} | {r['ratio']:.2f} |")
    return "\n".join(lines)


# %% The default training run
def weights_digest(net: Network) -> str:
    """First 16 hex digits of the SHA-256 of every weight and bias, as repr prints them."""
    text = repr([(neuron.weights, neuron.bias) for neuron in net.neurons])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def measure_train_run() -> dict:
    """Run scripts/train_mnist.py with its defaults; its time, accuracy and weights."""
    import train_mnist   # scripts/ is on sys.path: this file is run as a script
    from network.saving import load_extra, load_network
    out = os.path.join(tempfile.mkdtemp(), "mnist.json")
    start = time.perf_counter()
    train_mnist.main(["--quiet", "--out", out])
    seconds = time.perf_counter() - start
    metrics = load_extra(out)["metrics"]
    return {"seconds": seconds, "accuracy": metrics["held_out_accuracy"],
            "fingerprint": weights_digest(load_network(out))}


# %% Same numbers everywhere: a short, fully deterministic run
def fingerprint() -> str:
    """weights_digest after 200 training steps of a small digit network."""
    train, _ = load_bundled_split()
    net = Network([784, 16, 10], activation="relu", loss="cross_entropy", seed=0)
    net.train([train.images[i] for i in range(200)],
              train.labels[:200], epochs=1, learning_rate=0.05, shuffle=True)
    return weights_digest(net)


def measure_memory() -> str:
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "measure_mnist_memory.py")
    result = subprocess.run([sys.executable, script], capture_output=True, text=True)
    return (result.stdout + result.stderr).strip()


# %% The flags' types: a message naming the rule instead of a traceback later on
TRAIN_DIGITS = 4000   # load_bundled_split()'s training part: the digits a round can use


def _whole_number(text: str, minimum: int, maximum: Optional[int] = None) -> int:
    """int(text), or argparse's error "must be a whole number >= minimum, got text"
    (or "from minimum to maximum") if it is not one or is out of range."""
    if maximum is None:
        rule = f"a whole number >= {minimum}"
    else:
        rule = f"a whole number from {minimum} to {maximum}"
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be {rule}, got {text}") from None
    if value < minimum or (maximum is not None and value > maximum):
        raise argparse.ArgumentTypeError(f"must be {rule}, got {text}")
    return value


def rounds_count(text: str) -> int:
    """--rounds: a whole number >= 1 (a median needs at least one round)."""
    return _whole_number(text, 1)


def digits_per_round(text: str) -> int:
    """--per-round: a whole number from 1 to the 4,000 training digits."""
    return _whole_number(text, 1, TRAIN_DIGITS)


def warmup_steps(text: str) -> int:
    """--warmup: a whole number >= 0."""
    return _whole_number(text, 0)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--only", nargs="+",
                        choices=["walk", "step", "scaling", "train", "memory", "fingerprint"],
                        default=["walk", "step", "train", "memory", "fingerprint"])
    parser.add_argument("--rounds", type=rounds_count, default=15,
                        help="interleaved timing rounds")
    parser.add_argument("--per-round", type=digits_per_round, default=200,
                        help=f"digits per round (at most {TRAIN_DIGITS})")
    parser.add_argument("--warmup", type=warmup_steps, default=None,
                        help="untimed steps first (default: 50 on CPython, 2000 on PyPy)")
    args = parser.parse_args(argv)
    is_pypy = platform.python_implementation() == "PyPy"
    warmup = args.warmup if args.warmup is not None else (2000 if is_pypy else 50)
    print(f"{platform.python_implementation()} {platform.python_version()} on "
          f"{platform.machine()}, {os.cpu_count()} cores")

    if "walk" in args.only:
        print(walk_text(walkthrough_walk()))
    if "fingerprint" in args.only:
        print(f"fingerprint (must match across interpreters): {fingerprint()}")
    if "step" in args.only:
        r = measure_step(args.rounds, args.per_round, warmup)
        print(f"step 784-64-10, batch 1: classes {r['class_ms']:.3f} ms, scalar-loop floor "
              f"{r['floor_ms']:.3f} ms, ratio {r['ratio']:.2f} "
              + ("(PyPy target <= 1.00)" if is_pypy else "(CPython target <= 0.60)"))
    if "scaling" in args.only:
        print(f"scaling, median of {args.rounds} interleaved rounds of about "
              f"{args.per_round} digits (floor: dense scalar loops, gradients summed "
              f"over the batch, one update per batch):")
        print(scaling_table(args.rounds, args.per_round, warmup))
    if "train" in args.only:
        r = measure_train_run()
        print(f"default training run: {r['seconds']:.0f} s, held-out accuracy "
              f"{r['accuracy']:.2%} (targets <= 180 s on CPython, >= 96%); "
              f"weights fingerprint {r['fingerprint']}")
    if "memory" in args.only:
        print(f"full-size MNIST load: {measure_memory()}")


if __name__ == "__main__":
    main()
