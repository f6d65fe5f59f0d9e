package org.ikd.it.swan;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * charon's one ESTABLISHED IKE SA with an INSTALLED CHILD SA, from {@code swanctl --list-sas --raw}
 * (vici's "list-sa" event, one line per IKE SA: {@code NAME {key=value ... child-sas {NAME {key=value ...}}}}).
 * Plain {@code key=value} words are read, and lists ({@code local-ts=[2001:2:0:2::/64]}) as their
 * items joined by spaces.
 */
public record CharonSa(Map<String, String> ike, Map<String, String> child) {
    private static final Pattern PAIR = Pattern.compile("([a-z0-9-]+)=([^\\s\\[\\]{}]+)");
    private static final Pattern LIST = Pattern.compile("([a-z0-9-]+)=\\[([^\\]]*)\\]");

    /** The SA from {@code raw}, or null when no line has an ESTABLISHED IKE SA with an INSTALLED CHILD SA. */
    public static CharonSa installed(String raw) {
        for (String line : raw.split("\n")) {
            int children = line.indexOf("child-sas");
            if (!line.contains("list-sa event") || children < 0) continue;
            Map<String, String> ike = pairs(line.substring(0, children));
            Map<String, String> child = pairs(line.substring(children));
            if ("ESTABLISHED".equals(ike.get("state")) && "INSTALLED".equals(child.get("state"))) return new CharonSa(ike, child);
        }
        return null;
    }

    private static Map<String, String> pairs(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = PAIR.matcher(s);
        while (m.find()) out.putIfAbsent(m.group(1), m.group(2));
        Matcher l = LIST.matcher(s);
        while (l.find()) out.putIfAbsent(l.group(1), l.group(2).strip());
        return out;
    }
}
