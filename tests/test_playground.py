"""The playground page (scripts/playground/) in a real browser: Debian's chromium driven
by Playwright, the page served by scripts/playground.py on 127.0.0.1, the project's own
Python running in it through Pyodide.

Every number the page shows is compared with the same computation in this CPython,
made with the library's plain calls (``Network.train``, ``trace``, ``predict``), not
with the page's glue (scripts/playground/app.py). The tests skip, with the reason, only
where Playwright, chromium or Pyodide is missing; CI installs all three (.ci/run). They
never download anything: Pyodide comes from PLAYGROUND_PYODIDE (a folder or .tgz) or
the cache folder that ``python scripts/playground.py`` fills with ``npm pack``.

PLAYGROUND_SCREENSHOTS=DIR also writes the screenshots to DIR (the README's picture:
``PLAYGROUND_SCREENSHOTS=scripts/playground python -m pytest tests/test_playground.py``).
"""
import hashlib
import importlib.util
import json
import os
import re
import shutil
import struct
import threading
import urllib.error
import urllib.request
import zlib

import pytest

from datasets import people, xor
from datasets.mnist import load_bundled_split
from datasets.shapes import moons
from network import Network
from network.fast import FastFit, FastNetwork
from network.losses import predicted_class
from network.saving import save_network
from network.tracing import trace

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHROMIUM = os.environ.get("PLAYGROUND_CHROMIUM", "/usr/bin/chromium")
# As root in a container chromium needs --no-sandbox; the others keep it from calling
# any Google service (this machine's network is closed; a test must not try).
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--disable-default-apps", "--no-default-browser-check",
                  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
LOAD_TIMEOUT_MS = 90_000      # Pyodide starts in 5-11 s here; a slow CI gets room
TRAIN_TIMEOUT_MS = 120_000


def load_playground_script():
    spec = importlib.util.spec_from_file_location(
        "playground_script", os.path.join(ROOT, "scripts", "playground.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


playground = load_playground_script()


# ----- what the browser needs, or a skip that says what is missing ------------------------

def pyodide_folder():
    """Pyodide's checked files, without downloading anything (skip if there are none)."""
    given = os.environ.get("PLAYGROUND_PYODIDE")
    try:
        return playground.get_pyodide(given, playground.default_cache_dir(), download=False)
    except playground.PlaygroundError as problem:
        pytest.skip(f"Pyodide {playground.PYODIDE_VERSION} is not here ({problem}); run "
                    f"`python scripts/playground.py --no-browser` once (npm pack) or set "
                    f"PLAYGROUND_PYODIDE")


@pytest.fixture(scope="module")
def server():
    folder = pyodide_folder()
    httpd = playground.make_server(0, folder, cdn=False, quiet=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="Playwright is not installed (pip install -e .[test])")
    if not os.path.isfile(CHROMIUM):
        pytest.skip(f"chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    manager = sync_api.sync_playwright().start()
    try:
        browser = manager.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
    except Exception as problem:     # noqa: BLE001 (any launch failure is a skip reason)
        manager.stop()
        pytest.skip(f"chromium at {CHROMIUM} does not start: {problem}")
    yield browser
    browser.close()
    manager.stop()


class Session:
    """One browser page on the playground, with everything it logged and requested."""

    def __init__(self, browser, url, viewport=(1400, 1000)):
        self.context = browser.new_context(viewport={"width": viewport[0],
                                                     "height": viewport[1]})
        self.requests, self.errors = [], []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page = self.context.new_page()
        self.page.on("console", self.console)
        self.page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        self.page.on("requestfailed", lambda request: self.errors.append(
            f"request failed: {request.url} {request.failure}"))
        self.page.goto(url)
        self.page.wait_for_function(
            "window.playground && window.playground.idle() || "
            "document.querySelector('#status').classList.contains('error')",
            timeout=LOAD_TIMEOUT_MS)
        assert not self.page.locator("#status.error").count(), self.page.text_content("#status")

    def console(self, message):
        if message.type in ("error", "warning"):
            self.errors.append(f"console {message.type}: {message.text}")

    def idle(self, timeout=TRAIN_TIMEOUT_MS):
        self.page.wait_for_function("window.playground.idle()", timeout=timeout)

    def settings(self, **values):
        """Operate the controls as a person would (then wait for the new run)."""
        for name, value in values.items():
            control = self.page.locator(f"#settings [name={name}]")
            if isinstance(value, bool):
                control.set_checked(value)
            elif control.evaluate("element => element.tagName") == "SELECT":
                control.select_option(str(value))
            else:
                control.fill(str(value))
                control.press("Tab")         # the change event: a new run
        self.page.wait_for_timeout(50)
        self.idle()

    def defaults(self):
        self.settings(dataset="xor", hidden="2", activation="sigmoid", loss="mse",
                      learning_rate="1", optimizer="sgd", schedule="constant",
                      batch_size="1", l2="0", dropout="0", epochs="3000", seed="0",
                      shuffle=False)
        self.page.click("#reset")
        self.idle()

    def train_to_end(self, pause_after_ms=None):
        """Train; optionally Pause once and go on (a chunk boundary), to the last epoch."""
        self.page.click("#train")
        if pause_after_ms is not None:
            self.page.wait_for_timeout(pause_after_ms)
            if self.page.text_content("#train") == "Pause":
                self.page.click("#train")
                self.idle()
                self.page.click("#train")
        self.page.wait_for_function(
            "document.querySelector('#numbers').dataset.done === 'true'",
            timeout=TRAIN_TIMEOUT_MS)
        self.idle()

    def weights(self):
        """name -> repr of every weight and bias the page shows."""
        return self.page.evaluate(
            "() => Object.fromEntries([...document.querySelectorAll('#weights button')]"
            ".map(b => [b.dataset.name, b.dataset.repr]))")

    def shown(self):
        """What the page shows: its pictures (as hashes of their pixels) and texts."""
        return self.page.evaluate("""() => {
            const hash = (text) => { let h = 0; for (let i = 0; i < text.length; i++)
                h = (h * 31 + text.charCodeAt(i)) | 0; return h; };
            const pictures = {};
            for (const id of ["network", "output", "loss"])
                pictures[id] = hash(document.getElementById(id).toDataURL());
            return {pictures, weights: document.querySelector('#weights').textContent,
                    numbers: document.querySelector('#numbers').textContent,
                    code: document.querySelector('#code').textContent};
        }""")

    def close(self):
        self.context.close()


@pytest.fixture(scope="module")
def session(browser, server):
    opened = Session(browser, server)
    yield opened
    opened.close()


def reprs(network):
    return {name: repr(value) for name, value in network.parameters().items()}


# ----- the page ---------------------------------------------------------------------------------

def test_page_loads_with_no_console_error(session):
    assert session.errors == []
    assert "ready" in session.page.text_content("#status")
    footer = session.page.text_content("#python-version")
    assert f"from {len(playground.python_files())} of the project's files" in footer
    # the first picture is the default run: the walkthrough's 2-2-1 network on XOR
    assert session.weights() == reprs(Network([2, 2, 1], seed=0))


def test_xor_trains_to_the_same_loss_as_cpython(session):
    session.defaults()
    session.train_to_end(pause_after_ms=300)
    X, Y = xor()
    net = Network([2, 2, 1], seed=0)
    history = net.train(X, Y, epochs=3000, learning_rate=1.0)   # the walkthrough's loop
    assert session.page.get_attribute("#numbers", "data-loss") == repr(history[-1])
    assert session.weights() == reprs(net)
    assert session.errors == []


def test_chunked_training_equals_one_uninterrupted_run(session):
    """Shuffle, Adam's state, a cosine schedule, mini-batches, L2 and dropout, trained in
    chunks with a One step and a Pause in between: bit for bit the weights of one
    uninterrupted fit.run() of the code the page shows, run in the page's Python
    ("Run it in one go"); and CPython's weights to within the last bits.

    Why not bit for bit with CPython here: Pyodide's math library (musl's) rounds some
    results differently in the last bit from this CPython's (glibc's): measured on 20,000
    arguments each, tanh differs for 8%, cos for 3%, exp, log and pow for under 0.1%
    (random.gauss, which draws the moons and the initial weights, uses log and cos).
    XOR with sigmoid (the test above) meets none of them, and is equal bit for bit."""
    session.settings(dataset="moons", hidden="4, 3", activation="tanh",
                     loss="binary_cross_entropy", learning_rate="0.02", optimizer="adam",
                     schedule="cosine", batch_size="7", l2="0.001", dropout="0.2",
                     epochs="6", seed="3", shuffle=True)
    session.page.click("#step")
    session.idle()
    session.train_to_end(pause_after_ms=300)
    session.page.click("#run-code")
    session.idle()
    assert session.page.get_attribute("#run-code-result", "data-same") == "true"
    assert "bit for bit" in session.page.text_content("#run-code-result")
    X, Y = moons(200, seed=0)
    net = Network([2, 4, 3, 1], activation="tanh", output_activation="sigmoid",
                  loss="binary_cross_entropy", seed=3, l2=0.001, dropout=0.2)
    net.train(X, Y, epochs=6, learning_rate=0.02, batch_size=7, shuffle=True,
              optimizer="adam", schedule="cosine")
    shown = session.weights()
    for name, value in net.parameters().items():
        assert float(shown[name]) == pytest.approx(value, rel=1e-9, abs=1e-12), name


def test_one_step_shows_the_trace_cpython_prints(session):
    """The page's step is trace()'s step: same text, same weights afterwards."""
    session.settings(dataset="people", hidden="3, 2", activation="sigmoid", loss="mse",
                     learning_rate="0.05", optimizer="sgd", schedule="constant",
                     batch_size="1", l2="0.01", dropout="0", epochs="10", seed="1",
                     shuffle=False)
    session.page.click("#step")
    session.idle()
    X, Y = people()
    net = Network([2, 3, 2, 1], output_activation="sigmoid", seed=1, l2=0.01)
    expected = trace(net, X[0], Y[0], learning_rate=0.05)
    assert session.page.text_content("#trace") == expected.text
    assert session.weights() == reprs(net)           # the step trace() took
    assert "This is the step the page took" in session.page.text_content("#trace-note")

    # Clicking a weight: its dL/dw as the chain of named factors, each factor's line
    session.page.click("#weights button[data-name=w1]")
    session.idle()
    lines = session.page.locator("#chain p").all_text_contents()
    by_name = {line.name: line for line in expected.lines if line.arrow == "="}
    assert lines[1] == by_name["dL/dw1"].text()
    # with L2: dL/dw1 = dloss/dw1 + dpenalty/dw1, and dloss/dw1 is a product
    terms = re.split(r" \* | \+ ", by_name["dL/dw1"].formula)
    assert terms == ["dloss/dw1", "dpenalty/dw1"]
    for name in terms + re.split(r" \* ", by_name["dloss/dw1"].formula):
        assert by_name[name].text() in lines, name


def test_one_step_with_adam_says_what_the_trace_is(session):
    session.settings(dataset="xor", hidden="2", activation="sigmoid", loss="mse",
                     learning_rate="0.1", optimizer="adam", l2="0", epochs="5", seed="0",
                     batch_size="2")
    session.page.click("#step")
    session.idle()
    X, Y = xor()
    net = Network([2, 2, 1], seed=0)
    assert session.page.text_content("#trace") == trace(net, X[0], Y[0], 0.1).text
    note = session.page.text_content("#trace-note")
    assert "plain SGD step on one sample" in note and "adam" in note
    # and the page's weights are Adam's, on the batch of samples 0 and 1
    adam = Network([2, 2, 1], seed=0)
    adam.train(X[:2], Y[:2], epochs=1, learning_rate=0.1, batch_size=2, optimizer="adam")
    assert session.weights() == reprs(adam)


CONTROLS = {"dataset": "circles", "hidden": "4", "activation": "relu",
            "loss": "binary_cross_entropy", "learning_rate": "0.9", "optimizer": "momentum",
            "schedule": "step", "batch_size": "5", "l2": "0.01", "dropout": "0.3",
            "epochs": "3", "seed": "7", "shuffle": True}
BASE = {"dataset": "moons", "hidden": "3", "activation": "sigmoid", "loss": "mse",
        "learning_rate": "0.5", "optimizer": "sgd", "schedule": "constant",
        "batch_size": "1", "l2": "0", "dropout": "0", "epochs": "2", "seed": "0",
        "shuffle": False}


def test_every_control_changes_what_the_page_shows(session):
    """Each setting, changed alone from BASE and trained to the end, changes the
    pictures or the numbers (not only the Python code the page prints)."""
    def result(settings):
        session.settings(**settings)
        session.train_to_end()
        shown = session.shown()
        del shown["code"]
        return shown

    base = result(BASE)
    for name, value in CONTROLS.items():
        changed = result(dict(BASE, **{name: value}))
        assert changed != base, f"changing {name} to {value!r} changed nothing shown"
        assert session.errors == [], name
    session.settings(**BASE)

    # the buttons: One step moves the weights, Reset brings the seed's back, Pause stops
    first = session.weights()
    session.page.click("#step")
    session.idle()
    assert session.weights() != first
    session.page.click("#reset")
    session.idle()
    assert session.weights() == first
    session.settings(epochs="100000")
    session.page.click("#train")
    session.page.wait_for_timeout(500)
    session.page.click("#train")                       # Pause
    session.idle()
    epoch = session.page.get_attribute("#numbers", "data-epoch")
    assert int(epoch) > 0
    session.page.wait_for_timeout(400)
    assert session.page.get_attribute("#numbers", "data-epoch") == epoch
    # an edge of the picture is a weight too: clicking it explains that weight
    session.page.click("#weights button[data-name=w2]")
    session.idle()
    assert session.page.locator("#chain p").nth(1).text_content().startswith("dL/dw2 =")
    # projector mode: larger type
    before = session.page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    session.page.click("#projector")
    after = session.page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    session.page.click("#projector")
    assert after >= 1.4 * before


def test_a_bad_setting_is_refused_with_a_sentence(session):
    session.settings(hidden="9")
    assert "each size is a whole number from 1 to 8, got 9" in \
        session.page.text_content("#status")
    session.errors.clear()
    session.settings(hidden="2")


# ----- digits ---------------------------------------------------------------------------------

def test_a_drawn_digit_is_classified_as_python_classifies_it(session, tmp_path):
    """A model saved by CPython, loaded by the page from its file; held-out bundled
    digits put onto the pad: the page's ten probabilities are CPython's, as repr."""
    train, test = load_bundled_split(n_test=1000, seed=0)
    part = train.subset(range(300))
    net = FastNetwork([784, 16, 10], activation="relu", loss="cross_entropy", seed=0)
    FastFit(net, part.images, part.labels, epochs=1, learning_rate=0.05, shuffle=True).run()
    model = tmp_path / "digits.json"
    save_network(net, str(model))

    session.page.click(".tab[data-tab=digits]")
    session.page.set_input_files("#d-model", str(model))
    session.page.wait_for_function("document.querySelector('#d-status').dataset.done === 'true'")
    session.idle()
    for i in (0, 1, 2, 3):
        pixels = list(test.pixels(i))
        session.page.evaluate("pixels => window.playground.drawPixels(pixels)", pixels)
        session.idle()
        assert session.page.evaluate("window.playground.readPad()") == pixels
        expected = net.predict(test.images[i])
        shown = session.page.evaluate(
            "[...document.querySelectorAll('#probabilities [data-repr]')]"
            ".map(e => e.dataset.repr)")
        assert shown == [repr(p) for p in expected]
        digit = session.page.get_attribute("#probabilities", "data-digit")
        assert int(digit) == predicted_class(expected)
        fired = sum(1 for neuron in net.layers[0].neurons if neuron.output > 0)
        assert session.page.get_attribute("#hidden", "data-fired") == str(fired)

    # a stroke with the mouse puts ink on the pad and the network reads it
    session.page.click("#clear")
    box = session.page.locator("#pad").bounding_box()
    session.page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.2)
    session.page.mouse.down()
    session.page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.8,
                            steps=12)
    session.page.mouse.up()
    session.idle()
    drawn = session.page.evaluate("window.playground.readPad()")
    assert sum(1 for p in drawn if p > 0) > 20
    shown = session.page.evaluate(
        "[...document.querySelectorAll('#probabilities [data-repr]')]"
        ".map(e => e.dataset.repr)")
    expected = net.predict([p / 255 for p in drawn])
    assert shown == [repr(p) for p in expected]

    # a model that deskews its digits (format version 2, the trainer's default) loads
    # in the page too, and the page deskews as CPython does
    deskewing = FastNetwork([784, 16, 10], activation="relu", loss="cross_entropy", seed=0,
                            preprocess="deskew")
    FastFit(deskewing, part.images, part.labels, epochs=1, learning_rate=0.05,
            shuffle=True).run()
    model_2 = tmp_path / "deskewing.json"
    save_network(deskewing, str(model_2))
    session.page.set_input_files("#d-model", str(model_2))
    session.page.wait_for_function(
        "document.querySelector('#d-status').textContent.includes('deskew')")
    session.idle()
    for i in (4, 5):
        session.page.evaluate("pixels => window.playground.drawPixels(pixels)",
                              list(test.pixels(i)))
        session.idle()
        shown = session.page.evaluate(
            "[...document.querySelectorAll('#probabilities [data-repr]')]"
            ".map(e => e.dataset.repr)")
        assert shown == [repr(p) for p in deskewing.predict(test.images[i])]
    assert session.errors == []


def test_digits_trained_in_the_page_are_cpythons_network(session):
    """Trained in the page (progress bar to the end): CPython's network, to within the
    last bits (random.gauss draws the initial weights with log and cos, and softmax
    uses exp, where the two math libraries may round differently: see above)."""
    session.page.click(".tab[data-tab=digits]")
    session.page.select_option("#d-hidden", "16")
    session.page.select_option("#d-count", "500")
    session.page.select_option("#d-epochs", "1")
    session.page.fill("#d-rate", "0.05")
    session.page.click("#d-train")
    session.page.wait_for_function(
        "document.querySelector('#d-status').dataset.done === 'true'",
        timeout=TRAIN_TIMEOUT_MS)
    assert session.page.evaluate("document.querySelector('#d-progress').value") == 1
    session.idle()
    train, test = load_bundled_split(n_test=1000, seed=0)
    part = train.subset(range(500))
    net = FastNetwork([784, 16, 10], activation="relu", loss="cross_entropy", seed=0,
                      preprocess="deskew")      # the page deskews, as the trainer does
    FastFit(net, part.images, part.labels, epochs=1, learning_rate=0.05, shuffle=True,
            epoch_loss="running").run()
    session.page.evaluate("pixels => window.playground.drawPixels(pixels)",
                          list(test.pixels(5)))
    session.idle()
    shown = session.page.evaluate(
        "[...document.querySelectorAll('#probabilities [data-repr]')]"
        ".map(e => e.dataset.repr)")
    expected = net.predict(test.images[5])
    assert [float(p) for p in shown] == pytest.approx(expected, rel=1e-9, abs=1e-15)
    digit = session.page.get_attribute("#probabilities", "data-digit")
    assert int(digit) == predicted_class(expected)
    accuracy = net.evaluate(test.images[:500], test.labels[:500])["accuracy"]
    assert f"{100 * accuracy:.1f}% right on 500 held-out digits" in \
        session.page.text_content("#d-status")
    session.page.click(".tab[data-tab=plane]")


# ----- screenshots: projector and phone -------------------------------------------------------

def png_pixels(data):
    """(width, height, rows of RGB triples) of an 8-bit RGB or RGBA PNG (what chromium
    writes), decoded with zlib: the filters of the PNG specification, section 9."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks, header = 8, [], None
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            chunks.append(body)
        position += 12 + length
    width, height, depth, colour, _compression, _filter, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, header
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                nearest = left if pa <= pb and pa <= pc else (up if pb <= pc else corner)
                line[i] = (line[i] + nearest) & 255
        rows.append([tuple(line[i:i + 3]) for i in range(0, stride, channels)])
        previous = line
    return width, height, rows


def assert_not_blank(png, what):
    """Many colours, and a good share of pixels that are not the background."""
    width, height, rows = png_pixels(png)
    colours, inked = set(), 0
    for row in rows[::3]:
        for pixel in row[::3]:
            colours.add(pixel)
            inked += pixel != (255, 255, 255)
    sampled = len(rows[::3]) * len(rows[0][::3])
    assert len(colours) > 200, f"{what}: only {len(colours)} colours"
    assert inked / sampled > 0.15, f"{what}: {inked / sampled:.1%} of the pixels drawn"
    return width, height


def keep(png, name, tmp_path):
    (tmp_path / name).write_bytes(png)
    folder = os.environ.get("PLAYGROUND_SCREENSHOTS")
    if folder:
        with open(os.path.join(folder, name), "wb") as file:
            file.write(png)


def overflowing(page):
    """Elements that reach past the right edge of the screen (none may)."""
    return page.evaluate("""() => {
        const width = document.documentElement.clientWidth;
        const out = [];
        if (document.documentElement.scrollWidth > width)
            out.push(`the page is ${document.documentElement.scrollWidth}px wide`);
        for (const element of document.querySelectorAll('body *')) {
            const box = element.getBoundingClientRect();
            if (box.width === 0 || element.closest('pre')) continue;
            if (box.right > width + 0.5 || box.left < -0.5)
                out.push(`${element.tagName}#${element.id}.${element.className}: ` +
                         `${box.left.toFixed(0)}..${box.right.toFixed(0)}`);
        }
        return out;
    }""")


def test_screenshots_at_projector_and_phone_sizes(session, tmp_path):
    page = session.page
    session.defaults()
    page.click("#train")
    page.wait_for_function("document.querySelector('#numbers').dataset.epoch > 1500",
                           timeout=TRAIN_TIMEOUT_MS)
    page.click("#train")                          # Pause half way, then one step
    session.idle()
    page.click("#step")
    session.idle()
    page.click("#weights button[data-name=w5]")
    session.idle()

    png = page.screenshot()                       # the README's picture
    assert assert_not_blank(png, "desktop screenshot") == (1400, 1000)
    keep(png, "screenshot.png", tmp_path)

    page.set_viewport_size({"width": 1920, "height": 1080})
    page.click("#projector")
    page.wait_for_timeout(200)
    png = page.screenshot()
    assert assert_not_blank(png, "projector screenshot") == (1920, 1080)
    keep(png, "screenshot-projector.png", tmp_path)
    page.click("#projector")

    page.set_viewport_size({"width": 375, "height": 740})
    page.wait_for_timeout(200)
    for tab in ("plane", "digits"):
        page.click(f".tab[data-tab={tab}]")
        page.wait_for_timeout(100)
        assert overflowing(page) == [], f"{tab} tab at 375px"
    page.click(".tab[data-tab=plane]")
    page.wait_for_timeout(200)
    png = page.screenshot(full_page=True)
    width, _height = assert_not_blank(png, "phone screenshot")
    assert width == 375
    keep(png, "screenshot-phone.png", tmp_path)
    page.set_viewport_size({"width": 1400, "height": 1000})
    assert session.errors == []


# ----- the static site, and what the server gives out -----------------------------------------

def test_the_built_site_runs_on_a_plain_web_server(browser, tmp_path):
    """--build writes the repository's files themselves (byte for byte) and Pyodide; the
    folder served by Python's own http.server runs the page."""
    folder = pyodide_folder()
    site = tmp_path / "site"
    written = playground.build(str(site), folder, cdn=False)
    for relative in playground.python_files() + list(playground.DATA_FILES):
        with open(os.path.join(ROOT, relative), "rb") as original:
            assert (site / "py" / relative).read_bytes() == original.read(), relative
    assert "pyodide/pyodide.asm.wasm" in written
    config = json.loads((site / "config.json").read_text())
    assert config["pyodide"] == "pyodide/"
    assert config["files"] == playground.python_files()

    import functools
    import http.server

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        built = Session(browser, f"http://127.0.0.1:{httpd.server_address[1]}/")
        assert built.errors == []
        built.page.click("#step")
        built.idle()
        X, Y = xor()
        assert built.page.text_content("#trace") == \
            trace(Network([2, 2, 1], seed=0), X[0], Y[0], learning_rate=1.0).text
        assert all(url.startswith("http://127.0.0.1:") for url in built.requests)
        built.close()
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_build_refuses_a_folder_that_holds_other_things(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(playground.PlaygroundError, match="not empty"):
        playground.build(str(tmp_path), None, cdn=True)
    assert os.listdir(tmp_path) == ["notes.txt"]


def test_a_damaged_pyodide_is_refused_by_name(tmp_path):
    folder = pyodide_folder()
    copy = tmp_path / "pyodide"
    shutil.copytree(folder, copy)
    with open(copy / "python_stdlib.zip", "r+b") as file:
        file.seek(1000)
        byte = file.read(1)
        file.seek(1000)
        file.write(bytes([byte[0] ^ 1]))
    with pytest.raises(playground.PlaygroundError, match="python_stdlib.zip: SHA-256 is"):
        playground.get_pyodide(str(copy), str(tmp_path / "cache"), download=False)
    digest = hashlib.sha256((copy / "pyodide.asm.wasm").read_bytes()).hexdigest()
    assert digest == playground.PYODIDE_FILES["pyodide.asm.wasm"]


def test_the_server_gives_out_only_the_page_and_the_project_files(server):
    def status_of(path):
        try:
            with urllib.request.urlopen(server + path, timeout=10) as answer:
                return answer.status, answer.headers["Content-Type"]
        except urllib.error.HTTPError as problem:
            return problem.code, None

    assert status_of("py/network/network.py") == (200, "text/plain; charset=utf-8")
    assert status_of("pyodide/pyodide.asm.wasm") == (200, "application/wasm")
    assert status_of("main.js")[1].startswith("text/javascript")
    for path in ("py/setup.cfg", "py/../setup.cfg", "py/tests/test_network.py",
                 "pyodide/package.json", "..%2fsetup.cfg", "app.pyc"):
        assert status_of(path)[0] == 404, path


def test_no_request_left_127_0_0_1(session, server):
    """Run last: everything the page asked for, the worker's requests included."""
    assert session.requests, "no request was recorded"
    outside = [url for url in session.requests
               if not url.startswith(server) and not url.startswith("data:")]
    assert outside == []
    assert any(url.endswith("/pyodide/pyodide.asm.wasm") for url in session.requests)
    assert any(url.endswith("/py/network/network.py") for url in session.requests)
