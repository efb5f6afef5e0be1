package com.sportdata.benefits.support;

import freemarker.template.Configuration;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;

/**
 * The HTML pages' template engine (Apache FreeMarker): templates in {@code templates/} on the classpath, {@code .ftlh}
 * files auto-escaped as HTML, words from the message bundle of the page's language, errors thrown (never half a page rendered).
 */
public final class Templates {
    private static final Configuration CONFIG = configuration();

    private Templates() {
    }

    private static Configuration configuration() {
        Configuration c = new Configuration(Configuration.VERSION_2_3_33);
        c.setClassLoaderForTemplateLoading(Templates.class.getClassLoader(), "templates");
        c.setDefaultEncoding("UTF-8");
        c.setLocale(Locale.FRANCE);
        c.setRecognizeStandardFileExtensions(true);
        c.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        c.setLogTemplateExceptions(false);
        c.setWrapUncheckedExceptions(true);
        c.setFallbackOnNullLoopVariable(false);
        return c;
    }

    /** The page {@code template} filled with {@code model}; its words ({@code t}) and number formats in {@code messages}' language. */
    public static String render(String template, Map<String, Object> model, Messages messages) {
        try {
            StringWriter out = new StringWriter();
            Map<String, Object> withWords = new java.util.HashMap<>(model);
            withWords.put("t", messages.all());
            freemarker.template.Template page = CONFIG.getTemplate(template, messages.language().locale());
            freemarker.core.Environment environment = page.createProcessingEnvironment(withWords, out);
            environment.setLocale(messages.language().locale());
            environment.process();
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("template " + template + ": " + e.getMessage(), e);
        } catch (TemplateException e) {
            throw new IllegalStateException("template " + template + ": " + e.getMessage(), e);
        }
    }
}
