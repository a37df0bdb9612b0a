"""The HTML reports in a real browser (headless Debian Chromium driven by playwright): each page
is opened from file://, screenshotted, and checked from the rendered DOM: the math has a size,
the filter buttons change what is visible, and no raw LaTeX is left in the visible text.

Skips with the reason when /usr/bin/chromium or playwright is absent (.ci/run installs
Chromium with apt-get); never downloads a browser."""
from __future__ import annotations

import os

import pytest
from conftest import REPO
from html_helpers import RAW_LATEX

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHEET = REPO / "tests" / "fixtures" / "readme" / "mysheet.md"
VERIFY_TERMS = ["activations", "mgf"]  # a subset: refuted, undecided and untypesettable lines

if not os.path.exists(CHROMIUM):
    pytest.skip(f"{CHROMIUM} is absent (Debian package chromium; .ci/run installs it)",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api",
                               reason="playwright is not installed (pip install -e '.[test]')")

# JS run in the page: facts about what a reader sees
MATH_SIZES = """() => Array.from(document.querySelectorAll('math')).map(m => {
    const r = m.getBoundingClientRect(); return [r.width, r.height]; })"""
VISIBLE = """(selector) => Array.from(document.querySelectorAll(selector))
    .filter(e => e.checkVisibility()).map(e => e.getAttribute('data-tags'))"""
# the visible text of every text node outside <code>, <script>, <style>
TEXT_OUTSIDE_CODE = """() => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (el.closest('code, script, style')) continue;
        if (!el.checkVisibility()) continue;
        if (n.textContent.trim()) out.push(n.textContent);
    }
    return out.join(' ');
}"""


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """The audit page of the README's sheet and the verify page of a few topics, as the
    renderer writes them."""
    from cheatsheet.catalog import get_catalog
    from cheatsheet.html import audit_page, verify_page, write_page
    from cheatsheet.verify.audit.run import audit_files
    from cheatsheet.verify.runner import run_claims, summary

    folder = tmp_path_factory.mktemp("html")
    catalog = get_catalog()
    audit = audit_files([str(SHEET)], jobs=1, catalog=catalog)
    claims = catalog.select(VERIFY_TERMS)
    results = run_claims(claims, jobs=1)
    out = {"audit": folder / "audit.html", "verify": folder / "verify.html"}
    write_page(str(out["audit"]), audit_page(audit))
    write_page(str(out["verify"]), verify_page(results, summary(results, 1.0), claims))
    return out, audit.summary()


@pytest.fixture
def page(browser):
    p = browser.new_page(viewport={"width": 1000, "height": 800})
    yield p
    p.close()


def _open(page, path):
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri(), wait_until="load")
    return errors


def _check_rendered(page, path, tmp_path):
    errors = _open(page, path)
    assert not errors, errors
    shot = tmp_path / (path.stem + ".png")
    page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 5000  # a real picture, not a blank one
    sizes = page.evaluate(MATH_SIZES)
    assert len(sizes) > 5
    assert all(w > 0 and h > 0 for w, h in sizes), [s for s in sizes if not all(s)]
    text = page.evaluate(TEXT_OUTSIDE_CODE)
    assert text.strip() and not RAW_LATEX.findall(text), RAW_LATEX.findall(text)


def _click(page, key):
    page.click(f'button[data-filter="{key}"]')


def test_audit_page_renders(pages, page, tmp_path):
    _check_rendered(page, pages[0]["audit"], tmp_path)


def test_audit_filters_change_what_is_visible(pages, page):
    paths, counts = pages
    _open(page, paths["audit"])
    assert len(page.evaluate(VISIBLE, ".finding")) == counts["formulas"]
    for verdict in ("wrong", "unchecked", "ok"):
        _click(page, verdict)
        shown = page.evaluate(VISIBLE, ".finding")
        assert shown == [verdict] * counts[verdict], (verdict, shown)
        assert page.get_attribute(f'button[data-filter="{verdict}"]', "aria-pressed") == "true"
    _click(page, "all")
    assert len(page.evaluate(VISIBLE, ".finding")) == counts["formulas"]


def test_verify_page_renders(pages, page, tmp_path):
    _check_rendered(page, pages[0]["verify"], tmp_path)


def test_verify_filters_change_what_is_visible(pages, page):
    _open(page, pages[0]["verify"])
    everything = page.evaluate(VISIBLE, ".claim")
    _click(page, "line-refuted")
    refuted = page.evaluate(VISIBLE, ".claim")
    assert 0 < len(refuted) < len(everything)
    assert all("line-refuted" in tags.split() for tags in refuted)
    _click(page, "line-undecided")
    assert all("line-undecided" in t.split() for t in page.evaluate(VISIBLE, ".claim"))
    _click(page, "all")
    assert len(page.evaluate(VISIBLE, ".claim")) == len(everything)


def test_the_page_checks_can_fail(page, tmp_path):
    """Raw LaTeX in running text and a zero-size formula are seen by the checks above."""
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><p>the \\frac{a}{b} form <code>\\ok</code></p>"
                   "<math><mrow></mrow></math>", encoding="utf-8")
    _open(page, bad)
    assert RAW_LATEX.findall(page.evaluate(TEXT_OUTSIDE_CODE)) == ["\\frac"]
    assert any(not (w and h) for w, h in page.evaluate(MATH_SIZES))
