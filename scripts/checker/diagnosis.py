"""Rows of the report, and the explanation of the first wrong one.

A Row is one named number of your code (dL/dw1, z_h1, w1 after a step) beside the
expected one. When it is wrong, ``diagnose`` explains it in this order:

1. Follow the chain rule back: if a factor of the term is wrong too (dL/dw1 = dL/dz_h1
   * x1, and dL/dz_h1 is wrong), "look at" the first wrong term whose own factors are
   right: that is the place to fix, and it is explained on the next line.
2. Name a known mistake (mistakes.py) that gives your number. It is named only when
   it also gives your number at a second, different point of the same case (the
   case's second run, ``row.second``): one point can agree with a mistake by chance.
3. A ratio ("it is twice the answer", "it moved 4 times as far as it should"), again
   only when the second point shows the same ratio.
4. Otherwise by how much the term is off: "it is off by +0.25".
"""
from __future__ import annotations

from typing import Dict, List, Optional, Sequence

from checker.comparing import (ABSOLUTE, is_number, matches, portable, show,
                               show_pair)
from checker.mistakes import Mistake


class Term:
    """A named number read from the objects after a pass (z_h1, dL/dw1, ...).

    factors   the names of the terms it is computed from (the chain rule's factors)
    mistakes  what it would be after each known mistake (reference terms only)
    missing   what to do when the value is None (usually: where to store it)
    """

    def __init__(self, name: str, value, factors: Sequence[str] = (),
                 mistakes: Sequence[Mistake] = (), missing: str = ""):
        self.name = name
        self.value = value
        self.factors = list(factors)
        self.mistakes = list(mistakes)
        self.missing = missing


class Row:
    """One line of the report: a term of your code against the expected value.

    key       what the row is called at the case's second point (the name, unless
              the name holds the point's own numbers, as in "sigmoid'(-3)")
    baseline  for a parameter after an update: its value before, so that a wrong
              number is explained by how far it moved
    hand      the hand-worked value, when there is one (shown, and checked against
              the project's code)
    message   a ready-made explanation (an exception, the gradient check)
    second    the same row at the case's second point (set when a row is wrong)
    """

    def __init__(self, name: str, got, expected: Optional[float],
                 factors: Sequence[str] = (), mistakes: Sequence[Mistake] = (),
                 baseline: Optional[float] = None, hand: Optional[float] = None,
                 missing: str = "", message: Optional[str] = None,
                 ok: Optional[bool] = None, shown: Optional[str] = None,
                 key: Optional[str] = None):
        self.name = name
        self.key = key if key is not None else name
        self.got = portable(got)
        self.expected = expected
        self.factors = list(factors)
        self.mistakes = list(mistakes)
        self.baseline = baseline
        self.hand = hand
        self.missing = missing
        self.message = message
        self.shown = shown
        self.second: Optional[Row] = None
        self.error = None        # (function, kind, detail) of a StudentError, for its hint
        self.ok = matches(got, expected) if ok is None else ok

    @classmethod
    def stopped(cls, message: str, error=None) -> "Row":
        """A row saying where and why the check of a case stopped. ``error``, the
        StudentError your function raised, selects the exercise's hint (running.py)."""
        row = cls("stopped", None, None, message=message, ok=False, shown=message)
        row.error = (error.function, error.kind, error.detail) if error is not None else None
        return row

    @classmethod
    def from_error(cls, error) -> "Row":
        return cls.stopped(error.text, error)

    def line(self) -> str:
        verdict = "ok" if self.ok else "WRONG"
        if self.shown is not None:
            return f"  {verdict:5}  {self.shown}"
        if self.ok:
            text = f"  {verdict:5}  {self.name:18} {show(self.got)}"
            if self.hand is not None:
                text += f"   (worked by hand: {show(self.hand)})"
            return text
        got, expected = show_pair(self.got, self.expected)
        return f"  {verdict:5}  {self.name:18} {got}   expected {expected}"

    def __repr__(self) -> str:
        return f"Row({self.name}: got={self.got!r}, expected={self.expected!r}, ok={self.ok})"


def rows_from_terms(reference: Dict[str, Term], yours: Dict[str, Term],
                    hand: Optional[Dict[str, float]] = None) -> List[Row]:
    """A row for every reference term, in its order, with your value beside it."""
    rows = []
    for name, term in reference.items():
        got = yours[name].value if name in yours else None
        hand_value = hand.get(name) if hand else None
        rows.append(Row(name, got, term.value, term.factors, term.mistakes,
                        hand=hand_value, missing=term.missing))
    return rows


def attach_second(rows: List[Row], second_rows: List[Row]) -> None:
    """Give every row its twin at the case's second point (matched by key)."""
    by_key = {}
    for row in second_rows:
        by_key.setdefault(row.key, row)
    for row in rows:
        row.second = by_key.get(row.key)


# %% The words
def ratio_words(ratio: float) -> Optional[str]:
    """'it is twice the answer', 'the sign is wrong', 'it is 1/3 of the answer', ...
    for a simple ratio of your number to the expected one; None otherwise."""
    for value, words in ((2.0, "it is twice the answer"), (0.5, "it is half the answer"),
                         (-1.0, "the sign is wrong"),
                         (-2.0, "the sign is wrong and it is twice the answer"),
                         (-0.5, "the sign is wrong and it is half the answer")):
        if abs(ratio - value) <= 1e-6 * abs(value):
            return words
    for k in range(3, 13):
        if abs(ratio - k) <= 1e-6 * k:
            return f"it is {k} times the answer"
        if abs(ratio * k - 1.0) <= 1e-6:
            return f"it is 1/{k} of the answer"
    return None


def movement_words(ratio: float) -> Optional[str]:
    """The same for how far a parameter moved against how far it should have."""
    for value, words in ((2.0, "it moved twice as far as it should"),
                         (0.5, "it moved half as far as it should"),
                         (-1.0, "it moved the wrong way")):
        if abs(ratio - value) <= 1e-6 * abs(value):
            return words
    for k in range(3, 13):
        if abs(ratio - k) <= 1e-6 * k:
            return f"it moved {k} times as far as it should"
        if abs(ratio * k - 1.0) <= 1e-6:
            return f"it moved 1/{k} as far as it should"
    return None


def _ratio(row: Row, moved: bool) -> Optional[float]:
    """got / expected (or, with ``moved``, how far it moved over how far it should
    have); None when either is 0 or not a number."""
    if row is None or row.ok or not is_number(row.got) or not is_number(row.expected):
        return None
    got, expected = row.got, row.expected
    if moved:
        if row.baseline is None:
            return None
        got, expected = got - row.baseline, expected - row.baseline
    if abs(got) <= ABSOLUTE or abs(expected) <= ABSOLUTE:
        return None
    return got / expected


def relation(row: Row) -> str:
    """How your number differs from the expected one, in words that hold at both points."""
    got, expected = row.got, row.expected
    if abs(got) <= ABSOLUTE:
        return "it is 0"
    if abs(expected) <= ABSOLUTE:
        return "it should be 0"
    words = ratio_words(got / expected)
    second = _ratio(row.second, moved=False)
    if words is not None and second is not None and ratio_words(second) == words:
        return words
    return f"it is off by {got - expected:+.4g}"


def movement(row: Row) -> str:
    """How far a parameter moved against how far it should have, in words that hold
    at both points."""
    moved, should = row.got - row.baseline, row.expected - row.baseline
    if abs(moved) <= ABSOLUTE:
        return "it did not move"
    if abs(should) <= ABSOLUTE:
        return "it should not have moved"
    words = movement_words(moved / should)
    second = _ratio(row.second, moved=True)
    if words is not None and second is not None and movement_words(second) == words:
        return words
    return f"it moved by {moved:+.4g}, it should have moved by {should:+.4g}"


def _gives(row: Row, mistake: Mistake) -> bool:
    """Does ``mistake`` give your number in ``row`` (and not the right one as well)?"""
    return matches(row.got, mistake.value) and not matches(mistake.value, row.expected)


def known_mistake(row: Row) -> Optional[str]:
    """The explanation of the first known mistake that gives your number here and,
    for a mistake that claims something about your code, at the second point too."""
    for mistake in row.mistakes:
        if not _gives(row, mistake):
            continue
        if not mistake.confirm:
            return mistake.explanation
        second = row.second
        if second is None or second.ok:
            continue
        for twin in second.mistakes:
            if twin.explanation == mistake.explanation and _gives(second, twin):
                return mistake.explanation
    return None


def root_cause(row: Row, by_name: Dict[str, Row], seen: Optional[set] = None) -> Optional[Row]:
    """Follow the wrong factors back to the first wrong term whose factors are right."""
    seen = set() if seen is None else seen
    seen.add(row.name)
    for name in row.factors:
        factor = by_name.get(name)
        if factor is None or factor.ok or name in seen:
            continue
        deeper = root_cause(factor, by_name, seen)
        return deeper if deeper is not None else factor
    return None


def diagnose(row: Row, by_name: Dict[str, Row]) -> List[str]:
    """One line saying how ``row`` is wrong (and an indented one for its root cause)."""
    if row.message is not None:
        return [row.message]
    if row.got is None:
        return [f"{row.name} is None: {row.missing or 'nothing was stored or returned'}"]
    if not is_number(row.got):
        return [f"{row.name} is {show(row.got)}, expected {show(row.expected)}: "
                f"it must be a finite number"]
    got, expected = show_pair(row.got, row.expected)
    head = f"{row.name} is {got}, expected {expected}"
    cause = root_cause(row, by_name)
    if cause is not None:
        lines = [f"{head}: {relation(row)}; look at {cause.name}"]
        for line in diagnose(cause, by_name):
            lines.append("  " + line)
        return lines
    explanation = known_mistake(row)
    if explanation is None:
        explanation = movement(row) if row.baseline is not None else relation(row)
    return [f"{head}: {explanation}"]
