package org.kvmlocking.kvm;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The dependency points one way: AbstractKvm -> the kernel functions -> KvmStruct. The kernel
 * functions, the struct and what they use (the invariants, the step hook, the mm) name
 * AbstractKvm nowhere, not even in a comment, so they read as functions of struct kvm.
 */
class DependencyDirectionTest {
    private static final List<String> BELOW_ABSTRACT_KVM = List.of("KvmStruct", "HandleHvaRange",
            "InstallNewMemslots", "PageFault", "SetMemoryRegion", "Invariants", "StepChecks", "StepObserver", "Mm",
            "Ghost", "Memslot", "Memslots", "HvaRange", "MmuNotifier", "FaultResult", "Step", "InvariantViolation");

    @Test
    void kernelFunctionsDependOnKvmStructNotAbstractKvm() throws IOException {
        List<String> up = new ArrayList<>();
        for (String c : BELOW_ABSTRACT_KVM) {
            List<String> lines = Files.readAllLines(Path.of("src/main/java/org/kvmlocking/kvm", c + ".java"));
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains("AbstractKvm")) {
                    up.add(c + ".java:" + (i + 1) + ": " + lines.get(i).trim());
                }
            }
        }
        assertTrue(up.isEmpty(), "kernel-function classes that name AbstractKvm: " + up);
    }
}
