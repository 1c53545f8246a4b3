package io.initaudit.semantics;

import java.util.List;

import io.initaudit.core.Fans;
import io.initaudit.model.Framework;
import org.jspecify.annotations.Nullable;

/**
 * One parameter tensor of a layer in its framework's own layout, with the fans that framework computes from
 * that layout and the group-aware fans it should have (reference/semantics.md).
 *
 * @param name the framework's name for it ({@code weight}, {@code depthwise_kernel}, {@code weight_hh_l0} …)
 * @param role what it is for
 * @param shape its shape in the framework's layout
 * @param framework whose layout and fan function apply
 * @param frameworkFans what the framework's fan function computes from {@code shape}; {@code null} where it
 * computes none (rank &lt; 2 in PyTorch and JAX)
 * @param correctFans the group-aware, per-gate fans; {@code null} for parameters that are not fan-scaled
 * @param fanInDefect the finding code that explains {@code frameworkFans.fanIn != correctFans.fanIn}
 * @param fanOutDefect the finding code that explains a differing fan-out
 * @param stackedBlocks how many matrices are stacked along the output axis (4 for LSTM gates, 3 for GRU or a
 * fused q/k/v projection, else 1)
 * @param layout how its axes are laid out (which is the output, the input, the kernel)
 * @param compositeFactor factor from the written values to the kernel the forward pass uses (DO-Conv's
 * identity tiles), 1 elsewhere
 * @param aliases other names by which {@code inits} may address this parameter
 */
public record ParameterSpec(String name, Role role, List<Long> shape, Framework framework, @Nullable Fans frameworkFans,
		@Nullable Fans correctFans, @Nullable FindingCode fanInDefect, @Nullable FindingCode fanOutDefect, int stackedBlocks,
		WeightLayout layout, double compositeFactor, List<String> aliases) {

	/** Rows of the matrix the framework's orthogonal initializer flattens this tensor to. */
	public long orthogonalRows() {
		return this.layout.orthogonalMatrix(this.framework, this.shape)[0];
	}

	/** Its columns. */
	public long orthogonalCols() {
		return this.layout.orthogonalMatrix(this.framework, this.shape)[1];
	}

	public long elements() {
		long n = 1;
		for (long d : this.shape) {
			n *= d;
		}
		return n;
	}

	/** Whether {@code key} of {@code inits} addresses this parameter. */
	public boolean answersTo(String key) {
		return this.name.equals(key) || this.aliases.contains(key);
	}

}
