from django import template

from training.completion import cohort_progress as progress_of_cohort
from training.permissions import manages_training

register = template.Library()


@register.simple_tag(takes_context=True)
def cohort_progress(context, cohort):
    """Every trainee's standing against the cohort's completion rule, for organisers only
    (None for everyone else)."""
    request = context.get("request")
    if request is None or not manages_training(request.user):
        return None
    return progress_of_cohort(cohort)
