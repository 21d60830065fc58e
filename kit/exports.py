"""Exports of rows as CSV and JSON, with their columns declared once as a list of `Column`.

    COLUMNS = [Column("name", lambda enterprise: enterprise.name), …]
    csv_response("virksomheder.csv", COLUMNS, enterprises)      # a streamed CSV download
    [as_dict(COLUMNS, enterprise) for enterprise in enterprises]  # JSON objects

Every CSV cell is written so that a spreadsheet shows it as text and never runs it as a formula
(CSV injection, OWASP); JSON keeps the values as they are.
"""

import csv
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import StreamingHttpResponse

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    """One column of an export: its header (a key of the JSON objects, or a translatable label)
    and how its value is read from a row's object."""

    header: Any
    value: Callable[[Any], Any]


def headers(columns):
    return [str(column.header) for column in columns]


def values(columns, obj):
    return [column.value(obj) for column in columns]


def as_dict(columns, obj):
    return {str(column.header): column.value(obj) for column in columns}


def spreadsheet_safe(value):
    """A CSV cell value that Excel, LibreOffice and Sheets show as text, never run as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        value = "; ".join(str(item) for item in value)
    text = str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


class _Echo:
    """A file-like object whose write returns the line, for csv.writer into a streaming response."""

    def write(self, value):
        return value


def csv_response(filename, columns, objects, *, build_now=False):
    """A streamed CSV download of `objects`, one row each: UTF-8 with the byte-order mark Excel
    needs, every cell made safe.

    The rows are read as the download is sent, so `objects` may be an iterator over the database;
    with `build_now` they are read before the response is returned, in the request's language and
    while the view's queries and access log still describe the same rows."""
    writer = csv.writer(_Echo())
    header = headers(columns)
    rows = (values(columns, obj) for obj in objects)
    if build_now:
        rows = list(rows)

    def lines():
        yield "\ufeff"
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow([spreadsheet_safe(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
