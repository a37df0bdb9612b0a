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
    r = mini.invoke(main, ["show", "mini.sigmoid_derivativ"])
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
