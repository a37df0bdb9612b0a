"""A confidence interval for a mean written with ``\\pm`` states what the mean's standard error
is (red team 14: ``\\bar{x} \\pm z_{\\alpha/2}\\frac{\\sigma}{n}`` "states no relation", so the
dropped square root went unchecked)."""
from __future__ import annotations

import pytest

from cheatsheet.sheets.intervals import standard_error_statement


@pytest.mark.parametrize("latex, said", [
    (r"\bar{w} \pm t_{m-1}\frac{s}{\sqrt{m}}", r"\sqrt{\operatorname{Var}(\bar{w})} = \frac{s}{\sqrt{m}}"),
    (r"\overline{W} \pm z^* \tau/\sqrt{k}", r"\sqrt{\operatorname{Var}(\overline{W})} = \tau/\sqrt{k}"),
    (r"\bar{w} \pm 2s", None),             # where most of the data lie, no standard error
    (r"\hat{q} \pm z\sqrt{\frac{\hat q(1 - \hat q)}{m}}", None),  # a proportion's: left alone
    (r"\bar{w} \pm \frac{s}{\sqrt{m}}", None),  # no quantile
])
def test_read_as_a_standard_error(latex, said):
    assert standard_error_statement(latex, "95% confidence interval") == said


def test_only_where_the_words_call_it_an_interval():
    assert standard_error_statement(r"\bar{w} \pm z\frac{s}{\sqrt{m}}", "the spread") is None


SHEET = "# Estimating a mean\n\n- 95% confidence interval for the mean, known spread $\\tau$: $\\bar{w} \\pm z_{0.025}HALF$\n"


def _last(text: str):
    """The finding of the sheet's last formula in the whole audit (both passes)."""
    from audit_helpers import catalog
    from cheatsheet.verify.audit.run import audit_files

    res = audit_files(["ci.md"], catalog=catalog(), jobs=1, texts={"ci.md": text})
    return res.findings[-1]


def test_the_interval_is_checked():
    right = _last(SHEET.replace("HALF", r"\frac{\tau}{\sqrt{k}}"))
    assert right.verdict == "ok", right.reason
    typo = _last(SHEET.replace("HALF", r"\frac{\tau}{k}"))
    assert typo.verdict == "wrong", typo.reason
    assert typo.latex.startswith(r"\bar{w} \pm")  # quoted as written
