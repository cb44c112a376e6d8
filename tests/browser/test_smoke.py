import pytest


@pytest.mark.django_db
def test_home_page_opens_in_chromium(page, live_server, screenshot):
    """The browser path works end to end: page, stylesheet and search box."""
    page.goto(live_server.url)
    assert page.locator("h1").inner_text() == "International city and regional partnerships"
    assert page.get_by_role("searchbox", name="Search the directory").is_visible()
    # The stylesheet loaded: the header has its tinted background, not the default.
    background = page.locator(".site-header").evaluate("el => getComputedStyle(el).backgroundColor")
    assert background == "rgb(243, 245, 249)"
    assert screenshot("home").stat().st_size > 0
