"""What mentoring adds to portal's pages (see kit.contributions)."""

PAGE_SECTIONS = []
