"""mmsvalidate: check a sendMMS request before it is sent, with the API's own error codes.

>>> import mmsvalidate
>>> report = mmsvalidate.validate(xml_text)
>>> report.ok, report.first_error
>>> mmsvalidate.api_response(report)      # the API's own <RESPONSE> for it
>>> for report in mmsvalidate.validate_many(lines, form="json"): ...
>>> report = mmsvalidate.validate(xml_text, online=True)   # the media too (the [online] extra)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mmsvalidate import engine
from mmsvalidate.diagnostic import Finding, Location, Severity
from mmsvalidate.engine import Source, validate_many
from mmsvalidate.formats.response import api_response
from mmsvalidate.profile import Profile
from mmsvalidate.report import Report

if TYPE_CHECKING:
    from mmsvalidate.online import OnlineOptions

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


def validate(
    source: Source,
    *,
    form: str = "auto",
    profile: Profile | None = None,
    online: bool | OnlineOptions = False,
    suppressions: bool = True,
) -> Report:
    """Check one sendMMS request (see :func:`mmsvalidate.engine.validate`).

    ``suppressions=False`` ignores the request's own suppression comments (for requests written
    by others).

    ``online=True``, or an :class:`mmsvalidate.online.OnlineOptions`, then fetches the request's
    media as the API would and checks the bytes (:func:`mmsvalidate.online.validate_online`). It
    needs the ``[online]`` extra (``ImportError`` without it). This is the one place the core names
    the online package, and it imports it only when asked: offline, nothing of it is loaded.
    """
    if online is False:
        return engine.validate(source, form=form, profile=profile, suppressions=suppressions)
    from mmsvalidate.online import OnlineOptions as Options
    from mmsvalidate.online import validate_online

    options = online if isinstance(online, Options) else None
    return validate_online(source, form=form, profile=profile, options=options, suppressions=suppressions)
