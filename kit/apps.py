from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class KitConfig(AppConfig):
    default = True
    name = "kit"
    verbose_name = _("Shared kit")

    def ready(self):
        from kit import pagecache

        pagecache.watch_apps()


class KitAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the kit's site, whose "view on site" is scoped."""

    default = False
    default_site = "kit.admin.ScopedAdminSite"
