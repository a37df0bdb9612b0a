"""A claim: a formula written once in LaTeX, what its symbols are, and where the sheets state it.

The canonical statement is what the catalog vouches for; each ``SourceVersion`` is the formula
as one sheet writes it (sheet, 1-based line, LaTeX as written), decided by the same check, so a
typo in a sheet is refuted by a counterexample rather than flagged by hand.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from .symbols import Declarations

if TYPE_CHECKING:  # SymPy loads only when a statement is read, so listing the catalog is fast
    from .statement import Statement


class ClaimError(ValueError):
    """A claim file entry that is malformed (missing field, unreadable declaration...)."""


@dataclass
class SourceVersion:
    sheet: str
    line: int
    latex: str  # exactly as on the sheet's line
    read_as: str | None = None  # what the reader is given when the sheet's notation needs it
    notation: str = ""  # the notation the sheet assumes (layout, what a name stands for...)
    note: str = ""  # what is wrong or special about this version, in our words
    symbols: dict = field(default_factory=dict)  # declarations that differ from the claim's
    assume: list = field(default_factory=list)
    # names the sheet's words leave free for this formula ("for some c < 1", a learned
    # coefficient, "there are rho, phi such that"): defined, but no instance can decide a line
    # that uses them, and a line that never uses one speaks of something else
    exists: list = field(default_factory=list)
    # the few words of the line, outside its $...$, that the reading relies on ("p.s.d.",
    # "independent", "for"), a phrase or a list of phrases quoted exactly: shown with every
    # finding about the line, so a verdict never rests on words the reader cannot see
    words: str | list = ""
    # other readings of the line that are as defensible as read_as (each a table with its own
    # read_as and the notation that justifies it, e.g. "if" read as a necessary condition): the
    # checker decides every reading; the version is refuted only when all are, and undecided,
    # saying both, when they disagree (verify/check.py)
    also: list = field(default_factory=list)
    expect: str | None = None  # what the tests assert the checker says; never feeds a verdict

    @property
    def reader_latex(self) -> str:
        return self.read_as if self.read_as is not None else self.latex

    @property
    def layouts(self) -> tuple:
        """The matrix-calculus layouts this line may be read in: what its sheet announces
        there, both where the sheet leaves it open (derived from the sheet by
        scripts/sheet_context.py, never typed by hand); () for a sheet the file does not know."""
        from .verify.sheet_context import line_context

        ctx = line_context(self.sheet, self.line)
        return ctx.layouts if ctx is not None else ()

    @property
    def layout(self) -> str | None:
        """The layout the sheet fixes for this line, or None where it leaves the choice open."""
        layouts = self.layouts
        return layouts[0] if len(layouts) == 1 else None


@dataclass
class Claim:
    id: str
    topic: str
    title: str
    latex: str
    symbols: dict = field(default_factory=dict)
    assume: list = field(default_factory=list)
    independent: list = field(default_factory=list)
    layout: str = "denominator"
    check: str | None = None  # registered custom check
    method: str = "auto"  # auto (symbolic, then numeric) | numeric
    trials: int = 48
    rtol: float = 1e-6
    atol: float = 1e-9
    # how close the two sides of a '\approx' must be (relative); without it '\approx' is
    # undecided, since nobody said how close is close enough
    approx_rtol: float | None = None
    note: str = ""
    tags: list = field(default_factory=list)
    # wrong variants of our own (typical mistakes): the tests show each is refuted, which is
    # what proves the check can fail; the quiz uses them as distractors
    wrong: list = field(default_factory=list)
    # forms that are right under another convention the catalog does not state ({latex,
    # when}: the 1/N covariance, a step applied as x - d): never a typo, never a distractor
    conventions: list = field(default_factory=list)
    sources: list[SourceVersion] = field(default_factory=list)

    @classmethod
    def from_dict(cls, d: dict, topic: str) -> "Claim":
        d = dict(d)
        for key in ("id", "title", "latex"):
            if key not in d:
                raise ClaimError(f"claim {d.get('id', '?')}: missing field {key!r}")
        sources = [_source(d["id"], s) for s in d.pop("sources", [])]
        d.setdefault("topic", topic)
        try:
            claim = cls(**d, sources=sources)
        except TypeError as exc:
            raise ClaimError(f"claim {d['id']}: {exc}") from None
        claim.declarations  # fail early on unreadable declarations
        return claim

    @cached_property
    def declarations(self) -> Declarations:
        return Declarations.from_mapping(self.symbols)

    def declarations_for(self, source: SourceVersion) -> Declarations:
        if not source.symbols:
            return self.declarations
        return Declarations.from_mapping({**self.symbols, **source.symbols})

    @cached_property
    def statement(self) -> "Statement":
        """The canonical statement, read through the memo the checks read it through
        (verify/parsing.py): one reading per run, not one here and one for the check."""
        from .verify.parsing import parse_cached

        return parse_cached(self.latex, self.declarations, layout=self.layout)

    @property
    def sympy(self):
        """(lhs, rhs) of a single relation, a tuple of them for a chain, or the expression."""
        st = self.statement
        if not st.relations:
            return st.expr
        pairs = tuple((r.lhs, r.rhs) for r in st.relations)
        return pairs[0] if len(pairs) == 1 else pairs

    def numeric(self, **values):
        """Both sides evaluated at the given values: ``(lhs, rhs)`` (a list for chains).

        Scalars are numbers, vectors and matrices NumPy arrays; sizes are read off the arrays.
        Greek names are spelled as declared (``lambda``); a trailing underscore is dropped so
        ``lambda_=2`` works as a Python keyword.
        """
        from .verify.values import evaluate_at

        return evaluate_at(self, values)

    def verify(self, seed: int = 0, thorough: bool = False):
        from .verify.check import verify_claim

        return verify_claim(self, seed=seed, thorough=thorough)

    def __repr__(self):
        return f"Claim({self.id!r}: {self.latex})"

    def _repr_html_(self) -> str:
        """Jupyter: the formula typeset, its symbols, evidence (checked with seed 0 on first
        display) and its sheet versions with their verdicts."""
        from .html import claim_fragment, evidence_of

        return claim_fragment(self, evidence_of(self))

    def _repr_latex_(self) -> str:
        return f"$\\displaystyle {self.latex}$"


def _source(claim_id: str, s: dict) -> SourceVersion:
    where = f"claim {claim_id}, source {s.get('sheet', '?')}:{s.get('line', '?')}"
    if "layout" in s:
        raise ClaimError(
            f"{where}: 'layout' is no longer a field of a source: the layout comes from what "
            "its sheet announces where the line stands (data/sheets/context.json, written by "
            "scripts/sheet_context.py); remove the line")
    if "undecided" in s:
        raise ClaimError(
            f"{where}: 'undecided' is no longer a field: a verdict, undecided included, comes "
            "from the checker, which says why; remove the line (keep expect = \"undecided\" "
            "if that is what the checker concludes)")
    for alt in s.get("also", []):
        if (not isinstance(alt, dict) or set(alt) != {"read_as", "notation"}
                or not all(isinstance(v, str) and v.strip() for v in alt.values())):
            raise ClaimError(f"{where}: each entry of 'also' is a table with a read_as and the "
                             "notation that makes that reading defensible, nothing else")
    try:
        return SourceVersion(**s)
    except TypeError as exc:
        raise ClaimError(f"{where}: {exc}") from None
