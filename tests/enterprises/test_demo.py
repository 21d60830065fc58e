"""`manage.py load_demo enterprises`: the seeds' enterprises, loaded the same way every time."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from stdnum.dk import cvr

from enterprises.demo import ENTERPRISES
from enterprises.models import Enterprise, ServiceCategory, SuccessStory
from outbox.models import Notification
from portal.models import User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

SEED_NAMES = [
    "INSP! Mad",
    "Blindes Arbejde",
    "Grennesminde",
    "Telehandelshuset",
    "Specialisterne",
    "BOMI",
    "Musholm",
    "Legehytten",
]


def load(**options):
    out = StringIO()
    call_command("load_demo", "enterprises", password=PASSWORD, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def municipalities(db):
    call_command("load_demo", "portal", password=PASSWORD, stdout=StringIO())


def snapshot():
    return (
        list(Enterprise.objects.order_by("pk").values()),
        sorted(Enterprise.serves.through.objects.values_list("enterprise_id", "municipality_id")),
        sorted(Enterprise.services.through.objects.values_list("enterprise_id", "servicecategory_id")),
        sorted(Enterprise.target_groups.through.objects.values_list("enterprise_id", "targetgroup_id")),
        sorted(Enterprise.representatives.through.objects.values_list("enterprise_id", "user_id")),
        list(SuccessStory.objects.order_by("pk").values()),
        list(User.objects.filter(username="demo-virksomhed").values()),
    )


def test_a_second_run_changes_nothing(municipalities):
    load()
    first = snapshot()

    output = load()

    assert snapshot() == first
    assert "0 created, 0 updated" in output
    assert Enterprise.objects.count() == len(ENTERPRISES)


def test_every_enterprise_named_in_the_seeds_is_there_as_an_example(municipalities):
    load()

    names = list(Enterprise.objects.values_list("name", flat=True))
    for seed_name in SEED_NAMES:
        assert any(seed_name in name for name in names), seed_name
    assert not Enterprise.objects.filter(is_example=False).exists()
    assert all("Eksempel" in e.description or "Eksempel" in e.address for e in Enterprise.objects.all())


def test_every_cvr_number_is_valid_and_unique(municipalities):
    load()

    numbers = list(Enterprise.objects.values_list("cvr", flat=True))
    assert all(cvr.is_valid(number) for number in numbers), numbers
    assert len(set(numbers)) == len(numbers)


def test_the_classifications_cover_all_three_and_bomi_is_an_other_actor(municipalities):
    load()

    assert set(Enterprise.objects.values_list("classification", flat=True)) == set(
        Enterprise.Classification.values
    )
    bomi = Enterprise.objects.get(name="BOMI")
    assert bomi.classification == Enterprise.Classification.OTHER_ACTOR
    assert "80" in bomi.classification_reason
    assert bomi.search_document


def test_the_demo_is_spread_over_the_municipalities_and_shows_the_review_queue(municipalities):
    load()

    codes = set(Enterprise.objects.values_list("home_municipality__code", flat=True))
    assert codes == {"350", "265", "330", "849"}
    assert Enterprise.objects.filter(status=Enterprise.Status.PENDING).count() == 1
    assert Enterprise.objects.published().exclude(pending_changes={}).exists()
    assert Enterprise.objects.published().filter(published_at__isnull=False).count() == (
        Enterprise.objects.published().count()
    )
    assert Enterprise.objects.filter(services__isnull=True).count() == 0
    assert Enterprise.objects.filter(target_groups__isnull=True).count() == 0
    assert SuccessStory.objects.published().count() == 2


def test_the_demo_representative_represents_insp_mad_and_is_not_staff(municipalities):
    load()

    user = User.objects.get(username="demo-virksomhed")
    assert list(user.enterprises.values_list("name", flat=True)) == ["INSP! Mad"]
    assert not user.is_staff and not user.is_superuser and user.municipality is None
    assert user.check_password(PASSWORD)


def test_loading_sends_no_mail(municipalities):
    load()

    assert not Notification.objects.exists()


def test_a_second_run_puts_back_an_edited_demo_profile(municipalities):
    load()
    Enterprise.objects.filter(name="BOMI").update(employment_services_share=10)

    output = load()

    assert Enterprise.objects.get(name="BOMI").classification == Enterprise.Classification.OTHER_ACTOR
    assert "1 updated" in output


def test_without_debug_a_password_is_required(municipalities, settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--password"):
        call_command("load_demo", "enterprises", stdout=StringIO())


def test_with_debug_the_password_is_demo(municipalities, settings):
    settings.DEBUG = True

    call_command("load_demo", "enterprises", stdout=StringIO())

    assert User.objects.get(username="demo-virksomhed").check_password("demo")


def test_it_asks_for_load_demo_first(db):
    with pytest.raises(CommandError, match="load_demo"):
        load()


def test_a_failure_half_way_saves_nothing(municipalities):
    """Everything is one transaction: a missing vocabulary term stops the run before any row stays."""
    ServiceCategory.objects.filter(slug="pluk-pak-og-forsendelse").delete()

    with pytest.raises(CommandError, match="pluk-pak-og-forsendelse"):
        load()

    assert not Enterprise.objects.exists()
    assert not User.objects.filter(username="demo-virksomhed").exists()
