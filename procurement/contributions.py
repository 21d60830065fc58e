"""What procurement adds to portal's pages (see kit.contributions)."""

from procurement.demo_loader import ProcurementDemo

DEMO_LOADER = ProcurementDemo
