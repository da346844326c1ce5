// `npm run bench`: every benchmark under bench/, one after the other (each prints a Markdown table).
import { readdirSync } from 'node:fs';

const only = process.argv[2];
for (const file of readdirSync(new URL('.', import.meta.url))
  .filter((name) => name.endsWith('.bench.mjs'))
  .sort()) {
  if (only && !file.includes(only)) continue;
  console.log(`\n## ${file}`);
  await import(new URL(file, import.meta.url));
}
