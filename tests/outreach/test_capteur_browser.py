"""The capteur's form in Debian's Chromium on a 360-px-wide phone, with and without JavaScript."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

CREATE = """
from maillage.accounts.models import Network
from maillage.outreach.models import Lead, Referrer
network, _ = Network.objects.get_or_create(slug="bearn", defaults={"name": "Réseau du Béarn"})
referrer, _ = Referrer.objects.get_or_create(
    network=network, name="Bar-tabac Le Central", defaults={"kind": "bar_tabac", "commune_id": "64410"}
)
print(referrer.link_token)
"""
COUNT = (
    "from maillage.outreach.models import Lead; print(Lead.objects.filter(first_name='{}').count())"
)


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture(scope="module")
def capteur_url(live_site, live_manage):
    token = live_manage("shell", "-c", CREATE, text=True).stdout.split()[-1]
    return f"{live_site}/c/{token}/"


def leads_named(live_manage, name) -> int:
    return int(live_manage("shell", "-c", COUNT.format(name), text=True).stdout.split()[-1])


def test_a_capteur_sends_a_lead_from_a_small_phone(capteur_url, live_manage, phone):
    phone.goto(capteur_url)
    assert "Bar-tabac Le Central" in phone.inner_text("h1 + p")
    assert fits_the_screen(phone)
    phone.fill("#id_first_name", "Alain")
    phone.fill("#id_phone", "06 12 34 56 78")
    phone.check("input[name=topics][value=emploi]")
    phone.check("input[name=topics][value=papiers]")
    # The submit button is reachable and big enough for a thumb.
    box = phone.locator("button[type=submit]").bounding_box()
    assert box["height"] >= 44 and box["x"] + box["width"] <= 360
    phone.click("button[type=submit]")
    # Forgot to ask the person: the form says so at the checkbox, nothing is lost.
    assert "Il faut l'accord de la personne" in phone.inner_text("#id_agreed_to_be_contacted_error")
    assert phone.input_value("#id_first_name") == "Alain"
    phone.check("#id_agreed_to_be_contacted")
    phone.click("button[type=submit]")
    phone.wait_for_url("**/merci/")
    assert "Merci, c'est envoyé." in phone.inner_text("h1")
    assert fits_the_screen(phone)
    assert phone.console_errors == []
    assert leads_named(live_manage, "Alain") == 1


def test_the_capteur_form_works_without_javascript(capteur_url, live_manage, browser):
    context = browser.new_context(viewport={"width": 360, "height": 640}, java_script_enabled=False)
    page = context.new_page()
    page.goto(capteur_url)
    page.fill("#id_first_name", "Josiane")
    page.fill("#id_phone", "0700000000")
    page.check("input[name=topics][value=logement]")
    page.check("#id_agreed_to_be_contacted")
    page.click("button[type=submit]")
    assert "Merci, c'est envoyé." in page.inner_text("h1")
    context.close()
    assert leads_named(live_manage, "Josiane") == 1
