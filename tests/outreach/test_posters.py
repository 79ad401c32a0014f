"""The capteur's printable poster: A4, its link as a QR code that reads, for the right people."""

import io
import re

import pytest
import zxingcpp
from django.urls import reverse
from PIL import Image

from maillage.outreach.enums import ReferrerKind
from maillage.outreach.models import Referrer, new_link_token
from maillage.outreach.posters import render_poster

PNG_URL = "/reseaux/reseau-a/capteurs/{pk}/affiche.png"
PDF_URL = "/reseaux/reseau-a/capteurs/{pk}/affiche.pdf"


@pytest.fixture
def referrer(world):
    return Referrer.objects.create(
        network=world.network,
        name="Épicerie solidaire « Le Cœur » à Mourenx",
        kind=ReferrerKind.BANQUE_ALIMENTAIRE,
        commune_id="64410",
    )


NINE_CM = 9 / 2.54 * 150  # in pixels at 150 dpi


def codes(png: bytes):
    return zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))


def decoded(png: bytes) -> list[str]:
    return [code.text for code in codes(png)]


def embedded_jpeg(pdf: bytes) -> bytes:
    """The page's image, as Pillow embeds it (one JPEG stream)."""
    start = pdf.index(b"\xff\xd8")
    return pdf[start : pdf.index(b"endstream", start)]


def width_px(code) -> int:
    """The symbol's width, its quiet zone aside."""
    return code.position.top_right.x - code.position.top_left.x


def media_box(pdf: bytes) -> list[float]:
    match = re.search(rb"/MediaBox\s*\[\s*([\d.\s]+)\]", pdf)
    assert match, "pas de MediaBox"
    return [float(n) for n in match.group(1).split()]


def test_png_is_a4_at_150_dpi_and_its_code_reads_as_the_capteur_link(world, referrer):
    response = world.client("facilitator").get(PNG_URL.format(pk=referrer.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.size == (1240, 1754)
    assert decoded(response.content) == [f"http://testserver/c/{referrer.link_token}/"]
    assert response["Content-Disposition"] == (
        'inline; filename="affiche-epicerie-solidaire-le-coeur-a-mourenx.png"'
    )
    assert response["Cache-Control"] == "private, no-store"


def test_pdf_is_one_a4_page(world, referrer):
    response = world.client("coordinator").get(PDF_URL.format(pk=referrer.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    x0, y0, width, height = media_box(response.content)
    assert (x0, y0) == (0, 0)
    assert width == pytest.approx(595, abs=1)
    assert height == pytest.approx(842, abs=1)
    assert decoded(embedded_jpeg(response.content)) == [
        f"http://testserver/c/{referrer.link_token}/"
    ]
    assert response["Content-Disposition"].endswith('.pdf"')
    assert response["Cache-Control"] == "private, no-store"


def test_a_rotated_link_gives_another_code(world, referrer):
    client = world.client("facilitator")
    before = decoded(client.get(PNG_URL.format(pk=referrer.pk)).content)

    old_token = referrer.link_token
    referrer.link_token = new_link_token()
    referrer.save()
    after = decoded(client.get(PNG_URL.format(pk=referrer.pk)).content)

    assert before == [f"http://testserver/c/{old_token}/"]
    assert after == [f"http://testserver/c/{referrer.link_token}/"]
    assert before != after


@pytest.mark.parametrize("persona", ["counsellor", "outsider", "org_admin", "funder"])
def test_hidden_from_those_who_do_not_manage_the_network_capteurs(world, referrer, persona):
    assert world.client(persona).get(PNG_URL.format(pk=referrer.pk)).status_code == 404


def test_another_network_capteur_is_hidden_behind_this_network_slug(world):
    elsewhere = Referrer.objects.create(
        network=world.other_network, name="Ailleurs", kind=ReferrerKind.COMMERCE, commune_id="64410"
    )
    response = world.client("coordinator").get(PDF_URL.format(pk=elsewhere.pk))

    assert response.status_code == 404


def test_anonymous_is_sent_to_sign_in(world, referrer):
    response = world.client("anonymous").get(PDF_URL.format(pk=referrer.pk))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    "name",
    [
        "Bar",
        "Association d'entraide et de solidarité des quartiers nord, antenne de Mourenx, "
        "à côté de la pharmacie, ouverte le mercredi et le samedi matin de 9 h à 12 h",
        "X" * 200,  # no space at all: cut, not run off the page
    ],
)
def test_any_name_fits_and_the_code_stays_readable(world, name):
    referrer = Referrer(
        network=world.network, name=name, kind=ReferrerKind.COMMERCE, commune_id="64410"
    )
    url = f"https://maillage.example.fr/c/{new_link_token()}/"

    png = render_poster(referrer=referrer, url=url, fmt="png")

    assert Image.open(io.BytesIO(png)).size == (1240, 1754)
    [code] = codes(png)
    assert code.text == url
    assert width_px(code) >= NINE_CM - 15  # ≥ 9 cm, to a module (zxing reads module centres)


def test_unknown_format_is_refused(world, referrer):
    with pytest.raises(ValueError):
        render_poster(referrer=referrer, url="https://x.test/c/t/", fmt="gif")
