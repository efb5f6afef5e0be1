package com.sportdata.benefits.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import com.tngtech.archunit.library.Architectures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The allowed dependencies between the product's packages, from the bottom up — plain-Java leaves (support, geo),
 * the business rules (rules, sport), configuration, the catalog level (catalog, run context, lock, landing, Spark
 * helpers), quality, the table framework (pipeline), the layers and the outputs built on it, the runner, and the
 * command line on top — and no package cycle. Read from the compiled classes, so an edge written as an inline
 * qualified name counts too. Each rule is shown to fail on classes that break it.
 */
class LayeringTest {
    private static final String ROOT = "com.sportdata.benefits";
    private static JavaClasses product;

    @BeforeAll
    static void importProduct() {
        product = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(ROOT);
    }

    static Architectures.LayeredArchitecture layers() {
        return Architectures.layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Leaves").definedBy(packages("support", "geo"))
                .layer("Rules").definedBy(packages("rules", "sport"))
                .layer("Config").definedBy(packages("config"))
                .layer("Catalog").definedBy(packages("catalog", "context", "lock", "landing", "spark"))
                .layer("Quality").definedBy(packages("quality"))
                .layer("Framework").definedBy(packages("pipeline"))
                .layer("Layers").definedBy(packages("bronze", "silver", "gold", "history", "register", "report", "metrics", "bi", "sql",
                        "slack", "generate", "bench", "connect"))
                .layer("Runner").definedBy(packages("run", "schedule"))
                .layer("Cli").definedBy(packages("cli"))
                .whereLayer("Cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("Runner").mayOnlyBeAccessedByLayers("Cli")
                .whereLayer("Layers").mayOnlyBeAccessedByLayers("Runner", "Cli")
                .whereLayer("Framework").mayOnlyBeAccessedByLayers("Layers", "Runner", "Cli")
                .whereLayer("Quality").mayOnlyBeAccessedByLayers("Framework", "Layers", "Runner", "Cli")
                .whereLayer("Catalog").mayOnlyBeAccessedByLayers("Quality", "Framework", "Layers", "Runner", "Cli")
                .whereLayer("Config").mayOnlyBeAccessedByLayers("Catalog", "Quality", "Framework", "Layers", "Runner", "Cli")
                .whereLayer("Rules").mayOnlyBeAccessedByLayers("Config", "Catalog", "Quality", "Framework", "Layers", "Runner", "Cli");
    }

    static ArchRule noCycles() {
        return slices().matching(ROOT + ".(*)..").should().beFreeOfCycles();
    }

    private static String[] packages(String... names) {
        String[] out = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            out[i] = ROOT + "." + names[i] + "..";
        }
        return out;
    }

    @Test
    void every_package_depends_only_on_the_layers_below_it() {
        layers().check(product);
    }

    @Test
    void no_package_cycle() {
        noCycles().check(product);
    }

    /** Scala's types only in the Deequ adapter: elsewhere Spark's and Delta's Java overloads. */
    static ArchRule scalaOnlyInAdapters() {
        return com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses()
                .that(com.tngtech.archunit.base.DescribedPredicate.not(com.tngtech.archunit.core.domain.JavaClass.Predicates
                        .belongToAnyOf(com.sportdata.benefits.quality.DeequAdapter.class)))
                .should().dependOnClassesThat().resideInAPackage("scala..");
    }

    @Test
    void scala_types_are_used_only_in_the_deequ_adapter() {
        scalaOnlyInAdapters().check(product);
    }

    @Test
    void every_product_package_is_in_a_layer() throws Exception {
        try (var dirs = Files.list(Path.of("src/main/java/com/sportdata/benefits"))) {
            var unplaced = dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(name -> !layers().getDescription().contains(ROOT + "." + name + ".."))
                    .toList();
            assertThat(unplaced).as("packages no layer names: add them to the layering").isEmpty();
        }
    }

    @Test
    void an_upward_edge_and_a_cycle_are_caught() throws ClassNotFoundException {
        Class<?> fixture = Class.forName(ROOT + ".config.UpwardEdgeFixture");
        JavaClasses broken = new ClassFileImporter().importClasses(fixture, com.sportdata.benefits.run.CommandEnvelope.class,
                com.sportdata.benefits.catalog.LakePaths.class, com.sportdata.benefits.catalog.LakeStorage.class,
                com.sportdata.benefits.config.AppConfig.class);
        EvaluationResult upward = layers().evaluate(broken);
        assertThat(upward.hasViolation()).isTrue();
        assertThat(upward.getFailureReport().toString()).contains("UpwardEdgeFixture").contains("CommandEnvelope");
        EvaluationResult cycle = noCycles().evaluate(broken);
        assertThat(cycle.hasViolation()).isTrue();
        assertThat(cycle.getFailureReport().toString()).contains("catalog").contains("config");
    }
}
