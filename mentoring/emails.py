"""Mentoring's mail: one function per mail (see outbox/emails.py), each queued in the transaction
of the step that causes it. The key names the match event or row that records the cause.

Recipients: the mentor is a user (their language); the mentee is a user when they asked with an
account, else an address with the request's language and the request's private link; the
contact person is the request's, or else every contact person of the request's municipality.
"""

from django.urls import reverse
from django.utils import formats, timezone, translation

from kit.staff import contact_persons_of
from outbox.delivery import queue_notification

PROPOSAL = "mentoring_proposal"
REMINDER = "mentoring_reminder"
ACCEPTED = "mentoring_accepted"
DECLINED = "mentoring_declined"
QUESTION = "mentoring_question"
ANSWER = "mentoring_answer"
STARTED = "mentoring_started"
COMPLETED = "mentoring_completed"
CANCELLED = "mentoring_cancelled"
LAPSED = "mentoring_lapsed"
CHECK_IN = "mentoring_check_in"
STALLED = "mentoring_stalled"
PROBLEM = "mentoring_problem"
STAFF_UPDATE = "mentoring_staff_update"
OFFER_DECISION = "mentoring_offer_decision"
OFFER_REVIEW = "mentoring_offer_review"

#: Every template of the catalogue (tests/mentoring/test_emails.py renders each in both languages).
TEMPLATES = (
    PROPOSAL,
    REMINDER,
    ACCEPTED,
    DECLINED,
    QUESTION,
    ANSWER,
    STARTED,
    COMPLETED,
    CANCELLED,
    LAPSED,
    CHECK_IN,
    STALLED,
    PROBLEM,
    STAFF_UPDATE,
    OFFER_DECISION,
    OFFER_REVIEW,
)


def _date(value, language):
    with translation.override(language):
        return formats.date_format(value, "DATE_FORMAT")


def _regarding(match):
    return f"mentoring.match:{match.pk}"


def mentor_path(match, language):
    with translation.override(language):
        return reverse("mentoring_match", args=[match.pk])


def mentee_path(match, language):
    """The mentee's page of the match: in their account, or behind the request's private link."""
    with translation.override(language):
        if match.request.mentee_user_id:
            return reverse("mentoring_match", args=[match.pk])
        return reverse("mentoring:mentee", args=[match.request.access_token])


def admin_path(match):
    return reverse("admin:mentoring_match_change", args=[match.pk])


def _common(match):
    offer, request = match.offer, match.request
    return {
        "mentor": offer.mentor_name,
        "company": offer.company,
        "mentee": request.mentee_name,
        "enterprise": request.enterprise.name if request.enterprise_id else "",
        "municipality": request.municipality.name,
        # The mentee as the mails name them: "Ida Holm (INSP! Mad)".
        "who": f"{request.mentee_name} ({request.enterprise.name})"
        if request.enterprise_id
        else request.mentee_name,
    }


def _to_mentor(match, template, key, **context):
    mentor = match.offer.mentor
    language = mentor.language
    return queue_notification(
        template=template,
        context={
            **_common(match),
            "name": match.offer.mentor_name,
            "path": mentor_path(match, language),
            **context,
        },
        user=mentor,
        language=language,
        municipality=match.request.municipality_id,
        regarding=_regarding(match),
        dedupe_key=f"{template}:{key}:mentor",
    )


def _to_mentee(match, template, key, **context):
    request = match.request
    user = request.mentee_user if request.mentee_user_id else None
    language = user.language if user is not None else request.language
    return queue_notification(
        template=template,
        context={
            **_common(match),
            "name": request.mentee_name,
            "path": mentee_path(match, language),
            **context,
        },
        user=user,
        to=None if user is not None else request.mentee_email,
        language=language,
        municipality=request.municipality_id,
        regarding=_regarding(match),
        dedupe_key=f"{template}:{key}:mentee",
    )


def contact_persons(match):
    """The request's contact person, or every contact person of its municipality."""
    request = match.request
    person = request.contact_person
    if person is not None and person.is_active and person.email:
        return [person]
    return list(contact_persons_of(request.municipality_id))


def _to_contact_persons(match, template, key, *, transactional=True, dates=None, **context):
    """One mail to each contact person, in their language; `dates` are formatted in it."""
    rows = []
    for person in contact_persons(match):
        formatted = {name: _date(value, person.language) for name, value in (dates or {}).items()}
        rows.append(
            queue_notification(
                template=template,
                context={
                    **_common(match),
                    "name": person.first_name or person.username,
                    "admin_path": admin_path(match),
                    **formatted,
                    **context,
                },
                user=person,
                municipality=match.request.municipality_id,
                transactional=transactional,
                regarding=_regarding(match),
                dedupe_key=f"{template}:{key}:staff:{person.pk}",
            )
        )
    return rows


def _last_event_key(match):
    """The key of the step just recorded: its newest event."""
    return f"event:{match.events.order_by('-pk').values_list('pk', flat=True).first()}"


# --- The catalogue -----------------------------------------------------------------------------


def proposal_to_mentor(match):
    """Ask the mentor to take the mentee, answering by the due date."""
    language = match.offer.mentor.language
    with translation.override(language):
        needs = [area.localized_name for area in match.request.needs.all()]
    return _to_mentor(
        match,
        PROPOSAL,
        f"match:{match.pk}",
        needs_text=", ".join(needs),
        goals=match.request.goals,
        message=match.message,
        origin=match.origin,
        answer_due=_date(match.answer_due, language),
    )


def reminder_to_mentor(match):
    """The proposal has waited five working days: a reminder, once per proposal round."""
    language = match.offer.mentor.language
    return _to_mentor(
        match,
        REMINDER,
        f"match:{match.pk}:{match.answer_due.isoformat()}",
        lapses_on=_date(match.lapses_on, language),
    )


def accepted_to_mentee(match):
    return _to_mentee(match, ACCEPTED, _last_event_key(match), mentor_email=match.offer.mentor.email)


def accepted_to_contact_person(match):
    return _to_contact_persons(
        match, STAFF_UPDATE, _last_event_key(match), transactional=False, status=match.status
    )


def declined_to_mentee(match):
    return _to_mentee(match, DECLINED, _last_event_key(match), reason=match.reason)


def declined_to_contact_person(match):
    return _to_contact_persons(
        match, STAFF_UPDATE, _last_event_key(match), status=match.status, reason=match.reason
    )


def question_to_mentee(match, *, question):
    """The mentor's question; the mentee answers by `lapses_on`, or the proposal lapses."""
    request = match.request
    language = request.mentee_user.language if request.mentee_user_id else request.language
    return _to_mentee(
        match, QUESTION, _last_event_key(match), question=question, answer_by=_date(match.lapses_on, language)
    )


def answer_to_mentor(match, *, answer):
    language = match.offer.mentor.language
    return _to_mentor(
        match, ANSWER, _last_event_key(match), answer=answer, answer_due=_date(match.answer_due, language)
    )


def started(match, *, by_side):
    """Tell the side that did not start the match that it is active."""
    key = _last_event_key(match)
    rows = []
    if by_side != "mentor":
        rows.append(_to_mentor(match, STARTED, key))
    if by_side != "mentee":
        rows.append(_to_mentee(match, STARTED, key))
    return rows


def completed(match):
    """Both sides are asked for their feedback; the contact person is told."""
    key = _last_event_key(match)
    return [
        _to_mentor(match, COMPLETED, key),
        _to_mentee(match, COMPLETED, key),
        *_to_contact_persons(match, STAFF_UPDATE, key, transactional=False, status=match.status),
    ]


def cancelled(match, *, by_side, reason):
    """Everyone but the side that cancelled is told, with the reason."""
    key = _last_event_key(match)
    rows = []
    if by_side != "mentor":
        rows.append(_to_mentor(match, CANCELLED, key, reason=reason))
    if by_side != "mentee":
        rows.append(_to_mentee(match, CANCELLED, key, reason=reason))
    if by_side != "staff":
        rows.extend(
            _to_contact_persons(match, STAFF_UPDATE, key, status=match.status, reason=reason, by_side=by_side)
        )
    return rows


def lapsed(match, *, waited_for="mentor"):
    """Ten working days without an answer: the proposal lapses; the contact person finds another
    mentor, and the mentee is told. `waited_for` is the side that did not answer: the mentor (a
    proposal), or the mentee (the mentor's question)."""
    key = f"match:{match.pk}:lapsed"
    return [
        *_to_contact_persons(match, LAPSED, key, waited_for=waited_for),
        _to_mentee(match, LAPSED, key, waited_for=waited_for),
    ]


def check_in(check_in_row):
    """After the typical duration, both sides are asked how it is going."""
    match = check_in_row.match
    key = f"check-in:{check_in_row.pk}"
    return [_to_mentor(match, CHECK_IN, key), _to_mentee(match, CHECK_IN, key)]


def stalled(check_in_row):
    """Nobody answered the check-in in 21 days: the match goes to the contact person's digest."""
    match = check_in_row.match
    return _to_contact_persons(
        match,
        STALLED,
        f"check-in:{check_in_row.pk}",
        transactional=False,
        dates={"sent": timezone.localdate(check_in_row.sent_at)},
    )


def problem_to_contact_person(match, *, event):
    """A side reported a problem (or answered a check-in with one): the contact person at once."""
    key = f"event:{event.pk}" if event is not None else _last_event_key(match)
    return _to_contact_persons(
        match,
        PROBLEM,
        key,
        text=event.text if event is not None else "",
        side=event.side if event is not None else "",
    )


def mentee_asked_to_contact_person(match):
    """A representative asked for a mentor from the public list: the contact person knows."""
    return _to_contact_persons(
        match,
        STAFF_UPDATE,
        f"match:{match.pk}:asked",
        transactional=False,
        status=match.status,
        origin=match.origin,
    )


def offer_decision(offer, *, decision, note=""):
    """Tell the mentor that staff published, rejected or hid their offer. The key names the
    decision's moment, recorded on the offer."""
    mentor = offer.mentor
    with translation.override(mentor.language):
        path = reverse("mentoring_account")
    return queue_notification(
        template=OFFER_DECISION,
        context={
            "name": offer.mentor_name,
            "decision": decision,
            "note": note,
            "headline": offer.headline,
            "path": path,
        },
        user=mentor,
        municipality=offer.municipality_id,
        regarding=f"mentoring.mentoroffer:{offer.pk}",
        dedupe_key=f"{OFFER_DECISION}:{offer.pk}:{decision}:{offer.reviewed_at.isoformat()}",
    )


def offer_submitted(offer):
    """Tell the reviewing municipality's contact persons that an offer waits for their review
    (work mail: at once or in their digest). The key names the moment it was sent for review."""
    path = reverse("admin:mentoring_mentoroffer_change", args=[offer.pk])
    return [
        queue_notification(
            template=OFFER_REVIEW,
            context={
                "name": person.first_name or person.username,
                "mentor": offer.mentor_name,
                "company": offer.company,
                "headline": offer.headline,
                "admin_path": path,
            },
            user=person,
            municipality=offer.municipality_id,
            transactional=False,
            regarding=f"mentoring.mentoroffer:{offer.pk}",
            dedupe_key=f"{OFFER_REVIEW}:{offer.pk}:{offer.submitted_at.isoformat()}:{person.pk}",
        )
        for person in contact_persons_of(offer.municipality_id)
    ]


#: Every mail of the catalogue, one call each in tests/outbox/test_catalogue.py.
CATALOGUE = (
    proposal_to_mentor,
    reminder_to_mentor,
    accepted_to_mentee,
    accepted_to_contact_person,
    declined_to_mentee,
    declined_to_contact_person,
    question_to_mentee,
    answer_to_mentor,
    started,
    completed,
    cancelled,
    lapsed,
    check_in,
    stalled,
    problem_to_contact_person,
    mentee_asked_to_contact_person,
    offer_decision,
    offer_submitted,
)
