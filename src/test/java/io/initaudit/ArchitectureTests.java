package io.initaudit;

import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The layering the code relies on: a pure-Java core, features that meet only in the shared kernel (core, model,
 * semantics, sampling), adapters that nothing else imports.
 */
@AnalyzeClasses(packagesOf = InitAuditApplication.class, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	// Full package names on purpose: "..core.." would also match org.springframework.core.
	@ArchTest
	static final ArchRule coreIsPureJava = classes().that().resideInAPackage("io.initaudit.core..")
		.should().onlyDependOnClassesThat().resideInAnyPackage("io.initaudit.core..", "java..", "org.jspecify..");

	@ArchTest
	static final ArchRule modelUsesOnlyCoreAndJackson = classes().that().resideInAPackage("io.initaudit.model..")
		.should().onlyDependOnClassesThat().resideInAnyPackage("io.initaudit.model..", "io.initaudit.core..", "java..", "org.jspecify..", "tools.jackson..");

	@ArchTest
	static final ArchRule semanticsIsPureJava = classes().that().resideInAPackage("io.initaudit.semantics..")
		.should().onlyDependOnClassesThat().resideInAnyPackage("io.initaudit.semantics..", "io.initaudit.model..", "io.initaudit.core..", "java..",
				"org.jspecify..");

	/** The features: none imports another; they meet in core, model, semantics and sampling. */
	static final List<String> FEATURES = List.of("audit", "imports", "measure", "trial", "discovery");

	@ArchTest
	static final ArchRule samplingIsPureJava = classes().that().resideInAPackage("io.initaudit.sampling")
		.should().onlyDependOnClassesThat().resideInAnyPackage("io.initaudit.sampling", "io.initaudit.semantics..", "io.initaudit.model..",
				"io.initaudit.core..", "java..", "org.jspecify..");

	@ArchTest
	static void featuresDoNotImportEachOther(JavaClasses classes) {
		for (String feature : FEATURES) {
			String[] others = FEATURES.stream().filter(f -> !f.equals(feature)).map(f -> "io.initaudit." + f + "..").toArray(String[]::new);
			noClasses().that().resideInAPackage("io.initaudit." + feature + "..").should().dependOnClassesThat().resideInAnyPackage(others)
				.because("features meet in core, model, semantics and sampling").check(classes);
		}
	}

	@ArchTest
	static final ArchRule theSharedKernelImportsNoFeature = noClasses().that()
		.resideInAnyPackage("io.initaudit.core..", "io.initaudit.model..", "io.initaudit.semantics..", "io.initaudit.sampling..")
		.should().dependOnClassesThat().resideInAnyPackage(FEATURES.stream().map(f -> "io.initaudit." + f + "..").toArray(String[]::new));

	@ArchTest
	static final ArchRule importersArePureJava = classes().that().resideInAPackage("io.initaudit.imports..")
		.should().onlyDependOnClassesThat().resideInAnyPackage("io.initaudit.imports..", "io.initaudit.semantics..", "io.initaudit.model..",
				"io.initaudit.core..", "java..", "org.jspecify..", "tools.jackson..");

	@ArchTest
	static final ArchRule reportFormatsArePureJava = classes().that().resideInAPackage("io.initaudit.audit.format..")
		.should().onlyDependOnClassesThat().resideInAnyPackage("io.initaudit..", "java..", "javax..", "org.jspecify..");

	@ArchTest
	static final ArchRule auditEngineIsFreeOfSpring = classes().that().haveSimpleNameStartingWith("Audit").or().haveSimpleName("ModelFindings")
		.or().haveSimpleName("Snippets").and().resideInAPackage("io.initaudit.audit")
		.and().doNotHaveSimpleName("AuditManagement").and().doNotHaveSimpleName("AuditSettings")
		.should().onlyDependOnClassesThat().resideInAnyPackage("io.initaudit..", "java..", "org.jspecify..");

	@ArchTest
	static final ArchRule nothingOutsideAnAdapterUsesND4J = noClasses().that().resideOutsideOfPackages("..nd4j..")
		.should().dependOnClassesThat().resideInAnyPackage("org.nd4j..", "org.deeplearning4j..");

	@ArchTest
	static final ArchRule webAdaptersAreLeaves = noClasses().that().resideOutsideOfPackage("..web..")
		.should().dependOnClassesThat().resideInAPackage("io.initaudit..web..");

	@ArchTest
	static final ArchRule persistenceAdaptersAreLeaves = noClasses().that().resideOutsideOfPackage("..persistence..")
		.should().dependOnClassesThat().resideInAPackage("io.initaudit..persistence..");

	@ArchTest
	static final ArchRule controllersGoThroughManagement = noClasses().that().resideInAPackage("..web..")
		.should().dependOnClassesThat().resideInAPackage("io.initaudit..persistence..");

}
