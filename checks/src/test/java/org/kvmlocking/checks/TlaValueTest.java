package org.kvmlocking.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TlaValueTest {
    @Test
    void readsEveryKindTlcPrints() {
        TlaValue v = TlaValue.parse("( i1 :> [slots |-> {1, 2}, invalid |-> {}, dirty |-> FALSE, none |-> TRUE] @@\n"
                + "  u :> [slots |-> {}, invalid |-> {}, dirty |-> TRUE, none |-> TRUE] )");
        TlaValue.Fun f = assertInstanceOf(TlaValue.Fun.class, v);
        assertEquals(2, f.map().size());
        TlaValue i1 = v.get("i1");
        assertEquals(new TlaValue.Set(List.of(new TlaValue.Num(1), new TlaValue.Num(2))), i1.get("slots"));
        assertEquals(new TlaValue.Bool(false), i1.get("dirty"));
        assertEquals(new TlaValue.Bool(true), v.get("u").get("dirty"));
        assertEquals(new TlaValue.Str("TASK_RUNNING"), TlaValue.parse("\"TASK_RUNNING\""));
        assertEquals(new TlaValue.Model("i1"), TlaValue.parse("i1"));
        assertEquals(new TlaValue.Num(-1), TlaValue.parse("<<-1>>").get("1"));
        assertEquals(new TlaValue.Seq(List.of()), TlaValue.parse("<< >>"));
        assertEquals(TlaValue.parse("{1, 2, 3}"), TlaValue.parse("1..3"));
        assertEquals(TlaValue.parse("{}"), TlaValue.parse("2..1"));
        assertEquals(new TlaValue.Str("a\"b"), TlaValue.parse("\"a\\\"b\""));
        TlaValue rec = TlaValue.parse("<<\"reach\", 3, 14>>");
        assertEquals("reach", TlaValue.plain(rec.get("1")));
        assertEquals(new TlaValue.Num(14), rec.get("3"));
    }

    @Test
    void printsBackWhatItRead() {
        for (String s : List.of("(i1 :> \"idle\" @@ i2 :> \"start_unlock_mn\")", "[slots |-> {1}, invalid |-> {}, dirty |-> FALSE]",
                "<<0, -1>>", "<< >>", "{i1, i2}", "TRUE")) {
            assertEquals(s, TlaValue.parse(s).toString());
        }
    }

    @Test
    void badTextNamesWhere() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TlaValue.parse("[a |-> 1"));
        assertTrue(e.getMessage().contains("expected ']'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TlaValue.parse("{1, 2} x"));
        assertThrows(IllegalArgumentException.class, () -> TlaValue.parse("\"open"));
        assertThrows(IllegalArgumentException.class, () -> TlaValue.parse(""));
    }
}
