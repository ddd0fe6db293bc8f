"""The organisers' dashboard in the browser: every chart drawn by the shipped ECharts (no other
host), no console errors, no serious axe violations, readable on a phone and on a desktop.

Set SHOTS_DIR to keep a screenshot of each width (dashboard-phone.png, dashboard-desktop.png)."""

import os
from pathlib import Path

import pytest

from tests.e2e.conftest import DESKTOP, PHONE, open_visitor
from tests.e2e.test_membership_journey import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ALL_DRAWN = """() => {
    const charts = [...document.querySelectorAll('[data-chart]')];
    return charts.length > 0 && charts.every(
        (chart) => chart.dataset.chartDrawn && chart.querySelector('canvas, svg'));
}"""
SIZES = """() => [...document.querySelectorAll('[data-chart]')].map((chart) => {
    const box = chart.getBoundingClientRect();
    const canvas = chart.querySelector('canvas, svg').getBoundingClientRect();
    return {left: box.left, right: box.right, width: canvas.width, height: canvas.height};
})"""


NOT_ANIMATED = """() => [...document.querySelectorAll('[data-chart]')].every(
    (chart) => window.echarts.getInstanceByDom(chart).getOption().animation === false)"""
TALLEST = """() => Math.max(document.documentElement.scrollHeight,
    ...[...document.querySelectorAll('main, .content-wrapper, #main')]
        .map((element) => element.scrollHeight))"""


@pytest.mark.parametrize(("device", "label"), [(DESKTOP, "desktop"), (PHONE, "phone")])
def test_the_dashboard_draws_every_chart(browser, demo_site, axe, demo_accounts, device, label):
    with open_visitor(browser, demo_site.url, axe, device) as organiser:
        log_in(organiser, *demo_accounts["organiser"])
        organiser.goto("/admin/insights/")
        page = organiser.page
        page.wait_for_function(ALL_DRAWN)
        charts = page.locator("[data-chart]").count()
        # The demo has members, events, a trade fair with booths and training cohorts.
        assert charts >= 6, charts
        viewport = device["viewport"]["width"]
        for size in page.evaluate(SIZES):
            assert size["width"] > 200 and size["height"] >= 200, size
            assert size["left"] >= 0 and size["right"] <= viewport, size
        # One column on a phone: nothing wider than the screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport
        # The harness asks for reduced motion: the charts do not animate.
        assert page.evaluate(NOT_ANIMATED)
        # A tooltip (drawn on the canvas) on pointing at a bar.
        page.locator("#chart-members-by-industry [data-chart]").hover()
        # The numbers behind a chart, as a table.
        first = page.locator("figure.chart").first
        first.locator("summary").click()
        assert first.locator("table caption").is_visible()
        organiser.check()
        first.locator("summary").click()
        shots = os.environ.get("SHOTS_DIR")
        if shots:
            # The admin scrolls inside its layout: a window as tall as the page shows it all.
            height = page.evaluate(TALLEST)
            page.set_viewport_size({"width": viewport, "height": height})
            page.wait_for_timeout(300)  # a frame or two for the charts to settle (picture only)
            Path(shots).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(shots) / f"dashboard-{label}.png"), full_page=True)


def test_a_chart_downloads_as_xlsx_and_the_report_page_opens(
    browser, demo_site, axe, demo_accounts
):
    with open_visitor(browser, demo_site.url, axe, DESKTOP) as organiser:
        log_in(organiser, *demo_accounts["organiser"])
        organiser.goto("/admin/insights/")
        page = organiser.page
        with page.expect_download() as download:
            page.locator("#chart-members-by-tier .chart__download a").click()
        assert download.value.suggested_filename == "会员单位级别分布.xlsx"
        organiser.goto("/admin/insights/report/")
        with page.expect_download() as download:
            page.get_by_role("button", name="下载年度工作报告（XLSX）").click()
        assert download.value.suggested_filename.startswith("年度工作报告-")
