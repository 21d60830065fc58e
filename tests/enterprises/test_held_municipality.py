"""A change of home municipality on a published profile waits for review, and the representative
is told so, not that it is public."""

from enterprises.models import Enterprise
from tests.enterprises.factories import make_enterprise
from tests.enterprises.test_forms import VALID_CVR
from tests.enterprises.test_selfservice import edit_data, messages_of


def test_a_new_home_municipality_is_reported_as_waiting_for_review(
    client, representative, lejre, roskilde, lejre_staff
):
    enterprise = make_enterprise(
        name="Grønt Køkken", home_municipality=lejre, representatives=[representative], cvr=VALID_CVR
    )
    client.force_login(representative)

    response = client.post(
        f"/en/konto/virksomheder/{enterprise.slug}/ret/",
        edit_data(enterprise, home_municipality=roskilde.pk),
        follow=True,
    )

    enterprise.refresh_from_db()
    assert enterprise.home_municipality == lejre
    assert enterprise.pending_changes == {"home_municipality_id": roskilde.pk}
    assert enterprise.status == Enterprise.Status.PUBLISHED
    assert messages_of(response) == [
        "These changes wait for review by Lejre Kommune before they are public: Home municipality."
    ]
