package org.kvmlocking.report;

import java.nio.file.Path;

/** make report: {@code Main [--root DIR]}; one diagram: {@code Main --race SPECDIR CFG GOT TLC_OUTPUT}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 5 && args[0].equals("--race")) {
            Spec spec = new Spec(Path.of(args[1]));
            Race.Cfg cfg = new Race.Cfg(Path.of(args[2]));
            Race r = new Race(spec, cfg, args[3], Trace.read(Path.of(args[4])));   // TLC's whole output (.out)
            System.out.print(TextDiagram.render(r, "TLC", ""));
            return;
        }
        Path root = Path.of(args.length == 2 && args[0].equals("--root") ? args[1] : ".");
        try {
            Report.Result res = Report.write(root);
            System.out.println("report: " + res.summary());
        } catch (Report.BadInput e) {
            System.err.println("report: " + e.getMessage());
            System.exit(1);
        }
    }
}
