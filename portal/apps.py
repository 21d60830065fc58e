from django.apps import AppConfig
from django.conf import settings
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("The entrance")

    def ready(self):
        from portal import sessions

        connection_created.connect(tune_postgresql, dispatch_uid="portal.tune_postgresql")
        sessions.connect()


def tune_postgresql(sender, connection, **kwargs):
    """Each new PostgreSQL connection plans for the storage it runs on (settings.POSTGRES_PLANNER)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for name, value in settings.POSTGRES_PLANNER.items():
            cursor.execute(f"SET {name} = {float(value)}")
