// The @neo4j/graphql peer of survgraph's benchmark (bench/peers): a minimal
// GraphQL server, graphql-yoga over node:http, whose type definitions cover
// the benchmark's queries over the very nodes and relationships survgraph's
// loader writes (graphdb/write.go). What the library cannot express on its
// own (full-text search, neighbourhoods, paths, supply chains, facets) is a
// @cypher field, as its users would write it.
//
//   NEO4J_URI=bolt://127.0.0.1:7687 PORT=8292 node server.mjs
//
// For the harness it also serves, on the same port:
//   GET  /bench/counters    {"transactions": n, "statements": n} since start
//   POST /bench/capture     start recording statements (clears the record)
//   GET  /bench/statements  the statements recorded since, with parameters
// The counts come from wrapping the driver this server hands to the library,
// so every statement it sends is seen.
import http from "node:http";
import neo4j from "neo4j-driver";
import { Neo4jGraphQL } from "@neo4j/graphql";
import { createYoga } from "graphql-yoga";

const uri = process.env.NEO4J_URI || "bolt://127.0.0.1:7687";
const port = Number(process.env.PORT || 8292);
const host = process.env.HOST || "127.0.0.1";
const auth =
  process.env.NEO4J_USERNAME && process.env.NEO4J_PASSWORD
    ? neo4j.auth.basic(process.env.NEO4J_USERNAME, process.env.NEO4J_PASSWORD)
    : undefined;

// The relationship types of survgraph's schema (schema/relationships.go).
const relTypes = [
  "ACQUIRED", "APPLIES_TO", "CITES", "COMMISSIONED", "DEPLOYED", "FILED_BY", "HANDLED_BY",
  "HEADS", "IMPOSED_BY", "MAKES", "PARTICIPATED_IN", "PARTNERED_WITH", "PART_OF",
  "RELATED_TO", "REPRESENTS", "SUBSIDIARY_OF", "SUPPLIED", "TARGETS", "USED_IN",
];

// SUPPLIED -> supplied, PARTICIPATED_IN -> participatedIn
export function fieldName(type) {
  return type.toLowerCase().replace(/_([a-z])/g, (_, c) => c.toUpperCase());
}

const relFields = relTypes
  .map(
    (t) =>
      `  ${fieldName(t)}Out: [Entity!]! @relationship(type: "${t}", direction: OUT, properties: "Claim")\n` +
      `  ${fieldName(t)}In: [Entity!]! @relationship(type: "${t}", direction: IN, properties: "Claim")`,
  )
  .join("\n");

const entityFields = `
  id: ID!
  kind: String!
  name: String!
  country: String
  description: String
  aliases: [String!]
  citeSources: [String!]
  citeStances: [String!]
  citeQuotes: [String!]`;

// The sources an entity's citations name, in citation order.
const citationSources = `
  citationSources: [Entity!]!
    @cypher(
      statement: """
      UNWIND range(0, size(coalesce(this.citeSources, [])) - 1) AS i
      MATCH (s:Entity {id: this.citeSources[i]})
      RETURN s ORDER BY i
      """
      columnName: "s"
    )`;

// A hop as a plain object, for the @cypher fields that return paths.
const hop = (r) =>
  `{id: ${r}.id, type: type(${r}), status: ${r}.status, from: startNode(${r}).id, to: endNode(${r}).id}`;

export const typeDefs = /* GraphQL */ `
type Claim @relationshipProperties {
  id: ID!
  status: String!
  start: String
  end: String
  summary: String
  citeSources: [String!]
  citeStances: [String!]
  citeQuotes: [String!]
}

type Entity @node(labels: ["Entity"]) {${entityFields}
${citationSources}
${relFields}
}

type Company @node(labels: ["Company"]) {${entityFields}
}

type NodeRef {
  id: ID!
  kind: String!
  name: String!
}

type Hop {
  id: ID!
  type: String!
  status: String!
  from: ID!
  to: ID!
}

type Subgraph {
  nodes: [NodeRef!]!
  relationships: [Hop!]!
}

type Path {
  length: Int!
  nodes: [NodeRef!]!
  relationships: [Hop!]!
}

type Facet {
  value: String!
  count: Int!
}

type Query {
  "Full-text search on names and aliases; query is a Lucene query."
  search(query: String!, first: Int!): [Entity!]!
    @cypher(
      statement: """
      CALL db.index.fulltext.queryNodes('entity_names', $query) YIELD node, score
      RETURN node ORDER BY score DESC, node.id LIMIT $first
      """
      columnName: "node"
    )

  "The entities within two hops and the relationships of the entities within one."
  neighborhood2(id: ID!): Subgraph
    @cypher(
      statement: """
      MATCH (c:Entity {id: $id})
      CALL (c) { MATCH (c)--(m) RETURN collect(DISTINCT m) AS ring1 }
      CALL (ring1) { UNWIND ring1 AS n MATCH (n)-[r]-(m) RETURN collect(DISTINCT r) AS rels, collect(DISTINCT m) AS ring2 }
      CALL (c, ring1, ring2) { UNWIND [c] + ring1 + ring2 AS x WITH DISTINCT x RETURN collect(x {.id, .kind, .name}) AS nodes }
      RETURN {nodes: nodes, relationships: [r IN rels | ${hop("r")}]} AS g
      """
      columnName: "g"
    )

  "Up to first shortest paths of at most four hops, either direction."
  paths4(from: ID!, to: ID!, first: Int!): [Path!]!
    @cypher(
      statement: """
      MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
      MATCH p = SHORTEST 5 (a)-[]-{1,4}(b)
      WITH p ORDER BY length(p), [x IN nodes(p) | x.id]
      LIMIT $first
      RETURN {length: length(p), nodes: [n IN nodes(p) | n {.id, .kind, .name}],
              relationships: [r IN relationships(p) | ${hop("r")}]} AS path
      """
      columnName: "path"
    )

  "Vendors that supplied a government or body, directly or through companies, products, projects and its own bodies, within three hops: one shortest chain per vendor (any of equally short ones), never stepping sideways through a hub (survgraph's rules)."
  suppliers(of: ID!, first: Int!): [Path!]!
    @cypher(
      statement: """
      MATCH (c:Company), (g:Entity {id: $of})
      MATCH p = ANY SHORTEST (c) ((a)-[r:ACQUIRED|SUBSIDIARY_OF|PARTNERED_WITH|MAKES|USED_IN|PARTICIPATED_IN|SUPPLIED|COMMISSIONED|DEPLOYED|PART_OF]-(b:Company|Product|Project|Agency)){0,2}
                             (x)-[last:ACQUIRED|SUBSIDIARY_OF|PARTNERED_WITH|MAKES|USED_IN|PARTICIPATED_IN|SUPPLIED|COMMISSIONED|DEPLOYED|PART_OF]-(g)
      WHERE c <> g
        AND all(n IN nodes(p)[1..-1] WHERE NOT n:Agency OR EXISTS { (n)-[:PART_OF]->(g) })
        AND any(y IN relationships(p) WHERE type(y) IN ['SUPPLIED', 'COMMISSIONED', 'DEPLOYED'])
        AND all(pair IN [i IN range(0, length(p) - 2) | [CASE type(relationships(p)[i]) WHEN 'SUBSIDIARY_OF' THEN endNode(relationships(p)[i]) WHEN 'PARTICIPATED_IN' THEN endNode(relationships(p)[i]) WHEN 'MAKES' THEN endNode(relationships(p)[i]) WHEN 'USED_IN' THEN endNode(relationships(p)[i]) WHEN 'ACQUIRED' THEN startNode(relationships(p)[i]) END,
                                                        CASE type(relationships(p)[i + 1]) WHEN 'SUBSIDIARY_OF' THEN endNode(relationships(p)[i + 1]) WHEN 'PARTICIPATED_IN' THEN endNode(relationships(p)[i + 1]) WHEN 'MAKES' THEN endNode(relationships(p)[i + 1]) WHEN 'USED_IN' THEN endNode(relationships(p)[i + 1]) WHEN 'ACQUIRED' THEN startNode(relationships(p)[i + 1]) END]]
                WHERE pair[0] IS NULL OR pair[1] IS NULL OR pair[0] <> pair[1])
      WITH p, c ORDER BY length(p), c.id
      LIMIT $first
      RETURN {length: length(p), nodes: [n IN nodes(p) | n {.id, .kind, .name}],
              relationships: [r IN relationships(p) | ${hop("r")}]} AS path
      """
      columnName: "path"
    )

  "SUPPLIED claims by status, most first."
  suppliedByStatus: [Facet!]!
    @cypher(
      statement: """
      MATCH ()-[r:SUPPLIED]->()
      WITH r.status AS value, count(*) AS count ORDER BY count DESC, value
      RETURN {value: value, count: count} AS facet
      """
      columnName: "facet"
    )
}
`;

// counted wraps the driver so that every transaction and statement the
// library runs is counted, and recorded while capturing.
const counters = { transactions: 0, statements: 0 };
let captured = null;

function plain(v) {
  if (neo4j.isInt(v)) return { $int: v.toString() };
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === "object" && v.constructor === Object) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  }
  return v;
}

function record(query, params) {
  counters.statements++;
  if (captured) {
    const text = typeof query === "string" ? query : query?.text;
    const p = typeof query === "string" ? params : query?.parameters;
    captured.push({ cypher: text, params: plain(p || {}) });
  }
}

function wrapRunner(tx) {
  return new Proxy(tx, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (prop === "run") {
        return (query, params, ...rest) => {
          record(query, params);
          return v.call(target, query, params, ...rest);
        };
      }
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
}

function wrapSession(session) {
  return new Proxy(session, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      switch (prop) {
        case "run":
          return (query, params, ...rest) => {
            counters.transactions++; // an auto-commit transaction
            record(query, params);
            return v.call(target, query, params, ...rest);
          };
        case "executeRead":
        case "executeWrite":
        case "readTransaction":
        case "writeTransaction":
          return (work, ...rest) => {
            counters.transactions++;
            return v.call(target, (tx) => work(wrapRunner(tx)), ...rest);
          };
        case "beginTransaction":
          return (...args) => {
            counters.transactions++;
            return wrapRunner(v.apply(target, args));
          };
      }
      return typeof v === "function" ? v.bind(target) : v;
    },
  });
}

const rawDriver = neo4j.driver(uri, auth, { maxConnectionPoolSize: 100 });
const driver = new Proxy(rawDriver, {
  get(target, prop, receiver) {
    const v = Reflect.get(target, prop, receiver);
    if (prop === "session") return (...args) => wrapSession(v.apply(target, args));
    return typeof v === "function" ? v.bind(target) : v;
  },
});

const neoSchema = new Neo4jGraphQL({ typeDefs, driver });
const schema = await neoSchema.getSchema();
const yoga = createYoga({ schema, graphqlEndpoint: "/graphql", logging: "warn", maskedErrors: false });

function json(res, status, body) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

const server = http.createServer((req, res) => {
  const path = req.url.split("?")[0];
  if (path === "/bench/counters") return json(res, 200, counters);
  if (path === "/bench/capture" && req.method === "POST") {
    captured = [];
    return json(res, 200, { capturing: true });
  }
  if (path === "/bench/statements") {
    const out = captured || [];
    captured = null;
    return json(res, 200, out);
  }
  return yoga(req, res);
});

await rawDriver.verifyConnectivity();
server.listen(port, host, () => {
  console.log(`neo4j-graphql peer: ready on http://${host}:${port}/graphql (Neo4j ${uri}, pid ${process.pid})`);
});

for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, async () => {
    server.close();
    await rawDriver.close();
    process.exit(0);
  });
}
