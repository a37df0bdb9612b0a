"""A letter free on one side of a formula and summed or maximised away on the other
(verify/audit/free_and_bound.py): the formula is ill-formed whether or not a claim reads it.
Letters, layout and wording are our own."""
from __future__ import annotations

from audit_helpers import audit_text

from cheatsheet.verify.audit.free_and_bound import clashes


def _verdicts(text):
    return {f.latex: (f.verdict, f.reason) for f in audit_text(text)}


def test_an_index_reused_as_the_sums_variable_is_wrong():
    got = _verdicts(
        "## Backpropagation through a shared filter\n\n"
        "Every output unit $u_p$ uses the same filter entry, so\n\n"
        "$$\\frac{\\partial E}{\\partial v_{pq}^s} = \\sum_{p=1}^{M} "
        "\\frac{\\partial E}{\\partial u_p^s} \\frac{\\partial u_p^s}{\\partial "
        "v_{pq}^s}$$\n\n"
        "## Pooling\n\n"
        "Max pooling over a window of width $w$: $z^r = \\max\\{a_{s+r} \\mid 0 \\le r < w\\}$\n")
    wrong = {k: v for k, v in got.items() if v[0] == "wrong"}
    assert len(wrong) == 2, got
    reasons = " ".join(r for _, r in wrong.values())
    assert "p is a free index" in reasons and "r is a free index" in reasons
    assert "sum runs over" in reasons and "max runs over" in reasons


def test_labels_terms_over_their_sum_and_integral_limits_are_not_clashes():
    for latex in (r"\ell_{ce} = -\sum_{c} t_c \log q_c",  # a label of letters, no index
                  r"\sigma(a_k) = \frac{e^{a_k}}{\sum_k e^{a_k}}",  # a term over its sum
                  r"G(u) = \int_{-\infty}^{u} g(u) du",  # the variable is also the limit
                  r"(PQ)_{ab} = \sum_c P_{ac} Q_{cb}",
                  r"\frac{\partial E}{\partial v_{q}} = \sum_{p=1}^{M} \frac{\partial E}"
                  r"{\partial u_p} \frac{\partial u_p}{\partial v_{q}}",
                  r"\hat{t}_a = \sum_b c_b s_{ab}",
                  r"\mathbb{E}[Y] = \sum_y y\, q(y)",
                  # a letter written only as an argument is a placeholder, not an index
                  r"I(U; V) = \sum_{u, v} q(u, v) \log \frac{q(u, v)}{q(u) q(v)} "
                  r"= D(q(u, v) \| q(u) q(v))",
                  # the free side binds the letter itself (a derivative of a sum)
                  r"\frac{\partial}{\partial \mathbf{a}} \sum_{n=1}^{M} t_n \mathbf{a}^\top "
                  r"\mathbf{b}_n = \sum_{n=1}^{M} t_n \mathbf{b}_n",
                  # a superscript word is a label, whatever the reader makes of it
                  r"\nu_c^{new} = \frac{1}{M_c} \sum_{n=1}^{M} r_{nc} b_n"):
        assert clashes(latex) == [], latex


def test_an_assumption_with_a_clash_is_not_called_wrong():
    got = _verdicts("## Pooling\n\n"
                    "If $z^r = \\max\\{a_{s+r} \\mid 0 \\le r < w\\}$, then the gradient "
                    "flows to one input.\n")
    assert all(v != "wrong" for v, _ in got.values()), got


def test_a_clash_the_sheet_shows_as_a_mistake_is_not_called_wrong():
    got = _verdicts("## Pooling\n\n"
                    "A common mistake: $z^r = \\max\\{a_{s+r} \\mid 0 \\le r < w\\}$ reuses r.\n")
    assert all(v != "wrong" for v, _ in got.values()), got


def test_an_index_the_sheet_does_not_write_is_not_judged():
    # normal equations of a fitted parabola's slope-free part, sums written without their index
    # in the matrix cells: one index everywhere, which a reader inferring it per sum may split
    latex = (r"\begin{pmatrix} N & \sum s_k \\ \sum s_k & \sum s_k^2 \end{pmatrix}"
             r"\begin{pmatrix} \hat{a} \\ \hat{c} \end{pmatrix} = "
             r"\begin{pmatrix} \sum r_k \\ \sum s_k r_k \end{pmatrix}")
    assert clashes(latex) == []
    # written, the same index reused as the sum's variable is still a clash
    assert clashes(r"z_k = \sum_{k=1}^{N} s_k r_k")
