"""``cheatsheet export anki``: the .apkg opened as Anki stores it (a zip holding an SQLite
collection), its notes, fields and tags, ids stable across exports, ``--sheet`` restricted to the
claims the audit matches, and one-line errors with exit 2."""
from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from cheatsheet.cli import main

SHEET = """# My sheet

- tanh: $\\frac{d}{du}\\tanh(u) = 1 + \\tanh^2(u)$
- Poisson MGF: $M_X(t) = e^{\\lambda(e^{t} - 1)}$
- $\\log(uv) = \\log u + \\log v$
"""
FIELDS = ["ClaimId", "Title", "Legend", "Formula", "WrongForms", "Topic"]


def export(*args):
    return CliRunner().invoke(main, ["export", "anki", "--jobs", "1", *map(str, args)])


def read_apkg(path: Path, tmp: Path) -> dict:
    """The deck as Anki would import it: notes (fields by name, tags, guid), decks, models."""
    with zipfile.ZipFile(path) as z:
        assert "collection.anki2" in z.namelist()
        z.extract("collection.anki2", tmp)
    con = sqlite3.connect(tmp / "collection.anki2")
    try:
        models = json.loads(con.execute("SELECT models FROM col").fetchone()[0])
        decks = json.loads(con.execute("SELECT decks FROM col").fetchone()[0])
        notes = {}
        for guid, mid, flds, tags in con.execute("SELECT guid, mid, flds, tags FROM notes"):
            names = [f["name"] for f in models[str(mid)]["flds"]]
            fields = dict(zip(names, flds.split("\x1f")))
            notes[fields["ClaimId"]] = {"guid": guid, "mid": mid, "fields": fields,
                                        "tags": tags.split()}
        cards = con.execute("SELECT DISTINCT did FROM cards").fetchall()
    finally:
        con.close()
    return {"notes": notes, "models": models, "decks": decks,
            "card_decks": {d for (d,) in cards}}


@pytest.fixture(scope="module")
def two_exports(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("anki")
    out = []
    for k in range(2):
        path = tmp / f"deck{k}.apkg"
        res = export("-o", path, "--topic", "mgf.poisson", "--topic", "tanh.derivative")
        assert res.exit_code == 0, res.output
        assert "2 notes" in res.output
        out.append(read_apkg(path, tmp / f"x{k}"))
    return out


def test_one_note_per_claim_with_its_fields(two_exports):
    deck = two_exports[0]
    assert set(deck["notes"]) == {"mgf.poisson", "tanh.derivative"}
    (model,) = deck["models"].values()
    assert [f["name"] for f in model["flds"]] == FIELDS
    f = deck["notes"]["mgf.poisson"]["fields"]
    assert f["Title"] == "MGF of the Poisson distribution"
    assert "λ" in f["Legend"] and "Poisson" in f["Legend"]  # the quiz's legend builder
    assert f["Formula"] == r"\(\mathbb{E}[e^{tX}] = e^{\lambda(e^t - 1)}\)"  # MathJax
    back = f["WrongForms"]
    # the course sheet's refuted line, where it is, why, and the counterexample
    assert r"\(\text{Pois}(\lambda) = e^{\lambda(e^{-t}-1)}\)" in back
    assert "sheet 000 (line 55)" in back
    assert "why: e^{-t} where e^{t} belongs" in back
    assert "left side = " in back and "right side = " in back
    # a catalog slip the checker refutes, with the reason worded from the difference
    assert r"e^{\lambda(e^{t} + 1)}" in back and "+ where − belongs" in back
    # the front shows the title and legend, the back the formula, wrong forms and id
    (tmpl,) = model["tmpls"]
    assert "{{Title}}" in tmpl["qfmt"] and "{{Legend}}" in tmpl["qfmt"]
    assert "{{Formula}}" not in tmpl["qfmt"]
    for name in ("Formula", "WrongForms", "ClaimId"):
        assert "{{%s}}" % name in tmpl["afmt"]


def test_tags_topic_and_refuted_on_sheet(two_exports):
    notes = two_exports[0]["notes"]
    assert notes["mgf.poisson"]["tags"] == ["probability", "refuted-on-sheet"]
    # no course sheet states a refuted version of tanh's derivative: no such tag
    assert notes["tanh.derivative"]["tags"] == ["activations"]


def test_ids_are_stable_across_exports(two_exports):
    import genanki

    from cheatsheet.export import anki

    a, b = two_exports
    for cid in a["notes"]:
        assert a["notes"][cid]["guid"] == b["notes"][cid]["guid"] \
            == genanki.guid_for("cheatsheet", cid)
        assert a["notes"][cid]["mid"] == b["notes"][cid]["mid"] == anki.MODEL_ID
    assert a["card_decks"] == b["card_decks"] == {anki.DECK_ID}
    assert a["decks"][str(anki.DECK_ID)]["name"] == "cheatsheet"
    # derived from the fixed string, in genanki's range, and different for sub-decks
    assert anki.DECK_ID == anki.stable_id("deck/cheatsheet")
    assert 1 << 30 <= anki.DECK_ID < 1 << 31 and 1 << 30 <= anki.MODEL_ID < 1 << 31
    assert anki.deck_id("mine.md") != anki.DECK_ID == anki.deck_id(None)


@pytest.fixture(scope="module")
def sheet_export(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("anki_sheet")
    sheet = tmp / "mine.md"
    sheet.write_text(SHEET, encoding="utf-8")
    res = export("-o", tmp / "mine.apkg", "--sheet", sheet)
    assert res.exit_code == 0, res.output
    return res.output, read_apkg(tmp / "mine.apkg", tmp / "x")


def test_sheet_restricts_to_the_claims_the_audit_matched(sheet_export):
    from cheatsheet.export import anki

    output, deck = sheet_export
    # the generic log identity is checked on its own (no claim): not a note
    assert set(deck["notes"]) == {"tanh.derivative", "mgf.poisson"}
    assert deck["card_decks"] == {anki.deck_id("mine.md")}
    assert deck["decks"][str(anki.deck_id("mine.md"))]["name"] == "cheatsheet::mine"
    assert "1 wrong-on-my-sheet" in output


def test_sheet_wrong_line_shown_next_to_the_right_form(sheet_export, two_exports):
    _, deck = sheet_export
    note = deck["notes"]["tanh.derivative"]
    back = note["fields"]["WrongForms"]
    mine = back.index("your sheet mine.md, line 3")
    assert back.index(r"\(\frac{d}{du}\tanh(u) = 1 + \tanh^2(u)\)") > mine
    # the right form in the sheet's own symbols (u, not the catalog's x), and why
    assert r"right, in your symbols: \(\frac{d}{du} \tanh(u) = 1 - \tanh^2(u)\)" in back
    assert "+ where − belongs" in back
    assert note["tags"] == ["activations", "wrong-on-my-sheet"]
    # a line the audit finds right is not listed as wrong; the same claim is the same note
    assert "your sheet" not in deck["notes"]["mgf.poisson"]["fields"]["WrongForms"]
    assert note["guid"] == two_exports[0]["notes"]["tanh.derivative"]["guid"]


def test_refuted_on_sheet_comes_from_the_verdicts():
    """The tag and the wrong forms follow the checker's verdict on the sources: the same
    claim with its sheet's line judged to hold has neither."""
    from cheatsheet.catalog import get_catalog
    from cheatsheet.export.forms import Checked, card_data
    from cheatsheet.verify.evidence import ClaimResult, Evidence, SourceResult

    claim = get_catalog()["mgf.poisson"]
    ev = Evidence("passed", "numeric")

    def result(verdict):
        cx = {"instance": {"t": 1.0}, "lhs": 1.0, "rhs": 2.0} if verdict == "refuted" else None
        return ClaimResult(claim.id, claim.topic, claim.title, claim.latex, ev,
                           [SourceResult(s.sheet, s.line, s.latex, verdict, cx)
                            for s in claim.sources])

    refuted = card_data(claim, Checked(result("refuted")))
    assert refuted.refuted_on_sheet and refuted.wrong
    holds = card_data(claim, Checked(result("holds")))
    assert not holds.refuted_on_sheet and not holds.wrong
    # a wrong variant the checker does not refute is never shown as wrong
    kept = card_data(claim, Checked(result("holds"), [(claim.wrong[0], ev)]))
    assert not kept.wrong


def test_errors_are_one_line_and_exit_2(tmp_path):
    cases = [
        (["-o", tmp_path / "no" / "such" / "deck.apkg"], "does not exist"),
        (["-o", tmp_path], "is a directory"),
        (["-o", tmp_path / "d.apkg", "--sheet", tmp_path / "missing.md"], "no such file"),
    ]
    empty = tmp_path / "prose.md"
    empty.write_text("# Notes\n\nOnly words here, and $x$.\n", encoding="utf-8")
    cases.append((["-o", tmp_path / "d.apkg", "--sheet", empty], "states a catalog claim"))
    for args, words in cases:
        res = export(*args)
        assert res.exit_code == 2, res.output
        assert words in res.output
        assert "Traceback" not in res.output
        assert len(res.output.strip().splitlines()) == 1, res.output
    assert not (tmp_path / "d.apkg").exists()


def test_a_claim_the_checker_does_not_confirm_is_left_out(tmp_path, monkeypatch):
    """Only what the checker confirms in this run is taught: a claim whose check fails (here
    made to time out) is named, left out of the deck, and the exit status is 1."""
    from cheatsheet.export import forms
    from cheatsheet.verify.evidence import Evidence

    real = forms.check_claims

    def flaky(claims, **kw):
        out = real(claims, **kw)
        for ch in out:
            if ch.result.id == "tanh.derivative":
                ch.result.evidence = Evidence("timeout", "numeric", detail="no decision")
        return out

    monkeypatch.setattr(forms, "check_claims", flaky)
    path = tmp_path / "d.apkg"
    res = export("-o", path, "--topic", "mgf.poisson", "--topic", "tanh.derivative")
    assert res.exit_code == 1, res.output
    assert "left out 1 claim(s)" in res.output and "tanh.derivative (timeout)" in res.output
    assert set(read_apkg(path, tmp_path / "x")["notes"]) == {"mgf.poisson"}
