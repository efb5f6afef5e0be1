package com.sportdata.benefits.slack;

import com.slack.api.SlackConfig;
import com.slack.api.model.block.ContextBlock;
import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.SectionBlock;
import com.slack.api.model.block.composition.MarkdownTextObject;
import com.slack.api.util.json.GsonFactory;
import com.slack.api.webhook.Payload;
import com.google.gson.Gson;

import java.util.ArrayList;
import java.util.List;

/** Block Kit payloads built with the Slack SDK's model, and their JSON (the form kept in the outbox). */
public final class Payloads {
    private static final Gson GSON = GsonFactory.createSnakeCase(SlackConfig.DEFAULT);

    private Payloads() {
    }

    /**
     * A section with the main line, an optional context line, and the text fallback for notifications. The
     * section's block_id is the event id: whoever receives the post can tell two deliveries of one event apart.
     */
    public static Payload of(String eventId, String main, String context, String fallback) {
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(SectionBlock.builder().blockId(eventId).text(MarkdownTextObject.builder().text(main).build()).build());
        if (context != null && !context.isBlank()) {
            blocks.add(ContextBlock.builder().elements(List.of(MarkdownTextObject.builder().text(context).build())).build());
        }
        return Payload.builder().text(fallback).blocks(blocks).build();
    }

    public static String json(Payload payload) {
        return GSON.toJson(payload);
    }

    public static Payload parse(String json) {
        return GSON.fromJson(json, Payload.class);
    }
}
