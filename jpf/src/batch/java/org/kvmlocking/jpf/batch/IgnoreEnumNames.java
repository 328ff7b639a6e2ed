package org.kvmlocking.jpf.batch;

import gov.nasa.jpf.vm.FieldInfo;
import gov.nasa.jpf.vm.serialize.AmmendableFilterConfiguration.InstanceAmmendment;

/**
 * Leaves {@code java.lang.Enum.name} out of JPF's state matching. An enum constant is one
 * object per (class, ordinal), and its name is a function of the two, which the serializer
 * still hashes (the class id and the ordinal field); the name's String and byte[] are about a
 * third of every state's serialized ints here (adopted_delete: 2,540 ints a state, of them 51
 * {@code Step} constants with 51 names, ~900 ints). jpf-core's own default filter does the same
 * for {@code java.lang.Class}'s name (IgnoreReflectiveNames). It could only merge two states that
 * differ in which String object with an enum name's text a field holds, which the code under
 * test never tells apart (it compares no strings by identity). jpf/check.sh selects it (with
 * {@code +filter.instance_ammendments}) for the runs expected to hold only: their 16 complete
 * searches give the same new/visited/backtracked/end counts with and without it; 5 of the gpc
 * driver's trace-printing bug runs did not (docs/check-times.md, 2026-12-06).
 */
public final class IgnoreEnumNames implements InstanceAmmendment {
  @Override
  public boolean ammendFieldInclusion(FieldInfo fi, boolean sofar) {
    if (fi.getName().equals("name") && fi.getClassInfo().getName().equals("java.lang.Enum")) {
      return POLICY_IGNORE;
    }
    return sofar;
  }
}
