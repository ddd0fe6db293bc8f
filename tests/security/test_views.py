"""Every view of the project, by its URL name, with who may open it. A view added without a
case here fails `test_every_project_view_has_a_case`.

Rules checked for each case:
- views that need an account send anonymous visitors to log in;
- personal views (someone's ticket, enrolment, certificate, colleague, invitation) and the
  organisers' screens answer 404 to anyone else, never 403, so nothing confirms the object;
- views that change state refuse GET (405) or show a form on GET, and refuse a POST without a
  CSRF token.
"""

import dataclasses
import datetime

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from events.models import EventKind, EventPage, Registration
from members.models import (
    Invitation,
    MemberProfile,
    Membership,
    MembershipApplication,
    Organisation,
)
from training.models import Certificate, CertificateTemplate, CohortPage, Enrolment, IssueRun

pytestmark = pytest.mark.django_db

PROJECT_APPS = ("cms", "members", "events", "training", "insights", "payments")

PUBLIC, LOGIN, PERSONAL, ORGANISER = "public", "login", "personal", "organiser"


def dues_of(world):
    """The demo member's company's dues (the demo gives it paid and due ones)."""
    from payments.models import Payment

    return Payment.objects.filter(organisation=world.organisation).order_by("pk").first()


def receipt_of(world):
    from payments.models import LedgerEntry

    return (
        LedgerEntry.objects.filter(payment__organisation=world.organisation, kind="received")
        .order_by("pk")
        .first()
    )


def open_dues_of(world):
    """A payment the demo member's company still owes (the demo gives it next year's)."""
    from payments.models import Payment

    return Payment.objects.open().filter(organisation=world.organisation).order_by("pk").first()


def order_of(world):
    """A test-mode order for that payment, waiting for its notification."""
    from payments import services
    from payments.models import OnlineOrder
    from payments.providers import Checkout

    order = OnlineOrder.objects.filter(payment=open_dues_of(world), state="open").first()
    if order is None:
        order = services.open_order(payment=open_dues_of(world), provider="test")
        order.data = Checkout(kind="qr", content="weixin://wxpay/bizpayurl?pr=t").as_data()
        order.save(update_fields=["data"])
    return order


def paid_payment_of(world, description):
    """A paid payment of the demo member's company (made once per test)."""
    from payments import services
    from payments.models import Payment

    payment = Payment.objects.filter(
        organisation=world.organisation, description=description
    ).first()
    if payment is None:
        payment = services.create_payment(
            purpose="other",
            amount="100",
            due_date=datetime.date(2045, 6, 30),
            payer_name=world.organisation.name,
            description=description,
            organisation=world.organisation,
            notify=False,
        )
        services.record_payment(
            payment=payment,
            amount="100",
            method="cash",
            booked_on=datetime.date(2025, 6, 1),
            by=None,
            notify=False,
        )
    return payment


def fapiao_of(world, *, issued):
    from django.core.files.base import ContentFile

    from payments import fapiao
    from payments.models import FapiaoRequest

    payment = paid_payment_of(world, "安全测试已开发票" if issued else "安全测试待开发票")
    found = FapiaoRequest.objects.filter(payment=payment).first()
    if found:
        return found
    request = fapiao.request_fapiao(
        payment=payment,
        by=world.member,
        kind="normal",
        buyer_name=world.organisation.name,
        tax_id="91110000600037341L",
    )
    if not issued:
        return request
    return fapiao.issue_fapiao(
        fapiao=request,
        by=world.organiser,
        number="12345678",
        issued_on=datetime.date(2025, 6, 1),
        pdf=ContentFile(b"%PDF-1.4\n%%EOF\n", name="f.pdf"),
    )


def statement_of(world):
    """A bank statement awaiting confirmation, one line naming the member's dues."""
    from payments.models import StatementImport

    line = {
        "row": 6,
        "date": "2025-11-03",
        "time": "",
        "amount": "100.00",
        "name": "某某",
        "account": "",
        "remark": dues_of(world).reference,
        "serial": "SEC-1",
        "derived": False,
    }
    return StatementImport.objects.create(
        uploaded_by=world.organiser, file_name="流水.csv", lines=[line]
    )


def dues_rate():
    from payments.models import DuesRate

    return DuesRate.objects.order_by("pk").first()


ADMINISTRATOR = "administrator"  # superusers only, not the Organisers group
GET, POST_ONLY, FORM = "get", "post", "form"
# A provider's server-to-server notification: no session, no CSRF token, its signature is
# the proof (test_provider_notifications_need_their_signature).
SIGNED = "signed"


@dataclasses.dataclass
class Case:
    url: object  # world -> path
    rule: str
    method: str = GET
    owner: str = "member"  # who may open a personal view


def project_url_names():
    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = pattern.namespace or ""
                yield from walk(
                    pattern.url_patterns, f"{namespace}:{inner}".strip(":") if inner else namespace
                )
            elif isinstance(pattern, URLPattern):
                module = getattr(pattern.callback, "__module__", "")
                if module.split(".")[0] in PROJECT_APPS:
                    yield f"{namespace}:{pattern.name}".strip(":")

    return set(walk(get_resolver().url_patterns))


@dataclasses.dataclass
class World:
    member: object
    stranger: object
    organiser: object
    trainee: object
    organisation: Organisation
    lapsed: Organisation
    colleague: MemberProfile
    event: EventPage
    fair: EventPage
    registration: Registration
    cohort: CohortPage
    enrolment: Enrolment
    certificate: Certificate
    invitation: Invitation
    application: MembershipApplication
    membership: Membership
    booth_application: object
    run: IssueRun
    template: CertificateTemplate
    deletion: object


@pytest.fixture
def world(make_user, organiser, django_user_model):
    from cms import privacy
    from events import services as events
    from events.models import BoothApplication
    from members import services as members
    from tests.events.conftest import create_event
    from training import services as training

    member = django_user_model.objects.get(email="member@example.com")
    organisation = members.profile_of(member).organisation
    stranger = make_user(email="stranger@example.com", name="路人")
    colleague_user = make_user(email="colleague@example.com", name="同事")
    colleague = MemberProfile.objects.create(
        user=colleague_user, organisation=organisation, role=MemberProfile.Role.STAFF
    )
    event = create_event(capacity=50)
    registration = events.register(event=event, user=member)
    fair = EventPage.objects.filter(kind=EventKind.TRADE_FAIR, start__gt=timezone.now()).first()
    cohort = CohortPage.objects.get(slug="cohort-2")
    enrolment = training.apply(cohort=cohort, user=member, motivation="想系统学习跨境运营")
    certificate = Certificate.objects.filter(
        enrolment__user__email="trainee@example.com", revoked_at__isnull=True
    ).first()
    invitation = members.invite_colleague(
        organisation=organisation, by=member, email="newcomer@example.com"
    )
    application = MembershipApplication.objects.filter(status="applied").first()
    if application is None:
        from members.models import Industry, SecretariatPage

        application = members.submit_application(
            applicant=make_user(email="applicant@example.com", name="申请人"),
            organisation_name="安全测试有限公司",
            industry=Industry.objects.first(),
            city="岳阳楼区",
            secretariat=SecretariatPage.objects.first(),
            applicant_name="申请人",
            applicant_phone="13800000000",
        )
    return World(
        member=member,
        stranger=stranger,
        organiser=organiser,
        trainee=certificate.enrolment.user,
        organisation=organisation,
        lapsed=Organisation.objects.filter(membership__status=Membership.Status.LAPSED).first(),
        colleague=colleague,
        event=event,
        fair=fair,
        registration=registration,
        cohort=cohort,
        enrolment=enrolment,
        certificate=certificate,
        invitation=invitation,
        application=application,
        membership=organisation.membership,
        booth_application=BoothApplication.objects.filter(event=fair).first(),
        run=IssueRun.objects.create(cohort=cohort, requested_by=organiser, status="done"),
        template=CertificateTemplate.objects.first(),
        deletion=privacy.request_deletion(user=make_user(email="leaving@example.com")),
    )


def finished_import(world):
    from members.models import ImportRun

    return ImportRun.objects.create(requested_by=world.organiser, file_name="x.csv", status="done")


def uploaded_image_url():
    from wagtail.images.models import Image

    return Image.objects.first().file.url


def admin_index(prefix):
    return Case(lambda w: f"/admin/{prefix}/", ORGANISER)


CASES = {
    # public
    "healthz": Case(lambda w: "/healthz", PUBLIC),
    "media": Case(lambda w: uploaded_image_url(), PUBLIC),
    "search": Case(lambda w: "/search/?q=茶", PUBLIC),
    "members:directory": Case(lambda w: "/members/", PUBLIC),
    "members:organisation": Case(lambda w: f"/members/{w.organisation.slug}/", PUBLIC),
    "members:apply": Case(lambda w: "/members/apply/", LOGIN, FORM),
    "events:feed": Case(lambda w: "/events/feed.ics", PUBLIC),
    "events:event_ics": Case(lambda w: f"/events/{w.event.pk}.ics", PUBLIC),
    "training:verify_form": Case(lambda w: "/certificates/verify/", PUBLIC),
    "training:verify": Case(lambda w: f"/certificates/verify/{w.certificate.code}/", PUBLIC),
    "training:verify_json": Case(
        lambda w: f"/certificates/verify/{w.certificate.code}.json", PUBLIC
    ),
    "admin_login": Case(lambda w: "/admin/login/?next=/admin/pages/", LOGIN),
    # signed-in people, about themselves
    "my_data": Case(lambda w: "/my/data/", LOGIN),
    "my_data_download": Case(lambda w: "/my/data.json", LOGIN),
    "request_deletion": Case(lambda w: "/my/data/delete/", LOGIN, POST_ONLY),
    "dashboard": Case(lambda w: "/my/", LOGIN),
    "my:edit_profile": Case(lambda w: "/my/profile/", LOGIN, FORM),
    "my:edit_organisation": Case(lambda w: "/my/company/", PERSONAL, FORM),
    "my:colleagues": Case(lambda w: "/my/colleagues/", PERSONAL, FORM),
    "my:remove_colleague": Case(
        lambda w: f"/my/colleagues/{w.colleague.pk}/remove/", PERSONAL, POST_ONLY
    ),
    "members:directory_export": Case(lambda w: "/members/export.csv", PERSONAL),
    "members:accept_invitation": Case(
        lambda w: f"/members/invitations/{w.invitation.token}/", LOGIN, FORM
    ),
    "events:register": Case(lambda w: f"/events/{w.event.pk}/register/", LOGIN, POST_ONLY),
    "events:ticket": Case(lambda w: f"/events/tickets/{w.registration.ticket_code}/", PERSONAL),
    "events:cancel": Case(
        lambda w: f"/events/tickets/{w.registration.ticket_code}/cancel/", PERSONAL, POST_ONLY
    ),
    "events:apply_for_booths": Case(lambda w: f"/events/{w.fair.pk}/booths/apply/", LOGIN, FORM),
    "training_apply": Case(
        lambda w: f"/my/training/cohorts/{w.cohort.pk}/apply/", LOGIN, POST_ONLY
    ),
    "training_withdraw": Case(
        lambda w: f"/my/training/enrolments/{w.enrolment.pk}/withdraw/", PERSONAL, POST_ONLY
    ),
    "training:download": Case(
        lambda w: w.certificate.download_path(), PERSONAL, GET, owner="trainee"
    ),
    # organisers
    "events:check_in": Case(lambda w: f"/events/{w.event.pk}/check-in/", ORGANISER, FORM),
    "events:check_in_counts": Case(lambda w: f"/events/{w.event.pk}/check-in/counts/", ORGANISER),
    "members_admin:review_application": Case(
        lambda w: f"/admin/members/applications/{w.application.pk}/review/", ORGANISER, FORM
    ),
    "members_admin:renew_membership": Case(
        lambda w: f"/admin/members/memberships/{w.membership.pk}/renew/", ORGANISER, FORM
    ),
    "members_admin:import": Case(lambda w: "/admin/members/import/", ORGANISER, FORM),
    "members_admin:import_run": Case(
        lambda w: f"/admin/members/import/{finished_import(w).pk}/", ORGANISER
    ),
    "events_admin:review_booth_application": Case(
        lambda w: f"/admin/events/booth-applications/{w.booth_application.pk}/review/",
        ORGANISER,
        FORM,
    ),
    "training_admin:cohorts": Case(lambda w: "/admin/training/cohorts/", ORGANISER),
    "training_admin:cohort": Case(
        lambda w: f"/admin/training/cohorts/{w.cohort.pk}/", ORGANISER, FORM
    ),
    "training_admin:run": Case(lambda w: f"/admin/training/runs/{w.run.pk}/", ORGANISER),
    "training_admin:review_enrolment": Case(
        lambda w: f"/admin/training/enrolments/{w.enrolment.pk}/review/", ORGANISER, FORM
    ),
    "training_admin:certificate": Case(
        lambda w: f"/admin/training/certificates/{w.certificate.pk}/detail/", ORGANISER, FORM
    ),
    "training_admin:preview_template": Case(
        lambda w: f"/admin/training/templates/{w.template.pk}/preview/", ORGANISER
    ),
    "cms_admin:confirm_deletion": Case(
        lambda w: f"/admin/privacy/deletion-requests/{w.deletion.pk}/confirm/", ORGANISER, FORM
    ),
    "cms_deletion_requests:index": admin_index("privacy/deletion-requests"),
    "cms_deletion_requests:index_results": admin_index("privacy/deletion-requests/results"),
    "members_organisations:index": admin_index("members/organisations"),
    "members_organisations:index_results": admin_index("members/organisations/results"),
    "members_applications:index": admin_index("members/applications"),
    "members_applications:index_results": admin_index("members/applications/results"),
    "members_memberships:index": admin_index("members/memberships"),
    "members_memberships:index_results": admin_index("members/memberships/results"),
    "members_people:index": admin_index("members/people"),
    "members_people:index_results": admin_index("members/people/results"),
    "events_registrations:index": admin_index("events/registrations"),
    "events_registrations:index_results": admin_index("events/registrations/results"),
    "events_booth_applications:index": admin_index("events/booth-applications"),
    "events_booth_applications:index_results": admin_index("events/booth-applications/results"),
    "events_booths:index": admin_index("events/booths"),
    "events_booths:index_results": admin_index("events/booths/results"),
    "training_enrolments:index": admin_index("training/enrolments"),
    "training_enrolments:index_results": admin_index("training/enrolments/results"),
    "training_certificates:index": admin_index("training/certificates"),
    "training_certificates:index_results": admin_index("training/certificates/results"),
    "training_templates:index": admin_index("training/templates"),
    "training_templates:index_results": admin_index("training/templates/results"),
    "events_list:index": admin_index("events/list"),
    "events_list:index_results": admin_index("events/list/results"),
    "events_admin:new_event": Case(lambda w: "/admin/events/new/", ORGANISER, FORM),
    "events_admin:event": Case(lambda w: f"/admin/events/{w.event.pk}/", ORGANISER),
    "events_admin:add_person": Case(
        lambda w: f"/admin/events/{w.event.pk}/add-person/", ORGANISER, POST_ONLY
    ),
    "events_admin:cancel_registration": Case(
        lambda w: (
            f"/admin/events/{w.registration.event_id}/registrations/{w.registration.pk}/cancel/"
        ),
        ORGANISER,
        FORM,
    ),
    "events_admin:promote_registration": Case(
        lambda w: (
            f"/admin/events/{w.registration.event_id}/registrations/{w.registration.pk}/promote/"
        ),
        ORGANISER,
        POST_ONLY,
    ),
    "events_admin:resend_ticket": Case(
        lambda w: (
            f"/admin/events/{w.registration.event_id}/registrations/{w.registration.pk}/resend/"
        ),
        ORGANISER,
        POST_ONLY,
    ),
    "events_registrations:inspect": Case(
        lambda w: f"/admin/events/registrations/inspect/{w.registration.pk}/", ORGANISER
    ),
    "events_booth_applications:inspect": Case(
        lambda w: f"/admin/events/booth-applications/inspect/{w.booth_application.pk}/",
        ORGANISER,
    ),
    "insights_admin:dashboard": Case(lambda w: "/admin/insights/", ORGANISER),
    "insights_admin:chart_xlsx": Case(
        lambda w: "/admin/insights/charts/members-by-tier.xlsx", ORGANISER
    ),
    "insights_admin:report": Case(lambda w: "/admin/insights/report/", ORGANISER),
    "insights_admin:report_xlsx": Case(
        lambda w: "/admin/insights/report.xlsx?year=2025", ORGANISER
    ),
    # payments
    "payments:mine": Case(lambda w: "/my/payments/", LOGIN),
    "payments:detail": Case(lambda w: f"/my/payments/{dues_of(w).reference}/", PERSONAL),
    "payments:receipt": Case(
        lambda w: f"/my/payments/receipts/{receipt_of(w).receipt_code}.pdf", PERSONAL
    ),
    "payments:pay": Case(
        lambda w: f"/my/payments/{open_dues_of(w).reference}/pay/test/", PERSONAL, POST_ONLY
    ),
    "payments:order": Case(lambda w: f"/my/payments/orders/{order_of(w).out_trade_no}/", PERSONAL),
    "payments:order_status": Case(
        lambda w: f"/my/payments/orders/{order_of(w).out_trade_no}/status/", PERSONAL
    ),
    "payments:test_mode": Case(
        lambda w: f"/my/payments/test-mode/{order_of(w).out_trade_no}/", PERSONAL
    ),
    "payments:fapiao_request": Case(
        lambda w: f"/my/payments/{paid_payment_of(w, '安全测试发票').reference}/fapiao/",
        PERSONAL,
        FORM,
    ),
    "payments:fapiao_pdf": Case(
        lambda w: f"/my/payments/fapiao/{fapiao_of(w, issued=True).pk}/pdf/", PERSONAL
    ),
    "payments_fapiao:index": Case(lambda w: "/admin/payments/fapiao/", ORGANISER),
    "payments_fapiao:index_results": Case(lambda w: "/admin/payments/fapiao/results/", ORGANISER),
    "payments_fapiao:decide": Case(
        lambda w: f"/admin/payments/fapiao/decide/{fapiao_of(w, issued=False).pk}/",
        ORGANISER,
        FORM,
    ),
    "payments_fapiao:pdf": Case(
        lambda w: f"/admin/payments/fapiao/pdf/{fapiao_of(w, issued=True).pk}/", ORGANISER
    ),
    "payments_statements:index": Case(lambda w: "/admin/payments/statements/", ORGANISER, FORM),
    "payments_statements:preview": Case(
        lambda w: f"/admin/payments/statements/{statement_of(w).pk}/", ORGANISER, FORM
    ),
    "payments_notify": Case(lambda w: "/payments/notify/test/", PUBLIC, SIGNED),
    "receipts:check": Case(lambda w: f"/receipts/{receipt_of(w).receipt_code}/", PUBLIC),
    "payments_admin:payment": Case(
        lambda w: f"/admin/payments/payment/{dues_of(w).pk}/", ORGANISER, FORM
    ),
    "payments_payments:index": Case(lambda w: "/admin/payments/due/", ORGANISER),
    "payments_payments:index_results": Case(lambda w: "/admin/payments/due/results/", ORGANISER),
    "payments_ledger:index": Case(lambda w: "/admin/payments/ledger/", ORGANISER),
    "payments_ledger:index_results": Case(lambda w: "/admin/payments/ledger/results/", ORGANISER),
    "payments_dues_rates:add": Case(lambda w: "/admin/payments/dues-rates/new/", ORGANISER, FORM),
    "payments_dues_rates:edit": Case(
        lambda w: f"/admin/payments/dues-rates/edit/{dues_rate().pk}/", ORGANISER, FORM
    ),
    "members_organiser_scopes:index": Case(
        lambda w: "/admin/members/organiser-scopes/", ADMINISTRATOR
    ),
    "members_organiser_scopes:index_results": Case(
        lambda w: "/admin/members/organiser-scopes/results/", ADMINISTRATOR
    ),
}


def cases(*rules, methods=(GET, POST_ONLY, FORM)):
    return [
        pytest.param(name, id=name)
        for name, case in CASES.items()
        if case.rule in rules and case.method in methods
    ]


def request(client, case, world):
    url = case.url(world)
    return client.post(url) if case.method == POST_ONLY else client.get(url)


def is_login_redirect(response):
    return response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_every_project_view_has_a_case():
    names = project_url_names()
    assert names - set(CASES) == set(), "views without a security case"
    assert set(CASES) - names == set(), "cases for views that no longer exist"


@pytest.mark.parametrize("name", cases(PUBLIC))
def test_public_views_open_to_anyone(client, world, name):
    assert request(client, CASES[name], world).status_code == 200


@pytest.mark.parametrize("name", cases(LOGIN, PERSONAL, ORGANISER, ADMINISTRATOR))
def test_anonymous_visitors_are_sent_to_log_in(client, world, name):
    response = request(client, CASES[name], world)
    assert is_login_redirect(response), (response.status_code, response.get("Location"))


@pytest.mark.parametrize("name", cases(PERSONAL))
def test_someone_elses_object_is_not_found(client, world, name):
    client.force_login(world.stranger)
    assert request(client, CASES[name], world).status_code == 404


@pytest.mark.parametrize("name", cases(PERSONAL))
def test_its_owner_gets_it(client, world, name):
    case = CASES[name]
    client.force_login(getattr(world, case.owner))
    response = client.get(case.url(world))
    assert response.status_code == (405 if case.method == POST_ONLY else 200)


@pytest.mark.parametrize("name", cases(ORGANISER))
def test_organisers_screens_are_not_found_by_members(client, world, name):
    client.force_login(world.member)
    response = request(client, CASES[name], world)
    # Not the login page either: it would send a signed-in person straight back (a loop).
    assert response.status_code == 404, response.status_code


@pytest.mark.parametrize("name", cases(ORGANISER))
def test_organisers_get_their_screens(client, world, name):
    client.force_login(world.organiser)
    case = CASES[name]
    # An action posted without its form's fields is answered by going back to its page.
    expected = 302 if case.method == POST_ONLY else 200
    assert request(client, case, world).status_code == expected


@pytest.mark.parametrize("name", cases(ADMINISTRATOR))
def test_administrators_screens_are_theirs_alone(client, world, name, demo_accounts):
    from django.contrib.auth import get_user_model

    case = CASES[name]
    client.force_login(world.member)
    assert request(client, case, world).status_code == 404
    client.force_login(world.organiser)
    assert request(client, case, world).status_code != 200
    email, _password = demo_accounts["administrator"]
    client.force_login(get_user_model().objects.get(email=email))
    assert request(client, case, world).status_code == 200


@pytest.mark.parametrize("name", cases(PUBLIC, LOGIN, PERSONAL, ORGANISER, methods=(POST_ONLY,)))
def test_state_changing_views_refuse_get(client, world, name):
    case = CASES[name]
    client.force_login(world.organiser if case.rule == ORGANISER else getattr(world, case.owner))
    assert client.get(case.url(world)).status_code == 405


@pytest.mark.parametrize(
    "name", cases(PUBLIC, LOGIN, PERSONAL, ORGANISER, methods=(POST_ONLY, FORM))
)
def test_state_changing_views_need_the_csrf_token(world, name):
    case = CASES[name]
    client = Client(enforce_csrf_checks=True)
    if case.rule != PUBLIC:
        client.force_login(
            world.organiser if case.rule == ORGANISER else getattr(world, case.owner)
        )
    response = client.post(case.url(world), {"anything": "1"})
    assert response.status_code == 403


@pytest.mark.parametrize("name", [name for name, case in CASES.items() if case.method == SIGNED])
def test_provider_notifications_need_their_signature(client, world, name):
    case = CASES[name]
    assert client.get(case.url(world)).status_code == 405
    # Anyone may post (the provider has no session), but nothing unsigned is accepted.
    response = client.post(case.url(world), {"notification": "forged", "anything": "1"})
    assert response.status_code == 400
    assert Client(enforce_csrf_checks=True).post(case.url(world)).status_code == 400


def test_a_lapsed_company_is_not_found_publicly(client, world):
    assert client.get(f"/members/{world.lapsed.slug}/").status_code == 404
