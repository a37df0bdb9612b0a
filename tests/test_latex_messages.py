"""The reader's error messages are written for the person who wrote the formula: they say what
the reader stumbled on in plain words and quote the formula as written, with no character
offsets, no re-spaced token stream and no internal class names."""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from cheatsheet.latex import LatexError, LatexShapeError, parse, parse_expr, symbol_name

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"

# what a message must never show
OFFSET = re.compile(r"\bat \d+\b|\bposition \d+|\bpos(?:ition)? ?=|\[\d+:\d+\]")
TOKEN_SPACING = re.compile(r"\\[A-Za-z]+ \{ |\{ \\?\w+ \}| _ \{| \^ \{| _ \w\b|\\lVert|\\rVert|\\lvert|\\rvert")
INTERNAL = re.compile(
    r"Error\b|Exception|Traceback|\bSymbol\b|MatrixSymbol|\bTuple\b|MatApply|Given\(|\bToken\b|"
    r"\bTree\b|\blark\b|Unexpected|Pending|FuncRef|sympy|SymPy|UndefinedFunction|\bNone\b|"
    r"object is not|\bop=|\bcall\(|__|Retype|\bLALR\b|\$END|RPAR|LPAR|CIRCUMFLEX"
)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _spaced(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def plain(latex: str, msg: str) -> None:
    """No offsets, internal names or token dumps (quotes of the writer's own text aside).

    A message is one line, so its quotes write each run of white space (a line break too) as one
    space; the writer's text is compared the same way (``{ where  }`` quoted as ``{ where }`` is
    the writer's spacing, ``\\frac { a }`` quoted from ``\\frac{a}`` is a token dump)."""
    words = re.sub(r"`[^`]*`", "``", msg)
    assert not OFFSET.search(words), msg
    assert not INTERNAL.search(words), msg
    for m in TOKEN_SPACING.finditer(msg):
        assert _spaced(m.group()) in _spaced(latex), msg
    assert "\n" not in msg, msg


def check_message(latex: str, msg: str) -> None:
    """The hygiene every reader message keeps, and a quote of the formula as written."""
    assert msg and msg == msg.strip(), msg
    plain(latex, msg)
    quotes = re.findall(r"`([^`]+)`", msg)
    assert quotes, msg
    src = _squash(latex)
    assert any(_squash(q.strip("…")) and _squash(q.strip("…")) in src for q in quotes), msg


def message(latex, decls=None) -> str:
    with pytest.raises(LatexError) as info:
        parse(latex, decls)
    check_message(latex, str(info.value))
    return str(info.value)


# ---------------------------------------------------------------- a corpus of broken formulas
BROKEN = [
    r"(WQ)(K",
    r"(a + b",
    r"a + b)",
    r"[0, 1)",
    r"\left( x \right]",
    r"\{ x \in S",
    r"x +",
    r"a =",
    r"\frac{a}",
    r"\sqrt",
    r"x_",
    r"^2",
    r"x = = y",
    r"f(x, )",
    r"x ? y",
    r"a ρ b",
    r"\foo x",
    r"x + \undefinedcommand{y}",
    r"\sum_{t_1} \dots \sum_{t_d} f",
    r"x_1, \dots, x_n",
    r"x_1 + ... + x_n",
    r"\text{the loss of the model}",
    r"a \pm b",
    r"a \iff b",
    r"\kappa \gg 1",
    r"X \sim \mathcal{N}(0, 1)",
    r"\mathbb{R}^d",
    r"x \in \mathbb{R}^d",
    r"\forall \lambda \in [0,1]: \lambda x \ge 0",
    r"u = u(x)",
    r"(Tf)(u) = \int_0^1 K(t, u) f(t) dt",
    r"L[w](X, y) = \frac{\|Xw - y\|^2}{2n}",
    r"\int f(x) dx",
    r"\int_0^1 f(x)",
    r"\nabla f",
    r"\lim x",
    r"\sum_{i<j} a_i a_j",
    r"\max x",
    r"\det",
    r"\sup_x f(x)",
    r"\arg\min_w L(w)",
    r"P(A | B | C)",
    r"\hat{x + y}",
    r"(a + b)_i",
    r"x^{\begin{bmatrix} 1 \end{bmatrix}}",
    r"\begin{bmatrix} 1 & 2 \\ 3 \end{bmatrix}",
    r"\|x\|_{q+r}",
    r"\frac{d^2 f}{dx}",
    r"\begin{cases} 1 \end{cases} + \begin{foo} x \end{foo}",
    r"a & b & c \\ \\ & =",
    r"\left. \frac{df}{dx} \right|_{x=0} = @",
    "",
    "   ",
    r"\quad",
]


@pytest.mark.parametrize("latex", BROKEN)
def test_broken_formulas_get_plain_messages(latex):
    try:
        parse(latex)
    except LatexError as e:
        msg = str(e)
        plain(latex, msg)
        if latex.strip() and latex.strip() != r"\quad":
            check_message(latex, msg)
    else:  # a formula the reader learns to read later is no failure of its messages
        pass


@pytest.mark.parametrize("latex, decls, expected", [
    (r"(WQ)(K", None, "the bracket opened at `(WQ)(` is never closed"),
    (r"(a + b", None, "the bracket opened at `(a + b` is never closed"),
    (r"a + b)", None, "closes nothing"),
    (r"[0, 1)", None, "the `[` of `[0, 1)` is closed by `)`"),
    (r"\foo x", None, "unknown command `\\foo`"),
    (r"\sum_{i=1}^{n} x_i \dots", None, "cannot read `\\dots` in"),
    (r"x_1, \dots, x_n", None, "a row of dots stands for terms the reader cannot expand"),
    (r"x_1 + y + ... + x_n", None, "a row of dots"),  # not one template: left unexpanded
    (r"x +", None, "cannot read `x +`: the formula stops before it is complete"),
    (r"x = = y", None, "cannot read `=` in `x = = y`: a relation where a value belongs"),
    (r"x ? y", None, "the character `?` is not part of a formula"),
    (r"\text{the loss of the model}", None, "prose, not a formula"),
    (r"a \iff b", None, "two implications"),
    (r"\kappa \gg 1", None, "cannot read `\\gg` in `\\kappa \\gg 1`: not a relation a checker can decide"),
    (r"u = u(x)", None, "stands for a value elsewhere in the formula is called like a function"),
    (r"\int f(x) dx", None, "an indefinite integral"),
    (r"\sum_{i<j} a_i a_j", {"i": "real", "j": "real"}, "where the index j runs is neither written"),
    (r"\sum_{k} 2", None, "the terms do not use it"),
    (r"\frac{d^2 f}{dx}", None, "the orders of the derivative above and below the fraction bar"),
])
def test_messages_say_what_the_reader_stumbled_on(latex, decls, expected):
    assert expected in message(latex, decls)


# ---------------------------------------------------------------- sizes, in words
@pytest.mark.parametrize("latex, decls, expected", [
    (r"A x", {"A": "matrix(3, 4)", "x": "vector(2)"},
     "`A` is 3×4 and `x` has 2 rows, so `A x` is undefined"),
    (r"A + B", {"A": "matrix(3, 4)", "B": "matrix(4, 4)"},
     "`A` is 3×4 and `B` is 4×4, so `A + B` is undefined"),
    (r"\mathbf{u} \mathbf{v}", {"u": "vector(n)", "v": "vector(n)"},
     "`\\mathbf{u}` is n×1 and `\\mathbf{v}` has n rows, so `\\mathbf{u} \\mathbf{v}` is undefined"),
    (r"A \odot B", {"A": "matrix(2, 3)", "B": "matrix(3, 2)"},
     "`A` is 2×3 and `B` is 3×2, so `A \\odot B` is undefined"),
    (r"\mathbf{x} + y", {"x": "vector(n)", "y": "positive"},
     "`\\mathbf{x}` is n×1 and `y` is a number, so `\\mathbf{x} + y` is undefined"),
    (r"\begin{bmatrix} A & B \end{bmatrix}", {"A": "matrix(2, 2)", "B": "matrix(3, 3)"},
     "blocks of height 2 and 3 in one block row"),
    (r"\begin{bmatrix} 1 & 2 \\ 3 \end{bmatrix}", None, "have 1 and 2 entries"),
    (r"\lambda_{\max}(A)", {"A": "matrix(2, 3)"}, "the matrix is 2×3, and only a square matrix"),
])
def test_shape_errors_say_which_sizes_clash(latex, decls, expected):
    with pytest.raises(LatexShapeError) as info:
        parse(latex, decls)
    msg = str(info.value)
    check_message(latex, msg)
    assert expected in msg
    assert "(" not in msg.replace(latex, "") or "(n, 1)" not in msg  # no tuple dumps


def test_quotes_are_the_writers_own_latex_not_the_token_stream():
    msg = message(r"\mathbf{x}-\hat{\mathbf{x}}  +  \foo")
    assert "`\\foo`" in msg
    assert "\\mathbf { x }" not in msg
    msg = message(r"\mathbb{E}\left[f(X)\,\middle|\,X_S > x_S\right]")
    assert "\\middle|" in msg  # as written; the grammar sees \mid


def test_long_quotes_are_shortened():
    latex = r"x = \text{" + "a long piece of prose " * 6 + "}"
    msg = message(latex)
    assert len(msg) < 200
    assert "…" in msg


def test_other_entry_points_speak_plainly():
    with pytest.raises(LatexError) as info:
        parse_expr(r"a = b")
    assert str(info.value) == "`a = b` is a relation, where an expression was expected"
    with pytest.raises(LatexError) as info:
        symbol_name(r"x + y")
    assert str(info.value) == "`x + y` is not a single symbol"
    with pytest.raises(LatexError) as info:
        parse("")
    assert str(info.value) == "there is no formula: the text is empty"


# ---------------------------------------------------------------- the sheets' unreadable math
def _seed_segments():
    spec = importlib.util.spec_from_file_location("seed_parse_share", ROOT / "scripts" / "seed_parse_share.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    out = []
    for path in sorted(SEEDS.glob("*.txt")):
        out += [s for _, s in mod.segments(path.read_text(encoding="utf-8")) if s]
    return out


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"seed sheets not found at {SEEDS}")
def test_every_message_on_the_sheets_math_is_plain():
    failures = 0
    for latex in _seed_segments():
        try:
            parse(latex)
        except LatexError as e:
            failures += 1
            check_message(latex, str(e))
    assert failures > 300  # the sheets hold plenty the reader refuses: all of it is checked


# ---------------------------------------------------------------- mutated formulas
_PIECES = ["(", ")", "[", "]", "{", "}", "\\{", "\\}", "|", "\\|", "^", "_", "=", "+", "-", "\\frac",
           "\\sum", "\\int", "\\left(", "\\right)", "&", "\\\\", "x", "\\mathbf{x}", ",", "\\dots",
           "\\begin{bmatrix}", "\\end{bmatrix}", "'", "!", "\\nabla", "d", "\\partial", "\\lim",
           "\\to", "\\mid", "\\text{if}", "\\sqrt", "1", ".", "\\cdot", "\\top", "~"]
_BASES = [r"\frac{\partial L}{\partial \mathbf{w}} = X^\top (X\mathbf{w} - \mathbf{y})",
          r"f(x) = \begin{cases} x & \text{if } x > 0 \\ 0 & \text{otherwise} \end{cases}",
          r"\mathbb{1}[y \ne \hat{y}] + D_{\mathrm{KL}}(p \,\|\, q) + x² ≤ Σ_{i=1}^n w^{(i)}",
          r"\hat{y} = \operatorname*{arg\,max}_k \Pr[Y = k \mid x] \text{ where } k \ge 1",
          r"P(A \mid B) = \frac{P(B|A) P(A)}{P(B)}", r"\|x\|_2^2 = \sum_{i=1}^n x_i^2",
          r"\mathbb{E}[X] = \int_{-\infty}^{\infty} x p(x) dx",
          r"\begin{bmatrix} a & b \\ c & d \end{bmatrix}^{-1} = \frac{1}{ad - bc}"]


@st.composite
def mutated(draw):
    text = draw(st.sampled_from(_BASES))
    for _ in range(draw(st.integers(1, 4))):
        k = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "swap"]))
        if action == "insert":
            text = text[:k] + draw(st.sampled_from(_PIECES)) + text[k:]
        elif action == "delete" and text:
            j = min(len(text), k + draw(st.integers(1, 6)))
            text = text[:k] + text[j:]
        elif len(text) > k + 1:
            text = text[:k] + text[k + 1] + text[k] + text[k + 2:]
    return text


# found by Hypothesis: the quote `k \mid ext{ where }` writes the two spaces of `{ where  }` as one
_WIDE = r"\hat{y} = \operatorname*{arg\,max}_k \Pr[Y = k] \mid ext{ where  }k \ge 1"


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
@example(_WIDE)
def test_mutated_formulas_read_or_fail_plainly(latex):
    try:
        parse(latex)
    except LatexError as e:
        plain(latex, str(e))


@pytest.mark.parametrize("latex", [_WIDE, "\\frac{a}{b}  +\n  \\text{ where  } \\mid x",
                                   "x =\n\n\\mid ext{ a  \t b }"])
def test_quotes_of_widely_spaced_text_are_one_line_and_the_writers(latex):
    """A quote writes runs of white space as one space (a message is one line); that is still
    the writer's text, and the message says where the reader stopped."""
    msg = message(latex)
    assert "\n" not in msg and "  " not in msg, msg
