package io.initaudit.trial;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The synthetic tasks, generated in memory from a seed (nothing is downloaded).
 *
 * <ul>
 * <li>{@code teacher-student}: Gaussian inputs of the model's input shape; a random teacher
 * (tanh(x·W₁/√d)·W₂/√32) gives the targets (regression) or their arg-max (classification).</li>
 * <li>{@code spirals}: {@code classes} interleaved 2-D spirals; needs input shape [2].</li>
 * <li>{@code synthetic-bars}: images of one bar through a random point, its orientation θ = π·class/classes, with
 * Gaussian pixel noise σ = 0.1; any input shape [C, H, W].</li>
 * </ul>
 */
public final class Tasks {

	/** Hidden width of the teacher network. */
	static final int TEACHER_WIDTH = 32;

	private Tasks() {
	}

	/** Thrown when a task does not fit the model (input or output shape). */
	public static class TaskMismatchException extends IllegalArgumentException {

		private final String pointer;

		public TaskMismatchException(String pointer, String message) {
			super(message);
			this.pointer = pointer;
		}

		public String pointer() {
			return this.pointer;
		}

	}

	public static Dataset generate(TrialSpec.Task task, long[] inputShape, int outputs) {
		return switch (task.kind()) {
			case "teacher-student" -> teacherStudent(task, inputShape, outputs);
			case "spirals" -> spirals(task, inputShape, outputs);
			case "synthetic-bars" -> bars(task, inputShape, outputs);
			default -> throw new TaskMismatchException("/task/kind", "task.kind must be teacher-student, spirals or synthetic-bars");
		};
	}

	private static Dataset teacherStudent(TrialSpec.Task task, long[] shape, int outputs) {
		int d = size(shape);
		int n = task.samples();
		SplittableRandom r = new SplittableRandom(task.seed());
		int k = task.regression() ? outputs : task.classes();
		requireOutputs(outputs, k, task);
		double[][] w1 = new double[d][TEACHER_WIDTH];
		double[][] w2 = new double[TEACHER_WIDTH][k];
		for (double[] row : w1) {
			for (int j = 0; j < TEACHER_WIDTH; j++) {
				row[j] = gaussian(r) / Math.sqrt(d);
			}
		}
		for (double[] row : w2) {
			for (int j = 0; j < k; j++) {
				row[j] = gaussian(r) / Math.sqrt(TEACHER_WIDTH);
			}
		}
		float[] x = new float[n * d];
		float[] y = new float[n * k];
		double[] h = new double[TEACHER_WIDTH];
		for (int s = 0; s < n; s++) {
			for (int i = 0; i < d; i++) {
				x[s * d + i] = (float) gaussian(r);
			}
			Arrays.fill(h, 0);
			for (int i = 0; i < d; i++) {
				double xi = x[s * d + i];
				for (int j = 0; j < TEACHER_WIDTH; j++) {
					h[j] += xi * w1[i][j];
				}
			}
			double[] out = new double[k];
			for (int j = 0; j < TEACHER_WIDTH; j++) {
				double a = Math.tanh(h[j]);
				for (int c = 0; c < k; c++) {
					out[c] += a * w2[j][c];
				}
			}
			if (task.regression()) {
				for (int c = 0; c < k; c++) {
					y[s * k + c] = (float) out[c];
				}
			}
			else {
				int best = 0;
				for (int c = 1; c < k; c++) {
					best = out[c] > out[best] ? c : best;
				}
				y[s * k + best] = 1f;
			}
		}
		return new Dataset(x, y, n, shape, k, !task.regression());
	}

	private static Dataset spirals(TrialSpec.Task task, long[] shape, int outputs) {
		if (shape.length != 1 || shape[0] != 2) {
			throw new TaskMismatchException("/model/input/shape", "the spirals task needs input.shape [2]");
		}
		int k = task.classes();
		requireOutputs(outputs, k, task);
		int n = task.samples();
		SplittableRandom r = new SplittableRandom(task.seed());
		float[] x = new float[n * 2];
		float[] y = new float[n * k];
		for (int s = 0; s < n; s++) {
			int c = s % k;
			double t = r.nextDouble();
			double angle = 3 * Math.PI * t + 2 * Math.PI * c / k + 0.2 * gaussian(r);
			x[2 * s] = (float) (t * Math.cos(angle) * 2);
			x[2 * s + 1] = (float) (t * Math.sin(angle) * 2);
			y[s * k + c] = 1f;
		}
		return new Dataset(x, y, n, shape, k, true);
	}

	private static Dataset bars(TrialSpec.Task task, long[] shape, int outputs) {
		if (shape.length != 3) {
			throw new TaskMismatchException("/model/input/shape", "the synthetic-bars task needs an image input.shape [C, H, W]");
		}
		int k = task.classes();
		requireOutputs(outputs, k, task);
		int ch = (int) shape[0];
		int hgt = (int) shape[1];
		int wid = (int) shape[2];
		int n = task.samples();
		int size = ch * hgt * wid;
		SplittableRandom r = new SplittableRandom(task.seed());
		float[] x = new float[n * size];
		float[] y = new float[n * k];
		for (int s = 0; s < n; s++) {
			int c = s % k;
			double theta = Math.PI * c / k;
			double nx = -Math.sin(theta);
			double ny = Math.cos(theta);
			double cx = (0.3 + 0.4 * r.nextDouble()) * wid;
			double cy = (0.3 + 0.4 * r.nextDouble()) * hgt;
			for (int i = 0; i < hgt; i++) {
				for (int j = 0; j < wid; j++) {
					double dist = (j - cx) * nx + (i - cy) * ny;
					float v = (float) (Math.exp(-dist * dist / (2 * 0.6 * 0.6)) + 0.1 * gaussian(r));
					for (int q = 0; q < ch; q++) {
						x[s * size + q * hgt * wid + i * wid + j] = v;
					}
				}
			}
			y[s * k + c] = 1f;
		}
		return new Dataset(x, y, n, shape, k, true);
	}

	private static void requireOutputs(int outputs, int k, TrialSpec.Task task) {
		if (outputs != k) {
			throw new TaskMismatchException("/task/classes", "the model ends with " + outputs + " outputs but the task has "
					+ (task.regression() ? "" : "classes=") + k + ": the last layer must produce one value per " + (task.regression() ? "output" : "class"));
		}
	}

	private static int size(long[] shape) {
		long s = 1;
		for (long d : shape) {
			s *= d;
		}
		return (int) s;
	}

	/** Box–Muller on the seeded generator. */
	private static double gaussian(SplittableRandom r) {
		double u = 1.0 - r.nextDouble();
		return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
	}

}
