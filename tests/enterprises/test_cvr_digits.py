"""A CVR number written with digits of another script ("²", "٣", "３", "①") is refused with one clear
message at every door of the registry, and nothing is stored. Python's str.isdigit() and int() take
those digits, so each door once either crashed (500) or stored the number as written."""

import pytest
from django.urls import reverse
from django.utils import translation

from enterprises.models import Enterprise, EnterpriseChange
from tests.enterprises.factories import make_enterprise
from tests.enterprises.test_forms import profile_data
from tests.portal.test_admin import form_data

pytestmark = pytest.mark.django_db

# Each is 31000009, a valid CVR number, with one or more digits from outside 0–9.
NON_ASCII_CVRS = [
    "3100000²",  # superscript two
    "٣١٠٠٠٠٠٩",  # Arabic-Indic digits
    "３１０００００９",  # full-width digits
    "①1000009",  # circled one
    "۳1000009",  # an extended Arabic-Indic three
]
MESSAGE = "Write the CVR number with the ordinary digits 0 to 9 only."
MESSAGE_DA = "Skriv CVR-nummeret kun med de almindelige cifre 0 til 9."

CREATE = "/en/konto/virksomheder/opret/"
CLAIM = "/en/konto/virksomheder/tilknyt/"


def en(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


@pytest.mark.parametrize("cvr", NON_ASCII_CVRS)
def test_the_create_form_refuses_a_cvr_number_with_other_digits(representative_client, lejre, cvr):
    response = representative_client.post(CREATE, profile_data(lejre, cvr=cvr))

    assert response.status_code == 400
    assert response.context["form"].errors["cvr"] == [MESSAGE]
    assert 'id="error-summary"' in response.text
    assert not Enterprise.objects.exists()
    assert not EnterpriseChange.objects.exists()


@pytest.mark.parametrize("cvr", NON_ASCII_CVRS)
def test_the_edit_form_refuses_a_cvr_number_with_other_digits(
    representative_client, representative, lejre, cvr
):
    enterprise = make_enterprise(
        name="Grønt Køkken", home_municipality=lejre, representatives=[representative]
    )
    before = Enterprise.objects.values().get(pk=enterprise.pk)

    response = representative_client.post(
        f"/en/konto/virksomheder/{enterprise.slug}/ret/", profile_data(lejre, cvr=cvr)
    )

    assert response.status_code == 400
    assert response.context["form"].errors["cvr"] == [MESSAGE]
    assert Enterprise.objects.values().get(pk=enterprise.pk) == before
    assert not EnterpriseChange.objects.exists()


@pytest.mark.parametrize("cvr", NON_ASCII_CVRS)
def test_the_claim_form_refuses_a_cvr_number_with_other_digits(representative_client, cvr):
    response = representative_client.post(CLAIM, {"cvr": cvr})

    assert response.status_code == 400
    assert response.context["form"].errors["cvr"] == [MESSAGE]
    assert not EnterpriseChange.objects.exists()


def test_the_message_is_danish_on_the_danish_pages(representative_client, lejre):
    response = representative_client.post(CREATE.removeprefix("/en"), profile_data(lejre, cvr="3100000²"))

    assert response.context["form"].errors["cvr"] == [MESSAGE_DA]


@pytest.mark.parametrize("cvr", NON_ASCII_CVRS)
def test_the_create_form_is_not_prefilled_with_other_digits_from_the_address(representative_client, cvr):
    response = representative_client.get(CREATE, {"cvr": cvr})

    assert response.status_code == 200
    assert response.context["form"]["cvr"].value() is None


@pytest.mark.parametrize("cvr", NON_ASCII_CVRS)
def test_the_admin_form_refuses_a_cvr_number_with_other_digits(superuser_client, lejre, cvr):
    add = en("admin:enterprises_enterprise_add")
    data = {
        **form_data(superuser_client.get(add)),
        "name": "Grønt Køkken",
        "slug": "groent-koekken",
        "cvr": cvr,
        "home_municipality": lejre.pk,
        "sector": Enterprise.Sector.FOOD,
        "summary": "Frokost.",
    }

    response = superuser_client.post(add, data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["cvr"] == [MESSAGE]
    assert not Enterprise.objects.exists()


@pytest.mark.parametrize("term", ["3100000²", "٣١ ٠٠ ٠٠ ٠٩", "①1-00-00-09"])
def test_the_admin_search_takes_other_digits_as_text_not_as_a_cvr_number(superuser_client, lejre, term):
    make_enterprise(cvr="31000009", home_municipality=lejre)

    response = superuser_client.get(en("admin:enterprises_enterprise_changelist"), {"q": term})

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []


@pytest.mark.parametrize("ids", NON_ASCII_CVRS + ["²", "٣"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_the_review_page_ignores_ids_with_other_digits(superuser_client, lejre, ids, method):
    pending = make_enterprise(home_municipality=lejre, status=Enterprise.Status.PENDING)
    url = en("admin:enterprises_enterprise_review_many", "publish")

    response = getattr(superuser_client, method)(url, {"ids": [ids], "note": ""})

    assert response.status_code == 302
    assert response.url == en("admin:enterprises_enterprise_changelist")
    pending.refresh_from_db()
    assert pending.status == Enterprise.Status.PENDING


@pytest.mark.parametrize("object_id", ["²", "٣"])
def test_the_review_page_of_an_id_with_other_digits_does_not_exist(superuser_client, object_id):
    response = superuser_client.get(f"/en/admin/enterprises/enterprise/{object_id}/review/publish/")

    assert response.status_code == 404
