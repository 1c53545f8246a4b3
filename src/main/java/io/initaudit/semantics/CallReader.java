package io.initaudit.semantics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.initaudit.core.Activation;

/**
 * A small, safe reader for the initializer calls users paste: Python or Java call syntax, number, string and
 * boolean literals, {@code None}, lists and tuples, {@code + - * / **}, keyword arguments, {@code math.sqrt}
 * and friends, and {@code calculate_gain(...)}. It evaluates arithmetic on literals and nothing else; it never
 * executes, imports or looks anything up. Anything else is an {@link UnreadableCallException}.
 */
public final class CallReader {

	/** Longest expression accepted, in characters. */
	public static final int MAX_LENGTH = 4096;

	/** Deepest nesting of parentheses, brackets and unary operators. */
	static final int MAX_DEPTH = 32;

	private final String text;

	private int pos;

	private int depth;

	private CallReader(String text) {
		this.text = text;
	}

	/** Reads one expression (a trailing {@code ;} is allowed). */
	public static CallValue read(String text) {
		if (text.length() > MAX_LENGTH) {
			throw new UnreadableCallException("the expression is longer than " + MAX_LENGTH + " characters");
		}
		CallReader r = new CallReader(text);
		CallValue v = r.expression();
		r.skipSpace();
		if (r.peek() == ';') {
			r.pos++;
			r.skipSpace();
		}
		if (r.pos < text.length()) {
			throw r.error("unexpected '" + text.charAt(r.pos) + "'");
		}
		return v;
	}

	private CallValue expression() {
		enter();
		CallValue left = term();
		while (true) {
			skipSpace();
			char c = peek();
			if (c == '+' || c == '-') {
				this.pos++;
				CallValue right = term();
				left = arithmetic(c, left, right);
			}
			else {
				break;
			}
		}
		this.depth--;
		return left;
	}

	private CallValue term() {
		CallValue left = unary();
		while (true) {
			skipSpace();
			char c = peek();
			if ((c == '*' && peekAt(1) != '*') || c == '/') {
				this.pos++;
				if (c == '/' && peek() == '/') {
					this.pos++;
				}
				CallValue right = unary();
				left = arithmetic(c, left, right);
			}
			else {
				break;
			}
		}
		return left;
	}

	private CallValue unary() {
		skipSpace();
		char c = peek();
		if (c == '-' || c == '+') {
			this.pos++;
			enter();
			CallValue v = unary();
			this.depth--;
			return c == '-' ? arithmetic('*', new CallValue.Num(-1), v) : v;
		}
		CallValue base = postfix();
		skipSpace();
		if (peek() == '*' && peekAt(1) == '*') {
			this.pos += 2;
			enter();
			CallValue exponent = unary();
			this.depth--;
			return arithmetic('^', base, exponent);
		}
		return base;
	}

	private CallValue postfix() {
		CallValue v = primary();
		while (true) {
			skipSpace();
			char c = peek();
			if (c == '(') {
				v = call(v);
			}
			else if (c == '.') {
				this.pos++;
				String member = identifier();
				if (v instanceof CallValue.Name n) {
					v = new CallValue.Name(n.path() + "." + member);
				}
				else {
					// A method on a computed value: keep the receiver as first argument once called.
					skipSpace();
					if (peek() != '(') {
						v = new CallValue.Name("<value>." + member);
						continue;
					}
					CallValue.Call call = (CallValue.Call) call(new CallValue.Name(member));
					List<CallValue> args = new ArrayList<>();
					args.add(v);
					args.addAll(call.args());
					v = new CallValue.Call(member, args, call.kwargs());
				}
			}
			else if (c == '[') {
				this.pos++;
				enter();
				expression();
				this.depth--;
				expect(']');
				v = new CallValue.Name("<subscript>");
			}
			else {
				return v;
			}
		}
	}

	private CallValue call(CallValue target) {
		if (!(target instanceof CallValue.Name name)) {
			throw error("only named functions can be called");
		}
		expect('(');
		enter();
		List<CallValue> args = new ArrayList<>();
		Map<String, CallValue> kwargs = new LinkedHashMap<>();
		skipSpace();
		while (peek() != ')') {
			skipSpace();
			if (peek() == '*') {
				throw error("*args and **kwargs are not read");
			}
			int save = this.pos;
			if (isIdentifierStart(peek())) {
				String id = identifier();
				skipSpace();
				if (peek() == '=' && peekAt(1) != '=') {
					this.pos++;
					kwargs.put(id, expression());
				}
				else {
					this.pos = save;
					args.add(expression());
				}
			}
			else {
				args.add(expression());
			}
			skipSpace();
			if (peek() == ',') {
				this.pos++;
				skipSpace();
			}
			else if (peek() != ')') {
				throw error("expected ',' or ')'");
			}
		}
		this.pos++;
		this.depth--;
		return evaluate(new CallValue.Call(name.path(), List.copyOf(args), Map.copyOf(kwargs)));
	}

	private CallValue primary() {
		skipSpace();
		char c = peek();
		if (c == '(' || c == '[') {
			this.pos++;
			enter();
			char close = c == '(' ? ')' : ']';
			List<CallValue> items = new ArrayList<>();
			boolean tuple = c == '[';
			skipSpace();
			while (peek() != close) {
				items.add(expression());
				skipSpace();
				if (peek() == ',') {
					tuple = true;
					this.pos++;
					skipSpace();
				}
				else if (peek() != close) {
					throw error("expected ',' or '" + close + "'");
				}
			}
			this.pos++;
			this.depth--;
			if (!tuple && items.size() == 1) {
				return items.get(0);
			}
			return new CallValue.Items(List.copyOf(items));
		}
		if (Character.isDigit(c) || (c == '.' && Character.isDigit(peekAt(1)))) {
			return number();
		}
		if (c == '\'' || c == '"') {
			return string(c);
		}
		if (isIdentifierStart(c)) {
			String id = identifier();
			switch (id) {
				case "True", "true" -> {
					return new CallValue.Bool(true);
				}
				case "False", "false" -> {
					return new CallValue.Bool(false);
				}
				case "None", "null" -> {
					return new CallValue.None();
				}
				case "new" -> {
					skipSpace();
					return new CallValue.Name(dottedName());
				}
				case "lambda", "import", "exec", "eval", "__import__", "open", "compile", "getattr", "globals" -> throw error("'" + id + "' is not read");
				default -> {
					return new CallValue.Name(id);
				}
			}
		}
		if (c == 0) {
			throw error("the expression ended early");
		}
		throw error("unexpected '" + c + "'");
	}

	private String dottedName() {
		StringBuilder sb = new StringBuilder(identifier());
		while (peek() == '.') {
			this.pos++;
			sb.append('.').append(identifier());
		}
		return sb.toString();
	}

	private CallValue number() {
		int start = this.pos;
		while (this.pos < this.text.length()) {
			char c = this.text.charAt(this.pos);
			boolean exp = (c == 'e' || c == 'E');
			if (Character.isDigit(c) || c == '.' || c == '_' || exp
					|| ((c == '+' || c == '-') && (this.text.charAt(this.pos - 1) == 'e' || this.text.charAt(this.pos - 1) == 'E'))) {
				this.pos++;
			}
			else {
				break;
			}
		}
		String literal = this.text.substring(start, this.pos).replace("_", "");
		char suffix = peek();
		if (suffix == 'f' || suffix == 'F' || suffix == 'd' || suffix == 'D' || suffix == 'L') {
			this.pos++;
		}
		try {
			double d = Double.parseDouble(literal);
			if (!Double.isFinite(d)) {
				throw error("number out of range: " + literal);
			}
			return new CallValue.Num(d);
		}
		catch (NumberFormatException ex) {
			throw error("not a number: " + literal);
		}
	}

	private CallValue string(char quote) {
		this.pos++;
		StringBuilder sb = new StringBuilder();
		while (this.pos < this.text.length() && this.text.charAt(this.pos) != quote) {
			char c = this.text.charAt(this.pos++);
			if (c == '\\' && this.pos < this.text.length()) {
				c = this.text.charAt(this.pos++);
			}
			sb.append(c);
		}
		expect(quote);
		return new CallValue.Str(sb.toString());
	}

	private String identifier() {
		skipSpace();
		if (!isIdentifierStart(peek())) {
			throw error("expected a name");
		}
		int start = this.pos;
		while (this.pos < this.text.length() && (Character.isLetterOrDigit(this.text.charAt(this.pos)) || this.text.charAt(this.pos) == '_')) {
			this.pos++;
		}
		return this.text.substring(start, this.pos);
	}

	/** Folds arithmetic on numbers; a tensor expression times a number is {@link CallValue.Scaled}. */
	private CallValue arithmetic(char op, CallValue a, CallValue b) {
		if (a instanceof CallValue.Num x && b instanceof CallValue.Num y) {
			double r = switch (op) {
				case '+' -> x.value() + y.value();
				case '-' -> x.value() - y.value();
				case '*' -> x.value() * y.value();
				case '/' -> x.value() / y.value();
				default -> Math.pow(x.value(), y.value());
			};
			if (!Double.isFinite(r)) {
				throw error("arithmetic gives a non-finite number");
			}
			return new CallValue.Num(r);
		}
		if (op == '*' && b instanceof CallValue.Num y && isTensor(a)) {
			return scale(a, y.value());
		}
		if (op == '*' && a instanceof CallValue.Num x && isTensor(b)) {
			return scale(b, x.value());
		}
		if (op == '/' && b instanceof CallValue.Num y && isTensor(a) && y.value() != 0) {
			return scale(a, 1.0 / y.value());
		}
		throw error("cannot compute '" + op + "' on these operands");
	}

	private static boolean isTensor(CallValue v) {
		return v instanceof CallValue.Call || v instanceof CallValue.Scaled;
	}

	private static CallValue scale(CallValue v, double factor) {
		if (v instanceof CallValue.Scaled s) {
			return new CallValue.Scaled(s.base(), s.factor() * factor);
		}
		return new CallValue.Scaled(v, factor);
	}

	/** The few pure functions the reader computes: math.sqrt/exp/log, abs, pow, float, int, calculate_gain. */
	private CallValue evaluate(CallValue.Call call) {
		String name = call.simpleName();
		List<CallValue> args = call.args();
		boolean numeric = args.stream().allMatch(a -> a instanceof CallValue.Num) && call.kwargs().isEmpty();
		String module = call.callee().contains(".") ? call.callee().substring(0, call.callee().lastIndexOf('.')) : "";
		boolean mathModule = module.isEmpty() || module.equals("math") || module.equals("np") || module.equals("numpy") || module.equals("Math")
				|| module.equals("jnp") || module.equals("torch");
		if (numeric && mathModule && !args.isEmpty()) {
			double x = ((CallValue.Num) args.get(0)).value();
			Double r = switch (name) {
				case "sqrt" -> Math.sqrt(x);
				case "exp" -> Math.exp(x);
				case "log" -> Math.log(x);
				case "abs" -> Math.abs(x);
				case "float", "int" -> name.equals("int") ? (double) (long) x : x;
				case "pow" -> args.size() == 2 ? Math.pow(x, ((CallValue.Num) args.get(1)).value()) : null;
				default -> null;
			};
			if (r != null) {
				if (!Double.isFinite(r)) {
					throw error(name + " gives a non-finite number");
				}
				return new CallValue.Num(r);
			}
		}
		if (name.equals("calculate_gain")) {
			return new CallValue.Num(calculateGain(call));
		}
		if (name.equals("partial") && !args.isEmpty() && args.get(0) instanceof CallValue.Name fn) {
			return new CallValue.Call(fn.path(), List.copyOf(args.subList(1, args.size())), call.kwargs());
		}
		return call;
	}

	/** torch.nn.init.calculate_gain(nonlinearity, param=None). */
	private double calculateGain(CallValue.Call call) {
		CallValue nl = call.arg("nonlinearity", 0);
		if (!(nl instanceof CallValue.Str s)) {
			throw error("calculate_gain needs a nonlinearity name");
		}
		CallValue param = call.arg("param", 1);
		try {
			return Activation.torchCalculateGain(s.value(), param instanceof CallValue.Num n ? n.value() : null);
		}
		catch (IllegalArgumentException ex) {
			throw error("calculate_gain has no gain for '" + s.value() + "'");
		}
	}

	private void enter() {
		if (++this.depth > MAX_DEPTH) {
			throw error("the expression nests deeper than " + MAX_DEPTH + " levels");
		}
	}

	private void expect(char c) {
		skipSpace();
		if (peek() != c) {
			throw error("expected '" + c + "'");
		}
		this.pos++;
	}

	private void skipSpace() {
		while (this.pos < this.text.length() && Character.isWhitespace(this.text.charAt(this.pos))) {
			this.pos++;
		}
	}

	private char peek() {
		return peekAt(0);
	}

	private char peekAt(int offset) {
		int i = this.pos + offset;
		return i < this.text.length() ? this.text.charAt(i) : 0;
	}

	private static boolean isIdentifierStart(char c) {
		return Character.isLetter(c) || c == '_';
	}

	private UnreadableCallException error(String message) {
		return new UnreadableCallException(message + " at position " + this.pos);
	}

}
