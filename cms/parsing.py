"""Record ids that arrive from outside (URL paths, posted forms), checked against what the
database can hold: a number too big for a bigint column names no record, and must not reach
the database, where SQLite raises OverflowError and PostgreSQL a DataError."""

# The largest bigint, in SQLite and PostgreSQL alike; ids start at 1.
MAX_ID = 2**63 - 1
MAX_ID_DIGITS = len(str(MAX_ID))


def parse_id(value):
    """The id that `value` (a posted string such as "42") names, or None when it is not a
    whole number from 1 to MAX_ID: no sign, no spaces inside, ASCII digits only."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    # isdigit() alone would let "²" through, which int() refuses; the length bound keeps int()
    # from chewing on a 10 KB string.
    if not (value.isascii() and value.isdigit()) or len(value) > MAX_ID_DIGITS:
        return None
    number = int(value)
    return number if 1 <= number <= MAX_ID else None


def parse_ids(value, separator=","):
    """The ids in a separated list ("3,5,8"), leaving out whatever is not one."""
    if not isinstance(value, str):
        return set()
    return {number for part in value.split(separator) if (number := parse_id(part)) is not None}
