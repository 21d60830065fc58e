"""Alerts: a published or corrected notice, told once to each person whose enterprise follows it,
at once, in their digest or not at all, as they chose; never before the notice's TED date."""

import datetime

import pytest
from django.db import transaction
from django.utils.translation import gettext

from outbox.delivery import build_message
from outbox.digests import send_digests
from outbox.models import Notification
from procurement import alerts
from procurement.models import Notice, NoticeChange, Subscription
from procurement.services import record_change
from tests.conftest import make_municipality, make_user
from tests.enterprises.factories import make_category, make_enterprise
from tests.procurement.factories import cpv, make_notice

pytestmark = pytest.mark.django_db

Status = Notification.Status
# A Monday morning in Copenhagen, after the digests' hour.
MONDAY = datetime.datetime(2026, 3, 2, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def bookkeeping(db):
    return make_category("bogfoering", "Bogføring")


@pytest.fixture
def rikke(bookkeeping):
    rikke = make_user(email="rikke@example.dk", first_name="Rikke")
    make_enterprise(name="Regnskabshuset", services=[bookkeeping], representatives=[rikke])
    return rikke


def publish(notice, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        return record_change(notice, kind=NoticeChange.Kind.PUBLISHED, **kwargs)


def alerts_for(user):
    return list(Notification.objects.filter(recipient_user=user, template="procurement_alert").order_by("pk"))


def test_publishing_a_notice_mails_the_follower_at_once(
    rikke, bookkeeping, mailoutbox, django_capture_on_commit_callbacks
):
    notice = make_notice(title="Bogføring for Lejre", categories=[bookkeeping])

    change = publish(notice, django_capture_on_commit_callbacks)

    [alert] = alerts_for(rikke)
    assert alert.dedupe_key == f"procurement-alert:{change.pk}:{rikke.pk}"
    assert alert.status == Status.SENT
    assert alert.transactional is False
    assert alert.context["enterprises"] == ["Regnskabshuset"]
    assert alert.context["path"] == f"/udbud/{notice.slug}/"
    [message] = mailoutbox
    assert message.to == ["rikke@example.dk"]
    assert message.subject == "Nyt udbud: Bogføring for Lejre"
    assert "Regnskabshuset" in message.body
    assert f"http://testserver/udbud/{notice.slug}/" in message.body
    assert "List-Unsubscribe" in message.extra_headers
    change.refresh_from_db()
    assert change.alerts_queued_at is not None


def test_an_english_speaker_gets_it_in_english(bookkeeping, mailoutbox, django_capture_on_commit_callbacks):
    make_enterprise(
        services=[bookkeeping], representatives=[make_user(language="en", email="ann@example.dk")]
    )

    publish(make_notice(title="Bookkeeping", categories=[bookkeeping]), django_capture_on_commit_callbacks)

    [message] = mailoutbox
    assert message.subject == "New procurement notice: Bookkeeping"
    assert "Municipal tender" in message.body


def test_a_daily_reader_gets_the_alert_as_one_line_of_the_digest(
    bookkeeping, mailoutbox, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(MONDAY, tick=False)
    daily = make_user(email="daily@example.dk", email_frequency="daily")
    make_enterprise(services=[bookkeeping], representatives=[daily])
    notice = make_notice(title="Bogføring for Lejre", categories=[bookkeeping])

    publish(notice, django_capture_on_commit_callbacks)

    [alert] = alerts_for(daily)
    assert alert.status == Status.HELD
    assert mailoutbox == []
    time_machine.shift(datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests() == 1
    [digest] = mailoutbox
    assert "- Nyt udbud: Bogføring for Lejre" in digest.body
    assert f"http://testserver/udbud/{notice.slug}/" in digest.body


def test_someone_who_wants_no_news_gets_none(bookkeeping, mailoutbox, django_capture_on_commit_callbacks):
    never = make_user(email_frequency="never")
    make_enterprise(services=[bookkeeping], representatives=[never])

    publish(make_notice(categories=[bookkeeping]), django_capture_on_commit_callbacks)

    assert [alert.status for alert in alerts_for(never)] == [Status.SKIPPED]
    assert mailoutbox == []


def test_the_same_change_never_alerts_twice(
    rikke, bookkeeping, mailoutbox, django_capture_on_commit_callbacks
):
    change = publish(make_notice(categories=[bookkeeping]), django_capture_on_commit_callbacks)
    NoticeChange.objects.filter(pk=change.pk).update(alerts_queued_at=None)  # as if the run were repeated

    with django_capture_on_commit_callbacks(execute=True):
        alerts.queue_alerts()
        alerts.queue_alerts()

    assert len(alerts_for(rikke)) == 1
    assert len(mailoutbox) == 1


def test_a_corrected_deadline_alerts_again_once_saying_what_changed(
    rikke, bookkeeping, mailoutbox, django_capture_on_commit_callbacks
):
    notice = make_notice(title="Bogføring", categories=[bookkeeping])
    publish(notice, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            record_change(notice, kind=NoticeChange.Kind.CORRECTED, fields=["submission_deadline"])
        alerts.queue_alerts()

    first, corrected = alerts_for(rikke)
    assert corrected.context["change"] == "corrected"
    assert corrected.context["changed"] == [gettext("deadline for submission")]
    assert mailoutbox[1].subject == "Udbud rettet: Bogføring"
    assert "Hvad er ændret:" in mailoutbox[1].body
    assert len(mailoutbox) == 2


def test_awards_and_cancellations_send_no_alert(rikke, bookkeeping, django_capture_on_commit_callbacks):
    notice = make_notice(categories=[bookkeeping])

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        record_change(notice, kind=NoticeChange.Kind.CANCELLED)

    assert alerts_for(rikke) == []


def test_a_notice_past_its_deadline_is_not_worth_an_alert(
    rikke, bookkeeping, django_capture_on_commit_callbacks
):
    notice = make_notice(categories=[bookkeeping])
    change = NoticeChange.objects.create(notice=notice, kind=NoticeChange.Kind.PUBLISHED)

    alerts.queue_alerts(now=notice.submission_deadline + datetime.timedelta(minutes=1))

    assert alerts_for(rikke) == []
    change.refresh_from_db()
    assert change.alerts_queued_at is not None


def test_an_embargoed_notice_alerts_on_its_ted_date_not_before(
    rikke, bookkeeping, mailoutbox, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(MONDAY, tick=False)
    notice = make_notice(categories=[bookkeeping], ted_published_on=datetime.date(2026, 3, 4))

    change = publish(notice, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        assert alerts.queue_alerts() == 0
    # Tuesday 3 March, 23.59 in Copenhagen: still the day before.
    time_machine.move_to(datetime.datetime(2026, 3, 3, 22, 59, tzinfo=datetime.UTC), tick=False)
    assert alerts.queue_alerts() == 0
    assert alerts_for(rikke) == []

    # Wednesday, 00.14 in Copenhagen: the periodic run picks it up.
    time_machine.move_to(datetime.datetime(2026, 3, 3, 23, 14, tzinfo=datetime.UTC), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert alerts.queue_alerts() == 1

    [alert] = alerts_for(rikke)
    assert alert.dedupe_key == f"procurement-alert:{change.pk}:{rikke.pk}"
    assert len(mailoutbox) == 1


def test_an_embargoed_notice_corrected_before_its_ted_date_alerts_once_as_published(
    rikke, bookkeeping, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(MONDAY, tick=False)
    notice = make_notice(categories=[bookkeeping], ted_published_on=datetime.date(2026, 3, 4))
    publish(notice, django_capture_on_commit_callbacks)
    with transaction.atomic():
        record_change(notice, kind=NoticeChange.Kind.CORRECTED, fields=["submission_deadline"])

    time_machine.move_to(datetime.datetime(2026, 3, 4, 8, 0, tzinfo=datetime.UTC), tick=False)
    alerts.queue_alerts()

    assert [alert.context["change"] for alert in alerts_for(rikke)] == ["published"]
    assert not NoticeChange.objects.filter(alerts_queued_at__isnull=True).exists()


def test_a_draft_notice_alerts_nobody(rikke, bookkeeping):
    notice = make_notice(categories=[bookkeeping], status="draft", published_at=None)
    NoticeChange.objects.create(notice=notice, kind=NoticeChange.Kind.PUBLISHED)

    assert alerts.queue_alerts() == 0


def test_the_alert_renders_in_both_languages_with_the_facts(rikke, bookkeeping):
    notice = make_notice(title="Bogføring", categories=[bookkeeping], department="Økonomi")
    NoticeChange.objects.create(notice=notice, kind=NoticeChange.Kind.PUBLISHED)
    alerts.queue_alerts()
    [alert] = alerts_for(rikke)

    message = build_message(alert)

    assert "Ordregiver:" in message.body
    assert "Økonomi" in message.body
    assert "Frist for tilbud:" in message.body
    assert "/konto/udbud/" in message.body


def _followers(count, category, municipality):
    for _ in range(count):
        enterprise = make_enterprise(
            services=[category], representatives=[make_user(), make_user(email_frequency="daily")]
        )
        subscription = Subscription.objects.create(enterprise=enterprise, kinds=[Notice.Kind.TENDER])
        subscription.cpv_codes.set([cpv("45000000")])
        subscription.categories.set([category])
        subscription.municipalities.set([municipality])


@pytest.mark.parametrize("size", [1, 4])
def test_queuing_alerts_runs_the_same_queries_whatever_the_number_of_changes_and_followers(
    size, bookkeeping, django_assert_num_queries
):
    municipality = make_municipality()
    _followers(size, bookkeeping, municipality)
    for _ in range(size):
        notice = make_notice(
            categories=[bookkeeping], lots=[{"cpv_codes": ["45212000"]}], municipality=municipality
        )
        NoticeChange.objects.create(notice=notice, kind=NoticeChange.Kind.PUBLISHED)

    # Two transactions (a savepoint in the test's, two queries each): the batch of changes, the
    # matching's ten, the insert, marking the changes; then the empty next batch. (An insert
    # carries up to outbox.delivery.BULK_BATCH mails, fewer on SQLite, which limits its parameters:
    # 32 mails fit in one there.)
    with django_assert_num_queries(18):
        queued = alerts.queue_alerts()

    assert queued == size * size * 2
