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
