package io.initaudit.semantics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.initaudit.model.InitDecl;
import org.jspecify.annotations.Nullable;

/**
 * A declared {@code torch.nn.init} call as data: the function's name and its literal arguments (the tensor left out),
 * for a PyTorch trial worker to call the real function. Only the functions in {@link #FUNCTIONS} and only literal
 * arguments (numbers, strings, booleans, None; {@code calculate_gain(...)} and arithmetic are already evaluated by
 * {@link CallReader}) are passed; anything else is drawn from the law the service derived. Nothing is ever evaluated
 * by the worker.
 *
 * @param function e.g. {@code kaiming_normal_}
 * @param args positional arguments after the tensor
 * @param kwargs keyword arguments
 */
public record TorchCall(String function, List<Object> args, Map<String, Object> kwargs) {

	/** The torch.nn.init functions a worker may call (initaudit_worker/inits.py holds the same list). */
	public static final Set<String> FUNCTIONS = Set.of("kaiming_normal_", "kaiming_uniform_", "xavier_normal_", "xavier_uniform_", "normal_",
			"uniform_", "trunc_normal_", "constant_", "zeros_", "ones_", "orthogonal_");

	/** The call a declaration makes, or {@code null} when it is not a plain torch.nn.init call with literal arguments. */
	public static @Nullable TorchCall of(@Nullable InitDecl declaration) {
		if (!(declaration instanceof InitDecl.CallText text)) {
			return null;
		}
		CallValue value;
		try {
			value = CallReader.read(text.text());
		}
		catch (UnreadableCallException ex) {
			return null;
		}
		if (!(value instanceof CallValue.Call call) || !FUNCTIONS.contains(call.simpleName())) {
			return null;
		}
		Dialect d = Dialect.ofPath(call.callee());
		boolean functionForm = !call.callee().contains(".") || d != null;
		if (d != null && d != Dialect.TORCH) {
			return null;
		}
		List<CallValue> positional = call.args();
		if (functionForm) {
			if (positional.isEmpty()) {
				return null;
			}
			positional = positional.subList(1, positional.size());
		}
		List<Object> args = new ArrayList<>();
		for (CallValue v : positional) {
			Object o = literal(v);
			if (o == NOT_LITERAL) {
				return null;
			}
			args.add(o);
		}
		Map<String, Object> kwargs = new LinkedHashMap<>();
		for (Map.Entry<String, CallValue> e : call.kwargs().entrySet()) {
			Object o = literal(e.getValue());
			if (o == NOT_LITERAL) {
				return null;
			}
			kwargs.put(e.getKey(), o);
		}
		return new TorchCall(call.simpleName(), List.copyOf(args), kwargs);
	}

	private static final Object NOT_LITERAL = new Object();

	private static @Nullable Object literal(CallValue v) {
		if (v instanceof CallValue.Num n) {
			return n.value();
		}
		if (v instanceof CallValue.Str s) {
			return s.value();
		}
		if (v instanceof CallValue.Bool b) {
			return b.value();
		}
		if (v instanceof CallValue.None) {
			return null;
		}
		return NOT_LITERAL;
	}

}
