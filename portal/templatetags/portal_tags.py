import markdown as markdown_lib
import nh3
from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from portal.models import Municipality

register = template.Library()

# What guide authors may use: text structure, links and tables; never scripts, styles or frames.
ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "dd",
    "dl",
    "dt",
    "em",
    "h2",
    "h3",
    "h4",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"scope"}}


@register.filter(is_safe=True)
def markdown(text):
    """Render trusted-but-not-too-trusted Markdown from the admin, sanitised on output."""
    html = markdown_lib.markdown(text or "", extensions=["extra", "sane_lists"], output_format="html")
    return mark_safe(  # noqa: S308 - nh3 has removed everything outside the allow-list above
        nh3.clean(
            html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes={"http", "https", "mailto"}
        )
    )


@register.filter
def tel_href(phone):
    """'46 31 30 00' → 'tel:+4546313000' for a tappable phone link."""
    digits = "".join(ch for ch in phone or "" if ch.isdigit() or ch == "+")
    if digits and not digits.startswith("+"):
        digits = "+45" + digits
    return f"tel:{digits}"


@register.simple_tag(takes_context=True)
def accessibility_statement_url(context):
    """The accessibility statement the footer links: the page's municipality's, else the portal's."""
    municipality = context.get("municipality")
    if isinstance(municipality, Municipality):
        return municipality.get_accessibility_statement_url()
    return reverse("accessibility")


@register.simple_tag
def lang_danish():
    """` lang="da"` on a page in another language, for text that exists only in Danish (what
    enterprises and staff write): screen readers then read it with Danish pronunciation."""
    return "" if get_language() == "da" else mark_safe(' lang="da"')


@register.simple_tag
def lang_unless_translated(translation):
    """` lang="da"` where a field's English version is empty and the Danish one is shown instead."""
    return "" if get_language() == "da" or translation else mark_safe(' lang="da"')


@register.inclusion_tag("portal/_privacy_notice.html")
def privacy_notice(chosen, *, retention_months):
    """The privacy notice at the intake: names the chosen municipality (`chosen`: its slug, or
    a Municipality) as the data controller, or, before one is chosen, links every municipality's
    privacy page."""
    if isinstance(chosen, Municipality):
        municipality = chosen
    else:
        municipality = Municipality.objects.filter(slug=chosen).first() if chosen else None
    return {
        "municipality": municipality,
        "municipalities": [] if municipality else list(Municipality.objects.all()),
        "retention_months": retention_months,
    }
