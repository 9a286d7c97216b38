import type { OpenAPIObject } from "trpc-to-openapi";

// A self-contained API reference page rendered from the OpenAPI document: plain HTML and
// inline CSS, no scripts and nothing fetched from elsewhere, so it works on a closed network.

type Json = Record<string, unknown>;

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** Escapes, then shows `backticked` text as code. */
function prose(text: unknown): string {
  if (typeof text !== "string" || text === "") return "";
  return escapeHtml(text).replace(/`([^`]+)`/g, "<code>$1</code>");
}

class SchemaReader {
  constructor(private readonly doc: OpenAPIObject) {}

  resolve(schema: unknown, seen = new Set<string>()): Json {
    if (!isRecord(schema)) return {};
    const ref = schema.$ref;
    if (typeof ref !== "string") return schema;
    const name = ref.split("/").pop() ?? "";
    if (seen.has(name)) return {};
    seen.add(name);
    return this.resolve(this.doc.components?.schemas?.[name], seen);
  }

  /** A short type name such as `string (uuid) | null` or `array of object`. */
  typeOf(raw: unknown): string {
    const schema = this.resolve(raw);
    const variants = schema.anyOf ?? schema.oneOf;
    if (Array.isArray(variants)) return variants.map((v) => this.typeOf(v)).join(" | ");
    if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
    if ("const" in schema) return JSON.stringify(schema.const);
    const types = Array.isArray(schema.type) ? schema.type : [schema.type ?? "any"];
    return types
      .map((t) => {
        if (t === "array") return `array of ${this.typeOf(schema.items)}`;
        if (typeof schema.format === "string" && t === "string") return `string (${schema.format})`;
        if (t === "integer" || schema.format === "int64") return "integer";
        return String(t);
      })
      .join(" | ");
  }

  constraints(raw: unknown): string {
    const s = this.resolve(raw);
    const notes: string[] = [];
    const variants = s.anyOf ?? s.oneOf;
    if (Array.isArray(variants)) {
      for (const v of variants) {
        const inner = this.constraints(v);
        if (inner) notes.push(inner);
      }
    }
    if (typeof s.minLength === "number") notes.push(`min length ${s.minLength}`);
    if (typeof s.maxLength === "number") notes.push(`max length ${s.maxLength}`);
    // Zod states the safe-integer range on every integer and a pattern on every format;
    // both are noise to a reader.
    if (typeof s.minimum === "number" && s.minimum > Number.MIN_SAFE_INTEGER) {
      notes.push(`≥ ${s.minimum}`);
    }
    if (typeof s.maximum === "number" && s.maximum < Number.MAX_SAFE_INTEGER) {
      notes.push(`≤ ${s.maximum}`);
    }
    if (typeof s.pattern === "string" && typeof s.format !== "string") {
      notes.push(`pattern ${s.pattern}`);
    }
    if ("default" in s) notes.push(`default ${JSON.stringify(s.default)}`);
    return notes.join(", ");
  }

  /** Flattens an object schema into rows: nested fields get dotted names, arrays `[]`. */
  fields(raw: unknown, prefix = "", depth = 0): FieldRow[] {
    const schema = this.resolve(raw);
    if (depth > 4) return [];
    if (schema.type === "array") return this.fields(schema.items, `${prefix}[]`, depth + 1);
    const properties = isRecord(schema.properties) ? schema.properties : {};
    const required = new Set(Array.isArray(schema.required) ? schema.required : []);
    const rows: FieldRow[] = [];
    for (const [name, property] of Object.entries(properties)) {
      const path = prefix ? `${prefix}.${name}` : name;
      const resolved = this.resolve(property);
      rows.push({
        name: path,
        type: this.typeOf(property),
        required: required.has(name),
        notes: [prose(resolved.description), escapeHtml(this.constraints(property))]
          .filter(Boolean)
          .join("<br>"),
      });
      const isNested =
        resolved.type === "object" ||
        (resolved.type === "array" && this.resolve(resolved.items).type === "object");
      if (isNested) rows.push(...this.fields(property, path, depth + 1));
    }
    return rows;
  }
}

interface FieldRow {
  name: string;
  type: string;
  required: boolean;
  notes: string;
}

function fieldTable(rows: FieldRow[], firstColumn = "Field"): string {
  if (rows.length === 0) return "";
  const body = rows
    .map(
      (r) =>
        `<tr><td><code>${escapeHtml(r.name)}</code></td><td>${escapeHtml(r.type)}</td>` +
        `<td>${r.required ? "yes" : "no"}</td><td>${r.notes}</td></tr>`,
    )
    .join("");
  return `<table><thead><tr><th>${firstColumn}</th><th>Type</th><th>Required</th><th>Notes</th></tr></thead><tbody>${body}</tbody></table>`;
}

function jsonSchemaOf(content: unknown): unknown {
  if (!isRecord(content)) return undefined;
  const json = content["application/json"];
  return isRecord(json) ? json.schema : undefined;
}

interface OperationEntry {
  id: string;
  method: string;
  path: string;
  operation: Json;
}

function renderOperation(reader: SchemaReader, entry: OperationEntry): string {
  const { operation: op, method, path } = entry;
  const secured = Array.isArray(op.security) && op.security.length > 0;
  const parts = [
    `<section class="op" id="${escapeHtml(entry.id)}">`,
    `<h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>`,
    op.summary ? `<p class="summary">${prose(op.summary)}</p>` : "",
    op.description ? `<p>${prose(op.description)}</p>` : "",
    `<p class="auth">${secured ? "Requires <code>Authorization: Bearer &lt;token&gt;</code>" : "Public: no token needed"} · operation <code>${escapeHtml(entry.id)}</code></p>`,
  ];
  const params = Array.isArray(op.parameters) ? op.parameters.filter(isRecord) : [];
  if (params.length > 0) {
    const rows = params.map((p) => ({
      name: `${String(p.name)} (${String(p.in)})`,
      type: reader.typeOf(p.schema),
      required: p.required === true,
      notes: [prose(p.description), escapeHtml(reader.constraints(p.schema))]
        .filter(Boolean)
        .join("<br>"),
    }));
    parts.push("<h4>Parameters</h4>", fieldTable(rows, "Name"));
  }
  const requestBody = isRecord(op.requestBody) ? op.requestBody : undefined;
  if (requestBody) {
    const schema = jsonSchemaOf(requestBody.content);
    parts.push(
      "<h4>Request body <small>(application/json)</small></h4>",
      fieldTable(reader.fields(schema)) || `<p>${escapeHtml(reader.typeOf(schema))}</p>`,
    );
  }
  parts.push("<h4>Responses</h4>");
  const responses = isRecord(op.responses) ? op.responses : {};
  const errors: string[] = [];
  for (const [status, response] of Object.entries(responses)) {
    const r = reader.resolve(response);
    const badge = (cls: string) => `<span class="status ${cls}">${escapeHtml(status)}</span>`;
    if (Number(status) >= 400) {
      errors.push(`<li>${badge("error")} ${prose(r.description)}</li>`);
      continue;
    }
    const schema = jsonSchemaOf(r.content);
    parts.push(`<p>${badge("ok")} ${prose(r.description)}</p>`);
    if (schema !== undefined) {
      const rows = reader.fields(schema);
      parts.push(rows.length ? fieldTable(rows) : `<p>${escapeHtml(reader.typeOf(schema))}</p>`);
    }
  }
  if (errors.length > 0) {
    parts.push(`<ul class="errors">${errors.join("")}</ul>`);
  }
  parts.push("</section>");
  return parts.join("\n");
}

const STYLE = `
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d2433;background:#f7f8fa}
header{background:#17324d;color:#fff;padding:24px 40px}header h1{margin:0 0 4px}
main{display:flex;gap:32px;padding:24px 40px}nav{min-width:260px;position:sticky;top:16px;align-self:flex-start}
nav ul{list-style:none;padding:0;margin:0 0 12px}nav a{color:#17324d;text-decoration:none;font-size:14px}
.content{flex:1;max-width:1000px}.op{background:#fff;border:1px solid #dde2ea;border-radius:8px;padding:16px 20px;margin:0 0 20px}
.method{display:inline-block;min-width:58px;text-align:center;border-radius:4px;color:#fff;font-size:13px;padding:2px 6px}
.get{background:#2f7d32}.post{background:#1565c0}.put{background:#b26a00}.patch{background:#6a1b9a}.delete{background:#c62828}
table{border-collapse:collapse;width:100%;margin:4px 0 12px;font-size:14px}th,td{border:1px solid #e3e7ee;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f0f3f7}.status{font-weight:600;border-radius:4px;padding:1px 6px}.status.ok{background:#e3f4e4}.status.error{background:#fde7e7}
code{background:#eef1f5;border-radius:3px;padding:0 3px}ul.errors{list-style:none;padding:0;margin:0}ul.errors li{margin:2px 0;font-size:14px}.auth{color:#566074;font-size:14px}.summary{font-weight:600}`;

export function renderApiReference(doc: OpenAPIObject): string {
  const reader = new SchemaReader(doc);
  const entries: OperationEntry[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const operation: unknown = item[method];
      if (!isRecord(operation)) continue;
      const id =
        typeof operation.operationId === "string" ? operation.operationId : `${method}-${path}`;
      entries.push({ id, method, path, operation });
    }
  }
  const byTag = new Map<string, OperationEntry[]>();
  for (const entry of entries) {
    const tags = entry.operation.tags;
    const tag = Array.isArray(tags) && typeof tags[0] === "string" ? tags[0] : "other";
    byTag.set(tag, [...(byTag.get(tag) ?? []), entry]);
  }
  const nav = [...byTag]
    .map(
      ([tag, ops]) =>
        `<h4>${escapeHtml(tag)}</h4><ul>${ops
          .map(
            (o) =>
              `<li><a href="#${escapeHtml(o.id)}"><span class="method ${o.method}">${o.method.toUpperCase()}</span> ${escapeHtml(o.path)}</a></li>`,
          )
          .join("")}</ul>`,
    )
    .join("");
  const sections = [...byTag]
    .map(
      ([tag, ops]) =>
        `<h2>${escapeHtml(tag)}</h2>\n${ops.map((o) => renderOperation(reader, o)).join("\n")}`,
    )
    .join("\n");
  const errorFields = fieldTable(reader.fields(doc.components?.schemas?.ErrorResponse));
  const title = escapeHtml(doc.info.title);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title}</title><style>${STYLE}</style></head>
<body><header><h1>${title}</h1><div>Version ${escapeHtml(doc.info.version)} · <a style="color:#9cd0ff" href="/api/openapi.json">openapi.json</a></div></header>
<main><nav>${nav}</nav><div class="content">
<p>${prose(doc.info.description)}</p>
<h2>Errors</h2><p>Every error response has this body:</p>${errorFields}
${sections}
</div></main></body></html>
`;
}
