"""Save a Network as human-readable JSON and load it back.

The file is a plain dictionary (open it in any editor):

    {"format": "neuron-network", "version": 1,
     "sizes": [784, 64, 10], "activation": "relu", "output_activation": "softmax",
     "loss": "cross_entropy", "seed": 0, "init": "auto", "l1": 0.0, "l2": 0.0,
     "dropout": 0.0,
     "layers": [{"activation": "relu",
                 "neurons": [{"name": "h1", "weights": [...], "bias": 0.01}, ...]}, ...],
     ... anything passed as extra, e.g. "config": {...}, "metrics": {...}}

Floats are written with repr, which reads back as exactly the same float.
The file is written to a temporary name first (".NAME.tmp" beside it) and renamed
into place, so a crash, a kill or Ctrl-C mid-write never leaves a half-written model
where a good one was.

Loading checks every field and raises ModelFileError (a ValueError) naming the file
and the field, e.g. "models/x.json: layers[1].neurons[3].weights[7] is 'abc',
expected a number". The rules:

* Required: format, version, sizes, activation, output_activation, loss, layers.
  Optional, with the defaults a Network has: seed (0), init ("auto"), l1, l2 and
  dropout (0.0). Files written before init, l1, l2 and dropout were saved (all
  version 1) therefore still load. The version stays 1 for them: a reader that
  ignores the four fields still builds a network with the very same outputs (they
  only matter for further training), so old readers are not misled by new files.
* Version 2 adds one optional field, "preprocess" (null, or "deskew": what the
  network does to every input before its first layer, network/preprocessing.py).
  It changes every output, so a file with it says "version": 2, and a reader that
  only knows version 1 refuses the file instead of silently predicting from
  un-deskewed digits. A network without a preprocess is saved as version 1, exactly
  as before. This code reads both versions.
* Other top-level fields are the user's extras (``save(path, config=...)``) and are
  left alone by ``load_network``; ``load_extra`` returns them.
* Inside "layers" nothing else is allowed: a layer has exactly "activation" and
  "neurons", a neuron exactly "name", "weights" and "bias". An unknown field there
  is a typo ("weigths") or a newer format, and ignoring it could lose a parameter,
  so it is an error.
* Every weight and bias is a finite number. JSON has no NaN or Infinity, but
  Python's json module reads them (and reads 1e400 as infinity): they are refused,
  anywhere in the file, extras included. ``save`` never writes them.
* A missing file raises the usual FileNotFoundError (it names the path); a
  directory, a file that is not UTF-8 text or not JSON, or JSON nested too deeply
  for Python to read raise ModelFileError.
* Only a regular file is read: a device (/dev/zero would be read until the memory
  runs out), a FIFO (reading it waits for a writer, maybe forever), a socket or a
  symlink loop raise ModelFileError at once. At most MAX_FILE_BYTES are read: a
  network at Network's size limit (network/checks.py, MAX_PARAMETERS) takes about
  29 bytes per parameter as saved here, plus room for the extras; a larger file
  cannot be a network this code could hold, and is refused before it is read.
"""
from __future__ import annotations

import json
import math
import os
import stat
import tempfile
from typing import Dict, List, Optional

from network.checks import MAX_PARAMETERS, check_loss_fits_output
from network.initialization import INITS
from network.losses import LOSSES
from network.network import Network
from network.preprocessing import check_preprocess
from neuron.activations import ACTIVATIONS

FORMAT = "neuron-network"
READABLE_VERSIONS = (1, 2)     # see the module docstring

# The largest file load_network reads (see the module docstring): 32 bytes for each of
# the MAX_PARAMETERS parameters, and 64 MB for the extras (config, metrics, checkpoint).
MAX_FILE_BYTES = 32 * MAX_PARAMETERS + 64 * 2 ** 20

# (field, default) for the optional top-level fields; the defaults are Network's.
OPTIONAL_FIELDS = (("seed", 0), ("init", "auto"), ("l1", 0.0), ("l2", 0.0),
                   ("dropout", 0.0), ("preprocess", None))
REQUIRED_FIELDS = ("format", "version", "sizes", "activation", "output_activation",
                   "loss", "layers")
OWN_FIELDS = REQUIRED_FIELDS + tuple(field for field, _default in OPTIONAL_FIELDS)
LAYER_FIELDS = ("activation", "neurons")
NEURON_FIELDS = ("name", "weights", "bias")


class ModelFileError(ValueError):
    """A model file (or dictionary) that is not a network ``save_network`` could have
    written: not JSON, a field missing, unknown, of the wrong type or shape, or a
    number that is not finite. The message names the file and the field."""


# %% Saving ---------------------------------------------------------------------------

def network_to_dict(network, **extra) -> dict:
    """The dictionary ``save_network`` writes (see the module docstring)."""
    layers = []
    for layer in network.layers:
        neurons = []
        for neuron in layer.neurons:
            for i, w in enumerate(neuron.weights):
                if not math.isfinite(w):
                    raise ValueError(f"cannot save: weight {i + 1} of neuron {neuron.name} "
                                     f"is {w}; a saved network holds finite numbers only")
            if not math.isfinite(neuron.bias):
                raise ValueError(f"cannot save: the bias of neuron {neuron.name} is "
                                 f"{neuron.bias}; a saved network holds finite numbers only")
            neurons.append({"name": neuron.name, "weights": list(neuron.weights),
                            "bias": neuron.bias})
        layers.append({"activation": layer.activation_name, "neurons": neurons})
    data = {"format": FORMAT, "version": 1, "sizes": list(network.sizes),
            "activation": network.activation,
            "output_activation": network.output_activation,
            "loss": network.loss.name, "seed": network.seed, "init": network.init,
            "l1": network.l1, "l2": network.l2, "dropout": network.dropout}
    if network.preprocess is not None:      # version 2 (see the module docstring)
        data["version"] = 2
        data["preprocess"] = network.preprocess
    data["layers"] = layers
    for key, value in extra.items():
        if key in data:
            raise ValueError(f"extra field {key!r} would overwrite the model's own field")
        data[key] = value
    return data


def save_network(network, path: str, **extra) -> None:
    """Write ``network`` (and ``extra`` fields) to ``path`` as JSON, atomically.

    The JSON goes to a temporary file in the same folder, is flushed to the disk,
    and only then renamed to ``path``: afterwards ``path`` holds either the old file
    or the complete new one, even after a kill or a power cut. On any error the old
    file is left as it was and the temporary file is removed.
    """
    name = check_writable(path, "save_network", probe=False)
    data = network_to_dict(network, **extra)
    folder = os.path.dirname(os.path.abspath(name))
    # One fixed temporary name per file: a kill (or power cut) mid-write can leave it
    # behind, and the next save to the same path simply overwrites it, so such
    # leftovers never pile up (remove_leftover_temporary cleans one up at once).
    temporary = temporary_path(name)
    try:
        os.makedirs(folder, exist_ok=True)
        handle = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    except OSError as problem:
        raise type(problem)(f"cannot save to {name}: cannot write in the folder {folder} "
                            f"({problem.strerror})") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            try:
                json.dump(data, file, indent=1, allow_nan=False)
            except (TypeError, ValueError, RecursionError) as problem:
                kind = TypeError if isinstance(problem, TypeError) else ValueError
                raise kind(f"cannot save {name}: "
                           f"{_unsaveable_field(data, problem)}") from None
            file.flush()
            os.fsync(file.fileno())   # the bytes are on the disk before the rename
        os.replace(temporary, name)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise
    _sync_folder(folder)


def check_writable(path, where: str = "save_network", probe: bool = True) -> str:
    """``path`` as a str, if a file can be saved there; else an error naming what is
    wrong: no file name ("" or a name ending in "/": ValueError), a directory
    (IsADirectoryError), a folder on the way that is a file (NotADirectoryError),
    and, with ``probe``, a folder nothing can be written in (PermissionError, found by
    creating and removing a file in it, or in the nearest folder that exists: the
    only test that also holds for root and for read-only disks). Nothing is left
    behind. The digit trainer calls this before its first epoch."""
    name = _path(path, where)
    if name == "" or name.endswith(("/", os.sep)):
        raise ValueError(f"cannot save to {name!r}: give a file name such as "
                         f"{os.path.join(name, 'model.json')!r}")
    if os.path.isdir(name):
        raise IsADirectoryError(f"cannot save to {name}: it is a directory; give a file "
                                f"name such as {os.path.join(name, 'model.json')}")
    existing = os.path.dirname(name) or "."
    while not os.path.exists(existing):     # the folders save_network would make
        existing = os.path.dirname(existing) or "."
    if not os.path.isdir(existing):
        raise NotADirectoryError(f"cannot save to {name}: {existing} is a file, not a "
                                 f"folder")
    if probe:
        try:
            handle, test_file = tempfile.mkstemp(dir=existing, prefix=".write-test-")
        except OSError as problem:
            raise PermissionError(f"cannot save to {name}: cannot write in the folder "
                                  f"{existing} ({problem.strerror})") from None
        os.close(handle)
        os.remove(test_file)
    return name


def _path(path, where: str) -> str:
    """``path`` as a str, or TypeError unless it is a file name (a str or a Path)."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{where}: the path must be a file name such as 'model.json', "
                        f"got {path!r}")
    return os.fspath(path)


def temporary_path(path: str) -> str:
    """Where ``save_network`` writes before renaming: ".NAME.tmp" beside ``path``."""
    folder, base = os.path.split(os.fspath(path))
    return os.path.join(folder, "." + base + ".tmp")


def remove_leftover_temporary(path: str) -> bool:
    """Remove the half-written temporary file a killed ``save_network(path)`` left
    behind, if there is one; True if there was. ``path`` itself is never touched:
    it still holds the last complete file."""
    temporary = temporary_path(path)
    if os.path.isfile(temporary):
        os.remove(temporary)
        return True
    return False


def _unsaveable_field(data: dict, problem: Exception) -> str:
    """Which top-level field json could not write, and why (for the error message)."""
    for key, value in data.items():
        try:
            json.dumps(value, allow_nan=False)
        except (TypeError, ValueError, RecursionError) as error:
            return f"field {key!r} cannot be written as JSON ({error})"
    return str(problem)


def _sync_folder(folder: str) -> None:
    """Ask the OS to write the folder's entry for the renamed file to the disk too
    (POSIX; a no-op where folders cannot be opened, as on Windows)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


# %% Loading --------------------------------------------------------------------------

def load_network(path: str):
    """Read a network written by ``save_network``.

    Raises ModelFileError naming the file and the field for anything but a valid
    model file, FileNotFoundError if there is no file at ``path``.
    """
    data = _read_json(_path(path, "load_network"))
    return network_from_dict(data, source=os.fspath(path))


def load_extra(path: str) -> dict:
    """Everything in a saved file except the network itself (config, metrics, ...).

    Checks that the file is a saved network (format and version) but not the
    network's own fields; ``load_network`` does that.
    """
    data = _read_json(path)
    _check_format(data, os.fspath(path))
    extra = {}
    for key, value in data.items():
        if key not in OWN_FIELDS:
            extra[key] = value
    return extra


def network_from_dict(data: dict, source: str = "model"):
    """Rebuild a Network from ``network_to_dict``'s dictionary, checking every field.

    Raises ModelFileError whose message starts with ``source`` (the file's path)
    and names the field, e.g. "layers[0].neurons[1].bias is null, expected a number".
    """
    _check_format(data, source)
    for field in REQUIRED_FIELDS:
        if field not in data:
            raise ModelFileError(f"{source}: field {field!r} is missing")
    sizes = _sizes(data["sizes"], source)
    activation = _choice(data, "activation", sorted(ACTIVATIONS), source)
    output_activation = _choice(data, "output_activation",
                                sorted(ACTIVATIONS) + ["softmax"], source)
    loss = _choice(data, "loss", sorted(LOSSES), source)
    try:
        check_loss_fits_output(loss, output_activation, sizes[-1])
    except ValueError as problem:
        raise ModelFileError(f"{source}: {problem}") from None
    options = {}
    for field, default in OPTIONAL_FIELDS:
        options[field] = data.get(field, default)
    if not _is_whole(options["seed"]):
        raise ModelFileError(f"{source}: seed is {_describe(options['seed'])}, expected a "
                             f"whole number")
    _choice(options, "init", list(INITS), source)
    for field in ("l1", "l2", "dropout"):
        options[field] = _number(options[field], source, field)
    try:
        check_preprocess(options["preprocess"], sizes[0])
    except ValueError as problem:
        raise ModelFileError(f"{source}: field 'preprocess': {problem}") from None
    if options["preprocess"] is not None and data["version"] == 1:
        raise ModelFileError(f"{source}: field 'preprocess' is "
                             f"{options['preprocess']!r} in a version 1 file; a network "
                             f"with a preprocess is saved with \"version\": 2")
    weights, biases = _layers(data["layers"], sizes, activation, output_activation, source)
    try:
        return Network(sizes, activation=activation, output_activation=output_activation,
                       loss=loss, weights=weights, biases=biases, **options)
    except ValueError as problem:   # e.g. a loss that does not fit the output activation
        raise ModelFileError(f"{source}: {problem}") from None


def _read_json(path: str):
    """The JSON value in the file at ``path``, with NaN and Infinity refused."""
    name = os.fspath(_path(path, "load_extra"))
    raw = read_regular_file(name)
    try:
        text = raw.decode("utf-8-sig")   # UTF-8, with or without a byte-order mark
    except UnicodeDecodeError as problem:
        raise ModelFileError(f"{name}: not a model file: byte {problem.start} is "
                             f"0x{raw[problem.start]:02x}, which is not UTF-8 text") from None
    if not text or text.isspace():
        raise ModelFileError(f"{name}: the file is empty, not a saved network")
    try:
        # NaN, Infinity and -Infinity are read as NotFinite("NaN"), ...: not numbers.
        data = json.loads(text, parse_constant=NotFinite)
    except RecursionError:
        raise ModelFileError(f"{name}: not a model file: its JSON is nested too deeply "
                             f"to read") from None
    except ValueError as problem:   # JSONDecodeError, or an integer of > 4300 digits
        raise ModelFileError(f"{name}: not valid JSON ({problem})") from None
    if isinstance(data, dict):
        for key, value in data.items():
            if key not in OWN_FIELDS:
                where = _find_not_finite(value, key)
                if where is not None:
                    raise ModelFileError(f"{name}: {where}: JSON has no NaN or Infinity, "
                                         f"and numbers must fit in a float")
    return data


def read_regular_file(name: str) -> bytes:
    """The bytes of the regular file ``name``: ModelFileError for a directory, a
    device, a FIFO, a socket, a symlink loop, or more than MAX_FILE_BYTES;
    FileNotFoundError (naming the path) if there is nothing there.

    Opened without waiting (O_NONBLOCK: opening a FIFO would otherwise wait for a
    writer), then asked what it is (fstat on the open file, so what was checked is
    what is read)."""
    try:
        handle = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise
    except IsADirectoryError:
        raise ModelFileError(f"{name} is a directory, not a model file") from None
    except OSError as problem:    # a symlink loop, no permission, ...
        raise ModelFileError(f"{name}: cannot open it: {problem.strerror}") from None
    info = os.fstat(handle)
    problem = None
    if stat.S_ISDIR(info.st_mode):
        problem = f"{name} is a directory, not a model file"
    elif not stat.S_ISREG(info.st_mode):
        problem = (f"{name} is not a regular file but {_file_kind(info)}; a model file "
                   f"is one written by save_network")
    elif info.st_size > MAX_FILE_BYTES:
        problem = (f"{name}: {info.st_size:,} bytes, more than the {MAX_FILE_BYTES:,} a "
                   f"saved network of at most {MAX_PARAMETERS:,} parameters can take")
    if problem is not None:
        os.close(handle)
        raise ModelFileError(problem)
    with os.fdopen(handle, "rb") as file:
        # Ask for the size fstat gave, plus one byte to see a file that grew since:
        # not for MAX_FILE_BYTES at once, which PyPy allocates before reading.
        raw = file.read(info.st_size + 1)
        while len(raw) <= MAX_FILE_BYTES:
            more = file.read(2 ** 20)
            if not more:
                break
            raw += more
    if len(raw) > MAX_FILE_BYTES:     # it grew while it was read
        raise ModelFileError(f"{name}: more than {MAX_FILE_BYTES:,} bytes, more than a "
                             f"saved network of at most {MAX_PARAMETERS:,} parameters takes")
    return raw


def _file_kind(info: os.stat_result) -> str:
    """What a file that is not a regular file is, for a message."""
    if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode):
        return "a device (such as /dev/zero, which never ends)"
    if stat.S_ISFIFO(info.st_mode):
        return "a FIFO (a named pipe: reading it waits for a writer)"
    if stat.S_ISSOCK(info.st_mode):
        return "a socket"
    return "not a file that can be read as a whole"


class NotFinite:
    """Stands in, while a file is read, for NaN, Infinity or -Infinity: Python's json
    module accepts them although JSON does not, and no field may hold them."""

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return self.text


def _find_not_finite(value, path: str) -> Optional[str]:
    """'metrics.loss is NaN' for the first NaN, Infinity or too-large number inside
    ``value`` (a JSON value called ``path``), or None if there is none.

    Walks the value with a list of (value, path) still to visit instead of calling
    itself, so a deeply nested value cannot exhaust Python's recursion limit.
    """
    to_visit = [(value, path)]
    while to_visit:
        value, path = to_visit.pop()
        if isinstance(value, NotFinite):
            return f"{path} is {value.text}"
        if isinstance(value, float) and not math.isfinite(value):
            return f"{path} is a number too large for a float (beyond 1.8e308)"
        if isinstance(value, dict):
            for key, item in value.items():
                to_visit.append((item, f"{path}.{key}"))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                to_visit.append((item, f"{path}[{index}]"))
    return None


def _check_format(data, source: str) -> None:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        shown = "" if isinstance(data, dict) else f": it holds {_describe(data)}"
        raise ModelFileError(f"{source}: not a saved network (expected a JSON object with "
                             f"\"format\": \"{FORMAT}\"){shown}")
    if "version" not in data:
        raise ModelFileError(f"{source}: field 'version' is missing")
    version = data["version"]
    if not _is_whole(version) or version not in READABLE_VERSIONS:
        raise ModelFileError(f"{source}: saved with format version {_describe(version)}, "
                             f"this code reads versions 1 and 2")


def _sizes(sizes, source: str) -> List[int]:
    if not isinstance(sizes, list) or len(sizes) < 2:
        raise ModelFileError(f"{source}: sizes is {_describe(sizes)}, expected a list of at "
                             f"least two layer sizes such as [2, 2, 1]")
    for index, size in enumerate(sizes):
        if not _is_whole(size) or size < 1:
            raise ModelFileError(f"{source}: sizes[{index}] is {_describe(size)}, expected a "
                                 f"whole number >= 1")
    return sizes


def _choice(data: dict, field: str, allowed: List[str], source: str) -> str:
    value = data[field]
    if not isinstance(value, str) or value not in allowed:
        raise ModelFileError(f"{source}: {field} is {_describe(value)}, expected one of: "
                             f"{', '.join(allowed)}")
    return value


def _layers(layers, sizes: List[int], activation: str, output_activation: str,
            source: str):
    """(weights, biases) for Network from the "layers" field, checked field by field:
    weights[layer][neuron] is a list of floats, biases[layer][neuron] a float."""
    if not isinstance(layers, list) or len(layers) != len(sizes) - 1:
        raise ModelFileError(f"{source}: layers is {_describe(layers)}, but sizes has "
                             f"{len(sizes)} entries, so it needs a list of {len(sizes) - 1} "
                             f"(one per layer after the inputs)")
    weights: List[List[List[float]]] = []
    biases: List[List[float]] = []
    hidden_count = 0
    for index, layer in enumerate(layers):
        where = f"layers[{index}]"
        is_output = index == len(layers) - 1
        _check_fields(layer, LAYER_FIELDS, where, source)
        expected = output_activation if is_output else activation
        if layer["activation"] != expected:
            raise ModelFileError(f"{source}: {where}.activation is "
                                 f"{_describe(layer['activation'])}, but the network's "
                                 f"{'output_activation' if is_output else 'activation'} "
                                 f"is {expected!r}")
        neurons = layer["neurons"]
        n_inputs, n_neurons = sizes[index], sizes[index + 1]
        if not isinstance(neurons, list) or len(neurons) != n_neurons:
            raise ModelFileError(f"{source}: {where}.neurons is {_describe(neurons)}, "
                                 f"expected a list of {_describe(n_neurons)} (sizes[{index + 1}])")
        layer_weights = []
        layer_biases = []
        for j, neuron in enumerate(neurons):
            where = f"layers[{index}].neurons[{j}]"
            _check_fields(neuron, NEURON_FIELDS, where, source)
            if is_output:
                expected_name = f"o{j + 1}"
            else:
                hidden_count += 1
                expected_name = f"h{hidden_count}"
            if neuron["name"] != expected_name:
                raise ModelFileError(f"{source}: {where}.name is {_describe(neuron['name'])}, "
                                     f"expected {expected_name!r} (neurons are named by "
                                     f"their place: h1, h2, ... then o1, o2, ...)")
            neuron_weights = neuron["weights"]
            if not isinstance(neuron_weights, list) or len(neuron_weights) != n_inputs:
                raise ModelFileError(f"{source}: {where}.weights is "
                                     f"{_describe(neuron_weights)}, expected a list of "
                                     f"{_describe(n_inputs)} numbers (one per input, sizes[{index}])")
            checked = []
            for k, w in enumerate(neuron_weights):
                checked.append(_number(w, source, where, ".weights", k))
            layer_weights.append(checked)
            layer_biases.append(_number(neuron["bias"], source, where, ".bias"))
        weights.append(layer_weights)
        biases.append(layer_biases)
    return weights, biases


def _check_fields(value, fields, where: str, source: str) -> None:
    """``value`` must be a JSON object with exactly ``fields``."""
    if not isinstance(value, dict):
        raise ModelFileError(f"{source}: {where} is {_describe(value)}, expected an object "
                             f"with the fields {', '.join(fields)}")
    for field in fields:
        if field not in value:
            raise ModelFileError(f"{source}: {where}: field {field!r} is missing")
    for field in value:
        if field not in fields:
            raise ModelFileError(f"{source}: {where} has an unknown field "
                                 f"{_describe(field)} (allowed: {', '.join(fields)})")


def _number(value, source: str, where: str, field: str = "",
            index: Optional[int] = None) -> float:
    """``value`` as a float if it is a finite number (not true/false), else
    ModelFileError naming where + field [+ [index]]. The name is only put together
    when something is wrong: this runs for every weight of the file."""
    if isinstance(value, float) and math.isfinite(value):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            return float(value)
        except OverflowError:
            pass   # explained below
    name = where + field + ("" if index is None else f"[{index}]")
    if isinstance(value, NotFinite) or (isinstance(value, float) and math.isnan(value)):
        problem = "expected a finite number (JSON has no NaN or Infinity)"
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        problem = "too large for a float (beyond 1.8e308)"
    else:
        problem = "expected a number"
    raise ModelFileError(f"{source}: {name} is {_describe(value)}, {problem}")


def _is_whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _describe(value) -> str:
    """A short description of a value for an error message. Never the value's whole
    text: it may be megabytes long, or nested too deeply to print."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value) if len(value) <= 40 else repr(value[:40]) + "..."
    if isinstance(value, int):
        if value.bit_length() <= 64:
            return str(value)
        return f"a whole number of about {int(value.bit_length() * 0.30103) + 1} digits"
    if isinstance(value, float):
        # json reads 1e400 as inf: say what that means in the file
        return repr(value) if not math.isinf(value) else "a number beyond 1.8e308"
    if isinstance(value, NotFinite):
        return value.text
    if isinstance(value, list):
        return f"a list of {len(value)} values"
    if isinstance(value, dict):
        return "an object {...}"
    return f"a {type(value).__name__}"
