"""Spreadsheets built to exhaust the server are refused with a message, before any row is
imported and without reading what they claim to hold."""

import io
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members import importing
from members.errors import ImportFileError
from members.models import ImportRun, Organisation
from tests.members.test_import import HEADER, csv_upload

pytestmark = pytest.mark.django_db

OPC = "http://schemas.openxmlformats.org"
SPREADSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml"
RELATIONSHIPS = f"{OPC}/officeDocument/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    f'<Types xmlns="{OPC}/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{SPREADSHEET}.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    f'ContentType="{SPREADSHEET}.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    f'<Relationships xmlns="{OPC}/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    f'<workbook xmlns="{OPC}/spreadsheetml/2006/main" xmlns:r="{RELATIONSHIPS}">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    f'<Relationships xmlns="{OPC}/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)
SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def cell(reference, text):
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


def company_row(number, name):
    values = [name, "茶叶", "君山区", "岳阳秘书处"]
    cells = "".join(cell(f"{'ABCD'[i]}{number}", value) for i, value in enumerate(values))
    dates = cell(f"K{number}", "2026-01-01") + cell(f"L{number}", "2026-12-31")
    return f'<row r="{number}">{cells}{dates}</row>'


def header_row():
    headings = HEADER.split(",")
    letters = "ABCDEFGHIJKL"
    cells = "".join(cell(f"{letters[i]}1", heading) for i, heading in enumerate(headings))
    return f'<row r="1">{cells}</row>'


def workbook(sheet_xml, *, sheet_chunks=1):
    """A minimal .xlsx built by hand, its sheet XML written `sheet_chunks` times over (as one
    stream, so a bomb never sits in memory whole here either)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        if sheet_chunks == 1:
            archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        else:
            with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as entry:
                start, middle, end = sheet_xml
                entry.write(start.encode())
                chunk = middle.encode()
                for _ in range(sheet_chunks):
                    entry.write(chunk)
                entry.write(end.encode())
    return buffer.getvalue()


def post(client, organiser, data, name="bomb.xlsx"):
    client.force_login(organiser)
    return client.post(reverse("members_admin:import"), {"file": SimpleUploadedFile(name, data)})


def measured(data, name):
    """Reads the file: (the refusal or None, peak bytes Python allocated meanwhile)."""
    tracemalloc.start()
    try:
        importing.read_rows(io.BytesIO(data), name=name)
        refusal = None
    except ImportFileError as error:
        refusal = error
    finally:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return refusal, peak


def test_a_sheet_declaring_a_huge_dimension_is_read_as_the_cells_it_has(client, organiser):
    sheet = (
        SHEET_START
        + '<dimension ref="A1:XFD1048576"/><sheetData>'
        + header_row()
        + company_row(2, "声明尺寸有限公司")
        + "</sheetData></worksheet>"
    )
    data = workbook(sheet)
    assert len(data) < 5000
    refusal, peak = measured(data, "bomb.xlsx")
    assert refusal is None and peak < 20 * 2**20, (refusal, peak)
    response = post(client, organiser, data)
    assert response.context["summary"] == {"created": 1, "updated": 0, "rejected": 0}
    assert Organisation.objects.filter(name="声明尺寸有限公司").exists()


def test_a_dimension_bomb_with_a_cell_at_the_far_corner_is_refused(client, organiser):
    before = Organisation.objects.count()
    sheet = (
        SHEET_START
        + '<dimension ref="A1:XFD1048576"/><sheetData>'
        + header_row()
        + company_row(2, "远角炸弹有限公司")
        + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
        + "</sheetData></worksheet>"
    )
    data = workbook(sheet)
    assert len(data) < 5000
    refusal, peak = measured(data, "bomb.xlsx")
    assert "超过 20,000 行" in str(refusal) and peak < 20 * 2**20, (refusal, peak)

    response = post(client, organiser, data)
    # Past the small-file limit it goes to the worker, which refuses it before any row.
    run = ImportRun.objects.latest("pk")
    assert response.status_code == 302
    assert run.in_background and run.status == ImportRun.Status.QUEUED
    importing.run_import(run.pk)
    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED and "超过 20,000 行" in run.error
    assert Organisation.objects.count() == before
    assert run.stored_name == ""  # its private copy is gone

    # A far cell on the second row is refused as too many columns, without building the row.
    sheet = (
        SHEET_START
        + '<dimension ref="A1:XFD1048576"/><sheetData>'
        + header_row()
        + '<row r="2"><c r="A2" t="inlineStr"><is><t>宽行有限公司</t></is></c>'
        + '<c r="XFD2"><v>1</v></c></row></sheetData></worksheet>'
    )
    refusal, peak = measured(workbook(sheet), "wide.xlsx")
    assert "第 2 行超过 60 列" in str(refusal) and peak < 20 * 2**20, (refusal, peak)


def test_a_zip_bomb_is_refused_before_it_is_opened(client, organiser):
    before = Organisation.objects.count()
    # 120 MB of sheet XML (blank padding between two rows) packed into a few hundred KB.
    start = SHEET_START + "<sheetData>" + header_row()
    end = company_row(2, "炸弹有限公司") + "</sheetData></worksheet>"
    data = workbook((start, " " * 1024 * 1024, end), sheet_chunks=120)
    assert len(data) < 1024 * 1024
    refusal, peak = measured(data, "bomb.xlsx")
    assert "解压后的数据量远超" in str(refusal) and peak < 20 * 2**20, (refusal, peak)

    response = post(client, organiser, data)
    assert response.status_code == 200
    assert "解压后的数据量远超" in str(response.context["form"].errors["file"])
    assert Organisation.objects.count() == before


def test_a_tightly_packed_entry_under_the_size_limit_is_refused_too(client, organiser):
    start = SHEET_START + "<sheetData>" + header_row()
    end = company_row(2, "高压缩有限公司") + "</sheetData></worksheet>"
    data = workbook((start, " " * 1024 * 1024, end), sheet_chunks=20)  # 20 MB, ratio ~1000
    response = post(client, organiser, data)
    assert "解压后的数据量远超" in str(response.context["form"].errors["file"])
    assert not Organisation.objects.filter(name="高压缩有限公司").exists()


def test_too_many_columns_is_refused_with_a_message(client, organiser):
    header = HEADER + "," + ",".join(f"额外{n}" for n in range(60))
    response = post(
        client,
        organiser,
        csv_upload("多列有限公司,茶叶,君山区,岳阳秘书处", header=header).read(),
        "wide.csv",
    )
    assert "第 1 行超过 60 列：最多可导入 60 列" in str(response.context["form"].errors["file"])
    assert not Organisation.objects.filter(name="多列有限公司").exists()


def test_too_many_rows_is_refused_before_any_row_is_imported(monkeypatch, organiser):
    monkeypatch.setattr(importing, "MAX_ROWS", 5)
    rows = [f"行数{n}有限公司,茶叶,君山区,岳阳秘书处,,,,,,,2026-01-01,2026-12-31" for n in range(6)]
    with pytest.raises(importing.TooManyRows) as refused:
        importing.import_organisations(upload=csv_upload(*rows), by=organiser)
    assert "文件标题行以下超过 5 行" in str(refused.value)
    assert not Organisation.objects.filter(name__startswith="行数").exists()
    # Blank rows between are not counted, and five rows are fine.
    results = importing.import_organisations(
        upload=csv_upload(*rows[:3], ",,", *rows[3:5]), by=organiser
    )
    assert [row.number for row in results] == [2, 3, 4, 6, 7]


def test_csv_reading_is_bounded(organiser):
    oversized = SimpleUploadedFile("big.csv", b"a" * (importing.MAX_FILE_BYTES + 1))
    with pytest.raises(ImportFileError, match="文件过大"):
        importing.read_rows(oversized)
    huge_cell = (HEADER + "\n" + "巨大单元格有限公司," + "茶" * 200_000 + "\n").encode()
    with pytest.raises(ImportFileError, match="无法读取该 CSV 文件的第 2 行"):
        importing.read_rows(SimpleUploadedFile("cell.csv", huge_cell))
    with pytest.raises(ImportFileError, match="既不是 UTF-8"):
        importing.read_rows(SimpleUploadedFile("binary.csv", HEADER.encode() + b"\n\xff\xfe\xff"))
