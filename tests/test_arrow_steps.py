"""An arrow update whose right side uses other per-step letters (the gradient, the moments) is
read as a step with those letters indexed too, in both index conventions; a verdict stands
only where the conventions do not disagree (cheatsheet/sheets/arrow_steps.py,
verify/audit/arrow_updates.py)."""
from __future__ import annotations

from types import SimpleNamespace

from audit_helpers import audit_text


def test_the_other_letters_get_the_index_of_the_result_or_of_the_start():
    from cheatsheet.sheets.arrow_steps import arrow_steps

    readings = arrow_steps(r"\mathbf{u} \gets \kappa\mathbf{u} + (1 - \kappa)\,\mathbf{h} \odot \mathbf{h}")
    texts = {(text, at) for text, _, at in readings}
    assert (r"\mathbf{u}_{t} = \kappa\mathbf{u}_{t-1} + (1 - \kappa)\,\mathbf{h}_t \odot "
            r"\mathbf{h}_t", "new") in texts
    assert (r"\mathbf{u}_{t+1} = \kappa\mathbf{u}_t + (1 - \kappa)\,\mathbf{h}_t \odot "
            r"\mathbf{h}_t", "old") in texts
    assert len(readings) == 4 and all(names == "h" for _, names, _ in readings)
    # accents and nested fonts are one letter; a called function, a Greek constant, a
    # capital (a count) and the letters of a subscript stay as they are
    text = arrow_steps(r"q \leftarrow q - \frac{\lambda\,\hat{\mathbf{a}}}{\sqrt{\hat b} + "
                       r"\varepsilon} + \frac{\lambda}{N} \nabla R(q_{k})")[0][0]
    assert text == (r"q_{t} = q_{t-1} - \frac{\lambda\,\hat{\mathbf{a}}_t}{\sqrt{\hat b_t} + "
                    r"\varepsilon} + \frac{\lambda}{N} \nabla R(q_{k})")


def test_no_reading_without_an_update_or_without_other_letters():
    from cheatsheet.sheets.arrow_steps import arrow_steps

    assert arrow_steps(r"z \gets \rho z") == []  # only the updated name: update_arrow's case
    assert arrow_steps(r"z \gets 3 c") == []  # a definition: z is not on the right
    assert arrow_steps(r"z = \rho z + c") == []  # no arrow


def _decider(verdicts, line):
    """A stand-in decider: each reading of ``line`` gets the verdict of its convention."""
    from cheatsheet.sheets.arrow_steps import arrow_steps

    convention = {text: at for text, _, at in arrow_steps(line)}

    def decide(formula, conv, file, text):
        verdict = verdicts[convention[text]]
        return SimpleNamespace(verdict=verdict, method="numeric", reason=verdict, claim="c.x")

    def finding(formula, file, verdict, reason, **kw):
        return SimpleNamespace(verdict=verdict, reason=reason)
    return SimpleNamespace(_decide=decide, _finding=finding)


def test_a_verdict_stands_only_where_the_conventions_agree(monkeypatch):
    import cheatsheet.verify.audit.arrow_updates as au

    formula = SimpleNamespace(latex=r"z \gets \rho z + c", written="")
    monkeypatch.setattr(au, "_as_step", lambda d, f, conv, file, step:
                        d._decide(f, conv, file, step))
    line = r"z \gets \rho z + c"
    holds_and_fails = au.decide_arrow_steps(_decider({"new": "ok", "old": "wrong"}, line),
                                            formula, None, "f.md", line)
    assert holds_and_fails.verdict == "unchecked"
    assert "holds with c indexed by the step's result, not by its start" in holds_and_fails.reason
    both_fail = au.decide_arrow_steps(_decider({"new": "wrong", "old": "wrong"}, line),
                                      formula, None, "f.md", line)
    assert both_fail is not None and both_fail.verdict == "wrong"
    nothing = au.decide_arrow_steps(_decider({"new": "unchecked", "old": "unchecked"}, line),
                                    formula, None, "f.md", line)
    assert nothing.verdict == "unchecked" and "an update written with an arrow" in nothing.reason
    one_holds = au.decide_arrow_steps(_decider({"new": "unchecked", "old": "ok"}, line),
                                      formula, None, "f.md", line)
    assert one_holds is not None and one_holds.verdict == "ok"
    assert "indexed by the step's start" in one_holds.reason


def test_an_adam_step_written_in_place_holds():
    sheet = ("## Optimisers\n\n### Adam\n\nAt every step the parameters move by: "
             r"$\mathbf{p} \gets \mathbf{p} - \frac{\alpha\,\hat{\mathbf{a}}}{\sqrt{\hat{\mathbf{b}}}"
             r" + \varepsilon}$" "\n")
    (f,) = [f for f in audit_text(sheet) if r"\gets" in f.latex]
    assert f.verdict == "ok" and f.claim == "adam.update", f.reason
    assert "a-hat, b-hat" in f.reason
