"""Prints the Markdown table of docs/reference/real-models.md: every model of torch_models.py and the keras.applications
architectures, audited by a running service (source=torch / source=keras), with verdict and finding counts.

    python3 verdicts.py SERVICE_URL MANIFEST_DIR      (MANIFEST_DIR written by torch_models.py)
"""
import collections
import json
import os
import sys
import urllib.error
import urllib.request

KERAS = ["MobileNet", "MobileNetV2", "MobileNetV3Small", "MobileNetV3Large", "Xception", "EfficientNetB0", "EfficientNetB7",
         "EfficientNetV2B0", "ConvNeXtTiny", "ResNet50", "ResNet50V2", "DenseNet121", "InceptionV3", "InceptionResNetV2", "NASNetMobile", "VGG16"]


def audit(url, source, body):
    req = urllib.request.Request(url + "/api/v1/audits?store=false&source=" + source, data=body, headers={"Content-Type": "application/json"})
    try:
        return json.load(urllib.request.urlopen(req, timeout=300)), None
    except urllib.error.HTTPError as e:
        problem = json.loads(e.read() or b"{}")
        return None, "%s %s" % (e.code, (problem.get("detail") or "")[:120].replace("|", "/"))


def row(name, source, params, report, error):
    if report is None:
        return "| %s | %s | %s | — | **not imported**: %s |" % (name, source, params, error)
    audited = sum(1 for l in report["layers"] for _ in l["parameters"])
    c = collections.Counter()
    for l in report["layers"]:
        for p in l["parameters"]:
            for f in p["findings"]:
                c[(f["severity"], f["code"])] += 1
    for f in report.get("findings", []):
        c[(f["severity"], f["code"])] += 1
    unsure = sum(1 for n in report.get("notes", []) if "unsure" in n["message"])
    found = ", ".join("%s %s ×%d" % (s, code, n) for (s, code), n in sorted(c.items()))
    return "| %s | %s | %s | %d | %s | %s | %d |" % (name, source, params, audited, report["verdict"], found or "—", unsure)


def main(url, manifests):
    print("| model | source | parameters (framework) | audited | verdict | findings | unsure recognitions |")
    print("|---|---|---|---|---|---|---|")
    for f in sorted(os.listdir(manifests)):
        if f.endswith(".manifest.json"):
            name = f[: -len(".manifest.json")]
            params = len(json.load(open(os.path.join(manifests, name + ".params.json"))))
            print(row(name, "torch", params, *audit(url, "torch", open(os.path.join(manifests, f), "rb").read())))
    import keras
    from keras_models import CUSTOM

    for name in KERAS + list(CUSTOM):
        model = CUSTOM[name]() if name in CUSTOM else getattr(keras.applications, name)(weights=None)
        print(row("keras " + name, "keras", len(model.trainable_weights), *audit(url, "keras", model.to_json().encode())))
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
