// graphql-js 16 and 17 introspect survgraph with getIntrospectionQuery(), with
// its defaults, with each non-experimental option alone and with all of them,
// and build a client schema from each answer, as GraphiQL, graphql-codegen and
// most JavaScript clients do. The queries kept in api/testdata/introspection,
// which the Go tests send, must still be what graphql-js writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as graphql16 from 'graphql';
import * as graphql17 from 'graphql17';
import { ROOT, post } from './server.mjs';

// Every boolean option of IntrospectionOptions but the experimental ones
// (experimentalDirectiveDeprecation), in graphql-js 16.15 and 17.1.
const OPTIONS = ['descriptions', 'specifiedByUrl', 'directiveIsRepeatable', 'schemaDescription', 'inputValueDeprecation', 'oneOf'];

const none = Object.fromEntries(OPTIONS.map((o) => [o, false]));
const variants = [['defaults', undefined], ['all', Object.fromEntries(OPTIONS.map((o) => [o, true]))], ['none', none]];
for (const o of OPTIONS) variants.push([`only ${o}`, { ...none, [o]: true }]);

for (const [major, graphql] of [['16', graphql16], ['17', graphql17]]) {
  test(`graphql-js ${graphql.version}: the kept introspection queries are what it writes`, () => {
    for (const [name, options] of [['defaults', undefined], ['all', variants[1][1]]]) {
      const kept = readFileSync(path.join(ROOT, 'api', 'testdata', 'introspection', `graphql-js-${major}-${name}.graphql`), 'utf8');
      assert.equal(kept, graphql.getIntrospectionQuery(options),
        `api/testdata/introspection/graphql-js-${major}-${name}.graphql is stale: rewrite it with getIntrospectionQuery`);
    }
  });

  for (const [name, options] of variants) {
    test(`graphql-js ${graphql.version}: getIntrospectionQuery (${name}) then buildClientSchema`, async () => {
      for (const accept of ['application/graphql-response+json', 'application/json']) {
        const { status, body } = await post(graphql.getIntrospectionQuery(options), { accept });
        assert.equal(status, 200, JSON.stringify(body.errors));
        assert.equal(body.errors, undefined);
        const schema = graphql.buildClientSchema(body.data);
        const fields = Object.keys(schema.getQueryType().getFields());
        for (const f of ['entity', 'search', 'neighborhood', 'paths', 'suppliers', 'relationships', 'stats']) {
          assert.ok(fields.includes(f), `Query lacks ${f}: ${fields}`);
        }
        // The client schema must be valid and answer what the server answers.
        assert.deepEqual(graphql.validateSchema(schema), []);
        const doc = graphql.parse('{ entity(id: "qosmos") { id name ... on Company { country } } }');
        assert.deepEqual(graphql.validate(schema, doc), []);
        // Default values arrive as literals of their types.
        const direction = schema.getType('Company').getFields().relationships.args.find((a) => a.name === 'direction');
        // graphql 17 keeps the literal (default.literal), 16 the value.
        const def = direction.default ? graphql.print(direction.default.literal) : direction.defaultValue;
        assert.equal(def, 'BOTH');
        // The schema's description comes only with descriptions on too.
        if (options?.schemaDescription && options?.descriptions) {
          assert.match(schema.description, /surveillance-technology trade/);
        }
        if (options?.descriptions !== false) {
          assert.match(schema.getType('ClaimStatus').getValue('ALLEGED').description, /accuser/);
        }
        if (options?.inputValueDeprecation) {
          const arg = schema.getQueryType().getFields().search.args.find((a) => a.name === 'first');
          assert.equal(arg.deprecationReason ?? null, null);
        }
      }
    });
  }
}

test('a hand-written recursive introspection query is refused, not answered without end', async () => {
  const nest = (n) => 'interfaces { possibleTypes { '.repeat(n) + 'name' + ' } }'.repeat(n);
  const { status, body } = await post(`{ __schema { types { ${nest(6)} } } }`);
  assert.equal(status, 400);
  assert.equal(body.errors[0].extensions.code, 'LIMIT_EXCEEDED');
});
