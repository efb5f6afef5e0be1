package com.sportdata.benefits.support;

import java.text.MessageFormat;
import java.util.Collections;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.TreeMap;

/**
 * The words of the pages and messages people read, in one language: the message bundle {@code i18n/messages_<lang>}
 * (UTF-8 properties; one file per language, the same keys in each). A text is a {@link MessageFormat} pattern, so
 * figures and plurals are written the language's way ({@code {0,choice,0#…|1#…|1<…}}). Templates get every text
 * as the map {@code t}.
 */
public final class Messages {
    private static final Map<Language, Messages> LOADED = new java.util.concurrent.ConcurrentHashMap<>();
    private final Language language;
    private final Map<String, String> texts;

    private Messages(Language language) {
        this.language = language;
        ResourceBundle bundle = ResourceBundle.getBundle("i18n.messages", language.locale(), Messages.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        Map<String, String> all = new TreeMap<>();
        bundle.keySet().forEach(k -> all.put(k, bundle.getString(k)));
        this.texts = Collections.unmodifiableMap(all);
    }

    public static Messages of(Language language) {
        return LOADED.computeIfAbsent(language, Messages::new);
    }

    public Language language() {
        return language;
    }

    /** The text of {@code key} with {@code arguments} in place of {0}, {1}…; a missing key is a bug, thrown. */
    public String text(String key, Object... arguments) {
        String pattern = texts.get(key);
        if (pattern == null) {
            throw new MissingResourceException("no text '" + key + "' in i18n/messages_" + language.name().toLowerCase(java.util.Locale.ROOT),
                    "i18n.messages", key);
        }
        return arguments.length == 0 && !pattern.contains("''") ? pattern : new MessageFormat(pattern, language.locale()).format(arguments);
    }

    /** Every text as written (patterns unformatted), for templates. */
    public Map<String, String> all() {
        return texts;
    }
}
