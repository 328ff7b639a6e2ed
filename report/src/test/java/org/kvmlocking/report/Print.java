package org.kvmlocking.report;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The page as it prints: headless chromium with its DevTools endpoint, the page under print media
 * (Emulation.setEmulatedMedia) at an A3 landscape page's width, measured by a script: the
 * matrix's right edge against the page's, its scroll box's content against its box, how many
 * header cells end inside the page, and how many fold buttons show. Java's own HTTP and
 * WebSocket clients; no library.
 */
final class Print {
    private Print() {}

    /** A3 landscape, 420 mm, less the stylesheet's 10 mm margins, at 96 px per inch. */
    static final int PAGE_PX = (int) Math.round((420 - 20) / 25.4 * 96);

    static final String SCRIPT = "(function(){var t=document.querySelector('table.matrix'),s=t.closest('.scroll'),"
        + "w=document.documentElement.clientWidth,r=t.getBoundingClientRect().right,ths=t.querySelectorAll('thead th'),n=0;"
        + "for(var i=0;i<ths.length;i++){if(ths[i].getBoundingClientRect().right<=w+1)n++;}"
        + "var bs=document.querySelectorAll('button.fold'),v=0;for(var j=0;j<bs.length;j++){if(bs[j].offsetParent!==null)v++;}"
        + "return 'matrix='+Math.ceil(r)+' page='+w+' scroll='+s.scrollWidth+'/'+s.clientWidth+' cols='+n+'/'+ths.length+' buttons='+v;})()";

    /** On screen: the matrix's box scrolled to its right end; where the design column's first cell is against the box. */
    static final String STICKY = "(function(){var t=document.querySelector('table.matrix'),s=t.closest('.scroll');"
        + "s.scrollLeft=s.scrollWidth;var th=t.querySelector('tbody tr:not(.kernel) th.design');"
        + "return 'scrolled='+Math.round(s.scrollLeft)+' box='+Math.round(s.getBoundingClientRect().left)+' design='+Math.round(th.getBoundingClientRect().left);})()";

    static String measure(String browser, List<String> base, Path page) throws Exception {
        return evaluate(base, page, "print", PAGE_PX, SCRIPT);
    }

    static String sticky(List<String> base, Path page) throws Exception {
        return evaluate(base, page, "screen", 1000, STICKY);
    }

    static String evaluate(List<String> base, Path page, String media, int width, String script) throws Exception {
        List<String> cmd = new ArrayList<>(base);
        cmd.add("--remote-debugging-port=0");
        cmd.add("about:blank");
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String port = null;
            BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream()));
            long until = System.currentTimeMillis() + 60_000;
            for (String l; port == null && System.currentTimeMillis() < until && (l = err.readLine()) != null; ) {
                Matcher m = Pattern.compile("DevTools listening on ws://[^:]+:(\\d+)/").matcher(l);
                if (m.find()) port = m.group(1);
            }
            if (port == null) throw new AssertionError("chromium printed no DevTools endpoint");
            Thread drain = new Thread(() -> { try { while (err.readLine() != null) { } } catch (Exception e) { } });
            drain.setDaemon(true);
            drain.start();
            HttpClient http = HttpClient.newHttpClient();
            String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
            Matcher ws = Pattern.compile("\"webSocketDebuggerUrl\"\\s*:\\s*\"(ws://[^\"]+/page/[^\"]+)\"").matcher(list);
            if (!ws.find()) throw new AssertionError("no page target: " + list);
            Cdp cdp = new Cdp(http, ws.group(1));
            cdp.call("Page.enable", "{}");
            cdp.call("Emulation.setDeviceMetricsOverride", "{\"width\":" + width + ",\"height\":1000,\"deviceScaleFactor\":1,\"mobile\":false}");
            cdp.call("Emulation.setEmulatedMedia", "{\"media\":\"" + media + "\"}");
            cdp.call("Page.navigate", "{\"url\":\"" + page.toUri() + "\"}");
            for (int i = 0; i < 100; i++) {
                String state = cdp.call("Runtime.evaluate", "{\"expression\":\"document.readyState\",\"returnByValue\":true}");
                if (state.contains("\"complete\"")) break;
                Thread.sleep(100);
            }
            String r = cdp.call("Runtime.evaluate", "{\"expression\":\"" + script.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\",\"returnByValue\":true}");
            Matcher v = Pattern.compile("\"value\"\\s*:\\s*\"([^\"]*)\"").matcher(r);
            return v.find() ? v.group(1) : r;
        } finally {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
        }
    }

    /** A minimal DevTools client: one call at a time, the reply with the same id. */
    static final class Cdp implements WebSocket.Listener {
        final WebSocket ws;
        final Map<Integer, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
        final StringBuilder partial = new StringBuilder();
        int next = 1;

        Cdp(HttpClient http, String url) throws Exception {
            ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(20)).buildAsync(URI.create(url), this).get(30, TimeUnit.SECONDS);
        }

        String call(String method, String params) throws Exception {
            int id = next++;
            CompletableFuture<String> f = new CompletableFuture<>();
            pending.put(id, f);
            ws.sendText("{\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}", true).get(20, TimeUnit.SECONDS);
            return f.get(60, TimeUnit.SECONDS);
        }

        @Override public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String msg = partial.toString();
                partial.setLength(0);
                Matcher m = Pattern.compile("^\\{\"id\":(\\d+)").matcher(msg);
                if (m.find()) {
                    CompletableFuture<String> f = pending.remove(Integer.parseInt(m.group(1)));
                    if (f != null) f.complete(msg);
                }
            }
            w.request(1);
            return null;
        }
    }
}
