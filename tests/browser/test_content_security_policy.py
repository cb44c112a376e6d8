"""The strict Content-Security-Policy holds: no page, admin or API docs included, breaks it."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PAGES = [
    "/",
    "/agreements/",
    "/agreements/massachusetts-kanagawa-mou-2014/",
    "/map/",
    "/timeline/",
    "/network/",
    "/statistics/",
    "/ja/places/osaka-jp/",
    "/search/?q=osaka",
    "/api/v1/docs/",
    "/api/v1/agreements/",
    "/admin/login/",
]
ADMIN_PAGES = [
    "/admin/",
    "/admin/agreements/agreement/",
    "/admin/partnerships/place/add/",
]


@pytest.fixture
def csp_page(browser):
    """A page that enforces the site's policy (no bypass) and records what it blocks."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(10000)
    page.violations = []
    page.on(
        "console",
        lambda message: (
            page.violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()


def test_no_page_breaks_the_policy(csp_page, live_server):
    call_command("load_directory", verbosity=0)
    User.objects.create_superuser("curator", "c@example.org", "a-long-test-password")
    for path in PAGES:
        response = csp_page.goto(f"{live_server.url}{path}")
        assert "script-src 'self'" in response.headers["content-security-policy"]
        csp_page.wait_for_load_state("networkidle")
    csp_page.fill("#id_username", "curator")
    csp_page.fill("#id_password", "a-long-test-password")
    csp_page.click("input[type=submit]")
    for path in ADMIN_PAGES:
        csp_page.goto(f"{live_server.url}{path}")
        csp_page.wait_for_load_state("networkidle")
    assert csp_page.violations == []
    # The map's base layer renders in colour, not the black of a blocked style.
    csp_page.goto(f"{live_server.url}/map/world.svg")
    fill = csp_page.locator("g").first.get_attribute("fill")
    assert fill == "#dfe4ec"
