from dataclasses import dataclass

import pytest

from tests.factories import a_consent, a_person, a_referral, a_referral_service


@dataclass
class Loop:
    """Mission locale holds Samia's file; Association's service takes referrals."""

    world: object
    person: object
    consent: object
    service: object

    def referral(self, **fields):
        return a_referral(
            person=self.person,
            service=self.service,
            sent_by=self.world.users["counsellor"],
            consent=self.consent,
            **fields,
        )


@pytest.fixture
def loop(world) -> Loop:
    person = a_person(organisation=world.organisation, network=world.network)
    service = a_referral_service(
        organisation=world.other_organisation, referral_contact="orientations@asso.test"
    )
    consent = a_consent(
        person=person,
        shared_with=[world.other_organisation],
        purposes=["sharing", "notifications"],
    )
    return Loop(world, person, consent, service)
