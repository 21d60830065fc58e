"""The public side of startup counselling: the intake form at /start/, its receipt, and the
applicant's private case page at /sag/<token>/ with the reply form, their files, the deadline
as a calendar file and the copy of their data.

No account: the private page is reached only through its unguessable token. A forged, revoked or
expired one answers 404 with a page that explains it and offers to mail the link again
(/sag/nyt-link/), to the address on the case only.
"""

import json

from django.conf import settings
from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from counselling import progress, services, validation
from counselling.forms import IntakeForm, LinkRequestForm, ReplyForm
from counselling.models import Case, CaseAttachment
from kit import ratelimits, uploads
from kit.http import client_ip, private_link_page
from kit.middleware import accepts_bodies_up_to
from kit.urls import absolute_url
from portal.models import ContactPerson

#: The signed cookie naming the case whose receipt the visitor may see (not the session: an
#: intake then writes no session row, and the visitor's later pages still come from the page cache).
RECEIPT_COOKIE = "counselling_receipt"
#: The honeypot's name: a text field people never see (hidden by static/css/portal.css), which bots fill.
HONEYPOT = "website"
#: How long after sending the visitor's browser can show the receipt again.
RECEIPT_MAX_AGE = 60 * 60
#: The session key of the address a link was asked for: the "sent" page repeats it.
LINK_SENT_SESSION_KEY = "counselling_link_sent"


#: The intake and the case page take files; a larger body gets the page saying how many and how large.
accepts_attachments = accepts_bodies_up_to(
    validation.MAX_REQUEST_SIZE,
    template="counselling/too_large.html",
    context={"max_size": validation.MAX_FILE_SIZE, "max_files": validation.MAX_FILES},
)


private = private_link_page


def see_other(url):
    return HttpResponseRedirect(url, status=303)


# The intake --------------------------------------------------------------------------------------


@accepts_attachments
@require_http_methods(["GET", "POST"])
def intake(request):
    if request.method == "POST":
        slot = ratelimits.INTAKE.take(client_ip(request))
        if not slot:
            return slot.refusal(request)
        if request.POST.get(HONEYPOT, "").strip():
            # A bot: it sees the same thanks as a person would, nothing is stored, and it counts.
            return render(request, "counselling/thanks.html")
        form = IntakeForm(request.POST, request.FILES)
        if form.is_valid():
            case = services.submit_request(
                municipality=form.cleaned_data["municipality"],
                data=form.service_data(),
                attachments=form.checked_attachments,
                language=request.LANGUAGE_CODE,
            )
            return remember_receipt(see_other(reverse("counselling:receipt")), case)
        slot.give_back()  # a form with a mistake in it costs the person none of their tries
    else:
        form = IntakeForm(initial={"municipality": request.GET.get("kommune", "")[:100]})
    return render(
        request,
        "counselling/intake.html",
        {
            "form": form,
            "files_chosen": form.is_bound and bool(request.FILES),
            "retention_months": settings.COUNSELLING_RETENTION_MONTHS,
            "honeypot": HONEYPOT,
        },
        status=400 if form.is_bound else 200,
    )


def remember_receipt(response, case):
    """Let this browser see the receipt of `case` for RECEIPT_MAX_AGE: a signed, timed cookie."""
    response.set_signed_cookie(
        RECEIPT_COOKIE,
        str(case.pk),
        salt=RECEIPT_COOKIE,
        max_age=RECEIPT_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def _receipt_case_pk(request):
    # The signature's age is checked too: the receipt carries the private link, and on a shared
    # computer it must not stay on show.
    value = request.get_signed_cookie(
        RECEIPT_COOKIE, default=None, salt=RECEIPT_COOKIE, max_age=RECEIPT_MAX_AGE
    )
    return int(value) if value and value.isdigit() else None


@require_GET
def receipt(request):
    pk = _receipt_case_pk(request)
    case = None
    if pk is not None:
        case = (
            Case.objects.select_related("municipality")
            .prefetch_related("municipality__opening_hours", "municipality__closed_days")
            .filter(pk=pk, access_token__isnull=False)
            .first()
        )
    if case is None:
        return redirect("counselling:intake")
    case_path = reverse("counselling:case", args=[case.access_token])
    return private(
        render(
            request,
            "counselling/receipt.html",
            {
                "case": case,
                "municipality": case.municipality,
                "phone": case.municipality.phone_schedule(),
                "case_path": case_path,
                "case_url": absolute_url(case_path),
                "files": list(case.attachments.all()),
                "calendar_path": reverse("counselling:deadline_calendar", args=[case.access_token]),
            },
        )
    )


# The applicant's private page -------------------------------------------------------------------


class LinkGone(Http404):
    """The private link is forged, revoked or expired: answered by `link_gone`, not the generic 404."""


def get_case_for_token(token):
    """The access helper: the case behind a valid private link, else 404."""
    case = services.case_for_token(token)
    if case is None:
        raise LinkGone
    return case


def answers_a_gone_link(view):
    """A private page whose link no longer works explains it and offers to send it again."""

    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except LinkGone:
            return link_gone(request)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@answers_a_gone_link
@accepts_attachments
@require_http_methods(["GET", "POST"])
def case_page(request, token):
    case = get_case_for_token(token)
    case_path = reverse("counselling:case", args=[case.access_token])
    form = None
    status = 200
    if case.is_open:
        already = case.attachments.count()
        if request.method == "POST":
            # Each answer mails the staff: a leaked or scripted link must not flood them.
            slot = ratelimits.REPLY.take(case.pk)
            if not slot:
                return private(slot.refusal(request))
            form = ReplyForm(request.POST, request.FILES, already=already)
        else:
            form = ReplyForm(already=already)
        if form.is_valid():
            services.reply(case, text=form.cleaned_data["text"], attachments=form.checked_attachments)
            messages.success(
                request,
                _("Thank you. Your answer has been sent to %(municipality)s.")
                % {"municipality": case.municipality.full_name},
            )
            return private(see_other(case_path))
        if form.is_bound:
            slot.give_back()
            status = 400
    elif request.method == "POST":
        messages.error(
            request,
            _("The case is closed, so it cannot take answers here. Contact %(municipality)s instead.")
            % {"municipality": case.municipality.full_name},
        )
        return private(see_other(case_path))
    events = list(
        services.applicant_events(case).prefetch_related(
            Prefetch(
                "attachments",
                queryset=CaseAttachment.objects.only("pk", "event_id", "key", "name", "content_type", "size"),
            )
        )
    )
    visited = {case.status} | {event.to_status for event in events if event.to_status}
    prefetch_related_objects(
        [case.municipality],
        "opening_hours",
        "closed_days",
        Prefetch("contact_persons", queryset=ContactPerson.objects.filter(is_public=True)),
    )
    return private(
        render(
            request,
            "counselling/case.html",
            {
                "case": case,
                "municipality": case.municipality,
                "events": events,
                "files": list(services.applicant_attachments(case)),
                "progress": progress.of(case, visited=visited),
                "contacts": services.case_contacts(case),
                "phone": case.municipality.phone_schedule(),
                "calendar_path": reverse("counselling:deadline_calendar", args=[case.access_token]),
                "form": form,
                "files_chosen": form is not None and form.is_bound and bool(request.FILES),
            },
            status=status,
        )
    )


@answers_a_gone_link
@require_GET
def case_file(request, token, key):
    """One of the case's files, for the applicant: their own and those staff sent them."""
    case = get_case_for_token(token)
    attachment = services.applicant_attachments(case).filter(key=key).first()
    if attachment is None:
        raise Http404
    return private(
        uploads.private_file_response(
            attachment.file, name=attachment.name, content_type=attachment.content_type
        )
    )


@answers_a_gone_link
@require_GET
def deadline_calendar(request, token):
    """The first-response deadline as an all-day event (iCalendar), to put in one's calendar."""
    case = get_case_for_token(token)
    body = services.deadline_calendar(case, stamp=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    filename = _("%(reference)s-deadline.ics") % {"reference": case.reference}
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return private(response)


# A link that no longer works ---------------------------------------------------------------------


def link_gone(request):
    """The page for a private link that does not work (any more), with the form that sends it
    again. 404: the link leads nowhere, and a forged one cannot be told from a replaced one."""
    return private(render(request, "counselling/link_gone.html", {"form": LinkRequestForm()}, status=404))


@require_http_methods(["GET", "POST"])
def link_request(request):
    """Mail the link of a case to the address on the case. The answer is the same whether a case
    has that reference and address or not: the form must not tell who has asked for help."""
    if request.method == "POST":
        slot = ratelimits.LINK_REQUEST.take(client_ip(request))
        if not slot:
            return private(slot.refusal(request))
        form = LinkRequestForm(request.POST)
        if form.is_valid():
            services.send_link_on_request(
                reference=form.cleaned_data["reference"], email=form.cleaned_data["email"]
            )
            request.session[LINK_SENT_SESSION_KEY] = form.cleaned_data["email"]
            return private(see_other(reverse("counselling:link_sent")))
        slot.give_back()
    else:
        form = LinkRequestForm()
    return private(
        render(request, "counselling/link_request.html", {"form": form}, status=400 if form.is_bound else 200)
    )


@require_GET
def link_sent(request):
    email = request.session.get(LINK_SENT_SESSION_KEY)
    if not isinstance(email, str):
        return redirect("counselling:link_request")
    return private(render(request, "counselling/link_sent.html", {"email": email}))


@answers_a_gone_link
@require_POST
def request_data_copy(request, token):
    case = get_case_for_token(token)
    signed = services.data_copy_token(case)
    return private(
        render(
            request,
            "counselling/data_copy.html",
            {
                "case": case,
                "copy_path": reverse("counselling:data_copy", args=[signed]),
                "case_path": reverse("counselling:case", args=[case.access_token]),
            },
        )
    )


@require_GET
def data_copy(request, signed):
    case = services.case_for_data_copy(signed)
    if case is None:
        raise Http404
    body = json.dumps(services.applicant_data(case), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"{case.reference}.json")
    return private(response)
