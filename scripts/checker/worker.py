"""Running your code where it can be stopped: a worker process with a time limit.

    report = check_file(1, "my_ex1.py", time_limit=10)

The checker does not run your code in its own process. It starts a worker (the same
interpreter, CPython or PyPy, run again) that loads your file and runs the cases one
after the other, sending each case's rows back as soon as the case is done. The
checker waits at most ``time_limit`` seconds for each case (and for loading your
file). When a case takes longer, a loop that never ends perhaps, the checker asks the
worker where your code is (the worker looks at its own stack and answers "line 12
of my_ex1.py (while i < n:)"), stops it, and reports that case as stopped there; the
cases after it do not run. ``time_limit=0`` runs everything in this process instead,
with no limit (for a debugger).

Inside the worker, what your code prints goes to the screen (standard error) and the
rows travel back on a channel of their own; Ctrl-C is left to the checker, which
stops the worker and prints one line. A worker whose checker is gone stops itself.
"""
from __future__ import annotations

import base64
import glob
import linecache
import os
import pickle
import queue
import signal
import subprocess
import sys
import threading
import time
import traceback
from typing import List, Optional

from checker.cases import EXERCISES_DIR
from checker.diagnosis import Row
from checker.loading import CheckerError, LoadError, load_functions
from checker.registry import EXERCISES
from checker.running import Report, Section, make_students, run_case, run_check
from checker.tracebacks import repository_path

DEFAULT_TIME_LIMIT = 10.0     # seconds per case; every case of the project takes < 0.5 s
GRACE = 2.0                   # seconds the worker has to say where it is, or to exit
SOLUTIONS = ":solutions"      # in place of a file: the project's own code

SCRIPTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(SCRIPTS)
# How the worker starts: scripts/ and the repository root first on the path (in place
# of the current folder), then serve() below.
BOOTSTRAP = (f"import sys; sys.path[:1] = [{SCRIPTS!r}, {ROOT!r}]; "
             f"from checker.worker import serve; serve(sys.argv[1:])")


# %% Where the checker runs
def shown_path(path: str) -> str:
    """``path`` as the report shows it: relative to the current folder when inside it."""
    shown = os.path.relpath(path)
    return path if shown.startswith("..") else shown


def exercise_file(number: int) -> str:
    """scripts/exercises/exN_*.py, the file handed out for exercise ``number``."""
    found = sorted(glob.glob(os.path.join(EXERCISES_DIR, f"ex{number}_*.py")))
    return found[0] if found else EXERCISES[number].path


def check_file(number: int, path: Optional[str] = None,
               time_limit: float = DEFAULT_TIME_LIMIT) -> Report:
    """Check exercise ``number`` from ``path`` (default: its file in scripts/exercises/),
    in a worker with ``time_limit`` seconds per case (0: here, without a limit)."""
    if path is None:
        path = exercise_file(number)
    shown = shown_path(path)
    if not time_limit:
        functions = load_functions(path, EXERCISES[number].functions)
        return run_check(number, functions, shown)
    if not os.path.isfile(path):
        raise LoadError(f"no file {path}")
    return check_in_worker(number, os.path.abspath(path), shown, time_limit)


def check_solutions(time_limit: float = 0) -> List[Report]:
    """Every exercise checked with the project's own code in place of yours."""
    reports = []
    for number, exercise in EXERCISES.items():
        if time_limit:
            reports.append(check_in_worker(number, SOLUTIONS, "the project's own code",
                                           time_limit))
        else:
            reports.append(run_check(number, exercise.solutions, "the project's own code"))
    return reports


def check_in_worker(number: int, source: str, shown: str, time_limit: float) -> Report:
    """Run exercise ``number``'s cases on ``source`` (a file, or SOLUTIONS) in a worker."""
    process = subprocess.Popen([sys.executable, "-c", BOOTSTRAP, str(number), source, shown],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    messages: "queue.Queue" = queue.Queue()
    reader = threading.Thread(target=_read, args=(process.stdout, messages), daemon=True)
    reader.start()
    try:
        return _collect(EXERCISES[number], process, messages, shown, time_limit)
    finally:
        _stop(process)


def _collect(exercise, process, messages, shown: str, time_limit: float) -> Report:
    """The worker's messages, case by case, into a Report (see serve for the messages)."""
    sections: List[Section] = []
    titles: Optional[List[str]] = None
    current = 0              # the case that is running
    deadline = time.monotonic() + time_limit
    while True:
        message = _next(messages, deadline)
        if message is None:                       # out of time
            where = _where(process, messages)
            if titles is None:
                raise LoadError(f"loading {shown} did not finish within {time_limit:g} s, "
                                f"still running{where}: the code at the top level of the "
                                f"file runs when it is loaded; keep your code inside the "
                                f"functions")
            return _stopped(exercise, shown, sections, titles, current,
                            f"the check stopped this case after {time_limit:g} s: a loop "
                            f"that never ends? Your code was still running{where}; if it is "
                            f"only slow, give it more time with --time-limit SECONDS")
        kind = message[0]
        if kind == "cases":
            titles = message[1]
        elif kind == "start":
            current = message[1]
            deadline = time.monotonic() + time_limit
        elif kind == "section":
            sections.append(message[2])
        elif kind == "done":
            return Report(exercise, shown, sections)
        elif kind == "load_error":
            raise LoadError(message[1])
        elif kind == "checker_error":
            raise CheckerError(message[1])
        elif kind == "ended":                     # the worker is gone without a word
            text = (f"the process running your code ended suddenly (exit code "
                    f"{process.wait()}) during this case: did your code call os._exit, or "
                    f"run out of memory?")
            if titles is None:
                raise LoadError(f"loading {shown}: {text}")
            return _stopped(exercise, shown, sections, titles, current, text)


def _stopped(exercise, shown: str, sections: List[Section], titles: List[str],
             current: int, why: str) -> Report:
    """The report of a check whose case ``current`` stopped for ``why``: the cases
    before it, that case with one row saying why, and the cases after it not run."""
    section = Section(titles[current])
    section.rows = [Row.stopped(why)]
    return Report(exercise, shown, sections + [section], titles[current + 1:])


def _next(messages, deadline: float):
    """The next message, or None once ``deadline`` has passed. Waits in short slices
    so that Ctrl-C is felt at once on every system."""
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        try:
            return messages.get(timeout=min(remaining, 0.1))
        except queue.Empty:
            continue


def _where(process, messages) -> str:
    """Ask the worker where its main thread is: ' at line 12 of my_ex1.py (...)'."""
    try:
        process.stdin.write(b"where\n")
        process.stdin.flush()
    except OSError:
        return ""
    deadline = time.monotonic() + GRACE
    while True:
        message = _next(messages, deadline)
        if message is None or message[0] == "ended":
            return ""
        if message[0] == "where":
            return f" at {message[1]}" if message[1] else ""


def _read(stream, messages) -> None:
    """In a thread of the checker: every line the worker sends, decoded, into the queue;
    ("ended",) when the worker's channel closes."""
    for line in iter(stream.readline, b""):
        try:
            messages.put(pickle.loads(base64.b64decode(line)))
        except Exception:
            continue          # not a message (cannot happen unless the channel is misused)
    messages.put(("ended",))


def _stop(process) -> None:
    """Close the worker's input (a worker that waits for it then stops), and kill it
    if it is still running a moment later."""
    try:
        process.stdin.close()
    except OSError:
        pass
    try:
        process.wait(timeout=GRACE)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    process.stdout.close()


# %% Inside the worker
class Channel:
    """The worker's line to the checker: one pickled message per line."""

    def __init__(self, stream):
        self.stream = stream
        self.lock = threading.Lock()

    def send(self, message) -> None:
        try:
            data = pickle.dumps(message)
        except Exception as error:    # a row holding something that cannot travel
            data = pickle.dumps(("checker_error", f"a message of the checker's worker "
                                                  f"could not be sent: {error!r}"))
        with self.lock:
            self.stream.write(base64.b64encode(data) + b"\n")
            self.stream.flush()


def serve(argv: List[str]) -> None:
    """The worker's main: load exercise argv[0]'s functions from argv[1] (a file, or
    SOLUTIONS), shown as argv[2], run every case and send the messages

        ("cases", [titles]), then for each case ("start", i) and ("section", i, Section),
        then ("done",); or ("load_error", text) / ("checker_error", text);
        ("where", "line 12 of my_ex1.py (...)") when the checker asks (then it exits).
    """
    number, source, shown = int(argv[0]), argv[1], argv[2]
    if hasattr(signal, "SIGINT"):
        signal.signal(signal.SIGINT, signal.SIG_IGN)    # Ctrl-C is the checker's to handle
    channel = Channel(os.fdopen(os.dup(1), "wb"))
    os.dup2(2, 1)             # what your code prints goes to the screen, not the channel
    sys.stdout = sys.stderr
    watchdog = threading.Thread(target=_watch, daemon=True,
                                args=(channel, threading.get_ident(), source))
    watchdog.start()
    sys.stdin = open(os.devnull)    # standard input is the checker's line: input() gets EOF
    try:
        exercise = EXERCISES[number]
        if source == SOLUTIONS:
            functions, path = exercise.solutions, ""
        else:
            try:
                functions = load_functions(source, exercise.functions)
            except LoadError as error:
                channel.send(("load_error", str(error).replace(source, shown)))
                return
            path = source
        cases = exercise.cases(make_students(exercise, functions, path))
        channel.send(("cases", [case.title for case in cases]))
        for i, case in enumerate(cases):
            channel.send(("start", i))
            section = run_case(exercise, case, path)
            channel.send(("section", i, section))
        channel.send(("done",))
    except CheckerError as error:
        channel.send(("checker_error", str(error)))
    except Exception:
        channel.send(("checker_error", "the checker's worker failed:\n"
                                       + traceback.format_exc()))
    finally:
        # Exit at once: the watchdog thread is still waiting for input, and an
        # interpreter shutting down around it can stop with a fatal error.
        sys.stderr.flush()
        os._exit(0)


def _watch(channel: Channel, main_thread: int, source: str) -> None:
    """In a thread of the worker: wait for the checker's questions on standard input.
    "where": say where the main thread is, then stop. End of input (the checker is
    done, or gone): stop."""
    received = b""
    while True:
        chunk = os.read(0, 64)       # unbuffered: the thread holds no lock while it waits
        if not chunk:
            os._exit(0)
        received += chunk
        if b"where\n" in received:
            channel.send(("where", where_is(main_thread, source)))
            os._exit(3)


def where_is(thread: int, source: str) -> str:
    """'line 12 of my_ex1.py (while i < n:)', the innermost line of ``source`` that
    ``thread`` is running (or its innermost line of any file)."""
    frame = sys._current_frames().get(thread)
    innermost = frame
    wanted = os.path.abspath(source) if source and source != SOLUTIONS else None
    while frame is not None:
        if wanted and os.path.abspath(frame.f_code.co_filename) == wanted:
            code = linecache.getline(wanted, frame.f_lineno).strip()
            return f"line {frame.f_lineno} of {os.path.basename(wanted)} ({code})"
        frame = frame.f_back
    if innermost is None:
        return ""
    path = innermost.f_code.co_filename
    code = linecache.getline(path, innermost.f_lineno).strip()
    return f"line {innermost.f_lineno} of {repository_path(path)} ({code})"
