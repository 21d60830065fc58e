"""`{% page_sections "slot" %}` renders the sections the apps contribute to a page of portal's;
`{% section_stylesheets "slot" %}` gives the stylesheets they ask for (see kit.contributions)."""

from django import template
from django.utils.safestring import mark_safe

from kit import contributions

register = template.Library()


@register.simple_tag(takes_context=True)
def page_sections(context, slot, **arguments):
    """Each section's template with its own context only (as `{% include … only %}`), plus the
    request and the CSRF token so that a section may hold a form."""
    request = context.get("request")
    parts = []
    for section in contributions.sections(slot):
        values = section.context(request, **arguments)
        if values is None:
            continue
        section_context = context.new({"request": request, **values})
        csrf_token = context.get("csrf_token")
        if csrf_token is not None:
            section_context["csrf_token"] = csrf_token
        parts.append(context.template.engine.get_template(section.template).render(section_context))
    return mark_safe("".join(parts))  # noqa: S308 - each part is a rendered, autoescaped template


@register.simple_tag
def section_stylesheets(slot):
    return contributions.stylesheets(slot)
