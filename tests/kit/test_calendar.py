"""kit.calendar: the head of every iCalendar file the portal writes, and its response."""


def test_an_ics_file_has_the_portals_head_and_its_response_is_inline_and_never_sniffed(settings):
    import icalendar

    from kit.calendar import calendar_response, new_calendar, uid_host

    settings.SITE_URL = "https://indgangen.example.dk"
    cal = icalendar.Calendar.from_ical(new_calendar("Arrangementer", name="Temadag").to_ical())
    response = calendar_response(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "temadag.ics")

    assert (str(cal["prodid"]), str(cal["x-wr-calname"]), "method" in cal) == (
        "-//Indgangen//Arrangementer//DA",
        "Temadag",
        False,
    )
    assert uid_host() == "indgangen.example.dk"
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'inline; filename="temadag.ics"'
    assert response["X-Content-Type-Options"] == "nosniff"
