"""Tags for the counselling pages of the admin: names on the timeline, file sizes."""

from django import template

from counselling.admin import display
from counselling.admin.display import person as person_name

register = template.Library()


@register.filter
def person(user):
    return person_name(user)


@register.filter
def event_author(event):
    """Who wrote a timeline entry: a colleague by name, else the applicant or the portal."""
    if event.author_id is not None and event.kind != event.Kind.MESSAGE_IN:
        return person(event.author)
    return event.author_label


@register.filter
def file_size(size):
    """A file's size in the active language's number format, never broken across lines."""
    return display.file_size(size)
