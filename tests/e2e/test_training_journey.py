import subprocess
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from tests.e2e.conftest import PHONE, open_visitor
from tests.e2e.test_membership_journey import log_in
from tests.training.conftest import create_cohort
from training.models import Certificate, Enrolment

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "Junshan-Tea-88!"


def trainee(cohort, email, name):
    user = get_user_model().objects.create_user(email=email, password=PASSWORD, name=name)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return Enrolment.objects.create(
        cohort=cohort, user=user, motivation="接手家里的工厂", status=Enrolment.Status.ACCEPTED
    )


def test_attendance_bulk_issue_download_verify_revoke(
    browser, demo_site, axe, visitor, demo_accounts, tmp_path
):
    cohort = create_cohort(sessions=3, min_attendance=100)
    holder = trainee(cohort, "ouyang@example.com", "欧阳思齐")
    others = [
        trainee(cohort, "wen@example.com", "文一"),
        trainee(cohort, "bai@example.com", "白二"),
    ]

    # The organiser marks everyone present and records results; 白二 fails.
    organiser = visitor
    page = organiser.page
    email, password = demo_accounts["organiser"]
    log_in(organiser, email, password)
    organiser.goto(f"/admin/training/cohorts/{cohort.pk}/")
    for box in page.locator(".training-grid__mark input[type=checkbox]").all():
        box.check()
    for enrolment, score, result in [
        (holder, "91", "yes"),
        (others[0], "84.5", "yes"),
        (others[1], "55", "no"),
    ]:
        page.locator(f"[name=score-{enrolment.pk}]").fill(score)
        page.locator(f"[name=passed-{enrolment.pk}]").select_option(result)
    organiser.follow(page.get_by_role("button", name="保存出勤和考核结果"))
    assert page.get_by_text("出勤和考核结果已保存").is_visible()
    assert page.get_by_text("考核未通过").is_visible()

    # Bulk issue: the task runs and the progress page shows it finished.
    organiser.follow(page.get_by_role("button", name="颁发全部 2 张应发证书"))
    assert page.locator(".training-run__status").get_attribute("data-status") == "done"
    assert page.get_by_text("已颁发 2/2 张").is_visible()
    certificate = Certificate.objects.get(enrolment=holder)

    # The trainee downloads the PDF from their account.
    with open_visitor(browser, demo_site.url, axe, PHONE) as member:
        log_in(member, holder.user.email, PASSWORD)
        member.goto("/my/")
        with member.page.expect_download() as download:
            member.page.get_by_role(
                "link", name=f"下载结业证书 {certificate.serial}（PDF）"
            ).click()
        pdf = tmp_path / "certificate.pdf"
        download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF-")

    # A visitor opens the verification page from the QR code printed in the PDF.
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(pdf), str(tmp_path / "page")], check=True)
    scanned = subprocess.run(
        ["zbarimg", "-q", "--raw", str(tmp_path / "page-1.png")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    verify_path = urlsplit(scanned).path
    assert verify_path == f"/certificates/verify/{certificate.code}/"
    with open_visitor(browser, demo_site.url, axe, PHONE) as stranger:
        stranger.goto(verify_path)
        assert stranger.page.get_by_role("heading", name="此证书有效").is_visible()
        assert stranger.page.get_by_text("欧阳思齐").is_visible()

        # The organiser revokes it; the page now says so, with the reason.
        organiser.goto(f"/admin/training/cohorts/{cohort.pk}/")
        organiser.follow(page.get_by_role("link", name=certificate.serial))
        page.get_by_label("撤销原因").fill("结业材料系他人代写")
        organiser.follow(page.get_by_role("button", name="撤销证书"))
        assert page.get_by_text("证书已撤销。").is_visible()

        stranger.goto(verify_path)
        assert stranger.page.get_by_role("heading", name="此证书已被撤销").is_visible()
        assert stranger.page.get_by_text("结业材料系他人代写").is_visible()
