"""An enterprise's interest in a notice or a lot: marked by its representative only, once, with
consent recorded, withdrawn, refused when closed, rate limited, and the buyer told by mail."""

import datetime

import pytest
from django.utils import timezone

from enterprises.models import Enterprise
from procurement.models import Interest, Notice
from tests.conftest import make_staff
from tests.enterprises.factories import make_enterprise
from tests.procurement.factories import make_interest, make_notice

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(lejre):
    return make_notice(
        municipality=lejre, title="Kantinedrift", lots=[{"title": "Frokost"}, {"title": "Kaffe"}]
    )


def interest_url(notice):
    return f"/udbud/{notice.slug}/interesse/"


def mark(client, notice, enterprise, **data):
    return client.post(interest_url(notice), {"enterprise": enterprise.pk, **data})


def test_anonymous_visitors_are_asked_to_log_in_or_create_an_account(client, notice):
    text = client.get(notice.get_absolute_url()).text

    assert "Log ind for at markere interesse" in text
    assert f"/konto/log-ind/?next=/udbud/{notice.slug}/" in text
    assert 'href="/konto/opret/"' in text
    response = client.post(interest_url(notice), {"enterprise": 1})
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/log-ind/")
    assert not Interest.objects.exists()


def test_a_person_without_a_published_enterprise_is_told_what_they_need(representative_client, notice):
    text = representative_client.get(notice.get_absolute_url()).text

    assert "skal din virksomhed have en offentliggjort profil" in text


def test_a_representative_marks_interest_in_a_lot_with_a_message_and_consent(
    representative_client, representative, enterprise, notice, lejre_staff, on_commit, mailoutbox
):
    lot = notice.lots.get(number=2)
    with on_commit():
        response = mark(
            representative_client,
            notice,
            enterprise,
            lot=lot.pk,
            message="Vi kan levere kaffe.",
            share_profile="on",
        )

    assert response.status_code == 302
    assert response["Location"] == f"/udbud/{notice.slug}/#interesse"
    interest = Interest.objects.get()
    assert (interest.notice, interest.lot, interest.enterprise, interest.user) == (
        notice,
        lot,
        enterprise,
        representative,
    )
    assert interest.message == "Vi kan levere kaffe."
    assert interest.share_profile is True
    assert interest.consent_at is not None
    [mail] = mailoutbox
    assert mail.to == ["kontakt@lejre.dk"]
    assert "Grønt Køkken er interesseret i Kantinedrift" in mail.subject
    assert "Delaftale 2: Kaffe" in mail.body
    page = representative_client.get(notice.get_absolute_url()).text
    assert "Grønt Køkken er interesseret i Delaftale 2: Kaffe." in page
    assert "Profilen er delt med køberen." in page


def test_marked_twice_is_one_interest_with_the_new_message_and_one_mail(
    representative_client, enterprise, notice, lejre_staff, on_commit, mailoutbox
):
    with on_commit():
        mark(representative_client, notice, enterprise, message="Første", share_profile="on")
    first = Interest.objects.get()
    with on_commit():
        response = mark(representative_client, notice, enterprise, message="Anden", share_profile="on")

    assert response.status_code == 302
    interest = Interest.objects.get()
    assert interest.message == "Anden"
    assert interest.consent_at == first.consent_at  # consent given once, kept
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject  # the buyer heard once


def test_interest_in_the_notice_and_in_a_lot_are_two_interests(representative_client, enterprise, notice):
    mark(representative_client, notice, enterprise)
    mark(representative_client, notice, enterprise, lot=notice.lots.get(number=1).pk)

    assert Interest.objects.count() == 2


def test_without_the_box_no_consent_is_recorded_and_unticking_withdraws_it(
    representative_client, enterprise, notice
):
    mark(representative_client, notice, enterprise, share_profile="on")
    mark(representative_client, notice, enterprise)

    interest = Interest.objects.get()
    assert (interest.share_profile, interest.consent_at) == (False, None)


def test_a_representative_cannot_mark_interest_for_someone_else_s_enterprise(
    representative_client, enterprise, other_enterprise, notice
):
    response = mark(representative_client, notice, other_enterprise)

    assert response.status_code == 400
    assert not Interest.objects.exists()


def test_an_unpublished_enterprise_cannot_mark_interest(representative_client, representative, lejre, notice):
    draft = make_enterprise(
        home_municipality=lejre, representatives=[representative], status=Enterprise.Status.DRAFT
    )

    assert mark(representative_client, notice, draft).status_code == 400
    assert not Interest.objects.exists()


def test_a_lot_of_another_notice_is_refused(representative_client, enterprise, notice, lejre):
    other = make_notice(municipality=lejre, lots=[{"title": "Anden"}])

    response = mark(representative_client, notice, enterprise, lot=other.lots.get().pk)

    assert response.status_code == 400
    assert not Interest.objects.exists()


def test_a_message_over_1000_characters_is_refused_with_the_form_again(
    representative_client, enterprise, notice
):
    response = mark(representative_client, notice, enterprise, message="x" * 1001)

    assert response.status_code == 400
    assert "Skriv højst 1000 tegn; du skrev 1001." in response.text
    assert not Interest.objects.exists()


def test_a_closed_notice_takes_no_interest_and_says_so(representative_client, enterprise, lejre):
    closed = make_notice(
        municipality=lejre,
        submission_deadline=timezone.now() - datetime.timedelta(hours=1),
        questions_deadline=None,
    )

    page = representative_client.get(closed.get_absolute_url()).text
    response = mark(representative_client, closed, enterprise)

    assert "tager ikke længere imod interesse" in page
    assert response.status_code == 302
    assert not Interest.objects.exists()
    followed = representative_client.get(response["Location"]).text
    assert "tager ikke længere imod interesse" in followed


def test_a_planned_notice_and_a_market_dialogue_take_interest(representative_client, enterprise, lejre):
    planned = make_notice(
        municipality=lejre, stage=Notice.Stage.PLANNED, submission_deadline=None, questions_deadline=None
    )
    dialogue = make_notice(municipality=lejre, kind=Notice.Kind.MARKET_DIALOGUE)

    mark(representative_client, planned, enterprise)
    mark(representative_client, dialogue, enterprise)

    assert Interest.objects.count() == 2


def test_staff_and_others_get_a_404_for_interest_in_a_draft(representative_client, enterprise, lejre):
    draft = make_notice(municipality=lejre, status=Notice.Status.DRAFT, published_at=None)

    assert mark(representative_client, draft, enterprise).status_code == 404


def test_marking_needs_post(representative_client, notice):
    assert representative_client.get(interest_url(notice)).status_code == 405


def test_the_buyer_s_contact_persons_are_told_and_not_another_municipality_s(
    representative_client, enterprise, notice, lejre, lejre_staff, roskilde_staff, on_commit, mailoutbox
):
    make_staff(lejre, "Kontaktperson", username="anden-lejre", email="anden@lejre.dk")
    with on_commit():
        mark(representative_client, notice, enterprise)

    assert sorted(address for mail in mailoutbox for address in mail.to) == [
        "anden@lejre.dk",
        "kontakt@lejre.dk",
    ]


def test_the_mail_s_dedupe_key_names_the_interest(representative_client, enterprise, notice, lejre_staff):
    from outbox.models import Notification

    mark(representative_client, notice, enterprise)

    interest = Interest.objects.get()
    assert (
        Notification.objects.get().dedupe_key
        == f"procurement-interest:interest:{interest.pk}:{lejre_staff.pk}"
    )


def test_marking_is_rate_limited_per_account(representative_client, enterprise, notice, settings):
    settings.INTEREST_LIMIT_PER_HOUR = 2
    assert mark(representative_client, notice, enterprise, message="1").status_code == 302
    assert mark(representative_client, notice, enterprise, message="2").status_code == 302

    response = mark(representative_client, notice, enterprise, message="3")

    assert response.status_code == 429
    assert "Vent venligst lidt" in response.text or "vent" in response.text.lower()
    assert Interest.objects.get().message == "2"


def test_a_refused_form_costs_no_try(representative_client, enterprise, other_enterprise, notice, settings):
    settings.INTEREST_LIMIT_PER_HOUR = 1
    mark(representative_client, notice, other_enterprise)

    assert mark(representative_client, notice, enterprise).status_code == 302


# --- Withdrawing ----------------------------------------------------------------------------------


def withdraw_url(notice, interest):
    return f"/udbud/{notice.slug}/interesse/{interest.pk}/tilbagetraek/"


def test_a_representative_withdraws_their_enterprise_s_interest(representative_client, enterprise, notice):
    interest = make_interest(notice, enterprise)

    response = representative_client.post(withdraw_url(notice, interest))

    assert response.status_code == 302
    assert not Interest.objects.exists()
    assert "ikke længere markeret som interesseret" in representative_client.get(response["Location"]).text


def test_nobody_withdraws_another_enterprise_s_interest(
    client, representative_client, enterprise, other_enterprise, notice, lejre_staff
):
    theirs = make_interest(notice, other_enterprise)

    assert representative_client.post(withdraw_url(notice, theirs)).status_code == 404
    client.force_login(lejre_staff)
    assert client.post(withdraw_url(notice, theirs)).status_code == 404
    assert Interest.objects.filter(pk=theirs.pk).exists()


def test_an_interest_is_withdrawn_only_from_its_own_notice(representative_client, enterprise, notice, lejre):
    other = make_notice(municipality=lejre)
    interest = make_interest(other, enterprise)

    assert representative_client.post(withdraw_url(notice, interest)).status_code == 404


def test_withdrawing_needs_post(representative_client, enterprise, notice):
    interest = make_interest(notice, enterprise)

    assert representative_client.get(withdraw_url(notice, interest)).status_code == 405
    assert Interest.objects.exists()


# --- Queries --------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 6])
def test_a_representative_s_notice_page_runs_a_fixed_number_of_queries(
    representative_client, representative, lejre, count, django_assert_num_queries
):
    notice = make_notice(municipality=lejre, lots=[{"title": f"Delaftale {n}"} for n in range(count)])
    for n in range(count):
        enterprise = make_enterprise(home_municipality=lejre, representatives=[representative])
        make_interest(notice, enterprise, lot=notice.lots.get(number=n + 1))

    # Session and user, the notice and its relations (8), the representative's enterprises and
    # their interests (the form reuses what is fetched).
    with django_assert_num_queries(12):
        representative_client.get(notice.get_absolute_url())
