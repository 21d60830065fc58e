"""The one error summary (templates/_error_summary.html): every link in it leads to an element of
the page, also for a radio or checkbox group, whose label is a legend and whose first option is
the element to move to."""

import re

import pytest

from tests.counselling.factories import make_case
from tests.counselling.test_intake import form_data
from tests.enterprises.factories import make_category, make_target_group
from tests.enterprises.test_forms import profile_data

pytestmark = pytest.mark.django_db


def summary_targets(response):
    summary = re.search(r'<div[^>]*id="error-summary".*?</div>', response.text, re.S).group()
    return re.findall(r'href="#([^"]+)"', summary)


def ids_on(response):
    return set(re.findall(r'\bid="([^"]+)"', response.text))


@pytest.mark.parametrize(
    ("overrides", "target"),
    [
        ({"kind": ""}, "id_kind_0"),  # radio group
        ({"preferred_contact": "pigeon"}, "id_preferred_contact_0"),  # radio group
        ({"needs": ["nonsense"]}, "id_needs_0"),  # checkbox group
        ({"applicant_name": ""}, "id_applicant_name"),
    ],
)
def test_the_intake_summary_links_each_error_to_an_element_of_the_page(client, lejre, overrides, target):
    response = client.post("/en/start/", form_data(lejre, **overrides))

    assert response.status_code == 400
    assert summary_targets(response) == [target]
    assert target in ids_on(response)


@pytest.mark.parametrize(
    ("overrides", "target"),
    [
        ({"services": ["999999"]}, "id_services_0"),  # checkbox group
        ({"target_groups": ["999999"]}, "id_target_groups_0"),  # checkbox group
        ({"name": ""}, "id_name"),
    ],
)
def test_the_enterprise_form_summary_links_a_checkbox_group_to_its_first_option(
    representative_client, lejre, overrides, target
):
    make_category()
    make_target_group()

    response = representative_client.post("/en/konto/virksomheder/opret/", profile_data(lejre, **overrides))

    assert response.status_code == 400
    assert summary_targets(response) == [target]
    assert target in ids_on(response)


def test_the_reply_summary_links_to_the_message(client, lejre):
    case = make_case(lejre)

    response = client.post(f"/en/sag/{case.access_token}/", {"text": ""})

    assert summary_targets(response) == ["id_text"]
    assert "id_text" in ids_on(response)
