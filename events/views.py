"""Events' public pages (the foundation's placeholders; the public pages replace them)."""

from django.http import Http404


def event_list(request):
    raise Http404


def event_detail(request, slug):
    raise Http404


def registration_page(request, token):
    raise Http404
