package com.sportdata.benefits.slack;

import com.sportdata.benefits.sport.Sport;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders the French celebration post of an activity from the templates in {@code slack/messages.conf}:
 * a template per kind of sport, picked deterministically from the event id; distance with a decimal comma
 * ("10,8 km") only when the sport has one; duration as "46 min" or "1 h 05"; the employee's comment quoted.
 * Text from people (names, comments) is escaped for Slack (&amp;, &lt;, &gt;) so it cannot ping or link.
 */
public final class MessageTemplates {
    public static final String RESOURCE = "slack/messages.conf";
    private static final int MAX_COMMENT = 280;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEEE d MMMM yyyy", Locale.FRANCE);

    private final Config config;

    private MessageTemplates(Config config) {
        this.config = config;
    }

    public static MessageTemplates load() {
        return new MessageTemplates(ConfigFactory.parseResources(MessageTemplates.class.getClassLoader(), RESOURCE,
                ConfigParseOptions.defaults().setAllowMissing(false)).resolve());
    }

    /** A post: the main line (Slack mrkdwn), the context line, and the plain-text fallback. */
    public record Message(String main, String context, String fallback) {
    }

    public Message render(ActivityEvent event) {
        Sport sport = Sport.valueOf(event.sport());
        boolean withDistance = sport.hasDistance() && event.distanceMeters() != null && event.distanceMeters() > 0;
        String kind = config.hasPath("kinds." + sport.name()) ? config.getString("kinds." + sport.name()) : "default";
        List<String> choices = templates(kind, withDistance);
        String template = choices.get(Math.floorMod(event.eventId().hashCode(), choices.size()));
        Map<String, String> values = Map.of(
                "first", escape(event.firstName()),
                "last", escape(event.lastName()),
                "sport", sport.label().toLowerCase(Locale.FRANCE),
                "distance", withDistance ? distance(event.distanceMeters()) : "",
                "duration", duration(event.durationSeconds()),
                "emoji", config.hasPath("emoji." + sport.name()) ? config.getString("emoji." + sport.name()) : "🏅");
        String main = fill(template, values);
        String comment = event.comment() == null ? "" : event.comment().replaceAll("\\p{Cntrl}", " ").strip();
        if (!comment.isEmpty()) {
            if (comment.length() > MAX_COMMENT) {
                comment = comment.substring(0, MAX_COMMENT - 1) + "…";
            }
            main = main + " " + fill(config.getString("comment"), Map.of("comment", escape(comment)));
        }
        String context = fill(config.getString("context"), Map.of("sport", sport.label(),
                "date", event.activityDate() == null ? "" : DATE.format(event.activityDate())));
        return new Message(main, context, main + " — " + context);
    }

    private List<String> templates(String kind, boolean withDistance) {
        String preferred = "templates." + kind + "." + (withDistance ? "with-distance" : "without-distance");
        if (config.hasPath(preferred)) {
            return config.getStringList(preferred);
        }
        return config.getStringList("templates.default." + (withDistance ? "with-distance" : "without-distance"));
    }

    private static String fill(String template, Map<String, String> values) {
        String out = template;
        for (Map.Entry<String, String> e : values.entrySet()) {
            out = out.replace("{" + e.getKey() + "}", e.getValue());
        }
        return out;
    }

    /** "10,8 km", "10 km", "0,4 km": one decimal with a comma, none when it is zero. */
    static String distance(double meters) {
        BigDecimal km = BigDecimal.valueOf(meters).divide(BigDecimal.valueOf(1000), 1, RoundingMode.HALF_UP);
        DecimalFormat format = new DecimalFormat("#,##0.#", DecimalFormatSymbols.getInstance(Locale.FRANCE));
        return format.format(km) + " km";
    }

    /** "46 min", "1 h 05", "2 h" — rounded to the minute, at least 1 min. */
    static String duration(long seconds) {
        long minutes = Math.max(1, Math.round(seconds / 60.0));
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = minutes / 60;
        long rest = minutes % 60;
        return rest == 0 ? hours + " h" : String.format(Locale.ROOT, "%d h %02d", hours, rest);
    }

    /** The text as a person reads it in Slack (for the dry-run console): Slack's escapes undone. */
    static String unescape(String text) {
        return text == null ? "" : text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    /** Slack's three control characters in text from people. */
    static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
