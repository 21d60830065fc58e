"""Awards and the follow-up of social clauses in the admin: the winner from the registry or by name
and CVR number (validated), per lot or for the whole notice, and staff confirming a follow-up."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from procurement.models import Award, ClauseFollowUp
from tests.enterprises.factories import make_enterprise
from tests.procurement.factories import make_award, make_lot, make_notice

pytestmark = pytest.mark.django_db

ADD = reverse("admin:procurement_award_add")
FOLLOW_UPS = reverse("admin:procurement_clausefollowup_changelist")


def award_data(notice, **fields):
    data = {
        "notice": notice.pk,
        "lot": "",
        "enterprise": "",
        "winner_name": "",
        "winner_cvr": "",
        "value": "450000",
        "awarded_on": "2026-11-20",
        "follow_ups-TOTAL_FORMS": "0",
        "follow_ups-INITIAL_FORMS": "0",
    }
    return {**data, **fields}


def test_the_winner_chosen_from_the_registry_gives_its_name_and_cvr(client, lejre_staff, lejre, roskilde):
    notice = make_notice(municipality=lejre, social_clauses="To personer i fleksjob.")
    lot = make_lot(notice, title="Frokost")
    winner = make_enterprise(home_municipality=roskilde, name="Café Væksthuset")  # any municipality
    client.force_login(lejre_staff)

    response = client.post(ADD, award_data(notice, lot=lot.pk, enterprise=winner.pk))

    assert response.status_code == 302
    award = Award.objects.get()
    assert (award.lot, award.enterprise, award.winner_name, award.winner_cvr) == (
        lot,
        winner,
        "Café Væksthuset",
        winner.cvr,
    )


def test_a_winner_outside_the_registry_is_written_with_a_checked_cvr_number(client, lejre_staff, lejre):
    notice = make_notice(municipality=lejre)
    client.force_login(lejre_staff)

    refused = client.post(ADD, award_data(notice, winner_name="Rengøring A/S", winner_cvr="12345678"))
    taken = client.post(ADD, award_data(notice, winner_name="Rengøring A/S", winner_cvr="12 34 56 74"))

    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors["winner_cvr"] == [
        "Kontrolcifferet passer ikke – tjek nummeret. Du kan finde det på datacvr.virk.dk."
    ]
    assert taken.status_code == 302
    assert Award.objects.get().winner_cvr == "12345674"


def test_an_award_needs_a_winner(client, lejre_staff, lejre):
    notice = make_notice(municipality=lejre)
    client.force_login(lejre_staff)

    response = client.post(ADD, award_data(notice))

    assert "winner_name" in response.context["adminform"].form.errors
    assert not Award.objects.exists()


def test_the_lot_of_an_award_belongs_to_its_notice(client, lejre_staff, lejre):
    notice, other = make_notice(municipality=lejre), make_notice(municipality=lejre)
    client.force_login(lejre_staff)

    response = client.post(ADD, award_data(notice, winner_name="Vinder ApS", lot=make_lot(other).pk))

    assert "lot" in response.context["adminform"].form.errors
    assert not Award.objects.exists()


def test_roskilde_staff_cannot_award_lejre_s_notice(client, roskilde_staff, lejre):
    notice = make_notice(municipality=lejre)
    client.force_login(roskilde_staff)

    response = client.post(ADD, award_data(notice, winner_name="Vinder ApS"))

    assert "notice" in response.context["adminform"].form.errors
    assert not Award.objects.exists()


def _follow_up(notice, **kwargs):
    award = make_award(notice)
    return ClauseFollowUp.objects.create(
        award=award,
        period_end=datetime.date(2026, 12, 31),
        promised="To personer i fleksjob",
        positions_promised=2,
        positions_filled=2,
        report="Begge ansat fra 1. september.",
        **kwargs,
    )


def test_staff_confirm_a_follow_up_once(client, lejre_staff, lejre_admin, lejre):
    follow_up = _follow_up(make_notice(municipality=lejre, social_clauses="To fleksjob."))
    client.force_login(lejre_staff)

    client.post(FOLLOW_UPS, {"action": "confirm", ACTION_CHECKBOX_NAME: [follow_up.pk], "index": 0})
    follow_up.refresh_from_db()
    first = follow_up.confirmed_at
    client.force_login(lejre_admin)
    client.post(FOLLOW_UPS, {"action": "confirm", ACTION_CHECKBOX_NAME: [follow_up.pk], "index": 0})

    follow_up.refresh_from_db()
    assert follow_up.confirmed_by == lejre_staff
    assert first is not None and follow_up.confirmed_at == first
    assert list(ClauseFollowUp.objects.confirmed()) == [follow_up]


def test_roskilde_staff_cannot_confirm_lejre_s_follow_up(client, roskilde_staff, lejre):
    follow_up = _follow_up(make_notice(municipality=lejre))
    client.force_login(roskilde_staff)

    client.post(FOLLOW_UPS, {"action": "confirm", ACTION_CHECKBOX_NAME: [follow_up.pk], "index": 0})

    follow_up.refresh_from_db()
    assert follow_up.confirmed_at is None


def test_a_follow_up_added_on_the_award_is_reported_by_the_staff_member(client, lejre_staff, lejre):
    award = make_award(make_notice(municipality=lejre))
    client.force_login(lejre_staff)

    response = client.post(
        reverse("admin:procurement_award_change", args=[award.pk]),
        {
            **award_data(award.notice, winner_name=award.winner_name, awarded_on="2026-11-01"),
            "follow_ups-TOTAL_FORMS": "1",
            "follow_ups-0-period_end": "2026-12-31",
            "follow_ups-0-promised": "Tre elever",
            "follow_ups-0-positions_promised": "3",
            "follow_ups-0-positions_filled": "1",
            "follow_ups-0-report": "Én elev startet.",
        },
    )

    assert response.status_code == 302
    [follow_up] = award.follow_ups.all()
    assert (follow_up.reported_by, follow_up.confirmed_at) == (lejre_staff, None)


def test_the_award_on_the_notice_s_page_offers_the_notice_s_own_lots(client, lejre_staff, lejre):
    notice = make_notice(municipality=lejre)
    own = make_lot(notice, title="Frokost")
    make_lot(make_notice(municipality=lejre), title="Et andet opslags delaftale")
    client.force_login(lejre_staff)

    response = client.get(reverse("admin:procurement_notice_change", args=[notice.pk]))

    [awards] = [
        inline for inline in response.context["inline_admin_formsets"] if inline.formset.prefix == "awards"
    ]
    assert list(awards.formset.empty_form.fields["lot"].queryset) == [own]
