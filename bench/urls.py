"""The portal's addresses, and the yardstick: a bare Django view at /__bench/bare/ that renders a
template in the portal's layout and reads no database, behind the same middleware."""

from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from portal.urls import urlpatterns as portal_urlpatterns


@require_GET
def bare(request):
    return render(request, "bench/bare.html")


urlpatterns = [path("__bench/bare/", bare, name="bench_bare"), *portal_urlpatterns]
