"""Background work of the training app (django-tasks): the bulk certificate issue, run at
once by the immediate backend in development and tests, by a worker in production. (Its mail
goes through cms.messaging's own task.)"""

from django_tasks import task

from . import certificates


@task()
def issue_due_certificates(run_id):
    certificates.run_bulk_issue(run_id)
