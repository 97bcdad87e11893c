// Python's clients (graphql-core, gql), run in the project's virtualenv: see
// clients/python/test_clients.py.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { BASE, PYTHON, ROOT } from './server.mjs';

test('Python: graphql-core introspection with every option, and gql', () => {
  assert.ok(existsSync(PYTHON), `no ${PYTHON}: run make deps`);
  const r = spawnSync(PYTHON, ['-m', 'unittest', '-v', path.join('clients', 'python', 'test_clients.py')], {
    cwd: ROOT, env: { ...process.env, SURVGRAPH_URL: BASE }, encoding: 'utf8', timeout: 300_000,
  });
  console.log(r.stderr);
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
});
