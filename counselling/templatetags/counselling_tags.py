"""Filters for the counselling pages and emails."""

import datetime

from django import template
from django.utils import formats

from counselling import progress
from counselling.models import Kind, Need, Status
from kit import uploads

register = template.Library()


@register.filter
def isodate(value):
    """'2026-12-03' (as an email's context carries a date) → a date for the `date` filter."""
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


@register.filter
def long_date(value):
    """The weekday and the date in the active language: "torsdag 3. december 2026",
    "Thursday 3 December 2026"."""
    if not value:
        return ""
    return f"{formats.date_format(value, 'l')} {formats.date_format(value, 'DATE_FORMAT')}"


def _label(choices, value):
    try:
        return choices(value).label
    except ValueError:
        return value


@register.filter
def kind_label(value):
    return _label(Kind, value)


@register.filter
def status_label(value):
    return _label(Status, value)


@register.filter
def need_label(value):
    return _label(Need, value)


@register.filter
def file_type(content_type):
    """A file's content type in words: "PDF document", "Word document"."""
    return uploads.type_name(content_type)


@register.filter
def applicant_status_label(value):
    """A status in the applicant's words, as the progress indicator names it ("Waiting for you",
    not "Waiting for the applicant"); a closed status says how the case was closed."""
    try:
        return progress.applicant_status_label(value)
    except (ValueError, StopIteration):
        return value
