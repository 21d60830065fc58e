"""Mentoring in the admin, for contact persons: offers (review, places, last active), requests with
their suggestions and a "propose" button per suggestion (also made from a counselling case), and
matches by status with the overdue answers first, their timeline and the staff's steps. Every door
reads through `get_queryset`, scoped by the models' `visible_to(user)`; steps go through
`mentoring.services`, the review through `kit.review` and the mail through `mentoring.emails`."""

from mentoring.admin import matches, offers, requests  # noqa: F401 - registers the admins
