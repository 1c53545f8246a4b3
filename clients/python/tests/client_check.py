#!/usr/bin/env python3
"""Exercises the generated Python client (openapi-generator, `python`) against a running InitAudit:
audit an example, fetch the stored report, submit a trial and poll it to the end.

    python3 clients/python/tests/client_check.py http://localhost:8080 target/clients/python [API_KEY]

Run by ClientsIntegrationTests; also a working example of the client. Needs pydantic 2, urllib3 and
python-dateutil (the generated client's requirements).
"""
import json
import os
import sys
import time

base, client_dir = sys.argv[1], sys.argv[2]
key = sys.argv[3] if len(sys.argv) > 3 else None
sys.path.insert(0, client_dir)

import initaudit_client  # noqa: E402
from initaudit_client.api.audits_api import AuditsApi  # noqa: E402
from initaudit_client.api.discovery_api import DiscoveryApi  # noqa: E402
from initaudit_client.api.trials_api import TrialsApi  # noqa: E402
from initaudit_client.models.model_description import ModelDescription  # noqa: E402
from initaudit_client.models.trial_request import TrialRequest  # noqa: E402

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
client = initaudit_client.ApiClient(initaudit_client.Configuration(host=base, api_key={"apiKey": key} if key else None))

if key:
    # A service with keys refuses a client without one: 401 problem+json.
    try:
        DiscoveryApi(initaudit_client.ApiClient(initaudit_client.Configuration(host=base))).list_examples()
        raise AssertionError("no 401 without the API key")
    except initaudit_client.ApiException as e:
        assert e.status == 401, e.status

examples = DiscoveryApi(client).list_examples()
assert any(e.name == "convnext-block" for e in examples), examples

with open(os.path.join(root, "examples", "convnext-block.json")) as f:
    model = ModelDescription.from_dict(json.load(f))
report = AuditsApi(client).audit(model)
codes = {f.code for layer in report.layers for p in layer.parameters for f in p.findings}
assert report.verdict == "fail", report.verdict
assert "FAN_OUT_IGNORES_GROUPS" in codes, codes

stored = AuditsApi(client).get_audit(report.id)
assert stored.id == report.id and stored.summary.errors == report.summary.errors

with open(os.path.join(root, "examples", "bars-cnn.json")) as f:
    bars = json.load(f)
trial = TrialsApi(client).submit_trial(TrialRequest.from_dict({
    "model": bars, "task": {"kind": "synthetic-bars", "classes": 10, "samples": 256, "seed": 1},
    "optimizer": {"name": "adam", "learningRate": 0.003}, "steps": 5, "batchSize": 16, "seed": 1}))
for _ in range(600):
    t = TrialsApi(client).get_trial(trial.id)
    if t.status not in ("queued", "running"):
        break
    time.sleep(0.2)
assert t.status == "succeeded", (t.status, t.error)
assert {v.name for v in t.variants} == {"declared", "corrected"}
assert t.device.startswith("cpu") or t.device.startswith("cuda")
print("python client: audit", report.id, "verdict", report.verdict, "; trial", t.id, t.status, "-", t.conclusion)
