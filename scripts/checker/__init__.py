"""The exercise checker: plug your function into the real classes and name the wrong term.

    python scripts/check_exercise.py N [FILE]      (scripts/check_exercise.py: the command)

How a check works. For as long as it runs, your function takes the place of the
project's own (Neuron.feedforward, Neuron.backprop, Layer.input_gradients, SGD.step,
...): a context manager swaps it in and always puts the original back. Then it runs
cases through the real Network and compares every named term with the project's own
code run on the same inputs, which is the reference solution, so the exercises cannot
drift from the code; the walkthrough's numbers (Alice in the 2-2-1 network: h1 =
0.04743, dL/dy_pred = -0.9526, dL/dw1 = 0.02147, ...) are also worked by hand, and
the check stops with an error if the code ever disagrees with them. Backward
exercises also run the finite-difference gradient check, and most end with a few
epochs of training. Every term is printed as ok or WRONG, and the first wrong one is
explained, following the chain rule back to the term to fix:

    dL/dw1 is 0.04294, expected 0.02147: it is twice the answer; look at dL/dy_pred
      dL/dy_pred is -1.905, expected -0.9526: it is twice the answer

A ratio or a named mistake is stated only when it also holds at a second, different
point of the same case; otherwise the report says by how much the term is off.

The files, each readable on its own:

    comparing.py     when two numbers match; how they are printed
    mistakes.py      the catalogue of known mistakes, and what each does to a number
    diagnosis.py     Row (a term against its expected value) and the explanation
    tracebacks.py    an exception's line, and the list it indexed (IndexError, ValueError)
    loading.py       your file loaded; your function called with copies of its lists
    patching.py      swapping your function into the real classes, and back
    walkthrough.py   Alice worked by hand, and the shared small networks
    cases.py         Case and Exercise; the network and training cases
    cases_1_feedforward.py ... cases_8_adam.py   each exercise's plug and cases
    registry.py      the eight exercises by number
    running.py       run a check in this process; the Report
    worker.py        run it in a worker process with a time limit per case
"""
from checker.registry import EXERCISES
from checker.running import Report, run_check
from checker.worker import DEFAULT_TIME_LIMIT, check_file, check_solutions

__all__ = ["EXERCISES", "Report", "run_check", "check_file", "check_solutions",
           "DEFAULT_TIME_LIMIT"]
