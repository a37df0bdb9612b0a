"""Normal limits in law are decided by a first-order expansion (verify/audit/limit_laws.py):
the CLT's scaling and variance, and the delta method's squared derivative, in any letters."""
from tests.audit_helpers import audit_text


def test_clt_scaling_and_variance():
    sheet = ("# Averages of i.i.d. draws\n\n"
             "- $\\sqrt{N}\\,(\\bar Z_N - \\nu) \\overset{d}{\\to} \\mathcal{N}(0, \\sigma^2)$\n"
             "- $\\frac{\\bar Z_N - \\nu}{\\sigma / \\sqrt{N}} \\rightsquigarrow \\mathcal{N}(0, 1)$\n"
             "- $N\\,(\\bar Z_N - \\nu) \\overset{d}{\\to} \\mathcal{N}(0, \\sigma^2)$\n"
             "- $\\sqrt{N}\\,(\\bar Z_N - \\nu) \\overset{d}{\\to} \\mathcal{N}(0, \\sigma^2 / 2)$\n")
    got = [(f.line, f.verdict) for f in audit_text(sheet, name="clt.md")]
    assert got == [(3, "ok"), (4, "ok"), (5, "wrong"), (6, "wrong")], got
    (scaled,) = [f for f in audit_text(sheet, name="clt.md") if f.line == 5]
    assert "grows without bound" in scaled.reason


def test_delta_method_takes_the_premise_on_its_line():
    right = ("Transform: $\\sqrt{n}\\,\\big(h(\\hat\\beta_n) - h(\\beta)\\big) \\xrightarrow{\\mathcal{L}}"
             " \\mathcal{N}\\big(0, h'(\\beta)^2 v^2\\big)$ when "
             "$\\sqrt{n}\\,(\\hat\\beta_n - \\beta) \\xrightarrow{\\mathcal{L}} \\mathcal{N}(0, v^2)$\n")
    wrong = right.replace("h'(\\beta)^2 v^2", "h'(\\beta)\\, v^2")
    (ok,) = [f for f in audit_text(right, name="d.md") if "h(" in f.latex]
    (bad,) = [f for f in audit_text(wrong, name="d.md") if "h(" in f.latex]
    assert ok.verdict == "ok", ok.reason
    assert bad.verdict == "wrong", bad.reason
    assert "h'(\\beta)^{2} v^{2}" in bad.expected


def test_what_it_cannot_know_stays_unchecked():
    sheet = ("- approximately: $\\bar Z_N \\overset{d}{\\to} \\mathcal{N}(\\nu, \\sigma^2 / N)$\n"
             "- an estimator's own rate: $\\sqrt{n}\\,(\\hat\\beta_n - \\beta) \\overset{d}{\\to}"
             " \\mathcal{N}(0, 3 v^2)$\n"
             "- in probability: $\\bar Z_N \\overset{p}{\\to} \\nu$\n"
             "- no delta premise: $\\sqrt{n}\\,(h(\\hat\\beta_n) - h(\\beta)) \\overset{d}{\\to}"
             " \\mathcal{N}(0, h'(\\beta) v^2)$\n")
    got = [f.verdict for f in audit_text(sheet, name="u.md") if "to" in f.latex]
    assert got == ["unchecked"] * 4, got
