"""Calendars and QR codes of events: .ics files for one event or the public feed, and the
ticket's QR code."""

import io
import zoneinfo

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from cms.links import site_url


def calendar_for(events, extra=()):
    """An iCalendar file (bytes) of these events, times in Asia/Shanghai. `extra`: further
    entries as dicts (uid, summary, start, end, location, description, url), such as the
    sessions of training cohorts."""
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", "-//Alliance Portal//events//ZH")
    calendar.add("version", "2.0")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for event in events:
        entry = CalendarEvent()
        entry.add("uid", f"event-{event.pk}@alliance-portal")
        entry.add("summary", event.display_title)
        entry.add("dtstart", event.start.astimezone(tz))
        entry.add("dtend", event.end.astimezone(tz))
        entry.add("dtstamp", timezone.now())
        location = " ".join(part for part in (event.display_venue, event.display_address) if part)
        if location:
            entry.add("location", location)
        if event.display_intro:
            entry.add("description", event.display_intro)
        entry.add("url", site_url(event.url or "/"))
        calendar.add_component(entry)
    for item in extra:
        entry = CalendarEvent()
        entry.add("uid", item["uid"])
        entry.add("summary", item["summary"])
        entry.add("dtstart", item["start"].astimezone(tz))
        entry.add("dtend", item["end"].astimezone(tz))
        entry.add("dtstamp", timezone.now())
        for key in ("location", "description"):
            if item.get(key):
                entry.add(key, item[key])
        entry.add("url", site_url(item["url"]))
        calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def qr_svg(text):
    """An inline SVG QR code (no Pillow, no network)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()
