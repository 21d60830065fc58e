"""A mentor's and a mentee's pages in their account, under /konto/mentorer/, and the mentee's
private link /mentorer/forloeb/<token>/ for a mentee without an account (a request a contact
person made from a counselling case).

- The overview: a mentor's offers and matches (proposals waiting for their answer first), a
  mentee's requests and matches; a fixed number of queries however many there are.
- The offer form: a new offer, or one of the mentor's own (anyone else's is a 404), saved as a
  draft or sent for review (kit.review). A published offer edited stays published.
- The request form: a mentee asks for a mentor; the request waits in the admin's list.
- The match page, for the mentor and the mentee only (anyone else, staff too, gets a 404: staff
  work in the admin): the other side as far as they need to know them, the timeline, and the
  steps that apply. Each step is a POST to its own address that calls the service; a refusal
  (`Refused`) is shown in the person's language and changes nothing.

The mentee's side of a match is one template, `mentoring/account/_match.html`, shared by both
doors: the account's match page and the private link.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from kit import ratelimits, review
from kit.http import private_link_page
from mentoring import emails, services
from mentoring.account_forms import (
    AnswerForm,
    CheckInForm,
    FeedbackForm,
    OfferForm,
    ProblemForm,
    QuestionForm,
    ReasonForm,
    RequestForm,
)
from mentoring.models import (
    HOLDING_STATUSES,
    OPEN_STATUSES,
    CheckIn,
    ExpertiseArea,
    Match,
    MatchEvent,
    MentorOffer,
    MentorRequest,
    Side,
)
from mentoring.services import Refused
from portal.models import Municipality

M = Match.Status

#: The statuses in which both sides see each other's address: the mentor has said yes.
CONTACT_SHARED = (M.ACCEPTED, M.ACTIVE, M.COMPLETED)


private = private_link_page


def see_other(url):
    return HttpResponseRedirect(url, status=303)


# --- The overview ------------------------------------------------------------------------------


def _matches():
    return Match.objects.select_related("offer", "request__enterprise").order_by("-proposed_at", "-pk")


@login_required
@require_GET
def home(request):
    user = request.user
    offers = list(
        MentorOffer.objects.by_mentor(user)
        .with_places()
        .select_related("municipality")
        .order_by("-created_at", "-pk")
    )
    as_mentor = list(_matches().of_mentor(user))
    as_mentee = list(_matches().of_mentee(user))
    requests = list(
        MentorRequest.objects.of_mentee(user)
        .select_related("enterprise", "municipality")
        .prefetch_related("needs")
        .order_by("-created_at", "-pk")
    )
    return private(
        render(
            request,
            "mentoring/account/home.html",
            {
                "offers": offers,
                "waiting": [m for m in as_mentor if m.status == M.PROPOSED],
                "going_on": [m for m in as_mentor if m.status in (M.NEEDS_INFO, *HOLDING_STATUSES)],
                "ended": [m for m in as_mentor if m.status not in OPEN_STATUSES],
                "requests": requests,
                "mentee_matches": as_mentee,
                "today": timezone.localdate(),
            },
        )
    )


# --- The mentor's offer ------------------------------------------------------------------------


def get_offer_for_mentor(request, pk):
    """The access helper: one of the logged-in mentor's own offers, else 404."""
    return get_object_or_404(MentorOffer.objects.by_mentor(request.user).prefetch_related("sectors"), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def offer_form(request, pk=None):
    user = request.user
    if pk is None:
        offer = MentorOffer(
            mentor=user,
            mentor_name=user.get_full_name(),
        )
    else:
        offer = get_offer_for_mentor(request, pk)
    form = OfferForm(
        request.POST or None,
        instance=offer,
        user=user,
        municipalities=Municipality.objects.order_by("name"),
        expertise=ExpertiseArea.objects.all(),
    )
    sending = "submit" in request.POST
    can_submit = offer.pk is None or offer.can("submit")
    if form.is_valid():
        now = timezone.now()
        with transaction.atomic():
            offer = form.save(commit=False)
            offer.last_active_at = now  # the mentor's "last active", which contact persons see
            offer.save()
            form.save_m2m()
            form.save_sectors(offer)
            if sending and can_submit:
                offer = review.submit(offer, by=user).obj
                emails.offer_submitted(offer)
        if sending and can_submit:
            messages.success(
                request, _("Your offer is sent for review. You hear from us when it is decided.")
            )
        elif offer.is_published:
            messages.success(request, _("Your changes are saved, and the offer stays published."))
        else:
            messages.success(request, _("Your offer is saved."))
        return redirect("mentoring_account")
    return private(
        render(
            request,
            "mentoring/account/offer_form.html",
            {"form": form, "offer": offer, "can_submit": can_submit},
            status=400 if form.is_bound else 200,
        )
    )


# --- The mentee's request ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def request_form(request):
    user = request.user
    slot = None
    if request.method == "POST":
        # A request waits in the contact persons' list: one account must not flood it.
        slot = ratelimits.MENTOR_REQUEST.take(user.pk)
        if not slot:
            return slot.refusal(request)
    form = RequestForm(
        request.POST or None,
        user=user,
        municipalities=Municipality.objects.order_by("name"),
        expertise=ExpertiseArea.objects.all(),
    )
    if form.is_valid():
        cleaned = form.cleaned_data
        with transaction.atomic():
            mentor_request = MentorRequest.objects.create(
                municipality=cleaned["municipality"],
                mentee_user=user,
                mentee_name=user.get_full_name() or user.username,
                mentee_email=user.email,
                language=user.language,
                enterprise=cleaned.get("enterprise"),
                sector=cleaned["sector"],
                goals=cleaned["goals"],
                description=cleaned["description"],
                created_by=user,
            )
            mentor_request.needs.set(cleaned["needs"])
        messages.success(
            request,
            _("Thank you. %(municipality)s looks for a mentor for you and tells you when one is proposed.")
            % {"municipality": mentor_request.municipality.name},
        )
        return redirect("mentoring_account")
    if slot is not None:
        slot.give_back()  # a form with a mistake in it costs none of the person's tries
    return render(
        request, "mentoring/account/request_form.html", {"form": form}, status=400 if form.is_bound else 200
    )


# --- A match -----------------------------------------------------------------------------------


def _match_detail():
    return Match.objects.select_related(
        "offer__mentor", "request__enterprise", "request__municipality"
    ).prefetch_related(
        "request__needs",
        Prefetch("events", queryset=MatchEvent.objects.order_by("created_at", "pk")),
        Prefetch("check_ins", queryset=CheckIn.objects.filter(answered_at__isnull=True).order_by("due_on")),
        "feedback",
    )


def get_match_for_user(request, pk):
    """The access helper: a match the logged-in user is the mentor or the mentee of, else 404."""
    user = request.user
    match = get_object_or_404(
        _match_detail().filter(Q(offer__mentor=user) | Q(request__mentee_user=user)), pk=pk
    )
    side = Side.MENTOR if match.offer.mentor_id == user.pk else Side.MENTEE
    return match, side


#: The steps, by the name in their address, and the form each posts (None: a button only).
STEPS = {
    "accept": None,
    "decline": ReasonForm,
    "question": QuestionForm,
    "answer": AnswerForm,
    "start": None,
    "complete": None,
    "cancel": ReasonForm,
    "problem": ProblemForm,
    "check-in": CheckInForm,
    "feedback": FeedbackForm,
}


def _call(name, match, data, who):
    """The service of step `name`. `who` is `{"by": user}` or `{"token": token}`; the mentor's
    answers take an account only, so through the private link they are refused as anyone's."""
    by = who.get("by")
    if name == "accept":
        return services.accept(match, by=by)
    if name == "decline":
        return services.decline(match, by=by, reason=data["reason"])
    if name == "question":
        return services.ask_question(match, by=by, question=data["question"])
    if name == "answer":
        return services.answer_question(match, answer=data["answer"], **who)
    if name == "start":
        return services.start(match, **who)
    if name == "complete":
        return services.complete(match, **who)
    if name == "cancel":
        return services.cancel(match, reason=data["reason"], **who)
    if name == "problem":
        return services.report_problem(match, text=data["text"], **who)
    if name == "check-in":
        check_in = next(iter(match.check_ins.all()), None)
        if check_in is None:
            raise Refused(_("There is no check-in to answer."))
        return services.answer_check_in(check_in, answer=data["answer"], **who)
    return services.give_feedback(match, rating=data["rating"], comment=data["comment"], **who)


#: What each step tells the person when it is done.
DONE = {
    "accept": gettext_lazy("You have accepted the match. The mentee and the contact person are told."),
    "decline": gettext_lazy("You have declined. The contact person can propose another mentee."),
    "question": gettext_lazy("Your question is sent to the mentee."),
    "answer": gettext_lazy("Your answer is sent to the mentor."),
    "start": gettext_lazy("The match is active. Good luck with it."),
    "complete": gettext_lazy("The match is completed. Please give your feedback."),
    "cancel": gettext_lazy("The match is cancelled."),
    "problem": gettext_lazy("Your message is sent to the contact person."),
    "check-in": gettext_lazy("Thank you for your answer."),
    "feedback": gettext_lazy("Thank you for your feedback."),
}


def actions(match, side):
    """The steps the page offers `side` on `match` now (a step not offered is still refused by
    its service if posted)."""
    status, offered = match.status, set()
    if side == Side.MENTOR and status == M.PROPOSED:
        offered |= {"accept", "decline", "question"}
    if side == Side.MENTEE and status == M.NEEDS_INFO:
        offered.add("answer")
    if status == M.ACCEPTED:
        offered.add("start")
    if status == M.ACTIVE:
        offered.add("complete")
        if any(True for _check_in in match.check_ins.all()):
            offered.add("check-in")
    if status in OPEN_STATUSES and not (side == Side.MENTOR and status == M.PROPOSED):
        offered.add("cancel")
    if status in HOLDING_STATUSES:
        offered.add("problem")
    if status == M.COMPLETED and not any(f.side == side for f in match.feedback.all()):
        offered.add("feedback")
    return offered


def _timeline(match, side):
    """The match's events as this side sees them: the other side's problem reports are the
    contact person's, and a stalled match is staff's business."""
    return [
        event
        for event in match.events.all()
        if event.kind != MatchEvent.Kind.STALLED
        and not (event.kind == MatchEvent.Kind.PROBLEM and event.side != side)
    ]


def _match_context(match, side, *, step_url, bound=None):
    """What the match partial shows `side`; `step_url(name)` is the address a step posts to, and
    `bound` (step, form) the form that came back with errors."""
    offered = actions(match, side)
    forms = [
        {
            "name": name.replace("-", "_"),
            "form": bound[1] if bound and bound[0] == name else STEPS[name](prefix=name),
            "url": step_url(name),
        }
        for name in STEPS  # in the order of STEPS: the mentor's answers first, feedback last
        if name in offered and STEPS[name] is not None
    ]
    return {
        "match": match,
        "side": side,
        "offer": match.offer,
        "mentor_request": match.request,
        "contact_shared": match.status in CONTACT_SHARED,
        "timeline": _timeline(match, side),
        "offered": offered,
        "forms": forms,
        "urls": {name.replace("-", "_"): step_url(name) for name in offered},
        "check_in": next(iter(match.check_ins.all()), None),
        "feedback": list(match.feedback.all()),
    }


def _take_step(request, match, name, who, side):
    """Run the step `name` on `match` for `who` (`by=` or `token=`), on `side`: None when done,
    the bound form with its errors (a refusal is one of them) when the page shows that form, else
    False with the reason in a message."""
    if name not in STEPS:
        raise Http404
    form_class = STEPS[name]
    form = form_class(request.POST, prefix=name) if form_class is not None else None
    if form is not None and not form.is_valid():
        if name in actions(match, side):
            return form
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return False
    try:
        _call(name, match, form.cleaned_data if form is not None else {}, who)
    except Refused as refused:
        # A step the page does not offer now has no form to show its reason in.
        if form is None or name not in actions(match, side):
            messages.error(request, str(refused.message))
            return False
        form.add_error(None, str(refused.message))
        return form
    messages.success(request, str(DONE[name]))
    return None


def _step_url(pk):
    return lambda name: reverse("mentoring_match_step", args=[pk, name])


@login_required
@require_GET
def match_page(request, pk):
    match, side = get_match_for_user(request, pk)
    return private(
        render(
            request,
            "mentoring/account/match.html",
            {"entry": _match_context(match, side, step_url=_step_url(pk))},
        )
    )


@login_required
@require_POST
def match_step(request, pk, step):
    match, side = get_match_for_user(request, pk)
    page = reverse("mentoring_match", args=[pk])
    result = _take_step(request, match, step, {"by": request.user}, side)
    if not result:
        return private(see_other(page))
    match, side = get_match_for_user(request, pk)
    return private(
        render(
            request,
            "mentoring/account/match.html",
            {"entry": _match_context(match, side, step_url=_step_url(pk), bound=(step, result))},
            status=400,
        )
    )


# --- The mentee's private link -----------------------------------------------------------------


def get_request_for_token(token):
    """The access helper of the private link: the request behind the token, else 404."""
    mentor_request = (
        MentorRequest.objects.select_related("enterprise", "municipality")
        .prefetch_related("needs")
        .filter(access_token=token)
        .first()
    )
    if mentor_request is None or not token:
        raise Http404
    return mentor_request


def _mentee_page(request, mentor_request, token, *, bound=None, status=200):
    matches = list(_match_detail().filter(request=mentor_request))
    for match in matches:
        match.request = mentor_request  # the request read once, for every match

    def step_url_of(match):
        return lambda name: reverse("mentoring:mentee_step", args=[token, match.pk, name])

    entries = [
        _match_context(
            match,
            Side.MENTEE,
            step_url=step_url_of(match),
            bound=bound[1:] if bound and bound[0] == match.pk else None,
        )
        for match in matches
    ]
    return private(
        render(
            request,
            "mentoring/account/mentee.html",
            {"mentor_request": mentor_request, "entries": entries},
            status=status,
        )
    )


@require_GET
def mentee_page(request, token):
    mentor_request = get_request_for_token(token)
    return _mentee_page(request, mentor_request, token)


@require_POST
def mentee_step(request, token, pk, step):
    mentor_request = get_request_for_token(token)
    match = get_object_or_404(_match_detail().filter(request=mentor_request), pk=pk)
    result = _take_step(request, match, step, {"token": token}, Side.MENTEE)
    if not result:
        return private(see_other(reverse("mentoring:mentee", args=[token])))
    return _mentee_page(request, mentor_request, token, bound=(match.pk, step, result), status=400)
