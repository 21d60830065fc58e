"""Triage in the admin: the queue of a municipality's cases, the case page with its timeline and
one small form per step, attachment downloads, CSV exports and the access log.

Every door (queue, search, filters, autocomplete, history, actions, the case page, downloads and
exports) reads through `get_queryset`, scoped by `Case.objects.visible_to(user)`: a contact
person reaches only their municipality's cases, and a confidential case only when it is theirs.
Every change goes through `counselling.services`; every look at personal data is logged.
"""

from counselling.admin import access, cases, replies, settings  # noqa: F401 - registers the admins
