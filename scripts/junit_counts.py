"""Print pytest's counts from a JUnit XML report, e.g. "22 passed, 1 skipped"."""

import sys
import xml.etree.ElementTree as ET

root = ET.parse(sys.argv[1]).getroot()  # noqa: S314 (our own pytest's report)
suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
totals = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
for suite in suites:
    for key in totals:
        totals[key] += int(suite.get(key, 0))
passed = totals["tests"] - totals["failures"] - totals["errors"] - totals["skipped"]
parts = [f"{passed} passed"]
for key, word in (("failures", "failed"), ("errors", "errors"), ("skipped", "skipped")):
    if totals[key]:
        parts.append(f"{totals[key]} {word}")
print(", ".join(parts))
