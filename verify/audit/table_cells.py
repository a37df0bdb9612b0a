"""Deciding a table cell by its row's law and its column's quantity (cells.py reads them)."""
from __future__ import annotations

from cheatsheet.sheets import Formula
from .cells import cell_claims, cell_reading, closeness, expected_cell, names_a_parameter, \
    particular_row, column_quantity, the_law
from .explain import plain_counterexample
from .finding import Finding
from .laws import claim_laws, ways
from .wording import in_sentence as _in_sentence


class TableCells:
    """The Decider's table cells (a mixin: it uses the Decider's catalog and checks)."""

    def _table_cell(self, formula: Formula, file: str, latex: str,
                    way_sentences: tuple = ()) -> Finding | None:
        """A cell whose row names one law and whose column one quantity of it (cells.py):
        ok when it holds as some claim about that quantity of that law, wrong when it fails
        as each of them; None when the row and column do not name one statement.
        ``way_sentences``: what the sheet says in force here of how laws are parametrised."""
        seg = formula.segment
        if not seg.cell:  # "Gamma density (shape $k$, ...)": a parameter named in prose
            return None
        if not seg.row:  # math inside the row's own label ("Normal mean, known $\sigma^2$")
            return None
        law, what = the_law(seg, latex), column_quantity(seg)
        if law is None or what is None:
            return None
        special = particular_row(seg.row)
        if special or not names_a_parameter(latex, seg.row):
            # Standard normal | 0 | 1: the law at particular values, not with its parameters
            return self._finding(formula, file, "unchecked",
                                 f"{special or 'the cell names no parameter of the law'}: it "
                                 f"is not the {_SAID[what]} of the {law.capitalize()} law with "
                                 "its parameters free, which is what the catalog states")
        readings = []
        if (law, what) not in self._cell_claims:  # one scan of the catalog per pair
            self._cell_claims[law, what] = cell_claims(self.catalog, law, what)
        claims = self._cell_claims[law, what]
        if not claims:  # the exponential's survival function: stated by no claim
            return self._finding(formula, file, "unchecked",
                                 f"its row and column make it the {_SAID[what]} of the "
                                 f"{law.capitalize()} law, which no claim states")
        words = " ".join((seg.words(), *_about(way_sentences, law)))
        for word in sorted(ways(words)):  # a parametrisation the row or the sheet names
            named = [c for c in claims if word in ways(c.title)]
            if claims and not named:
                return self._finding(formula, file, "unchecked",
                                     f"its row says '{word}': no claim states the "
                                     f"{_SAID[what]} of the {law.capitalize()} law "
                                     "written that way")
            claims = named
        for claim in claims:
            found = cell_reading(latex, claim, seg.row, words)
            if found is not None:
                readings.append((claim, *found))
        if not readings:
            return None
        failed = []
        for claim, reading, back in readings:
            ev = self._check(claim, reading, reading.layouts[0])
            if ev.holds:
                return self._finding(formula, file, "ok", f"holds: {_in_sentence(claim.title)}",
                                     claim=claim.id, method=ev.method)
            if ev.verdict != "refuted" or not ev.counterexample:
                return None
            failed.append((claim, reading, back, ev))
        # of several claims (a continuous and a discrete uniform), the right form shown is
        # the one closest to what the student wrote
        claim, reading, back, ev = max(failed, key=lambda f: closeness(latex, f[0]))
        right = expected_cell(claim, back)
        return self._finding(
            formula, file, "wrong",
            f"its row and column make it the {_SAID[what]} of the {law.capitalize()} law, which "
            f"is {right}",
            claim=claim.id, expected=right, method=ev.method,
            counterexample=plain_counterexample(ev.counterexample, back))


def _about(sentences: tuple, law: str) -> list[str]:
    """The sentences that speak of this law, or of no law in particular ("rates throughout")."""
    return [s for s in sentences if not claim_laws(s) or law in claim_laws(s)]


_SAID = {"mean": "mean", "variance": "variance", "mgf": "MGF", "density": "pmf or density",
         "survival": "survival function", "hazard": "hazard", "cumulative hazard":
         "cumulative hazard", "cdf": "CDF", "mode": "mode"}
