"""The filter form of a public list, shared by the lists of notices, agreements, mentors and events.

A list's GET parameters are a `ListFilterForm`: every filter optional (so no label says
"optional", templates/dkfds/layout/label_text.html), and a value that is not one of the choices (a
hand-made or outdated address) an error in words, which the page shows with
templates/_filter_errors.html while the other filters still apply. Its choice fields take
`error_messages=NOT_A_CHOICE`.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

NOT_A_CHOICE = {"invalid_choice": _("“%(value)s” is not one of the choices. Choose one from the list.")}


class ListFilterForm(forms.Form):
    #: Every filter is optional: no label says so (templates/dkfds/layout/label_text.html).
    all_optional = True
