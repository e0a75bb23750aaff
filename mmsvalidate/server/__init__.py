"""``mmsvalidate serve``: the pre-flight HTTP service, a mock of the sendMMS API, and a proxy to it.

An ASGI application (Starlette) over the offline core; it needs the ``server`` extra
(``pip install '.[server]'`` in a checkout, docs/install.md). ``import mmsvalidate`` never imports this package.

Routes: ``/v1/check`` (JSON findings), the vendor's path ``/API/wxml/1.3/index.php`` (the API's
own ``<RESPONSE>``: a mock, or a proxy with ``upstream``), ``/healthz``, ``/metrics``, and the
service's OpenAPI document at ``/openapi.json`` and as a page at ``/docs``.
"""

from __future__ import annotations

from mmsvalidate.server.app import create_app
from mmsvalidate.server.config import ServerConfig

__all__ = ["ServerConfig", "create_app"]
