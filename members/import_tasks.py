"""Background work of the company import (django-tasks): a spreadsheet too large to import
within the request, run at once by the immediate backend in development and tests, by the
worker in production (the database backend)."""

from django_tasks import task

from . import importing


@task()
def import_companies(run_id):
    importing.run_import(run_id)
