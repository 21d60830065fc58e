import codecs

from django.utils import translation
from django.utils.translation import gettext_lazy

from kit.exports import Column, as_dict, csv_response, headers

COLUMNS = [
    Column("name", lambda row: row["name"]),
    Column("phone", lambda row: row["phone"]),
    Column("tags", lambda row: row["tags"]),
]
ROWS = [
    {"name": "Grøn Pleje", "phone": "+45 12 34 56 78", "tags": ["a", "b"]},
    {"name": "=HYPERLINK(1)", "phone": None, "tags": []},
]


def body(response):
    return b"".join(response.streaming_content)


def test_a_csv_has_the_headers_and_one_safe_row_per_object():
    response = csv_response("test.csv", COLUMNS, ROWS)

    assert response["Content-Disposition"] == 'attachment; filename="test.csv"'
    assert (
        body(response)
        == codecs.BOM_UTF8
        + ("name,phone,tags\r\nGrøn Pleje,'+45 12 34 56 78,a; b\r\n'=HYPERLINK(1),,\r\n").encode()
    )


def test_json_objects_keep_the_values_as_they_are():
    assert as_dict(COLUMNS, ROWS[0]) == {"name": "Grøn Pleje", "phone": "+45 12 34 56 78", "tags": ["a", "b"]}


def test_the_rows_are_read_as_the_download_is_sent_unless_built_now():
    read = []

    def objects():
        for row in ROWS:
            read.append(row["name"])
            yield row

    streamed = csv_response("test.csv", COLUMNS, objects())
    assert read == []
    body(streamed)
    assert read == ["Grøn Pleje", "=HYPERLINK(1)"]

    read.clear()
    csv_response("test.csv", COLUMNS, objects(), build_now=True)
    assert read == ["Grøn Pleje", "=HYPERLINK(1)"]


def test_translatable_headers_are_written_in_the_language_of_the_request():
    columns = [Column(gettext_lazy("CVR number"), lambda row: row)]

    with translation.override("da"):
        assert headers(columns) == ["CVR-nummer"]
        response = csv_response("sager.csv", columns, ["10150817"])

    assert body(response).decode("utf-8-sig") == "CVR-nummer\r\n10150817\r\n"
