// "Who supplied Bahrain (its agencies included)" on government and agency
// pages, and "Whom did Gamma supply" on company pages: one row per vendor (or
// client), built on the API's suppliers and clients chains, completed with
// the direct claims into the government's agencies.
import { chains, claimsInto, type Chain, type Entity, type EntityRef, type Relationship } from '../api';
import { h, mount, nextId } from '../dom';
import { STATUS_HELP, fmtPeriod, type Status } from '../model';
import {
  basisBadge, citationList, correctionsNote, entityLink, errorBox, kindBadge, loading, pathChain, statusBadge,
} from '../ui';

export interface SupplyRow {
  party: EntityRef; // the vendor (suppliers) or the client (clients)
  chain: Chain | null; // the API's shortest chain, when it gave one
  claims: Relationship[]; // the chain's hops and the direct supply claims
  products: Map<string, string>; // id → name
  via: EntityRef[]; // entities between the party and the page's entity
  start: string | null;
  end: string | null;
  status: Status;
  sources: Set<string>;
  denied: boolean;
}

const SUPPLY_TYPES = new Set(['SUPPLIED', 'DEPLOYED', 'PARTICIPATED_IN', 'COMMISSIONED', 'USED_IN']);
// From the least sure to the surest, for a row with no chain (its weakest claim).
const RANK: Status[] = ['DENIED', 'ALLEGED', 'REPORTED', 'CONFIRMED', 'ADJUDICATED'];

function earliest(a: string | null, b: string | null): string | null {
  if (!a) return b;
  if (!b) return a;
  return a < b ? a : b;
}
function latest(a: string | null, b: string | null): string | null {
  if (!a || !b) return null; // an open end stays open
  return a > b ? a : b;
}

/** Whether an entity is an unknown party recorded as a placeholder (the API's Entity.placeholder). */
export function isPlaceholder(e: EntityRef): boolean {
  return e.placeholder === true;
}

/** Builds the rows from the chains and the direct claims (rows keyed by party). */
export function supplyRows(which: 'suppliers' | 'clients', self: string, list: Chain[], direct: Relationship[]): SupplyRow[] {
  const rows = new Map<string, SupplyRow>();
  const add = (party: EntityRef, r: Relationship, row?: SupplyRow) => {
    const x = row ?? rows.get(party.id);
    if (!x || x.claims.some((c) => c.id === r.id)) return;
    x.claims.push(r);
    if (r.product) x.products.set(r.product.id, r.product.name);
    for (const c of r.citations) x.sources.add(c.source.id);
    if (r.citations.some((c) => c.stance === 'DISPUTES') || r.status === 'DENIED') x.denied = true;
    if (SUPPLY_TYPES.has(r.type)) {
      x.start = x.claims.length === 1 ? r.start : earliest(x.start, r.start);
      x.end = x.claims.length === 1 ? r.end : latest(x.end, r.end);
    }
  };
  for (const c of list) {
    const party = which === 'suppliers' ? c.nodes[0] : c.nodes[c.nodes.length - 1];
    if (!party || party.id === self || rows.has(party.id)) continue;
    const row: SupplyRow = {
      party, chain: c, claims: [], products: new Map(), via: c.nodes.slice(1, -1),
      start: c.explanation.start, end: c.explanation.end, status: c.explanation.status,
      sources: new Set(c.explanation.sources.map((s) => s.id)), denied: false,
    };
    for (const n of c.nodes) if (n.kind === 'PRODUCT') row.products.set(n.id, n.name);
    rows.set(party.id, row);
    const [s, e] = [row.start, row.end];
    for (const r of c.relationships) add(party, r, row);
    // The chain's period is the intersection of its hops', as the API says.
    row.start = s; row.end = e;
  }
  for (const r of direct) {
    const party = which === 'suppliers' ? r.from : r.to;
    if (party.id === self) continue;
    if (!rows.has(party.id)) {
      rows.set(party.id, {
        party, chain: null, claims: [], products: new Map(), via: [], start: r.start, end: r.end,
        status: r.status, sources: new Set(), denied: false,
      });
    }
    const row = rows.get(party.id)!;
    const hadChain = row.chain != null;
    const [s, e] = [row.start, row.end];
    add(party, r, row);
    if (hadChain) {
      // A direct claim widens the period the chain gives.
      row.start = earliest(s, r.start);
      row.end = e && r.end ? latest(e, r.end) : null;
    } else if (RANK.indexOf(r.status) < RANK.indexOf(row.status)) {
      row.status = r.status;
    }
  }
  return [...rows.values()].sort((a, b) =>
    (a.chain?.length ?? 1) - (b.chain?.length ?? 1) || a.party.name.localeCompare(b.party.name));
}

/** A government's or agency's page: who supplied it, its agencies included. */
export function suppliersSection(e: Entity, rels: Relationship[], opts: { embed?: boolean; first?: number } = {}): HTMLElement {
  const agencies = rels.filter((r) => r.type === 'PART_OF' && r.to.id === e.id).map((r) => r.from);
  const parent = rels.find((r) => r.type === 'PART_OF' && r.from.id === e.id)?.to ?? null;
  const place = e.kind === 'GOVERNMENT' ? (e.countryName ?? e.name) : e.name;
  const title = e.kind === 'GOVERNMENT' ? `Who supplied ${place} (its agencies included)` : `Who supplied ${place}`;
  const headId = nextId('who');
  const sec = h('section', { class: 'supply', 'aria-labelledby': headId, 'data-testid': 'suppliers' },
    h('h2', { id: headId }, title),
    h('p', { class: 'muted small' },
      'Every vendor that reaches it, directly or through subsidiaries, partners, products',
      e.kind === 'GOVERNMENT' ? ' and its agencies' : '',
      ': one row per vendor, its shortest chain, how sure the chain is (its weakest link) and its sources.',
      parent ? [' ', h('a', { href: `#/entity/${encodeURIComponent(parent.id)}` }, `All of ${parent.name}, its other agencies included`), '.'] : null),
    loading('the vendors'));
  const direct = rels.filter((r) => r.type === 'SUPPLIED' && r.to.id === e.id);
  void Promise.all([
    chains('suppliers', e.id, opts.first ?? 100),
    claimsInto(agencies.map((a) => a.id), ['SUPPLIED']),
  ]).then(([list, viaAgencies]) => {
    const rows = supplyRows('suppliers', e.id, list, [...direct, ...viaAgencies]);
    sec.querySelector('.loading')?.replaceWith(supplyTable('suppliers', rows, place,
      { ...opts, network: `#/network/${encodeURIComponent(e.id)}?depth=1&types=SUPPLIED,PART_OF,DEPLOYED` }));
  }).catch((err) => sec.querySelector('.loading')?.replaceWith(errorBox(err, [
    { label: 'its network at 1 hop, Supplied only', href: `#/network/${encodeURIComponent(e.id)}?depth=1&types=SUPPLIED` },
  ])));
  return sec;
}

/** A company's page: whom it supplied, through subsidiaries, partners and products. */
export function clientsSection(e: Entity, rels: Relationship[], opts: { embed?: boolean } = {}): HTMLElement {
  const headId = nextId('whom');
  const sec = h('section', { class: 'supply', 'aria-labelledby': headId, 'data-testid': 'clients' },
    h('h2', { id: headId }, `Whom ${e.name} supplied`),
    h('p', { class: 'muted small' },
      'Governments and agencies it reaches, directly or through subsidiaries, partners and products: one row per client, its shortest chain, how sure the chain is (its weakest link) and its sources.'),
    loading('the clients'));
  const direct = rels.filter((r) => r.type === 'SUPPLIED' && r.from.id === e.id);
  void chains('clients', e.id, 100).then((list) => {
    const rows = supplyRows('clients', e.id, list, direct);
    if (!rows.length) { sec.remove(); return; }
    sec.querySelector('.loading')?.replaceWith(supplyTable('clients', rows, e.name,
      { ...opts, network: `#/network/${encodeURIComponent(e.id)}?depth=1&types=SUPPLIED` }));
  }).catch((err) => sec.querySelector('.loading')?.replaceWith(errorBox(err)));
  return sec;
}

/** Rows shown before "Show all": a government's vendors all fit on a desktop; clients are more. */
const VISIBLE_ROWS = { suppliers: 25, clients: 15 };
const VISIBLE_ROWS_NARROW = { suppliers: 8, clients: 6 };

/** The table: one row per party, each opening its chain and citations. */
export function supplyTable(which: 'suppliers' | 'clients', all: SupplyRow[], place: string, opts: { embed?: boolean; network?: string } = {}): HTMLElement {
  const shown = all.filter((r) => !isPlaceholder(r.party));
  const hidden = all.length - shown.length;
  const wrap = h('div', { class: 'supply-wrap' });
  const target = opts.embed ? { target: '_blank' } : {};
  let expanded = false;
  let withPlaceholders = false;
  const render = () => {
    const rows = withPlaceholders ? all : shown;
    const limit = (window.matchMedia('(max-width: 700px)').matches ? VISIBLE_ROWS_NARROW : VISIBLE_ROWS)[which];
    const visible = expanded ? rows : rows.slice(0, limit);
    const caption = which === 'suppliers'
      ? `${rows.length} vendor${rows.length === 1 ? '' : 's'} of ${place}`
      : `${rows.length} client${rows.length === 1 ? '' : 's'} of ${place}`;
    const table = h('table', { class: 'data supply-table cards', 'data-testid': `${which}-table` },
      h('caption', { class: 'visually-hidden' }, which === 'suppliers' ? `Vendors of ${place}, with their chains` : `Clients of ${place}, with their chains`),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, which === 'suppliers' ? 'Vendor' : 'Client'),
        h('th', { scope: 'col' }, 'Products'),
        h('th', { scope: 'col' }, 'Period'),
        h('th', { scope: 'col' }, h('abbr', { title: 'The weakest link of the chain' }, 'Weakest status')),
        h('th', { scope: 'col' }, 'Sources'),
        h('th', { scope: 'col' }, 'Denial'),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Chain and citations')))),
      h('tbody', null, visible.flatMap((row) => rowElements(which, row, target))));
    const more: (HTMLElement | null)[] = [];
    if (rows.length > limit) {
      const b = h('button', { type: 'button', class: 'small more', 'aria-expanded': String(expanded), 'data-testid': `${which}-all` },
        expanded ? `Show the first ${limit} only` : `Show all ${rows.length}`);
      b.addEventListener('click', () => { expanded = !expanded; render(); wrap.querySelector<HTMLElement>('button.more')?.focus(); });
      more.push(b);
    }
    if (hidden) {
      const b = h('button', { type: 'button', class: 'small placeholders', 'aria-pressed': String(withPlaceholders) },
        withPlaceholders ? `Leave out the ${hidden} unidentified part${hidden === 1 ? 'y' : 'ies'}` : `Show ${hidden} unidentified part${hidden === 1 ? 'y' : 'ies'} too`);
      b.addEventListener('click', () => { withPlaceholders = !withPlaceholders; render(); wrap.querySelector<HTMLElement>('button.placeholders')?.focus(); });
      more.push(b);
    }
    mount(wrap,
      h('p', { class: 'supply-count' }, caption,
        hidden && !withPlaceholders ? h('span', { class: 'muted' }, ` (and ${hidden} unidentified, left out)`) : null),
      rows.length ? table : h('p', { class: 'muted' }, 'None recorded.'),
      more.length || opts.network ? h('div', { class: 'row' }, more,
        opts.network && !opts.embed ? h('a', { href: opts.network, 'data-testid': `${which}-network` },
          which === 'suppliers' ? 'See the vendors as a network' : 'See the clients as a network, to draw or export') : null) : null);
  };
  render();
  return wrap;
}

/** How the chain runs: through companies, to agencies (products have a column of their own). */
function viaLine(which: 'suppliers' | 'clients', via: EntityRef[]): HTMLElement | null {
  const firms = via.filter((v) => v.kind === 'COMPANY');
  const bodies = via.filter((v) => v.kind === 'AGENCY' || v.kind === 'GOVERNMENT');
  const others = via.filter((v) => !['COMPANY', 'AGENCY', 'GOVERNMENT', 'PRODUCT'].includes(v.kind));
  const names = (xs: EntityRef[]) => xs.map((v) => v.name).join(', ');
  const parts: string[] = [];
  if (firms.length) parts.push(`through ${names(firms)}`);
  if (bodies.length) parts.push(which === 'suppliers' ? `to ${names(bodies)}` : `through ${names(bodies)}`);
  if (others.length) parts.push(`through ${names(others)}`);
  return parts.length ? h('div', { class: 'via muted small' }, parts.join('; ')) : null;
}

function rowElements(which: 'suppliers' | 'clients', row: SupplyRow, target: { target?: string }): HTMLElement[] {
  const detailId = nextId('chain');
  const btn = h('button', {
    type: 'button', class: 'small open-chain', 'aria-expanded': 'false', 'aria-controls': detailId,
    'aria-label': `Chain & citations of ${row.party.name}`,
  }, 'Chain & citations');
  const detailCell = h('td', { colspan: 7 });
  const detail = h('tr', { class: 'chain-row', id: detailId, hidden: true }, detailCell);
  let built = false;
  btn.addEventListener('click', () => {
    const open = detail.hidden;
    if (open && !built) {
      built = true;
      const other = row.claims.filter((r) => !row.chain?.relationships.some((c) => c.id === r.id));
      mount(detailCell,
        row.chain ? [h('h3', { class: 'chain-h' }, `The shortest chain (${row.chain.length} hop${row.chain.length === 1 ? '' : 's'})`),
          pathChain(row.chain, target.target ? { target: target.target } : {})] : null,
        other.length ? [h('h3', { class: 'chain-h' }, row.chain ? 'Other direct claims' : 'Direct claims'),
          h('ul', { class: 'claim-rows' }, other.map((r) => h('li', { class: 'claim-row', 'data-rel': r.id },
            h('p', { class: 'claim-line' }, entityLink(r.from, target), ` ${r.type.toLowerCase().replace(/_/g, ' ')} `, entityLink(r.to, target),
              ' ', statusBadge(r.status), ' ', basisBadge(r), ' ', h('span', { class: 'period' }, fmtPeriod(r.start, r.end)),
              r.product ? [' · ', r.product.name] : null),
            r.summary ? h('p', { class: 'summary' }, r.summary) : null,
            correctionsNote(r.corrections, 'claim'),
            citationList(r.citations))))] : null);
    }
    detail.hidden = !open;
    btn.setAttribute('aria-expanded', String(open));
  });
  const products = [...row.products.values()];
  return [
    h('tr', { 'data-party': row.party.id, class: row.denied ? 'denied' : '' },
      h('th', { scope: 'row', 'data-label': which === 'suppliers' ? 'Vendor' : 'Client' },
        entityLink(row.party, target), row.party.kind === 'COMPANY' || row.party.kind === 'GOVERNMENT' ? null : [' ', kindBadge(row.party.kind)],
        viaLine(which, row.via)),
      h('td', { 'data-label': 'Products' }, products.length ? products.join(', ') : h('span', { class: 'muted' }, 'not named')),
      h('td', { 'data-label': 'Period' }, fmtPeriod(row.start, row.end)),
      h('td', { 'data-label': 'Weakest status', title: STATUS_HELP[row.status] }, statusBadge(row.status)),
      h('td', { 'data-label': 'Sources', class: 'num' }, String(row.sources.size)),
      h('td', { 'data-label': 'Denial' }, row.denied ? h('span', { class: 'badge denial' }, '✕ denied') : h('span', { class: 'muted' }, '—')),
      h('td', { class: 'actions-cell' }, btn)),
    detail,
  ];
}
