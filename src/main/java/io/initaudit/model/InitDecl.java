package io.initaudit.model;

import java.util.Map;

/**
 * A declared initializer as the user gave it: the call as written in code, or Keras' serialized object.
 */
public sealed interface InitDecl permits InitDecl.CallText, InitDecl.Serialized {

	/** How the declaration reads in a report. */
	String text();

	/** A call string such as {@code torch.nn.init.kaiming_normal_(w, mode='fan_out')} or {@code he_normal}. */
	record CallText(String text) implements InitDecl {
	}

	/**
	 * Keras' {@code {"class_name": "VarianceScaling", "config": {...}}}; config values are numbers, strings,
	 * booleans or {@code null}.
	 */
	record Serialized(String className, Map<String, Object> config) implements InitDecl {

		@Override
		public String text() {
			StringBuilder sb = new StringBuilder(this.className).append('(');
			String sep = "";
			for (Map.Entry<String, Object> e : this.config.entrySet()) {
				if (e.getValue() == null || "seed".equals(e.getKey())) {
					continue;
				}
				Object v = e.getValue();
				sb.append(sep).append(e.getKey()).append('=').append(v instanceof String s ? "'" + s + "'" : v);
				sep = ", ";
			}
			return sb.append(')').toString();
		}

	}

}
