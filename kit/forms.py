"""The filter form of a public list, shared by the lists of notices, agreements, mentors and events.

A list's GET parameters are a `ListFilterForm`: every filter optional (so no label says
"optional", templates/dkfds/layout/label_text.html), and a value that is not one of the choices (a
hand-made or outdated address) an error in words, which the page shows with
templates/_filter_errors.html while the other filters still apply. Its choice fields take
`error_messages=NOT_A_CHOICE`. And `https_formfield`, the ModelForms' callback for URL fields.
"""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

NOT_A_CHOICE = {"invalid_choice": _("“%(value)s” is not one of the choices. Choose one from the list.")}


class ListFilterForm(forms.Form):
    #: Every filter is optional: no label says so (templates/dkfds/layout/label_text.html).
    all_optional = True


def https_formfield(model_field, **kwargs):
    """A ModelForm's `Meta.formfield_callback`: URL fields read "www.example.dk" as https (as
    Django 6 will), everything else as Django makes it. The admins get the same from
    kit.admin.ScopedChoicesMixin.formfield_overrides."""
    if isinstance(model_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return model_field.formfield(**kwargs)
