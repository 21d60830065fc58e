"""A mentor's and a mentee's pages in their account (the foundation's placeholders)."""

from django.http import Http404


def home(request):
    raise Http404


def offer_form(request, pk=None):
    raise Http404


def request_form(request):
    raise Http404


def match_page(request, pk):
    raise Http404


def mentee_page(request, token):
    raise Http404
