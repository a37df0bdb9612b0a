"""A labelled expression of one sample, read without the sample's index.

"- hinge: $\\max(0, 1 - y_i f(\\mathbf{x}_i))$" is the loss of the i-th example: every letter
carries the index i, and the score is the function f applied to that example's input. The
claim says the same of one example in its own letters (y and a score f). Where the index
stands only as the subscript of single letters (never summed, never on its own) and the
formula's only calls are of a function letter on one such indexed argument, the formula
says of every sample what the claim says of one, so it is read with the index dropped and
each such call as its value: ``\\max(0, 1 - y f)``. The audit keeps that reading only where
it decides a claim the label names (decide.py), so a guess about the index never stands on
its own.
"""
from __future__ import annotations

import re

from cheatsheet.latex.calls import FUNCTION_LETTERS
from cheatsheet.sheets.formulas import has_relation

_BOLD = r"\\(?:mathbf|boldsymbol|bm|vec)\s*\{\s*[A-Za-z]\s*\}"
_LETTER = r"(?<![\\A-Za-z])[A-Za-z](?![A-Za-z])"
# the letters sheets index examples, steps and components by (not p_e, p_o: names)
_SAMPLE_INDICES = frozenset("ijklmnt")
_CANDIDATE = re.compile(rf"(?:{_BOLD}|{_LETTER})_(?:\{{\s*([a-z])\s*\}}|([a-z]))")


def _index_re(k: str) -> str:
    return rf"_(?:\{{\s*{k}\s*\}}|{k}(?![A-Za-z]))"


def without_index(latex: str) -> str | None:
    """The expression with its one sample index dropped, or None where no letter is such an
    index (it is summed, stands alone, or there is none), or several are."""
    if has_relation(latex) or re.search(r"\\(leftarrow|gets|rightarrow|to|mapsto|Rightarrow|"
                                        r"iff|approx|sim|propto)(?![A-Za-z])|:=", latex):
        return None  # a relation states its own sides: only a bare value is read so
    found = {a or b for a, b in _CANDIDATE.findall(latex)} & _SAMPLE_INDICES
    out = []
    for k in sorted(found):
        sub = _index_re(k)
        indexed = rf"(?:{_BOLD}|{_LETTER}){sub}"
        bases = {re.sub(sub + "$", "", m) for m in re.findall(indexed, latex)}
        if any(_elsewhere(b, sub, latex) for b in bases):
            continue  # z_k beside z_j or a bare z: dropping k would make them one letter
        # f(x_i) -> f: a function letter applied to one indexed argument is its value there
        calls = re.compile(rf"(?<![\\A-Za-z])([A-Za-z])\s*(?:\\left)?\(\s*({indexed})\s*"
                           rf"(?:\\right)?\)")
        inputs = {re.sub(sub + "$", "", m.group(2)) for m in calls.finditer(latex)
                  if m.group(1) in FUNCTION_LETTERS}
        text = calls.sub(lambda m: m.group(1) if m.group(1) in FUNCTION_LETTERS
                         else m.group(0), latex)
        if any(x in text if x.startswith("\\") else
               re.search(rf"(?<![A-Za-z]){x}(?![A-Za-z])", re.sub(r"\\[A-Za-z]+", " ", text))
               for x in inputs):
            continue  # (f(x_i) - y_i) x_i: the input stands on its own too, not only in f
        if re.search(rf"(?<![\\A-Za-z])[A-Za-z]\s*(?:\\left)?\(", text):
            continue  # another call (of an unknown letter, on other arguments): not sure
        if len(re.findall(indexed, latex)) < 2:
            continue  # one indexed letter: a component or a term, not a sample's formula
        text = re.sub(rf"({_BOLD}|{_LETTER}){sub}", r"\1", text)
        bare = re.sub(r"\\[A-Za-z]+", " ", text)
        if re.search(rf"(?<![A-Za-z]){k}(?![A-Za-z])|{k}", bare):
            continue  # the index stands elsewhere: summed, a range, a factor of its own
        out.append(text)
    return out[0] if len(out) == 1 else None


def _elsewhere(base: str, sub: str, latex: str) -> bool:
    """Does the letter ``base`` stand in ``latex`` other than with the index ``sub``?"""
    if base.startswith("\\"):
        letter = re.escape(base)
        head = ""
    else:
        letter, head = re.escape(base), r"(?<![\\A-Za-z])"
    for m in re.finditer(rf"{head}{letter}(?![A-Za-z])", latex):
        if not re.match(sub, latex[m.end():]):
            return True
    return False
