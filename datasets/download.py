"""The full MNIST: 60,000 training and 10,000 test digits from the four official files.

    train, test = load_mnist(data_dir="~/mnist")   # the four .gz files you downloaded
    train, test = load_mnist(download=True)        # fetch once into ~/.cache/neuron-mnist

    python -m datasets.download                    # the same download, from a shell

The files (IDX format, see datasets.mnist) are the ones Yann LeCun, Corinna Cortes and
Christopher J.C. Burges published at http://yann.lecun.com/exdb/mnist/ (CC BY-SA 3.0).
That site often refuses scripted downloads now, so the default mirrors are the copies
PyTorch and TensorFlow download from. Every file is checked against its SHA-256 below:
it is written to a temporary file next to its final place and renamed only after the
check passes, so a broken or partial download never looks like a good file.

Nothing here runs at import time; nothing touches the network unless asked to.
"""
# %%
from __future__ import annotations

import argparse
import hashlib
import http.client
import numbers
import os
import sys
import tempfile
import urllib.error
import urllib.request
from typing import Dict, List, Optional, Sequence, Tuple

from datasets.mnist import (DataFileError, Digits, _short_repr, digit_as_text, file_sha256,
                            load_idx)

TRAIN_IMAGES = "train-images-idx3-ubyte.gz"
TRAIN_LABELS = "train-labels-idx1-ubyte.gz"
TEST_IMAGES = "t10k-images-idx3-ubyte.gz"
TEST_LABELS = "t10k-labels-idx1-ubyte.gz"

# name: (size in bytes, SHA-256). Two independent public records agree on all four:
#   tensorflow/datasets  tensorflow_datasets/url_checksums/mnist.txt
#   huggingface/datasets datasets/mnist/dataset_infos.json ("download_checksums")
# (both list the storage.googleapis.com/cvdf-datasets/mnist/ copies; the same four
# sums appear in many other projects that download from yann.lecun.com or the
# ossci-datasets mirror, since all three serve the same bytes).
MNIST_FILES: Dict[str, Tuple[int, str]] = {
    TRAIN_IMAGES: (9912422, "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
    TRAIN_LABELS: (28881, "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
    TEST_IMAGES: (1648877, "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
    TEST_LABELS: (4542, "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"),
}

# Tried in this order; each is a folder URL that holds the four files.
MIRRORS: List[str] = [
    "https://ossci-datasets.s3.amazonaws.com/mnist/",      # PyTorch's copy
    "https://storage.googleapis.com/cvdf-datasets/mnist/",  # TensorFlow's copy (CVDF)
]

CHUNK_SIZE = 1 << 16   # bytes read from the network at a time


class DownloadError(OSError):
    """No mirror gave a good copy of a file (offline, not found, or wrong checksum)."""


def default_cache_dir() -> str:
    """Where downloads go unless told otherwise: $XDG_CACHE_HOME/neuron-mnist, or
    ~/.cache/neuron-mnist."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "neuron-mnist")


def check_file(path: str, name: str) -> None:
    """Raise DataFileError if ``path`` is not the official ``name`` (by SHA-256)."""
    if not isinstance(name, str) or name not in MNIST_FILES:
        raise ValueError(f"unknown MNIST file {name!r}; the files are {sorted(MNIST_FILES)}")
    expected_size, expected_sha = MNIST_FILES[name]
    actual_sha = file_sha256(path)
    if actual_sha != expected_sha:
        raise DataFileError(
            f"{path}: SHA-256 is {actual_sha} ({os.path.getsize(path):,} bytes), but the "
            f"official {name} has {expected_sha} ({expected_size:,} bytes): the file is "
            f"damaged or a different file. Delete it and download it again.")


# %% Downloading one file -----------------------------------------------------------

def _fetch_checked(url: str, path: str, name: str, timeout: float) -> int:
    """Download ``url`` to ``path`` if its SHA-256 is the official one; returns its size.

    The bytes go to a temporary file in the same folder, renamed to ``path`` only
    after the check; on any failure the temporary file is removed and nothing is left.
    """
    expected_size, expected_sha = MNIST_FILES[name]
    folder = os.path.dirname(os.path.abspath(path))
    handle, temp_path = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".part")
    try:
        digest = hashlib.sha256()
        size = 0
        with os.fdopen(handle, "wb") as out:
            with urllib.request.urlopen(url, timeout=timeout) as response:
                chunk = response.read(CHUNK_SIZE)
                while chunk:
                    out.write(chunk)
                    digest.update(chunk)
                    size += len(chunk)
                    chunk = response.read(CHUNK_SIZE)
        actual_sha = digest.hexdigest()
        if actual_sha != expected_sha:
            raise DataFileError(
                f"got {size:,} bytes with SHA-256 {actual_sha}, but the official {name} "
                f"has {expected_sha} ({expected_size:,} bytes); discarded")
        os.replace(temp_path, path)   # atomic: the file appears complete or not at all
        temp_path = ""
        return size
    finally:
        if temp_path and os.path.exists(temp_path):
            os.remove(temp_path)


def download_file(name: str, folder: str, mirrors: Optional[Sequence[str]] = None,
                  timeout: float = 30.0, verbose: bool = True) -> str:
    """Download the official ``name`` into ``folder``, trying each mirror in turn.

    Returns the file's path. Raises DownloadError listing every URL tried and why it
    failed (no connection, HTTP error, wrong SHA-256) if no mirror gave a good copy.
    """
    if not isinstance(name, str) or name not in MNIST_FILES:
        raise ValueError(f"unknown MNIST file {name!r}; the files are {sorted(MNIST_FILES)}")
    if mirrors is None:
        mirrors = MIRRORS
    mirrors = _check_mirrors(mirrors)
    if isinstance(timeout, bool) or not isinstance(timeout, numbers.Real) or \
            not 0 < timeout <= sys.float_info.max:
        raise ValueError(f"timeout must be a number of seconds > 0, got "
                         f"{_short_repr(timeout)}")
    timeout = float(timeout)
    _check_folder(folder, "folder")
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, name)
    failures = []
    for base_url in mirrors:
        url = base_url.rstrip("/") + "/" + name
        if verbose:
            print(f"downloading {url} ...", flush=True)
        try:
            size = _fetch_checked(url, path, name, timeout)
        except (urllib.error.URLError, http.client.HTTPException, OSError,
                DataFileError) as error:
            failures.append(f"  {url}: {error}")
            if verbose:
                print(f"  failed: {error}", flush=True)
            continue
        if verbose:
            print(f"  saved {path} ({size:,} bytes, SHA-256 checked)", flush=True)
        return path
    raise DownloadError(
        f"could not download {name} into {folder}; tried:\n" + "\n".join(failures) +
        "\nIf you are offline or these mirrors are blocked, get the four files "
        f"({', '.join(MNIST_FILES)}) some other way, put them in one folder and pass "
        "data_dir=FOLDER (--data-dir FOLDER on the command line).")


def _check_mirrors(mirrors) -> List[str]:
    """``mirrors`` as a list, or a ValueError unless it is a non-empty list of URLs."""
    if isinstance(mirrors, (str, bytes)) or not hasattr(mirrors, "__iter__"):
        raise ValueError(f"mirrors must be a list of folder URLs such as "
                         f"[{MIRRORS[0]!r}], got {mirrors!r}")
    mirrors = list(mirrors)
    for position, base_url in enumerate(mirrors):
        if not isinstance(base_url, str):
            raise ValueError(f"mirrors[{position}] is {base_url!r}, expected a folder URL "
                             f"such as {MIRRORS[0]!r}")
    if not mirrors:
        raise ValueError("mirrors is empty: give at least one folder URL to download from")
    return mirrors


def _check_folder(folder, what: str) -> None:
    """A clear error if ``folder`` is not a folder name, or names an existing file."""
    if not isinstance(folder, (str, os.PathLike)):
        raise TypeError(f"{what} must be a folder name such as 'mnist', got {folder!r}")
    expanded = os.path.expanduser(folder)
    if os.path.exists(expanded) and not os.path.isdir(expanded):
        raise NotADirectoryError(f"{what} {os.fspath(folder)} is a file, not a folder: give "
                                 f"the folder that holds (or will hold) the four MNIST files")


# %% Finding the four files and loading them ---------------------------------------

def _find_file(folder: str, name: str, download: bool, mirrors: Optional[Sequence[str]],
               verify: bool, verbose: bool) -> str:
    """The path of ``name`` in ``folder``: checked, or downloaded if allowed."""
    path = os.path.join(folder, name)
    if os.path.exists(path):
        if not verify:
            return path
        try:
            check_file(path, name)
            return path
        except DataFileError:
            if not download:
                raise
            if verbose:
                print(f"{path}: wrong SHA-256, downloading it again", flush=True)
            os.remove(path)
    elif not download:
        unpacked = path[:-len(".gz")]
        if os.path.exists(unpacked):
            return unpacked   # gunzipped by the user; only the .gz sums are known
        raise FileNotFoundError(
            f"{path} not found. Put the four MNIST files ({', '.join(MNIST_FILES)}) in "
            f"{folder}, or let the program download them: load_mnist(download=True) "
            f"(--download on the command line).")
    return download_file(name, folder, mirrors, verbose=verbose)


def fetch_mnist(cache_dir: Optional[str] = None, mirrors: Optional[Sequence[str]] = None,
                verbose: bool = True) -> str:
    """Make sure the four official files are in ``cache_dir``, downloading what is
    missing or damaged; returns the folder."""
    if cache_dir:
        _check_folder(cache_dir, "cache_dir")
    folder = os.path.expanduser(cache_dir) if cache_dir else default_cache_dir()
    for name in MNIST_FILES:
        _find_file(folder, name, True, mirrors, True, verbose)
    return folder


def load_mnist(data_dir: Optional[str] = None, download: bool = False,
               cache_dir: Optional[str] = None, mirrors: Optional[Sequence[str]] = None,
               verify: bool = True, verbose: bool = True) -> Tuple[Digits, Digits]:
    """(train, test): the official 60,000 training and 10,000 test digits.

    Reads the four files from ``data_dir`` if given, else from ``cache_dir`` (default
    ~/.cache/neuron-mnist). Missing files are downloaded there only if ``download``;
    a file with the wrong SHA-256 raises DataFileError (or, with ``download``, is
    fetched again). Gunzipped copies (the same names without .gz) are read too, but
    only the .gz files can be checked. Memory: about 55 MB for the pixels.
    """
    if data_dir is not None:
        _check_folder(data_dir, "data_dir")
        folder = os.path.expanduser(data_dir)
    elif cache_dir is not None:
        _check_folder(cache_dir, "cache_dir")
        folder = os.path.expanduser(cache_dir)
    else:
        folder = default_cache_dir()
    paths = {}
    for name in MNIST_FILES:
        paths[name] = _find_file(folder, name, download, mirrors, verify, verbose)
    train = load_idx(paths[TRAIN_IMAGES], paths[TRAIN_LABELS], name="mnist train")
    test = load_idx(paths[TEST_IMAGES], paths[TEST_LABELS], name="mnist test")
    return train, test


# %% Command line -------------------------------------------------------------------

def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        description="Download the four official MNIST files (SHA-256 checked) and load them.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--cache-dir", default=default_cache_dir(),
                        help="folder for the downloaded files")
    parser.add_argument("--mirror", action="append", default=None,
                        help=f"folder URL holding the files; repeat to try several "
                             f"(default: {' then '.join(MIRRORS)})")
    args = parser.parse_args(argv)
    try:
        folder = fetch_mnist(args.cache_dir, args.mirror)
        train, test = load_mnist(cache_dir=folder, verbose=False)
    except (OSError, ValueError) as error:   # DownloadError and DataFileError among them
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(train)
    print(test)
    print(f"test digit 0, a {test.labels[0]}:")
    print(digit_as_text(test.pixels(0)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
