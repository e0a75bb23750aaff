"""mmsvalidate: check a sendMMS request before it is sent, with the API's own error codes.

>>> import mmsvalidate
>>> report = mmsvalidate.validate(xml_text)
>>> report.ok, report.first_error
>>> mmsvalidate.api_response(report)      # the API's own <RESPONSE> for it
>>> for report in mmsvalidate.validate_many(lines, form="json"): ...
"""

from __future__ import annotations

from mmsvalidate.diagnostic import Finding, Location, Severity
from mmsvalidate.engine import validate, validate_many
from mmsvalidate.formats.response import api_response
from mmsvalidate.profile import Profile
from mmsvalidate.report import Report

__version__ = "0.1.0"
__all__ = [
    "Finding",
    "Location",
    "Profile",
    "Report",
    "Severity",
    "__version__",
    "api_response",
    "validate",
    "validate_many",
]
