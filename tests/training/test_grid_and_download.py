"""The grid's buttons act on what is on screen; a download never changes anything."""

import pytest
from django.urls import reverse

from training import certificates
from training.models import Certificate

pytestmark = pytest.mark.django_db


def grid_post(cohort, enrolment, **extra):
    sessions = list(cohort.sessions.values_list("pk", flat=True))
    data = {
        "enrolments": str(enrolment.pk),
        "sessions": ",".join(map(str, sessions)),
        f"score-{enrolment.pk}": "90",
        f"passed-{enrolment.pk}": "yes",
        **{f"p-{enrolment.pk}-{pk}": "on" for pk in sessions},
    }
    data.update(extra)
    return data


def test_issue_saves_the_ticks_on_screen_first(client, make_cohort, enrol, organiser):
    cohort = make_cohort(sessions=2)
    enrolment = enrol(cohort)
    client.force_login(organiser)
    url = reverse("training_admin:cohort", args=[cohort.pk])
    response = client.post(url, grid_post(cohort, enrolment, issue=str(enrolment.pk)))
    assert response.status_code == 302
    certificate = Certificate.objects.get(enrolment=enrolment)
    assert certificate.holder_name == enrolment.user.name


def test_issue_all_counts_the_ticks_on_screen(
    client, make_cohort, enrol, organiser, django_capture_on_commit_callbacks
):
    cohort = make_cohort(sessions=2)
    enrolment = enrol(cohort)
    client.force_login(organiser)
    url = reverse("training_admin:cohort", args=[cohort.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, grid_post(cohort, enrolment, issue_all="1"))
    assert response.status_code == 302 and "/runs/" in response["Location"]
    assert Certificate.objects.filter(enrolment=enrolment).exists()


def test_a_bad_score_saves_and_issues_nothing(client, make_cohort, enrol, organiser):
    cohort = make_cohort(sessions=2)
    enrolment = enrol(cohort)
    client.force_login(organiser)
    url = reverse("training_admin:cohort", args=[cohort.pk])
    data = grid_post(cohort, enrolment, issue=str(enrolment.pk))
    data[f"score-{enrolment.pk}"] = "abc"
    assert client.post(url, data).status_code == 400
    assert not Certificate.objects.filter(enrolment=enrolment).exists()
    enrolment.refresh_from_db()
    assert enrolment.passed is None


def test_a_missing_file_is_not_rendered_on_a_get(client, make_cohort, enrol, complete, organiser):
    cohort = make_cohort(sessions=2)
    enrolment = enrol(cohort)
    complete(cohort, [enrolment])
    certificate, _created = certificates.issue_certificate(enrolment=enrolment, by=organiser)
    certificate.pdf.storage.delete(certificate.pdf.name)
    rendered_at = certificate.rendered_at
    client.force_login(enrolment.user)
    response = client.get(certificate.download_path())
    assert response.status_code == 503
    assert "暂时无法获取" in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.rendered_at == rendered_at
    assert not certificate.pdf.storage.exists(certificate.pdf.name)

    client.force_login(organiser)
    detail = reverse("training_admin:certificate", args=[certificate.pk])
    assert "文件缺失" in client.get(detail).content.decode()
    client.post(detail, {"rerender": "1"})
    certificate.refresh_from_db()
    assert certificate.pdf.storage.exists(certificate.pdf.name)
    client.force_login(enrolment.user)
    response = client.get(certificate.download_path())
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
