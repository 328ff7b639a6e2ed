package org.kvmlocking.report;

import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import static org.kvmlocking.report.Markup.esc;
import static org.kvmlocking.report.Markup.id;

/** The protocol's kernel code (adopted design) and the designs compared against it. */
final class CodeHtml {
    private CodeHtml() {}

    /** The kernel code of range_start, range_end and install_new_memslots, read from the adopted spec. */
    static void protocol(StringBuilder b, Spec spec, List<Designs.Design> all, Map<String, Map<String, String>> java) {
        Set<String> designs = new LinkedHashSet<>();
        for (Designs.Design d : all) designs.add(d.name());
        String module = "KvmMemslots";
        b.append("<section id=\"protocol\"><h2>The protocol (adopted design)</h2>\n<p>The kernel statements of the spec's actions ")
         .append("in program order (TypeOK's list of program counters in <code>spec/").append(module).append(".tla</code>). ")
         .append("Each line links to its spec action; the small link to the Java method that performs it as <code>step(Action)</code>. ")
         .append("Another design's own steps (their comment starts with its name, such as <code>racy_count:</code>) are left out.</p>\n<div class=\"code3\">");
        List<String> ipc = spec.pcOrder(module, "ipc"), upc = spec.pcOrder(module, "upc");
        int change = ipc.indexOf("primary_pte_change");
        List<String> start = change < 0 ? ipc : ipc.subList(0, change);
        List<String> end = change < 0 ? List.of() : ipc.subList(change + 1, ipc.size());
        List<String> install = new ArrayList<>();
        for (String u : upc) if (u.startsWith("install_")) install.add(u);
        code(b, spec, module, "ipc", "kvm_mmu_notifier_invalidate_range_start()", start, designs, java);
        code(b, spec, module, "ipc", "kvm_mmu_notifier_invalidate_range_end()", end, designs, java);
        code(b, spec, module, "upc", "install_new_memslots()", install, designs, java);
        b.append("</div></section>\n");
    }

    static void code(StringBuilder b, Spec spec, String module, String var, String title, List<String> pcs,
                     Set<String> designs, Map<String, Map<String, String>> java) {
        b.append("<div class=\"code\"><h3>").append(esc(title)).append("</h3><pre>");
        for (String pc : pcs) {
            Spec.Def d = spec.actionAt(module, var, pc);
            if (d == null || spec.ownDesign(module, d.name, "adopted", designs) != null) continue;
            String st = d.statement();
            b.append("<a href=\"#action-").append(id(d.name)).append("\" title=\"").append(esc(d.name + " — " + d.kernel)).append("\">")
             .append(esc(st)).append("</a>");
            Map<String, String> j = java.get(d.name);
            if (j != null && !j.isEmpty())
                b.append("  <a class=\"java\" href=\"#java-").append(id(d.name)).append("\">").append(esc(j.keySet().iterator().next())).append("</a>");
            b.append('\n');
            for (String c : d.closing()) b.append(esc(c)).append('\n');
        }
        b.append("</pre></div>");
    }

    static void designs(StringBuilder b, List<Designs.Design> all, Spec spec, Map<String, List<JavaSource.MethodDiff>> diffs) {
        b.append("<section id=\"designs\"><h2>The designs compared</h2>\n<p>From <code>designs.tsv</code>; the lines each variant ")
         .append("changes against the adopted code are the spec's <code>\\* MUTANT</code> and <code>\\* VARIANT</code> lines of ")
         .append("<code>spec/KvmMemslots.tla</code> (selected by <code>Variant</code>); in the Java code, each method the design's class ")
         .append("declares, as a diff against the adopted code's method of the same name (<code>-</code> the adopted line, <code>+</code> the design's; ")
         .append("the rwsem designs against the correct rwsem, <code>RwsemUnfair</code>).</p>\n<table class=\"designs\"><thead><tr><th>design</th>")
         .append("<th>Java</th><th>module</th><th>what it is</th><th>lines that differ from the adopted code</th></tr></thead><tbody>\n");
        List<String[]> mutants = spec.mutantLines("KvmMemslots");
        for (Designs.Design c : all) {
            b.append("<tr id=\"design-").append(id(c.name())).append("\"><td><b>").append(esc(c.name())).append("</b></td><td><code>")
             .append(esc(c.java())).append("</code></td><td>").append(esc(c.module())).append("</td><td>").append(esc(c.summary())).append("</td><td>");
            if (c.module().equals("KvmMemslotsRwsem")) b.append("<small>its own module: <code>spec/KvmMemslotsRwsem.tla</code></small>");
            for (String[] m : mutants) {
                if (!List.of(m[2].split(",")).contains(c.name())) continue;
                b.append("<div class=\"mut\"><small>KvmMemslots.tla:").append(m[0]);
                if (spec.find("KvmMemslots", m[1]) != null)
                    b.append(" in <a href=\"#action-").append(id(m[1])).append("\">").append(esc(m[1])).append("</a>");
                b.append("</small><pre>").append(esc(m[3].strip())).append("</pre></div>");
            }
            for (JavaSource.MethodDiff d : diffs.getOrDefault(c.name(), List.of())) {
                b.append("<div class=\"jdiff\"><small>").append(esc(d.title())).append("</small><pre class=\"diff\">");
                for (String l : d.lines()) {
                    String cls = l.startsWith("+") ? "add" : l.startsWith("-") ? "del" : "ctx";
                    b.append("<span class=\"").append(cls).append("\">").append(esc(l)).append("</span>\n");
                }
                b.append("</pre></div>");
            }
            b.append("</td></tr>\n");
        }
        b.append("</tbody></table></section>\n");
    }
}
