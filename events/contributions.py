"""What events add to portal's pages (see kit.contributions)."""

from events.demo_loader import EventsDemo

DEMO_LOADER = EventsDemo
