"""The words "false positive rate", "false alarms", "false discovery rate" name a test's counts:
they do not read as the sheet marking its formula as a mistake (verify/audit/caveats.py
``_MISTAKE``), which turned a wrong rate formula under such a label into 'unchecked'."""
from __future__ import annotations

from types import SimpleNamespace

from cheatsheet.verify.audit.caveats import not_the_rule


def _said(words: str):
    return SimpleNamespace(before=words, lead="", headings=[])


def test_a_rates_name_is_no_mark_of_a_mistake():
    for words in ("false positive rate:", "fall-out (false alarm rate):",
                  "False-negative count", "false discovery rate"):
        assert not_the_rule(_said(words)) == "", words


def test_a_mistake_marked_as_false_still_is():
    assert not_the_rule(_said("a false formula:")) == "false"
    assert not_the_rule(_said("this is false:")) == "false"
