"""Check an exercise: plug your function into the real classes and name the wrong term.

    python scripts/check_exercise.py N             # checks scripts/exercises/exN_*.py
    python scripts/check_exercise.py N FILE        # checks your own copy of it
    python scripts/exercises/ex1_neuron_forward.py # the same: every exercise runs its check
    python scripts/check_exercise.py --solutions   # the project's own code passes every one

The exercises, in the order to do them. Each file states the task, the formulas you
need and hints; write the body of its function(s) where it says
``raise NotImplementedError("your code here")``, then run the file.

  1  ex1_neuron_forward.py          Neuron.feedforward: z = w1*x1 + ... + wn*xn + b, output = g(z)
  2  ex2_activation_derivatives.py  the slopes g'(z) of sigmoid, tanh and ReLU
  3  ex3_loss_derivative.py         dL/dy_pred of the mean squared error
  4  ex4_neuron_backward.py         Neuron.backprop: d_output_d_z, d_loss_d_z, dL/dwi, dL/db
  5  ex5_layer_backward.py          Layer.input_gradients: dL/dx_i = sum_j dL/dz_j * w_ji
  6  ex6_softmax_cross_entropy.py   softmax, and dL/dz_k = p_k - y_k for cross entropy
  7  ex7_sgd_step.py                SGD: w <- w - learning_rate * (summed dL/dw) / batch_size
  8  ex8_adam_step.py               one Adam update, with its bias correction

Your code runs in a worker process with a time limit per case (--time-limit, 10 s by
default): a loop that never ends is stopped and the line it was on is shown. Ctrl-C
stops the check with one line. How a check works and how the report explains the
first wrong term: scripts/checker/__init__.py, and one file per part beside it.

Exit status: 0 when every term matches, 1 otherwise ("exercise N: not written yet"
while a function still raises NotImplementedError), 2 for a bad command line or when
the checker itself cannot check (the project's code disagrees with the hand-worked
numbers), 130 after Ctrl-C.
"""
from __future__ import annotations

import argparse
import os
import sys
from typing import Optional, Sequence

SCRIPTS = os.path.dirname(os.path.abspath(__file__))
for _folder in (os.path.dirname(SCRIPTS), SCRIPTS):   # the repository root, and scripts/
    if _folder not in sys.path:
        sys.path.insert(0, _folder)                   # (no install needed)

DEFAULT_TIME_LIMIT = 10.0     # seconds per case (checker.worker.DEFAULT_TIME_LIMIT)


def seconds(text: str) -> float:
    """--time-limit: a number of seconds >= 0 (0: no limit)."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 <= value < float("inf"):
        raise argparse.ArgumentTypeError(
            f"must be a number of seconds >= 0 (0: no limit, run in this process), got {text}")
    return value


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command; Ctrl-C at any moment ends it with one line (exit status 130)."""
    try:
        return check(argv)
    except KeyboardInterrupt:
        print("\nstopped (Ctrl-C) before the check finished; nothing was changed.",
              file=sys.stderr)
        return 130
    except BrokenPipeError:       # the report went to a program that stopped reading (| head)
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def check(argv: Optional[Sequence[str]] = None) -> int:
    # Imported here, inside main's Ctrl-C handling (loading the checker takes a moment).
    from checker import EXERCISES, check_file, check_solutions
    from checker.loading import CheckerError, LoadError

    parser = argparse.ArgumentParser(
        description="Check an exercise of scripts/exercises/ against the project's code.",
        epilog="Exercises, in order: " + "; ".join(
            f"{n} {e.filename}" for n, e in EXERCISES.items()),
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("number", nargs="?", type=int, choices=sorted(EXERCISES),
                        help="which exercise")
    parser.add_argument("file", nargs="?", default=None,
                        help="your file (default: scripts/exercises/exN_*.py)")
    parser.add_argument("--solutions", action="store_true",
                        help="check the project's own code against every exercise")
    parser.add_argument("--quiet", action="store_true",
                        help="print only the verdict, not every term")
    parser.add_argument("--time-limit", type=seconds, default=DEFAULT_TIME_LIMIT,
                        metavar="SECONDS",
                        help="stop a case of your code after this long (a loop that never "
                             "ends); 0: no limit, run in this process (for a debugger)")
    args = parser.parse_args(argv)
    try:
        if args.solutions:
            reports = check_solutions(args.time_limit)
            for report in reports:
                verdict = "passes" if report.passed else "FAILS"
                print(f"exercise {report.exercise.number} ({report.exercise.filename}): the "
                      f"project's code {verdict}, {len(report.rows)} terms")
                if not report.passed:
                    print(report.text())
            return 0 if all(report.passed for report in reports) else 1
        if args.number is None:
            parser.print_help()
            return 2
        report = check_file(args.number, args.file, args.time_limit)
    except LoadError as error:
        print(f"exercise {args.number}: {error}")
        return 1
    except CheckerError as error:
        what = "the solutions" if args.solutions else f"exercise {args.number}"
        print(f"the checker cannot check {what}: {error}")
        return 2
    print(report.text(args.quiet))
    return 0 if report.passed else 1


if __name__ == "__main__":
    sys.exit(main())
