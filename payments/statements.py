"""Bank statements: reading the file a Chinese bank exports, matching its money received to the
payments due, and booking what the organiser confirms.

Reading (`read_statement`): a CSV (UTF-8 with or without BOM, GB18030/GBK, UTF-16 with BOM;
comma- or tab-separated) or an XLSX workbook, recognised by its content, not its name. Banks
(ICBC, CCB, BOC, ABC, CMB, …) put a few title rows (account, period) above the headings: the
headings row is the first that names a date and an amount received, by the usual Chinese and
English names (COLUMN_NAMES). Outgoing lines and summary rows (合计, 总计) are left out. Amounts
are Decimal, never float (an XLSX number cell is read through its shortest repr, so 1200.1 is
1200.10). A line without a serial number gets one made from its date, time, amount,
counterparty and remark (and how often that same line came before in the file), so the same
file uploaded again names the same lines.

Matching (`match_lines`): each line against the payments the organiser may see
(admin_views.restrict_payments): a payment reference in the remark, else one open payment of
the same payer name and amount; a serial already in the ledger (provider "bank") is booked and
never offered again. A handful of queries whatever the number of lines.

Booking (`book_statement`): the chosen lines through services.record_payment, all in one
transaction: one refused line books nothing.
"""

import contextlib
import csv
import datetime
import decimal
import hashlib
import io
import os
import re
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy
from wagtail.log_actions import log

from cms.locking import lock_row
from members import importing
from members.errors import ImportFileError

from .admin_views import restrict_payments
from .errors import PaymentError
from .models import (
    REFERENCE_ALPHABET,
    REFERENCE_LENGTH,
    LedgerEntry,
    Method,
    Payment,
    StatementImport,
)
from .money import FEN, ZERO, to_amount, yuan
from .services import record_payment

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000  # rows below the headings, incoming and outgoing
HEADER_SEARCH_ROWS = 40  # title rows a bank may put above the headings
LOOKUP_CHUNK = 500  # values per IN (…) query (SQLite allows 999 parameters)
BANK = "bank"  # LedgerEntry.provider of money booked from a statement (services.record_payment)

# The usual headings of Chinese banks' exports, by what the column holds. Compared after
# heading_key(): NFKC, lower case, without parentheses and what they hold ("金额(元)" is
# "金额", "交易日期[ Transaction Date ]" is "交易日期").
COLUMN_NAMES = {
    "date": [
        "交易日期",
        "记账日期",
        "入账日期",
        "日期",
        "交易日",
        "date",
        "transaction date",
        "trans date",
        "posting date",
        "booking date",
        "value date",
    ],
    "time": ["交易时间", "时间", "time", "transaction time"],
    "credit": [
        "贷方发生额",
        "贷方金额",
        "收入金额",
        "收入",
        "贷方",
        "存入金额",
        "credit",
        "credit amount",
        "credits",
        "deposit",
        "deposits",
    ],
    "debit": [
        "借方发生额",
        "借方金额",
        "支出金额",
        "支出",
        "借方",
        "支取金额",
        "debit",
        "debit amount",
        "debits",
        "withdrawal",
        "withdrawals",
    ],
    "amount": ["交易金额", "金额", "发生额", "amount", "transaction amount"],
    "direction": [
        "借贷标志",
        "借贷方向",
        "借贷",
        "收支方向",
        "收支",
        "交易方向",
        "dr/cr",
        "debit/credit",
        "direction",
    ],
    "name": [
        "对方户名",
        "对方账户名称",
        "对方账户名",
        "付款人名称",
        "对方名称",
        "对方单位",
        "付款人",
        "付款方",
        "payer",
        "payer name",
        "counterparty",
        "counterparty name",
        "other party",
    ],
    "account": [
        "对方账号",
        "对方账户",
        "付款人账号",
        "付款账号",
        "对方卡号",
        "payer account",
        "counterparty account",
    ],
    "remark": [
        "摘要",
        "附言",
        "用途",
        "备注",
        "交易附言",
        "交易摘要",
        "交易用途",
        "汇款附言",
        "说明",
        "remark",
        "remarks",
        "memo",
        "purpose",
        "narrative",
        "postscript",
    ],
    "serial": [
        "交易流水号",
        "流水号",
        "凭证号",
        "业务流水号",
        "交易流水",
        "交易编号",
        "交易参考号",
        "银行流水号",
        "serial",
        "serial no",
        "serial number",
        "reference",
        "reference no",
        "transaction id",
        "transaction no",
    ],
}
KNOWN_HEADINGS = {name: kind for kind, names in COLUMN_NAMES.items() for name in names}
SUMMARY_WORDS = ("合计", "总计", "小计", "本页合计", "累计", "汇总", "total", "sum")
INCOMING_MARKS = {"贷", "贷方", "收", "收入", "入", "c", "cr", "credit", "+"}
OUTGOING_MARKS = {"借", "借方", "支", "支出", "出", "d", "dr", "debit", "-"}
EMPTY_MONEY = {"", "-", "--", "—", "——", "/"}


class StatementLineError(PaymentError):
    """One chosen line of a statement could not be booked (nothing of the statement was):
    `line` is its index in StatementImport.lines."""

    def __init__(self, message, *, line):
        super().__init__(message)
        self.line = line


# -- reading ---------------------------------------------------------------------------------


@dataclass
class ReadStatement:
    """The money received a file holds, as StatementImport.lines keeps it (amounts and dates
    as text), and how many rows were left out."""

    lines: list
    outgoing: int = 0
    summaries: int = 0


@dataclass
class Columns:
    """Which column (index) holds what; several may hold remarks."""

    single: dict = field(default_factory=dict)
    remarks: list = field(default_factory=list)

    @property
    def kinds(self):
        return set(self.single) | ({"remark"} if self.remarks else set())

    @property
    def is_header(self):
        return bool({"date", "time"} & self.kinds) and bool({"credit", "amount"} & self.kinds)


def read_statement(upload):
    """The incoming lines of a bank statement file. Raises PaymentError, with what is wrong,
    for a file that is not one: too large, not CSV or XLSX, no headings row naming a date and
    an amount received, a line whose date or amount cannot be read."""
    with contextlib.suppress(AttributeError, OSError):
        upload.seek(0)
    data = upload.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise PaymentError(
            _("The file is too large: at most %(size)s MB.") % {"size": MAX_FILE_BYTES // 2**20}
        )
    try:
        if file_kind(data) == "xlsx":
            check_archive(data)
            rows = importing.xlsx_rows(data)
        else:
            rows = csv_rows(data)
        with contextlib.closing(rows):
            return parse_rows(rows)
    except ImportFileError as error:  # members.importing's readers say what went wrong
        raise PaymentError(error.message) from error


def file_kind(data):
    """ "xlsx" or "csv", by what the bytes are; PaymentError for anything else."""
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    refused = _("Upload the statement as your bank exports it: a CSV or an Excel (.xlsx) file.")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise PaymentError(
            _(
                "This is an old Excel file (.xls): open it in Excel or WPS and save it as .xlsx "
                "or CSV, then upload that."
            )
        )
    if data.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b")):
        raise PaymentError(refused)
    if not data.strip():
        raise PaymentError(_("The file is empty."))
    if data.lstrip()[:1] == b"<":
        # Several banks' "Excel" download is a web page with a .xls name.
        raise PaymentError(
            _(
                "This file is a web page, not a spreadsheet: open it in Excel or WPS and save it "
                "as .xlsx or CSV, then upload that."
            )
        )
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise PaymentError(refused)
    return "csv"


def check_archive(data):
    """Refuses a workbook whose zip entries would unpack to too much (members.importing's
    limits), or that is no workbook at all, before openpyxl opens it."""
    refused = _("This is not an Excel workbook we can read.")
    try:
        entries = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as error:
        raise PaymentError(refused) from error
    if not any(entry.filename == "xl/workbook.xml" for entry in entries):
        raise PaymentError(refused)  # a .docx, a zip of something else
    unpacked = sum(entry.file_size for entry in entries)
    dense = any(
        entry.file_size > importing.XLSX_RATIO_FROM
        and entry.file_size > importing.XLSX_MAX_RATIO * max(entry.compress_size, 1)
        for entry in entries
    )
    if len(entries) > importing.XLSX_MAX_ENTRIES or unpacked > importing.XLSX_MAX_UNPACKED or dense:
        raise PaymentError(
            _(
                "This workbook unpacks to far more data than a bank statement holds, so it is "
                "not opened. Save the sheet again from Excel or WPS, or as CSV, and upload that."
            )
        )


def decode_text(data):
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)  # Excel's "Unicode text"
    else:
        encodings = ("utf-8-sig", "gb18030")  # Excel and online banking in China write GB18030
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise PaymentError(_("The CSV file is neither UTF-8 nor GB18030 text."))


def csv_rows(data):
    """(row number, cells) of a CSV file, comma- or tab-separated."""
    text = decode_text(data)
    if "\x00" in text:
        raise PaymentError(
            _("Upload the statement as your bank exports it: a CSV or an Excel (.xlsx) file.")
        )
    sample = text.splitlines()[:HEADER_SEARCH_ROWS]
    tabs, commas = sum(s.count("\t") for s in sample), sum(s.count(",") for s in sample)
    reader = csv.reader(io.StringIO(text), delimiter="\t" if tabs >= max(commas, 1) else ",")
    number = 0
    try:
        for number, row in enumerate(reader, start=1):  # noqa: B007 (read after the loop)
            yield number, row
    except csv.Error as error:
        raise PaymentError(
            _("Row %(row)s of the CSV file cannot be read.") % {"row": number + 1}
        ) from error


def heading_key(value):
    text = unicodedata.normalize("NFKC", importing.cell_text(value)).lower()
    text = re.sub(r"\(.*?\)|\[.*?\]|【.*?】|<.*?>", " ", text)
    text = re.sub(r"[:*_.#]", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def column_kind(value):
    """What a heading names ("date", "credit", …), or None."""
    key = heading_key(value)
    if not key:
        return None
    if key in KNOWN_HEADINGS:
        return KNOWN_HEADINGS[key]
    # Bilingual headings: 交易日期 Transaction Date.
    chinese = "".join(re.findall(r"[\u4e00-\u9fff]+", key))
    if chinese in KNOWN_HEADINGS:
        return KNOWN_HEADINGS[chinese]
    latin = re.sub(r"\s+", " ", re.sub(r"[\u4e00-\u9fff]+", " ", key)).strip()
    return KNOWN_HEADINGS.get(latin)


def recognise(values):
    columns = Columns()
    for index, value in enumerate(values):
        kind = column_kind(value)
        if kind == "remark":
            columns.remarks.append(index)
        elif kind and kind not in columns.single:
            columns.single[kind] = index
    return columns


def no_headings_error(best):
    kinds = best.kinds if best else set()
    has_date = bool({"date", "time"} & kinds)
    has_money = bool({"credit", "amount"} & kinds)
    if len(kinds) >= 2 and has_date and not has_money:
        return PaymentError(
            _(
                "The statement's headings have no column of money received: name it as the bank "
                "does, such as Credit or Amount."
            )
        )
    if len(kinds) >= 2 and has_money and not has_date:
        return PaymentError(
            _(
                "The statement's headings have no date column: name it as the bank does, such as "
                "Date or Transaction date."
            )
        )
    return PaymentError(
        _(
            "This file does not look like a bank statement: none of its first rows holds column "
            "headings with a date (such as Date) and an amount received (such as Credit or "
            "Amount)."
        )
    )


def parse_rows(rows):
    columns, best = None, None
    read = ReadStatement(lines=[])
    searched = 0
    for number, values in rows:
        values = list(values)
        if not any(importing.cell_text(value) for value in values):
            continue
        if columns is None:
            searched += 1
            found = recognise(values)
            if found.is_header:
                columns = found
                continue
            if best is None or len(found.kinds) > len(best.kinds):
                best = found
            if searched >= HEADER_SEARCH_ROWS:
                break
            continue
        if len(read.lines) + read.outgoing + read.summaries >= MAX_ROWS:
            raise PaymentError(
                _(
                    "The statement has more than %(rows)s lines: export a shorter period and "
                    "upload each part."
                )
                % {"rows": f"{MAX_ROWS:,}"}
            )
        parse_line(read, number, values, columns)
    if columns is None:
        raise no_headings_error(best)
    give_serials(read.lines)
    return read


def cell(values, index):
    return values[index] if index is not None and index < len(values) else None


def parse_line(read, number, values, columns):
    """Adds the row to `read`: a line of money received, or one more left out."""

    def at(kind):
        return cell(values, columns.single.get(kind))

    texts = [importing.cell_text(value) for value in values]
    first = next((text for text in texts if text), "")
    if any(
        unicodedata.normalize("NFKC", text).lower().replace(" ", "").startswith(SUMMARY_WORDS)
        for text in (first, importing.cell_text(at("date")))
    ):
        read.summaries += 1
        return
    if "credit" in columns.single or "debit" in columns.single:
        credit = money(at("credit"), number)
        debit = money(at("debit"), number)
        if credit is None or credit <= ZERO:
            if (debit is not None and debit != ZERO) or (credit is not None and credit < ZERO):
                read.outgoing += 1
            return
        amount = credit
    else:
        amount = money(at("amount"), number)
        if amount is None or amount == ZERO:
            return
        direction = unicodedata.normalize("NFKC", importing.cell_text(at("direction"))).lower()
        if amount < ZERO or direction in OUTGOING_MARKS:
            read.outgoing += 1
            return
    date = parse_date(at("date")) if "date" in columns.single else None
    if date is None:
        date = parse_date(at("time"))
    if date is None:
        shown = importing.cell_text(at("date") if "date" in columns.single else at("time"))
        raise PaymentError(
            _("Row %(row)s: the date “%(value)s” cannot be read.")
            % {"row": number, "value": shown[:40]}
        )
    remarks = []
    for index in columns.remarks:
        text = importing.cell_text(cell(values, index))
        if text and text not in remarks:
            remarks.append(text)
    read.lines.append(
        {
            "row": number,
            "date": date.isoformat(),
            "time": parse_time(at("time")),
            "amount": f"{amount:.2f}",
            "name": importing.cell_text(at("name"))[:200],
            "account": importing.cell_text(at("account"))[:64],
            "remark": " / ".join(remarks)[:500],
            "serial": importing.cell_text(at("serial"))[:60],
            "derived": False,
        }
    )


def money(value, row):
    """A cell's signed amount as Decimal with two places, None for an empty cell; PaymentError
    for one that is not an amount."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise PaymentError(_("Row %(row)s: the amount cannot be read.") % {"row": row})
    if isinstance(value, float):
        # openpyxl gives number cells as floats: their shortest repr is what Excel shows
        # (1200.1, not 1200.0999999999999), then rounded to the fen.
        return decimal.Decimal(repr(value)).quantize(FEN, rounding=decimal.ROUND_HALF_UP)
    if isinstance(value, int):
        return decimal.Decimal(value).quantize(FEN)
    if isinstance(value, decimal.Decimal):
        return value.quantize(FEN, rounding=decimal.ROUND_HALF_UP)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if text in EMPTY_MONEY:
        return None
    sign = 1
    if text.startswith("(") and text.endswith(")"):
        sign, text = -1, text[1:-1].strip()
    if text[:1] in ("-", "\u2212"):
        sign, text = -1, text[1:].strip()
    elif text[:1] == "+":
        text = text[1:].strip()
    elif text[-1:] in ("-", "\u2212"):  # 1,200.00- as some banks' debit columns write it
        sign, text = -1, text[:-1].strip()
    try:
        amount = to_amount(text)
    except PaymentError as error:
        raise PaymentError(
            _("Row %(row)s: the amount “%(value)s” cannot be read.")
            % {"row": row, "value": str(value)[:40]}
        ) from error
    return amount if sign > 0 else -amount


EXCEL_EPOCH = datetime.date(1899, 12, 30)
DATE_PATTERNS = (
    re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})(?:\d{6})?(?!\d)"),
)


def parse_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 20_000 < value < 80_000:
        # A date cell that lost its date format: Excel's serial day number (1954 to 2119).
        return EXCEL_EPOCH + datetime.timedelta(days=int(value))
    text = unicodedata.normalize("NFKC", importing.cell_text(value))
    for pattern in DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return datetime.date(*(int(part) for part in match.groups()))
            except ValueError:
                return None
    return None


def parse_time(value):
    if isinstance(value, datetime.datetime):
        return value.time().isoformat(timespec="seconds")
    if isinstance(value, datetime.time):
        return value.isoformat(timespec="seconds")
    text = unicodedata.normalize("NFKC", importing.cell_text(value))
    match = re.search(r"(\d{1,2}):(\d{2})(?::(\d{2}))?", text) or re.fullmatch(
        r"(\d{2})(\d{2})(\d{2})", text
    )
    if not match:
        return ""
    hours, minutes, seconds = (int(part or 0) for part in match.groups())
    if hours > 23 or minutes > 59 or seconds > 59:
        return ""
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}"


def give_serials(lines):
    """Each line's serial as the ledger will hold it. A bank's number repeated in the file (a
    voucher number shared by lines) gets #2, #3 on its later lines; a line without one gets a
    hash of what it says and how often that same line came before, stable from one upload of
    the file to the next."""
    seen = Counter()
    for line in lines:
        if line["serial"]:
            seen[("serial", line["serial"])] += 1
            count = seen[("serial", line["serial"])]
            if count > 1:
                line["serial"] = f"{line['serial']}#{count}"
            continue
        key = "|".join(
            [line["date"], line["time"], line["amount"], name_key(line["name"]), line["remark"]]
        )
        seen[("line", key)] += 1
        digest = hashlib.sha256(f"{key}|{seen[('line', key)]}".encode()).hexdigest()
        line["serial"] = f"auto-{digest[:40]}"
        line["derived"] = True


# -- matching --------------------------------------------------------------------------------


def name_key(text):
    """A payer's name as compared: full-width folded, case, spaces and brackets ignored, so
    深圳某某（集团）有限公司 is 深圳某某(集团) 有限公司."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return re.sub(r"[\s()\[\]{}（）【】〔〕<>《》\"'“”‘’·.,，。、\-]", "", text)


REFERENCE_CHARACTERS = frozenset(REFERENCE_ALPHABET)


def references_in(text):
    """The payment references a remark may hold ("会费 AB3K7QX9 深圳某某", "ab3k7qx9"): every
    run of eight reference characters, also when the bank glued a few letters or digits to
    it. Which of them are payments is for the database to say."""
    text = unicodedata.normalize("NFKC", text or "").upper()
    found = []
    for run in re.findall(r"[0-9A-Z]+", text):
        if not REFERENCE_LENGTH <= len(run) <= REFERENCE_LENGTH + 4:
            continue
        for start in range(len(run) - REFERENCE_LENGTH + 1):
            window = run[start : start + REFERENCE_LENGTH]
            if set(window) <= REFERENCE_CHARACTERS and window not in found:
                found.append(window)
    return found


def chunked(values):
    values = list(values)
    for start in range(0, len(values), LOOKUP_CHUNK):
        yield values[start : start + LOOKUP_CHUNK]


@dataclass
class Matching:
    """The lines, each with its "match", and the payments they name, by pk."""

    lines: list
    payments: dict


MATCHED, PART, SUGGESTED, AMBIGUOUS, UNMATCHED, BOOKED = (
    "matched",
    "part",
    "suggested",
    "ambiguous",
    "unmatched",
    "booked",
)
# Ticked for booking when the preview opens.
TICKED = (MATCHED, PART)


def parsed(line):
    return {key: value for key, value in line.items() if key != "match"}


def match_lines(lines, *, user):
    """Each line (a dict as read_statement gives, or as StatementImport.lines holds) with its
    "match": {"status", "payment", "candidates", "reason"} among the payments `user` may see.

    - booked: the serial is in the ledger already (provider "bank");
    - matched / part: one payment reference in the remark, the amount equal to / less than
      what the payment still owes (after the lines above it in the file);
    - ambiguous: more than it owes, a payment no longer open, several references (those open
      are the candidates), or no reference and several open payments of that payer and amount;
    - suggested: no reference, one open payment of that payer and amount;
    - unmatched: nothing.

    Lines with a reference are matched first, so a payer's own reference wins over a name.
    A bounded number of queries (one per LOOKUP_CHUNK values), whatever the number of lines."""
    lines = [parsed(line) for line in lines]
    visible = restrict_payments(Payment.objects.all(), user)
    booked = {}
    for serials in chunked({line["serial"] for line in lines}):
        for serial, payment_id, receipt in LedgerEntry.objects.filter(
            provider=BANK, provider_reference__in=serials
        ).values_list("provider_reference", "payment_id", "receipt_number"):
            booked[serial] = (payment_id, receipt)
    payments = {}
    for ids in chunked({payment_id for payment_id, _receipt in booked.values()}):
        payments.update((p.pk, p) for p in visible.filter(pk__in=ids))
    tokens = [references_in(line["remark"]) for line in lines]
    by_reference = {}
    for chunk in chunked({token for found in tokens for token in found}):
        for payment in visible.filter(reference__in=chunk):
            by_reference[payment.reference] = payment
    payments.update((p.pk, p) for p in by_reference.values())
    named = [[by_reference[token] for token in found if token in by_reference] for found in tokens]
    # Open payments owing one of the amounts of the lines that name none (a part-paid one
    # owes amount − paid, compared here rather than in SQL arithmetic on decimals).
    amounts = {
        decimal.Decimal(line["amount"])
        for line, found in zip(lines, named, strict=True)
        if not found and line["serial"] not in booked
    }
    by_name = {}
    if amounts:
        open_ones = visible.open()
        owing = []
        for chunk in chunked(amounts):
            owing += list(
                open_ones.filter(
                    Q(state=Payment.State.DUE, amount__in=chunk) | Q(state=Payment.State.PART_PAID)
                ).order_by("due_date", "pk")
            )
        for payment in owing:
            if payment.outstanding in amounts:
                by_name.setdefault(name_key(payment.payer_name), []).append(payment)
    left = {}  # what each payment still owes after the lines above

    def owes(payment):
        return left.get(payment.pk, payment.outstanding)

    matches = [None] * len(lines)
    for index, line in enumerate(lines):
        if line["serial"] in booked:
            payment_id, receipt = booked[line["serial"]]
            matches[index] = {
                "status": BOOKED,
                "payment": payment_id if payment_id in payments else None,
                "candidates": [],
                "reason": {"code": "booked", "receipt": receipt or ""},
            }
        elif named[index]:
            matches[index] = match_by_reference(line, named[index], owes, left)
    for index, line in enumerate(lines):
        if matches[index] is None:
            amount = decimal.Decimal(line["amount"])
            found = [
                payment
                for payment in by_name.get(name_key(line["name"]), [])
                if name_key(line["name"]) and owes(payment) == amount
            ]
            if len(found) == 1:
                left[found[0].pk] = owes(found[0]) - amount
                matches[index] = match(SUGGESTED, found[0], code="suggested")
            elif found:
                matches[index] = match(AMBIGUOUS, None, [p.pk for p in found], code="several")
            else:
                matches[index] = match(UNMATCHED, None, code="unmatched")
            payments.update((p.pk, p) for p in found)
    for line, found in zip(lines, matches, strict=True):
        line["match"] = found
    return Matching(lines=lines, payments=payments)


def match(status, payment, candidates=(), **reason):
    return {
        "status": status,
        "payment": payment.pk if payment else None,
        "candidates": list(candidates),
        "reason": reason,
    }


def match_by_reference(line, named, owes, left):
    amount = decimal.Decimal(line["amount"])
    unique = list({payment.pk: payment for payment in named}.values())
    if len(unique) > 1:
        open_ones = [p for p in unique if p.is_open and owes(p) > ZERO]
        return match(
            AMBIGUOUS,
            None,
            [p.pk for p in open_ones],
            code="references",
            references=" / ".join(p.reference for p in unique),
        )
    [payment] = unique
    if not payment.is_open:
        return match(AMBIGUOUS, payment, code="not-open", reference=payment.reference)
    due = owes(payment)
    if amount > due:
        return match(AMBIGUOUS, payment, code="over", reference=payment.reference, due=f"{due}")
    left[payment.pk] = due - amount
    if amount == due:
        return match(MATCHED, payment, code="matched")
    return match(PART, payment, code="part", due=f"{due}")


def bookable_payments(found):
    """The payments a line may be booked on: its own match, or the candidates to choose."""
    if found["status"] in (MATCHED, PART, SUGGESTED):
        return [found["payment"]]
    if found["status"] == AMBIGUOUS:
        return list(found["candidates"])
    return []


STATUS_LABELS = {
    MATCHED: pgettext_lazy("bank statement line", "Matched"),
    PART: pgettext_lazy("bank statement line", "Part payment"),
    SUGGESTED: pgettext_lazy("bank statement line", "Suggested: check it"),
    AMBIGUOUS: pgettext_lazy("bank statement line", "Needs your decision"),
    UNMATCHED: pgettext_lazy("bank statement line", "No match"),
    BOOKED: pgettext_lazy("bank statement line", "Already booked"),
}


def status_label(found):
    if found.get("booked_here"):
        return pgettext("bank statement line", "Booked by this statement")
    return str(STATUS_LABELS.get(found.get("status"), ""))


def reason_text(found):
    """Why the line matched as it did, in the reader's language."""
    reason = found.get("reason") or {}
    code = reason.get("code")
    if found.get("booked_here"):
        return _("Receipt %(receipt)s.") % {"receipt": found.get("receipt", "")}
    if code == "booked":
        if reason.get("receipt"):
            return _("This serial number was booked before: receipt %(receipt)s.") % {
                "receipt": reason["receipt"]
            }
        return _("This serial number was booked before.")
    if code == "part":
        return _("Less than the %(due)s outstanding: booked as a part payment.") % {
            "due": yuan(reason.get("due"))
        }
    if code == "suggested":
        return _("Same payer and amount, but the remark names no payment reference.")
    if code == "over":
        return _("More than the %(due)s outstanding on %(reference)s: record it by hand.") % {
            "due": yuan(reason.get("due")),
            "reference": reason.get("reference", ""),
        }
    if code == "not-open":
        return _("Payment %(reference)s is no longer open: nothing is due on it.") % {
            "reference": reason.get("reference", "")
        }
    if code == "references":
        return _("The remark names several payment references (%(references)s): choose one.") % {
            "references": reason.get("references", "")
        }
    if code == "several":
        return _("Several open payments of this payer and amount: choose one.")
    if code == "unmatched":
        return _("No payment reference, and no open payment of this payer and amount.")
    return ""


def line_label(line):
    return _("Row %(row)s (%(amount)s from %(payer)s)") % {
        "row": line.get("row", "?"),
        "amount": yuan(line.get("amount")),
        "payer": line.get("name") or "—",
    }


def cannot_book(found):
    status = found.get("status")
    if status == BOOKED:
        return _("This bank statement line has already been booked.")
    if status == UNMATCHED:
        return _("There is no payment to book this line on.")
    text = reason_text(found)
    if status == AMBIGUOUS and text and not found.get("candidates"):
        return text
    return _("This payment is not one this line can be booked on.")


# -- the statement's life --------------------------------------------------------------------


def import_statement(*, upload, by):
    """Reads and matches a bank statement file for `by` and keeps it awaiting confirmation;
    nothing is booked. Raises PaymentError, saving nothing, for a file that is not a statement
    or holds no money received. The statement returned carries `skipped` (how many outgoing
    and summary rows were left out) for the message."""
    read = read_statement(upload)
    if not read.lines:
        raise PaymentError(
            _("The statement holds no money received: only outgoing payments, or no lines.")
        )
    matching = match_lines(read.lines, user=by)
    statement = StatementImport.objects.create(
        uploaded_by=by,
        file_name=os.path.basename(getattr(upload, "name", "") or "")[:200] or "statement",
        lines=matching.lines,
    )
    statement.skipped = {"outgoing": read.outgoing, "summaries": read.summaries}
    return statement


def book_statement(*, statement, choices, by):
    """Books the chosen lines of a statement awaiting confirmation: `choices` is {index of the
    line in statement.lines: pk of the payment to book it on}. Each is booked as a bank
    transfer received on the line's date with the line's serial as the bank's reference
    (services.record_payment: a serial is booked once, a part payment is allowed, more than is
    due is refused), after matching the lines again as they stand now, for `by`'s scope.

    All in one transaction, with the statement's row locked: when any line is refused nothing
    is booked and StatementLineError names the line. Then the statement is booked (applied,
    with the count), its lines keep what each booked and its receipt, and the audit log has
    "payments.statement_booked". The payers are e-mailed after commit (record_payment)."""
    if not choices:
        raise PaymentError(_("Tick the lines to book, or choose a payment for them, first."))
    with transaction.atomic():
        lock_row(StatementImport, statement.pk)
        statement = StatementImport.objects.get(pk=statement.pk)
        if statement.state != StatementImport.State.PREVIEW:
            raise PaymentError(_("This statement has already been booked or discarded."))
        matching = match_lines(statement.lines, user=by)
        lines = matching.lines
        total = ZERO
        for index in sorted(choices):
            if not 0 <= index < len(lines):
                raise PaymentError(_("This statement has no such line."))
            line = lines[index]
            if choices[index] not in bookable_payments(line["match"]):
                raise StatementLineError(
                    _("%(line)s: %(error)s")
                    % {"line": line_label(line), "error": cannot_book(line["match"])},
                    line=index,
                )
            payment = matching.payments[choices[index]]
            amount = to_amount(line["amount"])
            try:
                entry = record_payment(
                    payment=payment,
                    amount=amount,
                    method=Method.BANK_TRANSFER,
                    booked_on=datetime.date.fromisoformat(line["date"]),
                    by=by,
                    note=_("Bank statement %(file)s, row %(row)s")
                    % {"file": statement.file_name, "row": line["row"]},
                    bank_reference=line["serial"],
                )
            except PaymentError as error:
                raise StatementLineError(
                    _("%(line)s: %(error)s") % {"line": line_label(line), "error": error.message},
                    line=index,
                ) from error
            line["match"] = {
                **line["match"],
                "payment": payment.pk,
                "booked_here": True,
                "receipt": entry.receipt_number,
            }
            total += amount
        statement.lines = lines
        statement.state = StatementImport.State.APPLIED
        statement.applied_at = timezone.now()
        statement.booked = len(choices)
        statement.save(update_fields=["lines", "state", "applied_at", "booked"])
        log(
            instance=statement,
            action="payments.statement_booked",
            user=by,
            data={"file": statement.file_name, "booked": statement.booked, "amount": str(total)},
        )
    statement.total_booked = total
    return statement


@transaction.atomic
def discard_statement(*, statement, by):
    """Puts a statement awaiting confirmation aside, booking nothing (its lines stay to read)."""
    lock_row(StatementImport, statement.pk)
    statement = StatementImport.objects.get(pk=statement.pk)
    if statement.state != StatementImport.State.PREVIEW:
        raise PaymentError(_("This statement has already been booked or discarded."))
    statement.state = StatementImport.State.DISCARDED
    statement.save(update_fields=["state"])
    return statement
