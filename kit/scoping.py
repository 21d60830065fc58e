"""Municipality scoping, shared by every app.

A municipality's data never reaches another municipality's staff. The rule lives here, in the
queryset layer, so that every door (admin lists, search, autocomplete, history, exports,
downloads) goes through the same filter: `Model.objects.visible_to(user)`.
"""

from django.db import models


class MunicipalityQuerySet(models.QuerySet):
    #: The lookup from this model to its Municipality; models reached through a relation
    #: override it (e.g. "case__municipality").
    municipality_lookup = "municipality"

    def for_municipality(self, municipality):
        return self.filter(**{self.municipality_lookup: getattr(municipality, "pk", municipality)})

    def visible_to(self, user):
        """What `user` may see as staff: everything for a superuser, their own municipality's
        rows for municipal staff, nothing for anyone else."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        if user.is_staff and user.municipality_id:
            return self.filter(**{self.municipality_lookup: user.municipality_id})
        return self.none()
