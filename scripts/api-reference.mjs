#!/usr/bin/env node
// Writes docs/api-reference.md from the OpenAPI document the server serves, so the reference
// cannot drift from the schemas. `--check` exits 1 when the file is out of date (run by the tests).
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const OUT = `${root}docs/api-reference.md`;
const { buildOpenApi } = await import(`${root}packages/protocol/dist/openapi.js`);

const doc = buildOpenApi();
const ref = (schema) => {
  if (!schema) return '';
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop();
    return `[${name}](#${name.toLowerCase()})`;
  }
  if (schema.type === 'array') return `${ref(schema.items)}[]`;
  if (schema.enum) return schema.enum.map((v) => `\`${v}\``).join(' | ');
  return `\`${schema.type ?? (schema.anyOf || schema.oneOf ? 'one of several' : 'any')}\``;
};
const cell = (text) => String(text ?? '').replace(/\|/g, '\\|').replace(/\n+/g, ' ');

const lines = [
  '# HTTP API reference',
  '',
  `Generated from the OpenAPI ${doc.openapi} document (\`GET /v1/openapi.json\`) by \`node scripts/api-reference.mjs\`;`,
  'do not edit by hand. Every error response carries [ErrorBody](#errorbody). See [api.md](api.md) for the concepts.',
  '',
];
for (const [path, operations] of Object.entries(doc.paths)) {
  for (const [method, op] of Object.entries(operations)) {
    lines.push(`## \`${method.toUpperCase()} ${path}\``, '');
    if (op.summary) lines.push(`**${op.summary}.**${op.description ? ` ${op.description}` : ''}`, '');
    const auth = (op.security ?? doc.security ?? []).map((s) => Object.keys(s)[0] ?? 'none');
    if (auth.length) lines.push(`Authentication: ${auth.map((a) => (a === 'none' ? 'none' : `\`${a}\``)).join(' or ')}.`, '');
    if (op.parameters?.length) {
      lines.push('| parameter | in | required | type | description |', '|---|---|---|---|---|');
      for (const p of op.parameters) {
        lines.push(`| \`${p.name}\` | ${p.in} | ${p.required ? 'yes' : 'no'} | ${cell(ref(p.schema))} | ${cell(p.description)} |`);
      }
      lines.push('');
    }
    const body = op.requestBody?.content?.['application/json']?.schema;
    if (body) lines.push(`Request body: ${ref(body)}`, '');
    lines.push('| status | meaning | body |', '|---|---|---|');
    for (const [status, res] of Object.entries(op.responses ?? {})) {
      const content = res.content && Object.values(res.content)[0];
      lines.push(`| ${status} | ${cell(res.description)} | ${cell(content ? ref(content.schema) : '')} |`);
    }
    lines.push('');
  }
}
lines.push('## Schemas', '');
for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
  lines.push(`### ${name}`, '', '```json', JSON.stringify(schema, null, 2), '```', '');
}
const text = `${lines.join('\n').trimEnd()}\n`;

if (process.argv.includes('--check')) {
  const current = existsSync(OUT) ? readFileSync(OUT, 'utf8') : '';
  if (current !== text) {
    console.error('docs/api-reference.md is out of date: run `node scripts/api-reference.mjs`');
    process.exit(1);
  }
  console.log('docs/api-reference.md matches the OpenAPI document');
} else {
  writeFileSync(OUT, text);
  console.log(`wrote docs/api-reference.md (${Object.keys(doc.paths).length} paths)`);
}
