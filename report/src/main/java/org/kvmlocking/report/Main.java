package org.kvmlocking.report;

import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/** make report: {@code Main [--root DIR]}; one diagram: {@code Main --race SPECDIR CFG GOT TLC_OUTPUT}. */
public final class Main {
    private Main() {}

    static final String USAGE = "usage: Main [--root DIR] | Main --race SPECDIR CFG GOT TLC_OUTPUT";

    public static void main(String[] args) throws Exception {
        String bad = usage(args);
        if (bad != null) {
            System.err.println("report: " + bad + "; " + USAGE);
            System.exit(2);
        }
        Path root = Path.of(args.length == 2 ? args[1] : ".");
        if (!onClasspath("org.kvmlocking.checks.Row")) {
            relaunch(root, args);
            return;
        }
        if (args.length == 5 && args[0].equals("--race")) {
            Spec spec = new Spec(Path.of(args[1]));
            Race.Cfg cfg = new Race.Cfg(Path.of(args[2]));
            Race r = new Race(spec, cfg, args[3], Trace.read(Path.of(args[4])));   // TLC's whole output (.out)
            System.out.print(TextDiagram.render(r, "TLC", ""));
            return;
        }
        try {
            Report.Result res = Report.write(root);
            System.out.println("report: " + res.summary());
        } catch (Report.BadInput e) {
            System.err.println("report: " + e.getMessage());
            System.exit(1);
        }
    }

    /** What is wrong with the arguments, or null: no argument, --root DIR, or --race and its four. */
    static String usage(String[] args) {
        if (args.length == 0) return null;
        if (args[0].equals("--root")) return args.length == 2 && !args[1].isBlank() ? null : "--root takes one directory";
        if (args[0].equals("--race")) return args.length == 5 ? null : "--race takes four arguments, got " + (args.length - 1);
        return "unknown argument " + args[0];
    }

    private static boolean onClasspath(String cls) {
        try {
            Class.forName(cls, false, Main.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /**
     * Run as {@code java -cp report/target/classes} (the Makefile before the checks module): the
     * checks module's classes are found beside the report's, in checks/target/classes of the
     * repository the report's classes come from (or of --root), and the report runs again with
     * both on its class path.
     */
    private static void relaunch(Path root, String[] args) throws Exception {
        Path mine = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path checks = null;
        for (Path repo : new Path[] {mine.getParent() == null ? null : mine.getParent().getParent().getParent(), root})
            if (repo != null && Files.isDirectory(repo.resolve("checks/target/classes/org/kvmlocking/checks")))
                checks = repo.resolve("checks/target/classes");
        if (checks == null) {
            System.err.println("report: the checks module's classes are missing (checks/target/classes): run make setup"
                + " (or mvn -pl checks compile), or put them on the class path");
            System.exit(1);
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {mine.toUri().toURL(), checks.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            loader.loadClass(Main.class.getName()).getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception x) throw x;
            throw e;
        }
    }
}
