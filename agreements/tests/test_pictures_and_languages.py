"""Map, timeline, network and statistics pages, and the site in German and Japanese,
checked against the seed data."""

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from agreements.models import Agreement
from partnerships.models import Partnership, Place

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory():
    call_command("load_directory", verbosity=0)


def count(html: str, pattern: str) -> int:
    return len(re.findall(pattern, html))


class TestPictures:
    def test_map_draws_every_located_partner_place(self, client, directory):
        html = client.get("/map/").content.decode()
        # A member organization is drawn at the place it is based in.
        places = {
            member.place_id or member.organization.place_id
            for partnership in Partnership.objects.published().prefetch_related(
                "members__organization"
            )
            for member in partnership.members.all()
        }
        located = Place.objects.filter(pk__in=places, latitude__isnull=False).count()
        assert count(html, 'class="map-point') == located
        assert 'href="/map/world.svg"' in html
        assert "The map as a list" in html

    def test_map_takes_the_list_filters(self, client, directory):
        html = client.get("/map/", {"country": "FI"}).content.decode()
        # Oulu–Sendai only: two places, one line.
        assert count(html, 'class="map-point') == 2
        assert count(html, 'class="map-link"') == 1
        assert client.get("/map/", {"established_from": "x"}).status_code == 400

    def test_place_page_map_emphasises_the_place(self, client, directory):
        html = client.get("/places/osaka-jp/").content.decode()
        assert count(html, "map-point-emphasis") == 1

    def test_basemap_is_cached_svg(self, client):
        response = client.get("/map/world.svg")
        assert response["Content-Type"] == "image/svg+xml"
        assert "max-age=86400" in response["Cache-Control"]
        assert response.content.startswith(b"<svg")

    def test_timeline_draws_each_dated_agreement(self, client, directory):
        html = client.get("/timeline/").content.decode()
        dated = Agreement.objects.published().exclude(
            signed_on=None, valid_from=None, valid_until=None
        )
        assert count(html, 'class="timeline-row"') == dated.count()
        # The 2025 Oulu–Sendai contract renews the earlier one.
        assert count(html, 'class="relation"') >= 1
        filtered = client.get("/timeline/", {"country": "DE"}).content.decode()
        assert count(filtered, 'class="timeline-row"') == 1  # the NRW–Tokyo letter

    def test_network_joins_parties_of_one_agreement(self, client, directory):
        html = client.get("/network/", {"country": "FI"}).content.decode()
        assert count(html, 'class="node ') >= 4  # Oulu, Sendai and the two hospitals
        assert "Oulu University Hospital" in html
        assert count(html, "edge edge-partnership") == 1  # Oulu and Sendai are partner cities

    def test_agreement_list_maps_the_parties(self, client, directory):
        html = client.get("/agreements/", {"country": "FI"}).content.decode()
        assert count(html, 'class="map-point') == 2  # Oulu and Sendai (hospitals sit there)

    def test_statistics_bars_match_the_facet_counts(self, client, directory):
        html = client.get("/statistics/").content.decode()
        japan = (
            Agreement.objects.published()
            .filter(Q(parties__place__country="JP") | Q(parties__organization__place__country="JP"))
            .distinct()
        )
        assert f"Japan: {japan.count()}" in html
        by_kind = Agreement.objects.published().values("kind").distinct().count()
        section = html.split('id="by-kind-title"')[1].split("</svg>")[0]
        assert count(section, 'class="bar"') == by_kind

    @pytest.mark.parametrize("url", ["/map/", "/timeline/", "/network/", "/statistics/"])
    def test_pictures_cost_a_fixed_number_of_queries(self, client, directory, url):
        with CaptureQueriesContext(connection) as first:
            client.get(url)
        call_command("load_directory", verbosity=0)  # same data again: nothing new
        from agreements.tests.test_pages import build_directory

        build_directory(30)
        with CaptureQueriesContext(connection) as second:
            assert client.get(url).status_code == 200
        assert len(second) == len(first)


class TestLanguages:
    def test_german_pages_are_german(self, client, directory):
        response = client.get("/de/agreements/nrw-tokyo-letter-of-intent-2021/")
        html = response.content.decode()
        assert '<html lang="de">' in html
        assert "31. Mai 2021" in html
        assert "Unterzeichner" in html
        assert "Absichtserklärung" in html

    def test_japanese_pages_are_japanese(self, client, directory):
        html = client.get("/ja/places/osaka-jp/").content.decode()
        assert '<html lang="ja">' in html
        assert "<h1>大阪市" in html  # the native name in Japanese
        assert "日本" in html  # the country, translated

    def test_names_follow_the_language(self, client, directory):
        assert "Köln" in client.get("/de/places/cologne-de/").content.decode().split("<h1>")[1]
        english = client.get("/places/cologne-de/").content.decode()
        assert "<h1>Cologne" in english

    def test_switcher_links_keep_the_page_and_its_filters(self, client, directory):
        html = client.get("/agreements/", {"country": "JP"}).content.decode()
        assert 'href="/de/agreements/?country=JP"' in html
        assert 'href="/ja/agreements/?country=JP"' in html

    def test_vocabulary_is_translated(self, client, directory):
        html = client.get("/de/agreements/").content.decode()
        assert "Absichtserklärung" in html  # letter of intent, in the kind facet
        assert "Vereinigte Staaten" in html  # United States, in the country facet
        html = client.get("/ja/focus-areas/").content.decode()
        assert "ロボット" in html  # Robotics

    def test_dates_and_numbers_follow_the_locale(self, client, directory):
        html = client.get("/ja/agreements/massachusetts-kanagawa-mou-2014/").content.decode()
        assert "2014年5月7日" in html
