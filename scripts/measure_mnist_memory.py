"""Measure the peak memory and time of loading MNIST-sized data with datasets.mnist.

    python scripts/measure_mnist_memory.py                  # full size: 60,000 + 10,000
    python scripts/measure_mnist_memory.py --python pypy3   # the same under PyPy
    python scripts/measure_mnist_memory.py --train 600 --test 100   # a quick run

Writes a synthetic set of the full MNIST's size (random digits from random.Random(seed),
about 80% blank pixels like real digits) as four IDX gzip files in a temporary folder,
then loads them in a fresh interpreter and prints that process's peak resident memory
(resource.getrusage ru_maxrss) and the load time. It measures the bundled 5,000 digits
the same way. The full set must load in under LIMIT_MB. Unix only (resource module).
"""
# %%
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from typing import Dict, List

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if REPO_ROOT not in sys.path:
    sys.path.insert(0, REPO_ROOT)

from datasets import mnist  # noqa: E402

LIMIT_MB = 250.0

# Run in a fresh interpreter, so its peak memory is the loader's alone (plus the
# interpreter's own few MB, measured separately as "baseline").
CHILD_CODE = r"""
import json, os, resource, sys, time
sys.path.insert(0, sys.argv[1])

def peak_mb():
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # ru_maxrss is in kilobytes on Linux, in bytes on macOS.
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024

from datasets import mnist
baseline = peak_mb()
start = time.perf_counter()
if sys.argv[2] == "bundled":
    parts = [mnist.load_bundled()]
else:
    folder = sys.argv[2]
    parts = [mnist.load_idx(os.path.join(folder, "train-images-idx3-ubyte.gz"),
                            os.path.join(folder, "train-labels-idx1-ubyte.gz")),
             mnist.load_idx(os.path.join(folder, "t10k-images-idx3-ubyte.gz"),
                            os.path.join(folder, "t10k-labels-idx1-ubyte.gz"))]
seconds = time.perf_counter() - start
x = parts[0].images[len(parts[0]) - 1]   # one digit as floats, as training would
print(json.dumps({"digits": sum(len(part) for part in parts), "seconds": seconds,
                  "baseline_mb": baseline, "peak_mb": peak_mb(),
                  "python": sys.implementation.name + " " + sys.version.split()[0]}))
"""


def write_synthetic(folder: str, n_train: int, n_test: int, seed: int) -> None:
    """Write random digits in the official files' names and format into ``folder``.

    Compressed at level 1: level 9 takes a minute on random pixels, and the level
    does not change what the loader holds in memory.
    """
    rng = random.Random(seed)
    # Map each random byte 0..255 to a pixel: 0..204 -> 0 (blank, 80%), the rest
    # spread over 5..255 (ink), so the files compress roughly like real digits.
    table = bytearray(256)
    for value in range(205, 256):
        table[value] = (value - 205) * 5 + 5
    for prefix, count in (("train", n_train), ("t10k", n_test)):
        pixels = rng.randbytes(count * mnist.PIXELS_PER_DIGIT).translate(bytes(table))
        labels = []
        for _ in range(count):
            labels.append(rng.randrange(10))
        mnist.write_idx_images(os.path.join(folder, f"{prefix}-images-idx3-ubyte.gz"), pixels,
                               compresslevel=1)
        mnist.write_idx_labels(os.path.join(folder, f"{prefix}-labels-idx1-ubyte.gz"), labels)
        del pixels


def measure(python: str, what: str) -> Dict[str, object]:
    """Load ``what`` ("bundled" or a folder) in a new ``python`` process; its numbers."""
    result = subprocess.run([python, "-c", CHILD_CODE, REPO_ROOT, what],
                            stdout=subprocess.PIPE)
    if result.returncode != 0:        # its own error message is on the screen above
        raise SystemExit(f"error: {python} could not load the {what} digits (exit code "
                         f"{result.returncode}); is it a Python 3 interpreter?")
    return json.loads(result.stdout.decode())


def positive_int(text: str) -> int:
    """argparse type of --train: a whole number >= 1."""
    return _whole_number(text, 1)


def non_negative_int(text: str) -> int:
    """argparse type of --test: a whole number >= 0."""
    return _whole_number(text, 0)


def _whole_number(text: str, minimum: int) -> int:
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or value < minimum:
        raise argparse.ArgumentTypeError(f"must be a whole number >= {minimum}, got {text}")
    return value


def main(argv: List[str] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--python", default=sys.executable,
                        help="interpreter that does the loading (e.g. pypy3)")
    parser.add_argument("--train", type=positive_int, default=60000,
                        help="synthetic training digits")
    parser.add_argument("--test", type=non_negative_int, default=10000,
                        help="synthetic test digits")
    parser.add_argument("--seed", type=int, default=0, help="seed for the synthetic digits")
    parser.add_argument("--write-only", metavar="FOLDER", default=None,
                        help="only write the synthetic files into FOLDER (used internally)")
    args = parser.parse_args(argv)
    if args.write_only is not None and not os.path.isdir(args.write_only):
        parser.error(f"argument --write-only: {args.write_only} is not a folder; give an "
                     f"existing folder")
    if args.write_only is None and shutil.which(args.python) is None:
        parser.error(f"argument --python: {args.python} is not a program that can be run; "
                     f"give an interpreter on the PATH such as pypy3, or its full path")
    if args.write_only:
        write_synthetic(args.write_only, args.train, args.test, args.seed)
        return 0

    bundled = measure(args.python, "bundled")
    with tempfile.TemporaryDirectory() as folder:
        # Written by another process: on Linux a child's ru_maxrss starts at its
        # parent's peak, so this process must never hold the synthetic digits.
        subprocess.run([sys.executable, os.path.abspath(__file__), "--write-only", folder,
                        "--train", str(args.train), "--test", str(args.test),
                        "--seed", str(args.seed)], check=True)
        full = measure(args.python, folder)
    for label, numbers in (("bundled", bundled), ("synthetic", full)):
        print(f"{label:9s} {numbers['digits']:6,d} digits  load {numbers['seconds']:6.2f} s  "
              f"peak {numbers['peak_mb']:6.1f} MB  (interpreter + import alone "
              f"{numbers['baseline_mb']:.1f} MB; {numbers['python']})")
    if full["peak_mb"] >= LIMIT_MB:
        print(f"FAIL: peak {full['peak_mb']:.1f} MB is not under {LIMIT_MB:.0f} MB")
        return 1
    print(f"ok: under {LIMIT_MB:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
