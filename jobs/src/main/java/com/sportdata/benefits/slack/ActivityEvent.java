package com.sportdata.benefits.slack;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;

/**
 * Everything a celebration post may show about an activity — and nothing else: from HR only the first and
 * last name (no salary, address, birth date, BU). {@code eventId} is derived from the activity's identity,
 * so the same activity always gets the same id, whoever delivers it and however often it is replayed.
 *
 * @param sport canonical sport code ({@link com.sportdata.benefits.sport.Sport} name)
 * @param distanceMeters null when none was recorded or the sport has none
 * @param comment the employee's own comment, null when none
 */
public record ActivityEvent(String eventId, String activityId, long employeeId, String firstName, String lastName, String sport,
                            Double distanceMeters, long durationSeconds, String comment, LocalDate activityDate) {

    /** The deterministic event id of an activity: a hash of its kind, id and employee. */
    public static String eventIdOf(String activityId, long employeeId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("activity-posted|" + activityId + "|" + employeeId).getBytes(StandardCharsets.UTF_8));
            return "act-" + HexFormat.of().formatHex(digest).substring(0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
