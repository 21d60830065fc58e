"""The counselling tests' cast beyond tests/conftest.py: a colleague in Lejre and a case."""

import pytest

from portal.roles import CONTACT_PERSON
from tests.conftest import make_staff
from tests.counselling.factories import make_case


@pytest.fixture
def colleague(lejre):
    return make_staff(lejre, CONTACT_PERSON, username="lejre-kollega", email="kollega@lejre.dk")


@pytest.fixture
def case(lejre):
    return make_case(lejre, applicant_name="Mette Hansen", organisation="Café Kanten")
