"""Feeds, sitemap, robots.txt, JSON-LD and the full dump, on the seed data."""

import json
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from agreements.dump import build_dump, dumps, load_dump
from agreements.filters import AgreementFilter
from agreements.models import Agreement, Source
from agreements.tests.factory import make_agreement
from partnerships.models import Place, PublicationStatus

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def directory():
    call_command("load_directory", verbosity=0)


def feed_titles(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return [entry.find(f"{ATOM}title").text for entry in root.iter(f"{ATOM}entry")]


class TestFeeds:
    def test_site_feed_lists_published_agreements_newest_first(self, client, directory):
        make_agreement("Hidden draft", publication_status=PublicationStatus.DRAFT)
        titles = feed_titles(client, "/feeds/agreements/")
        assert len(titles) == Agreement.objects.published().count()
        assert "Hidden draft" not in titles
        newest = make_agreement("Just published")
        assert feed_titles(client, "/feeds/agreements/")[0] == newest.title

    def test_country_and_focus_area_feeds(self, client, directory):
        finnish = feed_titles(client, "/feeds/agreements/country/fi/")
        expected = AgreementFilter({"country": "FI"}, queryset=Agreement.objects.published()).qs
        assert sorted(finnish) == sorted(expected.values_list("title", flat=True))
        robotics = feed_titles(client, "/feeds/agreements/focus/robotics/")
        assert robotics == [
            "Memorandum of Understanding between Massachusetts and Kanagawa Prefecture"
        ]
        assert client.get("/feeds/agreements/country/XX/").status_code == 404
        assert client.get("/feeds/agreements/focus/no-such-topic/").status_code == 404

    def test_every_page_advertises_the_feed(self, client, directory):
        for url in ("/", "/agreements/", "/de/places/essen-de/"):
            assert b'type="application/atom+xml"' in client.get(url).content
        assert b"/feeds/agreements/country/JP/" in client.get("/countries/JP/").content


def test_sitemap_lists_every_published_record_in_every_language(client, directory):
    Place.objects.filter(slug="essen-de").update(publication_status=PublicationStatus.DRAFT)
    xml = client.get("/sitemap.xml").content.decode()
    for agreement in Agreement.objects.published():
        assert f"http://testserver{agreement.get_absolute_url()}</loc>" in xml
        assert f"http://testserver/de{agreement.get_absolute_url()}</loc>" in xml
    assert "/places/essen-de/" not in xml
    assert 'hreflang="ja"' in xml


def test_robots_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin(client):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_detail_pages_carry_json_ld(client, directory):
    def json_ld(url):
        html = client.get(url).content.decode()
        block = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
        return json.loads(block)

    signing = json_ld("/agreements/massachusetts-kanagawa-mou-2014/")
    assert signing["@type"] == "Event"
    assert signing["startDate"] == "2014-05-07"
    assert {party["name"] for party in signing["organizer"]} >= {"Massachusetts"}
    remote = json_ld("/agreements/nrw-tokyo-letter-of-intent-2021/")
    assert remote["location"]["@type"] == "VirtualLocation"
    osaka = json_ld("/places/osaka-jp/")
    assert osaka["@type"] == "Place" and osaka["geo"]["latitude"] == pytest.approx(34.69, abs=0.01)
    assert json_ld("/organizations/osaka-innovation-hub/")["@type"] == "Organization"


def test_json_ld_cannot_be_broken_out_of(client):
    agreement = make_agreement("</script><script>alert(1)</script>")
    html = client.get(agreement.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in html


class TestDump:
    # Emptying the directory (flush) cannot happen inside a test transaction on PostgreSQL.
    @pytest.mark.django_db(transaction=True, serialized_rollback=True)
    def test_dump_load_dump_gives_the_same_file(self, directory):
        """A dump loaded into an empty instance and dumped again gives the same file."""
        first = dumps(build_dump())
        document = json.loads(first)
        call_command("flush", interactive=False, verbosity=0)  # an empty instance
        assert not Agreement.objects.exists()
        counts = load_dump(document)
        assert counts["agreements"] == len(document["records"]["agreements"])
        assert dumps(build_dump()) == first

    def test_only_published_records_are_dumped(self, directory):
        Agreement.objects.filter(slug="1871-oih-mou-2018").update(
            publication_status=PublicationStatus.DRAFT
        )
        document = build_dump()
        slugs = {row["slug"] for row in document["records"]["agreements"]}
        assert "1871-oih-mou-2018" not in slugs
        for source in document["records"]["sources"]:
            assert {"agreement": "1871-oih-mou-2018"} not in [
                c["record"] for c in source["citations"]
            ]

    def test_loading_refuses_a_non_empty_directory_or_a_foreign_file(self, directory, tmp_path):
        path = tmp_path / "dump.json"
        path.write_text(dumps(build_dump()))
        before = Source.objects.count()
        with pytest.raises(CommandError, match="not empty"):
            call_command("load_dump", str(path))
        path.write_text('{"format": "something else"}')
        with pytest.raises(CommandError, match="cannot be loaded"):
            call_command("load_dump", str(path))
        path.write_text("not json")
        with pytest.raises(CommandError, match="not JSON"):
            call_command("load_dump", str(path))
        assert Source.objects.count() == before

    def test_latest_dump_is_downloadable(self, client, directory, settings, tmp_path):
        settings.DUMP_DIR = tmp_path
        assert client.get("/data/latest.json").status_code == 404
        call_command("dump_directory", verbosity=0)
        response = client.get("/data/latest.json")
        assert response.status_code == 200
        document = json.loads(b"".join(response.streaming_content))
        assert document["format"] == "partnership-directory-dump/1"
