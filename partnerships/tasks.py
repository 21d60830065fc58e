"""Celery tasks of partnerships: each takes an id, loads the row and calls the module that works."""

from celery import shared_task

from partnerships import csv_results


@shared_task(ignore_result=True)
def import_results(import_id):
    """Check every row of an uploaded CSV of results (progress on the ResultImport), then import
    them all, or none when any row is wrong."""
    return csv_results.run_import(import_id)
