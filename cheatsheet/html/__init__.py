"""HTML for people: the ``--html`` reports of ``cheatsheet audit`` and ``cheatsheet verify``,
and the typeset claims and findings a notebook shows. One self-contained file per page: math
as MathML (browsers render it natively), CSS and the filter script inline, nothing fetched.

    math_html(latex, display=False)      a formula: MathML, or its LaTeX as <code>
    audit_page(result) -> str            an AuditResult as a page
    verify_page(results, summary, claims) -> str
    claim_fragment(claim, result=None)   a Claim (and its ClaimResult) for Jupyter
    evidence_of(claim)                   its ClaimResult, checked once per session
    finding_fragment(finding)            an audit Finding for Jupyter
    check_writable(path), write_page(path, page)   PageError with a one-line message
"""
from .mathml import math_html, to_mathml
from .pages import audit_page, claim_fragment, evidence_of, finding_fragment, verify_page
from .render import PageError, check_writable, write_page

__all__ = ["math_html", "to_mathml", "audit_page", "verify_page", "claim_fragment",
           "evidence_of", "finding_fragment", "PageError", "check_writable", "write_page"]
