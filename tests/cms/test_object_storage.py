"""With S3_BUCKET set, uploads and certificate PDFs live in object storage (here a mocked S3,
moto): certificates as private objects that only the download view hands out."""

import boto3
import pytest
from django.core.files.storage import storages
from moto import mock_aws

from training import certificates, services
from training.models import Certificate

pytestmark = pytest.mark.django_db

BUCKET = "alliance-portal"
S3 = {
    "bucket_name": BUCKET,
    "region_name": "us-east-1",
    "access_key": "test",
    "secret_key": "test",
    "file_overwrite": False,
}


@pytest.fixture
def object_storage(settings, monkeypatch):
    with mock_aws():
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket=BUCKET)
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {**S3, "location": "media", "querystring_auth": False},
            },
            "certificates": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {**S3, "location": "private", "default_acl": "private"},
            },
        }
        # The model field took its storage when the app loaded, as production does at start.
        monkeypatch.setattr(Certificate._meta.get_field("pdf"), "storage", storages["certificates"])
        yield boto3.client("s3", region_name="us-east-1")


def test_certificates_are_private_objects_handed_out_by_the_download_view(
    object_storage, client, organiser
):
    from tests.training.conftest import create_cohort

    cohort = create_cohort(sessions=1)
    from training.models import Enrolment

    user = organiser.__class__.objects.create_user(email="s3@example.com", name="云存储")
    enrolment = Enrolment.objects.create(
        cohort=cohort, user=user, motivation="…", status=Enrolment.Status.ACCEPTED
    )
    services.record_grid(
        cohort=cohort,
        by=organiser,
        present={(enrolment.pk, s.pk) for s in cohort.sessions.all()},
        results={enrolment.pk: ("90", True, "")},
    )
    certificate, _created = certificates.issue_certificate(enrolment=enrolment, by=organiser)

    key = f"private/{certificate.pdf.name}"
    stored = object_storage.get_object(Bucket=BUCKET, Key=key)["Body"].read()
    assert stored.startswith(b"%PDF-")
    grants = object_storage.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    assert not any("AllUsers" in str(grant.get("Grantee", {})) for grant in grants)

    client.force_login(user)
    response = client.get(certificate.download_path())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored
