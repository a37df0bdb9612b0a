"""Clauses a formula carries after what it states: declarations, laws and conditions.

``Z = \\sigma(\\tilde A X W), W \\in \\mathbb{R}^{M \\times N}``, ``z = \\mu + \\sigma \\odot
\\epsilon \\text{ where } \\epsilon \\sim \\mathcal{N}(0, I)`` and ``M(t) = ... \\text{ for } t <
\\lambda`` state one formula, then say what a letter is or where the formula holds.  Kept in
the formula, such a clause is matched as if it were part of what is stated (a claim's form
lacks it), so the formula resembles no claim closely.  Here a formula's text is split into
what it states and its trailing clauses, each of one kind:

- ``declaration``: names in a set (``W \\in \\mathbb{R}^{M \\times N}``, ``x \\in \\mathbb{R}^n``),
- ``law``: names following a law (``\\epsilon \\sim \\mathcal{N}(0, I)``),
- ``condition``: comparisons saying where the formula holds (``t < \\lambda``, ``a, b > 0``),
- ``quantifier``: a bare "for all x" (says nothing the formula does not).

A condition is the formula's domain: whoever checks the formula without its clauses must
impose it (a formula true only for ``t < \\lambda`` is not refuted outside it).  Declarations
and laws are the sheet's declarations (``conventions`` reads them for the section).  Only a
tail whose every piece is a clause is split; anything else (``\\text{where } d_i = ...``, a
constraint after ``s.t.``) stays in the formula.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# words that open a clause; "s.t." / "subject to" open a constraint of what is optimised,
# which belongs to the formula, and "where x = ..." a definition, which is no clause here
_LEAD_WORDS = ("where", "for", "if", "when", "whenever", "provided", "provided that", "given",
               "with", "for all", "for every", "for each", "for any", "as long as", "on")
_WORD = re.compile(r"\\(?:text|textrm|mathrm|mbox|textit)\s*\{\s*([^{}$]*?)\s*\}")
_SEPARATORS = re.compile(r"^(?:\s|,|;|&|~|\\q?quad(?![A-Za-z])|\\[,;:!> ])+")
_COMPARISON = re.compile(r"<|>|\\(?:le|leq|ge|geq|lt|gt|neq|ne|leqslant|geqslant)(?![A-Za-z])|"
                         r"≤|≥|≠")
_EQUATION = re.compile(r"(?<![<>!\\:])=(?!:)|\\(?:approx|equiv|propto|coloneqq|simeq|to|"
                       r"rightarrow|mapsto|implies|iff)(?![A-Za-z])")
_IN = re.compile(r"\\in(?![A-Za-z])")
_SIM = re.compile(r"\\sim(?![A-Za-z])")
# one plain name: a letter or command (Greek, bold, hat...) with subscripts and primes
_NAME = re.compile(r"\s*(?:\\(?:mathbf|boldsymbol|bm|vec|hat|bar|tilde|mathcal|mathbb)\s*"
                   r"\{\s*\\?[A-Za-z]+\s*\}|\\?[A-Za-z]+)(?:\s*_\s*(?:\{[^{}]*\}|\\?\w+))?'*\s*")


@dataclass(frozen=True)
class Clause:
    kind: str  # declaration | law | condition | quantifier
    latex: str  # the clause's body as written, without its lead word or separators


def _names_only(text: str) -> bool:
    """A comma list of plain names (``a, b``, ``\\mu_0, \\mu_1``, ``\\mathbf{x}``)."""
    parts = [p for p in split_top(text, ",")]
    return bool(parts) and all(p.strip() and _NAME.fullmatch(p) for p in parts)


def split_top(text: str, sep: str) -> list[str]:
    """``text`` split at ``sep`` outside brackets, braces and LaTeX delimiters
    (``\\{``, ``\\langle``, ...: formulas._scan)."""
    from .formulas import _scan

    out, start = [], 0
    for k, tok, depth, _ in _scan(text):
        if tok == sep and depth == 0:
            out.append(text[start:k])
            start = k + 1
    return out + [text[start:]]


def _balanced(text: str) -> bool:
    depth = 0
    for ch in re.sub(r"\\[{}]", "", text):
        depth += ch in "({["
        depth -= ch in ")}]"
        if depth < 0:
            return False
    return depth == 0


def _clause(body: str, lead: str) -> Clause | None:
    """The clause a piece of a tail states, or None when it states anything else."""
    body = body.strip().rstrip(".,;").strip()
    m = re.fullmatch(r"(?:\\left\s*)?\((.*?)(?:\\right\s*)?\)", body, re.S)
    if m and _balanced(m.group(1)):
        body = m.group(1).strip()  # \quad (x \sim N(mu, sigma^2))
    if not body or not _balanced(body):
        return None
    if lead.startswith("for ") or lead == r"\forall":
        if _names_only(body):
            return Clause("quantifier", body)
    if _EQUATION.search(body):
        return None  # "where d_i = ...": a definition or a statement, not a clause
    law = _SIM.search(body)
    if law:
        if _names_only(body[:law.start()]) and body[law.end():].strip() and \
                not _SIM.search(body[law.end():]) and not _COMPARISON.search(body):
            return Clause("law", body)
        return None
    member = _IN.search(body)
    if member:
        if _names_only(body[:member.start()]) and body[member.end():].strip() and \
                not _IN.search(body[member.end():]) and not _COMPARISON.search(body):
            return Clause("declaration", body)
        return None
    if _COMPARISON.search(body) and re.search(r"[A-Za-z]", re.sub(r"\\[A-Za-z]+", "x", body)):
        sides = _COMPARISON.split(body)
        if all(s.strip() for s in sides):
            return Clause("condition", body)
    return None


def _pieces(tail: str) -> list[tuple[str, str]] | None:
    """(lead word, body) for each piece of a tail, split at top-level commas, semicolons,
    spaces (``\\quad``) and lead words; None when a piece is no clause.  Names before a
    comma with no relation of their own join the piece after them (``a, b > 0``)."""
    out: list[tuple[str, str]] = []
    lead = ""
    waiting = ""
    rest = tail
    while True:
        rest = _SEPARATORS.sub("", rest)
        if not rest:
            break
        word = _lead_word(rest)
        if word:
            lead, rest = word, rest[_WORD.match(rest).end():]
            continue
        if rest.startswith(r"\forall"):
            lead, rest = r"\forall", rest[len(r"\forall"):]
            continue
        end = _piece_end(rest)
        piece, rest = rest[:end], rest[end:]
        if waiting:
            piece = f"{waiting}, {piece}"
            waiting = ""
        if _names_only(piece) and rest.lstrip().startswith(",") and not lead.startswith("for "):
            waiting = piece  # a, b > 0: the names wait for their relation
            continue
        out.append((lead, piece))
        lead = ""
    if waiting:
        out.append((lead, waiting))
    return out


def _lead_word(text: str) -> str:
    """The lead word (where, for, if, ...) a ``\\text{...}`` at the start of ``text`` says,
    or ''."""
    m = _WORD.match(text)
    word = m.group(1).strip().lower().rstrip(":,") if m else ""
    return word if word in _LEAD_WORDS else ""


def _piece_end(text: str) -> int:
    """Where the first piece of ``text`` ends: the first top-level comma, semicolon,
    ``\\quad`` or lead word."""
    from .formulas import _scan

    for k, tok, depth, _ in _scan(text):
        if depth or not isinstance(tok, str):
            continue
        if tok in (",", ";", r"\quad", r"\qquad"):
            return k
        if k and tok.startswith("\\") and _lead_word(text[k:]):
            return k
    return len(text)


def _cuts(latex: str) -> list[int]:
    """Top-level places where a clause may begin: a comma, semicolon, ``\\quad``, or a lead
    word in ``\\text{...}``."""
    from .formulas import _scan

    out = []
    for k, tok, depth, envs in _scan(latex):
        if depth != 0 or envs:
            continue
        if tok in (",", ";", r"\quad", r"\qquad"):
            out.append(k)
        elif tok in (r"\text", r"\textrm", r"\mathrm", r"\mbox", r"\textit") \
                and _lead_word(latex[k:]):
            out.append(k)
    return out


def _leading(latex: str) -> tuple[str, tuple[Clause, ...]]:
    """(the rest, the clauses) where the formula opens with declarations or laws before what
    it states (``w \\sim \\mathcal{N}(0, \\Sigma), \\quad p(w \\mid X, y) = ...``,
    ``x \\in \\mathbb{R}^n; f(x) = ...``); the formula whole and no clause otherwise.  Only
    declarations and laws lead: a comparison before a formula may be a statement of its own."""
    from .formulas import has_relation

    found: tuple[str, tuple[Clause, ...]] = (latex, ())
    for k in _cuts(latex):
        if latex[k] not in ",;" and not latex.startswith(r"\q", k):
            continue  # a lead word starts a trailing clause, never what is stated
        rest = _SEPARATORS.sub("", latex[k:])
        if not rest or not has_relation(rest) or _clause(rest, "") is not None:
            continue
        pieces = _pieces(latex[:k])
        if not pieces or any(lead for lead, _ in pieces):
            continue
        clauses = [_clause(body, "") for _, body in pieces]
        if all(c is not None and c.kind in ("declaration", "law") for c in clauses):
            found = (rest, tuple(clauses))
    return found


@lru_cache(maxsize=8192)
def split_clauses(latex: str) -> tuple[str, tuple[Clause, ...]]:
    """(what the formula states, its clauses: leading declarations and laws, then the trailing
    clauses); the formula whole and no clause when it has none, or when what is left states no
    relation."""
    latex, leading = _leading(latex)
    stated, trailing = _trailing(latex)
    return stated, leading + trailing


def _trailing(latex: str) -> tuple[str, tuple[Clause, ...]]:
    """(what the formula states, its trailing clauses)."""
    from .formulas import has_relation

    for k in _cuts(latex):
        head = latex[:k].rstrip()
        if not head or not has_relation(head):
            continue
        pieces = _pieces(latex[k:])
        if not pieces:
            continue
        found = [_clause(body, lead) for lead, body in pieces]
        if all(found):
            return head.rstrip(" ,;&\\"), tuple(found)
    return latex, ()


def condition_latex(clauses) -> tuple[str, ...]:
    """The conditions among clauses, as LaTeX comparisons (``a, b > 0`` -> ``a > 0``,
    ``b > 0``)."""
    out = []
    for c in clauses:
        if c.kind != "condition":
            continue
        m = _COMPARISON.search(c.latex)
        left = c.latex[:m.start()]
        if "," in left and _names_only(left):
            out += [f"{n.strip()} {c.latex[m.start():]}" for n in split_top(left, ",")]
        else:
            out.append(c.latex)
    return tuple(out)


# the standard normal law, which a claim's noise follows where its note says "epsilon ~ N(0, I)"
_STANDARD = re.compile(r"^(?:\\mathcal\s*\{\s*N\s*\}|\\mathcal\s*N|N|\\mathrm\s*\{\s*N\s*\})\s*"
                       r"(?:\\left\s*)?\(\s*(?:0|\\mathbf\s*\{\s*0\s*\}|\\boldsymbol\s*\{\s*0\s*\})\s*,\s*"
                       r"(?:1|I(?:_\{?\w+\}?)?|\\mathbf\s*\{\s*I\s*\}|\\mathbb\s*\{\s*I\s*\})\s*"
                       r"(?:\\right\s*)?\)$")


def unread_laws(clauses, declared) -> tuple[str, ...]:
    """The law clauses whose law no declaration carries (``\\eta \\sim \\mathcal{N}(0,
    \\Sigma)``: no scalar law of the symbols' domains) and that are not the standard normal:
    a check cannot impose them, so it cannot refute what they may make right.  ``declared``:
    the names the sheet's declarations give a law."""
    out = []
    for c in clauses:
        if c.kind != "law":
            continue
        m = _SIM.search(c.latex)
        names = [n.strip() for n in split_top(c.latex[:m.start()], ",")]
        law = c.latex[m.end():].strip()
        if _STANDARD.match(law):
            continue
        from .conventions import _name

        if all(_name(n) in declared for n in names):
            continue
        out.append(c.latex)
    return tuple(out)
