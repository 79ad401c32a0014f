"""The commune widgets in Debian's Chromium, on a phone-sized screen, with and without JavaScript."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_finder_shows_results_as_one_types_and_keeps_them_in_the_url(live_site, phone):
    phone.goto(f"{live_site}/territoires/communes/")
    phone.fill("#id_q", "seyne")
    phone.wait_for_selector("#resultats li")
    assert "La Seyne-sur-Mer" in phone.inner_text("#resultats")
    assert phone.url.endswith("/territoires/communes/?q=seyne")
    assert fits_the_screen(phone)
    assert phone.console_errors == []


def test_the_commune_field_suggests_communes_while_typing(live_site, phone):
    phone.goto(f"{live_site}/territoires/distance/")
    phone.fill("#id_origin", "poiti")
    phone.wait_for_selector(
        "#id_origin_suggestions option[value='Poitiers (86000)']", state="attached"
    )
    phone.fill("#id_origin", "Poitiers (86000)")
    phone.fill("#id_destination", "Mourenx")
    phone.click("button[type=submit]")
    phone.wait_for_selector(".result")
    assert "De Poitiers à Mourenx" in phone.inner_text(".result")
    assert fits_the_screen(phone)
    assert phone.console_errors == []


def test_the_commune_field_works_without_javascript(live_site, browser):
    context = browser.new_context(viewport={"width": 320, "height": 640}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_site}/territoires/distance/")
    page.fill("#id_origin", "Saint-Pierre")
    page.fill("#id_destination", "Pau")
    page.click("button[type=submit]")
    assert "Plusieurs communes correspondent" in page.inner_text("#id_origin_error")
    # The namesakes are now in the field's own list; pick one and send again.
    options = [
        o.get_attribute("value") for o in page.query_selector_all("#id_origin_suggestions option")
    ]
    assert "Saint-Pierre (67140)" in options
    page.fill("#id_origin", "Saint-Pierre (67140)")
    page.click("button[type=submit]")
    assert "De Saint-Pierre à Pau" in page.inner_text(".result")
    assert fits_the_screen(page)
    context.close()
