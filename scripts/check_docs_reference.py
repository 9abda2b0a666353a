"""Fail when the settings reference misses a setting of conf.py or a check id of checks.py.

The reference is the one place developers look: a setting or check added in code but not
there is a documentation bug, caught by the docs stage of ``make test``.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from wagtail_advocacy.conf import DEFAULTS  # noqa: E402 (after the path is set)

reference = (ROOT / "docs" / "reference" / "settings.md").read_text()
check_ids = set(
    re.findall(
        r"wagtail_advocacy\.[EW]\d{3}", (ROOT / "wagtail_advocacy" / "checks.py").read_text()
    )
)

missing = [
    f"setting WAGTAIL_ADVOCACY_{name}"
    for name in DEFAULTS
    if f"### `WAGTAIL_ADVOCACY_{name}`" not in reference
]
missing += [
    f"check {check_id}" for check_id in sorted(check_ids) if f"`{check_id}`" not in reference
]
if missing:
    sys.exit(
        "docs/reference/settings.md does not document:\n" + "\n".join(f"  - {m}" for m in missing)
    )
print(f"settings reference: {len(DEFAULTS)} settings and {len(check_ids)} check ids documented")
