"""The service's worker sets aside what it loaded from the garbage collector while it runs, and hands it back."""

from __future__ import annotations

import gc
import warnings

import pytest

pytest.importorskip("starlette", reason="the service's tests need the server extra: pip install -e '.[server]'")

with warnings.catch_warnings():  # the test client's notice about the HTTP library it runs on
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from mmsvalidate.server.app import create_app
from tests.conftest import CORPUS


def test_what_the_worker_loaded_is_set_aside_while_it_serves_and_handed_back_when_it_stops() -> None:
    gc.unfreeze()  # nothing set aside by an earlier test of this process
    body = (CORPUS / "spec" / "example.json").read_bytes()
    with TestClient(create_app()) as client:
        aside = gc.get_freeze_count()
        # the checkers built at start-up (their schemas and the phone metadata) among what is set aside
        assert aside > 10_000
        answer = client.post("/v1/check", content=body, headers={"content-type": "application/json"})
        assert (answer.status_code, answer.json()["ok"]) == (200, True)
        # set aside once, at start-up: serving a request puts nothing more aside
        assert gc.get_freeze_count() <= aside
    assert gc.get_freeze_count() == 0
