package com.sportdata.benefits.run;

import com.sportdata.benefits.history.Acknowledgements;
import com.sportdata.benefits.history.RunLedger;

import java.util.List;

/** {@code rules ack}, {@code landing ack}: what people acknowledged, recorded with who, when and why. */
final class AcknowledgeStage implements Stage<Integer> {
    static final String NAME = "acknowledge";
    private final List<Acknowledgements.Item> items;
    private final String reason;

    AcknowledgeStage(List<Acknowledgements.Item> items, String reason) {
        this.items = List.copyOf(items);
        this.reason = reason;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StageResult<Integer> execute(StageContext context) {
        int recorded = new Acknowledgements(context.spark(), context.writer()).record(items, reason, context.run());
        return StageResult.<Integer>done(context.run(), new RunLedger.Counts(items.size(), recorded, 0),
                recorded + " of " + items.size() + " acknowledged (" + (items.size() - recorded) + " already were): " + reason)
                .withValue(recorded);
    }
}
