"""``E[x_B | x_A]`` and ``Cov[x_B | x_A]`` of vectors as names of a claim's ``\\mu_{B|A}`` and
``\\Sigma_{B|A}``; ``E[w | y]``, ``Cov[z | x]`` of vectors with names of their own as names of
its ``\\mu_{w|y}``, ``\\Sigma_{z|x}`` (Bayesian regression, factor analysis, GP posteriors).

Most sheets write Gaussian conditioning with the operator on the left (``\\mathbb{E}[\\mathbf{y}_2
\\mid \\mathbf{y}_1] = ...``); the catalog names the conditional mean and covariance
``\\mu_{B|A}``, ``\\Sigma_{B|A}``, and no check gives the reader's conditional mean of a vector
a value (``latex/vector_conditionals.py``). Such a left side only names the claim's, as
``M_X(t)`` names an MGF: it is replaced by the claim's left side and the right sides are
compared. It names it only where the blocks agree (the vector before the bar is the claim's
block B, the one after it its block A, one family of vectors, declared as vectors if the claim
names them; lone names must be the claim's two letters) and the operator fits what the claim's
name is: a vector is the conditional mean (E), a square matrix the conditional covariance (Cov
or Var).
"""
from __future__ import annotations

from cheatsheet.match import split_relation
from cheatsheet.match.tokens import tokenize

_CLOSE = {"[": "]", "(": ")"}


def _visible(toks: list) -> list:
    """The tokens that say something: no braces, no alignment mark (``E[x_B | x_A] &= ...``
    in an aligned block)."""
    return [t for t in toks if (t.norm or t.ident is not None) and t.norm != "&"]


def _block(toks: list) -> tuple[str, str] | None:
    """(family, block) of ``x _ B`` (braces aside); ("", w) of a lone name ``w``; else None."""
    v = _visible(toks)
    if len(v) == 3 and v[0].ident and v[1].norm == "_" and v[2].ident:
        return v[0].ident, v[2].ident
    if len(v) == 1 and v[0].ident:
        return "", v[0].ident
    return None


def _operator_name(lhs: list) -> tuple[str, tuple[str, str], tuple[str, str]] | None:
    """(E or Var, body block, given block) of a left side ``E[x_B | x_A]``, else None."""
    v = _visible(lhs)
    if len(v) < 4 or v[0].norm not in ("E", "Var") or v[0].ident is not None \
            or v[1].norm not in _CLOSE or v[-1].norm != _CLOSE[v[1].norm]:
        return None
    inner = v[2:-1]
    bars = [k for k, t in enumerate(inner) if t.norm == "|"]
    if len(bars) != 1:
        return None
    body, given = _block(inner[:bars[0]]), _block(inner[bars[0] + 1:])
    if body is None or given is None or body[0] != given[0]:
        return None
    return v[0].norm, body, given


def _claim_name(claim_lhs: list) -> tuple[str, str, str] | None:
    """(name, B, A) of a claim's left side ``\\mu_{B|A}``, else None."""
    v = _visible(claim_lhs)
    if len(v) == 5 and v[0].ident and v[1].norm == "_" and v[2].ident \
            and v[3].norm == "|" and v[4].ident:
        return v[0].ident, v[2].ident, v[4].ident
    return None


def as_claims_name(renamed: list, claim, decls) -> list | None:
    """The renamed formula with its left side ``E[x_B | x_A]`` replaced by the claim's
    ``\\mu_{B|A}`` (``Cov[...]`` by ``\\Sigma_{B|A}``), or None where it names no such thing."""
    mine = split_relation(renamed)
    try:
        theirs = split_relation(tokenize(claim.latex))
    except Exception:  # noqa: BLE001 - a claim the tokeniser cannot split names nothing
        return None
    if mine is None or theirs is None or mine[1][0].norm != "=" or theirs[1][0].norm != "=":
        return None
    op, name = _operator_name(mine[0]), _claim_name(theirs[0])
    if op is None or name is None:
        return None
    head, (family, body), (_, given) = op
    base, b, a = name
    if (body, given) != (b, a):
        return None
    result = decls.get(f"{base}_{b}mid{a}")
    vector = decls.get(f"{family}_{a}" if family else a)
    if result is None or (vector is not None and (vector.kind != "matrix"
                                                  or str(vector.shape[1]) != "1")):
        return None  # (a family the claim does not name is the sheet's own vectors)
    rows, cols = result.shape if result.kind == "matrix" else (None, None)
    is_mean = cols is not None and str(cols) == "1"
    is_cov = cols is not None and not is_mean and str(rows) == str(cols)
    if not ((head == "E" and is_mean) or (head == "Var" and is_cov)):
        return None
    return theirs[0] + mine[1] + mine[2]


def conditional_left(latex: str) -> bool:
    """Is the left side of a reading a moment with a conditioning bar (``E[x_P | x_Q]``) that
    stayed as written (it named no result of the claim)?  Its sizes are the sheet's conditional
    quantity's, not the claim's: a size clash under the claim's reading says nothing of it."""
    try:
        split = split_relation(tokenize(latex))
    except Exception:  # noqa: BLE001 - what the tokeniser cannot split has no left side
        return False
    if split is None:
        return False
    v = _visible(split[0])
    return len(v) >= 4 and v[0].norm in ("E", "Var", "Cov") and v[0].ident is None \
        and v[1].norm in _CLOSE and any(t.norm == "|" for t in v[2:])
