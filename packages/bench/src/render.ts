import { readFile, writeFile } from "node:fs/promises";
import { renderHtml } from "./report/html.ts";
import { renderMarkdown } from "./report/markdown.ts";
import type { BenchResults } from "./results.ts";

// `node --import tsx src/render.ts <results.json>`: writes the Markdown and HTML reports of a
// saved run again (next to the JSON), e.g. after the report layout changed.

const file = process.argv[2];
if (!file?.endsWith(".json")) {
  console.error("usage: render <results.json>");
  process.exit(1);
}
const results = JSON.parse(await readFile(file, "utf8")) as BenchResults;
await writeFile(file.replace(/\.json$/, ".md"), renderMarkdown(results));
await writeFile(file.replace(/\.json$/, ".html"), renderHtml(results));
console.log(`wrote ${file.replace(/\.json$/, ".{md,html}")}`);
