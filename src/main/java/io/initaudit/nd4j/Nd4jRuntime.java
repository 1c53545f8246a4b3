package io.initaudit.nd4j;

import java.util.Locale;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Loads ND4J once, with the oneDNN natives (nd4j-notes.md: the plain natives make depthwise convs crawl), and says
 * which backend and device it runs on.
 */
public final class Nd4jRuntime {

	/** Selects the oneDNN build of the natives; must be set before ND4J's classes load. */
	public static final String PLATFORM_EXTENSION = "org.bytedeco.javacpp.platform.extension";

	private static volatile String device;

	private Nd4jRuntime() {
	}

	/** Sets the defaults InitAudit runs ND4J with, unless the launcher set them. Call first thing in main. */
	public static void configureDefaults() {
		if (System.getProperty(PLATFORM_EXTENSION) == null) {
			System.setProperty(PLATFORM_EXTENSION, "-onednn");
		}
	}

	/** The backend and device, e.g. "cpu (nd4j-native CpuBackend, oneDNN, 2 threads)". */
	public static String device() {
		String d = device;
		if (d == null) {
			synchronized (Nd4jRuntime.class) {
				if (device == null) {
					configureDefaults();
					String backend = Nd4j.getBackend().getClass().getSimpleName();
					boolean cuda = backend.toLowerCase(Locale.ROOT).contains("cuda");
					device = (cuda ? "cuda" : "cpu") + " (" + backend + ", " + Nd4j.getEnvironment().maxThreads() + " threads"
							+ ("-onednn".equals(System.getProperty(PLATFORM_EXTENSION)) ? ", oneDNN" : "") + ")";
				}
				d = device;
			}
		}
		return d;
	}

}
