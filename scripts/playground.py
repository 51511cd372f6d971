"""Serve the playground page: the project's own Python classes, running in the browser.

    python scripts/playground.py                 serve on http://127.0.0.1:8000/ and open it
    python scripts/playground.py --build site    write a static site to the folder site/

The page (scripts/playground/) runs Pyodide, CPython compiled to WebAssembly, and
writes this repository's neuron/, network/ and datasets/ files into it unchanged: the
classes that train in the page are the ones you read. This script

1. gets Pyodide: from ``--pyodide`` (an unpacked npm package folder or its .tgz), from
   the cache folder, or with ``npm pack pyodide@VERSION``; every file the page loads is
   checked against the SHA-256 written below. ``--cdn`` loads it from a public CDN
   instead (then nothing is downloaded here, but the page needs the internet);
2. serves the page, the Python files (read from the repository at every request, so an
   edit shows after a reload) and Pyodide on 127.0.0.1 only, prints the address and
   opens the browser (``--no-browser`` not);
3. or, with ``--build DIR``, copies the same files into DIR: a static site that any
   web server can host (GitHub Pages, ``python -m http.server``, a school's server).
"""
from __future__ import annotations

import argparse
import functools
import hashlib
import http.server
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import webbrowser
from typing import Dict, List, Optional

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PAGE_DIR = os.path.join(ROOT, "scripts", "playground")
# The project's folders the page imports, and the bundled digit files it reads.
PACKAGES = ("neuron", "network", "datasets")
DATA_FILES = ("datasets/data/mnist5k-images-idx3-ubyte.gz",
              "datasets/data/mnist5k-labels-idx1-ubyte.gz")
# The page's own files (everything else in scripts/playground/ is not served).
PAGE_FILES = ("index.html", "style.css", "main.js", "worker.js", "app.py")

PYODIDE_VERSION = "314.0.7"
# SHA-256 of the npm package (what `npm pack pyodide@314.0.7` downloads; npm itself
# checks it against the registry's sha512) and of each file the page loads from it.
PYODIDE_TGZ_SHA256 = "66b7949e5a0cba2250b586d7e368bf12fb482800748d182c4618254b685ffaa0"
PYODIDE_FILES = {
    "pyodide.mjs": "6f1d60f7bf529beb300f0f47983c921d3982363640ba20af0e38efdddbc66109",
    "pyodide.asm.mjs": "f7cdc8ece80678ceb712f8e65ebe6d3a83203a180c399865f49612a051693635",
    "pyodide.asm.wasm": "cc36e3cab04fdfc9a63ff13eb52eae2b911bf46c025cc7b281f394bd3de1d5e6",
    "python_stdlib.zip": "fa1957e5777068fc4f7437f96d860ae2fbe9c19732ba06c84e004ec16dd7dd7a",
    "pyodide-lock.json": "5dc2fc119108bc148c7457dc86e7675b5c87e1cafd420b9c34c1eaef7b36c010",
}
CDN_URL = f"https://cdn.jsdelivr.net/npm/pyodide@{PYODIDE_VERSION}/"

# Content types the browser needs to hear (WebAssembly must be application/wasm to
# compile while it downloads; modules must be JavaScript).
CONTENT_TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
                 ".js": "text/javascript; charset=utf-8",
                 ".mjs": "text/javascript; charset=utf-8", ".wasm": "application/wasm",
                 ".json": "application/json", ".py": "text/plain; charset=utf-8",
                 ".zip": "application/zip", ".gz": "application/octet-stream",
                 ".png": "image/png"}


class PlaygroundError(Exception):
    """Something the user can fix (a missing npm, a damaged Pyodide, a bad folder)."""


def default_cache_dir() -> str:
    """Where Pyodide is kept between runs: outside the repository."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "neuron-from-scratch", f"pyodide-{PYODIDE_VERSION}")


def sha256_of(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(functools.partial(file.read, 1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_pyodide_folder(folder: str) -> None:
    """Every file the page loads is there with its expected SHA-256."""
    for name, expected in PYODIDE_FILES.items():
        path = os.path.join(folder, name)
        if not os.path.isfile(path):
            raise PlaygroundError(f"{folder} is not Pyodide {PYODIDE_VERSION}: {name} is "
                                  f"missing")
        actual = sha256_of(path)
        if actual != expected:
            raise PlaygroundError(f"{path}: SHA-256 is {actual}, expected {expected} "
                                  f"(Pyodide {PYODIDE_VERSION}): another version, or a "
                                  f"damaged file")


def unpack_tgz(tgz: str, folder: str) -> None:
    """Check the npm package's SHA-256, then copy the page's files out of it."""
    actual = sha256_of(tgz)
    if actual != PYODIDE_TGZ_SHA256:
        raise PlaygroundError(f"{tgz}: SHA-256 is {actual}, expected {PYODIDE_TGZ_SHA256} "
                              f"(pyodide-{PYODIDE_VERSION}.tgz)")
    os.makedirs(folder, exist_ok=True)
    with tarfile.open(tgz, "r:gz") as archive:
        for name in PYODIDE_FILES:
            member = archive.getmember(f"package/{name}")
            source = archive.extractfile(member)
            with open(os.path.join(folder, name), "wb") as target:
                shutil.copyfileobj(source, target)
    check_pyodide_folder(folder)


def npm_pack(folder: str) -> None:
    """Download pyodide@VERSION with npm (the npm registry), check it, unpack it."""
    npm = shutil.which("npm")
    if npm is None:
        raise PlaygroundError(
            "npm was not found: install Node.js (with npm), or pass --pyodide with an "
            f"unpacked pyodide@{PYODIDE_VERSION} npm package or its .tgz, or use --cdn")
    with tempfile.TemporaryDirectory() as work:
        print(f"Getting Pyodide {PYODIDE_VERSION}: npm pack pyodide@{PYODIDE_VERSION}")
        done = subprocess.run([npm, "pack", f"pyodide@{PYODIDE_VERSION}", "--silent"],
                              cwd=work, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True)
        tgz = os.path.join(work, f"pyodide-{PYODIDE_VERSION}.tgz")
        if done.returncode != 0 or not os.path.isfile(tgz):
            raise PlaygroundError(f"npm pack pyodide@{PYODIDE_VERSION} failed: "
                                  f"{done.stderr.strip()[-500:] or done.returncode}")
        unpack_tgz(tgz, folder)


def get_pyodide(given: Optional[str], cache_dir: str, download: bool = True) -> str:
    """The folder holding Pyodide's files, checked: ``given`` (a folder or a .tgz), else
    the cache, else ``npm pack`` into the cache."""
    if given:
        if os.path.isdir(given):
            # an unpacked npm package has its files in package/
            inner = os.path.join(given, "package")
            folder = inner if os.path.isfile(os.path.join(inner, "pyodide.mjs")) else given
            check_pyodide_folder(folder)
            return folder
        if os.path.isfile(given) and given.endswith(".tgz"):
            unpack_tgz(given, cache_dir)
            return cache_dir
        raise PlaygroundError(f"--pyodide {given}: expected a folder or a .tgz file")
    try:
        check_pyodide_folder(cache_dir)
        return cache_dir
    except PlaygroundError:
        if not download:
            raise
    npm_pack(cache_dir)
    return cache_dir


def python_files() -> List[str]:
    """The project's .py files the page writes into Pyodide, relative to the repository
    (found afresh each time: a new file in network/ is served without a change here)."""
    found = []
    for package in PACKAGES:
        for folder, subfolders, files in os.walk(os.path.join(ROOT, package)):
            subfolders[:] = sorted(name for name in subfolders if name != "__pycache__")
            for name in sorted(files):
                if name.endswith(".py"):
                    path = os.path.relpath(os.path.join(folder, name), ROOT)
                    found.append(path.replace(os.sep, "/"))
    return found


def page_config(cdn: bool) -> Dict:
    """config.json: where the page finds Pyodide, and the files it writes into it."""
    return {"pyodide": CDN_URL if cdn else "pyodide/", "pyodide_version": PYODIDE_VERSION,
            "files": python_files(), "data": list(DATA_FILES)}


# ----- serving ------------------------------------------------------------------------------

class Handler(http.server.BaseHTTPRequestHandler):
    """GET only: the page's files, /py/<project file>, /pyodide/<file>, /config.json."""

    pyodide_dir: Optional[str] = None
    cdn = False
    quiet = False

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == "/":
            path = "/index.html"
        if path == "/config.json":
            self.send(json.dumps(page_config(self.cdn)).encode("utf-8"), ".json")
            return
        if path == "/favicon.ico":
            self.send_error(404)
            return
        source = self.source_of(path)
        if source is None or not os.path.isfile(source):
            self.send_error(404, "not part of the playground")
            return
        with open(source, "rb") as file:
            self.send(file.read(), os.path.splitext(source)[1])

    def source_of(self, path: str) -> Optional[str]:
        """The file behind a URL path, only if it is one the page may load."""
        name = path.lstrip("/")
        if name in PAGE_FILES:
            return os.path.join(PAGE_DIR, name)
        if name.startswith("py/"):
            relative = name[len("py/"):]
            if relative in python_files() or relative in DATA_FILES:
                return os.path.join(ROOT, *relative.split("/"))
        if name.startswith("pyodide/") and self.pyodide_dir is not None:
            relative = name[len("pyodide/"):]
            if relative in PYODIDE_FILES:
                return os.path.join(self.pyodide_dir, relative)
        return None

    def send(self, body: bytes, extension: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", CONTENT_TYPES.get(extension, "application/octet-stream"))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002 (http.server's name)
        if not self.quiet:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")


def make_server(port: int, pyodide_dir: Optional[str], cdn: bool,
                quiet: bool = False) -> http.server.ThreadingHTTPServer:
    """An HTTP server on 127.0.0.1 (port 0: any free port) for the page."""
    handler = type("PlaygroundHandler", (Handler,),
                   {"pyodide_dir": pyodide_dir, "cdn": cdn, "quiet": quiet})
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)


# ----- building a static site ---------------------------------------------------------------

def build(folder: str, pyodide_dir: Optional[str], cdn: bool) -> List[str]:
    """Copy the page, the project's files and Pyodide into ``folder``. Returns the files
    written, relative to it. A folder that holds anything but an earlier build is refused."""
    if os.path.exists(folder) and not os.path.isdir(folder):
        raise PlaygroundError(f"--build {folder}: it is a file, not a folder")
    if os.path.isdir(folder) and os.listdir(folder) and \
            not os.path.isfile(os.path.join(folder, "config.json")):
        raise PlaygroundError(f"--build {folder}: the folder is not empty and holds no "
                              f"earlier playground build; choose a new or empty folder")
    copies = {}
    for name in PAGE_FILES:
        copies[name] = os.path.join(PAGE_DIR, name)
    for relative in python_files() + list(DATA_FILES):
        copies["py/" + relative] = os.path.join(ROOT, *relative.split("/"))
    if not cdn:
        for name in PYODIDE_FILES:
            copies["pyodide/" + name] = os.path.join(pyodide_dir, name)
    for target, source in copies.items():
        path = os.path.join(folder, *target.split("/"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        shutil.copyfile(source, path)
    with open(os.path.join(folder, "config.json"), "w", encoding="utf-8") as file:
        json.dump(page_config(cdn), file, indent=1)
    return sorted(copies) + ["config.json"]


# ----- the command ----------------------------------------------------------------------------

def port_number(text: str) -> int:
    """--port: a whole number from 0 (any free port) to 65535."""
    try:
        port = int(text)
    except ValueError:
        port = -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"must be a port number from 0 (any free port) "
                                         f"to 65535, got {text}")
    return port


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        description="Serve (or build) the playground page: this project's Python classes "
                    "training in the browser through Pyodide.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--port", type=port_number, default=8000,
                        help="port on 127.0.0.1 (0: any free port)")
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser")
    parser.add_argument("--build", metavar="DIR", default=None,
                        help="write a self-contained static site to DIR instead of serving")
    parser.add_argument("--pyodide", metavar="PATH", default=None,
                        help=f"Pyodide {PYODIDE_VERSION}: an unpacked npm package folder or "
                             f"its .tgz (default: the cache, else npm pack)")
    parser.add_argument("--cache-dir", default=default_cache_dir(),
                        help="where Pyodide is kept between runs")
    parser.add_argument("--cdn", action="store_true",
                        help=f"load Pyodide from {CDN_URL} in the browser instead (the "
                             f"page then needs the internet)")
    parser.add_argument("--quiet", action="store_true", help="do not log each request")
    args = parser.parse_args(argv)
    if args.cdn and args.pyodide:
        parser.error("--cdn and --pyodide do not go together: the page loads Pyodide from "
                     "the CDN, or from the files you give, not both")
    if os.path.exists(args.cache_dir) and not os.path.isdir(args.cache_dir):
        parser.error(f"argument --cache-dir: {args.cache_dir} is a file, not a folder")
    if args.build and os.path.exists(args.build) and not os.path.isdir(args.build):
        parser.error(f"argument --build: {args.build} is a file, not a folder")

    try:
        pyodide_dir = None if args.cdn else get_pyodide(args.pyodide, args.cache_dir)
        if args.build:
            written = build(args.build, pyodide_dir, args.cdn)
            print(f"Wrote {len(written)} files to {args.build}. Host that folder on any "
                  f"web server, e.g.: python -m http.server --directory {args.build}")
            return 0
        server = make_server(args.port, pyodide_dir, args.cdn, args.quiet)
    except PlaygroundError as problem:
        print(f"playground: {problem}", file=sys.stderr)
        return 1
    except OSError as problem:
        print(f"playground: {problem}", file=sys.stderr)
        return 1
    address = f"http://127.0.0.1:{server.server_address[1]}/"
    print(f"The playground is at {address}  (Ctrl+C stops it)", flush=True)
    if not args.no_browser:
        webbrowser.open(address)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("stopped")
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
