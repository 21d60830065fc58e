"""The notices in the admin: Lejre's staff write and publish their own, the bad input of issue 11
comes back as form errors with nothing saved, a correction is recorded for the followers, the
stage moves along its table, and Roskilde's staff see nothing of Lejre's."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from procurement.models import Notice, NoticeChange
from tests.enterprises.factories import make_category
from tests.procurement.admin_helpers import (
    ADD,
    change_url,
    decision_url,
    in_days,
    notice_data,
    unchanged_deadlines,
)
from tests.procurement.factories import make_lot, make_notice

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:procurement_notice_changelist")


def errors_of(response):
    """{field: [message]} of the notice form, and the lots' formset errors under "lots"."""
    assert response.status_code == 200, response
    errors = {field: list(messages) for field, messages in response.context["adminform"].form.errors.items()}
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.prefix == "lots" and inline.formset.non_form_errors():
            errors["lots"] = list(inline.formset.non_form_errors())
    return errors


# --- Publishing --------------------------------------------------------------------------------


def test_lejre_staff_write_a_notice_with_lots_and_publish_it_in_one_save(client, lejre_staff, lejre):
    cleaning = make_category(slug="rengoering", name="Rengøring")
    client.force_login(lejre_staff)

    response = client.post(
        ADD,
        notice_data(
            publish_now="on",
            estimated_value="900000",
            cpv="90910000-9",
            not_split_reason="",
            lots=[
                {
                    "title": "Rådhuset",
                    "estimated_value": "500000",
                    "categories": [cleaning.pk],
                    "cpv": "90911200",
                },
                {"title": "Skolerne", "estimated_value": "400000"},
            ],
        ),
    )

    assert response.status_code == 302
    notice = Notice.objects.get()
    assert (notice.municipality, notice.status, notice.slug) == (
        lejre,
        Notice.Status.PUBLISHED,
        "rengoering-af-lejre-raadhus",
    )
    assert notice.published_at is not None and notice.reviewed_by == lejre_staff
    assert [code.full_code for code in notice.cpv_codes.all()] == ["90910000-9"]
    first, second = notice.lots.order_by("number")
    assert (first.title, [c.slug for c in first.categories.all()]) == ("Rådhuset", ["rengoering"])
    assert [code.full_code for code in first.cpv_codes.all()] == ["90911200-8"]
    assert second.title == "Skolerne"
    assert list(notice.changes.values_list("kind", "by")) == [(NoticeChange.Kind.PUBLISHED, lejre_staff.pk)]


def test_a_notice_saved_without_publish_stays_a_draft_and_tells_nobody(client, lejre_staff):
    client.force_login(lejre_staff)

    client.post(ADD, notice_data())

    notice = Notice.objects.get()
    assert notice.status == Notice.Status.DRAFT
    assert not notice.changes.exists()


def test_the_publish_decision_publishes_a_draft_and_records_it(client, lejre_staff, lejre):
    notice = make_notice(municipality=lejre, status=Notice.Status.DRAFT, published_at=None)
    client.force_login(lejre_staff)

    page = client.get(change_url(notice))
    assert decision_url(notice, "publish") in page.text
    response = client.post(decision_url(notice, "publish"), {"note": ""})

    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.status == Notice.Status.PUBLISHED
    assert list(notice.changes.values_list("kind", flat=True)) == [NoticeChange.Kind.PUBLISHED]


def test_the_publish_decision_refuses_a_deadline_in_the_past_and_saves_nothing(client, lejre_staff, lejre):
    notice = make_notice(
        municipality=lejre,
        status=Notice.Status.DRAFT,
        published_at=None,
        questions_deadline=in_days(-3),
        submission_deadline=in_days(-1),
    )
    client.force_login(lejre_staff)
    with translation.override("en"):
        publish = decision_url(notice, "publish")

    response = client.post(publish, {"note": ""}, follow=True)

    notice.refresh_from_db()
    assert notice.status == Notice.Status.DRAFT
    assert not notice.changes.exists()
    assert "The deadline for submission has passed. Give a date in the future." in [
        str(message).split(": ", 1)[-1] for message in response.context["messages"]
    ]


# --- Bad input: clear form errors, nothing saved -----------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"publish_now": "on", "questions_deadline": in_days(-3), "submission_deadline": in_days(-1)},
            "submission_deadline",
            "The deadline for submission has passed. Give a date in the future.",
        ),
        (
            {"questions_deadline": in_days(15), "submission_deadline": in_days(10)},
            "questions_deadline",
            "The deadline for questions must come before the deadline for submission.",
        ),
        (
            {"cpv": "90910000-9, 12345678"},
            "cpv",
            "12345678 is not a code in CPV 2008. Look it up at simap.ted.europa.eu/cpv.",
        ),
        (
            {"cpv": "90910000-1"},
            "cpv",
            "The check digit of 90910000-1 is wrong: it is 90910000-9.",
        ),
        (
            {"cpv": "9091-0000"},
            "cpv",
            "A CPV code is eight digits and a check digit, e.g. 90910000-9. You wrote 9091-0000.",
        ),
        (
            {"ted_published_on": (datetime.date.today() + datetime.timedelta(days=40)).isoformat()},
            "ted_published_on",
            "The TED publication date comes after the deadline for submission.",
        ),
        (
            {"publish_now": "on", "not_split_reason": ""},
            "lots",
            "Say why the purchase is not split into lots, or add the lots.",
        ),
    ],
    ids=[
        "deadline-passed",
        "questions-after-submission",
        "unknown-cpv",
        "cpv-check-digit",
        "cpv-format",
        "ted-after-deadline",
        "no-lots-no-reason",
    ],  # fmt: skip
)
def test_bad_input_is_a_form_error_and_nothing_is_saved(client, lejre_staff, fields, field, message):
    client.force_login(lejre_staff)
    with translation.override("en"):
        add = reverse("admin:procurement_notice_add")  # the English admin: the messages as written

    response = client.post(add, notice_data(**fields))

    assert message in errors_of(response)[field]
    assert not Notice.objects.exists()


def test_lot_values_above_the_total_are_refused_with_nothing_saved(client, lejre_staff):
    client.force_login(lejre_staff)
    with translation.override("en"):
        add = reverse("admin:procurement_notice_add")

    response = client.post(
        add,
        notice_data(
            estimated_value="500000",
            lots=[
                {"title": "Nord", "estimated_value": "300000"},
                {"title": "Syd", "estimated_value": "300000"},
            ],
        ),
    )

    assert errors_of(response)["lots"] == [
        "The lots' values add up to more than the notice's estimated value. Correct one of them."
    ]
    assert not Notice.objects.exists()


def test_a_change_of_a_published_notice_s_lots_is_checked_against_its_total(client, lejre_staff, lejre):
    notice = make_notice(municipality=lejre, estimated_value=500_000)
    lot = make_lot(notice, title="Nord", estimated_value=200_000)
    client.force_login(lejre_staff)

    response = client.post(
        change_url(notice),
        notice_data(
            notice,
            title=notice.title,
            estimated_value="500000",
            lots=[{"title": "Syd", "estimated_value": "400000"}],
        ),
    )

    assert "lots" in errors_of(response)
    assert list(notice.lots.all()) == [lot]


def test_a_draft_may_keep_a_past_deadline_until_it_is_published(client, lejre_staff):
    client.force_login(lejre_staff)

    response = client.post(ADD, notice_data(questions_deadline=in_days(-3), submission_deadline=in_days(-1)))

    assert response.status_code == 302
    assert Notice.objects.get().status == Notice.Status.DRAFT


# --- Corrections and the stage -----------------------------------------------------------------


def test_a_corrected_deadline_of_a_published_notice_is_recorded_for_its_followers(client, lejre_staff, lejre):
    notice = make_notice(municipality=lejre, title="Kantinedrift")
    client.force_login(lejre_staff)

    response = client.post(
        change_url(notice), notice_data(notice, title="Kantinedrift", submission_deadline=in_days(30))
    )

    assert response.status_code == 302
    [change] = notice.changes.all()
    assert (change.kind, change.fields, change.by) == (
        NoticeChange.Kind.CORRECTED,
        ["submission_deadline"],
        lejre_staff,
    )


def test_a_change_no_follower_hears_of_records_nothing(client, lejre_staff, lejre):
    notice = make_notice(municipality=lejre, title="Kantinedrift")
    data = {
        **notice_data(notice, title="Kantinedrift", contact_name="Ny kontakt"),
        **unchanged_deadlines(notice),
    }
    client.force_login(lejre_staff)

    response = client.post(change_url(notice), data)

    assert response.status_code == 302
    assert not notice.changes.exists()


@pytest.mark.parametrize(
    ("decision", "stage", "kind"),
    [
        ("award", Notice.Stage.AWARDED, NoticeChange.Kind.AWARDED),
        ("cancel", Notice.Stage.CANCELLED, NoticeChange.Kind.CANCELLED),
    ],  # fmt: skip
)
def test_awarding_and_cancelling_move_the_stage_and_are_recorded(
    client, lejre_staff, lejre, decision, stage, kind
):
    notice = make_notice(municipality=lejre)
    client.force_login(lejre_staff)

    response = client.post(decision_url(notice, decision), {})

    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.stage == stage
    assert list(notice.changes.values_list("kind", flat=True)) == [kind]


def test_a_cancelled_notice_is_not_awarded(client, lejre_staff, lejre):
    notice = make_notice(municipality=lejre, stage=Notice.Stage.CANCELLED)
    client.force_login(lejre_staff)

    assert decision_url(notice, "award") not in client.get(change_url(notice)).text
    client.post(decision_url(notice, "award"), {})

    notice.refresh_from_db()
    assert notice.stage == Notice.Stage.CANCELLED
    assert not notice.changes.exists()


# --- Scoping -----------------------------------------------------------------------------------


def test_roskilde_staff_see_nothing_of_lejre_s_notices(client, roskilde_staff, lejre, roskilde):
    lejre_notice = make_notice(municipality=lejre, title="Lejres rengøring", status=Notice.Status.DRAFT)
    own = make_notice(municipality=roskilde, title="Roskildes kantine")
    client.force_login(roskilde_staff)

    listed = client.get(CHANGELIST)
    assert list(listed.context["cl"].result_list) == [own]
    assert "Lejres rengøring" not in listed.text
    assert client.get(change_url(lejre_notice)).status_code == 302  # as if it did not exist
    client.post(decision_url(lejre_notice, "publish"), {"note": ""})
    client.post(decision_url(lejre_notice, "cancel"), {})
    lejre_notice.refresh_from_db()
    assert (lejre_notice.status, lejre_notice.stage) == (Notice.Status.DRAFT, Notice.Stage.TENDERING)


def test_staff_publish_for_their_own_municipality_only(client, roskilde_staff, lejre, roskilde):
    client.force_login(roskilde_staff)

    client.post(ADD, {**notice_data(), "municipality": lejre.pk})

    assert Notice.objects.get().municipality == roskilde


# --- The list runs a fixed number of queries ---------------------------------------------------


def _notices(municipality, count):
    for n in range(count):
        notice = make_notice(municipality=municipality, title=f"Udbud {n}")
        make_lot(notice)


@pytest.mark.parametrize("count", [1, 6])
def test_the_change_list_runs_a_fixed_number_of_queries(
    client, lejre_staff, lejre, django_assert_num_queries, count
):
    _notices(lejre, count)
    client.force_login(lejre_staff)
    client.get(CHANGELIST)  # the session and permissions warm up

    # session, user, permissions (own, groups), count, count of all, the administrator check of
    # the header, the staff member's municipality, the page of notices
    with django_assert_num_queries(9):
        response = client.get(CHANGELIST)

    assert len(response.context["cl"].result_list) == count


def test_a_planned_purchase_is_tendered_and_its_followers_hear_of_the_stage(client, lejre_staff, lejre):
    notice = make_notice(municipality=lejre, kind=Notice.Kind.PLANNED, stage=Notice.Stage.PLANNED)
    client.force_login(lejre_staff)

    client.post(decision_url(notice, "tender"), {})

    notice.refresh_from_db()
    assert notice.stage == Notice.Stage.TENDERING
    assert list(notice.changes.values_list("kind", "fields")) == [(NoticeChange.Kind.CORRECTED, ["stage"])]


def test_a_slug_that_names_a_page_beside_the_notices_is_refused(client, lejre, lejre_staff):
    client.force_login(lejre_staff)

    response = client.post(ADD, notice_data(slug="feed"))

    assert errors_of(response)["slug"] == [
        "Adressen feed bruges af en anden side. Vælg en anden, eller lad feltet stå tomt."
    ]
    assert not Notice.objects.exists()
