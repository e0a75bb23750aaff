"""JUnit XML, as Jenkins and GitLab read it: one testcase per file (per record of a JSON Lines or CSV
file, named ``path:LINE``), its errors as one failure.

A file with errors fails with ``type`` set to its first error's code and every finding in the
failure's text; a file with only warnings passes and lists them in ``system-out``. The output is
valid against the JUnit schema Jenkins' xUnit plugin validates with (junit-10.xsd): the file's
path is the testcase's ``name`` (that schema has no ``file`` attribute) and starts every line of
the failure's text, written the same way in both (control and bidirectional characters escaped, as the text
format writes them).
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.etree import ElementTree

from mmsvalidate.formats import Checked, printable, xml_safe
from mmsvalidate.formats.text import line


def _codes(codes: Sequence[str]) -> str:
    return ", ".join(dict.fromkeys(codes))


def render(results: Sequence[Checked]) -> str:
    failures = sum(1 for r in results if not r.report.ok)
    counts = {"tests": str(len(results)), "failures": str(failures), "errors": "0"}
    root = ElementTree.Element("testsuites", {"name": "mmsvalidate", **counts})
    suite = ElementTree.SubElement(root, "testsuite", {"name": "mmsvalidate", **counts, "skipped": "0"})
    for result in results:
        report = result.report
        # named as the failure's lines name it: escaped, so no name shows reordered (bidi controls) or cut
        case = ElementTree.SubElement(suite, "testcase", {"name": printable(result.name), "classname": "mmsvalidate"})
        lines = "\n".join(line(result.path, f, record=result.record) for f in report.findings)
        first = report.first_error
        if first is not None:
            errors = len(report.errors)
            summary = f"{errors} error{'s' if errors != 1 else ''} ({_codes([f.code for f in report.errors])})"
            failure = ElementTree.SubElement(
                case, "failure", {"message": printable(f"{summary}: {first.code} {first.message}"), "type": first.code}
            )
            failure.text = xml_safe(lines)
        elif report.findings:
            ElementTree.SubElement(case, "system-out").text = xml_safe(lines)
        elif not result.requests:
            ElementTree.SubElement(case, "system-out").text = xml_safe(f"{result.path}: no requests in this file")
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding="unicode") + "\n"
