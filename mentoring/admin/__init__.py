"""Mentoring in the admin: offers (review), requests with their suggestions, and matches by status
with the overdue answers first. Every door reads through `get_queryset`, scoped by the models'
`visible_to(user)`; steps go through `mentoring.services`."""

from mentoring.admin import matches  # noqa: F401 - registers the admins
