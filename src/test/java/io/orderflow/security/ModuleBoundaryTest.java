package io.orderflow.security;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.springframework.data.repository.Repository;

/** The package-by-capability layout: capabilities talk through public services, not each other's repositories. */
@AnalyzeClasses(packages = "io.orderflow", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleBoundaryTest {

    @ArchTest
    static final ArchRule repositoriesAreUsedOnlyInsideTheirCapability = classes()
            .that().areAssignableTo(Repository.class)
            .should(new ArchCondition<>("be used only inside their own capability") {
                @Override
                public void check(JavaClass repository, ConditionEvents events) {
                    repository.getDirectDependenciesToSelf().stream()
                            .filter(use -> !capability(use.getOriginClass()).equals(capability(repository)))
                            .forEach(use -> events.add(SimpleConditionEvent.violated(use, use.getDescription())));
                }
            });

    @ArchTest
    static final ArchRule onlyTheSandboxDependsOnTheSandbox = noClasses()
            .that().resideOutsideOfPackage("io.orderflow.sandbox..")
            .should().dependOnClassesThat().resideInAPackage("io.orderflow.sandbox..");

    /**
     * Durable work (mails, callbacks) is claimed, leased, retried and given up by one mechanism that serves every
     * capability and knows none of them: they hand it their table and their work.
     */
    @ArchTest
    static final ArchRule theWorkMechanismKnowsNoCapability = classes()
            .that().resideInAPackage("io.orderflow.work..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("io.orderflow.work..", "java..", "jakarta..",
                    "org.springframework..", "org.slf4j..", "io.micrometer..")
            .as("the work mechanism depends on no capability of the application");

    /** Each capability ages out its own records; retention only says when, in one window, on one node at a time. */
    @ArchTest
    static final ArchRule retentionKnowsNoCapability = classes()
            .that().resideInAPackage("io.orderflow.retention..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("io.orderflow.retention..", "java..",
                    "org.springframework..", "org.slf4j..", "org.camunda..")
            .as("retention depends on no capability of the application");

    @ArchTest
    static final ArchRule capabilitiesFormNoCycles = slices().matching("io.orderflow.(*)..").should().beFreeOfCycles();

    private static String capability(JavaClass type) {
        String[] parts = type.getPackageName().split("\\.");
        return parts.length > 2 ? parts[2] : "";
    }
}
