"""bench/scale.py, the data of the load benchmark: at a tiny factor, every address it hands
bench/load.py answers 200, its staff log in, and a second run generates nothing again."""

from bench import scale, scale_data
from counselling.models import Case, CaseCounter
from enterprises.models import Enterprise
from kit.text import fold
from portal.models import Municipality


def paths(targets):
    for value in targets.values():
        if isinstance(value, str):
            yield value
        elif isinstance(value, list):
            yield from value
    yield targets["intake"]["path"]


def test_a_tiny_scale_gives_the_load_benchmark_pages_that_answer(client, db):
    scale.populate(0.002)
    targets = scale.targets()

    assert Municipality.objects.count() == 98
    assert Municipality.objects.filter(slug="koebenhavn", official_name="Københavns Kommune").exists()
    assert Enterprise.objects.filter(email__endswith=scale_data.DOMAIN).published().count() == 20
    assert Case.objects.filter(municipality__slug="roskilde", applicant_email__endswith=scale_data.DOMAIN)
    failing = [(path, status) for path in paths(targets) if (status := client.get(path).status_code) != 200]
    assert failing == []


def test_its_staff_log_in_to_the_admin_queue(client, db):
    scale.populate(0.002)
    targets = scale.targets()

    for who in ("staff", "superuser"):
        response = client.post(
            "/admin/login/?next=/admin/counselling/case/",
            {"username": targets[who]["username"], "password": targets[who]["password"]},
            follow=True,
        )
        assert response.redirect_chain[-1][0] == "/admin/counselling/case/", who
        assert response.status_code == 200
        client.logout()


def test_the_case_counters_hold_the_last_reference_and_a_second_run_adds_nothing(db):
    scale.populate(0.002)
    cases = Case.objects.count()
    scale.populate(0.002)

    assert Case.objects.count() == cases
    for counter in CaseCounter.objects.all():
        numbers = Case.objects.filter(municipality=counter.municipality_id, year=counter.year)
        assert sorted(numbers.values_list("number", flat=True)) == list(range(1, counter.last_number + 1))


def test_the_generated_profiles_hold_the_words_the_benchmark_searches_for():
    text = fold(" ".join(" ".join(trade[1:]) for trade in scale_data.TRADES))
    # "specalisterne" is Specialisterne misspelt, for the forgiving search: not in any text.
    missing = [
        word for word in scale.DIRECTORY_SEARCHES if fold(word) not in text and word != "specalisterne"
    ]
    assert missing == []
