"""Addresses outside a request: in mails, exports and background work there is no request to build
an absolute URL from, so the portal's own address (settings.SITE_URL) is the base."""

from django.conf import settings


def absolute_url(path_or_obj):
    """The full address of a path ("/sag/…") or of an object with `get_absolute_url()`."""
    path = path_or_obj if isinstance(path_or_obj, str) else path_or_obj.get_absolute_url()
    if not path.startswith("/"):
        raise ValueError(f"absolute_url takes a path starting with '/', not {path!r}")
    return settings.SITE_URL + path
