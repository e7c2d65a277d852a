"""Headless Chromium for the review-page tests: load a page, dump its DOM or take a screenshot.

Debian's `chromium` package (Playwright cannot download browsers here). The flags keep it off the
network and away from the user's profile, as a test run needs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars"]


def chromium() -> str:
    """Path of the browser; skip (outside CI) or fail (under CI=true) when it is missing."""
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe:
        return exe
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("chromium is missing under CI: .ci/run installs the Debian package")
    pytest.skip("chromium is not installed (apt-get install chromium) — browser tests skipped")


def _run(args: list[str]) -> subprocess.CompletedProcess[bytes]:
    with tempfile.TemporaryDirectory(prefix="bpx-chromium-") as profile:
        return subprocess.run([chromium(), *FLAGS, f"--user-data-dir={profile}", *args],
                              capture_output=True, timeout=120, check=True)


def dump_dom(page: Path, fragment: str = "") -> str:
    """The DOM after the page's scripts ran (`fragment` like `rec=d0` is its address's #...)."""
    url = page.resolve().as_uri() + (f"#{fragment}" if fragment else "")
    return _run(["--dump-dom", url]).stdout.decode("utf-8")


def screenshot(page: Path, png: Path, size: str = "1280,900") -> Path:
    _run([f"--window-size={size}", f"--screenshot={png}", page.resolve().as_uri()])
    return png
