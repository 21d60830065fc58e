"""Mentoring's public pages (the foundation's placeholders; the public pages replace them)."""

from django.http import Http404


def offer_list(request):
    raise Http404


def offer_detail(request, slug):
    raise Http404


def ask(request, slug):
    raise Http404
