"""Claims of another law than the one the sheet names are set aside before the matcher takes
its few best candidates: under "Poisson law", Var(X) = nu^2 is closer in form to the normal's,
the exponential's, the Laplace's and the Gamma's variance than to the Poisson's, and as the
catalog grew (more claims whose titles say "Poisson") the Poisson's variance fell out of the
best four, so the slip went unchecked. Letters and wording are our own."""
from __future__ import annotations

from audit_helpers import catalog
from cheatsheet.match import Matcher
from cheatsheet.verify.audit.laws import claim_laws, clash
from cheatsheet.verify.audit.run import audit_files


def test_other_laws_do_not_crowd_out_the_named_one():
    cat = catalog()
    m = Matcher(cat)
    here = {"poisson"}
    keep = lambda cid: not clash(here, claim_laws(cat[cid].title))  # noqa: E731
    cands = m.candidates(r"\operatorname{Var}(N) = \nu^2", "counts: Poisson law with rate nu",
                         keep=keep)
    assert "poisson.variance" in [c.claim_id for c in cands]
    assert all(keep(c.claim_id) for c in cands)


def test_a_slip_under_the_named_law_is_caught():
    text = ("# Counts\n\n## Poisson law with rate $\\nu$\n\n| Quantity | Value |\n|---|---|\n"
            "| Mean | $\\nu$ |\n| Variance | $\\nu^2$ |\n")
    res = audit_files(["counts.md"], catalog=catalog(), jobs=1, texts={"counts.md": text})
    found = {f.line: f for f in res.findings}  # both passes, as `cheatsheet audit` runs
    assert (found[8].verdict, found[8].claim) == ("wrong", "poisson.variance"), found[8].reason
    assert found[7].verdict == "ok", found[7].reason
