"""What each app adds to the pages `portal` owns, so that `portal` never needs to know the apps.

An app contributes by having a module `<app>/contributions.py` (found as Django finds `admin.py`)
that declares any of:

    PAGE_SECTIONS   a list of `Section`s: a template and a context callable, each for a named
                    slot of a page (`ACCOUNT_HOME`, `ADMIN_INDEX`, `MUNICIPALITY_PAGE`,
                    `CASE_ADMIN`)
    SITEMAPS        a dict of sitemap name → `django.contrib.sitemaps.Sitemap` class
    DEMO_LOADER     a `kit.demo.DemoLoader` subclass that loads the app's demo data

The order is the order of INSTALLED_APPS, then the order of the list: the same order every time,
and the order in which the apps already depend on each other (the portal before the apps built
on it), so the demo loaders run in the order their data needs.

A module is declarations only: it is imported on first use (when the URLconf or a page asks),
never from `AppConfig.ready()`, so it may import the app's models, views and sitemaps freely.
"""

import functools
from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule

MODULE = "contributions"

# The slots of the pages portal owns. A section's context callable gets the request and the
# slot's own arguments: none for the account home and the admin index, `municipality=` on a
# municipality's page, `case=` on a counselling case's admin page (what other apps offer to do
# with the case, so that counselling never imports them).
ACCOUNT_HOME = "account_home"
ADMIN_INDEX = "admin_index"
MUNICIPALITY_PAGE = "municipality_page"
CASE_ADMIN = "case_admin"


def _no_context(request, **arguments):
    return {}


@dataclass(frozen=True)
class Section:
    """One part of a page: `template` rendered with what `context(request, **arguments)` returns,
    or left out when it returns None (the person may not see it). `stylesheets` are static paths
    the page links in its head wherever the section is registered, shown or not. `select_related`
    names relations of the page's object the section reads, so that the page fetches them with the
    object instead of the section costing a query of its own."""

    slot: str
    template: str
    context: object = _no_context
    stylesheets: tuple = field(default=())
    select_related: tuple = field(default=())


@dataclass(frozen=True)
class Contribution:
    app_label: str
    sections: tuple
    sitemaps: dict
    demo_loader: object


@functools.cache
def contributions():
    """Every app's declarations, in the order of INSTALLED_APPS; read once per process."""
    found = []
    for app_config in apps.get_app_configs():
        if not module_has_submodule(app_config.module, MODULE):
            continue
        module = import_module(f"{app_config.name}.{MODULE}")
        found.append(
            Contribution(
                app_label=app_config.label,
                sections=tuple(getattr(module, "PAGE_SECTIONS", ())),
                sitemaps=dict(getattr(module, "SITEMAPS", {})),
                demo_loader=getattr(module, "DEMO_LOADER", None),
            )
        )
    return tuple(found)


def sections(slot):
    return [section for c in contributions() for section in c.sections if section.slot == slot]


def stylesheets(slot):
    """The stylesheets of a slot's sections, each once, in order."""
    return list(dict.fromkeys(sheet for section in sections(slot) for sheet in section.stylesheets))


def select_related(slot):
    """The relations a slot's sections read from the page's object, each once, in order."""
    return list(dict.fromkeys(name for section in sections(slot) for name in section.select_related))


def sitemaps():
    """All apps' sitemaps by name; a name used by two apps is a mistake, not an override."""
    merged = {}
    for contribution in contributions():
        for name, sitemap in contribution.sitemaps.items():
            if name in merged:
                raise ValueError(f'Two apps contribute a sitemap named "{name}".')
            merged[name] = sitemap
    return merged


def demo_loaders():
    """(app label, loader class) of every app with demo data, in the order they must run."""
    return [(c.app_label, c.demo_loader) for c in contributions() if c.demo_loader is not None]
