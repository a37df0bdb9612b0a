"""How a wrong finding explains itself: the right form in the sheet's symbols, where the
sheet's formula departs from it (one line), and the counterexample in the sheet's names."""
from __future__ import annotations

import re
from difflib import SequenceMatcher

from cheatsheet.match import Candidate, split_relation
from cheatsheet.match.align import called_labels, inverse, unit_texts
from cheatsheet.match.tokens import Tok, _operand_start, keys, pretty, tokenize
from ..timelimit import CheckTimeout
from .law_statements import law_head_as_sheet
from .readings import ranges_as_sheet


def _plain(latex: str) -> str:
    from cheatsheet.quiz.render import to_unicode

    latex = _balanced(latex)
    try:
        return to_unicode(latex)
    except CheckTimeout:
        raise
    except Exception:  # noqa: BLE001 - a name the renderer cannot show is shown as written
        return latex


def tidy_quoted(text: str) -> str:
    """A reason quoting LaTeX of a reading (`W z _ { t - 1 }` is k×1 ...) with the quotes
    written as a person types them (`W z_{t - 1}`): readings are rebuilt from tokens, one
    space between each."""
    def tidy(m) -> str:
        q = re.sub(r"\s*([_^])\s*", r"\1", m.group(1))
        q = re.sub(r"([{(\[])\s+", r"\1", q)
        return "`" + re.sub(r"\s+([})\]])", r"\1", q) + "`"

    return re.sub(r"`([^`]*)`", tidy, text)


def _balanced(latex: str) -> str:
    """A stretch of a formula with its braces closed (B^{-1 cut before its brace shows as
    B^{-1}, not as B⁻1)."""
    depth, out = 0, []
    for ch in latex:
        if ch == "}" and depth == 0:
            continue  # a brace closing before the stretch
        depth += (ch == "{") - (ch == "}")
        out.append(ch)
    return "".join(out) + "}" * depth


def _closest_piece(latex: str, toks: list[Tok], names=frozenset()) -> str:
    """The statement of a multi-statement claim (Adam's m, v, m-hat... updates) that the
    sheet's formula corresponds to: alike in form, and among forms alike (m-hat and v-hat),
    the one with the formula's names (in the claim's letters)."""
    from rapidfuzz import fuzz

    from cheatsheet.sheets import Segment, formulas_of

    pieces = [f.latex for f in formulas_of(Segment(latex, 1, False))]
    if len(pieces) <= 1:
        return latex
    mine = " ".join(keys(toks))

    def fit(piece: str) -> float:
        ptoks = tokenize(piece)
        shared = len(names & {t.ident for t in ptoks if t.ident}) / max(1, len(names))
        return fuzz.ratio(mine, " ".join(keys(ptoks))) + 20 * shared

    return max(pieces, key=fit)


def _labels_kept(out: list[Tok], c: Candidate) -> list[Tok]:
    """The sheet's E_D(w) where the claim writes J(w): the right form keeps the sheet's whole
    name (its label D is no symbol of the claim, and no slip)."""
    labels = called_labels(c.sheet_tokens, c.mapping, unit_texts(c.form_tokens))
    if not labels:
        return out
    kept: list[Tok] = []
    for k, t in enumerate(out):
        kept.append(t)
        if t.ident in labels and k + 1 < len(out) and out[k + 1].raw in ("(", r"\left("):
            kept.extend(labels[t.ident])
    return kept


def expected_tokens(c: Candidate, claim) -> list[Tok]:
    """The claim's canonical form (the statement of it that corresponds to the formula) in the
    sheet's symbols where they correspond; for a sheet that only names the claim's left side,
    the sheet's left side with the right form of the rest."""
    back, under = inverse(c.mapping, c.sheet_tokens)
    sheet_text = unit_texts(c.sheet_tokens)
    names = frozenset(c.mapping.get(t.ident, t.ident) for t in c.sheet_tokens if t.ident)
    canon = tokenize(_closest_piece(claim.latex, c.sheet_tokens, names))
    out = []
    for k, t in enumerate(canon):
        if t.ident in under and k + 1 < len(canon) and canon[k + 1].norm == "_":
            # (the claim's sigma_N is the sheet's tau_n, its bare sigma the sheet's sigma)
            out.append(Tok(sheet_text.get(under[t.ident], t.raw), "", under[t.ident]))
        elif t.ident is not None and t.ident in back:
            out.append(Tok(sheet_text.get(back[t.ident], t.raw), "", back[t.ident]))
        elif t.ident is not None and marked_back(t.ident, back) is not None:
            # (the claim's theta^* where the sheet writes w and w_j^* only: w^*)
            own, mark = marked_back(t.ident, back)
            out.append(Tok(sheet_text.get(own, own) + _MARKS[mark], "", f"{own}_{mark}"))
        else:
            out.append(t)
    out = _labels_kept(out, c)
    out = law_head_as_sheet(out, c.sheet_tokens)
    out = ranges_as_sheet(out, c.sheet_tokens)
    if c.mode == "label":
        mine, theirs = split_relation(c.sheet_tokens), split_relation(out)
        if theirs is not None:
            return mine[0] + theirs[1] + theirs[2] if mine else theirs[2]
    return out


def expected_form(c: Candidate, claim) -> str:
    return pretty(expected_tokens(c, claim))


def _keys(toks: list[Tok]) -> list[str]:
    return [t.ident or t.key for t in toks]


def _edits(sheet: list[Tok], expected: list[Tok]):
    """The visible tokens of both (no braces) and the edits from the one to the other, compared
    on notation-free keys."""
    a = [t for t in sheet if t.norm or t.ident is not None]
    b = [t for t in expected if t.norm or t.ident is not None]
    ops = [o for o in SequenceMatcher(None, _keys(a), _keys(b), autojunk=False).get_opcodes()
           if o[0] != "equal"]
    return a, b, ops


_DIFF_MARKS = {"d", "\\partial", "text:d"}


def marks_only(sheet: list[Tok], expected: list[Tok]) -> bool:
    """Do the two differ only in writing d where the other writes \\partial (or the reverse)?
    That is notation (d/dx and the partial derivative agree wherever a sheet uses either), so it
    can never be the typo: a check that fails then fails on the reading."""
    a, b = _edits(sheet, expected)[:2]
    ka, kb = _keys(a), _keys(b)
    if ka == kb or len(ka) != len(kb):
        return False
    return all(x == y or (x in _DIFF_MARKS and y in _DIFF_MARKS) for x, y in zip(ka, kb))


def difference(sheet: list[Tok], expected: list[Tok]) -> str:
    r"""One line saying where the sheet's formula departs from the right one, compared on
    notation-free tokens (\dfrac and \frac, [ and ( are alike) and shown as the sheet writes
    it; empty when the two differ in too many places to say it shortly."""
    a, b, ops = _edits(sheet, expected)
    at_a = [k for k, t in enumerate(sheet) if t.norm or t.ident is not None]
    at_b = [k for k, t in enumerate(expected) if t.norm or t.ident is not None]

    def written(toks, at, i1, i2):
        """The stretch as written, its braces with it (B^{-1}, not B^-1)."""
        if i1 >= i2:
            return []
        end = at[i2] if i2 < len(at) else len(toks)
        return toks[at[i1]:end]

    if not ops or len(ops) > 2 or any(max(i2 - i1, j2 - j1) > 6 for _, i1, i2, j1, j2 in ops):
        return ""  # too many or too long differences to say in a line: the right form says it
    if len(ops) == 2 and {ops[0][0], ops[1][0]} == {"insert", "delete"}:
        moved = [_plain(pretty(written(sheet, at_a, i1, i2) if op == "delete"
                               else written(expected, at_b, j1, j2)))
                 for op, i1, i2, j1, j2 in ops]
        if moved[0] == moved[1]:  # (AB)^{-1} = A^{-1} B^{-1}: one factor moved, not two errors
            return f"{moved[0]} stands in the wrong place (the order matters)"
    if len(ops) == 2 and all(o[0] == "insert" for o in ops):
        opened = _plain(pretty(written(expected, at_b, ops[0][3], ops[0][4])))
        closed = _plain(pretty(written(expected, at_b, ops[1][3], ops[1][4])))
        if opened == "(" and closed.startswith(")") and len(closed) > 1:
            # g where (g)^2 belongs: one power of a bracketed term, not two insertions
            inner = _plain(pretty(written(sheet, at_a, ops[0][1], ops[1][1])))
            return f"{inner} where ({inner}){closed[1:]} belongs"
        if _opens_group(written(expected, at_b, ops[0][3], ops[0][4])):
            # L where 1/L belongs: the inserts open and close one group around what the sheet
            # wrote ("1/() is missing" would show only the fraction's bare frame)
            inner = _plain(pretty(written(sheet, at_a, ops[0][1], ops[1][1])))
            whole = _plain(pretty(written(expected, at_b, ops[0][3], ops[1][4])))
            if inner and whole != inner:
                return f"{inner} where {whole} belongs"
    parts = []
    for op, i1, i2, j1, j2 in ops:
        scripted = (b[j1:j2] if op == "insert" else a[i1:i2])[:1]
        if op in ("insert", "delete") and scripted and scripted[0].raw.startswith(("^", "_")) \
                and i1 and j1:
            # an exponent: show it on its base (the whole of Lambda_{22}, whose block numbers
            # are names of their own: block_labels.py)
            back = min(_base_back(sheet, at_a, i1), _base_back(expected, at_b, j1))
            op, i1, j1 = "replace", i1 - back, j1 - back
        wrapped = _wrapper(sheet, expected, at_a, at_b, i1, j1, j2) if op == "insert" else None
        if wrapped is not None and len(ops) == 1:
            # L where 1/L belongs, x + 1 where sqrt(x + 1) belongs: what was inserted opens a
            # group around what the sheet wrote ("1/() is missing" shows only the frame)
            return f"{wrapped[0]} where {wrapped[1]} belongs"
        mine = _plain(pretty(written(sheet, at_a, i1, i2)))
        right = _plain(pretty(written(expected, at_b, j1, j2)))
        if not (_brackets_close(mine) and _brackets_close(right)):
            return ""  # "k( is missing; ) is missing" says nothing a reader can use
        if op == "replace":
            parts.append(f"{mine} where {right} belongs")
        elif op == "delete":
            parts.append(f"{mine} should not be there")
        else:
            parts.append(f"{right} is missing")
    return "; ".join(parts)


def _base_back(toks: list[Tok], at: list[int], i: int) -> int:
    """How many visible tokens before the i-th the base of a script there starts: 1 for x^2,
    more for a base that carries a subscript group (Lambda_{22}^{-1})."""
    k = at[i] if i < len(at) else len(toks)
    start = _operand_start(toks, k)
    return max(1, i - at.index(start)) if start is not None and start in at else 1


def _wrapper(sheet, expected, at_a, at_b, i1: int, j1: int, j2: int):
    """(what the sheet wrote, what the right form writes) when the tokens inserted at j1..j2
    open a group (\\frac{1}{, \\sqrt{) that closes around the sheet's own tokens; else None."""
    end_ins = at_b[j2] if j2 < len(at_b) else len(expected)
    if not _opens_group(expected[at_b[j1]:end_ins]):
        return None
    depth, end = 0, None
    for k in range(at_b[j1], len(expected)):
        raw = expected[k].raw.strip()
        depth += (raw == "{") - (raw == "}")
        if k >= end_ins and depth == 0:
            end = k + 1
            break
    if end is None:
        return None
    kept = sum(1 for t in expected[end_ins:end] if t.norm or t.ident is not None)
    if kept == 0 or i1 + kept > len(at_a):
        return None
    stop = at_a[i1 + kept] if i1 + kept < len(at_a) else len(sheet)
    mine = _plain(pretty(sheet[at_a[i1]:stop]))
    whole = _plain(pretty(expected[at_b[j1]:end]))
    return (mine, whole) if mine and whole != mine else None


def _opens_group(toks: list[Tok]) -> bool:
    """Does the stretch open a brace group it does not close (the ``\\frac{1}{`` before L)?"""
    depth = 0
    for t in toks:
        depth += (t.raw.strip() == "{") - (t.raw.strip() == "}")
    return depth > 0


def _brackets_close(text: str) -> bool:
    """Does every bracket the stretch (as shown) opens close in it, and none close that it did
    not open? A lone bracket named as missing is a piece of the diff, not a thing to tell."""
    depth = {"()": 0, "[]": 0}
    for c in text:
        for pair in depth:
            if c in pair:
                depth[pair] += 1 if c == pair[0] else -1
                if depth[pair] < 0:
                    return False
    return not any(depth.values())


def _labels_back(rest: str, names_back: dict[str, str]) -> str:
    """A subscript of block labels in the sheet's letters: the claim's BmidA (B|A) is the
    sheet's a|b where its blocks a, b are the claim's B, A."""
    parts = re.findall(r"mid|[A-Za-z]|[^A-Za-z]+", rest)
    if not all(p == "mid" or len(p) == 1 and p in names_back or not p.isalpha()
               for p in parts):
        return rest
    return "".join("|" if p == "mid" else names_back.get(p, p) for p in parts)


_MARKS = {"star": "^*", "prime": "'"}


def marked_back(name: str, back: dict[str, str]) -> tuple[str, str] | None:
    """(the claim's unmarked name, its mark) for a starred or primed name of the claim
    (``theta_star``) whose unmarked name the sheet writes under another name, or None: the
    sheet's w with w^* unwritten shows the claim's theta^* as w^*, never as an internal name."""
    base, _, mark = name.rpartition("_")
    if mark in _MARKS and base and name not in back and base in back:
        return back[base], mark
    return None


def plain_counterexample(cx: dict | None, names_back: dict[str, str]) -> dict | None:
    """The check's counterexample with the sheet's names for the symbols."""
    if not cx:
        return None
    values = {}
    for name, value in (cx.get("instance") or {}).items():
        parts = name.split("_")
        accents = [p for p in parts[1:] if p in ("hat", "bar", "tilde", "dot")]
        rest = "_".join(p for p in parts[1:] if p not in accents)
        base = "_".join([parts[0]] + accents)
        if isinstance(value, str) and value.startswith("~ "):  # a law: its parameters too
            law, par, params = value.partition("(")
            value = law + par + re.sub(r"[A-Za-z]\w*", lambda m: _plain(names_back[m.group()])
                                       if m.group() in names_back else m.group(), params)
        if name in names_back:
            values[_plain(names_back[name])] = value
        elif marked_back(name, names_back) is not None:  # theta_star: the sheet's theta, starred
            own, mark = marked_back(name, names_back)
            values[_plain(own + _MARKS[mark])] = value
        elif base in names_back and rest:  # m_t: the sheet's m at its index t
            values[_plain(f"{names_back[base]}_{{{_labels_back(rest, names_back)}}}")] = value
        # else: the check's own helpers (evaluation points, sizes of its tables)
    out = {"values": values, "left": cx.get("lhs"), "right": cx.get("rhs")}
    if cx.get("why"):
        out["why"] = cx["why"]
    return out


def renamed_throughout(c: Candidate, claim) -> str:
    """'p_r for p_data' when the formula departs from the right form only by writing one
    name for another of the claim's, the same way at every place (twice or more), and
    never writes the claim's name: a name the sheet chose (D* = p_r / (p_r + p_g), r for
    real data) that the correspondence could not pair, not a slip made twice. Else ''."""
    def name(toks) -> bool:  # p, p_r, p_{data}: a letter, perhaps with a subscript
        return bool(toks) and len(toks) <= 3 and toks[0].ident is not None and all(
            t.ident is not None or t.key == "_" for t in toks)

    a, b, ops = _edits(c.sheet_tokens, expected_tokens(c, claim))
    ka, kb = _keys(a), _keys(b)
    if len(ops) < 2 or any(op != "replace" or not name(a[i1:i2]) or not name(b[j1:j2])
                           for op, i1, i2, j1, j2 in ops):
        return ""
    pairs = {(tuple(ka[i1:i2]), tuple(kb[j1:j2])) for _, i1, i2, j1, j2 in ops}
    if len(pairs) != 1:
        return ""
    mine, right = next(iter(pairs))

    def written(keys, seq) -> bool:
        return any(tuple(seq[k:k + len(keys)]) == keys for k in range(len(seq)))
    if written(right, ka) or written(mine, kb):
        return ""
    _, i1, i2, j1, j2 = ops[0]
    return (f"{_plain(pretty(a[i1:i2]))} for "
            f"{_plain(pretty(b[j1:j2]))}")
