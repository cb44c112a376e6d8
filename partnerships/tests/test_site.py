from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse


@pytest.mark.django_db
def test_home_page_says_what_the_site_is(client):
    """The home page renders inside the base layout with the search box."""
    response = client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>International city and regional partnerships</h1>" in html
    assert 'role="search"' in html
    assert '<html lang="en">' in html


@pytest.mark.django_db
def test_healthz_reports_a_working_database(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_is_down(client):
    """A load balancer must see the outage, not a 500 or a stale 200."""
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute",
        side_effect=OperationalError("connection refused"),
    ):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["database"] == "down"


@pytest.mark.django_db
def test_unknown_page_is_a_helpful_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert "/no-such-page/" in html
    assert reverse("home") in html


@pytest.mark.django_db
def test_home_rejects_post(client):
    assert client.post(reverse("home")).status_code == 405


@pytest.mark.parametrize("language", ["de", "ja"])
def test_every_interface_string_is_translated(language):
    """A new string without a translation would show English on a German or Japanese page."""
    import polib
    from django.conf import settings

    catalogue = polib.pofile(str(settings.LOCALE_PATHS[0] / language / "LC_MESSAGES" / "django.po"))
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []


@pytest.mark.django_db
def test_every_response_carries_the_strict_content_security_policy(client):
    for url in ("/", "/healthz", "/map/world.svg", "/api/v1/", "/admin/login/"):
        policy = client.get(url)["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
