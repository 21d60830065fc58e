"""The README tells a newcomer how to log in to the demo and where its mail goes."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def section(heading):
    """The text under `heading` up to the next heading."""
    start = README.index(f"\n{heading}\n") + len(heading) + 2
    end = re.compile(r"^#{1,6} ", re.MULTILINE).search(README, start)
    return README[start : end.start() if end else None]


def test_the_demo_log_in_table_names_every_demo_user_in_one_table():
    demo = section("### Demo log-ins")
    table = re.search(r"^\|.*\|\n(?:\|.*\|\n)*", demo, re.MULTILINE).group()

    users = set(re.findall(r"`(demo-[a-z]+)`", table))

    assert users == {
        "demo-lejre", "demo-roskilde", "demo-slagelse", "demo-jammerbugt", "demo-admin", "demo-virksomhed",
    }  # fmt: skip
    assert demo.count("| --- |") == 1


def test_the_demo_log_ins_say_where_each_kind_of_user_logs_in():
    demo = section("### Demo log-ins")

    assert "Enterprise representatives log in at `/konto/log-ind/`" in demo
    assert "at `/admin/`" in demo


def test_the_quick_start_says_its_mail_appears_in_the_terminal():
    assert "The mail the portal sends appears in that terminal" in section("## Quick start")


def test_every_picture_the_readme_shows_is_in_the_repository_and_small():
    pictures = re.findall(r"!\[[^\]]+\]\(([^)]+)\)", README)
    assert len(pictures) >= 2
    for picture in pictures:
        path = ROOT / picture
        assert path.is_file(), picture
        assert path.stat().st_size < 150_000, f"{picture} is {path.stat().st_size} bytes"


def test_growing_a_deployment_names_the_test_that_proves_it_and_where_the_figures_come_from():
    growing = section("### Growing a deployment")

    assert "`tests/portal/test_scale_out.py`" in growing
    assert (ROOT / "tests" / "portal" / "test_scale_out.py").is_file()
    assert "under Speed above" in growing
    assert "`bench/load.py`" in growing
    speed = section("### Speed")
    assert "`bench/load.py`" in speed
    assert "| the intake form's POST" in speed
    assert "exactly one `celery beat`" in growing
