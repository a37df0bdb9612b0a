"""Laws a sheet defines on the line above (``\\Pi = N(0, tau I)``, ``R = N(m, diag(s_k^2))``)
put into ``KL(R || Pi) = ...`` make the KL of a diagonal Gaussian to an isotropic one, which
the reader could not read: diag(s_k^2) with k declared an index over the vectors' length is
the column of those entries (matrices._runs_over), and an I with no matrix beside it is sized
by the one dimension the declarations use (reader.realize), not by a size of its own that
nothing gives a value. Letters and words of our own (m, s_k, tau, Pi, R)."""
from __future__ import annotations

from audit_helpers import audit_text

from cheatsheet.latex import parse
from cheatsheet.symbols import Declarations

SHEET = ("# PAC-Bayes bounds\n\n"
         "Prior and posterior over weights: $\\Pi = \\mathcal{{N}}(0, \\tau I)$, "
         "$R = \\mathcal{{N}}(m, \\operatorname{{diag}}(s_k^2))$.\n\n- Divergence: ${}$\n")


def _kl_line(latex: str):
    return next(f for f in audit_text(SHEET.format(latex)) if f.latex == latex)


def test_diag_of_entries_picked_by_a_declared_index():
    decls = Declarations.from_mapping({"s": "posvector(d)", "d": "dim", "k": "index(d)"})
    assert "seq" in str(parse("A = \\operatorname{diag}(s_k^2)", decls))
    # an index over another length does not pick these entries
    other = Declarations.from_mapping({"s": "posvector(d)", "d": "dim", "n": "dim",
                                       "k": "index(n)"})
    try:
        read = str(parse("A = \\operatorname{diag}(s_k^2)", other))
    except Exception:  # noqa: BLE001 (unreadable: fine, it must not be the column)
        read = ""
    assert "seq" not in read


def _identity_sizes(latex: str, decls: dict) -> set:
    import sympy as sp
    rel = parse(latex, Declarations.from_mapping(decls)).relations[0]
    return {a.shape for a in sp.preorder_traversal(rel.rhs) if isinstance(a, sp.Identity)}


def test_identity_alone_takes_the_declared_dimension():
    law = "K = \\mathcal{N}(0, \\tau I)"
    assert _identity_sizes(law, {"m": "vector(d)", "d": "dim", "tau": "positive"}) == \
        {(sp_symbol("d"), sp_symbol("d"))}
    # with two dimensions declared, which one is not told: I keeps a size of its own
    assert _identity_sizes(law, {"m": "vector(d)", "d": "dim", "q": "dim"}) != \
        {(sp_symbol("d"), sp_symbol("d"))}


def sp_symbol(name):
    from cheatsheet.symbols import dim_symbol
    return dim_symbol(name)


def test_the_right_kl_holds():
    f = _kl_line("\\mathrm{KL}(R \\| \\Pi) = \\frac{1}{2} \\sum_k \\left[\\log "
                 "\\frac{\\tau}{s_k^2} + \\frac{s_k^2 + m_k^2}{\\tau} - 1\\right]")
    assert f.verdict == "ok", f.reason


def test_the_kl_without_its_half_and_with_tau_squared_is_wrong():
    f = _kl_line("\\mathrm{KL}(R \\| \\Pi) = \\sum_k \\left[\\log \\frac{\\tau}{s_k^2} + "
                 "\\frac{s_k^2 + m_k^2}{2\\tau^2} - \\frac{1}{2}\\right]")
    assert (f.verdict, f.claim) == ("wrong", "kl.diagonal_gaussian_to_isotropic"), f.reason
