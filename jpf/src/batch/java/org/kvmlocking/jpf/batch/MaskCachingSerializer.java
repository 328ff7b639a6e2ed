package org.kvmlocking.jpf.batch;

import gov.nasa.jpf.util.FinalBitSet;
import gov.nasa.jpf.vm.ClassInfo;
import gov.nasa.jpf.vm.serialize.CFSerializer;

import java.util.IdentityHashMap;

/**
 * jpf-core's default state serializer ({@code CFSerializer}) with its four per-class field masks
 * looked up by ClassInfo identity instead of through {@code HashMap<ClassInfo, ...>}: the masks,
 * and so every serialized state, are the same; only the lookup is cheaper. The serializer asks
 * for two masks for every heap object and two for every loaded class in every state (28 million
 * lookups in adopted_delete's 136,435 serializations), and {@code ClassInfo.equals} compares
 * class-name strings. Measured (issue 29, docs/check-times.md): adopted_delete 10.5 and 11.0 s
 * with CFSerializer, 9.4 and 9.5 s with this, the same new/visited/backtracked/end counts.
 * Selected by jpf/check.sh with {@code +vm.serializer.class}.
 */
public final class MaskCachingSerializer extends CFSerializer {
  private static final int INSTANCE_FILTER = 0;
  private static final int INSTANCE_REF = 1;
  private static final int STATIC_FILTER = 2;
  private static final int STATIC_REF = 3;

  // A ClassInfo is one (name, class loader) pair for the whole search; the superclass's masks
  // depend only on it, so caching them per object gives back what the superclass computes.
  private final IdentityHashMap<ClassInfo, FinalBitSet[]> masks = new IdentityHashMap<>();

  private FinalBitSet mask(int kind, ClassInfo ci) {
    FinalBitSet[] m = masks.get(ci);
    if (m == null) {
      m = new FinalBitSet[4];
      masks.put(ci, m);
    }
    FinalBitSet v = m[kind];
    if (v == null) {
      switch (kind) {
        case INSTANCE_FILTER -> v = super.getInstanceFilterMask(ci);
        case INSTANCE_REF -> v = super.getInstanceRefMask(ci);
        case STATIC_FILTER -> v = super.getStaticFilterMask(ci);
        default -> v = super.getStaticRefMask(ci);
      }
      m[kind] = v;
    }
    return v;
  }

  @Override
  protected FinalBitSet getInstanceFilterMask(ClassInfo ci) {
    return mask(INSTANCE_FILTER, ci);
  }

  @Override
  protected FinalBitSet getInstanceRefMask(ClassInfo ci) {
    return mask(INSTANCE_REF, ci);
  }

  @Override
  protected FinalBitSet getStaticFilterMask(ClassInfo ci) {
    return mask(STATIC_FILTER, ci);
  }

  @Override
  protected FinalBitSet getStaticRefMask(ClassInfo ci) {
    return mask(STATIC_REF, ci);
  }
}
