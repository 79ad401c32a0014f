import re

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from maillage.accounts.enums import MemberRole
from maillage.core.enums import AuditAction
from maillage.core.models import AuditEvent
from tests.factories import PASSWORD, MembershipFactory, confirmed_totp

pytestmark = pytest.mark.django_db


def current_code(device) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


@pytest.fixture
def counsellor():
    return MembershipFactory(user__email="conseil@exemple.test", role=MemberRole.COUNSELLOR).user


def test_a_counsellor_without_second_factor_cannot_reach_any_private_page(client, counsellor):
    client.force_login(counsellor)
    for url in ["/compte/", "/structures/", "/reseaux/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/compte/double-authentification/?next=")
    assert client.get("/territoires/communes/").status_code == 200  # public pages stay open


def test_enrolment_with_the_qr_code_then_recovery_codes(client, counsellor):
    client.force_login(counsellor)
    page = client.get("/compte/double-authentification/?next=/structures/")
    html = page.content.decode()
    assert 'src="data:image/svg+xml' in html
    device = TOTPDevice.objects.get(user=counsellor, confirmed=False)
    wrong = client.post(
        "/compte/double-authentification/", {"code": "000000", "next": "/structures/"}
    )
    assert "Ce code ne correspond pas" in wrong.content.decode()
    # Straight after a wrong code, django-otp makes one wait, and the page says so.
    too_soon = client.post("/compte/double-authentification/", {"code": current_code(device)})
    assert "Trop de codes erronés d&#x27;affilée : attendez" in too_soon.content.decode()
    with time_machine.travel(timezone.now() + timezone.timedelta(seconds=3)):
        response = client.post(
            "/compte/double-authentification/",
            {"code": current_code(device), "next": "/structures/"},
        )
    codes = re.findall(r"<li>([0-9a-f]{5}-[0-9a-f]{5})</li>", response.content.decode())
    assert len(codes) == 10
    assert client.get("/structures/").status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.OTP_ENROLLED, actor=counsellor).exists()


def test_next_sign_in_asks_for_the_code_and_a_recovery_code_works_once(client, counsellor):
    device = confirmed_totp(counsellor)
    client.post("/connexion/", {"username": counsellor.email, "password": PASSWORD})
    assert client.get("/compte/")["Location"].startswith("/connexion/verification/")
    static = StaticToken.objects.create(
        device=counsellor.staticdevice_set.create(name="Codes de secours"), token="abcde-12345"
    )
    response = client.post("/connexion/verification/", {"code": "ABCDE-12345", "next": "/compte/"})
    assert response["Location"] == "/compte/"
    assert not StaticToken.objects.filter(pk=static.pk).exists()  # spent
    client.logout()
    client.post("/connexion/", {"username": counsellor.email, "password": PASSWORD})
    refused = client.post("/connexion/verification/", {"code": "abcde-12345"})
    assert "Code incorrect ou expiré" in refused.content.decode()
    accepted = client.post(
        "/connexion/verification/", {"code": current_code(device), "next": "/compte/"}
    )
    assert accepted["Location"] == "/compte/"


def test_capteurs_and_funders_need_no_second_factor(world):
    for persona in ("capteur", "funder"):
        client = Client()
        client.force_login(world.users[persona])
        assert client.get("/compte/").status_code == 200, persona


def test_the_next_parameter_cannot_send_elsewhere(client, counsellor):
    device = confirmed_totp(counsellor)
    client.force_login(counsellor)
    response = client.post(
        "/connexion/verification/",
        {"code": current_code(device), "next": "https://ailleurs.example/"},
    )
    assert response["Location"] == "/"
