"""Tags for the counselling pages of the admin: names on the timeline."""

from django import template

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
