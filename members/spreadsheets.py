"""Cells written to CSV or Excel files that members' own text ends up in."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Text a spreadsheet would run as a formula (=HYPERLINK(…), +cmd…) gets a leading
    apostrophe, which Excel and WPS show as plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
