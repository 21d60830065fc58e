"""The shared cast: two municipalities, their staff, an enterprise representative, a superuser.

Lejre's staff and Roskilde's staff sit side by side so that every test can check that one
municipality's data never reaches the other's. Plain `make_*(**kwargs)` helpers build anything else.
"""

import datetime
from itertools import count

import pytest
from django.apps import apps as django_apps
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.utils import translation

from kit.staff import CONTACT_PERSON, MUNICIPAL_ADMIN, apply_roles, declared_roles
from portal.models import ClosedDay, ContactPerson, Guide, Municipality, OpeningHours, User

PASSWORD = "correct horse battery staple"

_sequence = count(1)

# Nothing skips silently in CI.
pytest_plugins = ["tests.ci"]


def pytest_configure(config):
    # WhiteNoise warns once per test client that STATIC_ROOT is missing until `collectstatic` has run;
    # tests serve static files through the finders and do not need it.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


requires_postgres = pytest.mark.skipif(
    django_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="needs PostgreSQL: set DATABASE_URL=postgres://...",
)
requires_redis = pytest.mark.skipif(
    not django_settings.REDIS_URL, reason="needs Redis: set REDIS_URL=redis://..."
)


# --- Fast by design ----------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _fast_tests(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # uploads never land in the checkout's var/media
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "http://testserver"


@pytest.fixture(autouse=True)
def _empty_cache():
    """The rate limits (kit/ratelimits.py) are counted in the cache: every test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _danish_after_each_test():
    """A request to an /en/ page leaves English active in the thread; the next test starts Danish."""
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _tasks_in_process():
    """Unit tests run Celery tasks in-process even when REDIS_URL is set; the integration tests
    in tests/portal/test_outbox_worker.py use a real worker instead."""
    from portal.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = eager


# --- make_* helpers ----------------------------------------------------------------------------


def make_municipality(**kwargs):
    n = next(_sequence)
    # Codes from 500 up never collide with Lejre (350) or Roskilde (265).
    defaults = {"name": f"Kommune {n}", "code": f"{500 + n % 500}", "slug": f"kommune-{n}"}
    return Municipality.objects.create(**{**defaults, **kwargs})


def make_user(*, groups=(), password=PASSWORD, **kwargs):
    n = next(_sequence)
    defaults = {
        "username": f"user{n}",
        "email": f"user{n}@example.dk",
        "first_name": "Test",
        "last_name": f"{n}",
    }
    user = User(**{**defaults, **kwargs})
    user.set_password(password)
    user.save()
    for name in groups:
        user.groups.add(Group.objects.get(name=name))
    return user


def make_contact_person(municipality, **kwargs):
    n = next(_sequence)
    defaults = {"name": f"Kontakt {n}", "title": "Erhvervskonsulent", "areas": ["startup"]}
    return ContactPerson.objects.create(municipality=municipality, **{**defaults, **kwargs})


def make_guide(municipality=None, **kwargs):
    n = next(_sequence)
    defaults = {
        "topic": Guide.Topic.START,
        "slug": f"vejledning-{n}",
        "title": f"Vejledning {n}",
        "summary": "Kort om det",
        "body": "Sådan gør du.",
    }
    return Guide.objects.create(municipality=municipality, **{**defaults, **kwargs})


def make_opening_hours(municipality, weekday=0, opens="10:00", closes="15:00", kind=OpeningHours.Kind.VISIT):
    return OpeningHours.objects.create(
        municipality=municipality,
        kind=kind,
        weekday=weekday,
        opens=datetime.time.fromisoformat(opens),
        closes=datetime.time.fromisoformat(closes),
    )


def make_closed_day(municipality, date, reason=""):
    return ClosedDay.objects.create(municipality=municipality, date=date, reason=reason)


# --- The cast ----------------------------------------------------------------------------------


@pytest.fixture
def lejre(db):
    return make_municipality(name="Lejre", code="350", slug="lejre")


@pytest.fixture
def roskilde(db):
    return make_municipality(name="Roskilde", code="265", slug="roskilde")


def make_staff(municipality, role, *, username, email):
    return make_user(username=username, email=email, is_staff=True, municipality=municipality, groups=[role])


@pytest.fixture
def lejre_staff(lejre):
    """A Lejre contact person with a staff account."""
    return make_staff(lejre, CONTACT_PERSON, username="lejre-kontakt", email="kontakt@lejre.dk")


@pytest.fixture
def roskilde_staff(roskilde):
    """A Roskilde contact person, who must see none of Lejre's data."""
    return make_staff(roskilde, CONTACT_PERSON, username="roskilde-kontakt", email="kontakt@roskilde.dk")


@pytest.fixture
def lejre_admin(lejre):
    """Lejre's municipal administrator."""
    return make_staff(lejre, MUNICIPAL_ADMIN, username="lejre-admin", email="admin@lejre.dk")


@pytest.fixture
def roskilde_admin(roskilde):
    """Roskilde's municipal administrator."""
    return make_staff(roskilde, MUNICIPAL_ADMIN, username="roskilde-admin", email="admin@roskilde.dk")


@pytest.fixture
def superuser(db):
    return make_user(username="super", email="super@indgangen.dk", is_staff=True, is_superuser=True)


@pytest.fixture
def representative(db):
    """An enterprise representative: an active account, not staff, no municipality."""
    return make_user(username="rep@virksomhed.dk", email="rep@virksomhed.dk", first_name="Rikke")


def _logged_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def lejre_client(client, lejre_staff):
    return _logged_in(client, lejre_staff)


@pytest.fixture
def roskilde_client(client, roskilde_staff):
    return _logged_in(client, roskilde_staff)


@pytest.fixture
def lejre_admin_client(client, lejre_admin):
    return _logged_in(client, lejre_admin)


@pytest.fixture
def superuser_client(client, superuser):
    return _logged_in(client, superuser)


@pytest.fixture
def representative_client(client, representative):
    return _logged_in(client, representative)


@pytest.fixture
def migration_groups(transactional_db):
    """The staff groups with the permissions every app declares in its roles.py (which
    tests/kit/test_staff.py checks are what the migrations grant).

    A transactional test ends with a flush, which empties every table, rows made by data
    migrations included; only content types and permissions come back (post_migrate). So the
    groups are rebuilt from the declarations, by the function the migrations use.
    """
    apply_roles(django_apps, declared_roles())
