"""Headless Chromium (Debian's, driven by Playwright) against a real server over known synthetic events."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from eventwire.api.testing import running_server
from eventwire.samples import fixtures

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "web"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-quic", "--no-first-run", "--disable-sync"]


def launch_chromium(playwright):
    exe = shutil.which("chromium")
    if exe is None:
        pytest.fail("chromium not found: run `bash scripts/install-system` (make test does)")
    return playwright.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)


@pytest.fixture(scope="session")
def web_base(tmp_path_factory) -> str:
    db = str(tmp_path_factory.mktemp("web") / "web.db")
    fixtures.build(db, synthetic_count=40, seed=3)
    with running_server(db, log_path=str(tmp_path_factory.mktemp("web-log") / "server.log")) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch_chromium(p)
        yield b
        b.close()


@pytest.fixture()
def artifacts() -> Path:
    """Where screenshots go (git-ignored): look at them after a run."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture()
def page(browser, web_base):
    # Playwright's wait_for_function compiles its predicate from a string, which the page's Content-Security-
    # Policy rightly forbids; test_web_layout.py drives the page under that policy.
    ctx = browser.new_context(viewport={"width": 1400, "height": 850}, bypass_csp=True)
    pg = ctx.new_page()
    problems: list[str] = []
    pg.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
    # A 4xx answer is the page's business (it shows the error); anything else logged as an error is a bug.
    expected = "the server responded with a status of 4"
    pg.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}")
          if msg.type == "error" and expected not in msg.text else None)
    # The page must work offline: any request that leaves the server fails the test.
    outside: list[str] = []
    pg.route("**/*", lambda route: (route.continue_() if route.request.url.startswith(web_base)
                                    else (outside.append(route.request.url), route.abort())))
    pg.goto(web_base + "/")
    pg.wait_for_selector("body[data-ready='1']", timeout=30_000)
    yield pg
    ctx.close()
    assert not outside, f"page fetched from outside the server: {outside}"
    assert not problems, problems
