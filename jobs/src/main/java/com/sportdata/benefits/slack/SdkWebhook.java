package com.sportdata.benefits.slack;

import com.slack.api.util.http.SlackHttpClient;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.time.Duration;

/** Posts to an incoming webhook with the official Slack SDK's HTTP client, keeping the answer's Retry-After. */
public final class SdkWebhook implements Courier.Webhook {
    private final SlackHttpClient client;

    public SdkWebhook(Duration timeout) {
        this.client = new SlackHttpClient(new OkHttpClient.Builder().callTimeout(timeout).connectTimeout(timeout).readTimeout(timeout)
                .retryOnConnectionFailure(false).build());
    }

    @Override
    public Courier.Answer post(String url, String payloadJson) throws IOException {
        try (Response response = client.postJsonBody(url, Payloads.parse(payloadJson))) {
            ResponseBody body = response.body();
            String text = body == null ? "" : body.string();
            return new Courier.Answer(response.code(), text, retryAfter(response.header("Retry-After")));
        }
    }

    private static Long retryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
