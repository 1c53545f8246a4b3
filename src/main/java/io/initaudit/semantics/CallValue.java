package io.initaudit.semantics;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The value of an initializer expression, as far as the safe reader evaluates it: literals and arithmetic are
 * folded, calls stay calls.
 */
public sealed interface CallValue {

	/** A number. */
	record Num(double value) implements CallValue {
	}

	/** A string literal. */
	record Str(String value) implements CallValue {
	}

	/** True or False. */
	record Bool(boolean value) implements CallValue {
	}

	/** Python's None / Java's null. */
	record None() implements CallValue {
	}

	/** A dotted name that is not called: {@code w}, {@code m.weight}, {@code WeightInit.RELU}. */
	record Name(String path) implements CallValue {
	}

	/** A list or tuple literal. */
	record Items(List<CallValue> items) implements CallValue {
	}

	/**
	 * A call of a dotted name. A method called on another value ({@code torch.randn(s).fmod(2)}) is a call of the
	 * method with the receiver as its first argument.
	 */
	record Call(String callee, List<CallValue> args, Map<String, CallValue> kwargs) implements CallValue {

		/** The last segment of the callee: {@code kaiming_normal_} for {@code torch.nn.init.kaiming_normal_}. */
		public String simpleName() {
			int dot = this.callee.lastIndexOf('.');
			return dot < 0 ? this.callee : this.callee.substring(dot + 1);
		}

		/** The keyword argument {@code name}, else the positional argument at {@code position}, else null. */
		public @Nullable CallValue arg(String name, int position) {
			CallValue v = this.kwargs.get(name);
			if (v != null) {
				return v;
			}
			return position >= 0 && position < this.args.size() ? this.args.get(position) : null;
		}

	}

	/** A tensor-valued expression multiplied by a number: {@code torch.fmod(torch.randn(s), 2) * 0.02}. */
	record Scaled(CallValue base, double factor) implements CallValue {
	}

}
