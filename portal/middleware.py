from django.conf import settings
from django.shortcuts import render


class RejectNullCharactersMiddleware:
    """A NUL character in the address or query string is a bad request, not a 500.

    PostgreSQL cannot hold one, so a crafted `?q=%00` would otherwise fail deep inside a query
    (the admin's search, the municipality picker). Form fields refuse it themselves.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            return render(request, "400.html", status=400)
        return self.get_response(request)


def client_ip(request):
    """The visitor's address: the connection's, or with NUM_PROXIES trusted proxies in front, the
    address the outermost of them saw (X-Forwarded-For entries before it can be forged)."""
    if settings.NUM_PROXIES:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= settings.NUM_PROXIES:
            return forwarded[-settings.NUM_PROXIES]
    return request.META.get("REMOTE_ADDR", "")
