package com.sportdata.benefits.catalog;

import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.config.ConfigError;
import com.sportdata.benefits.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.io.FileNotFoundException;
import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The S3A settings made from the s3 section, and the one-line reasons given for S3 failures. */
class LakeStorageTest {

    private static AppConfig config(Map<String, String> overrides) {
        Map<String, String> all = new HashMap<>(Map.of("lake.root", "s3a://bucket/lake", "s3.access-key", "", "s3.secret-key", "",
                "s3.endpoint", "", "s3.region", "", "s3.session-token", ""));
        all.putAll(overrides);
        return ConfigLoader.load(List.of(), all);
    }

    @Test
    void an_endpoint_means_path_style_plain_http_for_http_and_a_default_region() {
        Map<String, String> p = LakeStorage.hadoopProperties(config(Map.of("s3.endpoint", "http://127.0.0.1:9000/",
                "s3.access-key", "AK", "s3.secret-key", "SK")));
        assertThat(p).containsEntry("fs.s3a.endpoint", "http://127.0.0.1:9000").containsEntry("fs.s3a.path.style.access", "true")
                .containsEntry("fs.s3a.connection.ssl.enabled", "false").containsEntry("fs.s3a.endpoint.region", "us-east-1")
                .containsEntry("fs.s3a.access.key", "AK").containsEntry("fs.s3a.secret.key", "SK")
                .containsEntry("fs.s3a.retry.limit", "2").containsEntry("fs.s3a.directory.marker.retention", "keep")
                .doesNotContainKey("fs.s3a.session.token");
        assertThat(LakeStorage.hadoopProperties(config(Map.of("s3.endpoint", "https://minio.example:9000"))))
                .containsEntry("fs.s3a.connection.ssl.enabled", "true");
    }

    @Test
    void aws_itself_uses_virtual_hosts_and_the_default_chain_when_no_keys_are_given() {
        Map<String, String> p = LakeStorage.hadoopProperties(config(Map.of("s3.region", "eu-west-3")));
        assertThat(p).doesNotContainKeys("fs.s3a.endpoint", "fs.s3a.access.key", "fs.s3a.secret.key")
                .containsEntry("fs.s3a.path.style.access", "false").containsEntry("fs.s3a.endpoint.region", "eu-west-3");
        assertThat(p.get("fs.s3a.aws.credentials.provider")).endsWith("com.amazonaws.auth.DefaultAWSCredentialsProviderChain");
    }

    @Test
    void a_session_token_and_extra_s3a_settings_pass_through_and_a_local_lake_needs_none() {
        Map<String, String> p = LakeStorage.hadoopProperties(config(Map.of("s3.access-key", "AK", "s3.secret-key", "SK",
                "s3.session-token", "TOKEN", "s3.hadoop.\"fs.s3a.multipart.size\"", "32M", "s3.retries", "5")));
        assertThat(p).containsEntry("fs.s3a.session.token", "TOKEN").containsEntry("fs.s3a.multipart.size", "32M")
                .containsEntry("fs.s3a.attempts.maximum", "5");
        // a local lake needs only the local file system without a child process per file
        assertThat(LakeStorage.hadoopProperties(config(Map.of("lake.root", "lake"))))
                .isEqualTo(com.sportdata.benefits.spark.LocalFileSystems.HADOOP_PROPERTIES);
        assertThat(config(Map.of("s3.secret-key", "SK", "s3.access-key", "AK")).s3().toString()).doesNotContain("SK").doesNotContain("AK");
    }

    @Test
    void bad_s3_settings_are_refused_with_their_key() {
        assertThatThrownBy(() -> config(Map.of("s3.endpoint", "minio:9000"))).isInstanceOf(ConfigError.class).hasMessageContaining("s3.endpoint");
        assertThatThrownBy(() -> config(Map.of("s3.path-style-access", "sometimes"))).isInstanceOf(ConfigError.class)
                .hasMessageContaining("s3.path-style-access");
    }

    @Test
    void each_s3_failure_gets_its_own_one_line_reason() {
        String lake = "s3a://b/lake";
        assertThat(LakeStorage.explain(new FileNotFoundException("listStatus on s3a://b/: NoSuchBucket: The specified bucket does not exist"),
                lake, "b", "http://h:9000")).contains("bucket b does not exist at http://h:9000");
        assertThat(LakeStorage.explain(new AccessDeniedException("s3a://b/: getFileStatus: 403 Forbidden SignatureDoesNotMatch"), lake, "b",
                "AWS S3")).contains("AWS S3 refused the credentials");
        assertThat(LakeStorage.explain(new java.io.IOException("list", new ConnectException("Connection refused")), lake, "b",
                "http://127.0.0.1:1")).contains("http://127.0.0.1:1 does not answer (Connection refused");
        assertThat(LakeStorage.explain(new FileNotFoundException("listStatus on s3a://lake-bucket/: 404 Not Found"), lake, "lake-bucket",
                "http://10.0.0.1")).contains("answered \"not found\" without an S3 error code").doesNotContain("does not exist");
        assertThat(LakeStorage.explain(new IllegalStateException("strange\nsecond line"), lake, "b", "x")).doesNotContain("\n");
    }
}
