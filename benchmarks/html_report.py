"""HTML report: page size, time to write it, time for a browser to open it.

    python benchmarks/html_report.py [--runs 3] [--no-browser] [--skip-verify]
                                     [--screenshots docs/]

For each of the five sheets (../shared/seeds/*.txt): the audit's own time, then the time to
render and write its page (``audit_page`` + ``write_page``, typesetting caches cleared, so as
cold as in a fresh ``cheatsheet audit --html``), and the page's size. Then the same for the full
``cheatsheet verify`` page. The browser figure is headless Chromium (/usr/bin/chromium, via
playwright) opening the file: from ``goto`` to the load event and a forced layout of the whole
page, median of ``--runs`` fresh tabs.

Targets: page written <= 2 s beyond the audit / verification itself; opened <= 1 s.
``--screenshots DIR`` also writes DIR/html-audit.png (the README's example sheet) and
DIR/html-verify.png (the top of the full verify page), the pictures the README shows.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the CLI does before NumPy loads
os.environ.setdefault("OMP_NUM_THREADS", "1")

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
README_SHEET = REPO / "tests" / "fixtures" / "readme" / "mysheet.md"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _cold_render(make_page, path: Path) -> tuple[float, float]:
    """Wall and CPU seconds to render and write a page with empty typesetting caches."""
    from cheatsheet.html import write_page
    from cheatsheet.html.mathml import clear_cache

    clear_cache()
    start, cpu = time.perf_counter(), _cpu()
    write_page(str(path), make_page())
    return time.perf_counter() - start, _cpu() - cpu


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the typesetting workers): on a
    busy machine the wall time says more about the neighbours than about the page."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), \
        resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


class Browser:
    def __init__(self):
        from playwright.sync_api import sync_playwright

        self._p = sync_playwright().start()
        self.browser = self._p.chromium.launch(executable_path=CHROMIUM, args=ARGS)

    def open_seconds(self, path: Path, runs: int) -> float:
        times = []
        for _ in range(runs):
            page = self.browser.new_page(viewport={"width": 1000, "height": 900})
            start = time.perf_counter()
            page.goto(path.as_uri(), wait_until="load")
            page.evaluate("() => document.body.getBoundingClientRect().height")
            times.append(time.perf_counter() - start)
            page.close()
        return statistics.median(times)

    def screenshot(self, path: Path, out: Path, height: int) -> None:
        page = self.browser.new_page(viewport={"width": 1000, "height": height})
        page.goto(path.as_uri(), wait_until="load")
        page.screenshot(path=str(out))
        page.close()

    def close(self):
        self.browser.close()
        self._p.stop()


def _row(name, work, write, size, opened):
    opened = f"{opened:6.2f}" if opened is not None else "     -"
    print(f"{name:34s} {work:7.2f} {write[0]:7.2f} {write[1]:7.2f} {size / 1024:8.0f} "
          f"{opened}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3, help="browser opens per page (median)")
    ap.add_argument("--no-browser", action="store_true")
    ap.add_argument("--skip-verify", action="store_true", help="only the five audits")
    ap.add_argument("--screenshots", metavar="DIR", type=Path)
    args = ap.parse_args(argv)

    t = time.perf_counter()
    import jinja2  # noqa: F401
    import latex2mathml.converter  # noqa: F401

    from cheatsheet.catalog import get_catalog
    from cheatsheet.html import audit_page, verify_page
    from cheatsheet.html.render import environment
    from cheatsheet.verify.audit.run import audit_files
    from cheatsheet.verify.runner import run_claims, summary

    environment().get_template("verify.html.j2")
    environment().get_template("audit.html.j2")
    print(f"imports and templates of the renderer: {time.perf_counter() - t:.2f} s "
          "(once per command)")
    catalog = get_catalog()
    out = Path(tempfile.mkdtemp(prefix="html-report-"))
    rows = []  # (name, work s, write s, page path): pages first, the browser after (no fork
    sheets = sorted(SEEDS.glob("*.txt"))  # of a process that runs the browser's driver)
    if not sheets:
        print(f"no sheets in {SEEDS}", file=sys.stderr)
    for sheet in sheets:
        start = time.perf_counter()
        result = audit_files([str(sheet)], catalog=catalog)
        work = time.perf_counter() - start
        path = out / f"audit-{sheet.stem}.html"
        write = _cold_render(lambda: audit_page(result), path)
        rows.append((f"audit {sheet.name} ({len(result.findings)})", work, write, path))
    if not args.skip_verify:
        claims = list(catalog)
        start = time.perf_counter()
        results = run_claims(claims)
        work = time.perf_counter() - start
        path = out / "verify.html"
        write = _cold_render(lambda: verify_page(results, summary(results, work), claims), path)
        rows.append((f"verify, all {len(claims)} claims", work, write, path))
    if args.screenshots:
        result = audit_files([str(README_SHEET)], catalog=catalog)
        _cold_render(lambda: audit_page(result), out / "audit-readme.html")  # for the shot
    browser = None if args.no_browser or not os.path.exists(CHROMIUM) else Browser()
    print(f"{'page':34s} {'work s':>7s} {'write s':>7s} {'cpu s':>7s} {'size KiB':>8s} "
          f"{'open s':>6s}")
    for name, work, write, path in rows:
        opened = browser.open_seconds(path, args.runs) if browser else None
        _row(name, work, write, path.stat().st_size, opened)
    if args.screenshots and browser:
        args.screenshots.mkdir(parents=True, exist_ok=True)
        browser.screenshot(out / "audit-readme.html", args.screenshots / "html-audit.png", 1150)
        if not args.skip_verify:
            browser.screenshot(out / "verify.html", args.screenshots / "html-verify.png", 1000)
        print(f"screenshots in {args.screenshots}")
    print("work: the audit or verification itself; write: rendering and writing the page "
          "(wall), cpu: its CPU time; open: the browser's load and layout (median)")
    print(f"load average now: {' '.join(f'{x:.1f}' for x in os.getloadavg())} "
          f"on {os.cpu_count()} CPUs")
    print(f"pages in {out}")
    if browser:
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
