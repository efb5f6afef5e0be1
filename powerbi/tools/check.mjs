// Offline checks of the PowerBI project that need Microsoft's own tools (run by PowerBiToolsTest, and by hand):
//   1. every PBIR/PBIP JSON file validates against its JSON schema from ../shared/powerbi-schemas (ajv, draft-07);
//   2. every M expression of the model (partitions, parameters, functions) parses with Microsoft's Power Query
//      parser (@microsoft/powerquery-parser);
//   3. the committed report is what build-report.mjs writes.
// Usage: node check.mjs [--schemas DIR] [--project DIR]
//   --schemas: default $POWERBI_SCHEMAS, else <repo>/../shared/powerbi-schemas; --project: default powerbi/ (tests check copies)
// Exit 0 when all pass, 1 when a check fails, 2 when a prerequisite (schemas, packages) is missing.
import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { files as reportFiles } from "./build-report.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const option = (name) => (process.argv.indexOf(name) > 0 ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const project = resolve(option("--project") ?? join(here, ".."));
const repo = resolve(here, "..", "..");
const schemasDir = resolve(option("--schemas") ?? process.env.POWERBI_SCHEMAS ?? join(repo, "..", "shared", "powerbi-schemas"));
const BASE = "https://developer.microsoft.com/json-schemas/";

function walk(dir, keep, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === ".pbi") continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, keep, out);
    else if (keep(name)) out.push(path);
  }
  return out;
}

async function load(name) {
  try {
    return await import(name);
  } catch (e) {
    console.error(`missing npm package ${name}: run \`npm ci --prefix powerbi/tools\` (${e.message.split("\n")[0]})`);
    process.exit(2);
  }
}

if (!existsSync(join(schemasDir, "fabric"))) {
  console.error(`missing PowerBI JSON schemas: no fabric/ folder in ${schemasDir}`);
  process.exit(2);
}
const Ajv = (await load("ajv")).default;
const addFormats = (await load("ajv-formats")).default;
const PQP = await load("@microsoft/powerquery-parser");

const failures = [];

// ---- 1. JSON schemas
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
addFormats(ajv);
for (const file of walk(join(schemasDir, "fabric"), (n) => n.endsWith(".json"))) {
  const schema = JSON.parse(readFileSync(file, "utf8"));
  schema.$id = BASE + relative(schemasDir, file).split("\\").join("/");   // refs are relative to the file's own path
  ajv.addSchema(schema);
}
const jsonFiles = walk(project, (n) => /\.(json|pbir|pbism|pbip)$/.test(n)).filter((f) => !f.startsWith(join(project, "tools")));
let validated = 0;
for (const file of jsonFiles) {
  const doc = JSON.parse(readFileSync(file, "utf8"));
  const name = relative(project, file);
  if (!doc.$schema) {
    failures.push(`${name}: no $schema`);
    continue;
  }
  const validate = ajv.getSchema(doc.$schema);
  if (!validate) {
    failures.push(`${name}: schema ${doc.$schema} is not in ${schemasDir}`);
    continue;
  }
  if (!validate(doc)) {
    failures.push(`${name}: ${ajv.errorsText(validate.errors, { separator: "; " })}`);
  }
  validated++;
}

// ---- 2. M expressions in the TMDL files
const indent = (line) => line.match(/^\t*/)[0].length;
export function mExpressions(text, file) {
  const lines = text.split(/\r?\n/);
  const found = [];
  const body = (start, declIndent) => {
    const taken = [];
    let i = start;
    for (; i < lines.length; i++) {
      if (lines[i].trim() !== "" && indent(lines[i]) <= declIndent + 1) break;
      taken.push(lines[i]);
    }
    while (taken.length && taken[taken.length - 1].trim() === "") taken.pop();
    const cut = Math.min(...taken.filter((l) => l.trim()).map(indent));
    return taken.map((l) => l.slice(cut)).join("\n");
  };
  let partitionIsM = false;
  lines.forEach((line, i) => {
    const partition = line.match(/^\t*partition .* = (\w+)\s*$/);
    if (partition) partitionIsM = partition[1] === "m";
    const source = line.match(/^(\t*)source =\s*(.*)$/);
    if (source && partitionIsM) {
      found.push({ where: `${file}:${i + 1} (partition source)`, text: source[2] || body(i + 1, source[1].length - 1) });
    }
    const expression = line.match(/^(\t*)expression (.+?) =\s*(.*)$/);
    if (expression) {
      found.push({ where: `${file}:${i + 1} (expression ${expression[2]})`, text: expression[3] || body(i + 1, expression[1].length) });
    }
  });
  return found;
}
let parsed = 0;
for (const file of walk(join(project, "SportBenefits.SemanticModel"), (n) => n.endsWith(".tmdl"))) {
  for (const m of mExpressions(readFileSync(file, "utf8"), relative(project, file))) {
    const result = await PQP.TaskUtils.tryLexParse(PQP.DefaultSettings, m.text);
    if (!PQP.TaskUtils.isOk(result)) failures.push(`${m.where}: ${result.error.message}`);
    parsed++;
  }
}
if (parsed === 0) failures.push("no M expression found in the TMDL files");

// ---- 3. the report is what the layout script writes
const reportDir = join(project, "SportBenefits.Report");
for (const [path, content] of reportFiles()) {
  const file = join(reportDir, path);
  if (!existsSync(file) || readFileSync(file, "utf8") !== content) failures.push(`SportBenefits.Report/${path}: not what build-report.mjs writes (run it)`);
}

console.log(`${validated} JSON files validated against their schemas, ${parsed} M expressions parsed`);
if (failures.length) {
  console.error(`${failures.length} problem(s):\n  ${failures.join("\n  ")}`);
  process.exit(1);
}
console.log("PowerBI project: all checks passed");
