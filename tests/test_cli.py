"""CLI behaviour through click's CliRunner, on a small fixture catalog (exit codes, bad input,
JSON shape) and on the real one where it matters."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cheatsheet.cli import main

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def mini(monkeypatch):
    monkeypatch.setenv("CHEATSHEET_CLAIMS", str(FIXTURES / "claims"))
    return CliRunner()


def test_verify_json_shape_and_exit_0(mini):
    r = mini.invoke(main, ["verify", "--json", "--jobs", "1"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    s = data["summary"]
    for key in ("claims", "proved", "passed", "refuted", "error", "timeout", "source_versions",
                "source_refuted", "seconds"):
        assert key in s
    assert s["claims"] == 3 and s["source_versions"] == 1 and s["source_refuted"] == 1
    by_id = {c["id"]: c for c in data["claims"]}
    assert by_id["mini.sigmoid_derivative"]["verdict"] == "proved"
    src = by_id["mini.poisson"]["sources"][0]
    assert src["sheet"] == "000_502e73dc4320f9fe.txt" and src["line"] == 55
    assert src["verdict"] == "refuted"
    cx = src["counterexample"]
    assert set(cx["instance"]) >= {"t", "lambda"} and cx["lhs"] != cx["rhs"]
    for c in data["claims"]:
        assert set(c) >= {"id", "topic", "title", "latex", "verdict", "method", "evidence",
                          "sources"}


def test_verify_selects_by_prefix_and_topic(mini):
    r = mini.invoke(main, ["verify", "--json", "mini.var_ax"])
    assert [c["id"] for c in json.loads(r.output)["claims"]] == ["mini.var_ax"]
    r = mini.invoke(main, ["verify", "--json", "mini"])
    assert len(json.loads(r.output)["claims"]) == 3


def test_unknown_id_exits_2_with_suggestion(mini):
    r = mini.invoke(main, ["verify", "mini.poison"])
    assert r.exit_code == 2
    assert "mini.poisson" in r.output
    r = mini.invoke(main, ["show", "mini.sigmoid_derivatve"])  # a typo, not a prefix
    assert r.exit_code == 2 and "mini.sigmoid_derivative" in r.output


def test_bad_option_exits_2(mini):
    assert mini.invoke(main, ["verify", "--jobs", "0"]).exit_code == 2
    assert mini.invoke(main, ["verify", "--seed", "x"]).exit_code == 2
    assert mini.invoke(main, ["list", "--topic", "nope"]).exit_code == 2


def test_failing_claim_exits_1(tmp_path, monkeypatch):
    (tmp_path / "bad.toml").write_text(
        "topic = 'bad'\n[[claims]]\nid = 'bad.square'\ntitle = 'a wrong claim'\n"
        "latex = '(a + b)^2 = a^2 + b^2'\nsymbols = { a = 'real', b = 'real' }\n")
    monkeypatch.setenv("CHEATSHEET_CLAIMS", str(tmp_path))
    r = CliRunner().invoke(main, ["verify", "--jobs", "1"])
    assert r.exit_code == 1
    assert "bad.square" in r.output and "refuted" in r.output
    r = CliRunner().invoke(main, ["verify", "--json", "--jobs", "1"])
    cx = json.loads(r.output)["claims"][0]["evidence"]["counterexample"]
    a, b = cx["instance"]["a"], cx["instance"]["b"]
    assert abs((a + b) ** 2 - cx["lhs"]) < 1e-2 * max(1, abs(cx["lhs"]))
    assert abs(a ** 2 + b ** 2 - cx["rhs"]) < 1e-2 * max(1, abs(cx["rhs"]))


def test_malformed_catalog_is_reported_not_a_traceback(tmp_path, monkeypatch):
    (tmp_path / "broken.toml").write_text((FIXTURES / "claims_broken.toml").read_text())
    monkeypatch.setenv("CHEATSHEET_CLAIMS", str(tmp_path))
    r = CliRunner().invoke(main, ["verify"])
    assert r.exit_code != 0 and "broken.toml" in r.output
    assert "Traceback" not in r.output


def test_show_prints_statement_versions_and_counterexample(mini):
    r = mini.invoke(main, ["show", "mini.poisson"])
    assert r.exit_code == 0
    out = r.output
    assert r"\mathbb{E}[e^{tX}]" in out and "000_502e73dc4320f9fe.txt:55" in out
    assert "refuted" in out and "left side" in out and "Poisson" in out


def test_list_and_topic_filter(mini):
    r = mini.invoke(main, ["list", "--json"])
    assert {c["id"] for c in json.loads(r.output)} == {
        "mini.poisson", "mini.sigmoid_derivative", "mini.var_ax"}
    r = mini.invoke(main, ["list", "--topic", "mini"])
    assert r.exit_code == 0 and "mini.var_ax" in r.output


def test_same_seed_same_counterexample(mini):
    a = json.loads(mini.invoke(main, ["verify", "--json", "--seed", "7"]).output)
    b = json.loads(mini.invoke(main, ["verify", "--json", "--seed", "7"]).output)
    ca = a["claims"][0]["sources"][0]["counterexample"]
    assert ca == b["claims"][0]["sources"][0]["counterexample"] and ca["seed"] == 7


def test_help_explains():
    r = CliRunner().invoke(main, ["verify", "--help"])
    assert r.exit_code == 0 and "counterexample" in r.output and "--seed" in r.output


def test_top_level_help_offers_the_audit_of_a_students_own_sheet():
    r = CliRunner().invoke(main, ["--help"])
    assert r.exit_code == 0 and "cheatsheet audit mysheet.md" in r.output


@pytest.mark.parametrize("args", [[], ["audit"], ["verify"], ["show"], ["list"], ["example"],
                                  ["quiz"], ["export"]])
def test_every_help_page_fits_80_columns(args, monkeypatch):
    # click re-wraps prose to the terminal, but blocks kept as written (\b) are not: those must
    # be written to fit.
    monkeypatch.setenv("COLUMNS", "80")
    r = CliRunner().invoke(main, args + ["--help"], terminal_width=80)
    too_long = [x for x in r.output.splitlines() if len(x) > 80]
    assert r.exit_code == 0 and not too_long, too_long


# -- issue 10: one lookup, sheets, undecided lines, closed pipes, 80 columns -------------------

SHEETS_TOML = """
topic = "Calculus"

[[claims]]
id = "calc.a_rather_long_identifier_for_width"
title = "A square of a sum, the identity everybody gets wrong once in their life"
latex = '(a + b)^2 = a^2 + 2ab + b^2'
symbols = { a = "real", b = "real" }
wrong = ['(a + b)^2 = a^2 + b^2']

[[claims.sources]]
sheet = "001_first.txt"
line = 3
latex = '(a + b)^2 = a^2 + b^2'
expect = "refuted"

[[claims.sources]]
sheet = "002_second.txt"
line = 7
latex = '(a + b)^2 = a^2 + 2ab + b^2'
expect = "holds"

[[claims.sources]]
sheet = "002_second.txt"
line = 9
latex = 'O(a^2)'
expect = "undecided"

[[claims]]
id = "calc.other"
title = "Difference of squares"
latex = 'a^2 - b^2 = (a - b)(a + b)'
symbols = { a = "real", b = "real" }
wrong = ['a^2 - b^2 = (a - b)^2']

[[claims.sources]]
sheet = "001_first.txt"
line = 5
latex = 'a^2 - b^2 = (a - b)(a + b)'
expect = "holds"
"""


@pytest.fixture
def sheets(tmp_path, monkeypatch):
    (tmp_path / "calc.toml").write_text(SHEETS_TOML)
    monkeypatch.setenv("CHEATSHEET_CLAIMS", str(tmp_path))
    monkeypatch.setenv("COLUMNS", "80")
    return CliRunner()


def test_one_resolver_for_every_command(mini):
    """ids, id prefixes and topics, any case, in verify, list, show and --topic alike."""
    for args in (["verify", "--json", "MINI"], ["verify", "--json", "--topic", "mini"]):
        assert len(json.loads(mini.invoke(main, args).output)["claims"]) == 3
    r = mini.invoke(main, ["list", "--topic", "Mini.Var", "--json"])
    assert [c["id"] for c in json.loads(r.output)] == ["mini.var_ax"]
    r = mini.invoke(main, ["list", "mini.sig", "--json"])
    assert [c["id"] for c in json.loads(r.output)] == ["mini.sigmoid_derivative"]
    r = mini.invoke(main, ["show", "MINI.POISSON"])
    assert r.exit_code == 0 and "mini.poisson — MGF" in r.output
    r = mini.invoke(main, ["show", "mini.pois"])  # a prefix naming one claim shows it
    assert r.exit_code == 0 and "as written:" in r.output


def test_show_prefix_lists_the_claims_it_names(mini):
    r = mini.invoke(main, ["show", "mini"])
    assert r.exit_code == 0, r.output
    assert all(i in r.output for i in ("mini.poisson", "mini.sigmoid_derivative", "mini.var_ax"))
    assert "names 3 claims" in r.output and "as written" not in r.output


def test_a_miss_suggests_close_names_or_the_topics(mini):
    for args in (["verify", "mini.poison"], ["list", "--topic", "mini.poison"],
                 ["show", "mini.poison"], ["verify", "--topic", "mini.poison"]):
        r = mini.invoke(main, args)
        assert r.exit_code == 2 and "Did you mean: mini.poisson" in r.output, (args, r.output)
    r = mini.invoke(main, ["verify", "zzz"])
    assert r.exit_code == 2 and "Topics: mini" in r.output


def test_verify_sheet_shows_that_sheets_lines_and_a_table_by_sheet(sheets):
    r = sheets.invoke(main, ["verify", "--sheet", "002", "--jobs", "1"])
    assert r.exit_code == 0, r.output
    assert "001_first.txt" not in r.output and "calc.other" not in r.output
    assert "By sheet" in r.output
    row = next(x for x in r.output.splitlines() if x.startswith("002_second.txt"))
    assert [c.strip() for c in row.split("│")][1:4] == ["1", "0", "1"]
    r = sheets.invoke(main, ["verify", "--jobs", "1"])
    table = r.output[r.output.index("By sheet"):]
    row = next(x for x in table.splitlines() if x.startswith("001_first.txt"))
    assert [c.strip() for c in row.split("│")][1:4] == ["1", "1", "0"]
    assert "all sheets" in table
    data = json.loads(sheets.invoke(main, ["verify", "--json", "--sheet", "001_first.txt",
                                           "--jobs", "1"]).output)
    assert {s["sheet"] for c in data["claims"] for s in c["sources"]} == {"001_first.txt"}
    assert data["summary"]["source_versions"] == 2
    r = sheets.invoke(main, ["verify", "--sheet", "003"])
    assert r.exit_code == 2 and "001_first.txt" in r.output and "Traceback" not in r.output


def test_verify_undecided_lists_the_lines_with_their_reasons(sheets):
    r = sheets.invoke(main, ["verify", "--undecided", "--jobs", "1"])
    assert "Undecided: 1 sheet line(s)" in r.output
    block = r.output[r.output.index("Undecided:"):]
    assert "002_second.txt:9" in block and "O(a^2)" in block
    why = next(x for x in block.splitlines() if x.strip().startswith("why:"))
    assert len(why.split("why:", 1)[1].strip()) > 10
    assert "Undecided:" not in sheets.invoke(main, ["verify", "--jobs", "1"]).output


def test_ids_are_never_cut_at_80_columns(sheets):
    long_id = "calc.a_rather_long_identifier_for_width"
    for args in (["verify", "--jobs", "1"], ["list"], ["show", "calc"]):
        r = sheets.invoke(main, args)
        lines = r.output.splitlines()
        assert any(long_id in x for x in lines), (args, r.output)
        assert "…" not in "".join(x for x in lines if "calc." in x)
        assert max(len(x) for x in lines if "│" in x or "┃" in x) <= 80, r.output


@pytest.mark.parametrize("args", [["list"], ["example", "channels"], ["--help"],
                                  ["verify", "--help"]])
def test_a_closed_pipe_is_not_a_failure(args):
    """``cheatsheet list | head -3``: the reader goes away; exit 0, no traceback.  A whole
    process (``python -m cheatsheet.cli``), so Python's own final flush of the standard output
    is part of it; the commands that load the checks are below, in this process."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, CHEATSHEET_CLAIMS=str(FIXTURES / "claims"))
    p = subprocess.Popen([sys.executable, "-m", "cheatsheet.cli", *args], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env)
    p.stdout.close()  # nobody reads: the first write finds a closed pipe
    err = p.stderr.read().decode()
    assert p.wait(timeout=120) == 0, err
    assert "Traceback" not in err and "Error" not in err


@pytest.mark.parametrize("args", [["verify", "--jobs", "1"], ["verify", "--json", "--jobs", "1"],
                                  ["show", "mini.poisson"], ["show", "mini"]])
def test_a_closed_pipe_ends_a_checking_command_quietly(args, mini, monkeypatch, capfd):
    """``cheatsheet verify | head -3`` for the commands that check claims, run in this process
    (a new one imports SymPy, SciPy and every check again: ~2.5 s of CPU each) with its
    standard output a real pipe whose reader has gone.  The command must meet the closed pipe
    (the output is silenced, which only happens then), exit 0 and print no traceback; the
    final flush Python makes at exit is made here too and must not fail."""
    import io
    import os
    import sys

    import cheatsheet.cli as cli

    silenced = []
    real_silence = cli._silence_stdout
    monkeypatch.setattr(cli, "_silence_stdout", lambda: silenced.append(1) or real_silence())
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody reads: the first write finds a closed pipe
    saved_fd, saved_stdout = os.dup(1), sys.stdout
    try:
        os.dup2(write_end, 1)
        os.close(write_end)
        sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8")
        with pytest.raises(SystemExit) as exit_:
            main.main(args, prog_name="cheatsheet")
        sys.stdout.flush()  # what the interpreter's exit does with anything still buffered
    finally:
        os.dup2(saved_fd, 1)
        os.close(saved_fd)
        sys.stdout = saved_stdout
    err = capfd.readouterr().err
    assert silenced, "the command never wrote to the closed pipe"
    assert exit_.value.code in (0, None), err
    assert "Traceback" not in err and "Error" not in err


def test_any_integer_seed_everywhere(mini):
    for seed in ("-3", "98765432109876543210"):
        r = mini.invoke(main, ["verify", "--json", "--seed", seed, "--jobs", "1"])
        assert r.exit_code == 0, r.output
        cx = json.loads(r.output)["claims"][0]["sources"][0]["counterexample"]
        assert cx["seed"] == int(seed)
        r = mini.invoke(main, ["show", "mini.poisson", "--seed", seed])
        assert r.exit_code == 0 and f"--seed {seed}" in r.output
    a = json.loads(mini.invoke(main, ["verify", "--json", "--seed", "-3"]).output)
    b = json.loads(mini.invoke(main, ["verify", "--json", "--seed", str(2**32 - 3)]).output)
    assert (a["claims"][0]["sources"][0]["counterexample"]["instance"]
            != b["claims"][0]["sources"][0]["counterexample"]["instance"])


def test_show_renders_statements_readably():
    """The LaTeX is shown as people read it (no Given(, call(, ⟨·,·⟩ of the reader's nodes)."""
    r = CliRunner().invoke(main, ["show", "kl.gaussians"])
    formula = next(x for x in r.output.splitlines() if x.startswith("formula:"))
    assert "KL(𝒩(μ₀, σ₀²) ‖" in formula and "Given" not in r.output
    r = CliRunner().invoke(main, ["show", "deriv.product.inner"])
    formula = next(x for x in r.output.splitlines() if x.startswith("formula:"))
    assert "∂" in formula and "call(" not in r.output and "⟨·,·⟩" not in r.output
    assert "symbols:" in r.output and "vector in ℝⁿ" in r.output
