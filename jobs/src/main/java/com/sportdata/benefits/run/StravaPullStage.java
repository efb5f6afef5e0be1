package com.sportdata.benefits.run;

import com.sportdata.benefits.catalog.LakeStorage;
import com.sportdata.benefits.connect.StravaPull;
import com.sportdata.benefits.history.RunLedger;

import java.util.Map;

/**
 * {@code strava pull}, and the first stage of {@code run} when {@code strava.pull-in-run} is on: the connected athletes'
 * new activities landed ({@link StravaPull}); an athlete who must authorise again is alerted.
 */
final class StravaPullStage implements Stage<StravaPull.Result> {
    static final String NAME = "strava";
    private final Map<String, String> environment;

    StravaPullStage(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StageResult<StravaPull.Result> execute(StageContext context) {
        StravaPull.Result result = new StravaPull(context.config(), LakeStorage.hadoopConfiguration(context.config()), environment).pull();
        result.alerts().forEach(a -> context.alerts().raise(context.run().runId(), a));
        return StageResult.<StravaPull.Result>done(context.run(), new RunLedger.Counts(result.activities(), result.activities(), 0),
                result.render().strip().replace('\n', ';')).withValue(result);
    }
}
