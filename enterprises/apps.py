from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "enterprises"
    verbose_name = _("Enterprise registry")

    def ready(self):
        from enterprises.search import register_sqlite_functions

        # The directory's search and sorting on SQLite call these on every connection.
        connection_created.connect(register_sqlite_functions, dispatch_uid="enterprises-sqlite-functions")
