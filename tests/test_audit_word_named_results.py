"""A left side that is a word naming the quantity (verify/audit/word_names.py), in a plain crib.

Cribs write ``out = floor((n + 2p - k)/s) + 1`` where the catalog writes H_out: read letter by
letter the word was a product, and as a name of its own the line only "defined" it. Here, in a
crib of our own (width w, filter f, stride u, padding q), a word the claim's title says
(``output``, shortened ``out``) names the claim's left side and the right sides are compared:
the right size holds, the one without its + 1 is caught, pooling, transposed and dilated sizes
hold as their own claims, and a word that names another quantity (``loss``) is no name for it.
"""
from __future__ import annotations

import pytest

from audit_helpers import catalog
from cheatsheet.latex import parse
from cheatsheet.sheets.bare_math import mark_bare_math
from cheatsheet.verify.audit import decide as decide_module
from cheatsheet.verify.audit.run import audit_files


@pytest.fixture(autouse=True)
def _patient(monkeypatch):
    monkeypatch.setattr(decide_module, "FORMULA_TIME_LIMIT", 60.0)


_CRIB = """conv layer sizes (width w, filter f, stride u, zero padding q on both sides)
output = floor((w + 2q - f) / u) + 1
output = floor((w + 2q - f) / u)
pool: out = floor((w - f) / u) + 1
transposed conv: out = (w - 1) u - 2q + f
dilated (rate d): out = floor((w + 2q - d (f - 1) - 1) / u) + 1
loss = floor((w + 2q - f) / u)
"""


def _audit(text: str) -> dict:
    res = audit_files(["crib.txt"], texts={"crib.txt": text}, catalog=catalog(), jobs=1)
    return {f.latex: f for f in res.findings}


def test_a_word_names_the_claims_result():
    found = _audit(_CRIB)
    right = found["output = floor((w + 2q - f) / u) + 1"]
    assert right.verdict == "ok" and right.claim == "conv.output_size"
    slip = found["output = floor((w + 2q - f) / u)"]
    assert slip.verdict == "wrong" and slip.claim == "conv.output_size"
    assert found["out = floor((w - f) / u) + 1"].claim == "pool.output_size"
    assert found["out = (w - 1) u - 2q + f"].verdict == "ok"
    assert found["out = floor((w + 2q - d (f - 1) - 1) / u) + 1"].verdict == "ok"
    assert found["loss = floor((w + 2q - f) / u)"].verdict == "unchecked"


def test_the_words_before_a_relation_are_read_as_its_left_side():
    assert mark_bare_math("output = floor(w / u)") == "$output = floor(w / u)$"
    assert mark_bare_math("sizes: receptive field = r + 1") == "sizes: $receptive field = r + 1$"
    # words inside a sentence stay prose; a letter and its accent (ybar) is math, no name
    assert mark_bare_math("the size in pixels = 3 w") == "the size in pixels = 3 w"
    assert mark_bare_math("Mean of it ybar = (y_1 + y_2)/2") == \
        "Mean of it $ybar = (y_1 + y_2)/2$"
    assert mark_bare_math("note that z = 2") == "note that $z = 2$"
    assert str(parse("output = floor(w / u) + 1")) == "output = floor(w/u) + 1"
    assert "receptive" in str(parse("receptive field = r + 1"))
