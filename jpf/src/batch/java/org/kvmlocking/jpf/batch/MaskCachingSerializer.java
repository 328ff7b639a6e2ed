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
  // A ClassInfo is one (name, class loader) pair for the whole search; the superclass's masks
  // depend only on it, so caching them per object gives back what the superclass computes.
  private final IdentityHashMap<ClassInfo, FinalBitSet> instanceFilter = new IdentityHashMap<>();
  private final IdentityHashMap<ClassInfo, FinalBitSet> instanceRef = new IdentityHashMap<>();
  private final IdentityHashMap<ClassInfo, FinalBitSet> staticFilter = new IdentityHashMap<>();
  private final IdentityHashMap<ClassInfo, FinalBitSet> staticRef = new IdentityHashMap<>();

  @Override
  protected FinalBitSet getInstanceFilterMask(ClassInfo ci) {
    return instanceFilter.computeIfAbsent(ci, super::getInstanceFilterMask);
  }

  @Override
  protected FinalBitSet getInstanceRefMask(ClassInfo ci) {
    return instanceRef.computeIfAbsent(ci, super::getInstanceRefMask);
  }

  @Override
  protected FinalBitSet getStaticFilterMask(ClassInfo ci) {
    return staticFilter.computeIfAbsent(ci, super::getStaticFilterMask);
  }

  @Override
  protected FinalBitSet getStaticRefMask(ClassInfo ci) {
    return staticRef.computeIfAbsent(ci, super::getStaticRefMask);
  }
}
