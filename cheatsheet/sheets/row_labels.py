"""A table row whose first cell names the quantity its formula cell gives.

``| Precision | $\\frac{TP}{TP + FP}$ |`` under a header ``| Metric | Formula |`` states
``Precision = TP / (TP + FP)``, as ``| Variance | $\\lambda$ |`` under ``| Quantity | Value |``
states the variance of the law the section is about. Read as a bare expression, such a cell
states no relation and nothing is checked. The row's label becomes the formula's left side:
a moment's name its usual notation (``\\mathbb{E}[X]``, ``\\operatorname{Var}(X)``, ``M_X(t)``),
any other short name itself in upright letters (``\\text{Precision}``), which the matcher reads
as the shorthand where the left side only names the claim's.

Only in a table of two columns whose second holds formulas of whatever its rows name (a
header in words such as "Formula", "Definition", "Value"): under a column that names a
quantity ("Mean", "PMF", or a formula such as ``$g'(z)$``) the first column names laws or
functions, and the row and column readers decide the cell. A label with math in it, of more
than three words, or naming a law, names nothing here.
"""
from __future__ import annotations

import re

from .words import plain

# headers of a column of values or formulas (not of one quantity)
_VALUE_HEADERS = {
    "formula", "formulas", "definition", "definitions", "expression", "equation", "value",
    "values", "form", "math", "latex", "computation", "rule", "formule", "formel", "valor",
    "valeur", "wert", "expresion", "expressao", "definicao", "definicion", "in symbols",
}
# a label naming a moment: its usual notation (X the law's variable)
_MOMENTS = {
    "mean": r"\mathbb{E}[X]", "expectation": r"\mathbb{E}[X]", "expected value": r"\mathbb{E}[X]",
    "variance": r"\operatorname{Var}(X)", "mgf": r"M_X(t)",
    "moment generating function": r"M_X(t)",
}
_LAWS = {
    "bernoulli", "binomial", "poisson", "geometric", "uniform", "normal", "gaussian",
    "exponential", "gamma", "beta", "laplace", "student", "multinomial", "categorical",
    "dirichlet", "weibull", "pareto", "cauchy", "logistic", "hypergeometric", "lognormal",
    "chi", "negative", "multivariate", "standard",
}
_LABEL = re.compile(r"[A-Za-z][A-Za-z\-]*(?: [A-Za-z][A-Za-z\-]*){0,2}")


def row_name(label: str, header: str) -> str | None:
    """The LaTeX left side the row's label gives the cell under ``header``, or None."""
    if "$" in label or plain(header).strip(" :*") not in _VALUE_HEADERS:
        return None
    words = re.sub(r"\s*\([^()]*\)\s*", " ", label).strip(" :*_")  # "Recall (TPR)": Recall
    words = re.sub(r"\s+", " ", words)
    if not _LABEL.fullmatch(words):
        return None
    key = words.lower()
    if key in _MOMENTS:
        return _MOMENTS[key]
    if key.split()[0] in _LAWS:
        return None
    return rf"\text{{{words}}}"
