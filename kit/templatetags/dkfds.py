"""What the DKFDS crispy template pack (templates/dkfds/) needs beyond crispy-forms' own tags.

`{% dkfds_widget field "form-input" %}` renders a field's widget with the DKFDS class added to
the classes it already has. Django adds `aria-invalid` and `aria-describedby` (the ids
`<id>_helptext` and `<id>_error` that the pack gives the hint and the error message).
"""

from django import template

register = template.Library()


@register.simple_tag
def dkfds_widget(field, css_class):
    if not css_class:
        return field.as_widget()
    classes = " ".join(filter(None, [field.field.widget.attrs.get("class"), css_class]))
    return field.as_widget(attrs={"class": classes})


@register.filter
def dkfds_control(field):
    """Which DKFDS control a field is drawn as: checkbox, choices (a radio or checkbox group,
    in a fieldset), select, file, textarea or input."""
    widget = field.field.widget
    kind = type(widget).__name__
    input_type = getattr(widget, "input_type", None)
    if input_type == "checkbox" and not getattr(widget, "allow_multiple_selected", False):
        return "checkbox"
    if field.use_fieldset:
        return "choices"
    if input_type == "file":
        return "file"
    if kind.endswith("Select") or kind == "SelectMultiple" or getattr(widget, "option_template_name", None):
        return "select"
    if kind == "Textarea" or getattr(widget, "template_name", "").endswith("textarea.html"):
        return "textarea"
    return "input"
