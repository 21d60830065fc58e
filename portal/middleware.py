from django.middleware.gzip import GZipMiddleware
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


class PageGZipMiddleware(GZipMiddleware):
    """The pages gzipped for a browser that accepts it; files (a case's attachments, a picture, an
    export) as they are.

    Static files never get here: WhiteNoise, above, sends them compressed at collectstatic. A file
    response is streamed, and streamed through gzip it would lose its Content-Length and have a
    compressed image or PDF compressed again. Django pads every gzipped response at random, against
    BREACH-style guessing of the CSRF token in a page.
    """

    def process_response(self, request, response):
        if response.streaming:
            return response
        return super().process_response(request, response)
