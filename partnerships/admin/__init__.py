"""Partnerships in the admin: a municipality's agreements (parties, commitments and the
follow-up groups inline; state changes and review as decisions; the signed document, private),
organisations, production units with their capacity under the reasonableness requirement,
results (confirmation, CSV export and import) and the follow-up groups with their members,
meetings and actions.

Every door reads through `get_queryset`, scoped by the models' `visible_to(user)`; decisions go
through `partnerships.services`.
"""

from partnerships.admin import agreements, groups, results  # noqa: F401 - registers the admins
