"""Anki decks (``cheatsheet export anki``), written with genanki.

One note per canonical claim.  Front: the claim's title and the legend of its symbols.  Back:
the formula as MathJax ``\\( ... \\)`` (Anki renders it), the wrong forms people write, each
with why it is wrong (forms.py), and the claim id.  Tags: the topic, ``refuted-on-sheet`` when
a course sheet states a version the checker refutes, ``wrong-on-my-sheet`` when the audit found
the user's sheet (``--sheet``) wrong on it.

Ids are stable, so importing a newer export updates the notes instead of duplicating them:

- a note's GUID is ``genanki.guid_for("cheatsheet", claim id)``: the same claim is the same
  note in every export, whole catalog or one sheet;
- the note type's id and the deck's id are derived from the fixed string ``ID_SEED`` (the
  first 30 bits of a SHA-256, offset into the range genanki recommends); a ``--sheet`` deck is
  the sub-deck ``cheatsheet::<sheet file stem>``, its id derived from ``ID_SEED`` and its name.

Changing ``ID_SEED``, the note type's fields or their order would make Anki see a new note
type; add fields at the end only.
"""
from __future__ import annotations

import hashlib
import html
from pathlib import Path

from .forms import CardData, WrongForm

ID_SEED = "cheatsheet anki export v1"
DECK_NAME = "cheatsheet"
FIELDS = ["ClaimId", "Title", "Legend", "Formula", "WrongForms", "Topic"]


def stable_id(text: str) -> int:
    """An id in [2**30, 2**31) that depends only on ``text`` (genanki's recommended range)."""
    digest = hashlib.sha256(f"{ID_SEED}/{text}".encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


MODEL_ID = stable_id("model")
DECK_ID = stable_id(f"deck/{DECK_NAME}")


def deck_name(sheet: str | None = None) -> str:
    return DECK_NAME if sheet is None else f"{DECK_NAME}::{Path(sheet).stem}"


def deck_id(sheet: str | None = None) -> int:
    return DECK_ID if sheet is None else stable_id(f"deck/{deck_name(sheet)}")


def note_guid(claim_id: str) -> str:
    import genanki

    return genanki.guid_for("cheatsheet", claim_id)


CSS = """
.card { font-family: sans-serif; font-size: 18px; text-align: left; color: black;
        background: white; max-width: 40em; margin: 0 auto; }
.title { font-weight: bold; font-size: 20px; }
.legend { color: #555; font-size: 15px; margin-top: .4em; }
.formula { margin: .8em 0; font-size: 20px; }
.wrong { border-left: 3px solid #c62828; padding-left: .6em; margin: .6em 0; }
.wrong .label { color: #c62828; font-size: 14px; }
.wrong .why, .wrong .evidence { font-size: 14px; color: #333; }
.wrong .evidence { color: #666; }
.right { border-left: 3px solid #2e7d32; padding-left: .6em; }
.id { color: #888; font-size: 12px; margin-top: 1em; font-family: monospace; }
.nightMode .card, .night_mode .card { color: #eee; background: #222; }
.nightMode .legend, .nightMode .wrong .why, .nightMode .wrong .evidence { color: #bbb; }
"""

FRONT = """<div class="title">{{Title}}</div>
{{#Legend}}<div class="legend">{{Legend}}</div>{{/Legend}}"""

BACK = """{{FrontSide}}
<hr id="answer">
<div class="formula">{{Formula}}</div>
{{WrongForms}}
<div class="id">{{ClaimId}} · {{Topic}}</div>"""


def model():
    import genanki

    return genanki.Model(MODEL_ID, "cheatsheet claim", fields=[{"name": f} for f in FIELDS],
                         templates=[{"name": "formula", "qfmt": FRONT, "afmt": BACK}],
                         css=CSS, sort_field_index=1)


def math(latex: str) -> str:
    """MathJax inline math; the LaTeX escaped as HTML text (``<`` is ``&lt;``), which is how
    Anki stores what one types in its editor and what its MathJax reads."""
    return r"\(" + html.escape(latex.strip(), quote=False) + r"\)"


def _text(s: str) -> str:
    return html.escape(s, quote=False)


def wrong_html(w: WrongForm) -> str:
    parts = [f'<div class="wrong"><div class="label">Wrong ({_text(w.where)}):</div>',
             f"<div>{math(w.latex)}</div>"]
    if w.right:
        parts.append(f'<div class="right">right, in your symbols: {math(w.right)}</div>')
    if w.reason:
        parts.append(f'<div class="why">why: {_text(w.reason)}</div>')
    if w.evidence:
        parts.append('<div class="evidence">' + "<br>".join(_text(x) for x in w.evidence)
                     + "</div>")
    parts.append("</div>")
    return "".join(parts)


def tags(card: CardData) -> list[str]:
    out = [card.topic.replace(" ", "_")]
    if card.refuted_on_sheet:
        out.append("refuted-on-sheet")
    if card.wrong_on_my_sheet:
        out.append("wrong-on-my-sheet")
    return out


def note(card: CardData):
    import genanki

    fields = [card.claim_id, _text(card.title), _text(card.legend), math(card.latex),
              "".join(wrong_html(w) for w in card.wrong), _text(card.topic)]
    return genanki.Note(model=model(), fields=fields, tags=tags(card),
                        guid=note_guid(card.claim_id))


def write(cards: list[CardData], path, sheet: str | None = None) -> int:
    """Write the deck to ``path`` (an .apkg); the number of notes.  OSError when it cannot be
    written."""
    import genanki

    deck = genanki.Deck(deck_id(sheet), deck_name(sheet),
                        description="Formulas checked by cheatsheet (claims, the wrong forms "
                                    "sheets write, and why they are wrong).")
    for card in cards:
        deck.add_note(note(card))
    genanki.Package(deck).write_to_file(str(path))
    return len(cards)
