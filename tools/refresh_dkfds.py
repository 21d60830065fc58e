"""Refresh the vendored Det Fælles Designsystem (DKFDS) in static/vendor/dkfds/.

    python3 tools/refresh_dkfds.py            # npm pack dkfds@DKFDS_VERSION, compile, copy
    python3 tools/refresh_dkfds.py --package PATH   # from an unpacked package instead

It needs node and npm (the portal itself does not: the output is committed). It fetches the
pinned dkfds package and the pinned dart-sass into a temporary directory, compiles our entry
file static/vendor/dkfds/src/indgangen.scss (which @use's only the components the pages use)
against the package's dist/scss, and copies exactly the files the compiled CSS refers to (the
Latin-1 woff2 subsets of the declared font weights, the few icons) with the licence files.
To move to a new DKFDS version, change DKFDS_VERSION, run this, look at the pages and commit.
"""

import argparse
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

DKFDS_VERSION = "11.2.0"
# The dart-sass that DKFDS builds its own dist/css with (package.json devDependencies).
SASS_VERSION = "1.92.0"

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "static" / "vendor" / "dkfds"
ENTRY = VENDOR / "src" / "indgangen.scss"
OUTPUT = VENDOR / "css" / "dkfds-indgangen.min.css"
# The compiled CSS refers to the package's split fonts by name only.
FONTS_IN_PACKAGE = Path("fonts") / "IBMPlexSans" / "split" / "woff2"


def run(*args, cwd=None):
    print("$", " ".join(map(str, args)))
    subprocess.run(list(map(str, args)), cwd=cwd, check=True)  # noqa: S603 - our own fixed commands


def fetch_package(work):
    run("npm", "pack", f"dkfds@{DKFDS_VERSION}", "--pack-destination", work, cwd=work)
    with tarfile.open(work / f"dkfds-{DKFDS_VERSION}.tgz") as archive:
        archive.extractall(work, filter="data")
    return work / "package"


def install_sass(work):
    prefix = work / "sass"
    run("npm", "install", "--prefix", prefix, "--no-save", "--no-audit", "--no-fund", f"sass@{SASS_VERSION}")
    return prefix / "node_modules" / ".bin" / "sass"


def source_of(url, dist):
    """The file a url() in the compiled CSS (relative to css/) is copied from."""
    relative = Path(url.removeprefix("../"))
    ours = VENDOR / "src" / relative
    if ours.exists():
        return ours
    if relative.parts[0] == "fonts":
        return dist / FONTS_IN_PACKAGE / relative.name
    return dist / relative


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--package", type=Path, help="an unpacked dkfds package (its folder holding dist/)")
    options = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        package = options.package.resolve() if options.package else fetch_package(work)
        dist = package / "dist"
        sass = install_sass(work)

        for folder in ("css", "fonts", "img"):
            shutil.rmtree(VENDOR / folder, ignore_errors=True)
        OUTPUT.parent.mkdir(parents=True)
        run(
            sass,
            "--no-source-map",
            "--style=compressed",
            "--quiet-deps",
            f"--load-path={dist / 'scss'}",
            ENTRY,
            OUTPUT,
        )

        css = OUTPUT.read_text()
        urls = sorted(set(re.findall(r"url\(\"?'?([^\"')]+)", css)))
        for url in urls:
            source, target = source_of(url, dist), (OUTPUT.parent / url).resolve()
            if not source.exists():
                sys.exit(f"the compiled CSS refers to {url}, which neither src/ nor the package has")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            print(f"  {url}")

        shutil.copyfile(package / "LICENSE.md", VENDOR / "LICENSE.md")
        shutil.copyfile(dist / FONTS_IN_PACKAGE / "license.txt", VENDOR / "fonts" / "OFL.txt")
        (VENDOR / "VERSION").write_text(f"dkfds {DKFDS_VERSION}, compiled with sass {SASS_VERSION}\n")
    print(f"{OUTPUT.relative_to(ROOT)}: {OUTPUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
