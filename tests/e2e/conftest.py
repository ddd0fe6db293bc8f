"""End-to-end harness: Debian's chromium driven by Playwright against pytest-django's live server.

Every page a test visits is checked three ways, and the test fails on any of them:
- a request to any host but the test server (users in China cannot reach CDNs, Google Fonts,
  Gravatar or reCAPTCHA, so a page that needs one is broken for them);
- a JavaScript console error;
- an axe-core violation of serious or critical impact.
"""

import io
import os
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import sync_playwright

from tests.conftest import give_demo_organisers_authenticators, restore_serialized_contents

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make between
# browser steps are still ordinary synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BLOCKING_IMPACTS = {"serious", "critical"}
FINISH_ANIMATIONS = """() => Promise.race([
    Promise.all(document.getAnimations()
        .filter((a) => a.effect && a.effect.getComputedTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => null))),
    new Promise((resolve) => setTimeout(resolve, 3000)),
])"""


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser(django_db_setup):
    with sync_playwright() as playwright:
        # Playwright's sync API moves the rest of the session into a greenlet of its own, where
        # Django's per-context `connections` hand out new connection objects. Those lack the
        # post-migration snapshot the test database was created with, which Django needs to
        # restore the rows a browser test's flush removes; give it to them.
        restore_serialized_contents()
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def demo_site(live_server, settings):
    """The demo content in the live server's database. Browser tests run in transactions the
    server thread can see, and Django restores the post-migration rows around them, so the
    demo is loaded again (it is idempotent) rather than trusted to be there.

    Wagtail's autosave is off here: it posts an admin form in the background on its own clock
    (armed 2 s after the form loads, 0.5 s after each change), so on a loaded machine it sent
    the half-filled event form (400: start, end and slug required) or, still pending, the
    whole form again to the add view after 发布 had created the page (400: slug in use), and
    chromium logged the 400 as a console error. The tests submit forms by their buttons."""
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    call_command("load_demo", stdout=io.StringIO())
    give_demo_organisers_authenticators()
    return live_server


class Visitor:
    """A browser tab that records what the harness forbids and checks each page it opens."""

    def __init__(self, page, base_url, axe):
        self.page = page
        self.base_url = base_url.rstrip("/")
        self.axe = axe
        self.problems = []
        allowed = urlsplit(self.base_url).netloc
        page.on(
            "console",
            lambda message: (
                message.type == "error" and self.problems.append(f"console error: {message.text}")
            ),
        )
        page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))

        def guard(route):
            parts = urlsplit(route.request.url)
            if parts.scheme in ("data", "blob") or parts.netloc == allowed:
                route.continue_()
            else:
                self.problems.append(f"request to another host: {route.request.url}")
                route.abort()

        page.route("**/*", guard)

    def url(self, path):
        return self.base_url + path

    def goto(self, path, *, status=200):
        """Opens a page and checks it. A test that visits an error page on purpose names its
        status; chromium logs that document's status as a console error, which is then
        expected, while any other failed resource still fails the test."""
        response = self.page.goto(self.url(path))
        assert response.status == status, f"{path}: {response.status}"
        if status >= 400:
            self.page.wait_for_load_state("load")
            expected = f"the server responded with a status of {status}"
            for index, problem in enumerate(self.problems):
                if expected in problem:
                    del self.problems[index]
                    break
        self.check()
        return response

    def follow(self, locator):
        """Clicks something that loads a new page (a link, a form's button), waits for that
        page, and checks it."""
        with self.page.expect_navigation():
            locator.click()
        self.check()

    def check(self):
        """Checks the page now shown: nothing forbidden so far, no serious axe violations."""
        self.page.wait_for_load_state("load")
        # Let transitions (fading messages) end first: axe measures colours as they are now.
        self.page.evaluate(FINISH_ANIMATIONS)
        results = self.axe.run(self.page)
        blocking = [
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(f"{node['target'][0]} {node['html'][:160]}" for node in v["nodes"][:3])
            for v in results.response["violations"]
            if v["impact"] in BLOCKING_IMPACTS
        ]
        assert not blocking, f"accessibility violations on {self.page.url}:\n" + "\n".join(blocking)
        assert not self.problems, "\n".join(self.problems)


DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@contextmanager
def open_visitor(browser, base_url, axe, device):
    """A fresh browser context (no cookies) reading Chinese on the given device."""
    # Reduced motion: axe measures contrast mid-animation otherwise (fading admin messages).
    context = browser.new_context(locale="zh-CN", reduced_motion="reduce", **device)
    page = context.new_page()
    page.set_default_timeout(15_000)
    tab = Visitor(page, base_url, axe)
    yield tab
    context.close()
    assert not tab.problems, "\n".join(tab.problems)


@pytest.fixture
def visitor(browser, demo_site, axe):
    with open_visitor(browser, demo_site.url, axe, DESKTOP) as tab:
        yield tab


@pytest.fixture
def phone_visitor(browser, demo_site, axe):
    with open_visitor(browser, demo_site.url, axe, PHONE) as tab:
        yield tab
