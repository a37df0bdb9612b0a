"""Does a formula's own label name another quantity of a law than the claim it resembles?

An encyclopedia infobox gives each property of a law its own row: ``| Mode | (a - 1)/r |`` in a
Gamma law's box is one slip away from the Gamma mean a/r, and the box's words (the law's name)
name the mean's claim as well as they name any claim of that law. The row's label says which
quantity the cell is: the mode, not the mean. Likewise ``| Parameters | q = 1 - p |`` in a
Bernoulli box defines a letter; read as the Bernoulli mean under the name q it "fails". Where
the label names quantities of a law and the claim's title names others, only, the words that
name the claim speak of its law, not of what the formula states: the match is not sure.
"""
from __future__ import annotations

import re

# quantity -> pattern of the words naming it, in a label or in a claim's title. A phrase that
# holds another quantity's word is listed first and removed before the shorter ones are
# looked for ("mean squared error" names no mean, "characteristic function" no function).
_QUANTITIES = (
    ("error", r"mean[- ]squared? error|\bmse\b|mean absolute"),
    ("mean", r"\bmeans?\b|\bexpect(?:ed|ation)s?\b|\baverage\b|\bfirst moment\b"),
    ("variance", r"\bvariances?\b|\bvar\b|\bsecond central moment\b"),
    ("standard deviation", r"\bstandard deviation|\bstd\b|\bsd\b"),
    ("mode", r"\bmodes?\b"),
    ("median", r"\bmedians?\b"),
    ("quantile", r"\bquantiles?\b|\bpercentiles?\b"),
    ("skewness", r"\bskew(?:ness)?\b"),
    ("kurtosis", r"\bkurtosis\b"),
    ("entropy", r"\bentrop(?:y|ies)\b"),
    ("mgf", r"moment[- ]generating|\bmgfs?\b"),
    ("cf", r"characteristic function|\bcfs?\b"),
    ("pgf", r"probability[- ]generating|\bpgfs?\b"),
    ("cdf", r"\bcdfs?\b|cumulative distribution|distribution function"),
    ("density", r"\bpdfs?\b|\bpmfs?\b|\bdensit(?:y|ies)\b|mass function"),
    ("support", r"\bsupport\b"),
    ("parameters", r"\bparameters?\b|\bparametri[sz]ation\b"),
    ("fisher information", r"\bfisher\b"),
)


# how a reason names a quantity for people
SAID = {"mgf": "moment generating function", "cf": "characteristic function",
        "pgf": "probability generating function", "cdf": "distribution function",
        "parameters": "law's parameters", "error": "mean squared error"}


def quantities_named(text: str) -> set[str]:
    """The quantities of a law the words name (phrases before the words they hold)."""
    text = text.lower()
    found = set()
    for name, pattern in _QUANTITIES:
        if re.search(pattern, text):
            found.add(name)
            text = re.sub(pattern, " ", text)
    return found


def label_names_another(label: str, title: str) -> str:
    """The quantity the formula's own label names where the claim's title names only
    others (the label's "Mode" against the title's "Mean of the Gamma distribution"), or ''.
    A label of more than five words is a sentence, not a property's name: it says nothing."""
    if not label or len(re.findall(r"[^\W\d_]+", label)) > 5:
        return ""
    # the label's head names its quantity; words after "of", "between", ... name what it is
    # of ("CE between two pmfs" is a cross-entropy, "Mean of the log" a mean); after a comma the
    # label goes on to the law's parameters ("Poisson counts, mean mu" labels no mean)
    head = re.split(r"[,;(]|\b(?:of|between|for|with|under|given|in|on|from|when|where|if)\b",
                    label, maxsplit=1, flags=re.I)[0]
    mine, theirs = quantities_named(head), quantities_named(title)
    if not mine or not theirs or mine & theirs:
        return ""
    return sorted(mine)[0]
