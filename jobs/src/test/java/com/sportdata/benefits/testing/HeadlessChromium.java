package com.sportdata.benefits.testing;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.fail;

/**
 * Debian's Chromium driven by its chromedriver (named explicitly, so Selenium Manager never downloads a browser), with a
 * profile folder of its own; {@link #close} stops everything it started by PID, even when the test failed.
 */
public final class HeadlessChromium implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private HeadlessChromium(Path profile, ChromeDriverService service, ChromeDriver driver) {
        this.profile = profile;
        this.service = service;
        this.driver = driver;
    }

    /** Skips the calling test without a browser, or fails it under {@code CI=true}. */
    public static void require() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            String why = "no headless browser: apt-get install chromium chromium-driver";
            if ("true".equals(System.getenv("CI"))) {
                fail(why + " (CI=true: the browser test must run)");
            }
            Assumptions.abort(why);
        }
    }

    /** @param work a folder of the test's (the driver's log and the browser's profile go there) */
    public static HeadlessChromium start(Path work, String windowSize, boolean browserLog, String... arguments) {
        require();
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .withLogFile(work.resolve("chromedriver.log").toFile()).build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        List<String> all = new ArrayList<>(List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=" + windowSize, "--user-data-dir=" + work.resolve("profile")));
        all.addAll(List.of(arguments));
        options.addArguments(all);
        if (browserLog) {
            options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        }
        try {
            return new HeadlessChromium(work.resolve("profile"), service, new ChromeDriver(service, options));
        } catch (RuntimeException e) {
            service.stop();
            Processes.killMatching(work.resolve("profile").toString());
            throw e;
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            // anything left of this browser (its profile folder is in its command line) is stopped by PID
            Processes.killMatching(profile.toString());
            service.stop();
        }
    }
}
