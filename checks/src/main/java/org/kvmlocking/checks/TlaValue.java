package org.kvmlocking.checks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A TLA+ value as TLC prints it in an error trace or a PrintT line: numbers, strings, booleans,
 * model values ({@code i1}), sets ({@code {a, b}}, {@code 1..3}), sequences and tuples
 * ({@code <<a, b>>}), records ({@code [f |-> v]}) and functions ({@code (a :> x @@ b :> y)}).
 * {@link #parse(String)} reads one; {@link #toString()} prints it back in TLC's form.
 */
public sealed interface TlaValue {

    /** An integer. */
    record Num(long value) implements TlaValue {
        @Override public String toString() { return Long.toString(value); }
    }

    /** A string, without its quotes. */
    record Str(String value) implements TlaValue {
        @Override public String toString() { return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"'; }
    }

    /** TRUE or FALSE. */
    record Bool(boolean value) implements TlaValue {
        @Override public String toString() { return value ? "TRUE" : "FALSE"; }
    }

    /** A model value (a CONSTANT bound to itself in the .cfg, e.g. {@code i1}, {@code u}). */
    record Model(String name) implements TlaValue {
        @Override public String toString() { return name; }
    }

    /** A set, its elements in TLC's printed order. */
    record Set(List<TlaValue> elements) implements TlaValue {
        @Override public String toString() { return "{" + join(elements) + "}"; }
    }

    /** A sequence or tuple. */
    record Seq(List<TlaValue> elements) implements TlaValue {
        @Override public String toString() { return elements.isEmpty() ? "<< >>" : "<<" + join(elements) + ">>"; }
    }

    /** A record: field names to values, in TLC's printed order. */
    record Rec(Map<String, TlaValue> fields) implements TlaValue {
        @Override public String toString() {
            StringBuilder b = new StringBuilder("[");
            fields.forEach((k, v) -> b.append(b.length() > 1 ? ", " : "").append(k).append(" |-> ").append(v));
            return b.append(']').toString();
        }
    }

    /** A function written {@code (k1 :> v1 @@ k2 :> v2)}. */
    record Fun(Map<TlaValue, TlaValue> map) implements TlaValue {
        @Override public String toString() {
            StringBuilder b = new StringBuilder("(");
            map.forEach((k, v) -> b.append(b.length() > 1 ? " @@ " : "").append(k).append(" :> ").append(v));
            return b.append(')').toString();
        }
    }

    /**
     * A field of a record, an entry of a function (its key printed as text, e.g. {@code i1}
     * or {@code 2}), or an element of a sequence (1-based); null when absent or not applicable.
     */
    default TlaValue get(String key) {
        if (this instanceof Rec r) return r.fields().get(key);
        if (this instanceof Fun f) {
            for (Map.Entry<TlaValue, TlaValue> e : f.map().entrySet()) {
                if (plain(e.getKey()).equals(key)) return e.getValue();
            }
            return null;
        }
        if (this instanceof Seq s) {
            try {
                int i = Integer.parseInt(key);
                return i >= 1 && i <= s.elements().size() ? s.elements().get(i - 1) : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** A string's text without quotes, a model value's name, anything else as TLC prints it. */
    static String plain(TlaValue v) {
        return v instanceof Str s ? s.value() : v.toString();
    }

    private static String join(List<TlaValue> xs) {
        StringBuilder b = new StringBuilder();
        for (TlaValue x : xs) b.append(b.length() > 0 ? ", " : "").append(x);
        return b.toString();
    }

    /** Parses one value; throws {@link IllegalArgumentException} naming the position on bad text. */
    static TlaValue parse(String text) {
        Parser p = new Parser(text);
        TlaValue v = p.value();
        p.skip();
        if (p.i != text.length()) throw p.error("unexpected text after the value");
        return v;
    }

    /** A recursive-descent reader of TLC's value syntax. */
    final class Parser {
        private final String s;
        private int i;

        private Parser(String s) { this.s = Objects.requireNonNull(s); }

        private IllegalArgumentException error(String why) {
            int from = Math.max(0, i - 20);
            return new IllegalArgumentException("TLA+ value: " + why + " at character " + i + " (near '"
                    + s.substring(from, Math.min(s.length(), i + 20)) + "')");
        }

        private void skip() { while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++; }

        private boolean eat(String tok) {
            skip();
            if (s.startsWith(tok, i)) { i += tok.length(); return true; }
            return false;
        }

        private void expect(String tok) { if (!eat(tok)) throw error("expected '" + tok + "'"); }

        private TlaValue value() {
            skip();
            if (i >= s.length()) throw error("a value is missing");
            char c = s.charAt(i);
            if (c == '"') return string();
            if (s.startsWith("<<", i)) {
                i += 2;
                List<TlaValue> xs = new ArrayList<>();
                if (!eat(">>")) { do xs.add(value()); while (eat(",")); expect(">>"); }
                return new Seq(List.copyOf(xs));
            }
            if (c == '{') {
                i++;
                List<TlaValue> xs = new ArrayList<>();
                if (!eat("}")) { do xs.add(value()); while (eat(",")); expect("}"); }
                return new Set(List.copyOf(xs));
            }
            if (c == '[') {
                i++;
                Map<String, TlaValue> fields = new LinkedHashMap<>();
                if (!eat("]")) {
                    do {
                        skip();
                        String f = ident();
                        expect("|->");
                        fields.put(f, value());
                    } while (eat(","));
                    expect("]");
                }
                return new Rec(fields);
            }
            if (c == '(') {
                i++;
                Map<TlaValue, TlaValue> map = new LinkedHashMap<>();
                if (eat(")")) return new Fun(map);        // TLC never prints this, but it is harmless
                TlaValue first = value();
                if (eat(")")) return first;                 // a parenthesised value
                do {
                    TlaValue k = map.isEmpty() ? first : value();
                    expect(":>");
                    map.put(k, value());
                } while (eat("@@"));
                expect(")");
                return new Fun(map);
            }
            if (c == '-' || Character.isDigit(c)) {
                int from = i;
                if (c == '-') i++;
                while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
                if (i == from + (c == '-' ? 1 : 0)) throw error("a number has no digits");
                long n = Long.parseLong(s.substring(from, i));
                if (s.startsWith("..", i)) {          // an interval a..b, a set of integers
                    i += 2;
                    TlaValue hi = value();
                    if (!(hi instanceof Num h)) throw error("an interval's upper bound is not a number");
                    List<TlaValue> xs = new ArrayList<>();
                    for (long k = n; k <= h.value(); k++) xs.add(new Num(k));
                    return new Set(List.copyOf(xs));
                }
                return new Num(n);
            }
            if (Character.isLetter(c) || c == '_') {
                String id = ident();
                if (id.equals("TRUE")) return new Bool(true);
                if (id.equals("FALSE")) return new Bool(false);
                return new Model(id);
            }
            throw error("unexpected character '" + c + "'");
        }

        private String ident() {
            int from = i;
            while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) i++;
            if (i == from) throw error("expected a name");
            return s.substring(from, i);
        }

        private TlaValue string() {
            StringBuilder b = new StringBuilder();
            i++;                                           // the opening quote
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == '"') return new Str(b.toString());
                if (c == '\\' && i < s.length()) {
                    char e = s.charAt(i++);
                    b.append(switch (e) { case 'n' -> '\n'; case 't' -> '\t'; default -> e; });
                } else {
                    b.append(c);
                }
            }
            throw error("a string is not closed");
        }
    }
}
