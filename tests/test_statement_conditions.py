"""An equivalence beside a formula ("f_y = f_j iff m_j = 0") states a fact; it pins m_j to no
value, so it excuses no failure of the margin as "a special case the sheet names"."""
from audit_helpers import audit_text

SHEET = ("## Linear multiclass scores\n\nWith scores $f_k(x) = w_k^\\top x + b_k$, the margin of "
         "class $j$ against the true class $y$: $m_j(x) = {W}^\\top x + (b_y - b_j)$, and "
         "$f_y(x) = f_j(x) {ARROW} m_j(x) = 0$.\n")


def _margin(weights: str, arrow: str = "\\iff"):
    text = SHEET.replace("{W}", weights).replace("{ARROW}", arrow)
    (f,) = [f for f in audit_text(text) if f.latex.startswith("m_j(x) =")]
    return f


def test_an_equivalence_beside_a_wrong_margin_excuses_nothing():
    for arrow in ("\\iff", "\\Leftrightarrow"):
        f = _margin("(w_j - w_y)", arrow)
        assert f.verdict == "wrong" and f.claim == "adv.multiclass-margin", f.reason


def test_the_right_margin_beside_it_holds():
    assert _margin("(w_y - w_j)").verdict == "ok"
