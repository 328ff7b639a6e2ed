package org.kvmlocking.kvm;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A design as designs.tsv (top of the repository, packaged as a resource) names it: the one list
 * of designs that the Makefile, the check scripts and every Java module read. A design with a
 * Java class can be created by name; the others exist only in the spec.
 */
public final class Design {
    private static final String RESOURCE = "/designs.tsv";
    private static List<Design> all;

    private final String name;
    private final String javaClass;
    private final String module;
    private final String summary;

    private Design(String name, String javaClass, String module, String summary) {
        this.name = name;
        this.javaClass = javaClass;
        this.module = module;
        this.summary = summary;
    }

    /** Every design of designs.tsv, in its order. */
    public static synchronized List<Design> all() {
        if (all == null) {
            all = Collections.unmodifiableList(load());
        }
        return all;
    }

    /** The design of that name; an unknown name throws with the list of known ones. */
    public static Design byName(String name) {
        for (Design d : all()) {
            if (d.name.equals(name)) {
                return d;
            }
        }
        throw new IllegalArgumentException("unknown design '" + name + "'; known designs: " + names(false));
    }

    /** The design of that name, which must have a Java implementation. */
    public static Design javaByName(String name) {
        Design d = byName(name);
        if (!d.hasJava()) {
            throw new IllegalArgumentException("design '" + name + "' has no Java implementation (spec only); designs with one: "
                    + names(true));
        }
        return d;
    }

    /** The names, space-separated; only those with a Java class if javaOnly. */
    public static String names(boolean javaOnly) {
        StringBuilder b = new StringBuilder();
        for (Design d : all()) {
            if (!javaOnly || d.hasJava()) {
                b.append(b.length() > 0 ? " " : "").append(d.name);
            }
        }
        return b.toString();
    }

    public String name() {
        return name;
    }

    /** The designs.tsv java column (a class name), or null for a spec-only design. */
    public String javaClass() {
        return javaClass;
    }

    public boolean hasJava() {
        return javaClass != null;
    }

    /** The TLA+ module of the design, or null. */
    public String module() {
        return module;
    }

    public String summary() {
        return summary;
    }

    /** A KVM of this design registered with mm (per-step invariant checks if checks). */
    public AbstractKvm create(Mm mm, boolean checks) {
        if (javaClass == null) {
            throw new IllegalStateException("design '" + name + "' has no Java implementation (spec only)");
        }
        return create(javaClass, mm, checks);
    }

    /** A KVM of the design class javaClass (a designs.tsv java column) registered with mm. */
    public static AbstractKvm create(String javaClass, Mm mm, boolean checks) {
        try {
            return (AbstractKvm) Class.forName(javaClass).getConstructor(Mm.class, boolean.class).newInstance(mm, checks);
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException("designs.tsv: cannot create " + javaClass + "(Mm, boolean): " + e);
        }
    }

    @Override
    public String toString() {
        return name;
    }

    /** The resource; through the system class loader's URL where Class.getResourceAsStream fails (under JPF). */
    private static InputStream open() throws IOException {
        InputStream in = Design.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            java.net.URL u = ClassLoader.getSystemClassLoader().getResource(RESOURCE.substring(1));
            in = u == null ? null : u.openStream();
        }
        return in;
    }

    private static List<Design> load() {
        List<Design> list = new ArrayList<>();
        boolean header = true;
        for (String line : readLines()) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            if (f.length != 5) {
                throw new IllegalStateException("designs.tsv: expected 5 tab-separated columns: " + line);
            }
            if (header) {
                header = false;
                continue;
            }
            list.add(new Design(f[0], f[2].equals("-") ? null : f[2], f[3].equals("-") ? null : f[3], f[4]));
        }
        return list;
    }

    /** The lines of the resource, read byte by byte (JPF models no Reader with a Charset). ASCII only. */
    private static List<String> readLines() {
        List<String> lines = new ArrayList<>();
        try (InputStream in = open()) {
            if (in == null) {
                throw new IllegalStateException("designs.tsv is not on the classpath (impl's build copies it from the repository top)");
            }
            StringBuilder b = new StringBuilder();
            for (int c = in.read(); c >= 0; c = in.read()) {
                if (c > 127) {
                    throw new IllegalStateException("designs.tsv: not ASCII (byte " + c + ")");
                }
                if (c == '\n') {
                    lines.add(b.toString());
                    b.setLength(0);
                } else if (c != '\r') {
                    b.append((char) c);
                }
            }
            if (b.length() > 0) {
                lines.add(b.toString());
            }
        } catch (IOException e) {
            throw new IllegalStateException("designs.tsv: " + e.getMessage());
        }
        return lines;
    }
}
