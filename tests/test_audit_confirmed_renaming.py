"""A sheet's own letters, confirmed by its credited lines (verify/audit/notation.py), and rows
of one block that each give one name a value (cheatsheet/sheets/formulas.py).

A formula read in renamed letters fails a claim; alone, the renaming may be the matcher's
guess, and the formula stays unchecked. Where another line of the same sheet holds as a claim
of the same topic read with the same renaming, the renaming is the sheet's notation: the
formula is then the claim's typo. A right formula in the same letters stays ok.
"""
from __future__ import annotations

import pytest

from audit_helpers import audit_text, both_passes, decider
from cheatsheet.sheets.formulas import _in_place
from cheatsheet.verify.audit import decide as decide_module
from cheatsheet.verify.audit.notation import confirmed, sheet_notation
from cheatsheet.verify.audit.finding import Finding




# Adam in letters of the sheet's own: s for the second moment the catalog calls v
_ADAM = r"\vartheta_k = \vartheta_{k-1} - \alpha\,\dfrac{\hat{m}_k}{\sqrt{\hat{s}_k} + \varepsilon}"
_ADAMW = (r"\vartheta_k = \vartheta_{k-1} - \alpha\left(\dfrac{\hat{m}_k}{\sqrt{\hat{s}_k} + "
          r"\varepsilon} {} \lambda\,\vartheta_{k-1}\right)")


def _rows(*rows: str) -> str:
    return "## Updates\n\n" + "\n\n".join(f"$${r}$$" for r in rows) + "\n"


@pytest.fixture(autouse=True)
def _patient(monkeypatch):
    # (a loaded machine must not turn a decision into "no decision within 6 s")
    monkeypatch.setattr(decide_module, "FORMULA_TIME_LIMIT", 60.0)


def test_a_renaming_another_line_holds_with_makes_the_typo_sure():
    typo = _ADAMW.replace("{}", "-")  # the decay's sign flipped
    alone = both_passes(_rows(typo))
    assert alone[0].verdict == "unchecked"  # s for v alone may be the matcher's guess
    found = both_passes(_rows(_ADAM, typo))
    assert found[0].verdict == "ok" and ("s_hat", "v_hat") in found[0].renamed
    assert found[1].verdict == "wrong" and found[1].claim == "adamw.update"


def test_a_right_formula_in_the_confirmed_letters_stays_ok():
    found = both_passes(_rows(_ADAM, _ADAMW.replace("{}", "+")))
    assert [f.verdict for f in found] == ["ok", "ok"]


def _ok(line: int, claim: str, *pairs) -> Finding:
    return Finding("s.md", line, "x", "ok", "holds", claim=claim, renamed=tuple(pairs))


def test_a_letter_read_two_ways_is_no_notation():
    cat = decider().catalog
    found = [_ok(3, "sigmoid.definition", ("u", "z")), _ok(4, "tanh.derivative", ("u", "x")),
             _ok(5, "conv.output_size", ("r", "K"))]
    notation = sheet_notation(found, cat)["s.md"]
    topic = cat["sigmoid.definition"].topic
    assert "u" not in confirmed(notation, topic, 9)  # u is z on one line, x on another
    conv = cat["conv.output_size"].topic
    assert confirmed(notation, conv, 9) == {"r": "K"}
    assert confirmed(notation, conv, 5) == {}  # a line does not confirm itself
    assert "r" not in confirmed(notation, topic, 9)  # another topic's letters are its own


def test_rows_updating_a_name_in_place_are_steps_others_are_equations():
    assert _in_place(r"w = w - \eta g") and _in_place(r"m_t = m_{t} / (1 - \beta)")
    assert not _in_place(r"\phi_k = \phi_{k-1} - \gamma\,\mathbf{q}_k")
    assert not _in_place(r"x = x_2 + 1")


def test_one_update_per_row_is_decided_row_by_row():
    # Adam and AdamW in one block, each giving theta_k a value from theta_{k-1}: alternatives,
    # each an equation (before, any two rows giving one name a value were an algorithm's steps)
    block = (r"\begin{aligned}" "\n" + _ADAM.replace("=", "&=", 1) + r" \\" "\n"
             + _ADAMW.replace("{}", "-").replace("=", "&=", 1) + "\n" r"\end{aligned}")
    found = both_passes("## Updates\n\n$$" + block + "$$\n")
    assert [f.verdict for f in found] == ["ok", "wrong"]
    # rows updating theta in place are an algorithm's steps, never wrong
    steps = (r"\begin{aligned} \vartheta &= \vartheta - \alpha\,\hat{m} \\"
             r" \vartheta &= \vartheta + \lambda\,\vartheta \end{aligned}")
    found = both_passes("## Updates\n\n$$" + steps + "$$\n")
    assert all(f.verdict != "wrong" for f in found)


def test_an_alternative_failing_only_by_an_undefined_name_stays_unchecked():
    # "the mean of the iterates, or an exponential average of them": the second way is not
    # the catalog's (its beta is no name the claim defines); it is another way, not a typo
    line = (r"\bar{\theta}_t = \frac{1}{t} \sum_{i=1}^t \theta_i \quad \text{or} \quad "
            r"\bar{\theta}_t = (1-\beta)\bar{\theta}_{t-1} + \beta\theta_t")
    text = ("## Averaged SGD (Polyak averaging)\n\nInstead of the last iterate, the mean of "
            "the iterates:\n\n$$" + line + "$$\n")
    found = audit_text(text, without=("001_bb8d930f00e76ffa.txt",))
    assert found[0].verdict == "ok" and found[1].verdict == "unchecked"
