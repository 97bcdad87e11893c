// The GraphQL-over-HTTP specification's reference audit (serverAudits from the
// graphql-http package) against survgraph: no error and no warning may remain.
// Notices (MAY clauses) are printed; docs/http.md explains any that appear.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverAudits } from 'graphql-http';
import { GRAPHQL } from './server.mjs';

test('graphql-http server audits: 0 errors, 0 warnings', async () => {
  const counts = { ok: 0, warn: 0, error: 0, notice: 0 };
  const problems = [];
  for (const audit of serverAudits({ url: GRAPHQL })) {
    const result = await audit.fn();
    counts[result.status]++;
    if (result.status !== 'ok') {
      let body = '';
      try {
        body = await result.response.text();
      } catch {}
      problems.push(`${result.status.toUpperCase()} ${audit.id} ${audit.name}: ${result.reason} ` +
        `(HTTP ${result.response?.status}, ${result.response?.headers.get('content-type')}) ${body.slice(0, 300)}`);
    }
  }
  // The summary line the closing note quotes.
  const summary = `graphql-http ${counts.ok} ok, ${counts.warn} warn, ${counts.error} error, ${counts.notice} notice`;
  console.log(summary);
  for (const p of problems) console.log(p);
  assert.ok(counts.ok > 50, summary);
  assert.equal(counts.error, 0, problems.join('\n'));
  assert.equal(counts.warn, 0, problems.join('\n'));
});
