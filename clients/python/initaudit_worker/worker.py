"""The worker's command line and its conversation with the service (POST /api/v1/workers/lease, …/heartbeat,
…/result; docs in the service's OpenAPI document, tag "workers").

  python3 -m initaudit_worker --service URL [--key KEY] [--once]      lease and run trials (forever, or one)
  python3 -m initaudit_worker --service URL --lease-to job.json        lease one trial for a machine without network
  python3 -m initaudit_worker --job job.json --out result.json          run a leased trial with no service at all
  python3 -m initaudit_worker --service URL --submit result.json       post that result
"""
import argparse
import json
import os
import platform
import socket
import sys
import time
import urllib.error
import urllib.request

import torch

from . import __version__, train


def device_of(choice):
    if choice == "cuda" or (choice == "auto" and torch.cuda.is_available()):
        return torch.device("cuda")
    return torch.device("cpu")


def describe(device):
    if device.type == "cuda":
        p = torch.cuda.get_device_properties(device)
        return {"kind": "cuda", "name": p.name, "memoryBytes": int(p.total_memory)}
    return {"kind": "cpu", "name": "%s, torch %s, %d threads" % (platform.machine(), torch.__version__, torch.get_num_threads())}


class Service:
    def __init__(self, url, key, name, device, lease_seconds=None):
        self.url = url.rstrip("/")
        self.key = key
        self.me = {"worker": name, "engine": "torch", "device": describe(device)}
        if lease_seconds:
            self.me["leaseSeconds"] = lease_seconds

    def post(self, path, body):
        data = json.dumps(dict(self.me, **body)).encode()
        headers = {"Content-Type": "application/json", "User-Agent": "initaudit-worker/" + __version__}
        if self.key:
            headers["X-API-Key"] = self.key
        req = urllib.request.Request(self.url + path, data=data, method="POST", headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=120) as r:
                raw = r.read()
                return r.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as e:
            raw = e.read()
            try:
                return e.code, json.loads(raw)
            except ValueError:
                return e.code, {"detail": raw[:500].decode(errors="replace")}
        except (urllib.error.URLError, OSError) as e:
            # The service is down or restarting: the caller decides (the long-running loop waits and asks again).
            return 0, {"detail": "the service could not be reached: %s" % e}


ALIVE = None


def alive():
    """Marks this worker alive for a liveness probe: the file's age is the time since the worker last made progress."""
    if ALIVE:
        with open(ALIVE, "a"):
            os.utime(ALIVE, None)


def run_leased(service, job, device, log):
    trial = job["id"]

    def report(results, step):
        alive()
        status, body = service.post("/api/v1/workers/trials/%s/heartbeat" % trial, {"step": step, "variants": results})
        if status == 409:
            raise LeaseLost(body.get("detail") if body else "lease lost")
        return not (status == 200 and body and body.get("lease") == "cancel_requested")

    try:
        status, results, notes = train.run(job, device, report)
        error = None
    except LeaseLost as ex:
        log("trial %s: %s; dropping it" % (trial, ex))
        return
    except Exception as ex:  # the trial fails, the worker goes on
        status, results, notes, error = "failed", [], [], "%s: %s" % (type(ex).__name__, ex)
    for n in notes:
        log("trial %s: %s" % (trial, n))
    code, body = service.post("/api/v1/workers/trials/%s/result" % trial, {"status": status, "variants": results, "error": error})
    log("trial %s %s (%s)" % (trial, status, "stored" if code == 200 else "not stored: %s %s" % (code, body)))


class LeaseLost(Exception):
    pass


def main(argv=None):
    ap = argparse.ArgumentParser(prog="python3 -m initaudit_worker", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--service", help="the InitAudit service, e.g. http://initaudit:8080")
    ap.add_argument("--key", default=os.environ.get("INITAUDIT_WORKER_KEY"), help="a worker key (or INITAUDIT_WORKER_KEY)")
    ap.add_argument("--name", default="%s-%d" % (socket.gethostname(), os.getpid()), help="this worker's name (the lease owner)")
    ap.add_argument("--device", choices=["auto", "cpu", "cuda"], default="auto")
    ap.add_argument("--once", action="store_true", help="run at most one trial, then exit (0 when one ran, 3 when there was none)")
    ap.add_argument("--poll", type=float, default=2.0, help="seconds between lease requests when the queue is empty")
    ap.add_argument("--job", help="run this job file (from --lease-to) with no service")
    ap.add_argument("--out", help="with --job: where to write the result")
    ap.add_argument("--lease-to", help="lease one trial (for 24 h) and write its job to this file")
    ap.add_argument("--submit", help="post a result file written by --job/--out")
    ap.add_argument("--alive", help="touch this file on every lease request and progress report (a liveness probe checks its age)")
    args = ap.parse_args(argv)
    global ALIVE
    ALIVE = args.alive
    log = lambda m: print("[initaudit-worker] " + m, file=sys.stderr, flush=True)
    device = device_of(args.device)
    if args.job:
        with open(args.job) as f:
            job = json.load(f)
        status, results, notes = train.run(job, device, lambda r, s: True)
        out = {"trial": job["id"], "worker": args.name, "engine": "torch", "device": describe(device), "status": status, "variants": results,
               "notes": notes, "error": None}
        with open(args.out or "result.json", "w") as f:
            json.dump(out, f)
        log("trial %s %s on %s" % (job["id"], status, device))
        return
    if not args.service:
        ap.error("--service is needed (or --job)")
    if args.submit:
        with open(args.submit) as f:
            result = json.load(f)
        service = Service(args.service, args.key, result["worker"], device)
        service.me["device"] = result["device"]
        code, body = service.post("/api/v1/workers/trials/%s/result" % result["trial"],
                                  {"status": result["status"], "variants": result["variants"], "error": result.get("error")})
        log("result of %s: %s %s" % (result["trial"], code, body))
        sys.exit(0 if code == 200 else 1)
    service = Service(args.service, args.key, args.name, device, 86_400 if args.lease_to else None)
    log("worker %s on %s asking %s for trials" % (args.name, service.me["device"], args.service))
    while True:
        alive()
        code, body = service.post("/api/v1/workers/lease", {})
        if code == 200:
            if args.lease_to:
                with open(args.lease_to, "w") as f:
                    json.dump(body, f)
                log("trial %s leased to %s" % (body["id"], args.lease_to))
                return
            log("trial %s leased: %d variants x %d steps, %s, %s" % (body["id"], len(body["variants"]), body["steps"],
                                                                    body["optimizer"]["description"], body["task"]["description"]))
            run_leased(service, body, device, log)
            if args.once:
                return
        elif code == 204:
            if args.once or args.lease_to:
                log("no trial to run")
                sys.exit(3)
            time.sleep(args.poll)
        else:
            log("lease request answered %s: %s" % (code, body))
            if args.once:
                sys.exit(1)
            time.sleep(max(args.poll, 5))
