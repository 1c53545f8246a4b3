package io.initaudit.discovery;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The small subset of Markdown the finding docs use: headings, paragraphs, lists, bold and inline code. Every
 * character is HTML-escaped before any markup is added.
 */
final class Markdown {

	private static final Pattern CODE = Pattern.compile("`([^`]+)`");

	private static final Pattern BOLD = Pattern.compile("\\*\\*([^*]+)\\*\\*");

	private Markdown() {
	}

	static String toHtml(String markdown) {
		StringBuilder out = new StringBuilder();
		StringBuilder paragraph = new StringBuilder();
		boolean list = false;
		for (String raw : markdown.split("\n")) {
			String line = raw.strip();
			if (line.isEmpty() || line.startsWith("#") || line.startsWith("- ")) {
				flush(out, paragraph);
			}
			if (!line.startsWith("- ") && list && (line.isEmpty() || line.startsWith("#"))) {
				out.append("</ul>\n");
				list = false;
			}
			if (line.startsWith("#")) {
				int level = Math.min(6, line.indexOf(' ') > 0 ? line.indexOf(' ') : 1);
				String text = line.substring(level).strip();
				out.append("<h").append(level).append(" id=\"").append(escape(text)).append("\">").append(inline(text)).append("</h")
					.append(level).append(">\n");
			}
			else if (line.startsWith("- ")) {
				if (!list) {
					out.append("<ul>\n");
					list = true;
				}
				out.append("<li>").append(inline(line.substring(2))).append("</li>\n");
			}
			else if (!line.isEmpty()) {
				paragraph.append(paragraph.length() == 0 ? "" : " ").append(line);
			}
		}
		flush(out, paragraph);
		if (list) {
			out.append("</ul>\n");
		}
		return out.toString();
	}

	private static void flush(StringBuilder out, StringBuilder paragraph) {
		if (paragraph.length() > 0) {
			out.append("<p>").append(inline(paragraph.toString())).append("</p>\n");
			paragraph.setLength(0);
		}
	}

	private static String inline(String text) {
		String s = escape(text);
		s = replace(CODE, s, "<code>", "</code>");
		return replace(BOLD, s, "<strong>", "</strong>");
	}

	private static String replace(Pattern p, String s, String open, String close) {
		Matcher m = p.matcher(s);
		StringBuilder sb = new StringBuilder();
		while (m.find()) {
			m.appendReplacement(sb, Matcher.quoteReplacement(open + m.group(1) + close));
		}
		m.appendTail(sb);
		return sb.toString();
	}

	static String escape(String s) {
		return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

}
