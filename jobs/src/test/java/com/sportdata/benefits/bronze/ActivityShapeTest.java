package com.sportdata.benefits.bronze;

import com.sportdata.benefits.bronze.ActivityShape.Field;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.landing.UnreadableFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which column is which field, and in which unit, from a header alone. */
class ActivityShapeTest {

    private static ActivityShape recognise(String... headers) {
        return ActivityShape.of("f.csv", List.of(headers), null);
    }

    private static String header(ActivityShape shape, Field field) {
        return shape.column(field).map(ActivityShape.Column::header).orElse(null);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // header              | field    | unit
            "ID salarié            | EMPLOYEE |",
            "employee_id           | EMPLOYEE |",
            "Salarie               | EMPLOYEE |",
            "athlete.id            | EMPLOYEE |",
            "Matricule             | EMPLOYEE |",
            "Type                  | SPORT    |",
            "sport_type            | SPORT    |",
            "type d'activité       | SPORT    |",
            "Date de début         | START    |",
            "start_date            | START    |",
            "Date de début de l'activité | START |",
            "Date de fin           | END      |",
            "end_date              | END      |",
            "Distance (m)          | DISTANCE | m",
            "distance_km           | DISTANCE | km",
            "Distance en kilomètres | DISTANCE | km",
            "distance              | DISTANCE | m",
            "durée                 | DURATION | s",
            "Durée (min)           | DURATION | min",
            "elapsed_time          | DURATION | s",
            "Temps en heures       | DURATION | h",
            "duration_minutes      | DURATION | min",
            "Commentaire           | COMMENT  |",
            "description           | COMMENT  |",
            "ID                    | ID       |",
            "activity_id           | ID       |",
    })
    void the_usual_names_of_each_field_are_recognised_with_their_unit(String header, Field field, String unit) {
        Map<Field, String> others = new java.util.EnumMap<>(Map.of(Field.EMPLOYEE, "ID salarié", Field.SPORT, "Type",
                Field.START, "Date de début", Field.END, "Date de fin"));
        others.remove(field);
        List<String> headers = new java.util.ArrayList<>(others.values());
        headers.add(header);
        ActivityShape shape = ActivityShape.of("f.csv", headers, null);
        assertThat(header(shape, field)).isEqualTo(header);
        assertThat(shape.column(field).orElseThrow().unit()).isEqualTo(unit == null ? "" : unit);
    }

    @Test
    void the_best_name_wins_when_two_columns_carry_one_and_other_columns_are_left_alone() {
        // Strava's own export: start_date (UTC, with its Z) before start_date_local; sport_type before the older type
        ActivityShape strava = recognise("id", "name", "type", "sport_type", "start_date_local", "start_date", "elapsed_time",
                "moving_time", "distance", "athlete.id");
        assertThat(header(strava, Field.START)).isEqualTo("start_date");
        assertThat(header(strava, Field.SPORT)).isEqualTo("sport_type");
        assertThat(header(strava, Field.DURATION)).isEqualTo("elapsed_time");
        assertThat(header(strava, Field.EMPLOYEE)).isEqualTo("athlete.id");
        assertThat(header(strava, Field.COMMENT)).as("a name is not a comment: it may be a person's").isNull();
        assertThat(strava.columns().values()).extracting(ActivityShape.Column::header).doesNotContain("name", "moving_time", "type");
        assertThat(strava.describe()).startsWith("recognised: employee=athlete.id, start=start_date, sport=sport_type, id=id")
                .contains("duration=elapsed_time [s]", "distance=distance [m]");
    }

    @Test
    void a_file_without_an_employee_a_start_a_sport_or_an_end_is_refused_naming_what_is_missing_and_how_to_declare_it() {
        assertThatThrownBy(() -> recognise("Nom", "Prénom", "Sport", "Quand"))
                .isInstanceOf(UnreadableFileException.class)
                .hasMessageContaining("no column for employee, start, end or duration in [Nom, Prénom, Sport, Quand]")
                .hasMessageContaining("activities.shapes");
        assertThat(recognise("salarie", "sport", "date", "duree").column(Field.END)).isEmpty();
    }

    @Test
    void a_declared_shape_names_its_columns_and_units_and_the_rest_is_recognised() {
        AppConfig.FileShape club = new AppConfig.FileShape("club", "club_*.csv", "csv", "|",
                Map.of("employee", "Qui", "start", "Quand", "sport", "Quoi", "duration", "Combien"), "dd.MM.yyyy HH:mm", "km", "min");
        ActivityShape shape = ActivityShape.of("club_1.csv", List.of("Qui", "Quoi", "Quand", "Combien", "Distance", "Commentaire"), club);
        assertThat(shape.name()).isEqualTo("club");
        assertThat(header(shape, Field.EMPLOYEE)).isEqualTo("Qui");
        assertThat(shape.column(Field.DURATION).orElseThrow().factor()).isEqualTo(60.0);
        assertThat(shape.column(Field.DISTANCE).orElseThrow().factor()).as("the declared unit over the header's silence").isEqualTo(1000.0);
        assertThat(header(shape, Field.COMMENT)).isEqualTo("Commentaire");
        assertThat(shape.dateFormat()).isEqualTo("dd.MM.yyyy HH:mm");
        assertThatThrownBy(() -> ActivityShape.of("club_2.csv", List.of("Qui", "Quoi", "Date"), club))
                .isInstanceOf(UnreadableFileException.class)
                .hasMessageContaining("shape 'club' declares start = 'Quand', duration = 'Combien', not a column of the file [Qui, Quoi, Date]");
        AppConfig.ActivityFiles config = new AppConfig.ActivityFiles(Map.of(), List.of(club));
        assertThat(ActivityShape.declaredFor("club_2026.csv", "csv", config)).contains(club);
        assertThat(ActivityShape.declaredFor("club_2026.xlsx", "xlsx", config)).as("a csv shape").isEmpty();
        assertThat(ActivityShape.declaredFor("other.csv", "csv", config)).isEmpty();
    }

    @Test
    void a_delimiter_is_the_one_that_splits_the_header_most() {
        assertThat(ShapedActivitySource.sniff("salarie;type;date;duree")).isEqualTo(';');
        assertThat(ShapedActivitySource.sniff("salarie\ttype\tdate")).isEqualTo('\t');
        assertThat(ShapedActivitySource.sniff("salarie,type d'activité;x")).isEqualTo(',');
        assertThat(ShapedActivitySource.isStravaShaped("{\"id\":1,\"athlete\":{\"id\":7}}")).isTrue();
        assertThat(ShapedActivitySource.isStravaShaped("{\"salarie\":7,\"sport\":\"Yoga\"}")).isFalse();
        assertThat(ShapedActivitySource.isStravaShaped("not json")).as("left to Strava's reader, which quarantines it").isTrue();
    }
}
