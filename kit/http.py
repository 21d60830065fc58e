"""What a view needs to know about the request it answers."""

from django.conf import settings


def client_ip(request):
    """The visitor's address: the connection's, or with NUM_PROXIES trusted proxies in front, the
    address the outermost of them saw (X-Forwarded-For entries before it can be forged)."""
    if settings.NUM_PROXIES:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= settings.NUM_PROXIES:
            return forwarded[-settings.NUM_PROXIES]
    return request.META.get("REMOTE_ADDR", "")
