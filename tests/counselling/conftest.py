import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """The hourly limits (submissions per address, answers per case) are counted in the cache;
    every test starts from zero."""
    cache.clear()
    yield
    cache.clear()
