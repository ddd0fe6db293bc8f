"""Training sessions in the public events calendar feed."""

from django.utils import timezone

from .models import CohortPage, Session


def sessions_calendar_entries(now=None):
    """Upcoming sessions of published cohorts, for the public events feed."""
    now = now or timezone.now()
    cohorts = CohortPage.objects.live().public().values_list("pk", flat=True)
    entries = []
    for session in Session.objects.filter(cohort_id__in=cohorts, end__gte=now).select_related(
        "cohort"
    ):
        entries.append(
            {
                "uid": f"training-session-{session.pk}@alliance-portal",
                "summary": f"{session.cohort.display_title} · {session.display_topic}",
                "start": session.start,
                "end": session.end,
                "location": session.display_place or session.cohort.display_place,
                "description": session.display_teacher,
                "url": session.cohort.url or "/",
            }
        )
    return entries
