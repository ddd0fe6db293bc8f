import datetime
import subprocess
import zoneinfo

import pytest
from django.db.models import Max
from django.urls import reverse

from training import certificates, errors, rendering, services
from training.models import Certificate, CertificateTemplate, Enrolment, IssueRun

pytestmark = pytest.mark.django_db
TZ = zoneinfo.ZoneInfo("Asia/Shanghai")


def pdf_text(data, tmp_path):
    path = tmp_path / "certificate.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def finished_cohort(make_cohort, enrol, complete, count=3, **fields):
    cohort = make_cohort(**fields)
    enrolments = [enrol(cohort, name=name) for name in ["欧阳思齐", "陈一", "王小明"][:count]]
    complete(cohort, enrolments)
    return cohort, enrolments


def test_issue_numbers_and_stores_a_real_pdf(
    make_cohort, enrol, complete, organiser, tmp_path, settings
):
    cohort, (enrolment, *_rest) = finished_cohort(make_cohort, enrol, complete)
    now = datetime.datetime(2031, 3, 1, 10, tzinfo=TZ)
    certificate, created = certificates.issue_certificate(
        enrolment=enrolment, by=organiser, now=now
    )
    assert created
    assert certificate.serial == "YY-2031-0001"
    assert len(certificate.code) >= 32  # 192 random bits, URL-safe
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED

    data = certificate.pdf.read()
    assert data.startswith(b"%PDF-")
    assert len(data) <= 120 * 1024
    text = pdf_text(data, tmp_path)
    assert "欧阳思齐" in text
    assert "YY-2031-0001" in text
    squeezed = "".join(text.split())  # the title is letter-spaced
    assert "结业证书" in squeezed and "CERTIFICATEOFCOMPLETION" in squeezed
    # Stored in the private storage, outside the public media folder.
    assert not certificate.pdf.path.startswith(str(settings.MEDIA_ROOT))


def test_fonts_are_embedded_subsets(make_cohort, enrol, complete, organiser, tmp_path):
    cohort, (enrolment, *_rest) = finished_cohort(make_cohort, enrol, complete)
    certificate, _created = certificates.issue_certificate(enrolment=enrolment, by=organiser)
    path = tmp_path / "c.pdf"
    path.write_bytes(certificate.pdf.read())
    lines = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert any("UKai" in line for line in lines)
    for line in lines:
        name, *_cols = line.split()
        assert "+" in name, line  # a subset is named ABCDEF+Font
        assert line.split()[-5:-3] == ["yes", "yes"], line  # emb, sub


def test_qr_code_decodes_to_the_verification_url(make_cohort, enrol, complete, organiser, tmp_path):
    cohort, (enrolment, *_rest) = finished_cohort(make_cohort, enrol, complete)
    certificate, _created = certificates.issue_certificate(enrolment=enrolment, by=organiser)
    pdf = tmp_path / "c.pdf"
    pdf.write_bytes(certificate.pdf.read())
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(tmp_path / "page")], check=True)
    decoded = subprocess.run(
        ["zbarimg", "-q", "--raw", str(tmp_path / "page-1.png")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert decoded == f"http://testserver/certificates/verify/{certificate.code}/"


def test_a_trainee_who_has_not_completed_gets_no_certificate(make_cohort, enrol, organiser):
    cohort = make_cohort()
    enrolment = enrol(cohort)
    with pytest.raises(errors.CertificateError) as error:
        certificates.issue_certificate(enrolment=enrolment, by=organiser)
    assert "未达到结业条件" in error.value.message
    assert not Certificate.objects.filter(cohort=cohort).exists()


def test_issuing_twice_returns_the_same_certificate(make_cohort, enrol, complete, organiser):
    cohort, (enrolment, *_rest) = finished_cohort(make_cohort, enrol, complete)
    first, created = certificates.issue_certificate(enrolment=enrolment, by=organiser)
    again, created_again = certificates.issue_certificate(enrolment=enrolment, by=organiser)
    assert created and not created_again
    assert first.pk == again.pk


def test_bulk_issue_run_twice_numbers_sequentially_without_duplicates(
    make_cohort, enrol, complete, organiser, mailoutbox, django_capture_on_commit_callbacks
):
    cohort = make_cohort()
    enrolments = [enrol(cohort) for _ in range(6)]
    complete(cohort, enrolments[:4])
    complete(cohort, enrolments[4:], attended=1)  # two fall short

    with django_capture_on_commit_callbacks(execute=True):
        run = services.start_bulk_issue(cohort=cohort, by=organiser)
    run.refresh_from_db()
    assert (run.status, run.total, run.issued, run.percent) == (IssueRun.Status.DONE, 4, 4, 100)

    complete(cohort, enrolments[4:])  # the two catch up
    with django_capture_on_commit_callbacks(execute=True):
        second = services.start_bulk_issue(cohort=cohort, by=organiser)
    second.refresh_from_db()
    assert (second.total, second.issued) == (2, 2)
    with django_capture_on_commit_callbacks(execute=True):
        third = services.start_bulk_issue(cohort=cohort, by=organiser)
    third.refresh_from_db()
    assert (third.total, third.issued) == (0, 0)

    certificates = Certificate.objects.filter(cohort=cohort)
    assert certificates.count() == 6
    # The year they were numbered in (the portal's clock, not today's date here), and the
    # highest number the programme had used in it before this cohort's.
    (year,) = set(certificates.values_list("year", flat=True))
    before = (
        Certificate.objects.filter(programme__slug="growth-camp", year=year)
        .exclude(cohort=cohort)
        .aggregate(highest=Max("number"))["highest"]
        or 0
    )
    numbers = sorted(certificates.values_list("number", flat=True))
    assert numbers == list(range(before + 1, before + 7))
    serials = set(certificates.values_list("serial", flat=True))
    assert len(serials) == 6
    assert f"YY-{year}-{before + 1:04d}" in serials
    assert (
        sum(
            "Your certificate of completion" in m.subject or "结业证书" in m.subject
            for m in mailoutbox
        )
        == 6
    )


def test_a_crash_half_way_keeps_whole_certificates_and_resumes(
    make_cohort, enrol, complete, organiser, monkeypatch
):
    cohort = make_cohort()
    enrolments = [enrol(cohort) for _ in range(3)]
    complete(cohort, enrolments)
    real_render = rendering.render_pdf
    calls = []

    def flaky(**kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise OSError("disk full")
        return real_render(**kwargs)

    monkeypatch.setattr(rendering, "render_pdf", flaky)
    run = IssueRun.objects.create(cohort=cohort, requested_by=organiser)
    with pytest.raises(OSError):
        certificates.run_bulk_issue(run.pk)
    run.refresh_from_db()
    assert run.status == IssueRun.Status.FAILED and "disk full" in run.error
    assert Certificate.objects.filter(cohort=cohort).count() == 1
    assert all(c.pdf for c in Certificate.objects.filter(cohort=cohort))

    rerun = IssueRun.objects.create(cohort=cohort, requested_by=organiser)
    certificates.run_bulk_issue(rerun.pk)
    assert Certificate.objects.filter(cohort=cohort).count() == 3
    numbers = sorted(Certificate.objects.filter(cohort=cohort).values_list("number", flat=True))
    assert numbers == list(range(numbers[0], numbers[0] + 3))  # no number lost to the crash


def test_revoke_needs_a_reason_and_keeps_the_record(make_cohort, enrol, complete, organiser):
    cohort, (enrolment, *_rest) = finished_cohort(make_cohort, enrol, complete)
    certificate, _created = certificates.issue_certificate(enrolment=enrolment, by=organiser)
    with pytest.raises(errors.CertificateError):
        certificates.revoke_certificate(certificate=certificate, by=organiser, reason="  ")
    certificates.revoke_certificate(certificate=certificate, by=organiser, reason="代写结业材料")
    certificate.refresh_from_db()
    assert certificate.is_revoked and certificate.revocation_reason == "代写结业材料"
    with pytest.raises(errors.CertificateError):
        certificates.revoke_certificate(certificate=certificate, by=organiser, reason="again")


def test_rerender_after_a_template_change(make_cohort, enrol, complete, organiser, tmp_path):
    cohort, (enrolment, *_rest) = finished_cohort(make_cohort, enrol, complete)
    certificate, _created = certificates.issue_certificate(enrolment=enrolment, by=organiser)
    template = certificates.template_for(cohort.programme)
    assert not certificates.is_outdated(certificate, template)
    template.title = "结业纪念证书"
    template.save()
    certificate.refresh_from_db()
    assert certificates.is_outdated(certificate, template)
    serial, code = certificate.serial, certificate.code
    certificates.rerender_certificate(certificate=certificate, by=organiser)
    certificate.refresh_from_db()
    assert (certificate.serial, certificate.code) == (serial, code)
    assert "结业纪念证书" in "".join(pdf_text(certificate.pdf.read(), tmp_path).split())
    assert not certificates.is_outdated(certificate, template)


def test_fetcher_reads_only_the_templates_images_and_static_files(settings):
    fetcher = rendering.CertificateFetcher(media_names=["images/seal.png"])
    for url in [
        "file:///etc/passwd",
        "http://127.0.0.1:8000/",
        "https://example.com/seal.png",
        "data:text/plain,hello",
        "portal-media:images/other.png",
        "portal-media:../../etc/passwd",
        "portal-static:../../../etc/passwd",
        "portal-static:/etc/passwd",
    ]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    response = fetcher.fetch("portal-static:training/certificate.css")
    assert b"@page" in response.read()


def test_organiser_text_cannot_reach_files_or_network(organiser, tmp_path):
    template = CertificateTemplate.objects.get(name="成长营结业证书")
    template.body = (
        '<img src="file:///etc/passwd"><link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
        "{name}{name.__class__}"
    )
    html, media_names = rendering.render_html(
        template=template, facts=rendering.sample_facts(template)
    )
    assert '<img src="file' not in html and "&lt;img" in html
    assert "<class" not in html and "{name.__class__}" in html
    assert all(name.startswith(("original_images/", "images/")) for name in media_names)
    pdf = rendering.render_pdf(template=template, facts=rendering.sample_facts(template))
    assert "root:x:0" not in pdf_text(pdf, tmp_path)


def test_template_rejects_unknown_placeholders_and_bad_colours():
    from django.core.exceptions import ValidationError

    template = CertificateTemplate(name="t", body="{nmae} 同学", primary_colour="red;}")
    with pytest.raises(ValidationError) as error:
        template.full_clean()
    assert "body" in error.value.message_dict and "primary_colour" in error.value.message_dict


def test_template_preview_renders_sample_data(client, organiser, tmp_path):
    template = CertificateTemplate.objects.get(name="成长营结业证书")
    client.force_login(organiser)
    response = client.get(reverse("training_admin:preview_template", args=[template.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(pdf_text(response.content, tmp_path).split())
    assert "李明轩" in text and "YY-" in text and "-0000" in text
    # The 样本 SAMPLE watermark (drawn at an angle, so its Latin letters come back scrambled).
    assert "样" in text


def test_preview_is_for_organisers_only(client, make_user):
    template = CertificateTemplate.objects.get(name="成长营结业证书")
    client.force_login(make_user())
    response = client.get(reverse("training_admin:preview_template", args=[template.pk]))
    assert response.status_code == 404


def test_two_programmes_cannot_share_a_prefix():
    from django.core.exceptions import ValidationError

    from training.models import ProgrammePage

    existing = ProgrammePage.objects.get(slug="growth-camp")
    other = ProgrammePage(
        title="直播带货训练营", slug="live-camp", serial_prefix=existing.serial_prefix
    )
    with pytest.raises(ValidationError) as error:
        other.clean()
    assert "serial_prefix" in error.value.message_dict
    existing.clean()  # its own prefix is no clash


def test_a_stale_run_is_given_up_and_a_task_delivered_twice_runs_once(
    make_cohort, enrol, complete, organiser, django_capture_on_commit_callbacks
):
    import datetime as dt

    from django.utils import timezone

    cohort = make_cohort()
    enrolments = [enrol(cohort) for _ in range(2)]
    complete(cohort, enrolments)
    stuck = IssueRun.objects.create(cohort=cohort, requested_by=organiser, status="running")
    with pytest.raises(errors.CertificateError):
        services.start_bulk_issue(cohort=cohort, by=organiser)
    IssueRun.objects.filter(pk=stuck.pk).update(
        updated_at=timezone.now() - dt.timedelta(minutes=11)
    )
    with django_capture_on_commit_callbacks(execute=True):
        run = services.start_bulk_issue(cohort=cohort, by=organiser)
    stuck.refresh_from_db()
    assert stuck.status == IssueRun.Status.FAILED
    run.refresh_from_db()
    assert run.issued == 2
    certificates.run_bulk_issue(run.pk)  # delivered again: nothing happens
    run.refresh_from_db()
    assert run.issued == 2 and Certificate.objects.filter(cohort=cohort).count() == 2


def test_a_trainee_without_a_name_is_not_issued_an_email_as_name(
    make_cohort, enrol, complete, organiser
):
    cohort = make_cohort()
    enrolment = enrol(cohort)
    complete(cohort, [enrolment])
    enrolment.user.name = ""
    enrolment.user.save()
    with pytest.raises(errors.CertificateError) as error:
        certificates.issue_certificate(enrolment=enrolment, by=organiser)
    assert enrolment.user.email in error.value.message


def test_a_failed_issue_leaves_no_file_behind(
    make_cohort, enrol, complete, organiser, monkeypatch, settings
):
    cohort = make_cohort()
    enrolment = enrol(cohort)
    complete(cohort, [enrolment])
    folder = settings.PRIVATE_MEDIA_ROOT
    before = set(folder.iterdir()) if folder.exists() else set()

    def broken_log(*args, **kwargs):
        raise RuntimeError("log table locked")

    monkeypatch.setattr(certificates, "log", broken_log)
    with pytest.raises(RuntimeError):
        certificates.issue_certificate(enrolment=enrolment, by=organiser)
    assert not Certificate.objects.filter(enrolment=enrolment).exists()
    assert set(folder.iterdir()) == before


def test_a_decision_after_withdrawal_is_refused(make_cohort, enrol, organiser):
    import datetime as dt

    from django.utils import timezone

    cohort = make_cohort(starts=timezone.localdate() + dt.timedelta(days=10))
    enrolment = enrol(cohort, status=Enrolment.Status.APPLIED)
    services.withdraw(enrolment=enrolment, by=enrolment.user)
    with pytest.raises(errors.EnrolmentError):
        services.decide_enrolment(enrolment=enrolment, decision="accept", by=organiser)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.WITHDRAWN


def test_switching_the_programmes_template_marks_certificates_outdated(
    make_cohort, enrol, complete, organiser
):
    cohort, (enrolment, *_rest) = finished_cohort(make_cohort, enrol, complete)
    certificate, _created = certificates.issue_certificate(enrolment=enrolment, by=organiser)
    older = CertificateTemplate.objects.create(name="旧模板")
    CertificateTemplate.objects.filter(pk=older.pk).update(
        updated_at=certificate.rendered_at - datetime.timedelta(days=1)
    )
    older.refresh_from_db()
    assert certificates.is_outdated(certificate, older)
