"""The base of every app's demo loader: the demo password, upserts with a clear outcome, and one
report line per model.

An app's loader subclasses `DemoLoader`, names its models and their labels in `report_models`
and loads in `load()`; `manage.py load_demo` runs every app's loader (declared as `DEMO_LOADER`
in `<app>/contributions.py`) in the order of INSTALLED_APPS, each in its own transaction. Loading
is idempotent: rows are found by their natural keys and saved only when they differ from the
data, so a second run changes nothing and reports so.
"""

from collections import Counter

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

DEBUG_PASSWORD = "demo"
OUTCOMES = CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


def demo_password(password, *, stdout=None):
    """The password of the demo log-ins: "demo" in development, else the one given, which must
    pass the validators; the demo log-ins include a superuser."""
    if password is None:
        if not settings.DEBUG:
            raise CommandError(
                "--password is required when DEBUG is off: the demo log-ins include a superuser, "
                "so they must not get the development password."
            )
        if stdout is not None:
            stdout.write(f'The demo log-ins use the password "{DEBUG_PASSWORD}".')
        return DEBUG_PASSWORD
    if not settings.DEBUG:
        try:
            password_validation.validate_password(password)
        except ValidationError as error:
            raise CommandError("--password is too weak: " + " ".join(error.messages)) from None
    return password


class DemoLoader:
    #: The heading of the report, e.g. "Demo enterprises loaded:".
    title = "Demo data loaded:"
    #: (model, plural label) in the order the report lists them.
    report_models = ()
    #: Whether the loader makes log-ins, and so needs the demo password.
    makes_log_ins = True

    def __init__(self, *, password):
        self.password = password
        self.counts = Counter()

    def load(self):
        """Each app's loader writes its demo rows here with `upsert`; the base has none of its own."""
        raise NotImplementedError(f"{type(self).__name__} must say what it loads")

    # --- Upserts -------------------------------------------------------------------------------

    def count(self, model, outcome, n=1):
        self.counts[model, outcome] += n

    def upsert(self, model, lookup, values, *, count=True):
        """Find the row by its natural key (`lookup`), create it if missing, and save it only when
        one of `values` differs. Returns the row and its outcome (created, updated or unchanged),
        counted for the report unless count=False."""
        row = model.objects.filter(**lookup).order_by("pk").first()
        if row is None:
            row = model.objects.create(**{**lookup, **values})
            outcome = CREATED
        else:
            changed = changed_fields(row, values)
            if changed:
                row.save()
            outcome = UPDATED if changed else UNCHANGED
        if count:
            self.count(model, outcome)
        return row, outcome

    def upsert_user(self, username, values, *, groups=()):
        """A demo log-in with the demo password; checking costs one hash, as setting does, but
        leaves an unchanged password alone."""
        user_model = get_user_model()
        user, outcome = self.upsert(user_model, {"username": username}, values, count=False)
        if not user.check_password(self.password):
            user.set_password(self.password)
            user.save(update_fields=["password"])
            if outcome == UNCHANGED:
                outcome = UPDATED
        user.groups.add(*groups)
        self.count(user_model, outcome)
        return user

    # --- Report --------------------------------------------------------------------------------

    def report_lines(self):
        lines = []
        for model, label in self.report_models:
            created, updated, unchanged = (self.counts[model, outcome] for outcome in OUTCOMES)
            total = created + updated + unchanged
            lines.append(f"  {total:3} {label} ({created} created, {updated} updated, {unchanged} unchanged)")
        return lines


def changed_fields(row, values):
    """Set on `row` the `values` that differ from it; returns those that did."""
    changed = {field: value for field, value in values.items() if getattr(row, field) != value}
    for field, value in changed.items():
        setattr(row, field, value)
    return changed
