package com.sportdata.benefits.landing;

import com.sportdata.benefits.catalog.LakePaths;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LandingZoneTest {
    @TempDir
    Path lake;

    @Test
    void the_bytes_of_a_source_count_its_visible_files_only_and_a_missing_folder_holds_none() throws Exception {
        LandingZone zone = new LandingZone(new LakePaths(lake.toString()), new Configuration(false));
        assertThat(zone.bytes(LandingSource.ACTIVITIES)).isZero();
        Path activities = Files.createDirectories(lake.resolve("landing/activities"));
        Files.write(activities.resolve("a.csv"), new byte[1000]);
        Files.write(activities.resolve("b.jsonl"), new byte[234]);
        Files.write(activities.resolve(".c.csv.tmp"), new byte[50]);
        Files.write(activities.resolve("_d.csv"), new byte[60]);
        Files.write(activities.resolve(".a.csv.crc"), new byte[7]);
        Files.createDirectories(activities.resolve("folder"));
        Files.write(Files.createDirectories(lake.resolve("landing/hr")).resolve("hr.xlsx"), new byte[99]);
        assertThat(zone.bytes(LandingSource.ACTIVITIES)).isEqualTo(1234);
        assertThat(zone.bytes(LandingSource.HR)).isEqualTo(99);
    }
}
