"""The directory's search page in Debian's Chromium, on a phone-sized screen."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_typing_a_commune_and_going_back_keep_the_address_and_the_boxes_right(live_site, phone):
    phone.goto(f"{live_site}/services/")
    phone.fill("#id_commune", "Pau")
    phone.wait_for_selector("#id_commune_suggestions option", state="attached")
    assert phone.url == f"{live_site}/services/"  # the suggestions are no page of their own
    phone.fill("#id_commune", "Pau (64000)")
    phone.click("form[role=search] button[type=submit]")
    phone.wait_for_url("**/services/?commune=Pau*")
    phone.click("details.filters summary")
    phone.check("#fr-gratuit")
    phone.wait_for_url("**frais=gratuit*")
    phone.wait_for_load_state("networkidle")  # the counts of the other values, asked for after
    # Back and Forward: the page of that address is loaded again, not a stale copy (the address
    # changes first, then the page: wait for the box, up to 10 s, else the test fails).
    phone.go_back()
    phone.wait_for_function("!document.querySelector('#fr-gratuit').checked", timeout=10_000)
    assert "frais=gratuit" not in phone.url
    phone.go_forward()
    phone.wait_for_function("document.querySelector('#fr-gratuit').checked", timeout=10_000)
    assert "frais=gratuit" in phone.url
    assert phone.evaluate("window.localStorage.length") == 0  # no copy of pages kept
    phone.wait_for_load_state("networkidle")
    assert phone.console_errors == []  # nor any request aborted by the next one
