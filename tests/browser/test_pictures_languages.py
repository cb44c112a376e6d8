"""The pictures and the three languages in a real Chromium, on the seed data."""

import pytest
from django.core.management import call_command
from django.utils import translation

from agreements.models import Agreement
from tests.browser.test_directory import serious_accessibility_violations

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def seed_data():
    call_command("load_directory", verbosity=0)


@pytest.fixture
def page(browser):
    context = browser.new_context(java_script_enabled=False, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(5000)
    yield page
    context.close()


def translated(language: str, text: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


@pytest.mark.parametrize(("language", "label"), [("de", "Deutsch"), ("ja", "日本語")])
def test_switch_language_keeps_the_page_and_filters(page, live_server, seed_data, language, label):
    page.goto(f"{live_server.url}/agreements/?country=JP")
    page.get_by_role("navigation", name="Language").get_by_role("link", name=label).click()
    assert page.url == f"{live_server.url}/{language}/agreements/?country=JP"
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").inner_text() == translated(language, "Agreements")
    main_nav = page.get_by_role("navigation", name=translated(language, "Main"))
    assert main_nav.get_by_role("link", name=translated(language, "Partnerships")).is_visible()
    # Back to English from the switcher, filters still there.
    page.get_by_role("navigation", name=translated(language, "Language")).get_by_role(
        "link", name="English"
    ).click()
    assert page.url == f"{live_server.url}/agreements/?country=JP"
    assert page.locator("html").get_attribute("lang") == "en"


def test_each_picture_draws_what_the_data_holds(page, live_server, seed_data, screenshot):
    page.goto(f"{live_server.url}/map/?country=FI")
    assert page.locator("svg.map circle.map-point").count() == 2
    assert page.locator("svg.map path.map-link").count() == 1
    page.goto(f"{live_server.url}/map/")
    assert page.locator("svg.map circle.map-point").count() >= 10
    screenshot("picture-map")

    page.goto(f"{live_server.url}/timeline/")
    rows = page.locator("svg.timeline .timeline-row").count()
    assert rows == len(page.locator("details.text-alternative li").all()) - 2  # two undated
    screenshot("picture-timeline")

    page.goto(f"{live_server.url}/network/?country=FI")
    assert page.locator("svg.network circle.node").count() == 4
    page.goto(f"{live_server.url}/network/")
    screenshot("picture-network")

    page.goto(f"{live_server.url}/statistics/")
    kinds = page.locator("#by-kind-title").locator("xpath=..").locator("rect.bar").count()
    assert kinds == Agreement.objects.published().values("kind").distinct().count()
    screenshot("picture-statistics")


PICTURE_PAGES = ["/map/", "/timeline/", "/network/", "/statistics/", "/places/osaka-jp/", "/"]


@pytest.mark.parametrize("language", ["", "/de", "/ja"])
def test_pictures_pass_axe_in_every_language(
    browser, page, live_server, seed_data, screenshot, language
):
    failures = {}
    for path in PICTURE_PAGES:
        url = f"{live_server.url}{language}{path}"
        page.goto(url)
        name = path.strip("/").replace("/", "-") or "home"
        screenshot(f"lang-{language.strip('/') or 'en'}-{name}")
        violations = serious_accessibility_violations(browser, url)
        if violations:
            failures[url] = violations
    assert failures == {}
