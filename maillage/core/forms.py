"""Form rendering shared by every form (Django 5.2 already ties help texts and errors to their
field with aria-describedby and aria-invalid)."""

from django.forms.renderers import DjangoTemplates


class FormRenderer(DjangoTemplates):
    field_template_name = "core/_field.html"
