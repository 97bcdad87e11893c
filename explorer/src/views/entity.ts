// An entity's page, built to be scanned: who supplied it (governments and
// agencies) or whom it supplied (companies), a summary of its counterparties,
// its relationships grouped by counterparty and type (paginated), the claims
// a source backs (source pages), facts and sources, and the timeline last,
// folded when long. Every list is bounded, so that no page runs past about
// ten screens whatever the entity (tests/explorer.test.mjs measures Gamma's).
import {
  citedBy, entity as fetchEntity, entityExists, search, type Citation, type Entity, type EntityRef, type Relationship,
} from '../api';
import { focusHeading, h, mount, nextId, svg } from '../dom';
import { KIND_LABEL, REL_HELP, REL_TYPES, REL_VERB, fmtAmount, fmtDate, fmtPeriod, humanEnum, isRelType, type RelType } from '../model';
import { hashFor, replaceHash, type Route } from '../router';
import {
  basisBadge, citationList, correctionsNote, dataAsOfNote, embedWidget, entityLink, errorBox, kindBadge, loading,
  placeholderBadge, showMore, sourceTitle, sourcesFooter, statusBadge, tableBox,
} from '../ui';
import { clientsSection, suppliersSection } from './supply';

// Fields shown in the facts list, by GraphQL name, in order.
const FIELDS: [string, string][] = [
  ['countryName', 'Country'], ['hqCity', 'Headquarters'], ['founded', 'Founded'], ['dissolved', 'Dissolved'],
  ['website', 'Website'], ['agencyType', 'Type'], ['regime', 'Regime'], ['actionType', 'Type'],
  ['jurisdiction', 'Jurisdiction'], ['filed', 'Filed'], ['decided', 'Decided'], ['outcome', 'Outcome'],
  ['orgType', 'Type'], ['role', 'Role'], ['category', 'Category'], ['started', 'Started'], ['ended', 'Ended'],
  ['sourceType', 'Type'], ['publisher', 'Publisher'], ['publishedAt', 'Published'], ['authors', 'Authors'],
  ['language', 'Language'], ['licence', 'Licence'], ['url', 'Address'], ['locator', 'Where to find it'],
];
const DATE_FIELDS = new Set(['founded', 'dissolved', 'filed', 'decided', 'started', 'ended', 'publishedAt']);
const ENUM_FIELDS = new Set(['agencyType', 'actionType', 'orgType', 'category', 'sourceType']);

/** Groups of relationships per page (fewer on a phone), and rows shown per group before "show more". */
const GROUPS_PER_PAGE = 10;
const GROUPS_PER_PAGE_NARROW = 4;
const ROWS_PER_GROUP = 3;
const ROWS_PER_GROUP_NARROW = 2;
const COUNTERPARTIES_SHOWN = 10;
const COUNTERPARTIES_SHOWN_NARROW = 6;
const narrow = () => window.matchMedia('(max-width: 700px)').matches;
const TIMELINE_OPEN_UP_TO = 12;

export async function renderEntity(root: HTMLElement, route: Route): Promise<void> {
  const id = route.args[0];
  const embed = route.embed;
  mount(root, loading(id));
  let data: Awaited<ReturnType<typeof fetchEntity>>;
  try {
    data = await fetchEntity(id);
  } catch (err) {
    // Keep the entity's name in the heading when a lighter question still gets it.
    const name = await entityExists(id).then((e) => e?.name ?? id, () => id);
    mount(root, h('h1', null, name), errorBox(err, [
      { label: 'loading the page again', href: hashFor(['entity', id]) },
      { label: 'its network at 1 hop', href: hashFor(['network', id], { depth: 1 }) },
      { label: `a search for ${name}`, href: hashFor(['search'], { q: name }) },
    ]));
    return;
  }
  if (!data) {
    const words = id.replace(/-/g, ' ');
    const near = await search(words, [], 3).catch(() => []);
    mount(root, h('h1', null, 'Not found'),
      h('p', null, `No entity has the id “${id}”. `, h('a', { href: hashFor(['search'], { q: words }) }, `Search for “${words}”`)),
      near.length ? h('p', null, 'Did you mean ', near.map((e, i) => [i ? ', ' : '', entityLink(e)]), '?') : null);
    focusHeading(root);
    return;
  }
  const { entity: e, relationships: rels } = data;
  if (embed) { renderEmbed(root, e, rels); return; }
  document.title = `${e.name} — survgraph explorer`;

  mount(root,
    h('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumbs' }, h('a', { href: '#/' }, 'Search'), ' › ', e.name),
    h('div', { class: 'entity-head' },
      h('h1', null, e.name), kindBadge(e.kind), placeholderBadge(e),
      h('div', { class: 'actions' },
        h('a', { class: 'button', href: hashFor(['network', e.id], { depth: 1 }) }, 'Network'),
        h('a', { class: 'button', href: hashFor(['path', e.id]) }, 'Find a path from here'),
      ),
    ),
    e.description ? h('p', { class: 'lede' }, e.description) : null,
    e.placeholder ? h('p', { class: 'notice placeholder-note' }, 'This entity stands for a party the sources do not name; its claims name nobody, and tables of who supplied whom leave it out unless asked.') : null,
    keyFacts(e, rels),
    correctionsNote(e.corrections, 'entity'),
    e.kind === 'GOVERNMENT' || e.kind === 'AGENCY' ? suppliersSection(e, rels) : null,
    e.kind === 'COMPANY' ? clientsSection(e, rels) : null,
    e.kind === 'SOURCE' ? citedBySection(e) : null,
    counterpartySection(e, rels),
    relationshipsSection(e, rels, route),
    h('div', { class: 'entity-grid' },
      h('section', { 'aria-labelledby': 'facts-h' }, h('h2', { id: 'facts-h' }, 'Facts'), facts(e)),
      h('section', { 'aria-labelledby': 'cit-h' }, h('h2', { id: 'cit-h' }, `Sources about ${e.name}`),
        e.citations.length > 4 ? showMore([...e.citations].sort(disputesLast).map(citationItemOf), 4, 'sources', 'ul', 'citations')
          : citationList(e.citations)),
    ),
    timelineSection(e, rels),
    h('section', { class: 'entity-embed', 'aria-label': 'Embed' }, embedWidget(hashFor(['entity', e.id]), { height: 640 })),
  );
  focusHeading(root);
}

function disputesLast(a: Citation, b: Citation): number {
  return (a.stance === 'DISPUTES' ? 1 : 0) - (b.stance === 'DISPUTES' ? 1 : 0);
}

function citationItemOf(c: Citation): HTMLElement {
  return citationList([c]).firstElementChild as HTMLElement;
}

/** A line of the facts that matter most, above everything else. */
function keyFacts(e: Entity, rels: Relationship[]): HTMLElement {
  const bits: (Node | string)[] = [];
  if (e.countryName) bits.push(`${e.countryName}`);
  for (const [k, label] of [['founded', 'founded'], ['filed', 'filed'], ['decided', 'decided'], ['publishedAt', 'published']] as const) {
    if (typeof e[k] === 'string') bits.push(`${label} ${fmtDate(e[k] as string)}`);
  }
  if (e.kind === 'SOURCE' && typeof e.publisher === 'string') bits.push(`by ${e.publisher}`);
  const n = counterpartiesOf(e, rels).length;
  if (rels.length || e.kind !== 'SOURCE') bits.push(`${rels.length} relationship${rels.length === 1 ? '' : 's'} with ${n} counterpart${n === 1 ? 'y' : 'ies'}`);
  return h('p', { class: 'key-facts muted' }, bits.map((b, i) => [i ? ' · ' : '', b]), ' · ', dataAsOfNote());
}

function facts(e: Entity): HTMLElement {
  const rows: HTMLElement[] = [h('dt', null, 'Id'), h('dd', null, h('code', null, e.id))];
  rows.push(h('dt', null, 'Also known as'), h('dd', null, e.aliases.length ? e.aliases.join(', ') : h('span', { class: 'muted' }, 'no aliases')));
  for (const [k, label] of FIELDS) {
    if (k === 'countryName' && e.kind === 'SOURCE' && !e.countryName) continue;
    const v = e[k];
    if (v == null || v === '' || (Array.isArray(v) && !v.length)) continue;
    let node: Node | string;
    if (DATE_FIELDS.has(k)) node = h('time', { datetime: String(v) }, fmtDate(String(v)));
    else if (ENUM_FIELDS.has(k)) node = humanEnum(String(v));
    else if (Array.isArray(v)) node = v.join(', ');
    else if (k === 'url' || k === 'website') node = h('a', { href: String(v), rel: 'noopener noreferrer', target: '_blank' }, String(v));
    else if (k === 'countryName' && e.country) node = `${v} (${e.country})`;
    else node = String(v);
    rows.push(h('dt', null, label), h('dd', null, node));
  }
  return h('dl', { class: 'facts' }, rows);
}

// ---- counterparties -------------------------------------------------------

interface Counterparty {
  other: EntityRef;
  rels: Relationship[];
  byType: Map<string, number>; // verb → claims
  start: string | null;
  end: string | null;
  sources: Set<string>;
  denied: boolean;
}

/** The entities at the other end of the claims, most claims first. */
export function counterpartiesOf(e: EntityRef, rels: Relationship[]): Counterparty[] {
  const m = new Map<string, Counterparty>();
  for (const r of rels) {
    const out = r.from.id === e.id;
    const other = out ? r.to : r.from;
    const c: Counterparty = m.get(other.id) ?? { other, rels: [], byType: new Map(), start: null, end: null, sources: new Set(), denied: false };
    c.rels.push(r);
    const verb = REL_VERB[r.type]?.[out ? 0 : 1] ?? r.type;
    c.byType.set(verb, (c.byType.get(verb) ?? 0) + 1);
    if (r.start && (!c.start || r.start < c.start)) c.start = r.start;
    if (r.end && (!c.end || r.end > c.end)) c.end = r.end;
    for (const x of r.citations) c.sources.add(x.source.id);
    if (r.citations.some((x) => x.stance === 'DISPUTES') || r.status === 'DENIED') c.denied = true;
    m.set(other.id, c);
  }
  return [...m.values()].sort((a, b) => b.rels.length - a.rels.length || a.other.name.localeCompare(b.other.name));
}

function counterpartySection(e: Entity, rels: Relationship[]): HTMLElement | null {
  const cps = counterpartiesOf(e, rels);
  if (!cps.length) return null;
  const COUNTERPARTIES = narrow() ? COUNTERPARTIES_SHOWN_NARROW : COUNTERPARTIES_SHOWN;
  const rows = cps.map((c) => h('tr', { 'data-counterparty': c.other.id },
    h('th', { scope: 'row', 'data-label': 'Counterparty' }, entityLink(c.other), ' ', kindBadge(c.other.kind)),
    h('td', { 'data-label': 'Relationships' }, [...c.byType].map(([v, n], i) => [i ? ', ' : '', n > 1 ? `${v} ×${n}` : v])),
    h('td', { 'data-label': 'Period' }, c.start || c.end ? fmtPeriod(c.start, c.end) : h('span', { class: 'muted' }, 'no dates')),
    h('td', { 'data-label': 'Sources', class: 'num' }, String(c.sources.size)),
    h('td', { 'data-label': 'Denial' }, c.denied ? h('span', { class: 'badge denial' }, '✕ denied') : h('span', { class: 'muted' }, '—')),
  ));
  const table = (body: HTMLElement[], caption: string) => h('table', { class: 'data cards counterparties' },
    h('caption', { class: 'visually-hidden' }, caption),
    h('thead', null, h('tr', null, ['Counterparty', 'Relationships', 'Period', 'Sources', 'Denial'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', null, body));
  const headId = nextId('cp');
  const first = table(rows.slice(0, COUNTERPARTIES), `The ${Math.min(COUNTERPARTIES, rows.length)} counterparties with the most claims`);
  const parts: HTMLElement[] = [first];
  if (rows.length > COUNTERPARTIES) {
    const restId = nextId('cp-rest');
    const rest = h('div', { class: 'more-box', id: restId, hidden: true, role: 'region', 'aria-label': `The other ${rows.length - COUNTERPARTIES} counterparties`, tabindex: '0' },
      table(rows.slice(COUNTERPARTIES), 'The other counterparties'));
    const btn = h('button', { type: 'button', class: 'small more', 'aria-expanded': 'false', 'aria-controls': restId }, `Show all ${rows.length} counterparties`);
    btn.addEventListener('click', () => {
      rest.hidden = !rest.hidden;
      btn.setAttribute('aria-expanded', String(!rest.hidden));
      btn.textContent = rest.hidden ? `Show all ${rows.length} counterparties` : `Show the first ${COUNTERPARTIES} only`;
    });
    parts.push(rest, btn);
  }
  return h('section', { class: 'counterparty-summary', 'aria-labelledby': headId, 'data-testid': 'counterparties' },
    h('h2', { id: headId }, `Counterparties (${cps.length})`),
    h('p', { class: 'muted small' }, `Who ${e.name} has claims with, most claims first.`),
    ...parts);
}

// ---- relationships, grouped by counterparty and type ----------------------

interface Group {
  other: EntityRef;
  type: RelType;
  out: boolean;
  rels: Relationship[];
}

function groupsOf(e: EntityRef, rels: Relationship[]): Group[] {
  const order = new Map(counterpartiesOf(e, rels).map((c, i) => [c.other.id, i]));
  const m = new Map<string, Group>();
  for (const r of rels) {
    const out = r.from.id === e.id;
    const other = out ? r.to : r.from;
    const key = `${other.id}|${r.type}|${out}`;
    const g = m.get(key) ?? { other, type: r.type, out, rels: [] };
    g.rels.push(r);
    m.set(key, g);
  }
  for (const g of m.values()) g.rels.sort((a, b) => (a.start ?? a.end ?? '9999').localeCompare(b.start ?? b.end ?? '9999') || a.id.localeCompare(b.id));
  return [...m.values()].sort((a, b) => (order.get(a.other.id)! - order.get(b.other.id)!)
    || REL_TYPES.indexOf(a.type) - REL_TYPES.indexOf(b.type) || Number(b.out) - Number(a.out));
}

function relationshipsSection(e: Entity, rels: Relationship[], route: Route): HTMLElement {
  const sec = h('section', { class: 'relationships', 'aria-labelledby': 'rel-h' },
    h('h2', { id: 'rel-h' }, `Relationships (${rels.length})`));
  if (!rels.length) {
    sec.append(h('p', { class: 'muted' }, 'None recorded.'));
    return sec;
  }
  const all = groupsOf(e, rels);
  const types = REL_TYPES.filter((t) => all.some((g) => g.type === t));
  const p = route.params;
  let type: RelType | '' = isRelType(p.get('type') ?? '') ? p.get('type') as RelType : '';
  let text = p.get('who') ?? '';
  let page = Math.max(1, Number(p.get('page')) || 1);

  const typeId = nextId('rtype');
  const whoId = nextId('rwho');
  const typeSel = h('select', { id: typeId, 'data-testid': 'rel-type' },
    h('option', { value: '' }, `All types (${rels.length})`),
    types.map((t) => h('option', { value: t, selected: t === type }, `${humanEnum(t)} (${rels.filter((r) => r.type === t).length})`)));
  const who = h('input', { id: whoId, type: 'search', value: text, autocomplete: 'off', placeholder: 'A name', 'data-testid': 'rel-who' });
  const list = h('div', { class: 'rel-groups' });
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages of relationships' });
  const count = h('p', { class: 'muted small', role: 'status' });

  const sync = () => {
    replaceHash(hashFor(['entity', e.id], { type, who: text, page: page > 1 ? page : null }));
  };
  const render = (focusList = false) => {
    const q = text.trim().toLowerCase();
    const groups = all.filter((g) => (!type || g.type === type) && (!q || g.other.name.toLowerCase().includes(q)));
    const per = narrow() ? GROUPS_PER_PAGE_NARROW : GROUPS_PER_PAGE;
    const pages = Math.max(1, Math.ceil(groups.length / per));
    page = Math.min(page, pages);
    const slice = groups.slice((page - 1) * per, page * per);
    const n = groups.reduce((s, g) => s + g.rels.length, 0);
    count.textContent = `${n} relationship${n === 1 ? '' : 's'} in ${groups.length} group${groups.length === 1 ? '' : 's'}` +
      (pages > 1 ? `, page ${page} of ${pages}` : '') + '.';
    mount(list, slice.length ? slice.map((g) => groupElement(e, g)) : h('p', { class: 'muted' }, 'No relationship matches.'));
    mount(pager, pages > 1 ? pagerButtons(page, pages, (to) => { page = to; sync(); render(true); }) : null);
    if (focusList) list.querySelector<HTMLElement>('h3')?.focus();
  };
  typeSel.addEventListener('change', () => { type = typeSel.value as RelType | ''; page = 1; sync(); render(); });
  let timer = 0;
  who.addEventListener('input', () => {
    clearTimeout(timer);
    timer = window.setTimeout(() => { text = who.value; page = 1; sync(); render(); }, 200);
  });
  sec.append(
    h('p', { class: 'muted small' }, 'Grouped by counterparty and type, most claims first; each row is one claim, with its product, period, status and sources.'),
    h('div', { class: 'rel-filters row' },
      h('div', { class: 'field' }, h('label', { for: typeId }, 'Type'), typeSel),
      h('div', { class: 'field' }, h('label', { for: whoId }, 'Counterparty'), who)),
    count, list, pager);
  render();
  return sec;
}

function pagerButtons(page: number, pages: number, go: (p: number) => void): HTMLElement {
  const btn = (label: string, to: number, disabled: boolean, aria?: string) => {
    const b = h('button', { type: 'button', class: 'small', disabled, 'aria-label': aria ?? null }, label);
    b.addEventListener('click', () => go(to));
    return b;
  };
  const nums: HTMLElement[] = [];
  const want = new Set([1, pages, page - 1, page, page + 1].filter((x) => x >= 1 && x <= pages));
  let last = 0;
  for (const n of [...want].sort((a, b) => a - b)) {
    if (n - last > 1) nums.push(h('span', { class: 'muted' }, '…'));
    const b = btn(String(n), n, false, `Page ${n}`);
    if (n === page) b.setAttribute('aria-current', 'page');
    nums.push(b);
    last = n;
  }
  return h('div', { class: 'row' },
    btn('‹ Previous', page - 1, page <= 1, 'Previous page'), ...nums, btn('Next ›', page + 1, page >= pages, 'Next page'));
}

function groupElement(e: Entity, g: Group): HTMLElement {
  const verb = REL_VERB[g.type]?.[g.out ? 0 : 1] ?? g.type;
  const headId = nextId('grp');
  const rows = g.rels.map((r) => claimRow(r));
  return h('section', { class: `rel-group type-${g.type}`, 'aria-labelledby': headId, 'data-type': g.type, 'data-other': g.other.id },
    h('h3', { id: headId, tabindex: '-1', title: REL_HELP[g.type] },
      h('span', { class: 'verb' }, g.out ? `${e.name} ${verb}` : `${verb}`), ' ', entityLink(g.other), ' ', kindBadge(g.other.kind),
      h('span', { class: 'muted' }, ` · ${g.rels.length} claim${g.rels.length === 1 ? '' : 's'}`)),
    showMore(rows, narrow() ? ROWS_PER_GROUP_NARROW : ROWS_PER_GROUP, 'claims', 'ul', 'claim-rows'));
}

/** Summaries longer than this show their start; the rest folds out with the sources. */
const SUMMARY_SHOWN = 160;
const SUMMARY_SHOWN_NARROW = 90;

/** One claim on one line: status, product, period, amount, sources; its citations fold out. */
export function claimRow(r: Relationship): HTMLElement {
  const disputed = r.citations.some((c) => c.stance === 'DISPUTES');
  const srcs = new Set(r.citations.map((c) => c.source.id)).size;
  const max = narrow() ? SUMMARY_SHOWN_NARROW : SUMMARY_SHOWN;
  const long = (r.summary?.length ?? 0) > max;
  const cutAt = long ? r.summary!.lastIndexOf(' ', max - 10) : -1;
  const short = long ? `${r.summary!.slice(0, cutAt > max / 2 ? cutAt : max - 10)}…` : r.summary;
  return h('li', { class: `claim-row status-${r.status}${disputed ? ' disputed' : ''}`, 'data-rel': r.id },
    h('p', { class: 'claim-line' },
      statusBadge(r.status), ' ', basisBadge(r), ' ',
      h('span', { class: 'period' }, fmtPeriod(r.start, r.end)),
      r.product ? [' · ', h('span', { class: 'product' }, 'product: ', h('a', { href: hashFor(['entity', r.product.id]) }, r.product.name))] : null,
      r.quantity != null ? [' · ', `${r.quantity} unit${r.quantity === 1 ? '' : 's'}`] : null,
      r.amount != null ? [' · worth ', fmtAmount(r.amount, r.currency)] : null,
      r.role ? [' · as ', r.role] : null,
      disputed ? [' ', h('span', { class: 'badge denial' }, '✕ Denied by a party')] : null,
      r.corrections?.length ? [' ', h('span', { class: 'badge corrected', title: 'A curated correction amends this imported claim' }, '✎ corrected')] : null),
    short ? h('p', { class: 'summary', 'aria-hidden': long ? 'true' : null }, short) : null,
    h('details', { class: 'claim-cites' },
      h('summary', null, long ? 'The whole summary and ' : '', `${srcs} source${srcs === 1 ? '' : 's'}`, disputed ? ', a denial among them' : '',
        r.corrections?.length ? ', the corrections' : ''),
      long ? h('p', { class: 'summary' }, r.summary) : null,
      correctionsNote(r.corrections, 'claim'),
      citationList(r.citations)));
}

// ---- a source's claims ----------------------------------------------------

const STANCES: [Citation['stance'], string][] = [
  ['SUPPORTS', 'Claims it supports'], ['DISPUTES', 'Claims it disputes'], ['CONTEXT', 'Claims it gives context to'],
];

function citedBySection(e: Entity): HTMLElement {
  const headId = nextId('cited');
  const sec = h('section', { class: 'cited-by', 'aria-labelledby': headId, 'data-testid': 'cited-by' },
    h('h2', { id: headId }, `What ${e.name.length > 60 ? 'this source' : `“${e.name}”`} backs`),
    loading('the claims it is cited for'));
  void Promise.all(STANCES.map(([s]) => citedBy(e.id, s, 10))).then((pages) => {
    const parts = pages.map((page, i) => {
      const [stance, label] = STANCES[i];
      if (!page.totalCount) return null;
      const sid = nextId('stance');
      const ul = h('ul', { class: 'claim-rows cited' }, page.nodes.map((r) => citedRow(e, r)));
      const box = h('section', { class: `stance stance-${stance}`, 'aria-labelledby': sid, 'data-stance': stance },
        h('h3', { id: sid }, `${label} (${page.totalCount})`), ul);
      let cursor = page.pageInfo.endCursor;
      let shown = page.nodes.length;
      if (page.pageInfo.hasNextPage) {
        const more = h('button', { type: 'button', class: 'small more' }, `Show 20 more of ${page.totalCount - shown}`);
        const scroller = h('div', { class: 'more-box', role: 'region', 'aria-label': `${label}: more`, tabindex: '0', hidden: true });
        const ul2 = h('ul', { class: 'claim-rows cited' });
        scroller.append(ul2);
        more.addEventListener('click', async () => {
          more.disabled = true;
          try {
            const next = await citedBy(e.id, stance, 20, cursor);
            scroller.hidden = false;
            ul2.append(...next.nodes.map((r) => citedRow(e, r)));
            shown += next.nodes.length;
            cursor = next.pageInfo.endCursor;
            if (next.pageInfo.hasNextPage) { more.disabled = false; more.textContent = `Show 20 more of ${page.totalCount - shown}`; } else more.remove();
          } catch (err) {
            more.replaceWith(errorBox(err));
          }
        });
        box.append(scroller, more);
      }
      return box;
    }).filter(Boolean);
    sec.querySelector('.loading')?.replaceWith(...(parts.length ? parts as HTMLElement[] :
      [h('p', { class: 'muted' }, 'No claim cites it. It may back facts about entities instead: see the timeline below.')]));
  }).catch((err) => sec.querySelector('.loading')?.replaceWith(errorBox(err)));
  return sec;
}

/** A claim a source is cited for, with what the source says of it. */
function citedRow(src: Entity, r: Relationship): HTMLElement {
  const mine = r.citations.filter((c) => c.source.id === src.id);
  return h('li', { class: `claim-row status-${r.status}`, 'data-rel': r.id },
    h('p', { class: 'claim-line' }, entityLink(r.from), ' ', h('span', { class: 'verb' }, REL_VERB[r.type]?.[0] ?? r.type), ' ', entityLink(r.to),
      ' ', statusBadge(r.status), ' ', basisBadge(r), ' ', h('span', { class: 'period' }, fmtPeriod(r.start, r.end)),
      r.product ? [' · product: ', r.product.name] : null),
    mine.map((c) => c.quote ? h('blockquote', { class: 'quote' }, '“', c.quote, '”', c.locator ? h('span', { class: 'locator' }, ` (${c.locator})`) : null) : null),
    r.citations.length > mine.length ? h('p', { class: 'muted small' }, `Also cited: ${r.citations.length - mine.length} other passage${r.citations.length - mine.length === 1 ? '' : 's'}.`) : null);
}

// ---- timeline -------------------------------------------------------------

interface TimelineEvent {
  date: string;
  what: string;
  node: (Node | string)[];
  cls: string;
}

/** The entity's dated events, built here from what the page already has. */
export function timelineEvents(e: Entity, rels: Relationship[]): TimelineEvent[] {
  const ev: TimelineEvent[] = [];
  const self = (what: string, d: unknown) => {
    if (typeof d === 'string' && d) ev.push({ date: d, what, node: [e.name], cls: 'ev-self' });
  };
  self('Founded', e.founded); self('Dissolved', e.dissolved);
  self('Started', e.started); self('Ended', e.ended);
  self('Filed', e.filed); self('Decided', e.decided);
  self('Published', e.kind === 'SOURCE' ? e.publishedAt : null);

  const legal = new Map<string, EntityRef>();
  for (const r of rels) {
    const out = r.from.id === e.id;
    const other = out ? r.to : r.from;
    const verb = `${r.type.replace(/_/g, ' ').toLowerCase()}`;
    const desc = () => out ? [e.name, ` ${verb} `, entityLink(other)] : [entityLink(other), ` ${verb} `, e.name];
    if (r.start) ev.push({ date: r.start, what: 'Claim starts', node: desc(), cls: `ev-start status-${r.status}` });
    if (r.end) ev.push({ date: r.end, what: 'Claim ends', node: desc(), cls: `ev-end status-${r.status}` });
    if (other.kind === 'LEGAL_ACTION') legal.set(other.id, other);
  }
  for (const la of legal.values()) {
    if (la.filed) ev.push({ date: la.filed, what: 'Legal action filed', node: [entityLink(la)], cls: 'ev-legal' });
    if (la.decided) ev.push({ date: la.decided, what: 'Legal action decided', node: [entityLink(la)], cls: 'ev-legal' });
  }
  const sources = new Map<string, Citation['source']>();
  for (const c of e.citations) sources.set(c.source.id, c.source);
  for (const r of rels) for (const c of r.citations) sources.set(c.source.id, c.source);
  for (const s of sources.values()) {
    if (s.id === e.id) continue;
    ev.push({ date: s.publishedAt, what: 'Source published', node: [sourceTitle(s), ` (${s.publisher})`], cls: 'ev-source' });
  }
  // Partial dates sort as text: 2012 < 2012-01 < 2012-01-05.
  return ev.sort((a, b) => a.date.localeCompare(b.date) || a.what.localeCompare(b.what));
}

function timelineSection(e: Entity, rels: Relationship[]): HTMLElement {
  const ev = timelineEvents(e, rels);
  const sec = h('section', { class: 'timeline', 'aria-labelledby': 'tl-h' }, h('h2', { id: 'tl-h' }, `Timeline (${ev.length} event${ev.length === 1 ? '' : 's'})`));
  if (!ev.length) {
    sec.append(h('p', { class: 'muted' }, 'No dated events.'));
    return sec;
  }
  sec.append(timelineStrip(ev));
  const byYear = new Map<string, TimelineEvent[]>();
  for (const x of ev) {
    const y = x.date.slice(0, 4);
    byYear.set(y, [...(byYear.get(y) ?? []), x]);
  }
  const years = h('ol', { class: 'tl-years' }, [...byYear].map(([y, xs]) => h('li', null,
    h('h3', { class: 'tl-year' }, y),
    h('ol', { class: 'tl-events' }, xs.map((x) => h('li', { class: `tl-event ${x.cls}` },
      h('time', { datetime: x.date }, fmtDate(x.date)), ' ',
      h('span', { class: 'tl-what' }, x.what), ': ', ...x.node))),
  )));
  if (ev.length <= TIMELINE_OPEN_UP_TO) {
    sec.append(years);
    return sec;
  }
  // A long timeline folds; open, it scrolls in a box of its own.
  const first = ev[0].date.slice(0, 4), last = ev[ev.length - 1].date.slice(0, 4);
  sec.append(h('details', { class: 'tl-fold' },
    h('summary', null, `Show all ${ev.length} events, ${first} to ${last}`),
    h('div', { class: 'more-box tl-box', role: 'region', 'aria-label': 'Timeline events', tabindex: '0' }, years)));
  return sec;
}

/** A drawn overview of the years (the list below says the same in text). */
function timelineStrip(ev: TimelineEvent[]): SVGElement {
  const years = ev.map((x) => Number(x.date.slice(0, 4)));
  const lo = Math.min(...years), hi = Math.max(...years, lo + 1);
  const W = 800, pad = 30;
  const x = (y: number) => pad + ((y - lo) / (hi - lo)) * (W - 2 * pad);
  const g = svg('svg', { viewBox: `0 0 ${W} 60`, class: 'tl-strip', 'aria-hidden': 'true', focusable: 'false', preserveAspectRatio: 'xMidYMid meet' });
  g.append(svg('line', { x1: pad, y1: 30, x2: W - pad, y2: 30, class: 'tl-axis' }));
  const step = hi - lo > 20 ? 5 : hi - lo > 8 ? 2 : 1;
  for (let y = lo; y <= hi; y++) {
    if ((y - lo) % step !== 0 && y !== hi) continue;
    g.append(svg('line', { x1: x(y), y1: 26, x2: x(y), y2: 34, class: 'tl-tick' }));
    const t = svg('text', { x: x(y), y: 52, 'text-anchor': 'middle', class: 'tl-label' });
    t.textContent = String(y);
    g.append(t);
  }
  const stack = new Map<number, number>();
  for (const e of ev) {
    const y = Number(e.date.slice(0, 4));
    const m = Number(e.date.slice(5, 7) || 6);
    const n = stack.get(y) ?? 0;
    stack.set(y, n + 1);
    const cx = x(y) + ((m - 6) / 12) * ((W - 2 * pad) / Math.max(1, hi - lo)) * 0.8;
    g.append(svg('circle', { cx, cy: 22 - Math.min(n, 4) * 4, r: 3.5, class: `tl-dot ${e.cls}` }));
  }
  return g;
}

// ---- embed ----------------------------------------------------------------

/** /embed#/entity/ID: the essentials, with the sources and the credit always in view. */
function renderEmbed(root: HTMLElement, e: Entity, rels: Relationship[]): void {
  document.title = `${e.name} — survgraph`;
  const cps = counterpartiesOf(e, rels);
  const body = h('div', { class: 'embed-body', role: 'region', 'aria-label': e.name, tabindex: '0' },
    e.description ? h('p', { class: 'embed-lede' }, e.description) : null,
    e.kind === 'GOVERNMENT' || e.kind === 'AGENCY' ? suppliersSection(e, rels, { embed: true }) : null,
    e.kind !== 'GOVERNMENT' && e.kind !== 'AGENCY' && cps.length ? h('section', { 'aria-labelledby': 'ecp-h' },
      h('h2', { id: 'ecp-h' }, `Counterparties (${cps.length})`),
      tableBox(h('table', { class: 'data cards' },
        h('thead', null, h('tr', null, ['Counterparty', 'Relationships', 'Period', 'Sources'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', null, cps.slice(0, 15).map((c) => h('tr', null,
          h('th', { scope: 'row', 'data-label': 'Counterparty' }, entityLink(c.other, { target: '_blank' })),
          h('td', { 'data-label': 'Relationships' }, [...c.byType].map(([v, n], i) => [i ? ', ' : '', n > 1 ? `${v} ×${n}` : v])),
          h('td', { 'data-label': 'Period' }, fmtPeriod(c.start, c.end)),
          h('td', { 'data-label': 'Sources', class: 'num' }, String(c.sources.size)))))), 'Counterparties'),
      cps.length > 15 ? h('p', { class: 'muted small' }, `and ${cps.length - 15} more on survgraph`) : null) : null);
  mount(root, h('div', { class: 'embed-entity embed-frame' },
    h('h1', { class: 'embed-title' }, e.name, ' ', h('span', { class: 'muted small' }, KIND_LABEL[e.kind])),
    body,
    sourcesFooter(rels, hashFor(['entity', e.id]), e.citations)));
  root.dataset.ready = 'true';
}
