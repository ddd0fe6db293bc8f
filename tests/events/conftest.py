import datetime
import itertools

import pytest
from django.utils import timezone

from events.models import Audience, EventIndexPage, EventKind, EventPage, EventQuestion

numbers = itertools.count(1)


def create_event(capacity=2, audience=Audience.PUBLIC, questions=(), **fields):
    """A published event a fortnight from now, registration open."""
    index = EventIndexPage.objects.get()
    start = timezone.now() + datetime.timedelta(days=14)
    number = next(numbers)
    event = EventPage(
        title=fields.pop("title", f"测试活动 {number}"),
        slug=f"test-event-{number}",
        kind=fields.pop("kind", EventKind.MEETUP),
        start=start,
        end=start + datetime.timedelta(hours=2),
        venue="协会会议室",
        capacity=capacity,
        audience=audience,
        questions=[EventQuestion(**question) for question in questions],
        **fields,
    )
    index.add_child(instance=event)
    event.save_revision().publish()
    return event


@pytest.fixture
def make_event(db):
    return create_event


@pytest.fixture
def people(make_user):
    """Signed-up people: people(3) gives three users."""

    def make(count):
        return [make_user(email=f"guest{next(numbers)}@example.com") for _ in range(count)]

    return make
