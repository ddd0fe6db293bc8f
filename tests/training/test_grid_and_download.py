"""The grid's buttons never drop what is on screen nor write over later marks; a download
never changes anything."""

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


def test_issue_with_unsaved_ticks_asks_to_save_first(client, make_cohort, enrol, organiser):
    cohort = make_cohort(sessions=2)
    enrolment = enrol(cohort)
    client.force_login(organiser)
    url = reverse("training_admin:cohort", args=[cohort.pk])
    response = client.post(url, grid_post(cohort, enrolment, issue=str(enrolment.pk)))
    assert response.status_code == 400
    html = response.content.decode()
    assert "请先保存" in html
    assert f'name="score-{enrolment.pk}"' in html and 'value="90"' in html  # kept on screen
    assert not Certificate.objects.filter(enrolment=enrolment).exists()
    enrolment.refresh_from_db()
    assert enrolment.passed is None  # nothing written behind the organiser's back

    assert client.post(url, grid_post(cohort, enrolment, save="1")).status_code == 302
    response = client.post(url, grid_post(cohort, enrolment, issue=str(enrolment.pk)))
    assert response.status_code == 302
    assert Certificate.objects.get(enrolment=enrolment).holder_name == enrolment.user.name


def test_issue_does_not_overwrite_another_organisers_marks(
    client, make_cohort, enrol, complete, organiser
):
    cohort = make_cohort(sessions=2)
    ready, other = enrol(cohort), enrol(cohort)
    complete(cohort, [ready])
    client.force_login(organiser)
    url = reverse("training_admin:cohort", args=[cohort.pk])
    stale = grid_post(cohort, ready, issue=str(ready.pk))
    stale["enrolments"] = f"{ready.pk},{other.pk}"
    stale[f"score-{ready.pk}"] = "88"  # what is stored for the trainee being issued
    # Meanwhile another organiser saved the other trainee's result: the stale page lacks it.
    other.passed, other.score = True, 75
    other.save()
    assert client.post(url, stale).status_code == 400
    other.refresh_from_db()
    assert other.passed is True
    assert not Certificate.objects.filter(enrolment=ready).exists()


def test_issue_all_with_a_saved_grid(
    client, make_cohort, enrol, organiser, django_capture_on_commit_callbacks
):
    cohort = make_cohort(sessions=2)
    enrolment = enrol(cohort)
    client.force_login(organiser)
    url = reverse("training_admin:cohort", args=[cohort.pk])
    client.post(url, grid_post(cohort, enrolment, save="1"))
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
