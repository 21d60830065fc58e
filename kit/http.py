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


def private_link_page(response):
    """Headers for a page reached by a secret link (an applicant's case, a registration, a mentee's
    matches): never kept by a cache or a search engine, and the link never leaves the site in a
    Referer. same-origin rather than no-referrer: with no-referrer Chromium sends "Origin: null"
    with the page's own forms, and Django's CSRF check would refuse every one of them."""
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response
