from tests.events.conftest import make_event, people  # noqa: F401
from tests.training.conftest import complete, enrol, make_cohort  # noqa: F401
