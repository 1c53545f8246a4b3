"""Real Keras models for the importer tests (RealKerasModelsIntegrationTests): keras.applications architectures built
by Keras 3 (weights=None), written with model.to_json(), and the shapes of their trainable weights.

    python3 keras_models.py OUT_DIR NAME...   writes OUT_DIR/<NAME>.keras.json, OUT_DIR/<NAME>.params.json
                                              (every trainable weight: layer path.weight -> shape) and
                                              OUT_DIR/<NAME>.stds.json (layer path.weight -> {std, count} of the built weight)
"""
import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import keras  # noqa: E402
import numpy as np  # noqa: E402


def main(out, names):
    os.makedirs(out, exist_ok=True)
    for name in names:
        model = CUSTOM[name]() if name in CUSTOM else getattr(keras.applications, name)(weights=None)
        with open(os.path.join(out, name + ".keras.json"), "w") as f:
            f.write(model.to_json())
        with open(os.path.join(out, name + ".params.json"), "w") as f:
            json.dump({n: list(w.shape) for n, w in _weights(model)}, f)
        with open(os.path.join(out, name + ".stds.json"), "w") as f:
            json.dump({n: {"std": float(np.std(np.asarray(w.numpy(), dtype=np.float64))), "count": int(np.prod(w.shape))}
                       for n, w in _weights(model)}, f)


def keras_io_transformer():
    """keras.io's "Text classification with Transformer" block (examples/nlp/text_classification_with_transformer.py):
    MultiHeadAttention(num_heads=2, key_dim=embed_dim), residual + LayerNormalization, a ReLU feed-forward."""
    L = keras.layers
    embed, heads, ff = 32, 2, 64
    inputs = keras.Input((16, embed))
    attn = L.MultiHeadAttention(num_heads=heads, key_dim=embed, name="attention")(inputs, inputs)
    x = L.LayerNormalization(epsilon=1e-6, name="norm1")(L.Add(name="residual1")([inputs, L.Dropout(0.1)(attn)]))
    f = L.Dense(embed, name="ffn_out")(L.Dense(ff, activation="relu", name="ffn_in")(x))
    x = L.LayerNormalization(epsilon=1e-6, name="norm2")(L.Add(name="residual2")([x, L.Dropout(0.1)(f)]))
    x = L.GlobalAveragePooling1D()(x)
    return keras.Model(inputs, L.Dense(2, activation="softmax", name="classifier")(x), name="keras_io_transformer")


CUSTOM = {"KerasIoTransformer": keras_io_transformer}


def _weights(model, prefix=""):
    """(the report's name, weight) for every trainable weight: layer.weight by the user's layer name (NASNet's variable
    paths carry name scopes instead), outer/inner for a nested model's layer, and MultiHeadAttention's EinsumDense
    sublayers as the attention layer's parameters (attention.query.kernel)."""
    for layer in model.layers:
        if isinstance(layer, keras.Model):
            yield from _weights(layer, prefix + layer.name + "/")
            continue
        for w in layer.trainable_weights:
            parts = w.path.split("/")
            rest = parts[parts.index(layer.name) + 1:] if layer.name in parts else parts[-1:]
            yield prefix + layer.name + "." + ".".join(rest), w


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
