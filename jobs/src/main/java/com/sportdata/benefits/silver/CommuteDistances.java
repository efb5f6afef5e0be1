package com.sportdata.benefits.silver;

import com.sportdata.benefits.catalog.TableId;
import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.config.AppConfig.DistanceProviderKind;
import com.sportdata.benefits.config.ConfigError;
import com.sportdata.benefits.connect.OnlineRoutes;
import com.sportdata.benefits.connect.RouteMatrixClient;
import com.sportdata.benefits.context.RunContext;
import com.sportdata.benefits.pipeline.TableJob;
import com.sportdata.benefits.pipeline.WriteMode;
import com.sportdata.benefits.quality.QualityCheck;
import com.sportdata.benefits.rules.TravelMode;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;


import static com.sportdata.benefits.quality.QualityCheck.unique;
import static com.sportdata.benefits.quality.QualityCheck.satisfies;
import static com.sportdata.benefits.spark.RuleUdfs.addressKey;
import static com.sportdata.benefits.spark.RuleUdfs.greatCircleKm;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.upper;
import static org.apache.spark.sql.functions.when;

/**
 * The commute-distance cache. Grain: one row per (normalised home address, travel mode) whose distance
 * is known. Providers are tried in the configured order (SPEC §2.4): the precomputed table, then an
 * offline estimate (commune centroid from the postcode base × the mode's detour factor). The
 * geocoding copes with the HR file's defects: a wrong or missing postcode falls back to the town name
 * (same département first), an unknown town to the postcode alone; confidence says which.
 * Written by merge: a key already answered by the first provider is not recomputed, a better provider
 * replaces a worse one, so a rerun calls nothing again; an estimate recomputed with other parameters replaces its
 * old value.
 */
public final class CommuteDistances implements TableJob {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CommuteDistances.class);
    public static final String HIGH = "HIGH";
    public static final String MEDIUM = "MEDIUM";
    public static final String LOW = "LOW";
    private static final String[] KEYS = {"address_key", "travel_mode"};

    @Override
    public String grain() {
        return "one row per (normalised home address, travel mode) whose distance is known";
    }

    @Override
    public TableId target() {
        return Tables.COMMUTE_DISTANCES;
    }

    @Override
    public List<TableId> inputs() {
        return List.of(Tables.EMPLOYEES, Tables.POSTCODES, Tables.REFERENCE_COMMUTE_DISTANCES, Tables.COMMUTE_DISTANCES);
    }

    @Override
    public WriteMode writeMode(RunContext run) {
        // a better provider replaces a worse one; the same provider's new answer replaces its old one (an estimate moves
        // with a recorded change of detour factor or office location, or a new postcode base)
        return new WriteMode.Merge(List.of("address_key", "travel_mode"), "s.provider_rank < t.provider_rank"
                + " OR (s.provider_rank = t.provider_rank AND NOT (s.distance_km <=> t.distance_km))", List.of());
    }

    @Override
    public Dataset<Row> transform(Map<TableId, Dataset<Row>> inputs, RunContext run) {
        List<DistanceProviderKind> providers = run.commute().providers();
        Dataset<Row> addresses = inputs.get(Tables.EMPLOYEES)
                .filter(col("address_key").isNotNull().and(col("travel_mode").isNotNull()))
                .select("address_key", "travel_mode", "postcode", "town_key")
                .dropDuplicates("address_key", "travel_mode");
        Dataset<Row> cache = inputs.get(Tables.COMMUTE_DISTANCES);
        if (cache != null && !providers.isEmpty()) {
            Dataset<Row> settled = cache.filter(col("provider").equalTo(providers.get(0).name())).select("address_key", "travel_mode");
            addresses = addresses.join(settled, KEYS, "left_anti");
        }

        Dataset<Row> located = geocode(addresses, inputs.get(Tables.POSTCODES), run);
        Dataset<Row> precomputed = precomputed(inputs.get(Tables.REFERENCE_COMMUTE_DISTANCES));
        Dataset<Row> candidates = online(located.join(precomputed, KEYS, "left"), cache, run);

        Column factor = element_at(detourFactors(run), col("travel_mode"));
        Column estimate = round(greatCircleKm(col("latitude"), col("longitude"), run.office().location()).multiply(factor), 2);
        Column distance = lit(null).cast(DataTypes.DoubleType);
        Column provider = lit(null).cast(DataTypes.StringType);
        Column rank = lit(null).cast(DataTypes.IntegerType);
        Column confidence = lit(null).cast(DataTypes.StringType);
        for (int i = providers.size() - 1; i >= 0; i--) {
            Column value = switch (providers.get(i)) {
                case PRECOMPUTED_TABLE -> col("precomputed_km");
                case ONLINE_ROUTES -> col("online_km");
                case POSTCODE_ESTIMATE -> estimate;
            };
            Column conf = switch (providers.get(i)) {
                case PRECOMPUTED_TABLE, ONLINE_ROUTES -> lit(HIGH);
                case POSTCODE_ESTIMATE -> when(col("geocode_method").equalTo("POSTCODE_AND_TOWN"), lit(MEDIUM)).otherwise(lit(LOW));
            };
            distance = when(value.isNotNull(), value).otherwise(distance);
            provider = when(value.isNotNull(), lit(providers.get(i).name())).otherwise(provider);
            rank = when(value.isNotNull(), lit(i + 1)).otherwise(rank);
            confidence = when(value.isNotNull(), conf).otherwise(confidence);
        }
        return candidates
                .select(col("address_key"), col("travel_mode"), distance.as("distance_km"), provider.as("provider"),
                        rank.as("provider_rank"), confidence.as("confidence"), col("geocode_method"), col("insee_code"),
                        col("commune"), col("latitude"), col("longitude"),
                        lit(Timestamp.from(run.startedAt())).as("computed_at"), lit(run.runId()).as("run_id"))
                .filter(col("distance_km").isNotNull());
    }

    /**
     * The online provider's distance ({@code online_km}) of each address that the providers before it in the chain
     * could not place and the cache does not already hold from it or a better one: asked of Google Routes, the
     * addresses of each travel mode in batches. Never on a replay, and nothing asked when nothing is missing. An
     * address Google could not answer (not found, an error, a timeout, the quota or the run's budget) gets no online
     * distance: the next provider places it, with its own confidence, and the next rebuild of this table asks again.
     */
    static Dataset<Row> online(Dataset<Row> candidates, Dataset<Row> cache, RunContext run) {
        List<DistanceProviderKind> providers = run.commute().providers();
        int at = providers.indexOf(DistanceProviderKind.ONLINE_ROUTES);
        Dataset<Row> none = candidates.withColumn("online_km", lit(null).cast(DataTypes.DoubleType));
        if (at < 0 || "replay".equals(run.command())) {
            return none;
        }
        Dataset<Row> wanted = candidates;
        if (providers.subList(0, at).contains(DistanceProviderKind.PRECOMPUTED_TABLE)) {
            wanted = wanted.filter(col("precomputed_km").isNull());
        }
        if (cache != null) {
            List<String> asGood = providers.subList(0, at + 1).stream().map(Enum::name).toList();
            wanted = wanted.join(cache.filter(col("provider").isin(asGood.toArray())).select("address_key", "travel_mode"), KEYS, "left_anti");
        }
        Map<TravelMode, List<String>> byMode = new java.util.EnumMap<>(TravelMode.class);
        for (Row r : com.sportdata.benefits.spark.SmallResults.sorted(wanted.select("travel_mode", "address_key"), "travel_mode", "address_key")) {
            byMode.computeIfAbsent(TravelMode.valueOf(r.getString(0)), m -> new ArrayList<>()).add(r.getString(1));
        }
        if (byMode.isEmpty()) {
            return none;
        }
        AppConfig.OnlineRouting settings = run.commute().online();
        String key = OnlineRoutes.apiKey(AppConfig.OnlineRouting.API_KEY_ENV).orElseThrow(() -> new ConfigError("commute.providers",
                "ONLINE_ROUTES is listed but " + AppConfig.OnlineRouting.API_KEY_ENV + " is not set in the environment; set it,"
                        + " or take ONLINE_ROUTES out of commute.providers"));
        RouteMatrixClient client = new RouteMatrixClient(settings, key);
        List<Row> answers = new ArrayList<>();
        Map<String, Integer> unrouted = new java.util.TreeMap<>(); // home addresses are personal: counted, never logged
        byMode.forEach((mode, keys) -> client.distances(keys, mode, run.office().location()).forEach((address, answer) -> {
            answers.add(RowFactory.create(address, mode.name(), answer.distanceKm()));
            if (answer.outcome() != RouteMatrixClient.Outcome.ROUTED) {
                unrouted.merge(mode + " " + answer.outcome() + " (" + answer.detail() + ")", 1, Integer::sum);
            }
        }));
        unrouted.forEach((why, n) -> LOG.warn("online routing: {} address(es) not routed, {}; the next provider places them", n, why));
        RouteMatrixClient.Usage usage = client.usage();
        OnlineRoutes.record(run.runId(), usage);
        LOG.info("online routing: {}", usage.render());
        Dataset<Row> found = candidates.sparkSession().createDataFrame(answers, new org.apache.spark.sql.types.StructType()
                .add("address_key", DataTypes.StringType).add("travel_mode", DataTypes.StringType).add("online_km", DataTypes.DoubleType));
        return candidates.join(broadcast(found), KEYS, "left");
    }

    /** Each address's commune: by postcode and town, else town alone (same département first), else postcode alone. */
    static Dataset<Row> geocode(Dataset<Row> addresses, Dataset<Row> postcodes, RunContext run) {
        if (postcodes == null) {
            return addresses.withColumn("geocode_method", lit(null).cast(DataTypes.StringType))
                    .withColumn("insee_code", lit(null).cast(DataTypes.StringType))
                    .withColumn("commune", lit(null).cast(DataTypes.StringType))
                    .withColumn("latitude", lit(null).cast(DataTypes.DoubleType))
                    .withColumn("longitude", lit(null).cast(DataTypes.DoubleType));
        }
        Dataset<Row> pc = broadcast(postcodes.select(col("insee_code"), col("commune"), col("postcode").as("pc_postcode"),
                col("town_key").as("pc_town_key"), col("line_5_key").as("pc_line_5_key"), col("latitude"), col("longitude")));
        Column samePostcode = col("postcode").equalTo(col("pc_postcode"));
        Column sameTown = col("town_key").equalTo(col("pc_town_key")).or(col("town_key").equalTo(col("pc_line_5_key")));
        Column sameDepartment = substring(col("postcode"), 1, 2).equalTo(substring(col("pc_postcode"), 1, 2));
        // three equi-joins unioned, not one join on "postcode = … OR town = …": an OR has no equi-join key and runs as a
        // nested loop (100 000 addresses × 39 000 postcode rows); a candidate found twice is the same row twice
        Dataset<Row> matches = addresses.join(pc, samePostcode, "inner")
                .unionByName(addresses.join(pc, col("town_key").equalTo(col("pc_town_key")), "inner"))
                .unionByName(addresses.join(pc, col("town_key").equalTo(col("pc_line_5_key")), "inner"))
                .withColumn("geocode_rank", when(samePostcode.and(sameTown), lit(1)).when(sameTown, lit(2)).otherwise(lit(3)))
                .withColumn("geocode_method", when(col("geocode_rank").equalTo(1), lit("POSTCODE_AND_TOWN"))
                        .when(col("geocode_rank").equalTo(2), lit("TOWN_ONLY")).otherwise(lit("POSTCODE_ONLY")))
                .withColumn("_same_department", when(sameDepartment, lit(0)).otherwise(lit(1)))
                .withColumn("_office_km", greatCircleKm(col("latitude"), col("longitude"), run.office().location()))
                .withColumn("_best", row_number().over(Window.partitionBy("address_key", "travel_mode")
                        .orderBy(col("geocode_rank"), col("_same_department"), col("latitude").isNull(),
                                col("_office_km").asc_nulls_last(), col("insee_code"))))
                .filter(col("_best").equalTo(1))
                .select("address_key", "travel_mode", "geocode_method", "insee_code", "commune", "latitude", "longitude");
        return addresses.join(matches, KEYS, "left");
    }

    /** The latest precomputed distance per (address, travel mode). */
    static Dataset<Row> precomputed(Dataset<Row> reference) {
        Dataset<Row> typed = reference.select(addressKey(col("address")).as("address_key"),
                upper(trim(col("travel_mode"))).as("travel_mode"),
                trim(col("distance_km")).cast(DataTypes.DoubleType).as("precomputed_km"),
                col("_ingested_at"), col("_source_file"));
        return typed.filter(col("precomputed_km").isNotNull().and(col("precomputed_km").geq(0)))
                .withColumn("_latest", row_number().over(Window.partitionBy("address_key", "travel_mode")
                        .orderBy(col("_ingested_at").desc(), col("_source_file").desc())))
                .filter(col("_latest").equalTo(1))
                .select("address_key", "travel_mode", "precomputed_km");
    }

    private static Column detourFactors(RunContext run) {
        List<Column> entries = new ArrayList<>();
        for (TravelMode mode : TravelMode.values()) {
            entries.add(lit(mode.name()));
            entries.add(lit(run.commute().detourFactors().get(mode)));
        }
        return map(entries.toArray(Column[]::new));
    }

    @Override
    public List<QualityCheck> checks(Dataset<Row> published, Map<TableId, Dataset<Row>> inputs, RunContext run) {
        return List.of(QualityCheck.error("one distance per address and mode", "the cache key", unique("address_key", "travel_mode")),
                QualityCheck.error("distance not negative and finite", "a distance decides the bonus",
                        satisfies("distance_km >= 0 AND distance_km < 20000")),
                QualityCheck.error("provider and confidence recorded", "replays must know where a distance came from",
                        satisfies("provider IS NOT NULL AND confidence IS NOT NULL")));
    }
}
