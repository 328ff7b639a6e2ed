package org.kvmlocking.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The values TLC prints in a trace: integers, strings, booleans, model values, sets (and
 * {@code a..b}), sequences, records and functions ({@code (a :> x @@ b :> y)}). Parsed into
 * {@link Val}; {@link Val#toString()} prints them back compactly for a reader.
 */
final class Tla {
    private Tla() {}

    enum Kind { INT, STR, BOOL, MODEL, SET, SEQ, REC, FUN }

    /** One TLA+ value. Sets and sequences keep {@code items}; records and functions {@code map}. */
    static final class Val {
        final Kind kind;
        final long num;
        final String text;
        final List<Val> items;
        final Map<Val, Val> map;

        private Val(Kind kind, long num, String text, List<Val> items, Map<Val, Val> map) {
            this.kind = kind;
            this.num = num;
            this.text = text;
            this.items = items;
            this.map = map;
        }

        static Val num(long n) { return new Val(Kind.INT, n, null, null, null); }
        static Val str(String s) { return new Val(Kind.STR, 0, s, null, null); }
        static Val bool(boolean b) { return new Val(Kind.BOOL, b ? 1 : 0, null, null, null); }
        static Val model(String s) { return new Val(Kind.MODEL, 0, s, null, null); }
        static Val set(List<Val> xs) { return new Val(Kind.SET, 0, null, xs, null); }
        static Val seq(List<Val> xs) { return new Val(Kind.SEQ, 0, null, xs, null); }
        static Val rec(Map<Val, Val> m) { return new Val(Kind.REC, 0, null, null, m); }
        static Val fun(Map<Val, Val> m) { return new Val(Kind.FUN, 0, null, null, m); }

        /** A record field or function entry (a sequence by 1-based index); null if absent. */
        Val get(String key) {
            if (kind == Kind.SEQ) {
                int i = Integer.parseInt(key);
                return i >= 1 && i <= items.size() ? items.get(i - 1) : null;
            }
            if (map == null) return null;
            for (Map.Entry<Val, Val> e : map.entrySet()) if (e.getKey().plain().equals(key)) return e.getValue();
            return null;
        }

        boolean isTrue() { return kind == Kind.BOOL && num == 1; }

        /** Keys of a function or record, indexes of a sequence, as plain text. */
        List<String> keys() {
            List<String> out = new ArrayList<>();
            if (kind == Kind.SEQ) for (int i = 1; i <= items.size(); i++) out.add(Integer.toString(i));
            else if (map != null) for (Val k : map.keySet()) out.add(k.plain());
            return out;
        }

        /** The value as a reader wants it: strings unquoted, "none" for NoTask. */
        String plain() {
            switch (kind) {
                case INT: return Long.toString(num);
                case STR: case MODEL: return text;
                case BOOL: return num == 1 ? "true" : "false";
                default: return toString();
            }
        }

        /** Set members as plain strings, sorted numerically when they are numbers. */
        List<String> members() {
            List<String> out = new ArrayList<>();
            if (items == null) return out;
            for (Val v : items) out.add(v.plain());
            return out;
        }

        @Override public String toString() {
            StringBuilder b = new StringBuilder();
            switch (kind) {
                case INT: return Long.toString(num);
                case STR: return text;
                case MODEL: return text;
                case BOOL: return num == 1 ? "TRUE" : "FALSE";
                case SET: case SEQ: {
                    b.append(kind == Kind.SET ? "{" : "<<");
                    for (int i = 0; i < items.size(); i++) b.append(i > 0 ? "," : "").append(items.get(i));
                    return b.append(kind == Kind.SET ? "}" : ">>").toString();
                }
                default: {
                    b.append(kind == Kind.REC ? "[" : "(");
                    int i = 0;
                    for (Map.Entry<Val, Val> e : map.entrySet())
                        b.append(i++ > 0 ? ", " : "").append(e.getKey().plain())
                         .append(kind == Kind.REC ? "=" : ":").append(e.getValue());
                    return b.append(kind == Kind.REC ? "]" : ")").toString();
                }
            }
        }

        @Override public boolean equals(Object o) {
            if (!(o instanceof Val)) return false;
            Val v = (Val) o;
            if (kind != v.kind) return false;
            switch (kind) {
                case INT: case BOOL: return num == v.num;
                case STR: case MODEL: return text.equals(v.text);
                case SET: return new TreeSet<>(members()).equals(new TreeSet<>(v.members()));
                case SEQ: return items.equals(v.items);
                default: return map.equals(v.map);
            }
        }

        @Override public int hashCode() {
            switch (kind) {
                case INT: case BOOL: return Long.hashCode(num);
                case STR: case MODEL: return text.hashCode();
                case SET: return new TreeSet<>(members()).hashCode();
                case SEQ: return items.hashCode();
                default: return Objects.hash(kind, map);
            }
        }
    }

    /** Parses one value as TLC prints it; throws IllegalArgumentException on anything else. */
    static Val parse(String s) {
        Parser p = new Parser(s);
        Val v = p.value();
        p.ws();
        if (p.i != s.length()) throw new IllegalArgumentException("unexpected text at " + p.i + " in: " + s);
        return v;
    }

    private static final class Parser {
        final String s;
        int i;

        Parser(String s) { this.s = s; }

        void ws() { while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++; }

        boolean eat(String t) {
            ws();
            if (s.startsWith(t, i)) { i += t.length(); return true; }
            return false;
        }

        void expect(String t) {
            if (!eat(t)) throw new IllegalArgumentException("expected '" + t + "' at " + i + " in: " + s);
        }

        Val value() {
            ws();
            if (i >= s.length()) throw new IllegalArgumentException("value expected in: " + s);
            char c = s.charAt(i);
            Val v;
            if (c == '"') {
                int j = s.indexOf('"', i + 1);
                v = Val.str(s.substring(i + 1, j));
                i = j + 1;
            } else if (c == '{') {
                i++;
                List<Val> xs = new ArrayList<>();
                if (!eat("}")) {
                    do { xs.add(value()); } while (eat(","));
                    expect("}");
                }
                v = Val.set(xs);
            } else if (s.startsWith("<<", i)) {
                i += 2;
                List<Val> xs = new ArrayList<>();
                if (!eat(">>")) {
                    do { xs.add(value()); } while (eat(","));
                    expect(">>");
                }
                v = Val.seq(xs);
            } else if (c == '[') {
                i++;
                Map<Val, Val> m = new LinkedHashMap<>();
                if (!eat("]")) {
                    do {
                        ws();
                        String k = ident();
                        expect("|->");
                        m.put(Val.str(k), value());
                    } while (eat(","));
                    expect("]");
                }
                v = Val.rec(m);
            } else if (c == '(') {
                i++;
                Val first = value();
                if (eat(":>")) {
                    Map<Val, Val> m = new LinkedHashMap<>();
                    m.put(first, value());
                    while (eat("@@")) {
                        Val k = value();
                        expect(":>");
                        m.put(k, value());
                    }
                    v = Val.fun(m);
                } else {
                    v = first;
                }
                expect(")");
            } else if (c == '-' || Character.isDigit(c)) {
                int j = i + 1;
                while (j < s.length() && Character.isDigit(s.charAt(j))) j++;
                v = Val.num(Long.parseLong(s.substring(i, j)));
                i = j;
            } else {
                String id = ident();
                if (id.equals("TRUE") || id.equals("FALSE")) v = Val.bool(id.equals("TRUE"));
                else v = Val.model(id);
            }
            // a .. b: a set of integers
            if (v.kind == Kind.INT && eat("..")) {
                Val hi = value();
                List<Val> xs = new ArrayList<>();
                for (long n = v.num; n <= hi.num; n++) xs.add(Val.num(n));
                v = Val.set(xs);
            }
            return v;
        }

        String ident() {
            ws();
            int j = i;
            while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) j++;
            if (j == i) throw new IllegalArgumentException("identifier expected at " + i + " in: " + s);
            String id = s.substring(i, j);
            i = j;
            return id;
        }
    }
}
