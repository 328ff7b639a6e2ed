package org.kvmlocking.report;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough TLA+ to tell which branch of a MUTANT line a step took: a conjunction of
 * {@code Variant = "x"}, names of definitions, and {@code a = b} or {@code a # b} over variables,
 * record fields, strings, numbers and booleans, evaluated in one state. Null when it cannot tell.
 */
final class Eval {
    private Eval() {}

    private static final Pattern VARIANT = Pattern.compile("^Variant\\s*([=#])\\s*\"([a-z0-9_]+)\"$");
    private static final Pattern NAME = Pattern.compile("^[A-Z][A-Za-z0-9_]*$");
    private static final Pattern CMP = Pattern.compile("^(.+?)\\s+(>=|=<|<=|[=#<>])\\s+(.+)$");

    static Boolean cond(Spec spec, String module, String expr, Map<String, Tla.Val> vars, String design) {
        return cond(spec, module, expr, vars, design, 0);
    }

    private static Boolean cond(Spec spec, String module, String expr, Map<String, Tla.Val> vars, String design, int depth) {
        if (depth > 4) return null;
        boolean unknown = false;
        for (String c : expr.split("/\\\\")) {
            c = c.trim();
            if (c.isEmpty()) continue;
            Boolean v = conjunct(spec, module, c, vars, design, depth);
            if (v == null) unknown = true;
            else if (!v) return false;
        }
        return unknown ? null : true;
    }

    private static Boolean conjunct(Spec spec, String module, String c, Map<String, Tla.Val> vars, String design, int depth) {
        Matcher m = VARIANT.matcher(c);
        if (m.matches()) return m.group(1).equals("=") == m.group(2).equals(design);
        if (NAME.matcher(c).matches()) {
            Spec.Def d = spec.find(module, c);
            if (d == null) return null;
            String body = String.join(" ", d.body).replaceFirst("^\\s*" + c + "\\s*==", "").replaceAll("\\\\\\*.*?(?=$)", "");
            return cond(spec, module, body, vars, design, depth + 1);
        }
        if (c.contains("\\") || c.contains("=>") || c.contains("IF ") || c.contains("(")) return null;   // more than we read
        m = CMP.matcher(c);
        if (!m.matches()) return null;
        Tla.Val a = value(m.group(1).trim(), vars), b = value(m.group(3).trim(), vars);
        if (a == null || b == null) return null;
        String op = m.group(2);
        if (op.equals("=") || op.equals("#")) return a.equals(b) == op.equals("=");
        if (a.kind != Tla.Kind.INT || b.kind != Tla.Kind.INT) return null;
        switch (op) {
            case ">=": return a.num >= b.num;
            case "=<": case "<=": return a.num <= b.num;
            case "<": return a.num < b.num;
            default: return a.num > b.num;
        }
    }

    private static Tla.Val value(String s, Map<String, Tla.Val> vars) {
        if (s.matches("^\"[^\"]*\"$")) return Tla.Val.str(s.substring(1, s.length() - 1));
        if (s.matches("^-?\\d+$")) return Tla.Val.num(Long.parseLong(s));
        if (s.equals("TRUE") || s.equals("FALSE")) return Tla.Val.bool(s.equals("TRUE"));
        Matcher m = Pattern.compile("^([a-z_][A-Za-z0-9_]*)(?:\\.([a-z_][A-Za-z0-9_]*))?$").matcher(s);
        if (!m.matches()) return null;
        Tla.Val v = vars.get(m.group(1));
        return v == null || m.group(2) == null ? v : v.get(m.group(2));
    }
}
