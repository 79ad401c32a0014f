from django import forms
from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Adresse électronique ou mot de passe incorrect. Vérifiez-les, en "
        "respectant les majuscules et minuscules du mot de passe.",
        "inactive": "Ce compte est désactivé. Demandez à l'administrateur de votre structure.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Adresse électronique"
        self.fields["username"].widget = forms.EmailInput(
            attrs={"autofocus": True, "autocomplete": "email"}
        )
