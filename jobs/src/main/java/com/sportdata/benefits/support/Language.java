package com.sportdata.benefits.support;

import java.util.Locale;

/** The languages the pages and Slack messages are written in (configuration {@code language.*}). */
public enum Language {
    FR(Locale.FRANCE), EN(Locale.UK);

    private final Locale locale;

    Language(Locale locale) {
        this.locale = locale;
    }

    /** The locale numbers and dates are written in (fr-FR, en-GB). */
    public Locale locale() {
        return locale;
    }
}
