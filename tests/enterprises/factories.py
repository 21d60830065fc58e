"""Plain `make_*` helpers for the registry's tests, shared by every tests/enterprises module."""

from itertools import count

from stdnum.dk import cvr as cvr_number

from enterprises import services as registry
from enterprises.models import Enterprise, ServiceCategory, TargetGroup
from tests.conftest import make_municipality

_sequence = count(1)
_cvr_sequence = count(1_000_000)

CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2)


def next_cvr():
    """A fresh CVR number with a valid check digit (weights 2,7,6,5,4,3,2,1; sum divisible by 11)."""
    while True:
        base = f"{next(_cvr_sequence) % 10_000_000:07d}"
        if base[0] == "0":
            continue
        check = -sum(int(digit) * weight for digit, weight in zip(base, CVR_WEIGHTS, strict=True)) % 11
        if check < 10:
            number = f"{base}{check}"
            assert cvr_number.is_valid(number)
            return number


def make_enterprise(*, services=(), target_groups=(), serves=(), representatives=(), **kwargs):
    """A published enterprise (unless `status` says otherwise) with a unique, valid CVR number.

    `services`, `target_groups`, `serves` and `representatives` set the many-to-many relations;
    classification and search text are derived as the services module would."""
    n = next(_sequence)
    if "home_municipality" not in kwargs:
        kwargs["home_municipality"] = make_municipality()
    defaults = {
        "name": f"Virksomhed {n}",
        "slug": f"virksomhed-{n}",
        "cvr": next_cvr(),
        "sector": Enterprise.Sector.FOOD,
        "summary": f"Socialøkonomisk virksomhed nummer {n}.",
        "status": Enterprise.Status.PUBLISHED,
    }
    enterprise = Enterprise(**{**defaults, **kwargs})
    if "slug" not in kwargs and "name" in kwargs:
        enterprise.slug = registry.unique_slug(kwargs["name"])
    registry.refresh(enterprise)
    enterprise.save()
    if services or target_groups or serves or representatives:
        enterprise.services.set(services)
        enterprise.target_groups.set(target_groups)
        enterprise.serves.set(serves)
        enterprise.representatives.set(representatives)
        registry.refresh(enterprise)  # the search text includes the services' names
        enterprise.save()
    return enterprise


def _term(model, slug, name, fallback, fallback_en, kwargs):
    """A vocabulary term; one the vocabulary migration already seeded is updated, not duplicated."""
    n = next(_sequence)
    values = {"name": name or f"{fallback} {n}", "name_en": f"{fallback_en} {n}", **kwargs}
    term, _created = model.objects.update_or_create(slug=slug or f"{fallback.lower()}-{n}", defaults=values)
    return term


def make_category(slug=None, name=None, **kwargs):
    return _term(ServiceCategory, slug, name, "Kategori", "Category", kwargs)


def make_target_group(slug=None, name=None, **kwargs):
    return _term(TargetGroup, slug, name, "Maalgruppe", "Target group", kwargs)
