"""A chart as data: what the dashboard draws (cms/static/cms/js/charts.js with ECharts), the
table beside it for screen readers, and its download as a spreadsheet. The figures are
computed elsewhere (insights/figures.py); a Chart only describes and writes them."""

import dataclasses
import numbers

from openpyxl.styles import Font

from .admin_listing import needs_guard, sheet_name

KINDS = ("bar", "line", "pie", "stacked")


def write_row(sheet, values, *, bold=False):
    """Appends one row: numbers stay numbers; text a spreadsheet would run as a formula
    (=HYPERLINK(…), +cmd…) is written as text with a quote prefix, as in the admin's exports."""
    sheet.append([str(value) if isinstance(value, str) else value for value in values])
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and needs_guard(cell.value):
            cell.data_type = "s"
            cell.quotePrefix = True
        if bold:
            cell.font = Font(bold=True)


@dataclasses.dataclass
class Chart:
    """One figure: categories along one axis, one or more named series of numbers.

    kind is "bar", "line", "pie" (one series) or "stacked" (bars stacked per category);
    horizontal bars suit long category names (events, cohorts) on a phone. unit is shown after
    the numbers ("%", "家"); category_label heads the table's first column."""

    key: str
    title: str
    kind: str
    categories: list
    series: list  # [(name, [value per category]), …]
    unit: str = ""
    category_label: str = ""
    description: str = ""
    horizontal: bool = False

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown chart kind {self.kind!r}")
        for name, values in self.series:
            if len(values) != len(self.categories):
                raise ValueError(f"series {name!r} has {len(values)} values, not {len(self)}")

    def __len__(self):
        return len(self.categories)

    @property
    def is_empty(self):
        """Nothing to draw: no categories, or a pie of zeros. Bars of zeros are drawn: "no one
        registered" is a figure too."""
        if not self.categories:
            return True
        return self.kind == "pie" and not any(
            value for _name, values in self.series for value in values
        )

    def headings(self):
        return [str(self.category_label), *(str(name) for name, _values in self.series)]

    def table_rows(self):
        """[[category, value, value, …], …]: the table for screen readers and the sheet."""
        return [
            [str(category), *(values[index] for _name, values in self.series)]
            for index, category in enumerate(self.categories)
        ]

    def to_json(self):
        """What charts.js reads (through json_script): plain lists, numbers as numbers."""
        return {
            "key": self.key,
            "title": str(self.title),
            "kind": self.kind,
            "horizontal": self.horizontal,
            "unit": str(self.unit),
            "categories": [str(category) for category in self.categories],
            "series": [
                {"name": str(name), "values": [plain(value) for value in values]}
                for name, values in self.series
            ],
        }

    def to_xlsx(self, sheet):
        """Writes the chart's table into an openpyxl worksheet: the title, then a heading row
        and one row per category, numbers typed as numbers."""
        sheet.title = sheet_name(self.title)
        write_row(sheet, [str(self.title)], bold=True)
        if self.description:
            write_row(sheet, [str(self.description)])
        write_row(sheet, self.headings(), bold=True)
        for row in self.table_rows():
            write_row(sheet, [row[0], *(plain(value) for value in row[1:])])
        sheet.column_dimensions["A"].width = 36
        for index in range(len(self.series)):
            sheet.column_dimensions[chr(ord("B") + index)].width = 16
        return sheet


def plain(value):
    """A number as JSON and openpyxl take it (Decimal → float, whole floats stay floats)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, numbers.Number):
        return float(value)
    return value
