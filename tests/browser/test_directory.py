"""A visitor's paths through the directory in a real Chromium, with JavaScript off."""

import datetime
import json
from pathlib import Path

import pytest

from agreements.models import AgreementKind, FocusArea
from agreements.tests.factory import add_party, add_signatory, cite, make_agreement, make_source
from partnerships.tests.factory import make_organization, make_partnership, make_person, make_place

AXE_SCRIPT = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def directory():
    """A small directory: Massachusetts–Kanagawa with its MOU, plus filler for paging."""
    source = make_source("Kanagawa Prefecture MOU Signing", language="en")
    massachusetts = make_place("Massachusetts", country="US", kind="state", slug="massachusetts")
    kanagawa = make_place(
        "Kanagawa Prefecture", native_name="神奈川県", kind="prefecture", slug="kanagawa"
    )
    make_partnership(places=[massachusetts, kanagawa], name="Massachusetts–Kanagawa")
    agreement = make_agreement(
        "Massachusetts–Kanagawa memorandum of understanding",
        slug="massachusetts-kanagawa-mou",
        signed_on=datetime.date(2014, 5, 7),
        signed_on_precision="day",
        summary="Cooperation on life sciences, big data, clean energy and robotics.",
    )
    agreement.focus_areas.add(*FocusArea.objects.filter(slug__in=["life-sciences", "robotics"]))
    us_side = add_party(agreement, place=massachusetts)
    japan_side = add_party(agreement, place=kanagawa)
    governor = make_person("Deval Patrick", slug="deval-patrick")
    add_signatory(agreement, us_side, person=governor, title="Governor of Massachusetts")
    add_signatory(agreement, japan_side, person=make_person("Yuji Kuroiwa"), title="Governor")
    cite(source, agreement=agreement)
    essen = make_place("Essen", country="DE", slug="essen")
    for index in range(30):
        filler = make_agreement(
            f"Essen cooperation {index:02d}",
            kind=AgreementKind.COOPERATION,
            signed_on=datetime.date(2010, 1, 1),
            signed_on_precision="year",
        )
        add_party(filler, organization=make_organization(place=essen))
    return {"agreement": agreement, "governor": governor}


@pytest.fixture
def page(browser):
    # JavaScript off: every path must work without it. CSP bypass lets axe be injected.
    context = browser.new_context(java_script_enabled=False, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(5000)
    yield page
    context.close()


def serious_accessibility_violations(browser, url: str) -> list[str]:
    """Run axe-core on a page (in a JavaScript-enabled context) and list what it flags."""
    context = browser.new_context(bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(url)
        page.add_script_tag(path=str(AXE_SCRIPT))
        results = page.evaluate("async () => await axe.run(document)")
    finally:
        context.close()
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} "
        f"{json.dumps([node['target'] for node in violation['nodes']][:3])}"
        for violation in results["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


def test_from_home_to_an_agreement_and_its_signatory(page, live_server, directory, screenshot):
    page.goto(live_server.url)
    page.get_by_role(
        "link", name="Massachusetts–Kanagawa memorandum of understanding"
    ).first.click()
    assert page.locator("h1").inner_text() == "Massachusetts–Kanagawa memorandum of understanding"
    assert "7 May 2014" in page.locator(".facts").inner_text()
    screenshot("agreement-detail")
    page.get_by_role("link", name="Deval Patrick").click()
    assert page.locator("h1").inner_text() == "Deval Patrick"
    assert "as Governor of Massachusetts, for Massachusetts" in page.locator("main").inner_text()
    screenshot("person-detail")


def test_filter_by_country_and_focus_area_then_back(page, live_server, directory, screenshot):
    page.goto(f"{live_server.url}/agreements/")
    page.get_by_role("combobox", name="Country").select_option("US")
    page.get_by_role("button", name="Apply filters").click()
    assert "country=US" in page.url
    page.locator(".facet a", has_text="Robotics").click()
    assert "focus=robotics" in page.url and "country=US" in page.url
    results = page.locator(".records .agreement-row h3")
    assert results.all_inner_texts() == ["Massachusetts–Kanagawa memorandum of understanding"]
    screenshot("agreement-list-filtered")
    results.first.locator("a").click()
    page.go_back()
    assert "focus=robotics" in page.url
    assert page.get_by_role("combobox", name="Country").input_value() == "US"
    selected = [
        text.split("\n")[0] for text in page.locator(".facet li.selected").all_inner_texts()
    ]
    assert selected == ["United States", "Robotics"]


def test_search_finds_a_place_by_its_native_name(page, live_server, directory, screenshot):
    page.goto(live_server.url)
    page.get_by_role("searchbox", name="Find a place, organization, person or agreement").fill(
        "神奈川"
    )
    page.get_by_role("button", name="Search").last.click()
    assert page.get_by_role("link", name="Kanagawa Prefecture").first.is_visible()
    screenshot("search")


def test_paginate_and_keep_the_filter(page, live_server, directory):
    page.goto(f"{live_server.url}/agreements/?kind=cooperation_agreement")
    assert "30 results" in page.locator(".result-count").inner_text()
    page.get_by_role("link", name="Next ›").click()
    assert "page=2" in page.url and "kind=cooperation_agreement" in page.url
    assert page.locator(".agreement-row").count() == 5
    page.go_back()
    assert page.locator(".agreement-row").count() == 25


PAGE_TYPES = {
    "home": "/",
    "agreement-list": "/agreements/",
    "agreement-detail": "/agreements/massachusetts-kanagawa-mou/",
    "partnership-list": "/partnerships/",
    "place-list": "/places/",
    "place-detail": "/places/kanagawa/",
    "organization-list": "/organizations/",
    "person-list": "/people/",
    "person-detail": "/people/deval-patrick/",
    "country-list": "/countries/",
    "country-detail": "/countries/JP/",
    "focus-area-list": "/focus-areas/",
    "focus-area-detail": "/focus-areas/robotics/",
    "source-list": "/sources/",
    "search": "/search/?q=kanagawa",
    "not-found": "/no-such-page/",
}


def test_every_page_type_passes_axe(browser, page, live_server, directory, screenshot):
    """axe-core finds no serious or critical violation on any page type."""
    failures = {}
    for name, path in PAGE_TYPES.items():
        page.goto(f"{live_server.url}{path}")
        screenshot(f"page-{name}")
        violations = serious_accessibility_violations(browser, f"{live_server.url}{path}")
        if violations:
            failures[name] = violations
    assert failures == {}
