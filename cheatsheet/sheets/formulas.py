"""One math segment -> the formulas it states (one finding each).

A chain ``a = b = c`` is one formula. The rows of an ``aligned``/``align``/``gathered`` block and
top-level ``\\\\`` lines are separate formulas, except that a row opening with a relation
(``&= ...``), or with ``+``/``-`` and no relation of its own, continues the one above. Statements joined by ``\\quad``, ``,`` or ``;`` at the top
level are separate when each states a relation (``w_{ij} = w_{ji}, w_{ii} = 0``); a piece with
no relation of its own (``\\quad \\text{for } t < 1/\\beta``, ``i = 1..n`` is a relation) stays
with the piece before it. The split works on the text as written, so every formula's LaTeX is
a substring of the sheet's line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .clauses import split_clauses
from .model import Segment

_ROW_ENVS = {"aligned", "align", "align*", "gathered", "gather", "gather*", "split", "alignedat",
             "eqnarray", "eqnarray*", "multline", "multline*"}
_OPEN = {"(": ")", "[": "]", "{": "}"}
_CMD_OPEN = {r"\{": r"\}", r"\langle": r"\rangle", r"\lfloor": r"\rfloor", r"\lceil": r"\rceil",
             r"\lvert": r"\rvert", r"\lVert": r"\rVert"}
_CMD_CLOSE = set(_CMD_OPEN.values())
RELATION = re.compile(
    r"(:=|=:|(?<![<>!\\])=|<|>)|\\(leq?|geq?|neq?|ne|approx|succeq|preceq|leqslant|geqslant|equiv|"
    r"propto|coloneqq|simeq|cong)(?![A-Za-z])|≤|≥|≠|≈")
_LEADING_OPERATOR = re.compile(r"^\s*&?\s*(\+|-|\\cdot(?![A-Za-z])|\\times(?![A-Za-z])|\\pm(?![A-Za-z]))")
_LEADING_RELATION = re.compile(r"^\s*&?\s*(=|:=|<|>|\\(leq?|geq?|neq?|approx|equiv|propto|"
                               r"succeq|preceq)(?![A-Za-z])|≤|≥|≈)")
# a row naming a law or model by a word applied to its parameters, then its value after \quad
_NAMED_ROW = re.compile(
    r"^\s*(?P<name>(\\(text|mathrm|operatorname|textrm)\s*\{\s*[A-Za-z]{2,}\s*\}|"
    r"\\mathcal\s*\{\s*[A-Z]\s*\}|\\mathcal\s*[A-Z]|(?P<word>[A-Z][a-z]{1,4}))\s*\([^()]*\))"
    r"\s*\\q?quad\s*(?P<value>\S.*)$", re.S)
_CONDITION = re.compile(r"^\s*(\\text\s*\{\s*(for|if|iff|only if|if and only if|unless|provided|whenever|where|when|with|s\.t\.|since|as)\b|"
                        r"\\(forall|mathrm\{for\}))")


@dataclass(frozen=True)
class Formula:
    """What one finding is about: the formula's LaTeX as written, and where it stands."""

    segment: Segment
    latex: str
    line: int
    continues: str = ""  # the left side this formula continues (a row opening with '=')
    steps: bool = False  # one of several rows assigning the same name: steps, not equations
    written: str = ""  # as the student wrote it, where the sheet's macros changed it
    # one of several rows giving the same name a value, none in place: alternatives
    alternatives: bool = False

    @property
    def stated(self) -> str:
        """The formula without its trailing clauses (``, W \\in \\mathbb{R}^{m \\times n}``,
        ``\\text{ for } t < \\lambda``: clauses.py): what it states, as matched and read."""
        return split_clauses(self.latex)[0]

    @property
    def clauses(self) -> tuple:
        """Its trailing clauses: declarations, laws and conditions (its domain)."""
        return split_clauses(self.latex)[1]

    @property
    def tail(self) -> str:
        """The text of its clauses as written, trailing ones first, then leading ones after a
        comma ('' when it has none): what follows the stated formula to give it its clauses."""
        stated = self.stated
        at = self.latex.find(stated)
        if at < 0:
            return ""
        lead = self.latex[:at].strip().rstrip(",;").strip()
        lead = re.sub(r"(\\q?quad\s*)+$", "", lead).strip().rstrip(",;").strip()
        return self.latex[at + len(stated):] + (f", {lead}" if lead else "")

    @property
    def reading(self) -> str:
        """The LaTeX to read (see ``_reading``), derivatives by a vector or matrix written with
        an upright d (``\\frac{d}{d\\mathbf{x}}``) as the partial derivatives they are."""
        return by_array_as_partial(self._reading)

    @property
    def _reading(self) -> str:
        """The LaTeX to read: a continuation row gets the left side it continues; a named row
        (``Pois(\\lambda) \\quad e^{\\lambda(e^t - 1)}``, a table typed as math) states that the
        name's quantity is the value, as the label shorthand ``M(t) = ...`` does."""
        stated = self.stated  # (its clauses are read apart: clauses.py)
        if self.continues:
            return f"{self.continues} {stated}"
        if "\\begin" not in stated and re.search(r"\\\\", stated):
            # rows of one formula (a multline's lines): the breaks are layout only
            return re.sub(r"\\\\(\[[^\]]*\])?", " ", stated)
        named = _NAMED_ROW.match(stated)
        if named and not has_relation(stated):
            name = named.group("name")
            if named.group("word"):  # Gam(a, b): one word, not G times a times m
                name = rf"\text{{{named.group('word')}}}" + name[len(named.group("word")):]
            return f"{name} = {named.group('value')}"
        latex = stated
        if self.segment.cell and self.segment.aliases:  # npq with q = 1 - p said before
            from .aliases import put_aliases

            latex = put_aliases(latex, self.segment.aliases)
        if "\\pm" in latex and not has_relation(latex):
            from .intervals import standard_error_statement

            # x-bar +- z sigma/sqrt(n): what it says of the mean's standard error
            se = standard_error_statement(latex, self.segment.words())
            if se is not None:
                return se
        if self.segment.named and not states_relation(latex) \
                and not re.search(r"\\(leftarrow|gets|Leftarrow|longleftarrow)(?![A-Za-z])", latex):
            # (an update V <- V + a delta states its own: the label only names the method)
            # "| Precision | $\\frac{TP}{TP + FP}$ |": the row's label names the value
            return f"{self.segment.named} = {latex}"
        return latex


def named_row_value(latex: str) -> str | None:
    """The value of a named row (``\\text{Pois}(\\lambda) \\quad e^{...}``: a law's name, then
    its quantity after ``\\quad``), or None for any other formula."""
    named = _NAMED_ROW.match(latex)
    return named.group("value") if named and not has_relation(latex) else None


# d/dx by a bold name or a capital (a vector or matrix): the same derivative as the partial
# one the catalog writes (the reader reads both alike; only the matcher sees the letter d)
_D_BY_ARRAY = re.compile(
    r"\\frac\s*\{\s*d\s*(?P<f>[^{}]*?)\s*\}\s*\{\s*d\s*(?P<v>(?:\\(?:mathbf|boldsymbol|bm)\s*"
    r"\{\s*\\?[A-Za-z]+\s*\}|[A-Z])(?:_\{?[A-Za-z0-9]+\}?)?)\s*\}")


def by_array_as_partial(latex: str) -> str:
    """``\\frac{d}{d\\mathbf{x}}``, ``\\frac{d f}{d X}`` -> the same with ``\\partial``."""
    return _D_BY_ARRAY.sub(lambda m: rf"\frac{{\partial {m.group('f')}}}{{\partial {m.group('v')}}}"
                           .replace(r"\partial }", r"\partial}"), latex)


def strip_math(latex: str) -> str:
    """The math without surrounding whitespace, except the space of a closing control space
    (``\\ `` at the end: in transcriptions that lost their bars it is the closing norm bar)."""
    out = latex.strip()
    if latex.lstrip() != out and re.search(r"(?<!\\)(\\\\)*\\$", out):
        out += " "
    return out


def has_relation(latex: str) -> bool:
    return bool(RELATION.search(_strip_text(latex)))


_LIMITS = re.compile(r"(?<!\\)[_^]\s*\{[^{}]*\}")


def states_relation(latex: str) -> bool:
    """Does the formula itself state a relation? The ``=`` of a sum's or product's lower
    limit (``\\sum_{k=1}^{K} p_k``) is no relation of the line's: a bare expression with
    such a limit states none, while ``has_relation`` sees one."""
    text = _strip_text(latex)
    while True:
        shorter = _LIMITS.sub(" ", text)
        if shorter == text:
            return bool(RELATION.search(text))
        text = shorter


def _strip_text(latex: str) -> str:
    return re.sub(r"\\(text|mathrm|operatorname|textrm|mbox)\s*\{[^{}]*\}", " ", latex)


def _scan(latex: str):
    """Yield (index, char-or-command, depth_before, env) for each top-level token position."""
    depth = 0
    envs: list[str] = []
    k = 0
    n = len(latex)
    while k < n:
        ch = latex[k]
        if ch == "\\":
            m = re.match(r"\\([A-Za-z]+\*?|.)", latex[k:])
            tok = m.group(0) if m else "\\"
            if tok in (r"\begin", r"\end"):
                m2 = re.match(r"\\(begin|end)\s*\{([^}]*)\}", latex[k:])
                if m2:
                    env = m2.group(2)
                    if m2.group(1) == "begin":
                        envs.append(env)
                        yield k, ("begin", env), depth, tuple(envs)
                    else:
                        yield k, ("end", env), depth, tuple(envs)
                        if envs:
                            envs.pop()
                    k += len(m2.group(0))
                    continue
            if tok in _CMD_OPEN:
                depth += 1
            elif tok in _CMD_CLOSE:
                depth -= 1
            yield k, tok, depth, tuple(envs)
            k += len(tok)
            continue
        if ch in _OPEN:
            depth += 1
        elif ch in _OPEN.values():
            depth -= 1
        yield k, ch, depth, tuple(envs)
        k += 1


def _rows(latex: str) -> list[tuple[int, int]]:
    """Spans of the lines of a segment: split at ``\\\\`` outside matrices and cases."""
    spans, start = [], 0
    for k, tok, depth, envs in _scan(latex):
        if tok == "\\\\" and depth == 0 and all(e in _ROW_ENVS for e in envs):
            spans.append((start, k))
            start = k + 2
    spans.append((start, len(latex)))
    return spans


def _pieces(latex: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Spans of one row split at top-level \\quad, ',' and ';' (before deciding to keep them)."""
    cuts = []
    for k, tok, depth, envs in _scan(latex[lo:hi]):
        if depth == 0 and not any(e not in _ROW_ENVS for e in envs):
            if tok in (r"\quad", r"\qquad", ",", ";"):
                cuts.append((lo + k, lo + k + len(tok)))
    spans, start = [], lo
    for a, b in cuts:
        spans.append((start, a))
        start = b
    spans.append((start, hi))
    return spans


def _clean_span(latex: str, a: int, b: int) -> tuple[int, int]:
    """Trim whitespace, alignment marks, environment wrappers and trailing punctuation."""
    piece = latex[a:b]
    m = re.match(r"(\s|&|\\begin\s*\{(aligned|align\*?|gathered|gather\*?|split|alignedat)\}"
                 r"(\{[^}]*\})?)*", piece)
    a += m.end()
    piece = latex[a:b]
    m = re.search(r"(\s|&|[.,;]|\\end\s*\{(aligned|align\*?|gathered|gather\*?|split|alignedat)\}"
                  r"|\\[,;:!]|\\q?quad)*$", piece)
    b = a + m.start()
    if b < len(latex) and latex[b].isspace() and re.search(r"(?<!\\)(\\\\)*\\$", latex[a:b]):
        b += 1  # a closing control space "\ " keeps its space
    return a, b


def formulas_of(segment: Segment, continues: str = "") -> list[Formula]:
    """The formulas of a segment, in reading order; a segment with no relation is one formula.

    ``continues`` is the left side of the formula before this segment: a segment that opens
    with a relation (a display ``= ...`` under the one above) continues it."""
    latex = segment.latex
    spans: list[tuple[int, int]] = []  # one per formula
    for lo, hi in _rows(latex):
        row = [s for s in (_clean_span(latex, a, b) for a, b in _pieces(latex, lo, hi))
               if s[1] > s[0]]
        for n, (a, b) in enumerate(row):
            text = latex[a:b]
            if n == 0 and spans and (_LEADING_RELATION.match(text) or (
                    _LEADING_OPERATOR.match(text) and not has_relation(text))):
                # a row opening with '=' continues the chain; one opening with '+' or '-'
                # and stating nothing of its own continues the sum (a multline's second line)
                spans[-1] = (spans[-1][0], b)
            elif n and (not has_relation(text) or _CONDITION.match(text)
                        or not has_relation(latex[spans[-1][0]:spans[-1][1]])
                        or _side_condition(latex, row, n)):
                spans[-1] = (spans[-1][0], b)  # a condition or fragment stays with its formula
            else:
                spans.append((a, b))
    out: list[Formula] = []
    for a, b in spans:
        a, b = _without_trailing_words(latex, a, b)
        text = strip_math(latex[a:b])
        if not text:
            continue
        line = segment.line + latex.count("\n", 0, a)
        cont = continues if not out and continues and _LEADING_RELATION.match(text) else ""
        out.append(Formula(segment, text, line, cont))
    if not out and latex.strip():
        out.append(Formula(segment, strip_math(latex), segment.line))
    lhs = [re.sub(r"\s+", "", left_side(f.latex)) for f in out]
    repeated = {x for x in lhs if x and lhs.count(x) > 1}
    # rows giving one name values are steps when one of them updates the name in place
    # (w = w - eta g, then w = w / 2); rows that each say what the name is in terms of other
    # names (theta_k = theta_{k-1} - ... for one optimiser per row) are alternatives, each
    # an equation of its own
    steps = {x for x in repeated
             if any(x == y and _in_place(f.latex) for f, y in zip(out, lhs))}
    if repeated:
        out = [Formula(f.segment, f.latex, f.line, f.continues, steps=x in steps,
                       alternatives=x in repeated - steps)
               for f, x in zip(out, lhs)]
    return _as_written(segment, out)


def _side_condition(latex: str, row: list[tuple[int, int]], n: int) -> bool:
    """Does piece n, with the pieces after it that state nothing of their own, only say where
    the formula before it holds (``a, b > 0``, ``k = 1, 2, \\dots``)?  Then it is part of that
    formula (its premise, as the reader reads it), not a formula of its own."""
    from cheatsheet.latex._side_conditions import is_side_condition

    m = n
    while m + 1 < len(row) and not has_relation(latex[row[m + 1][0]:row[m + 1][1]]):
        m += 1
    return is_side_condition(latex[row[n][0]:row[m][1]])


def _as_written(segment: Segment, out: list[Formula]) -> list[Formula]:
    """Each formula with the text the student wrote for it, where the sheet's macros changed
    the segment: the written segment split the same way, formula by formula (left out when
    the two splits differ, as a macro holding a relation would make them)."""
    if not segment.written or segment.written == segment.latex:
        return out
    mine = formulas_of(replace(segment, latex=segment.written, written=""))
    if [f.line for f in mine] != [f.line for f in out]:
        return out
    return [replace(f, written=w.latex) if w.latex != f.latex else f for f, w in zip(out, mine)]


_TRAILING_WORDS = re.compile(r"(\s|\\q?quad|\\[,;:!]|[,.;])*\\(text|mathrm|textrm|mbox)\s*\{\s*"
                             r"(or|and|resp\.?|i\.e\.?|e\.g\.?)\s*\}(\s|[,.;])*$")


# "\\quad (\\text{Gaussian})", "\\quad \\text{(exponential)}": a note in words after a formula,
# saying which law or case it is for
_TRAILING_NOTE = re.compile(r"(?:\\q?quad|\\[,;:!]|\s|&)+(?:(?:\\left\s*)?\(\s*\\(?:text|mathrm|textrm|mbox)"
                            r"\s*\{[^{}$]*\}\s*(?:\\right\s*)?\)|\\(?:text|mbox)\s*\{\s*\([^{}$]*\)\s*\})"
                            r"\s*[,.;]?\s*$")


# "\\quad \\text{(bivariate normal, correlation $\\rho$)}": such a note naming its letters in
# inline math; kept in the formula (unread) when a piece of that math is a relation or its words
# may state a condition (invertible, convex, when ...), which the check must not lose
_NAMING_NOTE = re.compile(r"\\q?quad\s*\\(?:text|mbox)\s*\{\s*\(((?:[^{}$]|\$[^${}]*\$)*)\)\s*\}"
                          r"\s*[,.;]?\s*$")
_NOTE_RELATION = re.compile(r"[=<>]|\\(?:le|leq|ge|geq|ne|neq|in|sim|to|mid)(?![A-Za-z])")
_NOTE_CONDITION = re.compile(r"\b(?:if|when|whenever|unless|only|for|provided|assum\w*|symmetric|"
                             r"definite|orthogonal|diagonal|invertible|nonsingular|singular|"
                             r"positive|negative|non-?zero|zero|convex|concave|smooth\w*|"
                             r"independent|integer|even|odd|real|complex|small|large)\b", re.I)


def _naming_note(text: str) -> re.Match | None:
    """A trailing parenthesised note that only names what the formula's letters are."""
    m = _NAMING_NOTE.search(text)
    if m is None:
        return None
    maths = re.findall(r"\$([^$]*)\$", m.group(1))
    words = re.sub(r"\$[^$]*\$", " ", m.group(1))
    if any(_NOTE_RELATION.search(x) for x in maths) or _NOTE_CONDITION.search(words):
        return None
    return m


# "&& \\text{Sarsa}", "&& \\text{by Bayes}": the comment column of an aligned row (after a
# double ampersand) holds words about the formula, not part of it
_TAG_COLUMN = re.compile(r"&\s*&\s*(?:\\(?:text\w*|mbox|mathrm)\s*\{[^{}$]*\}\s*)+[,.;]?\s*$")


# "\\qquad (11)", "\\quad (A.2)", "\\hfill (3b)": an equation number typed by hand at the end
# of a display (Markdown has no \\tag): it labels the formula, it is no factor of it
_EQUATION_NUMBER = re.compile(r"(?:\\q?quad|\\hfill)(?:\\q?quad|\\hfill|\\[,;:!]|\s|~)*"
                              r"\(\s*(?:[A-Z]\.)?\d+(?:\.\d+)*[a-z]?\s*\)\s*[,.;]?\s*$")


def _without_trailing_words(latex: str, a: int, b: int) -> tuple[int, int]:
    """Drop a trailing "\\quad \\text{or}": words that join formulas are not part of them;
    nor is a note in words after it ("\\quad (\\text{Gaussian})"), nor an equation number
    typed after a space ("\\qquad (11)") or a bookdown label ("(\\#eq:ols)"), nor a side
    clause stating a law."""
    from .conventions import side_law_start
    from .equation_labels import trailing_label

    m = _TRAILING_WORDS.search(latex[a:b]) or _TRAILING_NOTE.search(latex[a:b]) \
        or _TAG_COLUMN.search(latex[a:b]) or _EQUATION_NUMBER.search(latex[a:b]) \
        or _naming_note(latex[a:b]) or trailing_label(latex[a:b])
    if m and has_relation(latex[a:a + m.start()]):
        return a, a + m.start()
    # "\\quad (x \\sim N(\\mu, \\sigma^2))" after it: a declaration of its letter (read as
    # one by conventions.side_laws), not part of what it states
    start = side_law_start(latex[a:b])
    return (a, a + start) if start else (a, b)


def _in_place(text: str) -> bool:
    """Does the formula's right side use its left side as written (w = w - eta g, m_t =
    m_{t} / 2), as an update in place does? (theta_{k-1} on the right of theta_k = ... is
    another name.)"""
    from cheatsheet.match.tokens import tokenize

    left = left_side(text)
    if not left:
        return False
    for k, tok, depth, _ in _scan(text):
        if depth == 0 and k >= len(left) and text[k:].startswith(tok) and (
                tok in ("=", "<", ">") or tok in (r"\le", r"\leq", r"\ge", r"\geq",
                                                  r"\approx", r"\neq")):
            right = text[k + len(tok):]
            break
    else:
        return False
    try:
        mine, theirs = _raw(tokenize(left)), _raw(tokenize(right))
    except Exception:  # noqa: BLE001 - what the tokeniser trips on is no step
        return False
    n = len(mine)
    return bool(n) and any(theirs[i:i + n] == mine and (i + n == len(theirs) or theirs[i + n]
                                                         not in ("_", "^"))
                           for i in range(len(theirs) - n + 1))


def _raw(toks) -> list[str]:
    """A formula's tokens as written, braces around one token dropped (m_{t} is m_t)."""
    raw = [t.raw.strip() for t in toks if t.raw.strip() and t.raw.strip() != "&"]
    out, i = [], 0
    while i < len(raw):
        if raw[i] == "{" and i + 2 < len(raw) and raw[i + 2] == "}":
            out.append(raw[i + 1])
            i += 3
        else:
            out.append(raw[i])
            i += 1
    return out


def left_side(text: str) -> str:
    """The text before the first top-level relation ('' when the formula opens with one)."""
    for k, tok, depth, envs in _scan(text):
        if depth == 0 and (tok in ("=", "<", ">") or tok in (r"\le", r"\leq", r"\ge", r"\geq",
                                                               r"\approx", r"\neq")):
            return text[:k].strip().strip("&").strip()
    return ""
