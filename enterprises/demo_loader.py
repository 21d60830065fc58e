"""Loads the registry's demo data (enterprises/demo.py): the enterprises the seed documents name,
their success stories and the demo log-in of an enterprise representative. Needs the portal's
demo municipalities. Classification and search text are derived by `services.refresh`, as for
any profile. No mail is sent: demo profiles are loaded as they are, not sent through review."""

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import timezone, translation

from enterprises import services
from enterprises.demo import ENTERPRISES, REPRESENTATIVE, REPRESENTS, STORIES
from enterprises.models import Enterprise, ServiceCategory, SuccessStory, TargetGroup
from kit.demo import CREATED, UNCHANGED, UPDATED, DemoLoader, changed_fields
from portal.models import Municipality, User

DERIVED = ("classification", "classification_reason", "search_document")


class EnterprisesDemo(DemoLoader):
    title = "Demo enterprises loaded:"
    report_models = (
        (Enterprise, "enterprises"),
        (SuccessStory, "success stories"),
        (User, "demo log-ins"),
    )

    def load(self):
        # The derived classification reason is stored as text: write it in the site's language.
        with translation.override(settings.LANGUAGE_CODE):
            municipalities = {m.code: m for m in Municipality.objects.all()}
            missing = {data["home"] for data in ENTERPRISES} - set(municipalities)
            if missing:
                raise CommandError(
                    f"The demo municipalities ({', '.join(sorted(missing))}) are missing; run "
                    '"manage.py load_demo" (or "manage.py load_demo portal") first.'
                )
            vocabularies = {
                "services": {term.slug: term for term in ServiceCategory.objects.all()},
                "target_groups": {term.slug: term for term in TargetGroup.objects.all()},
            }
            representative = self.upsert_user(
                REPRESENTATIVE["username"],
                {
                    **{field: value for field, value in REPRESENTATIVE.items() if field != "username"},
                    "municipality": None,
                    "is_staff": False,
                    "is_superuser": False,
                    "is_active": True,
                },
            )
            enterprises = {}
            for data in ENTERPRISES:
                enterprise = self.load_enterprise(data, municipalities, vocabularies)
                enterprises[enterprise.slug] = enterprise
            enterprises[REPRESENTS].representatives.add(representative)
            for slug, fields in STORIES:
                self.upsert(
                    SuccessStory,
                    {"enterprise": enterprises[slug], "title": fields["title"]},
                    {**fields, "status": Enterprise.Status.PUBLISHED},
                )

    def load_enterprise(self, data, municipalities, vocabularies):
        values = {
            key: value
            for key, value in data.items()
            if key not in ("slug", "home", "serves", "services", "target_groups")
        }
        values["home_municipality"] = municipalities[data["home"]]
        values["is_example"] = True
        values.setdefault("pending_changes", {})
        related = {"serves": {municipalities[code] for code in data["serves"]}}
        for relation in ("services", "target_groups"):
            try:
                related[relation] = {vocabularies[relation][slug] for slug in data[relation]}
            except KeyError as error:
                raise CommandError(
                    f"{data['name']}: the vocabulary term {error} is missing; run 'manage.py migrate'."
                ) from None

        # Not `upsert`: the derived fields need the relations, which need a saved row.
        enterprise = Enterprise.objects.filter(slug=data["slug"]).first()
        if enterprise is None:
            enterprise = Enterprise(slug=data["slug"], **values)
            services.refresh(enterprise)
            enterprise.full_clean(exclude=["logo"])
            enterprise.save()
            outcome = CREATED
        else:
            outcome = UPDATED if changed_fields(enterprise, values) else UNCHANGED
        for relation, wanted in related.items():
            if set(getattr(enterprise, relation).all()) != wanted:
                getattr(enterprise, relation).set(wanted)
                outcome = outcome if outcome == CREATED else UPDATED
        before = [getattr(enterprise, field) for field in DERIVED]
        services.refresh(enterprise)  # now with the services, which the search text includes
        if enterprise.status == Enterprise.Status.PUBLISHED and enterprise.published_at is None:
            enterprise.published_at = timezone.now()
        if outcome == UPDATED or before != [getattr(enterprise, field) for field in DERIVED]:
            enterprise.full_clean(exclude=["logo"])
            enterprise.save()
            outcome = outcome if outcome == CREATED else UPDATED
        elif outcome == CREATED:
            enterprise.save()
        self.count(Enterprise, outcome)
        return enterprise
