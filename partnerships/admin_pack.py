"""The meeting pack in the admin: a printable page of a follow-up group's meeting (agenda, the
agreement's commitments against the confirmed results so far, the open actions, the members).

`MeetingPackMixin` gives a Meeting admin the page (`<id>/pack/`, "admin:partnerships_meeting_pack")
and a "Meeting pack" link for its change form (the read-only field `meeting_pack_link`). The page
reads through the admin's own `get_queryset`, so another municipality's staff get a 404.
"""

from django.contrib.admin import display as admin_display
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partnerships.meetings import get_pack_meeting, meeting_pack, next_meeting_date
from partnerships.models import Meeting

PACK_URL_NAME = "partnerships_meeting_pack"


def meeting_pack_view(request, model_admin, object_id):
    """The pack of meeting `object_id`, if `request.user` may see it through `model_admin`."""
    try:
        meeting = get_pack_meeting(model_admin.get_queryset(request), object_id)
    except (Meeting.DoesNotExist, ValidationError, ValueError, OverflowError):
        raise Http404 from None
    if not model_admin.has_view_permission(request, meeting):
        raise PermissionDenied
    pack = meeting_pack(meeting)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": gettext("Meeting pack"),
        "pack": pack,
        "meeting": meeting,
        "next_meeting": next_meeting_date(meeting.group, after=meeting.starts_at.date()),
        "change_url": reverse("admin:partnerships_meeting_change", args=[meeting.pk]),
    }
    return TemplateResponse(request, "admin/partnerships/meeting_pack.html", context)


class MeetingPackMixin:
    """For the Meeting admin: the pack's URL and a link to it (add "meeting_pack_link" to
    `readonly_fields` and to the fields shown)."""

    def get_urls(self):
        return [
            path(
                "<path:object_id>/pack/",
                self.admin_site.admin_view(self.meeting_pack_view),
                name=PACK_URL_NAME,
            ),
            *super().get_urls(),
        ]

    def meeting_pack_view(self, request, object_id):
        return meeting_pack_view(request, self, object_id)

    @admin_display(description=_("Meeting pack"))
    def meeting_pack_link(self, obj):
        if obj is None or obj.pk is None:
            return "–"
        return format_html(
            '<a href="{}">{}</a>',
            reverse(f"admin:{PACK_URL_NAME}", args=[obj.pk]),
            gettext("Open the printable meeting pack"),
        )
