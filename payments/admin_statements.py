"""Bank statements in the admin (收付款 → 银行对账), under /admin/payments/statements/ in the
namespace payments_statements, with their own Wagtail hooks (imported by wagtail_hooks.py).

The treasurer uploads the statement as the bank exports it (payments.statements reads and
matches it; nothing is booked), reads the preview (each line's status, the payment it would
book, matched and part payments ticked, a choice for the ambiguous ones, the totals), then
books the ticked lines in one transaction or discards the statement. The listing below the
upload form shows the past statements. Organisers who may record money received
(payments.add_ledgerentry) use these screens; one scoped to some secretariats matches and
books their scope's payments only, and sees the statements they uploaded themselves (a
statement is the whole account's: its lines name payers of every secretariat)."""

import re
from decimal import Decimal

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import include, path, reverse
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem

from cms.parsing import parse_id
from cms.permissions import permission_or_404
from members.scoping import scope_of

from . import statements
from .admin_ledger import PAYMENTS_MENU_HOOK
from .admin_views import restrict_payments
from .errors import PaymentError
from .models import Payment, StatementImport
from .money import ZERO, yuan

ADD_ENTRIES = "payments.add_ledgerentry"
PAGE_SIZE = 50
LINE_FIELD = re.compile(r"^line-(\d{1,6})$")


class StatementUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Bank statement (CSV or Excel)"),
        help_text=gettext_lazy(
            "The account's transactions as online banking exports them (.csv or .xlsx), "
            "at most 5 MB."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,"
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > statements.MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is too large: at most %(size)s MB.")
                % {"size": statements.MAX_FILE_BYTES // 2**20}
            )
        upload.seek(0)
        head = upload.read(4096)
        upload.seek(0)
        try:
            statements.file_kind(head)
        except PaymentError as error:
            raise forms.ValidationError(error.message) from error
        return upload


def statements_of(user):
    queryset = StatementImport.objects.select_related("uploaded_by")
    if scope_of(user) is not None:
        queryset = queryset.filter(uploaded_by=user)
    return queryset


@permission_or_404(ADD_ENTRIES)
@require_http_methods(["GET", "POST"])
def index(request):
    form = StatementUploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            statement = statements.import_statement(
                upload=form.cleaned_data["file"], by=request.user
            )
        except PaymentError as error:
            form.add_error("file", error.message)
        else:
            messages.success(request, upload_message(statement))
            return redirect("payments_statements:preview", pk=statement.pk)
    page = Paginator(statements_of(request.user), PAGE_SIZE).get_page(request.GET.get("p"))
    return render(
        request,
        "payments/admin/statement_upload.html",
        {"form": form, "page": page, "past": page.object_list},
    )


def upload_message(statement):
    sentences = [
        ngettext(
            "%(count)s line of money received read.",
            "%(count)s lines of money received read.",
            len(statement.lines),
        )
        % {"count": len(statement.lines)}
    ]
    skipped = statement.skipped
    if skipped["outgoing"] or skipped["summaries"]:
        left_out = _("Left out: %(outgoing)s outgoing, %(summaries)s summary rows.")
        sentences.append(left_out % skipped)
    sentences.append(_("Check the matches below, then book them: nothing is booked yet."))
    # Chinese runs its sentences together; English puts a space between them.
    return ("" if get_language().startswith("zh") else " ").join(sentences)


def posted_choices(data):
    """{line index: payment pk} from the preview's form: a ticked line-N checkbox or a
    payment chosen in line-N's list. Whatever is not a line and an id is left out."""
    choices = {}
    for key in data:
        found = LINE_FIELD.match(key)
        if not found:
            continue
        payment_id = parse_id(data.get(key))
        if payment_id is not None:
            choices[int(found.group(1))] = payment_id
    return choices


@permission_or_404(ADD_ENTRIES)
@require_http_methods(["GET", "POST"])
def preview(request, pk):
    statement = get_object_or_404(statements_of(request.user), pk=pk)
    choices, failed = None, None
    if request.method == "POST":
        action = request.POST.get("action", "")
        if statement.state != StatementImport.State.PREVIEW:
            messages.error(request, _("This statement has already been booked or discarded."))
            return redirect("payments_statements:preview", pk=statement.pk)
        if action == "discard":
            try:
                statements.discard_statement(statement=statement, by=request.user)
            except PaymentError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("The statement is discarded: nothing was booked."))
            return redirect("payments_statements:index")
        if action != "book":
            messages.error(request, _("Choose what to do with this statement."))
            return redirect("payments_statements:preview", pk=statement.pk)
        choices = posted_choices(request.POST)
        try:
            booked = statements.book_statement(
                statement=statement, choices=choices, by=request.user
            )
        except statements.StatementLineError as error:
            failed = (error.line, error.message)
            messages.error(request, error.message)
        except PaymentError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s payment booked, %(amount)s in all: the payers have been e-mailed.",
                    "%(count)s payments booked, %(amount)s in all: the payers have been e-mailed.",
                    booked.booked,
                )
                % {"count": booked.booked, "amount": yuan(booked.total_booked)},
            )
            return redirect("payments_statements:preview", pk=statement.pk)
    return render(
        request,
        "payments/admin/statement_preview.html",
        preview_context(statement, request.user, choices, failed),
    )


def preview_context(statement, user, choices, failed):
    """The rows of the preview table. A statement awaiting confirmation is matched again now
    (a line booked meanwhile shows as booked); a booked or discarded one shows what it was."""
    open_for_booking = statement.state == StatementImport.State.PREVIEW
    if open_for_booking:
        matching = statements.match_lines(statement.lines, user=user)
        lines, payments = matching.lines, matching.payments
    else:
        lines = statement.lines
        ids = set()
        for line in lines:
            found = line.get("match") or {}
            ids |= {found.get("payment"), *found.get("candidates", [])}
        ids.discard(None)
        payments = {p.pk: p for p in restrict_payments(Payment.objects.filter(pk__in=ids), user)}
    language = get_language()
    rows = []
    for index, line in enumerate(lines):
        found = line.get("match") or {}
        status = found.get("status", statements.UNMATCHED)
        bookable = statements.bookable_payments(found) if open_for_booking else []
        payment = payments.get(found.get("payment"))
        candidates = [payments[pk] for pk in found.get("candidates", []) if pk in payments]
        if choices is None:
            chosen = found.get("payment") if status in statements.TICKED else None
        else:
            chosen = choices.get(index)
        widget = None
        if bookable and status == statements.AMBIGUOUS:
            widget = "select"
        elif bookable and payment is not None:
            widget = "check"
        rows.append(
            {
                "index": index,
                "line": line,
                "amount": Decimal(line["amount"]),
                "status": "booked-here" if found.get("booked_here") else status,
                "status_label": statements.status_label(found),
                "reason": statements.reason_text(found),
                "payment": payment,
                "payment_for": payment.description_in(language) if payment else "",
                "candidates": [
                    {
                        "pk": candidate.pk,
                        "reference": candidate.reference,
                        "label": " · ".join(
                            [
                                candidate.reference,
                                candidate.payer_name,
                                candidate.description_in(language),
                                _("outstanding %(amount)s")
                                % {"amount": yuan(candidate.outstanding)},
                            ]
                        ),
                    }
                    for candidate in candidates
                ],
                "widget": widget,
                "chosen": chosen if chosen in bookable else None,
                "error": failed[1] if failed and failed[0] == index else "",
            }
        )
    chosen_rows = [row for row in rows if row["chosen"] is not None]
    counts = {}
    for row in rows:
        counts.setdefault(row["status"], {"status": row["status"], "label": row["status_label"]})
        counts[row["status"]]["count"] = counts[row["status"]].get("count", 0) + 1
    return {
        "statement": statement,
        "rows": rows,
        "open_for_booking": open_for_booking,
        "totals": {
            "lines": len(rows),
            "received": sum((row["amount"] for row in rows), ZERO),
            "to_book": len(chosen_rows),
            "to_book_amount": sum((row["amount"] for row in chosen_rows), ZERO),
            "booked": sum((row["amount"] for row in rows if row["status"] == "booked-here"), ZERO),
        },
        "counts": list(counts.values()),
    }


urlpatterns = [
    path("", index, name="index"),
    path("<id:pk>/", preview, name="preview"),
]


@hooks.register("register_admin_urls")
def register_statement_urls():
    return [path("payments/statements/", include((urlpatterns, "payments_statements")))]


class StatementsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(ADD_ENTRIES)


@hooks.register(PAYMENTS_MENU_HOOK)
def register_statements_menu_item():
    return StatementsMenuItem(
        gettext_lazy("Bank statements"),
        reverse("payments_statements:index"),
        icon_name="table",
        order=40,
    )
