"""Writes that span several rows of partnerships."""

from kit.text import slugify
from partnerships.models import Agreement


def unique_slug(title, exclude_pk=None):
    base = slugify(title)[:200] or "aftale"
    slug, n = base, 1
    while Agreement.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
