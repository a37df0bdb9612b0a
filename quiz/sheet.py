"""``cheatsheet quiz --sheet FILE``: drill what your own sheet says, in its own notation.

The sheet is audited first (``cheatsheet audit``).  Every claim the audit ties to a line of the
sheet for sure (verdict ok or wrong) is one card, and so is every wrong line the audit checked on
its own (no claim states it).  All questions are "holds or typo?":

- a wrong line of the sheet is shown as written: it is a typo (the audit refuted it); the
  feedback gives the right form in the sheet's symbols, the reason and the counterexample;
- a right line is shown as written (it holds) or, half of the time, with an automatic mutation
  (mutate.py) that the audit's own decider refutes when it reads it at the same place of the
  same sheet (same conventions, same claim): a typo in the sheet's notation, never one that is
  merely unchecked.  A mutation that holds, is undecided or reads as another claim is dropped.

Cards are the normal quiz's: ``<claim id>/holds`` (store.py), so the same claim practised from
two sheets, or from the catalog's quiz, is one card with one schedule.  A wrong line no claim
states is the card ``formula:<hash of its LaTeX>/holds`` (the same line on two sheets is one
card).  The questions carry no symbol legend: the symbols are the sheet's own, and what the
audit knows of them is the correspondence with one claim, not a description.
"""
from __future__ import annotations

import dataclasses
import hashlib
import random
import textwrap
import threading
from dataclasses import dataclass, field

from . import mutate
from .questions import CardRef, Question, card_id
from .render import clip, to_unicode

TYPO_SHARE = 0.5  # a right line is shown mutated half of the time: guessing gains nothing
MAX_CHECKS = 8  # mutations tried per question (each one audit decision, ~0.05-1 s)
WRAP = 74  # the reason's lines: 80 columns with plain mode's indent
OWN_TOPIC = "own formulas"  # the topic of a wrong line no claim states


class SheetQuizError(Exception):
    """The sheet cannot be quizzed (unreadable, or no formula the audit can match); one line."""


@dataclass
class Item:
    """One card: a claim the sheet states (or one wrong line of its own), with the sheet's
    findings about it and the audit jobs that produced them (for mutations)."""
    card: str
    claim_id: str
    topic: str
    title: str
    lines: list = field(default_factory=list)  # [(Finding, Job | None)], in line order

    @property
    def wrong(self):
        return [(f, j) for f, j in self.lines if f.verdict == "wrong"]

    @property
    def right(self):
        return [(f, j) for f, j in self.lines if f.verdict == "ok"]


def _shown(latex: str) -> str:
    try:
        return to_unicode(latex)
    except Exception:  # noqa: BLE001 - a formula the renderer cannot show is shown as written
        return latex


def formula_card(latex: str) -> str:
    """The claim id of a wrong line no claim states: its LaTeX, spaces ignored, hashed."""
    flat = "".join(latex.split())
    return "formula:" + hashlib.sha1(flat.encode()).hexdigest()[:12]


def items_of(findings, jobs, catalog) -> list[Item]:
    """The cards of a sheet, in the order the sheet first states them."""
    paired = [(f, j) for f, j in zip(findings, jobs)] if len(jobs) == len(findings) \
        else [(f, None) for f in findings]
    items: dict[str, Item] = {}
    for f, j in paired:
        if j is not None and (j.formula.line, j.formula.latex) != (f.line, f.latex):
            j = None  # not the formula this finding is about: no mutations from it
        if f.claim and f.verdict in ("ok", "wrong"):
            claim = catalog[f.claim]
            item = items.setdefault(f.claim, Item(card_id(f.claim, "holds"), f.claim,
                                                  claim.topic, claim.title))
        elif f.verdict == "wrong":
            cid = formula_card(f.latex)
            item = items.setdefault(cid, Item(card_id(cid, "holds"), cid, OWN_TOPIC,
                                              "a formula of your sheet"))
        else:
            continue
        item.lines.append((f, j))
    return list(items.values())


def _why(reason: str) -> list[str]:
    """The audit's reason, wrapped (it is the point of the feedback: never cut)."""
    return textwrap.wrap(f"Why: {reason}", width=WRAP, subsequent_indent="     ")


def _explanation(finding) -> list[str]:
    """Why the audit calls a line wrong, and its counterexample, as feedback lines."""
    lines = _why(finding.reason) if finding.reason else []
    cx = _cx(finding.counterexample)
    if cx:
        lines += ["Counterexample:"] + ["  " + x for x in cx]
    return lines


def _cx(cx) -> list[str]:
    from cheatsheet.verify.audit.report import counterexample_text

    return [clip(x) for x in counterexample_text(cx)[:4]]


class SheetBank:
    """The Bank of a sheet quiz (same interface as questions.Bank: ``cards``, ``build``)."""

    def __init__(self, path: str, items: list[Item], catalog, seed: int = 0):
        self.path = path
        self.name = path.replace("\\", "/").rsplit("/", 1)[-1]
        self.items = {it.claim_id: it for it in items}
        self.catalog = catalog
        self.seed = seed
        self.topics = sorted({it.topic for it in items})
        self._decider = None
        self._lock = threading.Lock()

    def select(self, topics) -> "SheetBank":
        """Only the cards of these topics, claim ids or id prefixes."""
        wanted = set(topics)
        keep = [it for it in self.items.values()
                if it.topic in wanted or any(it.claim_id == t or it.claim_id.startswith(t + ".")
                                             for t in wanted)]
        return SheetBank(self.path, keep, self.catalog, self.seed)

    def cards(self) -> list[CardRef]:
        return [CardRef(it.card, it.claim_id, "holds", it.topic) for it in self.items.values()]

    # -- questions ----------------------------------------------------------------------------
    def build(self, ref: CardRef, rng: random.Random, cheap: bool = False) -> Question | None:
        """A "holds or typo?" question for the card; None when it needs a check and ``cheap``
        asks for none (the session's first question), or when no mutation was refuted."""
        it = self.items.get(ref.claim_id)
        if it is None:
            return None
        wrong, right = it.wrong, it.right
        if wrong and (not right or rng.random() < 0.5):
            return self._wrong_line(it, *rng.choice(wrong))
        f, job = rng.choice(right)
        if rng.random() < TYPO_SHARE and job is not None:
            if cheap:
                return None  # a mutation needs the checker: not for the first question
            q = self._mutated(it, f, job, rng)
            if q is not None:
                return q
        return self._right_line(it, f)

    def _prompt(self, it: Item, line: int, right: str = "", shown: str = "") -> str:
        """The title (cut where it would tell the typo ``shown`` from ``right``: fairness.py,
        as the catalog quiz does) and the place on the sheet."""
        title = it.title
        if right and shown:
            from . import fairness

            try:
                spans = fairness.title_gives_away(title, right, shown)
            except Exception:  # noqa: BLE001 - no title then, rather than a telling one
                spans = [(0, len(title))]
            title = fairness.redact_title(title, spans) or "a formula of your sheet"
        return f"Holds or typo?  ({title}; {self.name}, line {line})"

    def _question(self, it: Item, qid: str, prompt: str, latex: str, answer: int,
                  explanation: str) -> Question:
        return Question(id=qid, card=it.card, claim_id=it.claim_id, topic=it.topic,
                        kind="holds", prompt=prompt, formulas=[_shown(latex)],
                        options=["holds", "typo"], answer=answer, explanation=explanation)

    def _wrong_line(self, it: Item, f, job) -> Question:
        lines = [f"Typo: {self.name}, line {f.line} is wrong."]
        if f.expected:
            lines.append(clip(f"Right, in your symbols:  {_shown(f.expected)}"))
        lines += _explanation(f)
        return self._question(it, f"{it.card}#sheet-wrong:{f.line}:{f.latex}",
                              self._prompt(it, f.line, f.expected or "", f.latex), f.latex, 1,
                              "\n".join(lines))

    def _right_line(self, it: Item, f) -> Question:
        what = f" ({it.claim_id})" if not it.claim_id.startswith("formula:") else ""
        expl = "\n".join(textwrap.wrap(f"It holds: your line {f.line} states {it.title}"
                                       f"{what}, and the checker confirms it.", width=WRAP)
                         + [f"  {_shown(f.latex)}"])
        return self._question(it, f"{it.card}#sheet-right:{f.line}:{f.latex}",
                              self._prompt(it, f.line), f.latex, 0, expl)

    def _decide(self, job, latex: str):
        """The audit's finding for ``latex`` read at the place of ``job`` in the sheet."""
        with self._lock:
            if self._decider is None:
                from cheatsheet.verify.audit.run import decider

                self._decider = decider(self.catalog, (), self.seed)
        mutate.wait_gate()  # an answer being processed goes first
        formula = dataclasses.replace(job.formula, latex=latex)
        return self._decider.decide(formula, job.conv, job.file, job.habits)

    def _mutated(self, it: Item, f, job, rng: random.Random) -> Question | None:
        muts = mutate.mutations(f.latex)
        rng.shuffle(muts)
        seen = {_shown(f.latex)}
        checks = 0
        for m in muts:
            shown = _shown(m.latex)
            if shown in seen:
                continue
            seen.add(shown)
            if checks >= MAX_CHECKS:
                break
            checks += 1
            try:
                g = self._decide(job, m.latex)
            except Exception:  # noqa: BLE001 - a mutation the reader trips over is not asked
                continue
            if g.verdict != "wrong" or g.claim != it.claim_id:
                continue  # only a sure typo of this very claim
            lines = [clip(f"Typo ({mutate.WHAT[m.what]}) of your line {f.line}."),
                     clip(f"Right, as your sheet has it:  {_shown(f.latex)}")]
            lines += _explanation(g)
            return self._question(it, f"{it.card}#sheet-typo:{f.line}:{m.latex}",
                                  self._prompt(it, f.line, f.latex, m.latex), m.latex, 1,
                                  "\n".join(lines))
        return None


def sheet_bank(path: str, catalog, *, seed: int = 0, jobs: int | None = None) -> SheetBank:
    """Audit the sheet and list its cards; SheetQuizError when it cannot be read or states
    nothing the audit can match."""
    from cheatsheet.export.forms import audit_sheet, no_match_message
    from cheatsheet.sheets import SheetError
    from cheatsheet.verify.audit.run import jobs_of

    try:
        result = audit_sheet(path, catalog=catalog, seed=seed, jobs=jobs)
        audit_jobs = jobs_of(path)
    except SheetError as exc:
        raise SheetQuizError(str(exc)) from None
    items = items_of(result.findings, audit_jobs, catalog)
    if not items:
        raise SheetQuizError(no_match_message(path, result))
    return SheetBank(path, items, catalog, seed)


def from_command(path: str, catalog, topics, kinds, seed, fail) -> SheetBank:
    """The bank for ``cheatsheet quiz --sheet`` (``fail`` prints one line and exits 2)."""
    if kinds and "holds" not in kinds:
        fail("--sheet asks holds-or-typo questions only: drop --kind or add --kind holds")
    from cheatsheet.cli import _batch_process

    _batch_process()
    try:
        bank = sheet_bank(path, catalog, seed=seed or 0)
    except SheetQuizError as exc:
        fail(str(exc))
    if topics:
        chosen = bank.select(topics)
        if not chosen.items:
            fail(f"no formula of {path} is in {', '.join(topics)}; its topics: "
                 f"{', '.join(bank.topics)}")
        bank = chosen
    return bank
