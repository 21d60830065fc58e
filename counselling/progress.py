"""A case's progress as the applicant sees it: five steps in plain words, onto which the eight
statuses map (Status in counselling/models.py has the staff's words)."""

from django.utils.translation import gettext_lazy

from counselling.models import CLOSED, Status

#: The steps of a case as the applicant sees them, and the statuses each step stands for.
PROGRESS = [
    ("received", gettext_lazy("Received"), {Status.NEW}),
    ("looked_at", gettext_lazy("Being looked at"), {Status.TRIAGE}),
    ("in_progress", gettext_lazy("In progress"), {Status.IN_PROGRESS}),
    ("waiting", gettext_lazy("Waiting for you"), {Status.WAITING}),
    ("closed", gettext_lazy("Closed"), CLOSED),
]

#: What each step means for the applicant, under the progress indicator.
PROGRESS_HINTS = {
    "received": gettext_lazy("We have your request. A contact person will look at it soon."),
    "looked_at": gettext_lazy("A contact person is reading your request and finding out who can help."),
    "in_progress": gettext_lazy("A contact person is working on your case."),
    "waiting": gettext_lazy("The contact person is waiting for an answer or a file from you. Write below."),
    "closed": gettext_lazy("The case is closed."),
}


#: Steps a case may pass by: a case need not wait for the applicant before it is closed.
OPTIONAL = {"waiting"}


def of(case, visited=None):
    """The progress indicator: each step with its state, "done", "skipped", "current" or
    "upcoming". `visited` holds the statuses the case has had (from its timeline); an optional
    step before the current one that the case never had is "skipped", not "done"."""
    current = next(index for index, (*_, statuses) in enumerate(PROGRESS) if case.status in statuses)

    def state(index, key, statuses):
        if index == current:
            return "current"
        if index > current:
            return "upcoming"
        if key in OPTIONAL and visited is not None and not statuses & set(visited):
            return "skipped"
        return "done"

    steps = [
        {"key": key, "label": label, "state": state(index, key, statuses), "number": index + 1}
        for index, (key, label, statuses) in enumerate(PROGRESS)
    ]
    key = PROGRESS[current][0]
    return {
        "steps": steps,
        "current": steps[current],
        "hint": PROGRESS_HINTS[key],
        # The status in the applicant's words ("Waiting for you", not "Waiting for the applicant");
        # a closed case says how it was closed.
        "status_label": case.get_status_display() if case.status in CLOSED else steps[current]["label"],
    }


def applicant_status_label(status):
    """A status in the applicant's words: the label of its step ("Waiting for you", not "Waiting
    for the applicant"); a closed status keeps its own label, which says how it was closed."""
    if status in CLOSED:
        return Status(status).label
    return next(label for _key, label, statuses in PROGRESS if status in statuses)
