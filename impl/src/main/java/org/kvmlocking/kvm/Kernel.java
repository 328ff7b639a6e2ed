package org.kvmlocking.kvm;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The kernel function a {@link Step} mirrors, as "path: function (version)", the same citation as
 * the spec's "Kernel:" comment of the action. An annotation, not a field of the enum: class-file
 * metadata adds nothing to the heap that JPF stores in every state.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface Kernel {
    String value();

    String V515 = " (Linux 5.15)";
    String V1 = " (rejected v1 of the patch)";
    String RANGE_START = "virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_start" + V515;
    String RANGE_END = "virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_end" + V515;
    String HANDLE_HVA_RANGE = "virt/kvm/kvm_main.c: __kvm_handle_hva_range" + V515;
    String INSTALL = "virt/kvm/kvm_main.c: install_new_memslots" + V515;
    String ZAP = "arch/x86/kvm/mmu/mmu.c: kvm_mmu_zap_all_fast" + V515;
    String FAULT = "arch/x86/kvm/mmu/mmu.c: direct_page_fault" + V515;
    String PSEUDO_START = "include/linux/mmu_notifier.h: mmu_notifier_invalidate_range_start" + V515;
    String PSEUDO_END = "mm/mmu_notifier.c: __mmu_notifier_invalidate_range_end" + V515;
    String RWSEM_START = "virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_start" + V1;
    String RWSEM_END = "virt/kvm/kvm_main.c: kvm_mmu_notifier_invalidate_range_end" + V1;
    String RWSEM_INSTALL = "virt/kvm/kvm_main.c: install_new_memslots" + V1;
}
