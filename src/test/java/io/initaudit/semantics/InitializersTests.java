package io.initaudit.semantics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.initaudit.model.Framework;
import io.initaudit.model.InitDecl;
import io.initaudit.model.LayerKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalogue GET /api/v1/frameworks lists is the interpreting tables themselves: every listed call, written as a
 * user writes it, is interpreted (none comes back {@code Unknown}), and names that are not in a table are not.
 */
class InitializersTests {

	private static final Map<String, Framework> FRAMEWORK = Map.of("pytorch", Framework.PYTORCH, "timm", Framework.PYTORCH, "keras", Framework.KERAS,
			"tensorflow", Framework.TENSORFLOW, "tensorflow.contrib", Framework.TENSORFLOW, "jax", Framework.JAX, "dl4j", Framework.DL4J);

	@Test
	void everyListedCallIsInterpreted() {
		List<String> unread = new ArrayList<>();
		int listed = 0;
		for (Map.Entry<String, List<String>> e : Initializers.recognised().entrySet()) {
			assertThat(FRAMEWORK).containsKey(e.getKey());
			for (String form : e.getValue()) {
				listed++;
				String call = asWritten(form);
				InitSpec spec = Initializers.resolve(new InitDecl.CallText(call), FRAMEWORK.get(e.getKey()), LayerKind.CONV);
				if (spec instanceof InitSpec.Unknown u) {
					unread.add(e.getKey() + ": " + call + " (" + u.reason() + ")");
				}
			}
		}
		assertThat(unread).isEmpty();
		assertThat(listed).isGreaterThan(100);
	}

	@Test
	void callsOutsideTheTablesAreNotInterpreted() {
		for (String call : List.of("torch.nn.init.sparse_(w, 0.1)", "keras.initializers.Identity()", "jax.nn.initializers.delta_orthogonal()",
				"torch.nn.init.dirac_(w)")) {
			assertThat(Initializers.resolve(new InitDecl.CallText(call), Framework.PYTORCH, LayerKind.CONV)).as(call).isInstanceOf(InitSpec.Unknown.class);
		}
	}

	/** A listed form as a user writes it: torch.nn.init functions take the tensor, placeholders become numbers. */
	private static String asWritten(String form) {
		String f = form.replace("Tensor.", "w.data.");
		if (f.startsWith("'")) {
			return f.substring(1, f.length() - 1);
		}
		if (f.contains("(...)")) {
			return f.replace("(...)", "(w.shape)").replace(", m)", ", 2.0)").replace("* c", "* 0.02");
		}
		f = f.replace("(distribution)", "(new NormalDistribution(0, 0.01))").replaceAll("\\([a-z_, =]*\\)$", "");
		if (f.endsWith(")")) {
			return f;
		}
		return f.startsWith("torch.nn.init.") || f.startsWith("timm.layers.") ? f + "(w)" : f + "()";
	}

}
