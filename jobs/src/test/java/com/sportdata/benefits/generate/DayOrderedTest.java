package com.sportdata.benefits.generate;

import com.sportdata.benefits.sport.Sport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Activities kept on disk per day come back whole, in start then employee order, each id once, and leave nothing behind. */
class DayOrderedTest {

    private static Activities.Activity activity(long id, long employee, String start, Double meters, String comment) {
        return new Activities.Activity(id, employee, Sport.CYCLING, "Vélo « route »", LocalDateTime.parse(start), 1800, meters, comment,
                "Sortie vélo du matin");
    }

    @Test
    void gives_back_every_field_in_start_then_employee_order_each_id_once_the_first_in_that_order(@TempDir Path scratch) throws Exception {
        List<Activities.Activity> given = new ArrayList<>();
        int count;
        try (DayOrdered all = new DayOrdered(scratch)) {
            // as the generator adds them: employee by employee, each in its own day order
            all.add(activity(30, 2, "2026-03-02T07:00", 5000.0, "Rien à signaler, 12 km/h"));
            all.add(activity(11, 2, "2026-03-01T18:30", null, null));
            all.add(activity(20, 1, "2026-03-02T07:00", 7000.0, null));
            all.add(activity(11, 1, "2026-03-03T09:00", 3000.0, null));   // id of employee 2's first of March: a collision
            all.add(activity(40, 1, "2026-03-01T18:30", 1200.5, ""));
            all.forEach(given::add);
            count = all.given();
        }
        assertThat(given).extracting(a -> a.id() + "@" + a.startLocal() + "/" + a.employeeId())
                .containsExactly("40@2026-03-01T18:30/1", "11@2026-03-01T18:30/2", "20@2026-03-02T07:00/1", "30@2026-03-02T07:00/2");
        assertThat(count).isEqualTo(4);
        assertThat(given.get(3)).isEqualTo(activity(30, 2, "2026-03-02T07:00", 5000.0, "Rien à signaler, 12 km/h"));
        assertThat(given.get(0)).isEqualTo(activity(40, 1, "2026-03-01T18:30", 1200.5, ""));
        assertThat(given.get(1).distanceMeters()).isNull();
        assertThat(given.get(1).comment()).isNull();
        try (var left = Files.list(scratch)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void is_read_once_and_takes_nothing_after(@TempDir Path scratch) throws Exception {
        try (DayOrdered all = new DayOrdered(scratch)) {
            all.add(activity(1, 1, "2026-03-02T07:00", null, null));
            assertThat(all.iterator().next().id()).isEqualTo(1);
            assertThatThrownBy(all::iterator).isInstanceOf(IllegalStateException.class).hasMessageContaining("read once");
            assertThatThrownBy(() -> all.add(activity(2, 1, "2026-03-02T08:00", null, null)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("added after");
        }
    }
}
