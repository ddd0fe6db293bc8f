"""Member-company import at 10,000 rows: rows per second, seconds and peak memory.

    .venv/bin/python bench/import.py [--rows 10000] [--scenario xlsx|csv|update|worst]

Generates a spreadsheet of realistic Chinese member companies (names, counties, industries,
secretariats, markets, platforms, +86 phones, visibility and tier labels, terms) laid out as
the admin export writes it: XLSX with inline text cells, CSV with its formula guard (`'+86 …`).
Each scenario runs in a process of its own against a fresh SQLite database file (migrations
and the demo content, which brings the lists the rows name), and imports through the worker's
code path: an ImportRun with the file in the private storage, then `importing.run_import`.

Scenarios: xlsx and csv create every company; update re-imports the CSV with every row
changed (after a first import, not timed); worst is the largest file under the 5 MB upload
limit that the caps let through (20,000 rows, long texts). Targets: 10,000 rows in ≤ 60 s
and ≤ 300 MB peak RSS (the whole process: Django, Wagtail and the import).
"""

import argparse
import csv
import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.test")

HEADINGS = [
    "名称（中文）",
    "名称（英文）",
    "行业",
    "县（市、区）",
    "秘书处",
    "成立年份",
    "员工",
    "年交易额",
    "主营产品",
    "出口市场",
    "销售平台",
    "网站",
    "电话",
    "电话公开范围",
    "邮箱",
    "邮箱公开范围",
    "微信号",
    "微信号公开范围",
    "地址",
    "地址公开范围",
    "会员级别",
    "会籍状态",
    "会籍开始日期",
    "会籍结束日期",
]
PLACES = ["岳阳", "汨罗", "临湘", "平江", "华容", "湘阴", "君山", "云溪", "长沙", "深圳", "义乌"]
WORDS = ["鑫", "盛", "华", "源", "通", "达", "恒", "远", "湘", "洞庭", "楚", "康", "泰", "美", "嘉"]
KINDS = ["茶业", "钓具", "食品", "箱包", "电子", "家居", "陶瓷", "玻璃", "农业", "物流", "贸易"]
COUNTIES = ["岳阳楼区", "君山区", "云溪区", "汨罗市", "临湘市", "平江县", "华容县", "湘阴县"]
INDUSTRIES = ["茶叶", "钓具与浮标", "休闲食品", "箱包", "消费电子", "智能家居", "陶瓷", "Tea"]
SECRETARIATS = ["岳阳秘书处", "长沙秘书处", "深圳秘书处", "yueyang", "广州秘书处"]
MARKETS = ["美国", "日本", "德国", "英国", "法国", "韩国", "澳大利亚", "加拿大", "US", "JP"]
PLATFORMS = ["亚马逊", "速卖通", "TikTok Shop", "阿里巴巴国际站", "Temu", "SHEIN", "虾皮"]
STAFF = ["1–9人", "10–49人", "50–199人", "200–999人", "1-9", "10-49", ""]
TRADE = ["1000万元以下", "1000万–1亿元", "1亿–10亿元", "under-10m", "10m-100m", ""]
VISIBILITY = ["仅会员", "所有人", "隐藏", "members", "public", "hidden"]
TIERS = ["会员", "理事", "副会长", "member", "council"]
PRODUCTS = ["黄茶、黑茶", "路亚竿、浮漂", "辣条、豆干", "拉杆箱、双肩包", "蓝牙耳机、充电宝"]


def company_rows(count, *, seed=1, variant=0, long_texts=False):
    """`count` rows of the export's columns, the same companies for the same seed; `variant`
    changes every company's phone, products and tier so that a re-import updates each row."""
    rng = random.Random(seed)  # noqa: S311 (made-up data, the same every run)
    for number in range(count):
        place = PLACES[number % len(PLACES)]
        name = (
            f"{place}{rng.choice(WORDS)}{rng.choice(WORDS)}{rng.choice(KINDS)}{number:05d}有限公司"
        )
        products = PRODUCTS[(number + variant) % len(PRODUCTS)]
        if long_texts:
            products = (products + "，出口欧美日韩，支持来样定制与跨境小包直发。") * 8
        year = 1990 + (number * 7) % 34
        yield [
            name,
            f"{place} Trading Co., Ltd. No. {number}",
            rng.choice(INDUSTRIES),
            rng.choice(COUNTIES),
            rng.choice(SECRETARIATS),
            str(year),
            rng.choice(STAFF),
            rng.choice(TRADE),
            products,
            "、".join(rng.sample(MARKETS[:8], rng.randint(0, 3))),
            "、".join(rng.sample(PLATFORMS, rng.randint(0, 2))),
            f"https://www.example{number}.cn" if number % 3 else "",
            f"+86 730 {8000000 + number * 3 + variant:07d}",
            rng.choice(VISIBILITY),
            f"sales{number}@example{number % 97}.cn",
            rng.choice(VISIBILITY),
            f"wx_{number:05d}",
            rng.choice(VISIBILITY),
            f"湖南省岳阳市{rng.choice(COUNTIES)}建设路{number % 300 + 1}号",
            rng.choice(VISIBILITY),
            TIERS[(number + variant) % len(TIERS)],
            "有效",
            "2026-01-01",
            "2026-12-31",
        ]


def write_csv(rows):
    from cms.admin_listing import safe_cell

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADINGS)
    for row in rows:
        writer.writerow(safe_cell(cell) for cell in row)
    return out.getvalue().encode("utf-8-sig")


def write_xlsx(rows):
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Sheet1")
    sheet.append(HEADINGS)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value)
            if value.startswith(("=", "+", "-", "@")):
                cell.data_type = "s"
                cell.quotePrefix = True
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def run_scenario(scenario, count):
    import django

    django.setup()
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages
    from django.core.management import call_command
    from django.db import connections
    from django.test.utils import setup_databases, setup_test_environment, teardown_databases

    with tempfile.TemporaryDirectory() as folder:
        connections["default"].settings_dict["TEST"]["NAME"] = str(Path(folder) / "bench.sqlite3")
        setup_test_environment()
        old = setup_databases(verbosity=0, interactive=False)
        try:
            call_command("load_demo", stdout=io.StringIO())
            from django.contrib.auth import get_user_model

            from cms.demo import content
            from members import importing
            from members.models import ImportRun, Organisation

            email = next(e for e, _password, _name, role in content.ACCOUNTS if role == "organiser")
            by = get_user_model().objects.get(email=email)
            long_texts = scenario == "worst"
            if scenario == "worst":
                count = importing.MAX_ROWS
            kind = "xlsx" if scenario in ("xlsx", "worst") else "csv"
            write = write_xlsx if kind == "xlsx" else write_csv
            if scenario == "update":
                first = write_csv(company_rows(count))
                queue_and_run(ImportRun, ContentFile, storages, importing, by, first, "first.csv")
            data = write(
                company_rows(count, variant=1 if scenario == "update" else 0, long_texts=long_texts)
            )
            before = Organisation.objects.count()
            rss_before = current_rss_mb()
            start, cpu = time.perf_counter(), time.process_time()
            run = queue_and_run(
                ImportRun, ContentFile, storages, importing, by, data, f"bench.{kind}"
            )
            seconds = time.perf_counter() - start
            cpu = time.process_time() - cpu
            return {
                "scenario": scenario,
                "format": kind,
                "rows": run.total,
                "file_kb": round(len(data) / 1024),
                "status": run.status,
                "created": run.created,
                "updated": run.updated,
                "rejected": run.rejected,
                "new_companies": Organisation.objects.count() - before,
                "seconds": round(seconds, 1),
                "cpu_seconds": round(cpu, 1),
                "rows_per_second": round(run.total / seconds) if seconds else 0,
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                "rss_before_mb": rss_before,
                "error": run.error,
                "first_rejection": next(
                    (row for row in run.report if row["outcome"] == "rejected"), None
                ),
            }
        finally:
            teardown_databases(old, verbosity=0)


def current_rss_mb():
    """The process's resident memory now (Linux), to tell the import's share of the peak."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024)
    return 0


def queue_and_run(ImportRun, ContentFile, storages, importing, by, data, file_name):
    """What start_import does for a large file, then the worker's task body."""
    stored = storages[importing.UPLOAD_STORAGE].save(
        f"imports/bench{Path(file_name).suffix}", ContentFile(data)
    )
    run = ImportRun.objects.create(
        requested_by=by, file_name=file_name, stored_name=stored, in_background=True
    )
    return importing.run_import(run.pk)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--scenario", choices=["xlsx", "csv", "update", "worst"])
    args = parser.parse_args()
    if args.scenario:
        print(json.dumps(run_scenario(args.scenario, args.rows), ensure_ascii=False))
        return
    print(f"Member-company import, {args.rows} rows, fresh SQLite file per scenario")
    print(
        f"{'scenario':<8} {'rows':>6} {'file KB':>8} {'seconds':>8} {'CPU s':>6} {'rows/s':>7} "
        f"{'peak MB':>8} {'before':>7}  result"
    )
    for scenario in ("xlsx", "csv", "update", "worst"):
        output = subprocess.run(  # noqa: S603 (this script, by its own path)
            [sys.executable, __file__, "--scenario", scenario, "--rows", str(args.rows)],
            capture_output=True,
            text=True,
            check=False,
        )
        lines = output.stdout.strip().splitlines()
        if output.returncode or not lines:
            print(f"{scenario:<8} failed:\n{output.stderr[-2000:]}")
            continue
        r = json.loads(lines[-1])
        result = (
            f"{r['status']}: {r['created']} created, {r['updated']} updated, "
            f"{r['rejected']} rejected"
        )
        if r["error"]:
            result += f" ({r['error']})"
        if r["first_rejection"]:
            result += f"; first rejected row: {r['first_rejection']}"
        print(
            f"{scenario:<8} {r['rows']:>6} {r['file_kb']:>8} {r['seconds']:>8} "
            f"{r['cpu_seconds']:>6} {r['rows_per_second']:>7} {r['peak_rss_mb']:>8} "
            f"{r['rss_before_mb']:>7}  {result}"
        )


if __name__ == "__main__":
    main()
