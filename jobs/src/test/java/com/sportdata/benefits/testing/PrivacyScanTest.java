package com.sportdata.benefits.testing;

import com.sportdata.benefits.catalog.PersonalData;
import com.sportdata.benefits.catalog.Tables;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** The scan's birth-date forms: what it must find, and the numbers that only look like a date. */
class PrivacyScanTest {
    /** 1985-07-08, Excel serial 31236. */
    private static final LocalDate BORN = LocalDate.of(1985, 7, 8);
    private static final PersonalData.Classification IMPERSONAL = PersonalData.of(Tables.RUN_LEDGER);

    private static java.util.List<String> scan(String text) {
        return PrivacyScan.ofBirthDates(BORN).text("place", IMPERSONAL, text).findings();
    }

    @Test
    void a_birth_date_in_iso_or_french_form_is_found_anywhere() {
        assertThat(scan("{\"start_date\":\"1985-07-08\"}")).singleElement().asString().contains("birth dates");
        assertThat(scan("le 08/07/1985 à midi")).hasSize(1);
        assertThat(scan("{\"start_date\":\"1985-07-09\"}")).isEmpty();
    }

    @Test
    void an_excel_serial_counts_next_to_the_name_of_a_birth_date() {
        assertThat(scan("row rejected: birth_date=31236.0 is unreadable")).hasSize(1);
        assertThat(scan("Date de naissance : 31236.0")).hasSize(1);
        assertThat(scan("{\"birth_date\":31237.0}")).as("another day").isEmpty();
    }

    @Test
    void a_distance_that_reads_like_a_serial_is_not_a_birth_date() {
        // a 31.2 km ride in metres, as silver.activities renders it in JSON: the flake CI met on 2026-12-07
        assertThat(scan("{\"activity_id\":\"a-17\",\"sport\":\"Vélo\",\"distance_m\":31236.0,\"elapsed_s\":5400.0}")).isEmpty();
    }
}
