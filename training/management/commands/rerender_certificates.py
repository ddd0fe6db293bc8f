from django.core.management.base import BaseCommand

from training import certificates
from training.errors import CertificateError
from training.models import Certificate


class Command(BaseCommand):
    help = (
        "Renders stored certificate PDFs again: those whose file is missing (--missing, e.g. "
        "after restoring a backup without the private folder) and/or those rendered with an "
        "older version of their programme's template (--outdated). Numbers, codes and dates "
        "stay as issued."
    )

    def add_arguments(self, parser):
        parser.add_argument("--missing", action="store_true")
        parser.add_argument("--outdated", action="store_true")

    def handle(self, *args, missing=False, outdated=False, **options):
        if not (missing or outdated):
            self.stderr.write("Say which: --missing, --outdated or both.")
            raise SystemExit(2)
        done = failed = 0
        for certificate in Certificate.objects.select_related("programme").iterator():
            gone = not certificate.pdf or not certificate.pdf.storage.exists(certificate.pdf.name)
            try:
                stale = outdated and certificates.is_outdated(
                    certificate, certificates.template_for(certificate.programme)
                )
                if not ((missing and gone) or stale):
                    continue
                certificates.rerender_certificate(certificate=certificate, by=None)
            except CertificateError as error:
                failed += 1
                self.stderr.write(f"{certificate.serial}: {error.message}")
            else:
                done += 1
        self.stdout.write(f"{done} certificate(s) rendered again, {failed} failed.")
        if failed:
            raise SystemExit(1)
