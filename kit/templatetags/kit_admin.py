"""`{% fast_result_list cl %}`: Django's `{% result_list cl %}`, the same markup drawn for less, for
the change lists staff work in all day (the case queue).

Django's `items_for_result` looks every cell up afresh: the column's field or method (an exception
raised and caught for each method column), the empty value, a field's choices as a new dict, and
the change link reversed and merged with the preserved filters (a URL resolved per row). That was
more than half of a queue page's time. Here each column is looked up once per page, and a row only
calls what draws its cells. A list this does not know how to draw (an editable list, a popup, a
column read from a model's own attribute) is left to Django whole.
"""

import datetime

from django.contrib import admin
from django.contrib.admin.templatetags.admin_list import (
    ResultList,
    _coerce_field_name,
    result_headers,
    result_list,
)
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.contrib.admin.utils import (
    FieldIsAForeignKeyColumnName,
    _get_non_gfk_field,
    display_for_field,
    display_for_value,
)
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.template import Library
from django.urls import NoReverseMatch, reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = Library()


def _value(obj, name, read):
    """The cell's value as `items_for_result` reads it, a blank text made empty."""
    value = read(obj) if read is not None else getattr(obj, name)
    return "" if isinstance(value, str) and value.strip() == "" else value


def _column(cl, index, name, empty_value_display, link):
    """(classes, draw) for one column, as `items_for_result` would draw it; None for a column of a
    kind this leaves to Django. `draw(obj)` gives the cell's content and whether it is "nowrap"."""
    model_admin = cl.model_admin
    classes = "action-checkbox" if name == "action_checkbox" else f"field-{_coerce_field_name(name, index)}"
    try:
        field = _get_non_gfk_field(cl.lookup_opts, name)
    except (FieldDoesNotExist, FieldIsAForeignKeyColumnName):
        field = None

    if field is None or field.auto_created:
        read, empty, boolean = None, empty_value_display, False
        if field is None:
            if callable(name):
                read = name
            elif hasattr(model_admin, name) and name != "__str__":
                read = getattr(model_admin, name)
            else:
                return None  # a model's attribute or property: Django's own lookup
            empty = getattr(read, "empty_value_display", empty_value_display)
            boolean = getattr(read, "boolean", False)

        def draw(obj):
            value = _value(obj, name, read)
            return display_for_value(value, empty, boolean), isinstance(value, (datetime.date, datetime.time))

        return classes, draw

    nowrap = isinstance(field, (models.DateField, models.TimeField, models.ForeignKey))
    if isinstance(field.remote_field, models.ManyToOneRel):

        def draw_related(obj):
            related = getattr(obj, field.name)
            return (empty_value_display if related is None else related), nowrap

        return classes, draw_related

    if getattr(field, "flatchoices", None):
        try:
            choices = dict(field.flatchoices)  # Django builds this dict for every cell
        except TypeError:
            return None  # list-like choices: Django's own lookup
        return classes, lambda obj: (choices.get(_value(obj, name, None), empty_value_display), nowrap)

    def draw_field(obj):
        value = _value(obj, name, None)
        return display_for_field(value, field, empty_value_display, avoid_link=link), nowrap

    return classes, draw_field


def _links_to_change(cl, is_first, name):
    if cl.list_display_links is None:
        return False
    if is_first and not cl.list_display_links:
        return True
    return name in cl.list_display_links


#: Stands for the primary key in a change URL reversed once for all rows: a text no admin URL holds,
#: of characters reverse() leaves as they are.
PK_MARK = "~pk~"


def _change_url(cl):
    """`cl.url_for_result` as a function of the row. For a whole-number primary key (its URL text
    is its digits) the change URL is reversed once and each row's key put in; otherwise, and for a
    change list with URLs of its own, Django's reverse() per row."""
    if type(cl).url_for_result is not ChangeList.url_for_result or not isinstance(
        cl.lookup_opts.pk, models.IntegerField
    ):
        return cl.url_for_result
    try:
        template = reverse(
            f"admin:{cl.opts.app_label}_{cl.opts.model_name}_change",
            args=[PK_MARK],
            current_app=cl.model_admin.admin_site.name,
        )
    except NoReverseMatch:
        return cl.url_for_result
    if template.count(PK_MARK) != 1:
        return cl.url_for_result
    before, after = template.split(PK_MARK)
    return lambda obj: f"{before}{getattr(obj, cl.pk_attname)}{after}"


def _rows(cl):
    """Each row's cells, as `items_for_result(cl, row, None)` gives them; None when the list is
    one to leave to Django."""
    if cl.formset or cl.is_popup or cl.to_field:
        return None
    empty_value_display = cl.model_admin.get_empty_value_display()
    columns = []
    first = True
    for index, name in enumerate(cl.list_display):
        link = _links_to_change(cl, first, name)
        column = _column(cl, index, name, empty_value_display, link)
        if column is None:
            return None
        # Of the columns that link to the change page, the first is the row's heading.
        columns.append((*column, link, "th" if link and first else "td"))
        first = first and not link

    # The preserved filters are the same for every row, and a change page never resolves to the
    # change list: the query string Django adds to each link is the first row's.
    rows = []
    suffix = None
    url_of = _change_url(cl) if any(link for *_, link, _ in columns) else None
    for obj in cl.result_list:
        cells = []
        for classes, draw, link, tag in columns:
            try:
                content, nowrap = draw(obj)
            except ObjectDoesNotExist:
                content, nowrap = empty_value_display, False
            attribute = f' class="{classes} nowrap"' if nowrap else f' class="{classes}"'
            content = conditional_escape(content)
            if link:
                try:
                    url = url_of(obj)
                except NoReverseMatch:
                    cells.append(f"<{tag}{attribute}>{content}</{tag}>")
                    continue
                if suffix is None:
                    preserved = {"preserved_filters": cl.preserved_filters, "opts": cl.opts}
                    suffix = add_preserved_filters(preserved, url)[len(url) :]
                href = conditional_escape(url + suffix)
                cells.append(f'<{tag}{attribute}><a href="{href}">{content}</a></{tag}>')
            else:
                cells.append(f"<td{attribute}>{content}</td>")
        # A row of one item, its cells joined: change_list_results.html writes a row's items one
        # after another, so the page reads the same, and the template renders one variable per row
        # instead of one per cell.
        rows.append(ResultList(None, [mark_safe("".join(cells))]))  # noqa: S308 - escaped above
    return rows


def fast_result_list(cl):
    rows = _rows(cl)
    if rows is None:
        return result_list(cl)
    headers = list(result_headers(cl))
    return {
        "cl": cl,
        "result_hidden_fields": [],
        "result_headers": headers,
        "num_sorted_fields": sum(1 for header in headers if header["sortable"] and header["sorted"]),
        "results": rows,
    }


@register.tag(name="fast_result_list")
def fast_result_list_tag(parser, token):
    return InclusionAdminNode(
        parser, token, func=fast_result_list, template_name="change_list_results.html", takes_context=False
    )


@register.simple_tag(takes_context=True)
def sidebar_app_list(context):
    """The sidebar's list of apps and models (the admin site's `sidebar_app_list`)."""
    request = context["request"]
    return mark_safe(admin.site.sidebar_app_list(request, context["available_apps"]))  # noqa: S308 - a rendered template
