import markdown as markdown_lib
import nh3
from django import template
from django.utils.safestring import mark_safe

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
