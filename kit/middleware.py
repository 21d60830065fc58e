"""One size limit for every request body, larger only where a view expects uploads.

Django reads a body the first time something touches request.POST or request.FILES; the CSRF
middleware does so before any view runs, and files over FILE_UPLOAD_MAX_MEMORY_SIZE are written to
a temporary file on the way. So the limit is checked here, from the declared Content-Length, in
process_view, before the CSRF middleware (which must come after this one in MIDDLEWARE) reads
anything.

A body without a Content-Length (chunked) is never read past the limit either: under WSGI Django
reads at most CONTENT_LENGTH bytes, none when it is missing, so such a body arrives empty. (Under
ASGI Django spools the whole body before any middleware runs; the portal is served by gunicorn
over WSGI, and a proxy in front should cap bodies too.)
"""

from django.conf import settings
from django.shortcuts import render

#: The template and context of the refusal when a view declares none of its own.
DEFAULT_TEMPLATE = "413.html"


def accepts_bodies_up_to(max_bytes, *, template=DEFAULT_TEMPLATE, context=None):
    """Let a view receive bodies of up to `max_bytes` instead of settings.REQUEST_MAX_BYTES, and
    optionally say so in its own template when a body is larger.

    Put it outermost: the view is returned as it is, with the limit as attributes, so it must be the
    function the URL points at. An admin declares its limit as `request_max_bytes` on the
    ModelAdmin (its views are wrappers Django makes, which carry `model_admin`)."""

    def decorate(view):
        view.request_max_bytes = max_bytes
        view.request_too_large = (template, context or {})
        return view

    return decorate


def declared_length(request):
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def limit_for(view_func):
    """The body limit of a view and the template that refuses a larger body."""
    declared = getattr(view_func, "request_max_bytes", None)
    if declared is not None:
        return declared, getattr(view_func, "request_too_large", (DEFAULT_TEMPLATE, {}))
    model_admin = getattr(view_func, "model_admin", None)
    declared = getattr(model_admin, "request_max_bytes", None)
    if declared is not None:
        return declared, (DEFAULT_TEMPLATE, {})
    return settings.REQUEST_MAX_BYTES, (DEFAULT_TEMPLATE, {})


class RequestSizeLimitMiddleware:
    """Answer 413, in the visitor's language, to a body larger than its view accepts, unread."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        max_bytes, (template, context) = limit_for(view_func)
        if declared_length(request) <= max_bytes:
            return None
        return render(request, template, {"max_bytes": max_bytes, **context}, status=413)
