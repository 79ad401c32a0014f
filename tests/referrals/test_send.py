"""Sending: the consent gate, all or nothing, and the send form."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from maillage.accounts.models import NetworkMembership
from maillage.core.enums import AuditAction
from maillage.core.models import AuditEvent
from maillage.referrals import actions
from maillage.referrals.enums import ReferralState
from maillage.referrals.models import Referral
from tests.factories import MembershipFactory, OrganisationFactory, a_consent, a_referral_service


def a_partner(loop, name="Épicerie solidaire (association)"):
    """Another partner of the network, with a counsellor who could receive the person."""
    organisation = OrganisationFactory(name=name)
    NetworkMembership.objects.create(network=loop.world.network, organisation=organisation)
    MembershipFactory(organisation=organisation)
    return organisation


def send(loop, services, **kwargs):
    return actions.send_referrals(
        actor=loop.world.users["counsellor"],
        person=loop.person,
        services=services,
        message=kwargs.pop("message", "Cherche un atelier CV."),
        **kwargs,
    )


def test_a_referral_covered_by_consent_is_sent_and_logged(loop):
    [referral] = send(loop, [loop.service])
    assert referral.state == ReferralState.SENT
    assert referral.receiving_organisation == loop.world.other_organisation
    assert referral.sending_organisation == loop.world.organisation
    assert referral.network == loop.world.network
    assert referral.consent == loop.consent
    assert referral.origin_channel == loop.person.origin_channel
    assert list(referral.transitions.values_list("from_state", "to_state")) == [("", "sent")]
    assert AuditEvent.objects.filter(action=AuditAction.REFERRAL_SENT).count() == 1


def test_a_service_not_covered_by_consent_is_refused_and_the_refusal_logged(loop):
    uncovered = a_referral_service(organisation=a_partner(loop), name="Épicerie solidaire")
    with pytest.raises(actions.ReferralRefused) as refusal:
        send(loop, [uncovered])
    [message] = refusal.value.message_dict["services"]
    assert "Épicerie solidaire" in message and "consentement" in message
    assert not Referral.objects.exists()
    refused = AuditEvent.objects.get(action=AuditAction.REFERRAL_REFUSED_NO_CONSENT)
    assert refused.organisation == uncovered.structure.organisation


def test_several_services_at_once_are_all_or_nothing(loop):
    uncovered = a_referral_service(organisation=a_partner(loop), name="Épicerie solidaire")
    with pytest.raises(actions.ReferralRefused) as refusal:
        send(loop, [loop.service, uncovered])
    assert len(refusal.value.message_dict["services"]) == 1  # one message per refused service
    assert not Referral.objects.exists()
    # Once the person agrees, both leave together.
    loop.consent.shared_with.add(uncovered.structure.organisation)
    assert len(send(loop, [loop.service, uncovered])) == 2


def test_a_withdrawn_consent_stops_new_referrals(loop):
    send(loop, [loop.service])
    loop.consent.withdrawn_at = timezone.now()
    loop.consent.save()
    other = a_referral_service(organisation=loop.world.other_organisation, name="Permanence")
    with pytest.raises(actions.ReferralRefused):
        send(loop, [other])
    assert Referral.objects.count() == 1


def test_a_consent_without_the_sharing_purpose_covers_no_one(loop):
    loop.consent.purposes = ["follow_up"]
    loop.consent.save()
    with pytest.raises(actions.ReferralRefused):
        send(loop, [loop.service])


def test_a_consent_to_all_network_partners_covers_them_but_not_outsiders(loop):
    loop.consent.delete()
    a_consent(person=loop.person, all_network_partners=True)
    assert len(send(loop, [loop.service])) == 1
    outside = a_referral_service(organisation=loop.world.outside_organisation, name="Ailleurs")
    with pytest.raises(actions.ReferralRefused):
        send(loop, [outside])


@pytest.mark.parametrize(
    "change",
    [{"accepts_referrals": False}, {"status": "draft"}],
    ids=["not taking referrals", "unpublished"],
)
def test_a_service_that_does_not_take_referrals_is_refused(loop, change):
    for field, value in change.items():
        setattr(loop.service, field, value)
    loop.service.save()
    with pytest.raises(actions.ReferralRefused) as refusal:
        send(loop, [loop.service])
    assert "ne reçoit pas d'orientations" in refusal.value.message_dict["services"][0]


def test_a_person_already_waiting_for_a_service_is_not_sent_twice(loop):
    send(loop, [loop.service])
    with pytest.raises(actions.ReferralRefused) as refusal:
        send(loop, [loop.service])
    assert "déjà orientée" in refusal.value.message_dict["services"][0]


def test_only_who_holds_the_file_may_send(loop):
    with pytest.raises(PermissionDenied):
        actions.send_referrals(
            actor=loop.world.users["other_org_counsellor"],
            person=loop.person,
            services=[loop.service],
            message="x",
        )


def test_notifying_the_person_needs_their_consent(loop):
    loop.consent.purposes = ["sharing"]
    loop.consent.save()
    with pytest.raises(actions.ReferralRefused) as refusal:
        send(loop, [loop.service], notify_person="sms")
    assert "prévenue" in refusal.value.message_dict["notify_person"][0]


# --- The form ------------------------------------------------------------------------------------


def form_url(loop, *services):
    ids = "".join(f"&service={s.pk}" for s in services)
    return f"/orientations/nouvelle/?person={loop.person.pk}{ids}"


def test_the_form_flags_a_service_without_consent_with_a_link_to_record_it(loop):
    uncovered = a_referral_service(organisation=a_partner(loop), name="Épicerie solidaire")
    page = loop.world.client("counsellor").get(form_url(loop, loop.service, uncovered))
    html = page.content.decode()
    assert page.status_code == 200
    assert f'value="{loop.service.pk}" id="service_{loop.service.pk}" checked' in html
    assert f'id="service_{uncovered.pk}" disabled' in html
    assert f'href="/personnes/{loop.person.pk}/consentement/"' in html


def test_the_form_sends_and_tells_the_partner(loop, committed, mailoutbox):
    response = committed(
        loop.world.client("counsellor").post,
        form_url(loop, loop.service),
        {"services": [loop.service.pk], "message": "Cherche un atelier CV.", "notify_person": ""},
    )
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/orientations/{referral.pk}/"
    assert [m.to for m in mailoutbox] == [["orientations@asso.test"]]


def test_a_crafted_post_with_a_service_not_covered_is_refused_and_nothing_saved(loop):
    uncovered = a_referral_service(organisation=a_partner(loop), name="Épicerie solidaire")
    # The page offered only the covered service; the request adds the other one by hand.
    response = loop.world.client("counsellor").post(
        form_url(loop, loop.service),
        {"services": [loop.service.pk, uncovered.pk], "message": "Bonjour", "notify_person": ""},
    )
    assert response.status_code == 400
    assert "Épicerie solidaire" in response.content.decode()
    assert 'id="services_error"' in response.content.decode()
    assert not Referral.objects.exists()


def test_the_form_of_a_person_held_elsewhere_is_hidden(loop):
    page = loop.world.client("other_org_counsellor").get(form_url(loop, loop.service))
    assert page.status_code == 404


def test_the_form_without_a_message_shows_the_error_at_the_field(loop):
    response = loop.world.client("counsellor").post(
        form_url(loop, loop.service), {"services": [loop.service.pk], "message": ""}
    )
    assert response.status_code == 400
    assert 'id="id_message_error"' in response.content.decode()
    assert not Referral.objects.exists()


def test_a_capteurs_shop_never_receives_a_person_even_with_consent(loop):
    shop_service = a_referral_service(organisation=loop.world.shop, name="Le comptoir")
    loop.consent.all_network_partners = True
    loop.consent.save()
    with pytest.raises(actions.ReferralRefused) as refusal:
        send(loop, [shop_service])
    assert "ne reçoit pas d'orientations" in refusal.value.message_dict["services"][0]
    assert not Referral.objects.exists()


def test_withdrawing_consent_cancels_the_open_referrals_it_covered(loop, committed, mailoutbox):
    referral = loop.referral()
    response = committed(
        loop.world.client("counsellor").post,
        f"/personnes/{loop.person.pk}/consentement/{loop.consent.pk}/retirer/",
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.state == ReferralState.CANCELLED
    assert referral.transitions.last().text == "La personne a retiré son consentement."
    # The partner is told, without the person's name.
    (message,) = mailoutbox
    assert message.to == ["orientations@asso.test"]
    assert loop.person.last_name not in message.body
    # And the partner cannot accept it any more.
    partner = loop.world.client("other_org_counsellor")
    partner.post(f"/orientations/{referral.pk}/repondre/", {"decision": "accept"})
    referral.refresh_from_db()
    assert referral.state == ReferralState.CANCELLED
