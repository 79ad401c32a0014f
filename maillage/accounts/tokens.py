"""Single-use, expiring sign-in links for capteurs (no password to remember)."""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.http import base36_to_int


class MagicLinkTokenGenerator(PasswordResetTokenGenerator):
    """Like a password-reset token, with its own salt and a shorter life.

    The hash covers the user's last sign-in time, so the link stops working once used.
    """

    key_salt = "maillage.accounts.tokens.MagicLinkTokenGenerator"

    def check_token(self, user, token) -> bool:
        if not super().check_token(user, token):
            return False
        try:
            issued = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        age = self._num_seconds(self._now()) - issued
        return age <= settings.MAGIC_LINK_VALIDITY_MINUTES * 60


magic_link_tokens = MagicLinkTokenGenerator()
