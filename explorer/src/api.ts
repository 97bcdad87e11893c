// The explorer talks only to the public GraphQL API at /graphql (same origin).
import type { Kind, RelType, Status } from './model';

export interface SourceRef {
  id: string;
  title: string;
  publisher: string;
  publishedAt: string;
  url: string | null;
  locator: string | null;
}

export interface Citation {
  stance: 'SUPPORTS' | 'DISPUTES' | 'CONTEXT';
  quote: string | null;
  locator: string | null;
  source: SourceRef;
}

export interface EntityRef {
  id: string;
  kind: Kind;
  name: string;
  placeholder?: boolean; // an unknown party, such as an unidentified exporter
  filed?: string | null;
  decided?: string | null;
}

export type Basis = 'DOCUMENT' | 'LEAK' | 'COURT_RECORD' | 'EXPORT_STATISTICS' | 'COMPANY_STATEMENT' | 'MEASUREMENT' | 'PRESS';

export interface Correction {
  reason: string;
  source: SourceRef | null;
}

export interface Relationship {
  id: string;
  type: RelType;
  status: Status;
  basis?: Basis;
  corrections?: Correction[];
  role?: string | null;
  quantity?: number | null;
  start: string | null;
  end: string | null;
  summary: string | null;
  amount: number | null;
  currency: string | null;
  product?: { id: string; name: string } | null; // left out of neighbourhoods
  from: EntityRef;
  to: EntityRef;
  citations: Citation[];
}

export interface Entity extends EntityRef {
  corrections?: Correction[];
  aliases: string[];
  country: string | null;
  countryName: string | null;
  description: string | null;
  citations: Citation[];
  [field: string]: unknown;
}

export interface Subgraph {
  nodes: EntityRef[];
  relationships: Relationship[];
  truncated: boolean;
}

export interface Path {
  length: number;
  nodes: EntityRef[];
  relationships: Relationship[];
}

export class ApiError extends Error {
  constructor(message: string, readonly code?: string) {
    super(message);
  }
}

/** Observers of every request, for the tests' benefit and the status line. */
export const requestLog: { query: string; variables: Record<string, unknown> }[] = [];

export async function gql<T>(query: string, variables: Record<string, unknown> = {}, signal?: AbortSignal): Promise<T> {
  requestLog.push({ query, variables });
  if (requestLog.length > 50) requestLog.shift();
  let res: Response;
  try {
    res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      credentials: 'same-origin',
      body: JSON.stringify({ query, variables }),
      signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError('The server could not be reached.', 'NETWORK');
  }
  let body: { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = await res.json();
  } catch {
    throw new ApiError(`The server answered ${res.status} without JSON.`, 'HTTP_' + res.status);
  }
  if (body.errors?.length) {
    const e = body.errors[0];
    throw new ApiError(e.message, e.extensions?.code);
  }
  if (!body.data) throw new ApiError(`The server answered ${res.status} without data.`);
  return body.data;
}

const SOURCE = 'source { id title publisher publishedAt url locator }';
const CITATIONS = `citations { stance quote locator ${SOURCE} }`;
const END = 'id kind name placeholder ... on LegalAction { filed decided }';
const CORRECTIONS = `corrections { reason ${SOURCE} }`;
const REL = `id type status basis start end summary amount currency quantity role product { id name }
  ${CORRECTIONS} from { ${END} } to { ${END} } ${CITATIONS}`;
// For neighbourhoods: the server estimates a query's cost before running it
// (at most 500 nodes and 2,000 relationships, 10 citations each, against a
// limit of 50,000 objects), so this leaves out the product object.
const REL_NET = `id type status basis start end summary amount currency
  from { ${END} } to { ${END} } ${CITATIONS}`;

export interface Hit extends EntityRef {
  countryName: string | null;
  country: string | null;
  description: string | null;
  aliases: string[];
}

export interface Facet { value: string; count: number }

export interface SearchSummary {
  total: number;
  exact: number;
  didYouMean: string[];
  byKind: Facet[];
  byCountry: Facet[];
}

export async function search(query: string, kinds: Kind[], first = 30, countries: string[] = []): Promise<Hit[]> {
  const d = await gql<{ search: Hit[] }>(
    `query Search($q: String!, $kinds: [EntityKind!], $countries: [String!], $first: Int) {
      search(query: $q, kinds: $kinds, countries: $countries, first: $first) { id kind name aliases country countryName description }
    }`,
    { q: query, kinds: kinds.length ? kinds : null, countries: countries.length ? countries : null, first },
  );
  return d.search;
}

/** A search and what it finds in figures (did you mean, facets), in one request. */
export async function searchWithSummary(query: string, kinds: Kind[], countries: string[], first = 30): Promise<{ hits: Hit[]; summary: SearchSummary }> {
  const d = await gql<{ search: Hit[]; searchSummary: SearchSummary }>(
    `query SearchPage($q: String!, $kinds: [EntityKind!], $countries: [String!], $first: Int) {
      search(query: $q, kinds: $kinds, countries: $countries, first: $first) { id kind name aliases country countryName description }
      searchSummary(query: $q, kinds: $kinds, countries: $countries) {
        total exact didYouMean byKind { value count } byCountry { value count }
      }
    }`,
    { q: query, kinds: kinds.length ? kinds : null, countries: countries.length ? countries : null, first },
  );
  return { hits: d.search, summary: d.searchSummary };
}

export async function entityExists(id: string): Promise<EntityRef | null> {
  const d = await gql<{ entity: EntityRef | null }>(`query E($id: ID!) { entity(id: $id) { id kind name } }`, { id });
  return d.entity;
}

const ENTITY_FIELDS = `
  id kind name placeholder aliases country countryName description ${CITATIONS} ${CORRECTIONS}
  ... on Company { founded dissolved hqCity website }
  ... on Agency { agencyType }
  ... on Government { regime }
  ... on LegalAction { actionType filed decided jurisdiction outcome }
  ... on Organization { orgType website }
  ... on Person { role }
  ... on Product { category }
  ... on Project { started ended }
  ... on Source { title publisher publishedAt url locator authors language licence sourceType }
`;

/** An entity with all its relationships (paged through, 100 at a time). */
export async function entity(id: string): Promise<{ entity: Entity; relationships: Relationship[] } | null> {
  const rels: Relationship[] = [];
  let after: string | null = null;
  let ent: Entity | null = null;
  for (let page = 0; page < 50; page++) {
    const d: { entity: (Entity & { relationships: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Relationship[] } }) | null } =
      await gql(
        `query Entity($id: ID!, $after: String) {
          entity(id: $id) {
            ${page === 0 ? ENTITY_FIELDS : 'id'}
            relationships(first: 100, after: $after) {
              pageInfo { hasNextPage endCursor }
              nodes { ${REL} }
            }
          }
        }`,
        { id, after },
      );
    if (!d.entity) return null;
    if (page === 0) ent = d.entity;
    rels.push(...d.entity.relationships.nodes);
    if (!d.entity.relationships.pageInfo.hasNextPage) break;
    after = d.entity.relationships.pageInfo.endCursor;
  }
  if (!ent) return null;
  delete (ent as any).relationships;
  return { entity: ent, relationships: rels };
}

/** The day the graph's data last changed (YYYY-MM-DD), or null; asked once per page. */
let asOfPromise: Promise<string | null> | null = null;
export function dataAsOf(): Promise<string | null> {
  asOfPromise ??= gql<{ dataAsOf: string | null }>('{ dataAsOf }').then((d) => d.dataAsOf).catch(() => {
    asOfPromise = null;
    return null;
  });
  return asOfPromise;
}

export interface Explanation {
  status: Status;
  start: string | null;
  end: string | null;
  disjoint: boolean;
  sources: SourceRef[];
}

export interface Chain extends Path {
  explanation: Explanation;
}

/**
 * Supply chains: the vendors that reach a government or body (suppliers), or
 * the governments and bodies a vendor reaches (clients), one shortest chain
 * each, with every hop's citations.
 */
export async function chains(which: 'suppliers' | 'clients', id: string, first = 100): Promise<Chain[]> {
  const d = await gql<Record<string, Chain[]>>(
    `query Chains($id: ID!, $first: Int) {
      ${which}(of: $id, first: $first) {
        length
        nodes { id kind name placeholder }
        relationships { ${REL} }
        explanation { status start end disjoint sources { id title publisher publishedAt url locator } }
      }
    }`,
    { id, first },
  );
  return d[which];
}

/**
 * The direct claims of the given types into each of these entities (such as a
 * government's agencies), ten entities a request so that each stays well
 * under the server's cost limit.
 */
export async function claimsInto(ids: string[], types: RelType[]): Promise<Relationship[]> {
  const batches: string[][] = [];
  for (let i = 0; i < ids.length; i += 10) batches.push(ids.slice(i, i + 10));
  const answers = await Promise.all(batches.map((batch) => {
    const fields = batch.map((id, i) =>
      `e${i}: entity(id: ${JSON.stringify(id)}) { relationships(direction: IN, types: $types, first: 100) { nodes { ${REL} } } }`).join('\n');
    return gql<Record<string, { relationships: { nodes: Relationship[] } } | null>>(
      `query Into($types: [RelationshipType!]) { ${fields} }`, { types });
  }));
  return answers.flatMap((d) => Object.values(d).flatMap((e) => e?.relationships.nodes ?? []));
}

export interface CitedPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: Relationship[];
}

/** A page of the claims a source cites with one stance. */
export async function citedBy(id: string, stance: Citation['stance'], first = 20, after: string | null = null): Promise<CitedPage> {
  const d = await gql<{ entity: { citedBy?: CitedPage } | null }>(
    `query CitedBy($id: ID!, $stances: [Stance!], $first: Int, $after: String) {
      entity(id: $id) { ... on Source { citedBy(stances: $stances, first: $first, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } nodes { ${REL} } } } }
    }`,
    { id, stances: [stance], first, after },
  );
  return d.entity?.citedBy ?? { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] };
}

/**
 * A neighbourhood. With asOf, claims that give no date at all come too
 * (includeUndated), so that the view can count them and show them apart.
 */
export async function neighborhood(
  id: string, depth: number, types: RelType[] | null, asOf: string | null, signal?: AbortSignal,
): Promise<Subgraph> {
  const d = await gql<{ neighborhood: Subgraph }>(
    `query Neighborhood($id: ID!, $depth: Int, $types: [RelationshipType!], $asOf: Date, $undated: Boolean) {
      neighborhood(id: $id, depth: $depth, types: $types, asOf: $asOf, includeUndated: $undated) {
        nodes { id kind name placeholder }
        relationships { ${REL_NET} }
        truncated
      }
    }`,
    { id, depth, types, asOf, undated: asOf ? true : null },
    signal,
  );
  return d.neighborhood;
}

export async function paths(from: string, to: string, maxHops: number, first = 5): Promise<Path[]> {
  const d = await gql<{ paths: Path[] }>(
    `query Paths($from: ID!, $to: ID!, $maxHops: Int, $first: Int) {
      paths(from: $from, to: $to, maxHops: $maxHops, first: $first) {
        length
        nodes { id kind name placeholder }
        relationships { ${REL} }
      }
    }`,
    { from, to, maxHops, first },
  );
  return d.paths;
}

/** The export endpoint's URL (served by survgraph next to /graphql). */
export function exportUrl(format: string, scope: 'all' | { id: string; depth: number; asOf?: string | null; types?: string[] | null }): string {
  const p = new URLSearchParams({ format });
  if (scope === 'all') {
    p.set('scope', 'all');
  } else {
    p.set('scope', 'neighborhood');
    p.set('id', scope.id);
    p.set('depth', String(scope.depth));
    if (scope.asOf) p.set('asOf', scope.asOf);
    if (scope.types?.length) p.set('types', scope.types.join(','));
  }
  return `/export?${p.toString().replace(/%2C/g, ',')}`;
}
