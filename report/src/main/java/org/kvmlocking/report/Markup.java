package org.kvmlocking.report;

/** HTML escaping and anchor ids: the one leaf every render class uses (it uses nothing). */
final class Markup {
    private Markup() {}

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static String id(String s) { return s.replaceAll("[^A-Za-z0-9_-]", "_"); }
}
