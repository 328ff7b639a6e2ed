package org.kvmlocking.lincheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** checks.tsv and the row-writing tests agree: every row names one test method, every such test has one row. */
class CatalogTest {
    private static final Class<?>[] ROW_TESTS = {LincheckDesignsTest.class, LincheckReachTest.class, LincheckSeededTest.class,
            LincheckGpc618Test.class};

    @Test
    void everyRowIsOneTestAndEveryTestOneRow() {
        Set<String> tests = new HashSet<>();
        for (Class<?> c : ROW_TESTS) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.isAnnotationPresent(Test.class)) {
                    tests.add(c.getSimpleName() + "#" + m.getName());
                }
            }
        }
        List<String> named = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (Catalog.Check c : Catalog.all()) {
            assertTrue(tests.contains(c.test()), "checks.tsv names no test method " + c.test());
            assertTrue(keys.add(c.design() + " " + c.run()), "checks.tsv: two rows for " + c.design() + " " + c.run());
            named.add(c.test());
        }
        Set<String> once = new HashSet<>(named);
        assertEquals(named.size(), once.size(), "a test method has two rows in checks.tsv");
        Set<String> missing = new HashSet<>(tests);
        missing.removeAll(once);
        assertTrue(missing.isEmpty(), "tests without a row in checks.tsv: " + missing);
    }
}
