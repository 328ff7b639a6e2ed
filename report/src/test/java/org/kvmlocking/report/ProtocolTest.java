package org.kvmlocking.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/** "The protocol (adopted design)" on the repository's own spec: adopted code only. */
class ProtocolTest {
    static final Path ROOT = Path.of(System.getProperty("report.root", "..")).toAbsolutePath().normalize();

    @Test
    void listsOnlyTheAdoptedCode() throws Exception {
        Spec spec = new Spec(ROOT.resolve("spec"));
        StringBuilder b = new StringBuilder();
        CodeHtml.protocol(b, spec, Designs.read(ROOT), Map.of());
        Element p = Jsoup.parse(b.toString()).getElementById("protocol");
        String text = p.text();
        assertFalse(text.contains("READ_ONCE"), "wake_after_unlock's READ_ONCE is not adopted code: " + text);
        for (Element a : p.select("pre a[href^=#action-]")) {
            String action = a.attr("href").substring("#action-".length());
            assertFalse(List.of("StartReadActive", "StartStoreActive", "EndTestWake").contains(action), action + " is another design's");
        }
        assertTrue(p.select("pre a[href=#action-StartIncActive]").size() == 1, "the adopted, locked ++ is there");
        assertTrue(p.select("pre a[href=#action-EndDecActive]").size() == 1, "the adopted wake = !--count is there");
    }

    /** A lock step waits for the lock in its guard; the operator that takes it is no guard. */
    @Test
    void lockStepsWaitForTheLockOnly() throws Exception {
        Spec spec = new Spec(ROOT.resolve("spec"));
        for (String a : List.of("StartLockMn", "EndLockMn", "InstallLockMn", "InstallRelockMn"))
            assertEquals(List.of("mn_invalidate_lock = NoTask"), spec.waitGuards("KvmMemslots", spec.find("KvmMemslots", a)), a);
        for (String a : List.of("StartUnlockMn", "InstallUnlockMnToSleep", "InstallUnlockMn"))
            assertEquals(List.of(), spec.waitGuards("KvmMemslots", spec.find("KvmMemslots", a)), a);
    }

    /** Each broken design's Java as a diff against the adopted method: if_not_while's if against the while. */
    @Test
    void brokenDesignsAreDiffsAgainstTheAdoptedCode() throws Exception {
        var diffs = JavaSource.diffs(ROOT, Designs.read(ROOT));
        assertTrue(diffs.containsKey("if_not_while"), diffs.keySet().toString());
        JavaSource.MethodDiff d = diffs.get("if_not_while").get(0);
        assertTrue(d.title().contains("waitAndPublish()") && d.title().contains("against Kvm.waitAndPublish()"), d.title());
        assertTrue(d.lines().stream().anyMatch(l -> l.startsWith("+") && l.contains("if (activeInvalidations())")), d.lines().toString());
        assertTrue(d.lines().stream().anyMatch(l -> l.startsWith("-") && l.contains("while")), d.lines().toString());
        assertFalse(diffs.containsKey("adopted"));
    }
}
