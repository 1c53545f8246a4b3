package io.initaudit.semantics;

import java.util.List;

import io.initaudit.core.Distribution;
import io.initaudit.core.Fans;
import io.initaudit.core.Sampling;
import org.jspecify.annotations.Nullable;

/**
 * What an initializer does to one parameter: the fans it reads, the law it writes, what was meant, what is wrong,
 * and the law that would be right.
 *
 * @param fansUsed the fans the initializer's own code computes ({@code fans.framework} in reports)
 * @param declared the law actually written; {@code null} when the call could not be interpreted
 * @param intended what was meant; {@code null} where nothing can be judged (norms, biases, unknown calls)
 * @param findings what is wrong, with evidence
 * @param corrected the law with the intended std, {@code null} when nothing is judged
 * @param correctedSampling for fan-based schemes the sampling the corrected law uses (for snippets)
 */
public record Assessment(@Nullable Fans fansUsed, @Nullable Distribution declared, @Nullable Intended intended, List<Finding> findings,
		@Nullable Distribution corrected, @Nullable Sampling correctedSampling) {

	public Assessment {
		findings = List.copyOf(findings);
	}

}
