"""verify/explain.py: counterexamples and reasons in plain words (issue 10, item 10)."""
from __future__ import annotations

import re

from cheatsheet.verify.evidence import Evidence
from cheatsheet.verify.explain import counterexample_lines, plain_reason, plain_text, value_text

LEAKS = re.compile(r"\bnull\b|Error\b|Exception|Token\(|\bat \d+:|column \d+|Traceback|"
                   r"MatrixSymbol|Expected one of|@point|#")


def test_messages_lose_offsets_tokens_and_class_names():
    raw = [
        "LatexError: at 75: '\\mathbf { x } - \\hat { \\mu }'",
        "Unexpected token Token('RBRACE', '}') at line 1, column 9.\nExpected one of:\n\t* LPAR",
        "ValueError: cannot multiply a MatrixSymbol by a BlockMatrix",
        "lark.exceptions.UnexpectedCharacters: No terminal matches '&' at line 1 col 4",
    ]
    for text in raw:
        out = plain_text(text)
        assert not LEAKS.search(out), out
        assert out and "  " not in out
    assert "'\\mathbf{x} - \\hat{\\mu}'" in plain_text(raw[0])
    assert plain_text(raw[1]) == "Unexpected token '}'."
    # words that only look like offsets stay
    assert plain_text("the entry at index 3 is negative") == "the entry at index 3 is negative"


def test_values_show_shape_and_a_few_entries():
    assert value_text(2.0) == "2" and value_text(0.45798108) == "0.45798108"
    assert value_text(None) == "undefined"
    assert value_text([1.5, 2, 3]) == "[1.5, 2, 3]"
    assert value_text(list(range(12))) == "a vector of 12 entries: [0, 1, 2, …]"
    big = [[0.31 * i - j for j in range(12)] for i in range(12)]
    assert value_text(big).startswith(
        "a 12×12 matrix: [[0, -1, -2, …], [0.31, -0.69, -1.69, …], …")
    assert value_text([[1, 2], [3, 4]]) == "[[1, 2], [3, 4]]"
    assert value_text([[[1, 2]] * 3] * 2).startswith("a 2×3×2 array")
    assert value_text(float("nan")).startswith("undefined")


def test_counterexample_lines_say_it_as_a_teacher_would():
    cx = {"relation": "(not well-formed)", "why": "LatexShapeError: the left side is 3×2 and "
          "the right side 2×3", "instance": {"n": 3, "m": 2, "A": [[1, 2], [3, 4], [5, 6]]},
          "lhs": None, "rhs": None, "seed": 0}
    lines = counterexample_lines(cx)
    assert lines[0] == "why: the left side is 3×2 and the right side 2×3"
    assert not any("null" in x or "left side =" in x for x in lines)
    assert lines[-1] == "(seed 0; rerun with --seed 0 to reproduce)"
    law = {"P": [0.25, 0.75], "X": [1, 2], "Y": [0, 5]}
    inst = {"t": 0.5, "X": law, "Y": law, "Z": "~ Poisson(lambda)", "lambda": 2.0}
    lines = counterexample_lines({"instance": inst, "lhs": 1.0, "rhs": 2.0},
                                 rename={"lambda": "λ"})
    text = "\n".join(lines)
    assert "(X, Y) take the values (X = [1, 2], Y = [0, 5]) with probabilities [0.25, 0.75]" in text
    assert "Z ~ Poisson(λ)" in text and "λ = 2" in text and "lambda" not in text
    assert "left side = 1, right side = 2" in text


def test_a_checks_helper_values_are_shown_as_the_point_checked_or_not_at_all():
    """A check names the point where it evaluates a law X@point and a code of a joint value
    X#joint: a person sees the point as such, and never the codes."""
    law = {"P": [0.5, 0.5], "X": [1, 2], "Y": [0, 5], "X#joint": [0, 1]}
    inst = {"k": 2, "X@point": [1, 2], "Y@point": [0, 5], "X#joint@point": [0, 1],
            "X": law, "Y": law, "X#joint": law}
    text = "\n".join(counterexample_lines({"instance": inst, "lhs": 1.0, "rhs": 2.0}))
    assert "the point checked: X = [1, 2], Y = [0, 5]" in text
    assert "(X, Y) take the values (X = [1, 2], Y = [0, 5]) with probabilities" in text
    assert "@" not in text and "#" not in text and "joint" not in text


def test_long_instances_wrap_and_long_descriptions_are_cut():
    inst = {f"W_{k}": [[float(i + j) for j in range(8)] for i in range(8)] for k in range(5)}
    inst["f"] = "x ↦ tanh(Wx + b) with W=" + str([[1.234567] * 9] * 9)
    lines = counterexample_lines({"instance": inst, "lhs": 1.0, "rhs": 0.0})
    at = [x for x in lines if not x.startswith(("left side", "("))]
    assert at[0].startswith("at ") and all(x.startswith("   ") for x in at[1:])
    assert all(len(x) <= 110 for x in at)
    assert any(x.rstrip(",").endswith("…") for x in at)


def test_plain_reason_of_evidence():
    ev = Evidence("error", "check", detail="KeyError: 'lambda' is used as a parameter")
    assert plain_reason(ev) == "'lambda' is used as a parameter"
    assert plain_reason(Evidence("timeout", "numeric")) != ""


def test_real_catalog_explanations_leak_nothing(verified, catalog):
    """Claims whose explanations showed offsets, null sides or walls of arrays."""
    for cid in ("rnn.bptt", "pmf.sum_rule", "conv.separable_kernel", "mgf.poisson",
                "deriv.jacobian.shape", "gauss.block_psd", "pmf.naive_bayes"):
        if cid not in catalog:
            continue
        res = verified(cid)
        for s in res.sources:
            for line in counterexample_lines(s.counterexample):
                assert not LEAKS.search(line), (cid, line)
                assert len(line) <= 400, (cid, line)
            if s.verdict == "undecided" and s.evidence is not None:
                assert not LEAKS.search(plain_reason(s.evidence)), (cid, s.line)
