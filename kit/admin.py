"""The admin bases every app's admin builds on.

`MunicipalityScopedAdmin` is the one base of every admin of a municipality-owned model. It reads
the model's scoping from its queryset (`municipality_lookup`: `municipality`, `home_municipality`,
or a path such as `enterprise__home_municipality`, see kit/scoping.py) and, for everyone but a
superuser:

- reads every door (change list, search, filters, change and history pages, delete, actions,
  autocomplete, "view on site", exports) through `Model.objects.visible_to(user)`;
- refuses staff without a municipality altogether (they would see nothing and could create rows
  belonging to none);
- hides the municipality field, column and filter, and pins the municipality on save;
- limits every foreign-key and many-to-many choice to what the user may see: rows of other
  scoped models through their `visible_to`, accounts to the staff of the own municipality.

`ReadOnlyAdminMixin` is for what the portal writes and nobody edits (the outbox, the access log, a
change history); `SuperuserOnlyMixin` for what only superusers manage (accounts, groups).
`ScopedAdminSite` scopes the one door that does not go through a model admin: "view on site",
and names the staff member's municipality in every page's header ("Indgangen · Lejre Kommune").
It builds the sidebar's list of apps once per set of permissions, not on every page.
"""

import datetime
from urllib.parse import quote

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import BadRequest, ValidationError
from django.db import models
from django.http import Http404
from django.template.loader import get_template
from django.urls import get_script_prefix, path
from django.utils.html import format_html
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

# Date parts an admin filter or the date hierarchy may carry in the query string, with the values
# that make sense. A year must leave room for the year after it (the hierarchy's upper bound) and
# for the shift to UTC, inside what Python's datetime can hold.
DATE_PARTS = {
    "year": range(datetime.MINYEAR + 1, datetime.MAXYEAR),
    "iso_year": range(datetime.MINYEAR + 1, datetime.MAXYEAR),
    "quarter": range(1, 5),
    "month": range(1, 13),
    "week": range(1, 54),
    "day": range(1, 32),
    "week_day": range(1, 8),
    "iso_week_day": range(1, 8),
    "hour": range(24),
    "minute": range(60),
    "second": range(60),
}


def municipality_lookup(model):
    """The lookup from `model` to its Municipality, or None for a model that is not scoped."""
    return getattr(model._default_manager.all(), "municipality_lookup", None)


def check_date_parameters(params):
    """Raise IncorrectLookupParameters for a date part out of its range (`created_at__year=10000`):
    the database would fail on it only while the page renders, as a 500."""
    for key, values in params.lists():
        parts = [part for part in key.split("__")[1:] if part in DATE_PARTS]
        if not parts:
            continue
        allowed = DATE_PARTS[parts[-1]]
        for value in values:
            for item in value.split(","):
                try:
                    number = int(item)
                except ValueError:
                    raise IncorrectLookupParameters(f"{key}={value!r}") from None
                if number not in allowed:
                    raise IncorrectLookupParameters(f"{key}={value!r}")


def has_municipality(request):
    # Anonymous visitors (the log-in page asks too) have no municipality_id at all.
    return request.user.is_superuser or getattr(request.user, "municipality_id", None) is not None


class ScopedChoicesMixin:
    """Foreign-key and many-to-many choices limited to what the user may see (admins and inlines).

    `public_choices` names the relations whose every row may be chosen by anyone (the
    municipalities an enterprise serves, say: the list of municipalities is public)."""

    public_choices = ()
    #: "www.example.dk" in a URL field means https today, and will in Django 6 (the admins and
    #: inlines of every app).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def scoped_choices(self, db_field, request):
        if request.user.is_superuser or db_field.name in self.public_choices:
            return None
        related = db_field.related_model
        if related is get_user_model():
            # Staff choose among their own municipality's staff, never among everyone's accounts.
            return related._default_manager.filter(
                is_staff=True, is_active=True, municipality_id=request.user.municipality_id
            )
        queryset = related._default_manager.all()
        if hasattr(queryset, "visible_to"):
            return queryset.visible_to(request.user)
        return None

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        choices = self.scoped_choices(db_field, request)
        if choices is not None and "queryset" not in kwargs:
            kwargs["queryset"] = choices
            if db_field.name == getattr(self, "municipality_field", None):
                kwargs["empty_label"] = None
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        choices = self.scoped_choices(db_field, request)
        if choices is not None and "queryset" not in kwargs:
            kwargs["queryset"] = choices
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class MunicipalityScopedAdmin(ScopedChoicesMixin, admin.ModelAdmin):
    """Staff see and edit only their own municipality's rows; superusers see all."""

    @property
    def municipality_lookup(self):
        return municipality_lookup(self.model)

    @property
    def municipality_field(self):
        """The model's own field naming its municipality, when it has one (not for a path)."""
        lookup = self.municipality_lookup
        return None if lookup in (None, "pk") or "__" in lookup else lookup

    def _is_scope_filter(self, list_filter):
        name = list_filter[0] if isinstance(list_filter, (list, tuple)) else list_filter
        return isinstance(name, str) and (
            name == self.municipality_lookup or name.startswith(f"{self.municipality_lookup}__")
        )

    # --- Every door reads through the scoped queryset ---

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def get_changelist_instance(self, request):
        check_date_parameters(request.GET)
        return super().get_changelist_instance(request)

    def action_checkbox(self, obj):
        """Django's checkbox of a row, written out: rendered through the widget's template it costs
        more than the rest of the row (50 template renders on a queue page)."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(gettext("Select this object for an action - {}"), str(obj)),
        )

    def response_action(self, request, queryset):
        # A forged selection ("abc", or a number no column holds) would fail inside the query as
        # a 500; it is a bad request.
        pk = self.model._meta.pk
        try:
            for value in request.POST.getlist(helpers.ACTION_CHECKBOX_NAME):
                pk.run_validators(pk.to_python(value))
        except ValidationError as error:
            raise BadRequest("invalid selection") from error
        return super().response_action(request, queryset)

    # --- Staff without a municipality get nothing ---

    def has_module_permission(self, request):
        return has_municipality(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return has_municipality(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return has_municipality(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return has_municipality(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return has_municipality(request) and super().has_delete_permission(request, obj)

    # --- Staff never choose, see or filter by the municipality ---

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or [])
        if not request.user.is_superuser and self.municipality_field:
            exclude.append(self.municipality_field)
        return exclude

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if request.user.is_superuser:
            return fields
        return [field for field in fields if field != self.municipality_field]

    def get_fieldsets(self, request, obj=None):
        return self.without_municipality(request, super().get_fieldsets(request, obj))

    def without_municipality(self, request, fieldsets):
        """`fieldsets` without the municipality field, for staff. An admin that builds its
        fieldsets itself passes them through this."""
        if request.user.is_superuser or not self.municipality_field:
            return fieldsets
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != self.municipality_field]})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return readonly
        return [field for field in readonly if field != self.municipality_field]

    def get_list_display(self, request):
        columns = super().get_list_display(request)
        if request.user.is_superuser:
            return columns
        return [column for column in columns if column != self.municipality_field]

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if request.user.is_superuser:
            return filters
        return [f for f in filters if not self._is_scope_filter(f)]

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser and self.municipality_field:
            setattr(obj, f"{self.municipality_field}_id", request.user.municipality_id)
        super().save_model(request, obj, form, change)


class ScopedInlineMixin(ScopedChoicesMixin):
    """For inlines of a scoped admin: their choices are limited like the parent's."""


class ReadOnlyAdminMixin:
    """Rows the portal writes and nobody edits by hand: viewable, never added, changed or deleted."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SuperuserOnlyMixin:
    """Managed by superusers alone; municipal staff never see it, not even on the index."""

    def _superuser(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request):
        return self._superuser(request)

    def has_view_permission(self, request, obj=None):
        return self._superuser(request)

    def has_add_permission(self, request, *args):
        return self._superuser(request)

    def has_change_permission(self, request, obj=None):
        return self._superuser(request)

    def has_delete_permission(self, request, obj=None):
        return self._superuser(request)


class ScopedAdminSite(admin.AdminSite):
    """The admin site, with "view on site" (`/admin/r/<ct>/<pk>/`) read through the model's admin.

    Django's own view redirects any staff member to any object's public address, and so tells a
    Lejre contact person the slug of another municipality's unpublished profile.

    The header and the title name the municipality the person works for, so that the index reads
    as the overview of their work, not as a generic site administration."""

    index_title = _("Overview of the work")

    #: Built lists of apps and drawn sidebars kept per process, at most this many of each: one
    #: per language and set of permissions, which few people's differ in.
    remembered = 200

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._app_lists = {}
        self._sidebars = {}

    def app_list_key(self, request):
        """What the list of apps and models depends on: the language (their order), the script
        prefix (their URLs) and the person's permissions, as `_build_app_dict` asks for them.
        Cached on the request."""
        key = getattr(request, "_app_list_key", None)
        if key is None:
            permissions = tuple(
                (model, tuple(model_admin.get_model_perms(request).items()))
                for model, model_admin in self._registry.items()
                if model_admin.has_module_permission(request)
            )
            key = request._app_list_key = (get_language(), get_script_prefix(), permissions)
        return key

    def get_app_list(self, request, app_label=None):
        """Django's list, built once for each `app_list_key`: it is asked for on every admin page
        (the sidebar) and reversed two URLs for every model each time. The list is shared between
        requests: read it, never change it."""
        if app_label is not None:
            return super().get_app_list(request, app_label)
        key = self.app_list_key(request)
        app_list = self._app_lists.get(key)
        if app_list is None:
            if len(self._app_lists) >= self.remembered:
                self._app_lists.clear()
            app_list = self._app_lists[key] = super().get_app_list(request)
        return app_list

    def sidebar_app_list(self, request, app_list):
        """admin/app_list.html as the sidebar includes it, drawn once for each `app_list_key` and
        each set of entries marked as the current one (an entry is when its URL is part of the
        page's path, as the template tests it)."""
        path = quote(request.path)
        current = tuple(
            url
            for app in app_list
            for url in [app["app_url"], *(model["admin_url"] for model in app["models"])]
            if url and url in path
        )
        key = (self.app_list_key(request), current)
        html = self._sidebars.get(key)
        if html is None:
            if len(self._sidebars) >= self.remembered:
                self._sidebars.clear()
            context = {"app_list": app_list, "show_changelinks": False, "request": request}
            html = self._sidebars[key] = get_template("admin/app_list.html").render(context)
        return html

    def each_context(self, request):
        context = super().each_context(request)
        header = self.header_for(request)
        context["site_header"] = context["site_title"] = header
        return context

    def header_for(self, request):
        """The site's header, followed by the person's municipality when they work for one."""
        municipality = None
        if getattr(request.user, "municipality_id", None) is not None:
            municipality = request.user.municipality
        if municipality is None:
            return self.site_header
        # The municipality's official name ("Lejre Kommune") where its model gives one.
        name = getattr(municipality, "full_name", None) or gettext("%(name)s Municipality") % {
            "name": municipality
        }
        return f"{self.site_header} · {name}"

    def get_urls(self):
        urls = super().get_urls()
        return [
            path(
                "r/<int:content_type_id>/<path:object_id>/",
                self.admin_view(self.view_on_site),
                name="view_on_site",
            ),
            *[url for url in urls if getattr(url, "name", None) != "view_on_site"],
        ]

    def view_on_site(self, request, content_type_id, object_id):
        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        except ContentType.DoesNotExist:
            raise Http404 from None
        model_admin = self._registry.get(model)
        if model_admin is None:
            raise Http404
        try:
            obj = model_admin.get_object(request, object_id)
        except (ValidationError, ValueError, OverflowError):
            obj = None
        if obj is None or not model_admin.has_view_permission(request, obj):
            raise Http404
        return shortcut(request, content_type_id, object_id)
