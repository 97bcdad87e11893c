// The survgraph server the client suites run against, started once for all of
// them by scripts/test-with-server.sh, which sets SURVGRAPH_URL.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const BASE = (process.env.SURVGRAPH_URL || '').replace(/\/$/, '');
if (!BASE) {
  throw new Error('SURVGRAPH_URL is not set: run these tests through scripts/test-with-server.sh (make test-served)');
}
export const GRAPHQL = `${BASE}/graphql`;

// The repository's root, seen from this folder.
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

// The project's virtualenv (make deps), where the Python clients are.
export const PYTHON = process.env.SURVGRAPH_PYTHON || path.join(ROOT, '.venv', 'bin', 'python');

// post sends a GraphQL request and returns the status, the Content-Type and
// the decoded body.
export async function post(query, { variables, accept = 'application/graphql-response+json' } = {}) {
  const res = await fetch(GRAPHQL, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: accept },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, contentType: res.headers.get('content-type'), body: await res.json() };
}
