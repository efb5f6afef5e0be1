// Writes the report's PBIR files (SportBenefits.Report/) from the page layout declared below, so the pages,
// their visuals and the fields they bind are read in one place and the committed JSON never drifts from it.
//   node build-report.mjs            write the files
//   node build-report.mjs --check    exit 1 if the committed files differ from what this script writes
// Target: Power BI Desktop May 2026 (report 3.3.0, page 2.1.0, visualContainer 2.9.0, pagesMetadata 1.1.0).
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const reportDir = join(here, "..", "SportBenefits.Report");
const SCHEMA = "https://developer.microsoft.com/json-schemas/fabric/item/report";
export const VERSIONS = { report: "3.3.0", page: "2.1.0", visual: "2.9.0", pages: "1.1.0", version: "1.0.0", pbir: "2.0.0" };

// ---- fields: a measure of the Mesures table, or a column of a model table
const M = (name) => ({ kind: "Measure", table: "Mesures", name });
const C = (table, name) => ({ kind: "Column", table, name });

const PERIOD = C("Années", "benefit_year");
const BU = C("BU", "bu");

// ---- the pages: 1280 × 720, slicers on a top band, then the visuals
const slicers = (...extra) => [
  { type: "slicer", name: "filtrePeriode", title: "Période (année d'avantages)", at: [16, 8, 240, 64], roles: { Values: [PERIOD] } },
  { type: "slicer", name: "filtreBu", title: "BU", at: [272, 8, 240, 64], roles: { Values: [BU] } },
  ...extra,
];
const card = (name, measure, x, y, w = 196, h = 104) => ({ type: "card", name, title: measure, at: [x, y, w, h], roles: { Values: [M(measure)] } });
const cards = (y, names) => names.map((m, i) => card(`carte${i + 1}`, m, 16 + i * 156, y, 148, 104));

export const PAGES = [
  {
    name: "vueEnsemble", title: "Vue d'ensemble",
    visuals: [
      ...slicers(),
      ...cards(80, ["Coût total", "Coût des bonus", "Bénéficiaires du bonus", "Jours bien-être", "Valeur des jours bien-être",
        "Part de la masse salariale", "Taux d'adoption", "Évolution sur un an"]),
      { type: "lineChart", name: "tendanceMensuelle", title: "Coût total par mois", at: [16, 200, 760, 504],
        roles: { Category: [C("kpi_benefits_by_period", "month_start_date")], Y: [M("Coût total du mois"), M("Coût des bonus du mois")] } },
      { type: "clusteredBarChart", name: "coutParBu", title: "Coût total par BU", at: [792, 200, 472, 504],
        roles: { Category: [BU], Y: [M("Coût total")] } },
    ],
  },
  {
    name: "coutsBuPeriode", title: "Coûts par BU et période",
    visuals: [
      ...slicers(),
      { type: "pivotTable", name: "matriceCouts", title: "Coût total par BU et année", at: [16, 80, 560, 300],
        roles: { Rows: [BU], Columns: [PERIOD], Values: [M("Coût total")] } },
      { type: "clusteredColumnChart", name: "coutMensuelParBu", title: "Coût total par mois et BU", at: [592, 80, 672, 300],
        roles: { Category: [C("kpi_benefits_by_period", "month_start_date")], Series: [C("kpi_benefits_by_period", "bu")], Y: [M("Coût total du mois")] } },
      { type: "tableEx", name: "detailBu", title: "Détail par BU", at: [16, 396, 1248, 308],
        roles: { Values: [BU, M("Effectif"), M("Bénéficiaires du bonus"), M("Part éligible au bonus"), M("Coût des bonus"),
          M("Jours bien-être"), M("Valeur des jours bien-être"), M("Coût total"), M("Coût par salarié"), M("Part de la masse salariale"),
          M("Évolution sur un an")] } },
    ],
  },
  {
    name: "salaries", title: "Salariés (RH)",
    visuals: [
      ...slicers(),
      card("carteAvantage", "Avantage total du salarié", 528, 8, 240, 64),
      card("carteBonus", "Bonus du salarié", 784, 8, 240, 64),
      { type: "tableEx", name: "avantagesParSalarie", title: "Avantages par salarié (données personnelles : rôle RH)", at: [16, 80, 1248, 624],
        roles: { Values: [C("dim_employee", "full_name"), C("fct_employee_benefits", "bu"), C("fct_employee_benefits", "benefit_year"),
          C("fct_employee_benefits", "commute_mode"), C("fct_employee_benefits", "commute_distance_km"),
          C("fct_employee_benefits", "distance_provider"), C("fct_employee_benefits", "distance_confidence"),
          C("fct_employee_benefits", "distance_limit_km"), C("fct_employee_benefits", "distance_margin_km"),
          C("fct_employee_benefits", "bonus_status_label"), C("fct_employee_benefits", "bonus_eur"),
          C("fct_employee_benefits", "activity_count"), C("fct_employee_benefits", "wellness_threshold"),
          C("fct_employee_benefits", "activities_short"), C("fct_employee_benefits", "wellness_days"),
          C("fct_employee_benefits", "wellness_value_eur"), C("fct_employee_benefits", "total_benefit_eur")] } },
    ],
  },
  {
    name: "pratiqueSportive", title: "Pratique sportive",
    visuals: [
      ...slicers({ type: "slicer", name: "filtreSport", title: "Sport", at: [528, 8, 240, 64], roles: { Values: [C("kpi_activities_by_sport", "sport_label")] } }),
      ...cards(80, ["Activités", "Distance (km)", "Durée (h)", "Salariés actifs", "Taux d'adoption"]),
      { type: "clusteredBarChart", name: "activitesParSport", title: "Activités par sport", at: [16, 200, 400, 504],
        roles: { Category: [C("kpi_activities_by_sport", "sport_label")], Y: [M("Activités")] } },
      { type: "lineChart", name: "activitesParMois", title: "Activités et pratiquants par mois", at: [432, 200, 832, 244],
        roles: { Category: [C("kpi_activities_by_sport", "month_start_date")], Y: [M("Activités"), M("Pratiquants du mois")] } },
      { type: "clusteredColumnChart", name: "distanceParSportEtMois", title: "Distance (km) par sport et par mois", at: [432, 460, 832, 244],
        roles: { Category: [C("kpi_activities_by_sport", "month_start_date")], Series: [C("kpi_activities_by_sport", "sport_label")], Y: [M("Distance (km)")] } },
    ],
  },
  {
    name: "declarations", title: "Déclarations à vérifier",
    visuals: [
      ...slicers(),
      card("carteSalaries", "Salariés à vérifier", 528, 8, 240, 64),
      card("carteDeclarations", "Déclarations à vérifier", 784, 8, 240, 64),
      { type: "clusteredBarChart", name: "motifs", title: "Déclarations par motif", at: [16, 80, 400, 624],
        roles: { Category: [C("declarations_to_review", "reason_code")], Y: [M("Déclarations à vérifier")] } },
      { type: "tableEx", name: "listeDeclarations", title: "Déclarations à vérifier (données personnelles : rôle RH)", at: [432, 80, 832, 624],
        roles: { Values: [C("dim_employee", "full_name"), C("declarations_to_review", "bu"), C("declarations_to_review", "benefit_year"),
          C("declarations_to_review", "commute_mode"), C("declarations_to_review", "commute_distance_km"),
          C("declarations_to_review", "distance_limit_km"), C("declarations_to_review", "reason")] } },
    ],
  },
  {
    name: "qualiteExecutions", title: "Qualité des données et exécutions",
    visuals: [
      { type: "slicer", name: "filtreCommande", title: "Commande (run, backfill, replay, scenario)", at: [16, 8, 300, 64],
        roles: { Values: [C("fct_runs", "command")] } },
      card("carteReussite", "Part des contrôles réussis", 332, 8, 180, 64),
      card("carteEchecs", "Contrôles en échec", 528, 8, 180, 64),
      card("carteQuarantaine", "Lignes en quarantaine", 724, 8, 180, 64),
      card("carteDerniere", "Dernière exécution", 920, 8, 180, 64),
      card("carteStatut", "Statut de la dernière exécution", 1116, 8, 148, 64),
      { type: "tableEx", name: "controles", title: "Contrôles qualité", at: [16, 80, 820, 300],
        roles: { Values: [C("fct_quality_checks", "checked_at"), C("fct_quality_checks", "layer"), C("fct_quality_checks", "table_name"),
          C("fct_quality_checks", "check_name"), C("fct_quality_checks", "level"), C("fct_quality_checks", "status"),
          C("fct_quality_checks", "message")] } },
      { type: "clusteredBarChart", name: "quarantaine", title: "Lignes en quarantaine par motif", at: [852, 80, 412, 300],
        roles: { Category: [C("fct_quarantine_summary", "reason")], Y: [M("Lignes en quarantaine")] } },
      { type: "tableEx", name: "executions", title: "Exécutions, rattrapages et rejeux", at: [16, 396, 1248, 308],
        roles: { Values: [C("fct_runs", "started_at"), C("fct_runs", "run_id"), C("fct_runs", "command"), C("fct_runs", "stage"),
          C("fct_runs", "status"), C("fct_runs", "duration_s"), C("fct_runs", "benefit_years"), C("fct_runs", "rows_written"),
          C("fct_runs", "replay_of"), C("fct_runs", "error")] } },
    ],
  },
  {
    name: "scenarios", title: "Scénarios",
    visuals: [
      { type: "slicer", name: "filtreScenario", title: "Scénario", at: [16, 8, 300, 64], roles: { Values: [C("scenario_comparison", "scenario")] } },
      { type: "slicer", name: "filtrePeriode", title: "Période (année d'avantages)", at: [332, 8, 240, 64], roles: { Values: [PERIOD] } },
      { type: "slicer", name: "filtreBuScenario", title: "BU (ALL = toutes)", at: [588, 8, 240, 64], roles: { Values: [C("scenario_comparison", "bu")] } },
      { type: "pivotTable", name: "comparaison", title: "Officiel et scénario par mesure", at: [16, 80, 620, 624],
        roles: { Rows: [C("scenario_comparison", "measure")], Values: [M("Valeur officielle"), M("Valeur du scénario"), M("Écart du scénario")] } },
      { type: "clusteredColumnChart", name: "ecarts", title: "Écart du scénario par mesure", at: [652, 80, 612, 624],
        roles: { Category: [C("scenario_comparison", "measure")], Series: [C("scenario_comparison", "scenario")], Y: [M("Écart du scénario")] } },
    ],
  },
];

// ---- PBIR JSON
const literal = (value) => ({ expr: { Literal: { Value: value } } });
const text = (s) => literal(`'${s.replace(/'/g, "''")}'`);

function projection(field) {
  const ref = { Expression: { SourceRef: { Entity: field.table } }, Property: field.name };
  return { field: { [field.kind]: ref }, queryRef: `${field.table}.${field.name}`, nativeQueryRef: field.name };
}

function visualJson(v, z) {
  const [x, y, width, height] = v.at;
  const queryState = {};
  for (const [role, fields] of Object.entries(v.roles)) {
    queryState[role] = { projections: fields.map(projection) };
  }
  const visual = {
    visualType: v.type,
    query: { queryState },
    visualContainerObjects: { title: [{ properties: { show: literal("true"), text: text(v.title) } }] },
    drillFilterOtherVisuals: true,
  };
  if (v.type === "slicer") {
    visual.objects = { data: [{ properties: { mode: text("Dropdown") } }] };
  }
  return {
    $schema: `${SCHEMA}/definition/visualContainer/${VERSIONS.visual}/schema.json`,
    name: v.name,
    position: { x, y, z: z * 1000, height, width, tabOrder: z * 1000 },
    visual,
  };
}

/** Every file of the report, as path (relative to SportBenefits.Report/) → JSON text. */
export function files() {
  const out = new Map();
  const put = (path, json) => out.set(path, JSON.stringify(json, null, 2) + "\n");
  put("definition.pbir", {
    $schema: `${SCHEMA}/definitionProperties/${VERSIONS.pbir}/schema.json`,
    version: "4.0",
    datasetReference: { byPath: { path: "../SportBenefits.SemanticModel" } },
  });
  put("definition/version.json", { $schema: `${SCHEMA}/definition/versionMetadata/${VERSIONS.version}/schema.json`, version: "2.0.0" });
  put("definition/report.json", {
    $schema: `${SCHEMA}/definition/report/${VERSIONS.report}/schema.json`,
    themeCollection: {
      baseTheme: { name: "CY24SU10", reportVersionAtImport: { visual: "1.8.50", report: "2.0.50", page: "1.3.50" }, type: "SharedResources" },
    },
    settings: { useStylableVisualContainerHeader: true, defaultDrillFilterOtherVisuals: true, allowChangeFilterTypes: true,
      useEnhancedTooltips: true },
  });
  put("definition/pages/pages.json", {
    $schema: `${SCHEMA}/definition/pagesMetadata/${VERSIONS.pages}/schema.json`,
    pageOrder: PAGES.map((p) => p.name),
    activePageName: PAGES[0].name,
  });
  for (const page of PAGES) {
    put(`definition/pages/${page.name}/page.json`, {
      $schema: `${SCHEMA}/definition/page/${VERSIONS.page}/schema.json`,
      name: page.name, displayName: page.title, displayOption: "FitToPage", height: 720, width: 1280,
    });
    page.visuals.forEach((v, i) => put(`definition/pages/${page.name}/visuals/${v.name}/visual.json`, visualJson(v, i)));
  }
  return out;
}

function committed(dir, base = dir, found = new Map()) {
  if (!existsSync(dir)) return found;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) committed(path, base, found);
    else if (name.endsWith(".json") || name.endsWith(".pbir")) found.set(relative(base, path).split("\\").join("/"), readFileSync(path, "utf8"));
  }
  return found;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const wanted = files();
  if (process.argv.includes("--check")) {
    const have = committed(reportDir);
    const problems = [];
    for (const [path, content] of wanted) if (have.get(path) !== content) problems.push(`${have.has(path) ? "differs" : "missing"}: ${path}`);
    for (const path of have.keys()) if (!wanted.has(path)) problems.push(`not built by build-report.mjs: ${path}`);
    if (problems.length) {
      console.error(`SportBenefits.Report is out of date (run: node powerbi/tools/build-report.mjs):\n  ${problems.join("\n  ")}`);
      process.exit(1);
    }
    console.log(`report up to date: ${wanted.size} files`);
  } else {
    rmSync(join(reportDir, "definition"), { recursive: true, force: true });
    for (const [path, content] of wanted) {
      mkdirSync(dirname(join(reportDir, path)), { recursive: true });
      writeFileSync(join(reportDir, path), content);
    }
    console.log(`wrote ${wanted.size} files in ${reportDir}`);
  }
}
