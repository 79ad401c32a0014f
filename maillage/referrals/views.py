"""Referrals: sending, the partner's inbox and answers (being built)."""

from django.shortcuts import render


def inbox(request):
    return render(request, "referrals/inbox.html", {})
