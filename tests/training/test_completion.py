import pytest

from training import completion, errors, services
from training.models import Attendance, Enrolment

pytestmark = pytest.mark.django_db


def standing(cohort, enrolment):
    return {r.enrolment.pk: r for r in completion.cohort_progress(cohort)}[enrolment.pk]


@pytest.mark.parametrize(
    ("sessions", "attended", "minimum", "met"),
    [
        (5, 4, 80, True),  # exactly the minimum share
        (5, 3, 80, False),  # just under it
        (3, 2, 67, False),  # 66.7 % is under 67 %: no rounding up
        (3, 2, 66, True),
        (4, 0, 0, True),  # a rule without attendance
        (4, 4, 100, True),
        (4, 3, 100, False),
        (0, 0, 80, True),  # nothing to attend
    ],
)
def test_attendance_share(make_cohort, enrol, complete, sessions, attended, minimum, met):
    cohort = make_cohort(sessions=sessions, min_attendance=minimum)
    enrolment = enrol(cohort)
    complete(cohort, [enrolment], attended=attended)
    result = standing(cohort, enrolment)
    assert result.attended == attended
    assert result.met is met
    assert bool(result.reasons) is not met


def test_passing_result_required_or_not(make_cohort, enrol, complete):
    strict = make_cohort(pass_required=True)
    lenient = make_cohort(pass_required=False)
    failed_strict, failed_lenient = enrol(strict), enrol(lenient)
    complete(strict, [failed_strict], passed=False)
    complete(lenient, [failed_lenient], passed=False)
    assert not standing(strict, failed_strict).met
    assert str(standing(strict, failed_strict).reasons[0]) == "考核未通过"
    assert standing(lenient, failed_lenient).met


def test_no_result_yet_is_a_reason(make_cohort, enrol, complete):
    cohort = make_cohort()
    enrolment = enrol(cohort)
    complete(cohort, [enrolment], passed=None, score="")
    result = standing(cohort, enrolment)
    assert not result.met
    assert [str(reason) for reason in result.reasons] == ["尚无考核结果"]


def test_both_reasons_are_given(make_cohort, enrol, complete):
    cohort = make_cohort(sessions=5)
    enrolment = enrol(cohort)
    complete(cohort, [enrolment], attended=2, passed=False)
    reasons = [str(reason) for reason in standing(cohort, enrolment).reasons]
    assert reasons == [
        "出勤 2/5 次，须达到 80%",
        "考核未通过",
    ]


def test_only_accepted_trainees_are_counted(make_cohort, enrol):
    cohort = make_cohort()
    accepted = enrol(cohort)
    enrol(cohort, status=Enrolment.Status.APPLIED)
    enrol(cohort, status=Enrolment.Status.WITHDRAWN)
    assert [r.enrolment for r in completion.cohort_progress(cohort)] == [accepted]


def test_grid_save_is_all_or_nothing(make_cohort, enrol, organiser):
    cohort = make_cohort(sessions=2)
    first, second = enrol(cohort), enrol(cohort)
    session = cohort.sessions.first()
    with pytest.raises(errors.AttendanceError) as error:
        services.record_grid(
            cohort=cohort,
            by=organiser,
            present={(first.pk, session.pk)},
            results={first.pk: ("90", True, ""), second.pk: ("一百", True, "")},
        )
    assert second.user.name in error.value.message
    assert not Attendance.objects.filter(enrolment__cohort=cohort).exists()
    first.refresh_from_db()
    assert first.score is None


def test_grid_records_absence_and_changes(make_cohort, enrol, complete, organiser):
    cohort = make_cohort(sessions=3)
    enrolment = enrol(cohort)
    complete(cohort, [enrolment], attended=3)
    complete(cohort, [enrolment], attended=1, score="61.25", passed=False)
    marks = dict(
        Attendance.objects.filter(enrolment=enrolment).values_list("session_id", "present")
    )
    assert sorted(marks.values()) == [False, False, True]
    enrolment.refresh_from_db()
    assert str(enrolment.score) == "61.2"  # to one decimal, half to even
    assert enrolment.passed is False


def test_progress_queries_do_not_grow_with_trainees(
    make_cohort, enrol, complete, django_assert_max_num_queries
):
    cohort = make_cohort(sessions=8)
    enrolments = [enrol(cohort) for _ in range(25)]
    complete(cohort, enrolments, attended=7)
    with django_assert_max_num_queries(4):
        results = completion.cohort_progress(cohort)
        assert all(r.met for r in results) and len(results) == 25
