package org.kvmlocking.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.kvmlocking.checks.TlaValue;

/**
 * The values TLC prints in a trace, as the report uses them: read by the checks module
 * ({@link TlaValue}) and converted into {@link Val}, whose {@link Val#toString()} prints them
 * back compactly for a reader and whose equality treats sets as sets.
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
                // A field name asked of a sequence (6.18's memslots is a tuple per address
                // space, 5.15's a record): no such entry.
                if (!key.matches("[0-9]+")) return null;
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

    /** One value as TLC prints it, read by the checks module; IllegalArgumentException on anything else. */
    static Val parse(String s) {
        return of(TlaValue.parse(s));
    }

    /** The checks module's value as the report's (which prints compactly and compares sets as sets). */
    static Val of(TlaValue v) {
        if (v instanceof TlaValue.Num n) return Val.num(n.value());
        if (v instanceof TlaValue.Str x) return Val.str(x.value());
        if (v instanceof TlaValue.Bool x) return Val.bool(x.value());
        if (v instanceof TlaValue.Model x) return Val.model(x.name());
        if (v instanceof TlaValue.Set x) return Val.set(x.elements().stream().map(Tla::of).toList());
        if (v instanceof TlaValue.Seq x) return Val.seq(x.elements().stream().map(Tla::of).toList());
        Map<Val, Val> m = new LinkedHashMap<>();
        if (v instanceof TlaValue.Rec x) {
            x.fields().forEach((k, e) -> m.put(Val.str(k), of(e)));
            return Val.rec(m);
        }
        ((TlaValue.Fun) v).map().forEach((k, e) -> m.put(of(k), of(e)));
        return Val.fun(m);
    }
}
