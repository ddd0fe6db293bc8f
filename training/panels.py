"""The training panel on /my/: the person's enrolments with attendance, result and the
certificate to download."""

from cms.panels import DashboardPanel

from .completion import progress_for
from .models import Certificate, Enrolment, ProgrammePage


class TrainingPanel(DashboardPanel):
    order = 30
    template_name = "training/dashboard_panel.html"

    def get_context(self):
        enrolments = list(
            Enrolment.objects.filter(user=self.user)
            .exclude(status=Enrolment.Status.WITHDRAWN)
            .select_related("cohort")
            .order_by("-cohort__starts")
        )
        if not enrolments:
            return None
        certificates = {
            c.enrolment_id: c for c in Certificate.objects.filter(enrolment__in=enrolments)
        }
        # Each cohort's programme is its parent page: one query for all of them.
        programmes = {
            programme.path: programme
            for programme in ProgrammePage.objects.filter(
                path__in={enrolment.cohort.path[:-4] for enrolment in enrolments}
            )
        }
        progress = progress_for([e for e in enrolments if e.is_live])
        return {
            "rows": [
                {
                    "enrolment": enrolment,
                    "programme": programmes.get(enrolment.cohort.path[:-4]),
                    "progress": progress.get(enrolment.pk),
                    "certificate": certificates.get(enrolment.pk),
                }
                for enrolment in enrolments
            ]
        }
