from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from maillage.accounts import permissions
from maillage.reporting.figures import network_figures


def figures(request, slug):
    network = permissions.get_network_or_404(request.user, slug)
    if not permissions.can_view_network_figures(request.user, network):
        raise PermissionDenied(
            "Les chiffres du réseau sont réservés à sa coordination et à ses financeurs."
        )
    return render(
        request,
        "reporting/figures.html",
        {"network": network, "f": network_figures(network)},
    )
