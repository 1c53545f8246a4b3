"""Real Keras models for the importer tests (RealKerasModelsIntegrationTests): keras.applications architectures built
by Keras 3 (weights=None), written with model.to_json(), and the shapes of their trainable weights.

    python3 keras_models.py OUT_DIR NAME...   writes OUT_DIR/<NAME>.keras.json and OUT_DIR/<NAME>.params.json
                                              (every trainable weight: layer path.weight -> shape)
"""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import keras  # noqa: E402


def main(out, names):
    os.makedirs(out, exist_ok=True)
    for name in names:
        model = getattr(keras.applications, name)(weights=None)
        with open(os.path.join(out, name + ".keras.json"), "w") as f:
            f.write(model.to_json())
        with open(os.path.join(out, name + ".params.json"), "w") as f:
            # layer path (outer/inner for a nested model, as the report names its layers) . weight name
            json.dump({"%s.%s" % tuple(w.path.rsplit("/", 1)): list(w.shape) for w in model.trainable_weights}, f)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
