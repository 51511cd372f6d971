"""Running a check in this process, and the report it gives.

    report = run_check(4, {"backprop": my_backprop})     # your functions, by name
    report.passed, report.diagnosis(), print(report.text())

``run_case`` runs one case: its rows at the first point, and, when a row is wrong, the
case again at its second point, whose rows confirm (or not) the mistake the diagnosis
would name. What your code raises becomes a row that says so, with the exercise's
hint for that exception. The command line runs each check in a worker process that
can be stopped (worker.py); the worker calls ``run_case`` too.
"""
from __future__ import annotations

import inspect
from typing import Callable, Dict, List, Optional

from checker.cases import Case, Exercise
from checker.diagnosis import Row, attach_second, diagnose
from checker.loading import CheckerError, NotWrittenYet, Student, StudentError
from checker.registry import EXERCISES
from checker.tracebacks import explain


class Section:
    """The rows of one case (or the function that is not written yet)."""

    def __init__(self, title: str):
        self.title = title
        self.rows: List[Row] = []
        self.not_written: Optional[str] = None


class Report:
    """The result of a check: ``passed``, ``first_wrong``, ``diagnosis()``, ``text()``.

    not_run  the titles of the cases that did not run (after one ran out of time, or
             the worker running it ended)
    """

    def __init__(self, exercise: Exercise, source: str, sections: List[Section],
                 not_run: Optional[List[str]] = None):
        self.exercise = exercise
        self.source = source
        self.sections = sections
        self.not_run = not_run or []

    @property
    def not_written(self) -> List[str]:
        names = []
        for section in self.sections:
            if section.not_written and section.not_written not in names:
                names.append(section.not_written)
        return names

    @property
    def rows(self) -> List[Row]:
        every = []
        for section in self.sections:
            every.extend(section.rows)
        return every

    @property
    def passed(self) -> bool:
        return not self.not_written and not self.not_run and all(row.ok for row in self.rows)

    @property
    def first_wrong(self) -> Optional[Row]:
        for row in self.rows:
            if not row.ok:
                return row
        return None

    def diagnosis(self) -> List[str]:
        """The explanation of the first wrong row (empty when every row is right)."""
        for section in self.sections:
            by_name = {row.name: row for row in section.rows}
            for row in section.rows:
                if not row.ok:
                    return diagnose(row, by_name)
        return []

    def summary(self) -> List[str]:
        number = self.exercise.number
        wrong = 0
        for row in self.rows:
            wrong += 0 if row.ok else 1
        names = ", ".join(self.not_written)
        raises = "still raises" if len(self.not_written) == 1 else "still raise"
        if self.not_written and not self.rows:
            return [f"exercise {number}: not written yet: {names} in {self.source} {raises} "
                    f"NotImplementedError. Write the body, then run this again."]
        lines = []
        if self.not_written:
            lines.append(f"exercise {number}: not written yet: {names} {raises} "
                         f"NotImplementedError")
        if wrong:
            lines.append(f"exercise {number}: {wrong} of {len(self.rows)} terms wrong; "
                         f"the first one:")
            lines.extend(self.diagnosis())
        elif not self.not_written:
            lines.append(f"exercise {number}: all {len(self.rows)} terms match.")
        if self.not_run:
            count = len(self.not_run)
            lines.append(f"exercise {number}: the {count} case{'s' if count > 1 else ''} "
                         f"after the stopped one did not run.")
        return lines

    def text(self, quiet: bool = False) -> str:
        exercise = self.exercise
        lines = [f"exercise {exercise.number}: {exercise.title}",
                 f"  checking {', '.join(exercise.functions)} from {self.source}"]
        if not quiet and self.rows:
            for section in self.sections:
                lines.append("")
                lines.append(section.title)
                if section.not_written:
                    lines.append(f"  not written yet: {section.not_written}")
                for row in section.rows:
                    lines.append(row.line())
            for title in self.not_run:
                lines.append("")
                lines.append(title)
                lines.append("  (not run)")
        lines.append("")
        lines.extend(self.summary())
        return "\n".join(lines)


def make_students(exercise: Exercise, functions: Dict[str, Callable],
                  source: str) -> Dict[str, Student]:
    students = {}
    for name in exercise.functions:
        # The parameters' names are the exercise's (its reference solution's signature).
        parameters = list(inspect.signature(exercise.solutions[name]).parameters)
        students[name] = Student(name, functions[name], source,
                                 exercise.read_again.get(name), parameters)
    return students


def add_hints(exercise: Exercise, rows: List[Row]) -> None:
    """Add the exercise's hint to every row that reports an exception of yours."""
    for row in rows:
        if row.error is None:
            continue
        function, kind, detail = row.error
        hint = exercise.hint(function, kind, detail) if kind else None
        if hint:
            row.message = row.shown = f"{row.message}: {hint}"


def _rows(exercise: Exercise, run: Callable[[], List[Row]], source: str,
          section: Section) -> List[Row]:
    try:
        return run()
    except NotWrittenYet as missing:
        section.not_written = missing.function
        return []
    except StudentError as error:
        return [Row.from_error(error)]
    except CheckerError:
        raise
    except Exception as error:   # the project's code stopped on what yours left behind
        explained = explain(error, source)
        return [Row.stopped(f"the check stopped on what your function left behind: "
                            f"{explained.text}")]


def run_case(exercise: Exercise, case: Case, source: str = "") -> Section:
    """One case: its rows, and for a wrong row its twin at the case's second point."""
    section = Section(case.title)
    section.rows = _rows(exercise, case.run, source, section)
    add_hints(exercise, section.rows)
    wrong = [row for row in section.rows if not row.ok and row.message is None]
    if wrong and case.second is not None:
        second = _rows(exercise, case.second, source, Section(case.title))
        attach_second(section.rows, second)
    return section


def run_check(number: int, functions: Dict[str, Callable], source: str = "") -> Report:
    """Check ``functions`` (name -> your function) as exercise ``number``, in this
    process (no time limit: see worker.py for that)."""
    exercise = EXERCISES[number]
    students = make_students(exercise, functions, source)
    sections = []
    for case in exercise.cases(students):
        sections.append(run_case(exercise, case, source))
    return Report(exercise, source, sections)
