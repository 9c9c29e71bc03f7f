'use strict';
// Writes each ```ts block of a markdown file as an ES module (.mts) into a folder, so CI can
// type-check the documented examples against the package's shipped types.
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const [doc, dir] = process.argv.slice(2);
const blocks = [...readFileSync(doc, 'utf8').matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
if (blocks.length === 0) throw new Error(`no ts examples in ${doc}`);
blocks.forEach((code, i) => writeFileSync(join(dir, `example-${i + 1}.mts`), `${code}export {};\n`));
process.stdout.write(`${blocks.length} examples from ${doc}\n`);
