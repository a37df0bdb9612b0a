"""A size clash counts where the sheet's own lines make the claim's sizes its notation.

Refuted by sizes alone, a formula read with the claim's declarations stays unchecked when its
sizes fit as the sheet writes them: the claim's sizes may not be the sheet's. But where another
formula of the same sheet holds as the same claim with the same letters kept (the readout
y_t = psi(W z_t), W the claim's output matrix), the sheet's W has the claim's sizes, and the
state update that reuses W for the recurrence is ill-sized in the sheet's notation too (the
second pass, notation.py). Wording and layout are our own; the letters must be the claim's,
which is the point. Run through audit_files, which makes the second pass."""
from __future__ import annotations

from audit_helpers import catalog
from cheatsheet.verify.audit.run import audit_files


def _verdicts(text: str) -> list[tuple[int, str, str | None]]:
    res = audit_files(["cell.md"], catalog=catalog(), jobs=1, texts={"cell.md": text})
    return [(f.line, f.verdict, f.claim) for f in res.findings]


def test_a_matrix_reused_against_the_readout_line_is_wrong():
    text = ("## Recurrent nets\n\nState and readout of an Elman cell:\n\n"
            "- readout: $\\hat{y}_t = \\psi(W z_t)$\n"
            "- state: $z_t = \\phi(W z_{t-1} + V x_t)$\n")
    assert _verdicts(text) == [(5, "ok", "rnn.cell"), (6, "wrong", "rnn.cell")]


def test_without_a_line_holding_with_that_letter_it_stays_unchecked():
    text = ("## Recurrent nets\n\nState of an Elman cell:\n\n"
            "- state: $z_t = \\phi(W z_{t-1} + V x_t)$\n")
    assert _verdicts(text) == [(5, "unchecked", None)]


def test_the_right_cell_holds():
    text = ("## Recurrent nets\n\nState and readout of an Elman cell:\n\n"
            "- readout: $\\hat{y}_t = \\psi(W z_t)$\n"
            "- state: $z_t = \\phi(U z_{t-1} + V x_t)$\n")
    assert _verdicts(text) == [(5, "ok", "rnn.cell"), (6, "ok", "rnn.cell")]


def test_a_matrix_the_claim_does_not_declare_confirms_nothing():
    """W_h and U_h of a GRU's candidate are no claim's W_z, U_z: the lines holding with W_z
    and U_z say nothing of their sizes, so the candidate line is not called wrong by sizes
    the claim gives other matrices."""
    text = ("## Gated units\n\n"
            "- update gate: $z_t = \\sigma(W_z x_t + U_z h_{t-1} + b_z)$\n"
            "- candidate: $\\tilde{h}_t = \\tanh(W_h x_t + U_h (r_t \\odot h_{t-1}) + b_h)$\n"
            "- new state: $h_t = (1 - z_t) \\odot h_{t-1} + z_t \\odot \\tilde{h}_t$\n")
    found = _verdicts(text)
    assert [v for _, v, _ in found] == ["ok", "unchecked", "ok"], found


def test_sized_names_are_the_claims_whole_names():
    """What a held formula confirms, and what a failing one needs confirmed, are the claim's
    declared names as wholes: W_h is not the claim's W_z, nor its bare W."""
    from cheatsheet.match.tokens import tokenize
    from cheatsheet.verify.audit.notation import declared_names

    gru = catalog()["gru.gates"].declarations
    held = declared_names(tokenize(r"z_t = \sigma(W_z x_t + U_z h_{t-1} + b_z)"), gru)
    assert {"W_z", "U_z", "h_t-1", "x_t"} <= held
    candidate = tokenize(r"\tilde{h}_t = \tanh(W_h x_t + U_h (r_t \odot h_{t-1}) + b_h)")
    assert declared_names(candidate, gru, matrices_only=True) == set()
    rnn = catalog()["rnn.cell"].declarations
    assert declared_names(tokenize(r"z_t = \phi(W z_{t-1} + V x_t)"), rnn, True) == {"W", "V"}


def test_a_line_holding_for_any_size_confirms_no_size():
    """d tr(W^T W)/dW = 2W holds read with the claim's letters (the Jacobian of a linear map
    declares W m x n), but it holds with a W of any size, so it says nothing of the size the
    sheet gives W. The trace derivative beside it, with W square, is not called wrong by the
    claim's m x n (it was: the held line 'confirmed' W as the claim's matrix)."""
    text = ("## Derivatives of traces\n\n"
            "$B$ is a fixed square matrix and $W$ a square matrix variable.\n\n"
            "- $\\dfrac{\\partial \\operatorname{tr}(B W)}{\\partial W} = B^\\top$\n"
            "- $\\dfrac{\\partial \\operatorname{tr}(W^\\top W)}{\\partial W} = 2W$\n")
    found = _verdicts(text)
    assert [v for _, v, _ in found if v == "wrong"] == [], found



def test_a_matrix_is_pinned_by_products_and_by_sides_of_its_size():
    """What a held formula says of a matrix's size: a product that stops fitting when the
    matrix gets rows and columns of its own (V u_k beside u_k's length) or a side of its size
    against a side of another (dE/dV = e u^T) pins it; a formula well-formed with any size of
    it (d tr(V^T V)/dV = 2V) does not. Letters our own, sizes declared as a claim would."""
    from types import SimpleNamespace

    from cheatsheet.symbols import Declarations
    from cheatsheet.verify.audit.notation import pins

    decls = Declarations.from_mapping({"p": "dim", "q": "dim", "V": "matrix(p, q)",
                                       "u_k": "vector(q)", "e": "vector(p)", "u": "vector(q)",
                                       "r_k": "vector(p)", "E": "function(p)"})

    def pinned(latex: str) -> bool:
        return pins(SimpleNamespace(latex=latex, decls=decls, layouts=("denominator",)), "V")

    assert pinned(r"r_k = V u_k")
    assert pinned(r"\dfrac{\partial E}{\partial V} = e u^\top")
    assert not pinned(r"\dfrac{\partial \operatorname{tr}(V^\top V)}{\partial V} = 2V")
