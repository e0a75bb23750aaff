"""The structured fuzz target's requests and invariants (``fuzz/hostile.py``) as a property test, so every
test run covers them too, with or without the fuzzing extra."""

from __future__ import annotations

import random
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "fuzz"))
import hostile


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.sampled_from(sorted(hostile.SKELETONS)), st.data())
def test_every_hostile_request_keeps_every_invariant(form: str, data: st.DataObject) -> None:
    text = hostile.build(form, lambda n: data.draw(st.integers(0, n - 1)))
    hostile.check(text, form)
    hostile.check(text.encode("utf-8", "surrogatepass"), form, outputs=False)
    hostile.check(text.encode("utf-8", "surrogatepass"), "auto", outputs=False)


# The record readers' structured fuzz target (``fuzz/records.py``), as a property test.
import campaign  # noqa: E402


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(campaign.SKELETONS)), st.randoms(use_true_random=False))
def test_hostile_campaign_files_keep_every_invariant(kind: str, choices: random.Random) -> None:
    campaign.check_file(campaign.build(kind, choices.randrange), kind)
