package org.kvmlocking.jpf.batch;

import gov.nasa.jpf.vm.FieldInfo;
import gov.nasa.jpf.vm.serialize.AmmendableFilterConfiguration.StaticAmmendment;

/**
 * A seeded mutant of JPF's state matching, never used by a check: it leaves the static fields
 * that hold an enum's constants (and its {@code $VALUES} array) out of the hash, which does
 * change what JPF matches (adopted_delete: 55,935 new states with jpf-core's serializer, 55,957
 * with this). jpf/serializer-test.sh runs it ({@code JPF_SERIALIZER=mutant}) to show that its
 * comparison of our state matching with jpf-core's can fail.
 */
public final class IgnoreEnumConstantFields implements StaticAmmendment {
  private static final int ACC_ENUM = 0x4000;

  @Override
  public boolean ammendFieldInclusion(FieldInfo fi, boolean sofar) {
    if (fi.isFinal() && fi.getClassInfo().isEnum()
        && ((fi.getModifiers() & ACC_ENUM) != 0 || fi.getName().equals("$VALUES"))) {
      return POLICY_IGNORE;
    }
    return sofar;
  }
}
