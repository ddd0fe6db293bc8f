"""Member directory at 2,000 companies: median server time and SQL queries per request.

    .venv/bin/python bench/directory.py [--requests 40]

Builds a throw-away test database (migrations, the demo content, then bulk companies up to
2,000 with markets and platforms), warms each URL once, then times repeated requests through
Django's test client: server time in this process, no network. Targets: ≤ 50 ms median and
≤ 10 queries.
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_databases,
    setup_test_environment,
    teardown_databases,
)

TARGET = 2000
URLS = [
    ("no filters, 20 a page", "/members/"),
    ("no filters, 100 a page", "/members/?per_page=100"),
    ("industry", "/members/?industry=tea"),
    ("industry + market + platform", "/members/?industry=tea&market=us&platform=amazon"),
    ("search + secretariat + tier", "/members/?q=%E8%8C%B6&secretariat=yueyang&tier=member"),
    ("page 5", "/members/?page=5"),
]


def fill_to(target):
    from members.models import Industry, Market, Membership, Organisation, SalesPlatform

    industries = list(Industry.objects.all())
    markets = list(Market.objects.all())
    platforms = list(SalesPlatform.objects.all())
    existing = Organisation.objects.count()
    new = Organisation.objects.bulk_create(
        Organisation(
            name=f"基准测试企业{number:04d}",
            name_en=f"Benchmark Company {number:04d}",
            slug=f"benchmark-{number}",
            industry=industries[number % len(industries)],
            city=["岳阳楼区", "汨罗市", "临湘市", "平江县", "深圳"][number % 5],
            trade_band=["under-10m", "10m-100m", "100m-1b", "over-1b"][number % 4],
            main_products="茶叶、钓具、辣条"[number % 3 :],
            sort_key=f"ji zhun {number:04d}",
            search_text=f"基准测试企业{number:04d} 茶叶 钓具",
        )
        for number in range(target - existing)
    )
    Membership.objects.bulk_create(
        Membership(organisation=org, term_start="2026-01-01", term_end="2030-12-31") for org in new
    )
    through = Organisation.export_markets.through
    through.objects.bulk_create(
        through(organisation=org, market=markets[(index + k) % len(markets)])
        for index, org in enumerate(new)
        for k in range(3)
    )
    through = Organisation.platforms.through
    through.objects.bulk_create(
        through(organisation=org, salesplatform=platforms[index % len(platforms)])
        for index, org in enumerate(new)
    )
    return Organisation.objects.count()


def measure(client, url, requests):
    client.get(url)  # warm caches (filter options, site shell)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    count = len(queries)  # read now: Django empties the log when the next request starts
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), count


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False)
    try:
        call_command("load_demo", stdout=io.StringIO())
        total = fill_to(TARGET)
        client = Client()
        print(f"Member directory with {total} companies ({args.requests} requests each)")
        print(f"{'request':<32} {'median ms':>10} {'queries':>8}")
        for label, url in URLS:
            median, queries = measure(client, url, args.requests)
            print(f"{label:<32} {median:>10.1f} {queries:>8}")
    finally:
        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
