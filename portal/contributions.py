"""What the portal contributes beside its own pages (see kit.contributions)."""

from portal.demo_loader import PortalDemo

DEMO_LOADER = PortalDemo
