"""The Python side of the playground page: the project's own classes, run in the browser.

The page (index.html, main.js) runs this file inside Pyodide, CPython compiled to
WebAssembly, in a Web Worker (worker.js). The worker writes the project's own
neuron/, network/ and datasets/ files, unchanged, into Pyodide's file system, so the
imports below are the very files you read in the repository. Nothing here does any
of the network's arithmetic: it builds a ``Network``, trains it with the fit loop's
``Fit.run(max_batches=N)`` (a few batches at a time, so the page never freezes, with
the same weights as one uninterrupted run), asks ``trace`` for the numbers of a step,
and hands the page plain numbers as JSON to draw.

It runs in CPython too (``python scripts/playground/app.py`` prints what the page
would show first), which is how tests/test_playground.py reads it.

    Playground(settings)   the 2-D page: dataset, network, fit loop, trace
    DigitsPage()           the digits page: train or load a 784-H-10 network, classify
"""
from __future__ import annotations

import json
import os
import re
import sys
from typing import Dict, List, Optional

if __name__ == "__main__":      # run from the repository: the project's folders first
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))

from datasets import people, xor
from datasets.shapes import circles, moons, spirals, xor_blobs
from network import Fit, Network, TrainingDiverged
from network.fast import FastFit, FastNetwork
from network.losses import predicted_class
from network.optimizers import SGD
from network.plots import CLASS_COLORS, CLASS_MARKERS, WEIGHT_COLORS
from network.plots.neurons import layer_ranges, neuron_output_grid, neuron_view_bounds
from network.saving import network_from_dict
from network.tracing import trace

# name -> (what the page calls it, the Python that makes it, the function and its arguments)
DATASETS = {
    "xor": ("XOR (4 points)", "xor()", xor, ()),
    "people": ("the people (Alice, Bob, Charlie, Diana)", "people()", people, ()),
    "xor_blobs": ("XOR blobs (200 points)", "xor_blobs(200, seed=0)", xor_blobs, (200,)),
    "moons": ("moons (200 points)", "moons(200, seed=0)", moons, (200,)),
    "circles": ("circles (200 points)", "circles(200, seed=0)", circles, (200,)),
    "spirals": ("spirals (200 points)", "spirals(200, seed=0)", spirals, (200,)),
}
IMPORTS = {"xor": "from datasets import xor", "people": "from datasets import people",
           "xor_blobs": "from datasets.shapes import xor_blobs",
           "moons": "from datasets.shapes import moons",
           "circles": "from datasets.shapes import circles",
           "spirals": "from datasets.shapes import spirals"}

# The page's settings and their defaults: the walkthrough's network on XOR.
DEFAULTS = {"dataset": "xor", "hidden": [2], "activation": "sigmoid", "loss": "mse",
            "learning_rate": 1.0, "optimizer": "sgd", "batch_size": 1, "l2": 0.0,
            "dropout": 0.0, "epochs": 3000, "shuffle": False, "seed": 0,
            "schedule": "constant"}

# Each neuron's picture is its output at the centres of GRID x GRID cells of the plane.
GRID = 28
# Numbers sent for drawing only are rounded to this many decimals (the weights, losses
# and trace are sent in full, and as repr text).
SHOWN_DECIMALS = 4
# Larger layers would make circles too small to see (and trace() refuses big networks).
MAX_HIDDEN_LAYERS, MAX_LAYER_SIZE = 4, 8


def check_settings(given: Dict) -> Dict:
    """The page's settings with defaults filled in, each checked here with a sentence
    the page can show (the library checks them again at its own doors)."""
    settings = dict(DEFAULTS)
    for key, value in given.items():
        if key not in DEFAULTS:
            raise ValueError(f"unknown setting {key!r}")
        settings[key] = value
    if settings["dataset"] not in DATASETS:
        raise ValueError(f"unknown dataset {settings['dataset']!r}: one of "
                         f"{', '.join(DATASETS)}")
    hidden = settings["hidden"]
    if not isinstance(hidden, list) or not 1 <= len(hidden) <= MAX_HIDDEN_LAYERS:
        raise ValueError(f"hidden layers: give 1 to {MAX_HIDDEN_LAYERS} sizes, e.g. 4, 4")
    for size in hidden:
        if not isinstance(size, int) or not 1 <= size <= MAX_LAYER_SIZE:
            raise ValueError(f"hidden layers: each size is a whole number from 1 to "
                             f"{MAX_LAYER_SIZE}, got {size!r}")
    if settings["schedule"] not in ("constant", "step", "cosine"):
        raise ValueError(f"unknown schedule {settings['schedule']!r}")
    return settings


def python_code(settings: Dict) -> str:
    """The Python a learner would type to run what the page runs, from the settings."""
    s = settings
    sizes = [2] + list(s["hidden"]) + [1]
    options = [f"activation={s['activation']!r}", "output_activation='sigmoid'",
               f"loss={s['loss']!r}", f"seed={s['seed']}"]
    if s["l2"]:
        options.append(f"l2={s['l2']!r}")
    if s["dropout"]:
        options.append(f"dropout={s['dropout']!r}")
    fit_options = [f"epochs={s['epochs']}", f"learning_rate={s['learning_rate']!r}",
                   f"batch_size={s['batch_size']}", f"shuffle={s['shuffle']}",
                   f"optimizer={s['optimizer']!r}"]
    if s["schedule"] != "constant":
        fit_options.append(f"schedule={s['schedule']!r}")
    return "\n".join([
        "from network import Network, Fit",
        IMPORTS[s["dataset"]],
        f"X, Y = {DATASETS[s['dataset']][1]}",
        f"net = Network({sizes}, {', '.join(options)})",
        f"fit = Fit(net, X, Y, {', '.join(fit_options)})",
        "fit.run()    # the page calls fit.run(max_batches=N) again and again: same weights",
    ])


class Playground:
    """One run of the 2-D page: a network, its data and its fit loop."""

    def __init__(self, settings: Optional[Dict] = None):
        self.settings = check_settings(settings or {})
        s = self.settings
        _title, _code, make, arguments = DATASETS[s["dataset"]]
        self.X, self.Y = make(*arguments)
        self.network = Network([2] + list(s["hidden"]) + [1], activation=s["activation"],
                               output_activation="sigmoid", loss=s["loss"], seed=s["seed"],
                               l2=s["l2"], dropout=s["dropout"])
        schedule = None if s["schedule"] == "constant" else s["schedule"]
        self.fit = Fit(self.network, self.X, self.Y, epochs=s["epochs"],
                       learning_rate=s["learning_rate"], batch_size=s["batch_size"],
                       shuffle=s["shuffle"], optimizer=s["optimizer"], schedule=schedule,
                       on_batch_end=self.count_batch)
        self.bounds = neuron_view_bounds(self.X)
        self.batches = 0            # batches trained so far
        self.error = ""             # TrainingDiverged's message, if the run diverged
        self.last_trace = None      # the trace of the last "one step", while it is current

    # ----- training ----------------------------------------------------------------------

    def train(self, max_batches: int) -> Dict:
        """Up to ``max_batches`` more batches of the fit loop (it goes on where it stopped)."""
        self.last_trace = None
        self.run(max_batches)
        return {"done": self.fit.done, "epoch": self.fit.epoch, "batches": self.batches,
                "error": self.error}

    def run(self, max_batches: int) -> None:
        if self.fit.done:
            return
        try:
            self.fit.run(max_batches=max_batches)
        except TrainingDiverged as problem:
            self.error = str(problem)

    def count_batch(self, samples_done: int, samples_total: int) -> None:
        """The fit loop's on_batch_end: one more batch trained."""
        self.batches += 1

    def twin(self) -> Network:
        """A Network with this one's weights and settings but no dropout (trace needs
        every neuron): the network the trace runs on, so the real one is untouched."""
        net = self.network
        weights, biases = [], []
        for layer in net.layers:
            weights.append([list(neuron.weights) for neuron in layer.neurons])
            biases.append([neuron.bias for neuron in layer.neurons])
        return Network(net.sizes, activation=net.activation,
                       output_activation=net.output_activation, loss=net.loss.name,
                       seed=net.seed, weights=weights, biases=biases, l1=net.l1, l2=net.l2)

    def next_batch(self) -> List[int]:
        """The samples of the batch the fit loop trains next (starting its epoch first,
        as its own run() would: the epoch's shuffle and learning rate)."""
        fit = self.fit
        if fit.position >= len(fit.order):
            fit.end_epoch()           # as run() would, before the next epoch's first batch
        if not fit.done and fit.position == 0 and fit.start_of_epoch is None:
            fit.start_epoch()
        return fit.order[fit.position:fit.position + fit.batch_size]

    def step(self) -> Dict:
        """One batch of the fit loop, with the trace of its first sample.

        The trace runs ``trace(twin, x, y, learning_rate)`` on a copy with the same
        weights; the real step is ``fit.run(max_batches=1)``. For plain SGD, one sample
        per batch and no dropout the two are the same step, and the copy's new weights
        must equal the network's (``same_step``); otherwise the page says how they differ.
        """
        fit = self.fit
        if fit.done:
            return {"trace": None, "note": "The run has ended: press reset to start again."}
        batch = self.next_batch()
        if fit.done:
            return {"trace": None, "note": "The run has ended: press reset to start again."}
        i = batch[0]
        rate = fit.optimizer.learning_rate
        twin = self.twin()
        shown = trace(twin, self.X[i], self.Y[i], learning_rate=rate)
        self.run(1)
        same_rule = (type(fit.optimizer) is SGD and fit.optimizer.weight_decay == 0.0
                     and len(batch) == 1 and self.network.dropout == 0.0)
        same_step = same_rule and twin.parameters() == self.network.parameters()
        if same_step:
            note = (f"This is the step the page took: sample {i} through the network, "
                    f"then plain SGD at rate {rate!r}. The weights above are the ones the "
                    f"trace ends with.")
        else:
            differences = []
            if type(fit.optimizer) is not SGD:
                differences.append(f"the page's optimizer is {fit.optimizer.name}, which "
                                   f"moves each weight by its own rule from the same dL/dw")
            if len(batch) > 1:
                differences.append(f"the page's batch holds samples {batch}: its step uses "
                                   f"the mean of their dL/dw")
            if self.network.dropout:
                differences.append("the page's step dropped hidden neurons at random "
                                   "(dropout); the trace uses every neuron")
            if not differences:
                differences.append("the weights after the two steps differ")
            note = ("This trace is of a plain SGD step on one sample (sample "
                    f"{i}, the batch's first) from the same weights. It is not exactly "
                    "the page's step: " + "; ".join(differences) + ".")
        self.last_trace = shown
        return {"trace": shown.text, "same_step": same_step, "note": note, "sample": i,
                "error": self.error}

    def run_code(self) -> Dict:
        """Run the Python the page shows (``python_code``) in one go, in a fresh
        namespace: one uninterrupted ``fit.run()``. After the page's own run has ended,
        its weights must be these, bit for bit: training in chunks changed nothing."""
        if not self.fit.done:
            raise ValueError("train to the last epoch first, then compare")
        namespace: Dict = {}
        exec(python_code(self.settings), namespace)
        net, fit = namespace["net"], namespace["fit"]
        parameters = {}
        for name, value in net.parameters().items():
            parameters[name] = repr(value)
        return {"loss_repr": repr(fit.history[-1]) if fit.history else "",
                "parameters": parameters,
                "same": net.parameters() == self.network.parameters()}

    # ----- explaining one weight ---------------------------------------------------------

    def explain(self, name: str) -> Dict:
        """dL/d(name) as its chain of named factors: the trace's line for it and the
        lines of each factor (and of their factors), from the last step's trace or,
        if training has run since, from a trace of the next sample without an update."""
        if name not in self.network.parameter_names():
            raise ValueError(f"no parameter named {name!r}")
        shown, when = self.last_trace, "in the last step"
        if shown is None:
            batch = self.next_batch() if not self.fit.done else [0]
            i = batch[0] if batch else 0
            shown = trace(self.twin(), self.X[i], self.Y[i])
            when = f"for sample {i}, the next one the fit loop trains on (no update)"
        by_name = {}
        for line in shown.lines:
            if line.arrow == "=":
                by_name[line.name] = line
        # The line of dL/d(name), then its factors' lines, then theirs: two levels.
        chain = [by_name[f"dL/d{name}"]]
        seen = {chain[0].name}
        level = [chain[0]]
        for _depth in range(2):
            next_level = []
            for line in level:
                for factor in _names_in(line.formula, by_name):
                    if factor not in seen:
                        seen.add(factor)
                        next_level.append(by_name[factor])
            chain.extend(next_level)
            level = next_level
        rows = []
        for line in chain:
            rows.append({"text": line.text(), "name": line.name, "value": repr(line.value)})
        return {"name": name, "when": when, "chain": rows,
                "value": repr(self.network.get_parameter(name))}

    # ----- what the page draws -----------------------------------------------------------

    def view(self, since: int = 0) -> Dict:
        """Everything the page draws, as plain numbers: each neuron's output over the
        plane, the weights by name, the losses from epoch ``since`` on, accuracy, data."""
        net = self.network
        grids = neuron_output_grid(net, self.bounds, resolution=GRID)
        ranges = layer_ranges([net], [grids])
        neurons = []
        for index, layer in enumerate(net.layers):
            for neuron in layer.neurons:
                flat = []
                for row in grids[neuron.name]:
                    for value in row:
                        flat.append(round(value, SHOWN_DECIMALS))
                neurons.append({"name": neuron.name, "layer": index + 1,
                                "weights": net.weight_names[neuron.name],
                                "bias": net.bias_names[neuron.name],
                                "activation": layer.activation_name,
                                "range": list(ranges[index]), "grid": flat})
        parameters = []
        for name, value in net.parameters().items():
            parameters.append({"name": name, "value": value, "repr": repr(value)})
        history = self.fit.history
        losses = list(history)
        accuracy = history.accuracy
        return {
            "sizes": net.sizes, "neurons": neurons, "parameters": parameters,
            "bounds": list(self.bounds), "grid_size": GRID,
            "X": self.X, "Y": self.Y,
            "losses": losses[since:], "losses_from": since,
            "loss": losses[-1] if losses else None,
            "loss_repr": repr(losses[-1]) if losses else "",
            "accuracy": accuracy[-1] if accuracy else None,
            "epoch": self.fit.epoch, "epochs": self.fit.epochs, "done": self.fit.done,
            "batches": self.batches, "error": self.error,
            "learning_rate": self.fit.optimizer.learning_rate,
            "code": python_code(self.settings), "network": str(net),
            # the project's picture colours and markers (network/plots/_common.py)
            "class_colors": list(CLASS_COLORS),
            "class_markers": list(CLASS_MARKERS),
            "weight_colors": list(WEIGHT_COLORS),
        }


def _names_in(formula: str, by_name: Dict) -> List[str]:
    """The names of trace lines that ``formula`` mentions, in the order it mentions them:
    "dL/dy_pred * dy_pred/dh1 * dh1/dw1" -> the three factors; "x1 * sigmoid'(z_h1)"
    -> "sigmoid'(z_h1)" (x1 is an input, with no line of its own)."""
    found = []
    for piece in re.split(r"\s*[*+]\s*|\s+-\s+", formula):
        piece = piece.strip()
        if piece in by_name and piece not in found:
            found.append(piece)
    return found


# ----- the digits page -----------------------------------------------------------------------

class DigitsPage:
    """A 784-H-10 network for the drawing canvas: trained here, a few digits at a time,
    on the bundled digits, or loaded from a model file saved by network/saving.py."""

    def __init__(self):
        self.network = None
        self.fit = None
        self.test = None
        self.source = ""

    def start_training(self, hidden: int = 32, n_train: int = 2000, epochs: int = 1,
                       learning_rate: float = 0.05, seed: int = 0) -> Dict:
        """Make the network and its fit loop: ReLU hidden layer, softmax output, cross
        entropy, every digit deskewed before the first layer (as scripts/train_mnist.py
        does), SGD one digit at a time, shuffled (FastFit: the core's numbers, faster)."""
        from datasets.mnist import load_bundled_split
        train, self.test = load_bundled_split(n_test=1000, seed=0)
        train = train.subset(range(min(n_train, len(train))))
        self.network = FastNetwork([784, hidden, 10], activation="relu",
                                   loss="cross_entropy", seed=seed, preprocess="deskew")
        self.fit = FastFit(self.network, train.images, train.labels, epochs=epochs,
                           learning_rate=learning_rate, shuffle=True,
                           epoch_loss="running")
        self.source = (f"FastNetwork([784, {hidden}, 10], activation='relu', "
                       f"loss='cross_entropy', seed={seed}, preprocess='deskew') "
                       f"trained in this page on "
                       f"{len(train)} bundled digits, {epochs} epoch(s), SGD rate "
                       f"{learning_rate!r}, shuffled")
        return self.progress()

    def train(self, max_batches: int) -> Dict:
        self.fit.run(max_batches=max_batches)
        return self.progress()

    def progress(self) -> Dict:
        fit = self.fit
        total = fit.epochs * len(fit.order)
        done = fit.epoch * len(fit.order) + fit.position
        result = {"done": fit.done, "digits_done": done, "digits_total": total,
                  "epoch": fit.epoch, "source": self.source}
        if fit.done:
            result["losses"] = list(fit.history)
        return result

    def test_accuracy(self, n: int = 500) -> Dict:
        """Accuracy on the first n of the 1,000 held-out bundled digits."""
        from datasets.mnist import load_bundled_split
        if self.test is None:
            _train, self.test = load_bundled_split(n_test=1000, seed=0)
        n = min(n, len(self.test))
        result = self.network.evaluate(self.test.images[:n], self.test.labels[:n])
        return {"accuracy": result["accuracy"], "n": n}

    def load_model(self, text: str, name: str = "model file") -> Dict:
        """A model saved by save_network (JSON), checked by network_from_dict."""
        try:
            data = json.loads(text)
        except ValueError as problem:
            raise ValueError(f"{name} is not JSON: {problem}") from None
        network = network_from_dict(data, source=name)
        if network.sizes[0] != 784 or network.sizes[-1] != 10:
            raise ValueError(f"{name}: a digit model has 784 inputs and 10 outputs; this "
                             f"one has sizes {network.sizes}")
        self.network, self.fit = network, None
        self.source = f"{name}: {network!r}"
        return {"source": self.source, "sizes": network.sizes}

    def example(self, i: int) -> Dict:
        """Held-out bundled digit i: its 784 pixels (0..255) and its label."""
        from datasets.mnist import load_bundled_split
        if self.test is None:
            _train, self.test = load_bundled_split(n_test=1000, seed=0)
        i = i % len(self.test)
        return {"pixels": list(self.test.pixels(i)), "label": self.test.labels[i], "index": i}

    def classify(self, pixels: List[int]) -> Dict:
        """The ten probabilities for a drawing (784 pixels 0..255, x = pixel / 255, as
        the bundled digits are read) and what the first hidden layer's neurons did."""
        if self.network is None:
            raise ValueError("train a network or load a model first")
        if len(pixels) != 784:
            raise ValueError(f"a drawing has 784 pixels, got {len(pixels)}")
        x = []
        for p in pixels:
            x.append(p / 255)
        outputs = self.network.forward(x)
        hidden = []
        if len(self.network.layers) > 1:
            for neuron in self.network.layers[0].neurons:
                hidden.append({"name": neuron.name, "output": neuron.output,
                               "z": neuron.z})
        return {"probabilities": outputs, "probabilities_repr": [repr(p) for p in outputs],
                "digit": predicted_class(outputs), "hidden": hidden}

    def hidden_weights(self) -> Dict:
        """Each first-layer neuron's 784 weights (rounded), to draw as 28x28 pictures."""
        if self.network is None or len(self.network.layers) < 2:
            return {"neurons": [], "weight_colors": list(WEIGHT_COLORS)}
        neurons = []
        for neuron in self.network.layers[0].neurons[:64]:
            neurons.append({"name": neuron.name,
                            "weights": [round(w, SHOWN_DECIMALS) for w in neuron.weights]})
        return {"neurons": neurons, "weight_colors": list(WEIGHT_COLORS)}


# ----- the page's calls: JSON in, JSON out --------------------------------------------------

playground: Optional[Playground] = None
digits = DigitsPage()


def call(name: str, arguments_json: str = "{}") -> str:
    """What worker.js calls: a function of this module by name, with JSON arguments;
    returns {"ok": result} or {"error": message} as JSON (a message the page shows)."""
    global playground
    arguments = json.loads(arguments_json)
    try:
        if name == "reset":
            playground = Playground(arguments.get("settings", {}))
            result = playground.view()
        elif name.startswith("digits_"):
            result = getattr(digits, name[len("digits_"):])(**arguments)
        else:
            result = getattr(playground, name)(**arguments)
    except (ValueError, TypeError, KeyError) as problem:
        return json.dumps({"error": f"{type(problem).__name__}: {problem}"})
    return json.dumps({"ok": result})


if __name__ == "__main__":
    page = Playground()
    print(python_code(page.settings))
    print(page.network)
    print(page.step()["trace"])
