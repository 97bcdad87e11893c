import { entity as fetchEntity, type Citation, type Entity, type EntityRef, type Relationship } from '../api';
import { focusHeading, h, mount, svg } from '../dom';
import { REL_HELP, REL_TYPES, fmtDate, humanEnum, type RelType } from '../model';
import { hashFor, type Route } from '../router';
import { citationList, entityLink, errorBox, kindBadge, loading, relationshipCard, sourceTitle } from '../ui';

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

export async function renderEntity(root: HTMLElement, route: Route): Promise<void> {
  const id = route.args[0];
  mount(root, loading(id));
  let data: Awaited<ReturnType<typeof fetchEntity>>;
  try {
    data = await fetchEntity(id);
  } catch (err) {
    mount(root, h('h1', null, id), errorBox(err));
    return;
  }
  if (!data) {
    mount(root, h('h1', null, 'Not found'), h('p', null, `No entity has the id “${id}”. `, h('a', { href: '#/' }, 'Search the graph')));
    focusHeading(root);
    return;
  }
  const { entity: e, relationships: rels } = data;
  document.title = `${e.name} — survgraph explorer`;

  mount(root,
    h('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumbs' }, h('a', { href: '#/' }, 'Search'), ' › ', e.name),
    h('div', { class: 'entity-head' },
      h('h1', null, e.name), kindBadge(e.kind),
      h('div', { class: 'actions' },
        h('a', { class: 'button', href: hashFor(['network', e.id], { depth: 1 }) }, 'Network'),
        h('a', { class: 'button', href: hashFor(['path', e.id]) }, 'Find a path from here'),
      ),
    ),
    e.description ? h('p', { class: 'lede' }, e.description) : null,
    h('div', { class: 'entity-grid' },
      h('section', { 'aria-labelledby': 'facts-h' }, h('h2', { id: 'facts-h' }, 'Facts'), facts(e)),
      h('section', { 'aria-labelledby': 'cit-h' }, h('h2', { id: 'cit-h' }, `Sources about ${e.name}`), citationList(e.citations)),
    ),
    timelineSection(e, rels),
    relationshipsSection(e, rels),
  );
  focusHeading(root);
}

function facts(e: Entity): HTMLElement {
  const rows: HTMLElement[] = [h('dt', null, 'Id'), h('dd', null, h('code', null, e.id))];
  rows.push(h('dt', null, 'Also known as'), h('dd', null, e.aliases.length ? e.aliases.join(', ') : h('span', { class: 'muted' }, 'no aliases')));
  for (const [k, label] of FIELDS) {
    if (k === 'countryName' && e.kind === 'SOURCE' && !e.countryName) continue;
    let v = e[k];
    if (v == null || v === '' || (Array.isArray(v) && !v.length)) continue;
    if ((k === 'title') && v === e.name) continue;
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
  const sec = h('section', { class: 'timeline', 'aria-labelledby': 'tl-h' }, h('h2', { id: 'tl-h' }, 'Timeline'));
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
  sec.append(h('ol', { class: 'tl-years' }, [...byYear].map(([y, xs]) => h('li', null,
    h('h3', { class: 'tl-year' }, y),
    h('ol', { class: 'tl-events' }, xs.map((x) => h('li', { class: `tl-event ${x.cls}` },
      h('time', { datetime: x.date }, fmtDate(x.date)), ' ',
      h('span', { class: 'tl-what' }, x.what), ': ', ...x.node))),
  ))));
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

// ---- relationships --------------------------------------------------------

function relationshipsSection(e: Entity, rels: Relationship[]): HTMLElement {
  const sec = h('section', { class: 'relationships', 'aria-labelledby': 'rel-h' },
    h('h2', { id: 'rel-h' }, `Relationships (${rels.length})`));
  if (!rels.length) {
    sec.append(h('p', { class: 'muted' }, 'None recorded.'));
    return sec;
  }
  const groups = new Map<RelType, Relationship[]>();
  for (const r of rels) groups.set(r.type, [...(groups.get(r.type) ?? []), r]);
  const order = REL_TYPES.filter((t) => groups.has(t));
  sec.append(h('nav', { class: 'rel-index', 'aria-label': 'Relationship types' },
    h('ul', null, order.map((t) => h('li', null, h('a', { href: `#rel-${t}`, 'data-jump': `rel-${t}` }, `${humanEnum(t)} (${groups.get(t)!.length})`))))));
  for (const t of order) {
    const list = groups.get(t)!.sort((a, b) => (a.start ?? a.end ?? '').localeCompare(b.start ?? b.end ?? ''));
    sec.append(h('section', { class: 'rel-group', id: `rel-${t}`, 'aria-labelledby': `rel-${t}-h`, tabindex: '-1' },
      h('h3', { id: `rel-${t}-h` }, humanEnum(t), h('span', { class: 'muted' }, ` — ${REL_HELP[t]}`)),
      list.map((r) => relationshipCard(r, e.id)),
    ));
  }
  // In-page jumps without touching the hash route.
  sec.addEventListener('click', (ev) => {
    const a = (ev.target as Element).closest<HTMLAnchorElement>('a[data-jump]');
    if (!a) return;
    ev.preventDefault();
    const target = document.getElementById(a.dataset.jump!);
    target?.scrollIntoView({ block: 'start' });
    target?.focus({ preventScroll: true });
  });
  return sec;
}

