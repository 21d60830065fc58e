import pytest

from kit.urls import absolute_url


class Page:
    def get_absolute_url(self):
        return "/virksomheder/groen-pleje/"


def test_a_path_gets_the_site_s_address(settings):
    settings.SITE_URL = "https://indgangen.dk"

    assert absolute_url("/sag/abc/") == "https://indgangen.dk/sag/abc/"


def test_an_object_gets_the_site_s_address_before_its_own(settings):
    settings.SITE_URL = "https://indgangen.dk"

    assert absolute_url(Page()) == "https://indgangen.dk/virksomheder/groen-pleje/"


@pytest.mark.parametrize("path", ["sag/abc/", "https://example.com/", ""])
def test_anything_but_a_path_is_a_mistake_said_loudly(path):
    with pytest.raises(ValueError):
        absolute_url(path)
