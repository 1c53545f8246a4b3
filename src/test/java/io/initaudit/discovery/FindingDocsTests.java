package io.initaudit.discovery;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.initaudit.semantics.FindingCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FindingDocsTests {

	private final FindingDocs docs = new FindingDocs();

	@Test
	void everyFindingCodeHasADocumentationSection() {
		List<String> documented = new ArrayList<>();
		this.docs.codes().forEach(documented::add);
		assertThat(documented).containsAll(Arrays.stream(FindingCode.values()).map(Enum::name).toList());
		assertThat(FindingCode.values()).extracting(Enum::name).containsAll(documented);
	}

	@Test
	void rendersEscapedHtml() {
		String html = this.docs.html("FAN_OUT_IGNORES_GROUPS").orElseThrow();
		assertThat(html).contains("<h1>FAN_OUT_IGNORES_GROUPS</h1>", "<strong>What.</strong>", "<code>");
		assertThat(Markdown.toHtml("a <script> & `x<y`")).isEqualTo("<p>a &lt;script&gt; &amp; <code>x&lt;y</code></p>\n");
	}

}
