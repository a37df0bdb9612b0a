"""Refutations that name what is wrong with the line, in plain words.

* A product of two derivatives with three or more axes whose sizes fit in no layout (held rows
  and columns, a chain, vec) is a size clash, refuted as not well-formed on every reading
  (``cheatsheet/latex/calculus.py``, held_product).
* A chain-rule factor that differentiates a function by a name the formula never applies it to
  (``\\partial v / \\partial w`` beside ``v(z)``) is refuted saying so, not as an undefined name
  (``verify/scope.py``, _through): the sheet may well introduce w, the factor is still foreign.
"""
from __future__ import annotations

from cheatsheet.claims import Claim
from cheatsheet.verify.check import check_source
from cheatsheet.verify.evidence import source_verdict


def _check(canonical, symbols, line, layout="numerator"):
    claim = Claim.from_dict({"id": "t.tensor", "title": "t", "latex": canonical,
                             "symbols": symbols, "layout": layout,
                             "sources": [{"sheet": "nosheet.txt", "line": 1, "latex": line}]},
                            "t")
    ev = check_source(claim, 0)
    return source_verdict(ev), (ev.counterexample or {}).get("why") or ev.detail or ""


def test_two_derivatives_by_a_matrix_multiplied_is_a_size_clash():
    symbols = {"p": "vector(m)", "r": "vector(m)", "W": "square(m)", "beta": "positive",
               "q": "vecfunction(m, m)", "m": "dim"}
    v, why = _check(r"\frac{\partial p}{\partial W} = \frac{\partial p}{\partial W}", symbols,
                    r"\frac{\partial p}{\partial W} = \beta \frac{\partial q(r, W)}{\partial W} "
                    r"\frac{\partial r}{\partial W}")
    assert v == "refuted", why
    assert "no layout makes this product meaningful" in why and "×" in why


def test_a_chain_factor_through_a_name_the_composition_skips_is_refuted_in_words():
    symbols = {"z": "vector(3)", "u": "vecfunction(3, 3)", "v": "vecfunction(3, 3)",
               "y": "vector(3)"}
    canonical = (r"\frac{\partial}{\partial \mathbf{z}} [\mathbf{u}(\mathbf{v}(\mathbf{z}))] = "
                 r"\frac{\partial \mathbf{u}(\mathbf{y})}{\partial \mathbf{y}} "
                 r"\frac{\partial \mathbf{v}(\mathbf{z})}{\partial \mathbf{z}}")
    line = (r"\frac{\partial}{\partial \mathbf{z}} [\mathbf{u}(\mathbf{v}(\mathbf{z}))] = "
            r"\frac{\partial \mathbf{u}}{\partial \mathbf{v}} \frac{\partial \mathbf{v}}"
            r"{\partial \mathbf{w}} \frac{\partial \mathbf{w}}{\partial \mathbf{z}}")
    v, why = _check(canonical, symbols, line)
    assert v == "refuted", why
    assert "applies v to z" in why and "not a function of w" in why
    assert "not defined here" not in why


def test_an_undefined_name_elsewhere_keeps_its_reason():
    symbols = {"a": "real", "b": "real"}
    v, why = _check("(a + b)^2 = a^2 + 2ab + b^2", symbols, "(a + b)^2 = a^2 + 2ab + c^2")
    assert v == "refuted" and "c is not defined here" in why
