package com.sportdata.benefits.slack;

import com.sportdata.benefits.sport.Sport;
import com.sportdata.benefits.support.Fingerprint;

import java.time.LocalDate;

/**
 * Everything a celebration post may show about an activity — and nothing else: from HR only the first and
 * last name (no salary, address, birth date, BU). {@code eventId} is derived from the activity's identity,
 * so the same activity always gets the same id, whoever delivers it and however often it is replayed.
 *
 * @param sport canonical sport code ({@link Sport} name)
 * @param distanceMeters null when none was recorded or the sport has none
 * @param comment the employee's own comment, null when none
 */
public record ActivityEvent(String eventId, String activityId, long employeeId, String firstName, String lastName, String sport,
                            Double distanceMeters, long durationSeconds, String comment, LocalDate activityDate) {

    /** The deterministic event id of an activity: a hash of its kind, id and employee. */
    public static String eventIdOf(String activityId, long employeeId) {
        return "act-" + Fingerprint.sha256("activity-posted|" + activityId + "|" + employeeId, 24);
    }
}
