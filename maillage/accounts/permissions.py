"""Who may see and do what: the one place that decides it.

Every view and API endpoint calls these functions; none repeats their logic. Hidden objects answer
404 (``get_*_or_404``), forbidden actions on a visible object answer 403 (``PermissionDenied``).
The answers for one user are computed once per request and kept on the user object.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.http import Http404

from maillage.accounts.enums import MemberRole, NetworkRoleKind
from maillage.accounts.models import Membership, Network, NetworkRole, Organisation

# Roles whose work means reading people's files; they must use two-factor authentication.
PERSONAL_DATA_ROLES = {MemberRole.COUNSELLOR, MemberRole.FACILITATOR, MemberRole.HOST}


@dataclass
class Access:
    """What one signed-in user is, computed once per request."""

    memberships: dict[int, Membership] = field(default_factory=dict)  # by organisation id
    coordinated: set[int] = field(default_factory=set)  # network ids
    funded: set[int] = field(default_factory=set)  # network ids
    # Networks each of the user's organisations belongs to.
    member_networks: set[int] = field(default_factory=set)
    lead_networks: set[int] | None = None  # computed on first use


def access(user) -> Access:
    cached = getattr(user, "_maillage_access", None)
    if cached is not None:
        return cached
    result = Access()
    if user.is_authenticated:
        for membership in Membership.objects.filter(user=user).select_related("organisation"):
            result.memberships[membership.organisation_id] = membership
        for network_id, role in NetworkRole.objects.filter(user=user).values_list(
            "network_id", "role"
        ):
            (result.coordinated if role == NetworkRoleKind.COORDINATOR else result.funded).add(
                network_id
            )
        result.member_networks = set(
            Network.objects.filter(organisations__in=list(result.memberships)).values_list(
                "pk", flat=True
            )
        )
    user._maillage_access = result
    return result


def forget(user) -> None:
    """Drop the cached answers after the user's roles changed."""
    if hasattr(user, "_maillage_access"):
        del user._maillage_access


# --- Who the user is -------------------------------------------------------------------------


def can_see_personal_data(user) -> bool:
    """Professionals who follow people (not capteurs, not funders)."""
    return any(m.role in PERSONAL_DATA_ROLES for m in access(user).memberships.values())


def can_see_confidential_addresses(user) -> bool:
    """Shelters' addresses: partners' professionals and coordinators, past the second factor."""
    if not user.is_authenticated or (requires_two_factor(user) and not user.is_verified()):
        return False
    return can_see_personal_data(user) or bool(access(user).coordinated)


def requires_two_factor(user) -> bool:
    """Everyone who may see personal data or administer others must use a second factor."""
    if not user.is_authenticated:
        return False
    a = access(user)
    return (
        user.is_staff
        or can_see_personal_data(user)
        or bool(a.coordinated)
        or any(m.is_admin for m in a.memberships.values())
    )


def may_use_magic_link(user) -> bool:
    """Capteurs sign in with an emailed link; anyone who needs a second factor may not."""
    a = access(user)
    return (
        user.is_active
        and not requires_two_factor(user)
        and any(m.role == MemberRole.CAPTEUR for m in a.memberships.values())
    )


# --- Organisations -----------------------------------------------------------------------------


def is_member(user, organisation: Organisation) -> bool:
    return organisation.pk in access(user).memberships


def can_manage_organisation(user, organisation: Organisation) -> bool:
    """Organisation admins manage members, roles and invitations of their organisation."""
    membership = access(user).memberships.get(organisation.pk)
    return bool(membership and membership.is_admin)


def can_view_organisation(user, organisation: Organisation) -> bool:
    """Members, and the coordinators of a network the organisation belongs to."""
    a = access(user)
    if organisation.pk in a.memberships:
        return True
    networks = set(organisation.networks.values_list("pk", flat=True))
    return bool(networks & a.coordinated)


def get_organisation_or_404(user, pk: int) -> Organisation:
    organisation = Organisation.objects.filter(pk=pk).first()
    if organisation is None or not can_view_organisation(user, organisation):
        raise Http404("Structure introuvable.")
    return organisation


def require_manage_organisation(user, organisation: Organisation) -> None:
    if not can_manage_organisation(user, organisation):
        raise PermissionDenied("Seuls les administrateurs de la structure peuvent faire cela.")


# --- Directory -----------------------------------------------------------------------------


def editable_organisation_ids(user) -> set[int]:
    """Organisations whose directory entries the user keeps: any professional member."""
    return {
        pk
        for pk, m in access(user).memberships.items()
        if m.role != MemberRole.CAPTEUR or m.is_admin
    }


def can_edit_structure(user, structure) -> bool:
    return structure.organisation_id in editable_organisation_ids(user)


# --- Networks ----------------------------------------------------------------------------------


def can_view_network(user, network: Network) -> bool:
    a = access(user)
    return network.pk in a.coordinated | a.funded | a.member_networks


def can_administer_network(user, network: Network) -> bool:
    return network.pk in access(user).coordinated


def can_view_network_figures(user, network: Network) -> bool:
    """Aggregated figures: coordinators and funders (funders see nothing else)."""
    a = access(user)
    return network.pk in a.coordinated | a.funded


def can_view_audit_log(user, network: Network) -> bool:
    return can_administer_network(user, network)


def visible_networks(user):
    a = access(user)
    return Network.objects.filter(pk__in=a.coordinated | a.funded | a.member_networks)


def get_network_or_404(user, slug: str) -> Network:
    network = Network.objects.filter(slug=slug).first()
    if network is None or not can_view_network(user, network):
        raise Http404("Réseau introuvable.")
    return network


def require_administer_network(user, network: Network) -> None:
    if not can_administer_network(user, network):
        raise PermissionDenied("Seule la coordination du réseau peut faire cela.")


# --- Outreach: capteurs, actions, leads ----------------------------------------------------------


def _networks_of_role(user, role: str) -> set[int]:
    """Networks of the organisations where the user holds ``role``."""
    a = access(user)
    organisations = [pk for pk, m in a.memberships.items() if m.role == role]
    if not organisations:
        return set()
    return set(Network.objects.filter(organisations__in=organisations).values_list("pk", flat=True))


def lead_networks(user) -> set[int]:
    """Networks whose leads (names, phones) the user works: the facilitators of its partners."""
    a = access(user)
    if a.lead_networks is None:
        a.lead_networks = _networks_of_role(user, MemberRole.FACILITATOR)
    return a.lead_networks


def can_work_leads(user, network: Network) -> bool:
    return network.pk in lead_networks(user)


def can_manage_outreach(user, network: Network) -> bool:
    """Capteurs and "hors les murs" actions: the network's facilitators and coordinators."""
    return network.pk in lead_networks(user) | access(user).coordinated


def get_outreach_network_or_404(user, slug: str) -> Network:
    network = Network.objects.filter(slug=slug).first()
    if network is None or not can_manage_outreach(user, network):
        raise Http404("Réseau introuvable.")
    return network


def get_lead_network_or_404(user, slug: str) -> Network:
    network = Network.objects.filter(slug=slug).first()
    if network is None or not can_work_leads(user, network):
        raise Http404("Réseau introuvable.")
    return network


# --- People served -------------------------------------------------------------------------------


def person_organisation_ids(user) -> set[int]:
    """Organisations whose people's files the user may read and write."""
    return {pk for pk, m in access(user).memberships.items() if m.role in PERSONAL_DATA_ROLES}


def can_view_person(user, person) -> bool:
    """The professionals of the organisation that holds the file. A partner receiving a referral
    sees the referral (what it needs), not the file."""
    return person.organisation_id in person_organisation_ids(user)


def get_person_or_404(user, pk: int, queryset=None):
    """The person, or 404 when hidden. The caller audits the read."""
    from maillage.intake.models import Person  # intake sits to the right of accounts

    person = (queryset if queryset is not None else Person.objects).filter(pk=pk).first()
    if person is None or not can_view_person(user, person):
        raise Http404("Personne introuvable.")
    return person


def can_see_assessment_notes(user, assessment) -> bool:
    return assessment.organisation_id in person_organisation_ids(user)


# --- Referrals -----------------------------------------------------------------------------------


def can_view_referral(user, referral) -> bool:
    """The professionals of the sending and of the receiving organisation."""
    return bool(referral_sides(user, referral))


def get_referral_or_404(user, pk: int, queryset=None):
    from maillage.referrals.models import Referral  # referrals sit to the right of accounts

    referral = (queryset if queryset is not None else Referral.objects).filter(pk=pk).first()
    if referral is None or not can_view_referral(user, referral):
        raise Http404("Orientation introuvable.")
    return referral


def organisations_receiving_people():
    """Organisations with someone who may read a person's situation (not a capteur's shop)."""
    return Organisation.objects.filter(memberships__role__in=PERSONAL_DATA_ROLES).distinct()


def referral_inbox_organisation_ids(user) -> set[int]:
    """Organisations whose received referrals the user answers."""
    a = access(user)
    return {pk for pk, m in a.memberships.items() if m.role in PERSONAL_DATA_ROLES}


def referral_sides(user, referral) -> set[str]:
    """Every side the user acts for on this referral: both when an organisation orients a person
    to one of its own services."""
    organisations = referral_inbox_organisation_ids(user)
    sides = set()
    if referral.receiving_organisation_id in organisations:
        sides.add("partner")
    if referral.sending_organisation_id in organisations:
        sides.add("sender")
    return sides


def sent_referral_organisation_ids(user) -> set[int]:
    """Organisations whose sent referrals the user follows (the same people as the inbox)."""
    return referral_inbox_organisation_ids(user)


def can_send_referral(user, person) -> bool:
    """Orienting a person means sharing their situation: only who holds their file may."""
    return can_view_person(user, person)


def require_referral_side(user, referral, side: str) -> None:
    """403 for a visible referral the user cannot act on from this side."""
    if side not in referral_sides(user, referral):
        if side == "partner":
            raise PermissionDenied("Seule la structure qui reçoit l'orientation y répond.")
        raise PermissionDenied("Seule la structure qui a envoyé l'orientation peut faire cela.")
