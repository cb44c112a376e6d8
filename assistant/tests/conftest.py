"""The five real releases live beside the repository (settings.SEED_RELEASES_DIR), not in
it: tests that read them are skipped on a checkout without them, and say why. Everything
else the assistant does is tested on the releases in assistant/evaluation/releases/."""

from pathlib import Path

import pytest
from django.conf import settings


def pytest_collection_modifyitems(config, items):
    if Path(settings.SEED_RELEASES_DIR).is_dir():
        return
    skip = pytest.mark.skip(
        reason=f"The seed releases are not at {settings.SEED_RELEASES_DIR}; "
        "set SEED_RELEASES_DIR to run these tests."
    )
    for item in items:
        if "seed_releases" in item.keywords:
            item.add_marker(skip)
