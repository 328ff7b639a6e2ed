package org.kvmlocking.kvm618.gpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.kvmlocking.kernel.RwLock;
import org.kvmlocking.kvm618.HvaRange;
import org.kvmlocking.kvm618.Kvm618;
import org.kvmlocking.kvm618.Mm618;

/** Bad input: a clear exception naming what was wrong, no effect, nothing clamped. */
class KvmGpcBadInputTest {
    private Mm618 mm;
    private Kvm618 kvm;
    private KvmGpc gpcs;
    private GfnToPfnCache gpc;

    @BeforeEach
    void setUp() {
        mm = new Mm618(4);
        kvm = new Kvm618(mm, 8, true);
        kvm.createMemslot(0, 0, 4, 2, 0);
        gpcs = new KvmGpc(kvm, true);
        gpc = gpcs.kvmGpcInit();
    }

    private static void rejected(Class<? extends Throwable> type, String fragment, Executable e) {
        Throwable t = assertThrows(type, e);
        assertTrue(t.getMessage().contains(fragment), "message '" + t.getMessage() + "' lacks '" + fragment + "'");
    }

    @Test
    void cacheApi() {
        rejected(IllegalArgumentException.class, "gpa 8 outside the gfn space [0, 8)", () -> gpcs.kvmGpcActivate(gpc, 8));
        rejected(IllegalArgumentException.class, "gpa -1 outside", () -> gpcs.kvmGpcActivate(gpc, GfnToPfnCache.INVALID_GPA));
        rejected(IllegalArgumentException.class, "uhva 4 outside the hva space [0, 4)", () -> gpcs.kvmGpcActivateHva(gpc, 4));
        rejected(IllegalArgumentException.class, "cache is null", () -> gpcs.kvmGpcRefresh(null));
        rejected(IllegalArgumentException.class, "attempts must be positive", () -> gpcs.kvmGpcUse(gpc, 0));
        rejected(IllegalArgumentException.class, "no gfn-to-pfn cache 3", () -> gpcs.cache(3));
        KvmGpc other = new KvmGpc(new Kvm618(new Mm618(4), 8, true), true);
        GfnToPfnCache foreign = other.kvmGpcInit();
        other.kvmGpcInit();
        rejected(IllegalArgumentException.class, "belongs to another VM", () -> gpcs.kvmGpcActivate(foreign, 4));
        rejected(IllegalArgumentException.class, "exceeds the hva space", () -> gpcs.remap(new HvaRange(3, 5)));
        rejected(IllegalArgumentException.class, "kvm is null", () -> new KvmGpc(null, true));
        rejected(IllegalArgumentException.class, "unknown gfn-to-pfn cache design 'nope'", () -> GpcDesigns618.create("nope", kvm, true));
        assertFalse(gpcs.active(gpc));
        assertEquals(GfnToPfnCache.KVM_PFN_ERR_FAULT, gpcs.pfn(gpc));
        gpcs.checkInvariants();
    }

    @Test
    void anInvalidationThatBypassesTheCacheIsRefused() {
        rejected(IllegalStateException.class, "without KvmGpc.remap/unmap", () -> mm.remap(new HvaRange(0, 1)));
    }

    @Test
    void rwlockMisuse() {
        RwLock l = new RwLock("gpc->lock");
        rejected(IllegalStateException.class, "read_unlock without read_lock", l::readUnlock);
        rejected(IllegalStateException.class, "write_unlock by", l::writeUnlock);
        l.writeLock();
        rejected(IllegalStateException.class, "recursive write_lock", l::writeLock);
        rejected(IllegalStateException.class, "holds it for write", l::readLock);
        l.writeUnlock();
        l.readLock();
        l.readLock();
        assertEquals(2, l.readers());
        l.readUnlock();
        l.readUnlock();
        assertFalse(l.isWriteLocked());
    }
}
