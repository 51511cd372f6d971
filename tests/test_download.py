"""datasets.download against a local http.server on 127.0.0.1 (never the internet).

The server hands out tiny IDX files under the four official names; the checksum table
is swapped for theirs, so the real code path (download, check, rename) is exercised.
"""
from __future__ import annotations

import functools
import gzip
import hashlib
import http.server
import os
import random
import socket
import threading

import pytest

from datasets import download
from datasets.download import DownloadError, load_mnist
from datasets.mnist import DataFileError, write_idx_images, write_idx_labels


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    """Requests to 127.0.0.1 must not go through any proxy set in the environment."""
    monkeypatch.setenv("no_proxy", "*")
    monkeypatch.setenv("NO_PROXY", "*")


@pytest.fixture
def served(tmp_path, monkeypatch):
    """A folder with tiny MNIST-named files (3 train, 2 test digits); the checksum
    table is replaced by theirs. Returns (folder, labels by part)."""
    folder = tmp_path / "served"
    folder.mkdir()
    rng = random.Random(7)
    labels = {"train": [3, 1, 4], "t10k": [1, 5]}
    for prefix in ("train", "t10k"):
        count = len(labels[prefix])
        write_idx_images(str(folder / f"{prefix}-images-idx3-ubyte.gz"),
                         rng.randbytes(count * 784))
        write_idx_labels(str(folder / f"{prefix}-labels-idx1-ubyte.gz"), labels[prefix])
    table = {}
    for name in download.MNIST_FILES:
        data = (folder / name).read_bytes()
        table[name] = (len(data), hashlib.sha256(data).hexdigest())
    monkeypatch.setattr(download, "MNIST_FILES", table)
    return folder, labels


@pytest.fixture
def server(served):
    """An HTTP server for the served folder; yields (base URL, list of paths asked for)."""
    folder, _labels = served
    requests = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            super().do_GET()

        def log_message(self, *args):
            pass

    handler = functools.partial(Handler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/", requests
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


@pytest.fixture
def closed_url():
    """A URL on 127.0.0.1 where nothing listens: connections are refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def leftovers(folder):
    """Temporary files left in ``folder`` (there must never be any)."""
    names = []
    for name in os.listdir(folder):
        if name.endswith(".part"):
            names.append(name)
    return names


def test_download_checks_saves_and_loads(served, server, tmp_path):
    _folder, labels = served
    url, requests = server
    cache = tmp_path / "cache"
    train, test = load_mnist(cache_dir=str(cache), download=True, mirrors=[url],
                             verbose=False)
    assert train.labels == labels["train"] and test.labels == labels["t10k"]
    assert sorted(os.listdir(cache)) == sorted(download.MNIST_FILES)
    assert len(requests) == 4
    for name in download.MNIST_FILES:
        download.check_file(str(cache / name), name)   # raises if not the served bytes


def test_files_already_in_the_cache_are_not_downloaded_again(served, server, tmp_path,
                                                            closed_url):
    url, requests = server
    cache = str(tmp_path / "cache")
    load_mnist(cache_dir=cache, download=True, mirrors=[url], verbose=False)
    load_mnist(cache_dir=cache, download=True, mirrors=[url], verbose=False)
    assert len(requests) == 4
    # And offline (nothing listening), the cache is enough.
    train, _test = load_mnist(cache_dir=cache, download=True, mirrors=[closed_url],
                              verbose=False)
    assert len(train) == 3


def test_wrong_checksum_leaves_nothing_behind(served, server, tmp_path, monkeypatch):
    url, _requests = server
    name = download.TRAIN_LABELS
    size, _sha = download.MNIST_FILES[name]
    monkeypatch.setitem(download.MNIST_FILES, name, (size, "0" * 64))
    cache = tmp_path / "cache"
    with pytest.raises(DownloadError) as info:
        load_mnist(cache_dir=str(cache), download=True, mirrors=[url], verbose=False)
    message = str(info.value)
    assert name in message and url + name in message
    assert "SHA-256" in message and "0" * 64 in message and "discarded" in message
    assert not (cache / name).exists()
    assert leftovers(str(cache)) == []


def test_unreachable_server_gives_a_clear_message(served, tmp_path, closed_url):
    cache = tmp_path / "cache"
    with pytest.raises(DownloadError) as info:
        load_mnist(cache_dir=str(cache), download=True, mirrors=[closed_url], verbose=False)
    message = str(info.value)
    assert f"could not download {download.TRAIN_IMAGES}" in message
    assert closed_url + download.TRAIN_IMAGES in message
    assert "refused" in message.lower()
    assert "data_dir" in message and "--data-dir" in message
    assert os.listdir(cache) == []


def test_next_mirror_is_tried_when_one_fails(served, server, tmp_path, closed_url):
    url, _requests = server
    train, _test = load_mnist(cache_dir=str(tmp_path / "cache"), download=True,
                              mirrors=[closed_url, url + "missing/", url], verbose=False)
    assert len(train) == 3


def test_http_error_is_reported(served, server, tmp_path):
    url, _requests = server
    with pytest.raises(DownloadError, match="404"):
        load_mnist(cache_dir=str(tmp_path / "cache"), download=True,
                   mirrors=[url + "missing/"], verbose=False)


def test_missing_files_without_download_say_what_to_do(served, tmp_path):
    with pytest.raises(FileNotFoundError) as info:
        load_mnist(cache_dir=str(tmp_path / "empty"))
    message = str(info.value)
    assert download.TRAIN_IMAGES in message and "download=True" in message


def test_damaged_cached_file(served, server, tmp_path):
    url, requests = server
    cache = tmp_path / "cache"
    load_mnist(cache_dir=str(cache), download=True, mirrors=[url], verbose=False)
    damaged = cache / download.TEST_IMAGES
    damaged.write_bytes(damaged.read_bytes()[:-5])
    with pytest.raises(DataFileError) as info:
        load_mnist(cache_dir=str(cache), mirrors=[url], verbose=False)
    assert str(damaged) in str(info.value) and "SHA-256" in str(info.value)
    # With download=True the damaged file is fetched again.
    load_mnist(cache_dir=str(cache), download=True, mirrors=[url], verbose=False)
    assert len(requests) == 5
    download.check_file(str(damaged), download.TEST_IMAGES)


def test_data_dir_with_files_or_gunzipped_copies(served, tmp_path):
    folder, labels = served
    train, test = load_mnist(data_dir=str(folder))
    assert train.labels == labels["train"] and test.labels == labels["t10k"]
    plain = tmp_path / "plain"
    plain.mkdir()
    for name in download.MNIST_FILES:
        with gzip.open(str(folder / name), "rb") as packed:
            (plain / name[:-3]).write_bytes(packed.read())
    train, _test = load_mnist(data_dir=str(plain))
    assert train.labels == labels["train"]


def test_command_line(served, server, tmp_path, closed_url, capsys):
    url, _requests = server
    assert download.main(["--cache-dir", str(tmp_path / "a"), "--mirror", url]) == 0
    assert "Digits(name='mnist train', n=3" in capsys.readouterr().out
    assert download.main(["--cache-dir", str(tmp_path / "b"), "--mirror", closed_url]) == 1
    assert "could not download" in capsys.readouterr().err
