"""Events in the admin: a municipality's events (review and cancellation as decisions) and their
registrations, waiting list, CSV, check-in list and attendance. Every door reads through
`get_queryset`, scoped by the models' `visible_to(user)`."""

from events.admin import events  # noqa: F401 - registers the admins
