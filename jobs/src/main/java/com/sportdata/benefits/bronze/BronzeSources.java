package com.sportdata.benefits.bronze;

import com.sportdata.benefits.catalog.Tables;
import com.sportdata.benefits.config.AppConfig;
import com.sportdata.benefits.landing.LandingFile;
import com.sportdata.benefits.landing.LandingZone;
import com.sportdata.benefits.landing.UnreadableFileException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.sportdata.benefits.catalog.TableId;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** The catalogue of landing formats, and which one a given landing file is. */
public final class BronzeSources {
    public static final XlsxSource HR = new XlsxSource(Tables.HR_EMPLOYEES, ordered(
            "ID salarié", "employee_id",
            "Nom", "last_name",
            "Prénom", "first_name",
            "Date de naissance", "birth_date",
            "BU", "bu",
            "Date d'embauche", "hire_date",
            "Salaire brut", "gross_salary",
            "Type de contrat", "contract_type",
            "Nombre de jours de CP", "paid_leave_days",
            "Adresse du domicile", "home_address",
            "Moyen de déplacement", "commute_mode"));

    /** The HR file's French headers, in order. */
    public static final List<String> HR_HEADERS = List.copyOf(HR.headers());

    public static final XlsxSource SPORTS = new XlsxSource(Tables.HR_SPORT_DECLARATIONS, ordered(
            "ID salarié", "employee_id",
            "Pratique d'un sport", "sport"));

    public static final DelimitedSource ACTIVITIES_CSV = new DelimitedSource(Tables.ACTIVITIES_CSV, ',', ordered(
            "ID", "id",
            "ID salarié", "employee_id",
            "Date de début de l'activité", "start_date",
            "Type", "type",
            "Distance (m)", "distance_m",
            "Date de fin de l'activité", "end_date",
            "Commentaire", "comment"));

    public static final StravaJsonSource STRAVA_JSON = new StravaJsonSource();

    public static final DelimitedSource COMMUTE_DISTANCES = new DelimitedSource(Tables.REFERENCE_COMMUTE_DISTANCES, ',', ordered(
            "Adresse normalisée", "address",
            "Mode de trajet", "travel_mode",
            "Distance (km)", "distance_km"));

    public static final DelimitedSource POSTCODES = new DelimitedSource(Tables.REFERENCE_POSTCODES, ';', ordered(
            "Code_commune_INSEE", "insee_code",
            "Nom_commune", "commune",
            "Code_postal", "postcode",
            "Ligne_5", "line_5",
            "Libellé_d_acheminement", "delivery_label",
            "coordonnees_gps", "gps"));

    public static final List<BronzeSource> ALL = List.of(HR, SPORTS, ACTIVITIES_CSV, STRAVA_JSON, COMMUTE_DISTANCES, POSTCODES);

    private BronzeSources() {
    }

    /** The source a landing file belongs to, by folder and then by extension or header (no declared activity shape). */
    public static BronzeSource sourceOf(LandingFile file, LandingZone zone) {
        return sourceOf(file, zone, AppConfig.ActivityFiles.none(), java.time.ZoneOffset.UTC);
    }

    /**
     * The source a landing file belongs to, by folder and then by extension or header. An activity file is the
     * business's CSV when its header is that one, Strava's JSON when its objects carry an {@code athlete}, and
     * otherwise a file in another shape: declared in {@code activities.shapes}, or recognised by its columns' names.
     */
    public static BronzeSource sourceOf(LandingFile file, LandingZone zone, AppConfig.ActivityFiles shapes, java.time.ZoneId timeZone) {
        return switch (file.source()) {
            case HR -> HR;
            case SPORTS -> SPORTS;
            case ACTIVITIES -> {
                String format = ShapedActivitySource.formatOf(file.extension());
                if (format == null) {
                    throw new UnreadableFileException(file.name(), "unknown activity format '." + file.extension()
                            + "', expected .csv or .tsv (any delimiter), .xlsx, or .json/.jsonl/.ndjson (JSON lines)");
                }
                Optional<AppConfig.FileShape> declared = ActivityShape.declaredFor(file.name(), format, shapes);
                if (declared.isPresent()) {
                    yield new ShapedActivitySource(format, declared.get(), timeZone);
                }
                if (format.equals("csv") && file.sizeBytes() > 0 && ACTIVITIES_CSV.recognises(DelimitedSource.headerLine(zone, file))) {
                    yield ACTIVITIES_CSV;
                }
                if (format.equals("jsonl") && (file.sizeBytes() == 0 || ShapedActivitySource.isStravaShaped(DelimitedSource.headerLine(zone, file)))) {
                    yield STRAVA_JSON;
                }
                yield new ShapedActivitySource(format, null, timeZone);
            }
            case REFERENCE -> {
                String header = DelimitedSource.headerLine(zone, file);
                if (POSTCODES.recognises(header)) {
                    yield POSTCODES;
                }
                if (COMMUTE_DISTANCES.recognises(header)) {
                    yield COMMUTE_DISTANCES;
                }
                throw new UnreadableFileException(file.name(), "unknown reference file: the header matches neither the"
                        + " La Poste postcode base nor the commute-distance table (" + header + ")");
            }
        };
    }

    /** All-text columns, in order: what bronze keeps of a file read as text. */
    static StructType textColumns(Iterable<String> columns) {
        StructType schema = new StructType();
        for (String column : columns) {
            schema = schema.add(column, DataTypes.StringType);
        }
        return schema;
    }

    /** The full schema of a bronze table: the source's columns plus the lineage columns. */
    public static StructType bronzeSchema(BronzeSource source) {
        StructType schema = source.schema();
        if (!java.util.Arrays.asList(schema.fieldNames()).contains("_source_row")) {
            schema = schema.add("_source_row", DataTypes.IntegerType);
        }
        return schema.add("_source_file", DataTypes.StringType)
                .add("_source_sha256", DataTypes.StringType)
                .add("_ingested_at", DataTypes.TimestampType)
                .add("_run_id", DataTypes.StringType)
                .add("_row_hash", DataTypes.StringType);
    }

    public static Optional<BronzeSource> byTarget(TableId table) {
        return ALL.stream().filter(s -> s.target().equals(table)).findFirst();
    }

    private static Map<String, String> ordered(String... headerThenColumn) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < headerThenColumn.length; i += 2) {
            map.put(headerThenColumn[i], headerThenColumn[i + 1]);
        }
        return map;
    }
}
