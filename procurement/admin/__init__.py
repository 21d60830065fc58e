"""Procurement in the admin: a municipality's notices (with lots, documents, awards, the
enterprises interested and how many could bid), the review of companies' offers, the awards and
the follow-up of their social clauses.

Every door reads through `get_queryset`, scoped by `Notice.objects.visible_to(user)` (or the
related models' `notice__municipality`): a contact person sees only their own municipality's
notices and whatever hangs on them. Decisions go through `procurement.services`.
"""

from procurement.admin import awards, interests, notices  # noqa: F401 - registers the admins
