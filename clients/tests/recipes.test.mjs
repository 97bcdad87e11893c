// Runs every recipe of docs/clients.md against the test server, taking the code
// from the page as it stands. A recipe is a fenced block (python, js or sh)
// right after a marker:
//
//   <!-- recipe: python-gql -->
//   ```python
//   ...
//   ```
//
// The first ```text block after it, before the next recipe or heading, lists
// lines that must each appear in what the recipe prints. http://localhost:8080
// becomes the test server's address. Python runs in the project's virtualenv,
// JavaScript as an ES module beside clients/node_modules, sh with bash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BASE, PYTHON, ROOT } from './server.mjs';

const DOC = path.join(ROOT, 'docs', 'clients.md');
const RUNNABLE = new Set(['python', 'js', 'sh']);

// parseRecipes reads the recipes of a Markdown text; it throws on a runnable
// block that no marker names, so that no snippet of the page goes untested.
export function parseRecipes(text) {
  const lines = text.split('\n');
  const recipes = [];
  const problems = [];
  let pending = null; // a marker waiting for its block
  let current = null; // the last recipe, waiting for its output block
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const marker = line.match(/^<!--\s*recipe:\s*([a-z0-9-]+)\s*-->\s*$/);
    if (marker) {
      pending = { name: marker[1], line: i + 1 };
      current = null;
      continue;
    }
    if (/^#/.test(line)) current = null;
    const fence = line.match(/^```(\w*)\s*$/);
    if (!fence) continue;
    const lang = fence[1];
    let end = i + 1;
    while (end < lines.length && lines[end] !== '```') end++;
    const body = lines.slice(i + 1, end).join('\n');
    if (RUNNABLE.has(lang)) {
      if (!pending) problems.push(`line ${i + 1}: a ${lang} block without a <!-- recipe: NAME --> marker`);
      else {
        current = { name: pending.name, line: pending.line, lang, code: body, expect: [] };
        recipes.push(current);
      }
      pending = null;
    } else if (lang === 'text' && current && current.expect.length === 0) {
      current.expect = body.split('\n').filter((l) => l.trim() !== '');
    }
    i = end;
  }
  if (pending) problems.push(`line ${pending.line}: recipe ${pending.name} has no code block`);
  const names = recipes.map((r) => r.name);
  for (const n of new Set(names)) if (names.filter((x) => x === n).length > 1) problems.push(`recipe ${n} appears twice`);
  if (problems.length) throw new Error(`docs/clients.md: ${problems.join('; ')}`);
  return recipes;
}

function run(recipe, dir) {
  const code = recipe.code.replaceAll('http://localhost:8080', BASE);
  const env = { ...process.env };
  let cmd, args, file;
  switch (recipe.lang) {
    case 'python':
      file = path.join(dir, `${recipe.name}.py`);
      [cmd, args] = [PYTHON, [file]];
      break;
    case 'js':
      // Beside clients/node_modules, so that its imports resolve.
      file = path.join(ROOT, 'clients', `.recipe-${recipe.name}.mjs`);
      [cmd, args] = [process.execPath, [file]];
      break;
    case 'sh':
      file = path.join(dir, `${recipe.name}.sh`);
      [cmd, args] = ['bash', ['-euo', 'pipefail', file]];
      break;
  }
  writeFileSync(file, code);
  try {
    return spawnSync(cmd, args, { cwd: dir, env, encoding: 'utf8', timeout: 120_000 });
  } finally {
    if (recipe.lang === 'js') rmSync(file, { force: true });
  }
}

const recipes = parseRecipes(readFileSync(DOC, 'utf8'));

test('docs/clients.md has a recipe for each client', () => {
  const langs = new Set(recipes.map((r) => r.lang));
  assert.deepEqual([...langs].sort(), ['js', 'python', 'sh']);
  for (const name of ['python-gql', 'python-pandas-suppliers', 'python-networkx-neighborhood', 'js-fetch', 'js-graphql-request', 'curl-post', 'curl-get']) {
    assert.ok(recipes.some((r) => r.name === name), `no recipe ${name}`);
  }
});

test('the recipe parser refuses an unmarked snippet', () => {
  assert.throws(() => parseRecipes('# x\n\n```python\nprint(1)\n```\n'), /without a <!-- recipe/);
  const [r] = parseRecipes('<!-- recipe: a -->\n```sh\necho hi\n```\n\n```text\nhi\n```\n');
  assert.deepEqual([r.name, r.lang, r.code, r.expect], ['a', 'sh', 'echo hi', ['hi']]);
});

for (const recipe of recipes) {
  test(`docs/clients.md recipe ${recipe.name} (${recipe.lang}, line ${recipe.line})`, () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'survgraph-recipe-'));
    try {
      const r = run(recipe, dir);
      const said = `${r.stdout}\n${r.stderr}`;
      assert.equal(r.status, 0, `exit ${r.status}${r.error ? ` (${r.error.message})` : ''}:\n${said}`);
      for (const want of recipe.expect) {
        assert.ok(r.stdout.includes(want.trim()), `the output lacks ${JSON.stringify(want)}:\n${said}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
