"""A name the sheet gave a value earlier in its section is folded back into a later formula
that writes the value (verify/audit/folded.py), in notation of our own: a soft count N_c of
responsibilities q_{tc} over T... points t, components c."""
from __future__ import annotations

from audit_helpers import audit_text

from cheatsheet.sheets.given_values import value_given
from cheatsheet.verify.audit.folded import fold

COUNT = r"N_c = \sum_{t=1}^{N} q_{tc}"


def _sheet(*items: str, count: str | None = COUNT) -> str:
    lines = ["# Gaussian mixture, EM updates", ""]
    if count is not None:
        lines.append(f"- total responsibility of component c: ${count}$")
    lines += [f"- {item}" for item in items]
    return "\n".join(lines) + "\n"


def _verdicts(text: str) -> dict:
    return {f.latex: f.verdict for f in audit_text(text, "mixture.md")}


def test_a_subscripted_name_given_a_value_is_recorded():
    d = value_given(COUNT, 3)
    assert (d.name, d.body) == ("N_c", r"\sum_{t=1}^{N} q_{tc}")
    assert value_given(r"\hat z_t = \tanh(W h_t)", 1).name == r"\hat z_t"
    assert value_given(r"h_t = h_{t-1} + \eta g_t", 1) is None  # (a recursion)
    assert value_given(r"s_j = a_j", 1) is None  # (no operator: nothing to fold)
    assert value_given(r"m_j = \frac{1}{2} \le b", 1) is None  # (a relation)


def test_the_value_is_folded_only_where_it_is_a_whole_term():
    d = value_given(COUNT, 3)
    assert fold(r"\pi_c = \frac{1}{N-1}\sum_{t=1}^{N} q_{tc}", [d]) == r"\pi_{c}=\frac{N_{c}}{N-1}"
    assert fold(r"\pi_c = \frac{\sum_{t=1}^N q_{tc}}{N}", [d]) == r"\pi_{c}=\frac{{N_{c}}}{N}"
    # (the sum runs on over x_t: no N_c times x_t)
    assert fold(r"\mu_c = \frac{1}{N_c}\sum_{t=1}^{N} q_{tc} x_t", [d]) is None
    assert fold(COUNT, [d]) is None  # (the line giving the value)
    mean = value_given(r"\bar u = \frac{1}{T}\sum_{s=1}^{T} u_s", 2)
    assert fold(r"c = \frac{1}{T}\sum_{s=1}^{T} u_s v_s", [mean]) is None
    assert fold(r"c = \frac{1}{T}\sum_{s=1}^{T} u_s - \frac{1}{T}", [mean]) == \
        r"c={\bar u}-\frac{1}{T}"
    prod = value_given(r"z = W x + b", 2)
    assert fold(r"y = \sigma(W x + b)", [prod]) == r"y=\sigma({z})"
    assert fold(r"y = 2 W x + b^2", [prod]) is None


def test_a_slip_hidden_by_writing_the_value_out_is_found():
    found = _verdicts(_sheet(r"weights: $\pi_c = \frac{1}{N-1}\sum_{t=1}^{N} q_{tc}$"))
    assert found[r"\pi_c = \frac{1}{N-1}\sum_{t=1}^{N} q_{tc}"] == "wrong"


def test_right_formulas_writing_the_value_out_are_ok():
    right = (r"\pi_c = \frac{1}{N}\sum_{t=1}^{N} q_{tc}",
             r"\pi_c = \frac{\sum_{t=1}^{N} q_{tc}}{N}")
    found = _verdicts(_sheet(*(f"weights: ${r}$" for r in right)))
    assert [found[r] for r in right] == ["ok", "ok"]


def test_without_the_value_given_the_formula_stays_unchecked():
    wrong = r"\pi_c = \frac{1}{N-1}\sum_{t=1}^{N} q_{tc}"
    assert _verdicts(_sheet(f"weights: ${wrong}$", count=None))[wrong] == "unchecked"


def test_a_name_given_another_quantity_does_not_make_a_right_line_wrong():
    # N_c is an average here, not the count the claim's N_c is: folded, the right weight
    # reads pi_c = N_c, which must not be called a dropped 1/N
    average = r"N_c = \frac{1}{N}\sum_{t=1}^{N} q_{tc}"
    right = r"\pi_c = \frac{1}{N}\sum_{t=1}^{N} q_{tc}"
    assert _verdicts(_sheet(f"weights: ${right}$", count=average))[right] != "wrong"


def test_a_right_formula_using_the_defined_name_stays_ok():
    right = r"\pi_c = \frac{N_c}{N}"
    assert _verdicts(_sheet(f"weights: ${right}$"))[right] == "ok"

