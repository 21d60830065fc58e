"""Follow-up groups' meetings: the next one proposed from the group's frequency, the actions carried
from meeting to meeting until they are done, and the meeting pack staff print for the table.

Seed 004: Jammerbugt's follow-up group, with the mayor at its head, meets four times a year; each
meeting reads the agreement's commitments against the results so far and the actions still open.
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.db.models import IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from partnerships.models import Action, Commitment, Meeting, Result, quarter_of
from portal.hours import COPENHAGEN, is_working_day


def add_months(day, months):
    """`day` moved `months` on, kept within the month it lands in (31 January + 1 → 28 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def meeting_interval(group):
    """Months between meetings: 4 a year → every 3 months, 12 → every month, 5 → every 2 months."""
    return max(1, 12 // group.meetings_per_year)


def next_meeting_date(group, after=None):
    """The date proposed for the group's next meeting: `meeting_interval` months after its last
    meeting that was held or planned (cancelled ones do not count), never on or before `after`
    (default today), moved to the next Danish working day when it falls on a weekend or a public
    holiday. A group with no meeting yet is proposed the first working day after `after`."""
    after = after or timezone.localdate()
    last = (
        Meeting.objects.filter(group=group, cancelled=False)
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    if last is None:
        proposed = after + datetime.timedelta(days=1)
    else:
        proposed = add_months(timezone.localtime(last, COPENHAGEN).date(), meeting_interval(group))
        if proposed <= after:
            proposed = after + datetime.timedelta(days=1)
    while not is_working_day(proposed):
        proposed += datetime.timedelta(days=1)
    return proposed


def open_actions(group, before):
    """The group's actions agreed at meetings before `before` (a meeting or a moment) and not done
    by then: what is carried to that meeting. An action done since still shows in an older
    meeting's pack, as it stood at the time."""
    moment = before.starts_at if isinstance(before, Meeting) else before
    return (
        Action.objects.filter(meeting__group=group, meeting__starts_at__lt=moment)
        .filter(Q(done_at__isnull=True) | Q(done_at__gt=timezone.localtime(moment, COPENHAGEN).date()))
        .select_related("meeting")
        .order_by("meeting__starts_at", "pk")
    )


@dataclass
class CommitmentLine:
    commitment: Commitment
    achieved: int

    @property
    def target(self):
        return self.commitment.target

    @property
    def percent(self):
        return round(100 * self.achieved / self.target) if self.target else None


@dataclass
class MeetingPack:
    meeting: Meeting
    #: The agreement's commitments with the confirmed results of the period so far.
    commitments: list = field(default_factory=list)
    #: Results counted up to and including this quarter (the meeting's), as (year, quarter).
    until: tuple = ()
    #: Actions carried from earlier meetings, then those agreed at this one.
    carried_actions: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    members: list = field(default_factory=list)

    @property
    def group(self):
        return self.meeting.group

    @property
    def agreement(self):
        return self.meeting.group.agreement

    @property
    def agenda_items(self):
        return [line.strip() for line in self.meeting.agenda.splitlines() if line.strip()]


def confirmed_until(year, quarter):
    """Confirmed results of quarters up to and including (`year`, `quarter`)."""
    return Result.objects.confirmed().filter(Q(year__lt=year) | Q(year=year, quarter__lte=quarter))


def meeting_pack(meeting):
    """What the meeting's pack shows, read with a fixed number of queries (four, after the
    meeting's own row with its group and agreement) whatever the number of commitments, results,
    actions and members."""
    day = timezone.localtime(meeting.starts_at, COPENHAGEN).date()
    until = (day.year, quarter_of(day))
    pack = MeetingPack(meeting=meeting, until=until)
    agreement = meeting.group.agreement
    if agreement is not None:
        achieved = (
            confirmed_until(*until)
            .filter(commitment=OuterRef("pk"))
            .order_by()
            .values("commitment")
            .annotate(total=Sum("count"))
            .values("total")
        )
        commitments = (
            Commitment.objects.filter(agreement=agreement)
            .select_related("target_group")
            .annotate(achieved=Coalesce(Subquery(achieved, output_field=IntegerField()), Value(0)))
        )
        pack.commitments = [CommitmentLine(commitment=c, achieved=c.achieved) for c in commitments]
    pack.carried_actions = list(open_actions(meeting.group, meeting))
    pack.actions = list(meeting.actions.order_by("pk"))
    pack.members = list(meeting.group.members.order_by("pk"))
    return pack


def get_pack_meeting(queryset, pk):
    """The meeting `pk` from `queryset` (already scoped) with what the pack reads of it."""
    return queryset.select_related("group__agreement", "group__municipality").get(pk=pk)
