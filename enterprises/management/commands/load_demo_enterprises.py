"""Load the demo enterprises of the seed documents (enterprises/demo.py), their success stories
and the demo log-in of an enterprise representative.

Like `load_demo`, which must have run first (it loads the municipalities), this is idempotent:
rows are found by their natural keys and saved only when they differ from the data, so a second
run changes nothing. Classification and search text are derived by `services.refresh`, as for any
profile. No mail is sent: demo profiles are loaded as they are, not sent through review.
"""

from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone, translation

from enterprises import services
from enterprises.demo import ENTERPRISES, REPRESENTATIVE, REPRESENTS, STORIES
from enterprises.models import Enterprise, ServiceCategory, SuccessStory, TargetGroup
from portal.management.commands.load_demo import DEBUG_PASSWORD
from portal.management.commands.load_demo import Command as PortalDemo
from portal.models import Municipality, User

OUTCOMES = CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
RELATIONS = {"serves": "home", "services": ServiceCategory, "target_groups": TargetGroup}
DERIVED = ("classification", "classification_reason", "search_document")


class Command(BaseCommand):
    help = (
        "Load the demo enterprises, success stories and the demo representative's log-in. Run load_demo "
        "first. Idempotent: safe to run on every start."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            help=f'Password of the demo log-in. Required when DEBUG is off; "{DEBUG_PASSWORD}" otherwise.',
        )

    def handle(self, *args, password=None, **options):
        # One rule for every demo log-in: the portal's.
        password = PortalDemo.demo_password(self, password)
        self.counts = Counter()
        # The derived classification reason is stored as text: write it in the site's language.
        with translation.override(settings.LANGUAGE_CODE), transaction.atomic():
            municipalities = {m.code: m for m in Municipality.objects.all()}
            missing = {data["home"] for data in ENTERPRISES} - set(municipalities)
            if missing:
                raise CommandError(
                    f"The demo municipalities ({', '.join(sorted(missing))}) are missing; run "
                    '"manage.py load_demo" first.'
                )
            vocabularies = {
                "services": {term.slug: term for term in ServiceCategory.objects.all()},
                "target_groups": {term.slug: term for term in TargetGroup.objects.all()},
            }
            representative = self.load_user(password)
            enterprises = {}
            for data in ENTERPRISES:
                enterprise = self.load_enterprise(data, municipalities, vocabularies)
                enterprises[enterprise.slug] = enterprise
            enterprises[REPRESENTS].representatives.add(representative)
            for slug, fields in STORIES:
                self.load_story(enterprises[slug], fields)
        self.report()

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

        enterprise = Enterprise.objects.filter(slug=data["slug"]).first()
        if enterprise is None:
            enterprise = Enterprise(slug=data["slug"], **values)
            services.refresh(enterprise)
            enterprise.full_clean(exclude=["logo"])
            enterprise.save()
            outcome = CREATED
        else:
            changed = {field: value for field, value in values.items() if getattr(enterprise, field) != value}
            for field, value in changed.items():
                setattr(enterprise, field, value)
            outcome = UPDATED if changed else UNCHANGED
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
        self.counts[Enterprise, outcome] += 1
        return enterprise

    def load_story(self, enterprise, fields):
        values = {**fields, "status": Enterprise.Status.PUBLISHED}
        story = SuccessStory.objects.filter(enterprise=enterprise, title=fields["title"]).first()
        if story is None:
            SuccessStory.objects.create(enterprise=enterprise, **values)
            self.counts[SuccessStory, CREATED] += 1
            return
        changed = {field: value for field, value in values.items() if getattr(story, field) != value}
        for field, value in changed.items():
            setattr(story, field, value)
        if changed:
            story.save()
        self.counts[SuccessStory, UPDATED if changed else UNCHANGED] += 1

    def load_user(self, password):
        values = {
            **{field: value for field, value in REPRESENTATIVE.items() if field != "username"},
            "municipality": None,
            "is_staff": False,
            "is_superuser": False,
            "is_active": True,
        }
        user = User.objects.filter(username=REPRESENTATIVE["username"]).first()
        if user is None:
            user = User(username=REPRESENTATIVE["username"], **values)
            user.set_password(password)
            user.save()
            outcome = CREATED
        else:
            changed = {field: value for field, value in values.items() if getattr(user, field) != value}
            for field, value in changed.items():
                setattr(user, field, value)
            # Checking costs one hash, as setting does, but leaves an unchanged password alone.
            if not user.check_password(password):
                user.set_password(password)
                changed["password"] = True
            if changed:
                user.save()
            outcome = UPDATED if changed else UNCHANGED
        self.counts[User, outcome] += 1
        return user

    def report(self):
        lines = []
        for model, label in [
            (Enterprise, "enterprises"),
            (SuccessStory, "success stories"),
            (User, "demo log-ins"),
        ]:
            created, updated, unchanged = (self.counts[model, outcome] for outcome in OUTCOMES)
            total = created + updated + unchanged
            lines.append(f"  {total:3} {label} ({created} created, {updated} updated, {unchanged} unchanged)")
        self.stdout.write(self.style.SUCCESS("Demo enterprises loaded:"))
        self.stdout.write("\n".join(lines))
