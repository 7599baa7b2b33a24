package io.nerco;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Keeps the dependencies between packages one-way, as docs/architecture.md draws them. */
@AnalyzeClasses(packages = "io.nerco", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule nothingImportsTheCli = noClasses()
            .that().resideOutsideOfPackage("io.nerco.cli..")
            .should().dependOnClassesThat().resideInAPackage("io.nerco.cli..");

    @ArchTest
    static final ArchRule servingNeverImportsTraining = noClasses()
            .that().resideInAnyPackage("io.nerco.text..", "io.nerco.model..", "io.nerco.stream..",
                    "io.nerco.registry..", "io.nerco.eval..", "io.nerco.onnx..", "io.nerco.distil..")
            .should().dependOnClassesThat().resideInAnyPackage("io.nerco.train..", "ai.djl.pytorch..", "ai.djl.training..");

    @ArchTest
    static final ArchRule textDependsOnNothingElseInTheProject = noClasses()
            .that().resideInAPackage("io.nerco.text..")
            .should().dependOnClassesThat().resideInAnyPackage("io.nerco.model..", "io.nerco.stream..",
                    "io.nerco.eval..", "io.nerco.registry..", "io.nerco.onnx..");

    @ArchTest
    static final ArchRule modelKnowsNothingOfKafka = noClasses()
            .that().resideInAnyPackage("io.nerco.model..", "io.nerco.text..", "io.nerco.eval..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "io.nerco.stream..", "io.nerco.registry..");

    @ArchTest
    static final ArchRule registryKnowsNoTopology = noClasses()
            .that().resideInAPackage("io.nerco.registry..")
            .should().dependOnClassesThat().resideInAnyPackage("io.nerco.stream..", "io.nerco.model..");
}
