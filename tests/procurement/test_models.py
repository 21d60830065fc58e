import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from procurement import cpv as cpv_rules
from procurement import services
from procurement.models import CpvCode, Notice
from tests.enterprises.factories import make_enterprise
from tests.procurement.factories import make_interest, make_lot, make_notice

pytestmark = pytest.mark.django_db

AT = datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.UTC)


def test_the_whole_cpv_2008_vocabulary_is_loaded_with_both_languages():
    assert CpvCode.objects.count() == 9454
    cleaning = CpvCode.objects.get(code="90910000")
    assert (cleaning.full_code, cleaning.name, cleaning.name_en) == (
        "90910000-9",
        "Rengøring",
        "Cleaning services",
    )
    assert cleaning.prefix == "9091"


def test_a_code_covers_its_sub_codes_and_not_its_neighbours():
    construction = CpvCode.objects.get(code="45000000")
    assert construction.covers("45212000")
    assert not construction.covers("50000000")
    assert CpvCode.objects.get(code="90910000").covers("90911200")
    assert not CpvCode.objects.get(code="90910000").covers("90920000")


@pytest.mark.parametrize(
    ("written", "expected"),
    [("90910000-9", "90910000-9"), (" 9091 0000-9 ", "90910000-9"), ("90910000", "90910000-9")],
)
def test_a_cpv_code_is_taken_as_people_write_it(written, expected):
    assert cpv_rules.clean_code(written, {"90910000": "9"}) == expected


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("9091000-9", "cpv_format"),
        ("abc", "cpv_format"),
        ("90910000-1", "cpv_check_digit"),
        ("12345678", "cpv_unknown"),
    ],
)
def test_a_wrong_cpv_code_is_refused_with_a_reason(written, code):
    with pytest.raises(ValidationError) as refused:
        cpv_rules.clean_code(written, {"90910000": "9"})
    assert refused.value.code == code


def test_the_public_sees_a_notice_from_its_ted_publication_date_in_copenhagen_time():
    notice = make_notice(ted_published_on=datetime.date(2026, 12, 2))
    # 23.30 UTC on 1 December is 00.30 on 2 December in Copenhagen.
    with time_machine.travel(datetime.datetime(2026, 12, 1, 22, 30, tzinfo=datetime.UTC)):
        assert notice not in Notice.objects.public()
    with time_machine.travel(datetime.datetime(2026, 12, 1, 23, 30, tzinfo=datetime.UTC)):
        assert notice in Notice.objects.public()


def test_drafts_and_notices_under_review_are_not_public():
    draft = make_notice(status=Notice.Status.DRAFT)
    pending = make_notice(status=Notice.Status.PENDING)
    assert not Notice.objects.public().filter(pk__in=[draft.pk, pending.pk]).exists()


def test_open_and_closed_follow_the_submission_deadline():
    notice = make_notice(submission_deadline=AT, questions_deadline=None)
    assert notice.phase(AT - datetime.timedelta(seconds=1)) == Notice.Phase.OPEN
    assert notice.phase(AT) == Notice.Phase.CLOSED
    assert list(Notice.objects.open(AT - datetime.timedelta(minutes=1))) == [notice]
    assert not Notice.objects.open(AT).exists()
    notice.stage = Notice.Stage.AWARDED
    assert notice.phase(AT - datetime.timedelta(days=1)) == Notice.Phase.AWARDED


def test_marking_interest_twice_for_the_same_lot_or_notice_is_refused_by_the_database():
    notice = make_notice()
    lot = make_lot(notice)
    enterprise = make_enterprise()
    make_interest(notice, enterprise, lot=lot)
    make_interest(notice, enterprise)
    for again in ({"lot": lot}, {}):
        with pytest.raises(IntegrityError), transaction.atomic():
            make_interest(notice, enterprise, **again)


@time_machine.travel(AT, tick=False)
def test_publishing_refuses_what_the_issue_names():
    notice = make_notice(
        status=Notice.Status.DRAFT,
        submission_deadline=AT - datetime.timedelta(days=1),
        questions_deadline=None,
        estimated_value=100,
        ted_published_on=datetime.date(2026, 12, 5),
        not_split_reason="",
    )
    errors = services.publishing_errors(notice)
    assert set(errors) == {"submission_deadline", "ted_published_on", "not_split_reason"}

    notice.submission_deadline = AT + datetime.timedelta(days=10)
    make_lot(notice, estimated_value=80)
    make_lot(notice, estimated_value=30)
    assert set(services.publishing_errors(notice)) == {"estimated_value"}
