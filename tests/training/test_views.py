import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from training import certificates, completion, errors, services
from training.models import Certificate, Enrolment

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(make_cohort, enrol, complete, organiser):
    cohort = make_cohort()
    enrolment = enrol(cohort, name="欧阳思齐")
    complete(cohort, [enrolment])
    issued, _created = certificates.issue_certificate(enrolment=enrolment, by=organiser)
    return issued


def test_verify_page_valid(client, certificate):
    response = client.get(f"/certificates/verify/{certificate.code}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "证书有效" in html
    assert certificate.serial in html and "欧阳思齐" in html and "岳阳跨境创二代成长营" in html
    # Nothing else about the person.
    assert certificate.enrolment.user.email not in html


def test_verify_page_revoked(client, certificate, organiser):
    certificates.revoke_certificate(certificate=certificate, by=organiser, reason="代写结业材料")
    html = client.get(f"/certificates/verify/{certificate.code}/").content.decode()
    assert "证书已被撤销" in html and "代写结业材料" in html


def test_verify_unknown_code(client):
    response = client.get("/certificates/verify/no-such-code/")
    assert response.status_code == 404
    assert "未找到证书" in response.content.decode()


def test_verify_in_english(client, certificate):
    html = client.get(f"/en/certificates/verify/{certificate.code}/").content.decode()
    assert "This certificate is valid" in html
    assert "Yueyang Cross-border Second-Generation Growth Camp" in html


def test_verify_json(client, certificate, organiser):
    response = client.get(f"/certificates/verify/{certificate.code}.json")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "valid"
    assert data["serial"] == certificate.serial and data["holder"] == "欧阳思齐"
    assert data["programme"]["en"] == "Yueyang Cross-border Second-Generation Growth Camp"
    assert set(data) == {
        "status",
        "serial",
        "holder",
        "programme",
        "cohort",
        "issued_on",
        "verification_url",
    }
    certificates.revoke_certificate(certificate=certificate, by=organiser, reason="代写")
    response = client.get(f"/certificates/verify/{certificate.code}.json")
    assert response.status_code == 410
    assert response.json()["status"] == "revoked" and response.json()["revocation_reason"] == "代写"
    assert client.get("/certificates/verify/nope.json").status_code == 404


def test_verify_by_number_and_name(client, certificate):
    response = client.get(
        "/certificates/verify/", {"serial": certificate.serial.lower(), "name": "欧阳 思齐"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/certificates/verify/{certificate.code}/"


def test_verify_by_number_with_the_wrong_name_is_not_found(client, certificate):
    response = client.get("/certificates/verify/", {"serial": certificate.serial, "name": "张三"})
    assert response.status_code == 404
    html = response.content.decode()
    assert "未找到" in html
    assert 'value="张三"' in html  # what was typed is kept


def test_verify_form_is_rate_limited(client, certificate):
    cache.clear()
    statuses = [
        client.get(
            "/certificates/verify/", {"serial": "YY-2026-9999", "name": f"人{i}"}
        ).status_code
        for i in range(12)
    ]
    assert statuses[:10] == [404] * 10
    assert statuses[10:] == [429, 429]
    assert (
        "请稍候"
        in client.get(
            "/certificates/verify/", {"serial": certificate.serial, "name": "欧阳思齐"}
        ).content.decode()
    )


def test_holder_downloads_their_pdf(client, certificate):
    client.force_login(certificate.enrolment.user)
    response = client.get(certificate.download_path())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "private" in response["Cache-Control"]


def test_nobody_else_gets_the_pdf(client, certificate, make_user, organiser):
    path = certificate.download_path()
    anonymous = client.get(path)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    client.force_login(make_user(email="stranger@example.com"))
    assert client.get(path).status_code == 404
    assert client.get(f"/certificates/download/{certificate.code}.pdf").status_code == 404
    client.force_login(organiser)
    assert client.get(path).status_code == 200


def test_pdf_is_not_in_public_media(client, certificate):
    assert client.get(f"/media/{certificate.pdf.name}").status_code == 404


def test_revoked_pdf_is_gone_for_the_holder(client, certificate, organiser):
    certificates.revoke_certificate(certificate=certificate, by=organiser, reason="代写")
    client.force_login(certificate.enrolment.user)
    assert client.get(certificate.download_path()).status_code == 410


def test_dashboard_lists_enrolment_attendance_result_and_download(client, certificate):
    client.force_login(certificate.enrolment.user)
    html = client.get("/my/").content.decode()
    assert "我的培训" in html
    assert certificate.download_path() in html
    assert "出勤 5/5 次" in html and "考核：合格（88.0 分）" in html


def test_apply_and_withdraw(
    client, make_cohort, make_user, mailoutbox, django_capture_on_commit_callbacks
):
    cohort = make_cohort(starts=timezone.localdate() + datetime.timedelta(days=20))
    user = make_user(email="applicant@example.com", name="申请人")
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/my/training/cohorts/{cohort.pk}/apply/", {"motivation": "接手家族工厂"}
        )
    assert response.status_code == 302
    enrolment = Enrolment.objects.get(cohort=cohort, user=user)
    assert enrolment.status == Enrolment.Status.APPLIED
    assert mailoutbox[-1].to == ["applicant@example.com"]
    again = client.post(f"/my/training/cohorts/{cohort.pk}/apply/", {"motivation": "再来一次"})
    assert again.status_code == 400 and "已经报名" in again.content.decode()
    response = client.post(f"/my/training/enrolments/{enrolment.pk}/withdraw/")
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.WITHDRAWN


def test_apply_needs_a_motivation_and_keeps_nothing(client, make_cohort, make_user):
    cohort = make_cohort(starts=timezone.localdate() + datetime.timedelta(days=20))
    client.force_login(make_user())
    response = client.post(f"/my/training/cohorts/{cohort.pk}/apply/", {"motivation": ""})
    assert response.status_code == 400
    assert "必需字段" in response.content.decode()
    assert not Enrolment.objects.filter(cohort=cohort).exists()


def test_no_withdrawal_once_the_cohort_has_started(client, make_cohort, enrol):
    cohort = make_cohort()  # started two months ago
    enrolment = enrol(cohort)
    client.force_login(enrolment.user)
    client.post(f"/my/training/enrolments/{enrolment.pk}/withdraw/")
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACCEPTED


def test_someone_elses_enrolment_cannot_be_withdrawn(client, make_cohort, enrol, make_user):
    cohort = make_cohort(starts=timezone.localdate() + datetime.timedelta(days=20))
    enrolment = enrol(cohort)
    client.force_login(make_user(email="other@example.com"))
    assert client.post(f"/my/training/enrolments/{enrolment.pk}/withdraw/").status_code == 404


def test_organiser_decides_respecting_places(
    make_cohort, enrol, organiser, mailoutbox, django_capture_on_commit_callbacks
):
    cohort = make_cohort(starts=timezone.localdate() + datetime.timedelta(days=20), capacity=1)
    first = enrol(cohort, status=Enrolment.Status.APPLIED)
    second = enrol(cohort, status=Enrolment.Status.APPLIED)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_enrolment(enrolment=first, decision="accept", by=organiser)
    assert mailoutbox[-1].to == [first.user.email]
    with pytest.raises(errors.EnrolmentError):
        services.decide_enrolment(enrolment=second, decision="accept", by=organiser)
    with pytest.raises(errors.EnrolmentError):
        services.decide_enrolment(enrolment=second, decision="reject", by=organiser, note="")
    services.decide_enrolment(enrolment=second, decision="waitlist", by=organiser)
    second.refresh_from_db()
    assert second.status == Enrolment.Status.WAITLISTED


def test_admin_review_screen(client, make_cohort, enrol, organiser):
    cohort = make_cohort(starts=timezone.localdate() + datetime.timedelta(days=20))
    enrolment = enrol(cohort, status=Enrolment.Status.APPLIED)
    client.force_login(organiser)
    url = reverse("training_admin:review_enrolment", args=[enrolment.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"decision": "reject", "note": ""})
    assert response.status_code == 400
    response = client.post(url, {"decision": "reject", "note": "名额已满"})
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.REJECTED and enrolment.decision_note == "名额已满"


def test_admin_grid_keeps_what_was_typed_on_error(client, make_cohort, enrol, organiser):
    cohort = make_cohort(sessions=2)
    enrolment = enrol(cohort)
    client.force_login(organiser)
    url = reverse("training_admin:cohort", args=[cohort.pk])
    session = cohort.sessions.first()
    response = client.post(
        url,
        {
            "save": "1",
            "enrolments": str(enrolment.pk),
            "sessions": ",".join(str(pk) for pk in cohort.sessions.values_list("pk", flat=True)),
            f"p-{enrolment.pk}-{session.pk}": "on",
            f"score-{enrolment.pk}": "abc",
            f"comment-{enrolment.pk}": "表现积极",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="abc"' in html and 'value="表现积极"' in html
    assert (
        f'name="p-{enrolment.pk}-{session.pk}" id="p-{enrolment.pk}-{session.pk}" checked' in html
    )


def test_admin_grid_queries_do_not_grow(
    client, make_cohort, enrol, complete, organiser, django_assert_max_num_queries
):
    cohort = make_cohort(sessions=8)
    enrolments = [enrol(cohort) for _ in range(20)]
    complete(cohort, enrolments)
    client.force_login(organiser)
    client.get(reverse("training_admin:cohort", args=[cohort.pk]))
    with django_assert_max_num_queries(30):
        assert client.get(reverse("training_admin:cohort", args=[cohort.pk])).status_code == 200


def test_training_screens_are_for_organisers(client, make_cohort, make_user, certificate):
    client.force_login(make_user(email="nosy@example.com"))
    for url in [
        reverse("training_admin:cohorts"),
        reverse("training_admin:cohort", args=[certificate.cohort_id]),
        reverse("training_admin:certificate", args=[certificate.pk]),
    ]:
        assert client.get(url).status_code == 404


def test_sessions_join_the_events_feed(client, make_cohort):
    cohort = make_cohort(sessions=2, starts=timezone.localdate() + datetime.timedelta(days=5))
    body = client.get("/events/feed.ics").content.decode()
    assert f"training-session-{cohort.sessions.first().pk}@alliance-portal" in body
    assert "第1课" in body


def test_demo_has_a_finished_and_an_open_cohort():
    from training.models import CohortPage

    first, second = CohortPage.objects.filter(slug__in=["cohort-1", "cohort-2"]).order_by("number")
    assert first.enrolments.count() >= 20
    certificates = Certificate.objects.filter(cohort=first)
    assert certificates.count() >= 15 and certificates.filter(revoked_at__isnull=False).count() == 1
    assert second.accepting_applications()


def test_a_stale_grid_leaves_what_it_did_not_show(client, make_cohort, enrol, complete, organiser):
    cohort = make_cohort(sessions=2)
    shown = enrol(cohort)
    page = client  # the organiser opened the grid with one trainee and two sessions
    page.force_login(organiser)
    sessions = list(cohort.sessions.values_list("pk", flat=True))
    late = enrol(cohort)  # accepted after the page was opened, results already recorded
    complete(cohort, [late], score="77")
    response = page.post(
        reverse("training_admin:cohort", args=[cohort.pk]),
        {
            "save": "1",
            "enrolments": str(shown.pk),
            "sessions": ",".join(map(str, sessions)),
            f"p-{shown.pk}-{sessions[0]}": "on",
            f"score-{shown.pk}": "90",
            f"passed-{shown.pk}": "yes",
        },
    )
    assert response.status_code == 302
    late.refresh_from_db()
    assert str(late.score) == "77.0" and late.passed is True
    results = {r.enrolment.pk: r for r in completion.cohort_progress(cohort)}
    assert results[late.pk].attended == 2 and results[shown.pk].attended == 1


def test_admin_cohort_list(client, organiser, make_cohort, enrol, django_assert_max_num_queries):
    cohort = make_cohort(sessions=3)
    for _ in range(4):
        enrol(cohort)
    client.force_login(organiser)
    client.get(reverse("training_admin:cohorts"))
    with django_assert_max_num_queries(20):
        response = client.get(reverse("training_admin:cohorts"))
    html = response.content.decode()
    assert cohort.title in html


def test_dashboard_queries_do_not_grow_with_enrolments(
    client, make_cohort, make_user, django_assert_max_num_queries
):
    user = make_user(email="busy@example.com", name="忙碌")
    for _ in range(5):
        Enrolment.objects.create(
            cohort=make_cohort(), user=user, motivation="…", status=Enrolment.Status.ACCEPTED
        )
    client.force_login(user)
    client.get("/my/")
    # Five enrolments cost the same queries as one: progress, programmes and certificates
    # are each fetched once for the panel.
    with django_assert_max_num_queries(25):
        html = client.get("/my/").content.decode()
    assert html.count("出勤 0/5 次") == 5


def test_run_page_with_and_without_requester(client, organiser, make_cohort):
    from training.models import IssueRun

    cohort = make_cohort()
    client.force_login(organiser)
    for requester in (organiser, None):
        run = IssueRun.objects.create(
            cohort=cohort, requested_by=requester, status="done", total=3, issued=3
        )
        response = client.get(reverse("training_admin:run", args=[run.pk]))
        assert response.status_code == 200
        assert "已颁发 3/3 张" in response.content.decode()
