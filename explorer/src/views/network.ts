import { dataAsOf, entityExists, neighborhood, type EntityRef, type Relationship } from '../api';
import { announce, focusHeading, h, mount, nextId } from '../dom';
import type { Graph } from '../graph';
import { decodeLayout, encodeLayout } from '../layoutcodec';
import { fileName, networkScene, save, toPNG, toSVG, type Caption } from '../picture';
import {
  FIRST_YEAR, KIND_LABEL, REL_HELP, REL_TYPES, REL_VERB, THIS_YEAR, fmtDate, fmtPeriod, humanEnum,
  isRelType, type Kind, type RelType,
} from '../model';
import { absoluteUrl, go, hashFor, replaceHash, type Route } from '../router';
import {
  downloadWidget, embedWidget, entityLink, errorBox, kindBadge, legend, relationshipCard,
  sourcesFooter, statusBadge, tableBox as scrollBox,
} from '../ui';

interface State {
  id: string;
  depth: number;
  types: RelType[] | null; // null: every type
  asOf: string | null;
  expand: string[];
  view: 'graph' | 'table';
  all: boolean; // show every entity, past the cut
  layout: string | null; // a saved layout (layoutcodec)
  undated: boolean; // with asOf: show the claims that give no date, apart
}

const DATE_RE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

/** Past this many entities, a network opens cut to those nearest its centre. */
export const NODE_LIMIT = 150;

export function stateFrom(route: Route): State {
  const p = route.params;
  const depth = Math.min(3, Math.max(1, Number(p.get('depth')) || 1));
  const types = (p.get('types') ?? '').split(',').filter(isRelType);
  const asOf = p.get('asOf');
  return {
    id: route.args[0],
    depth,
    types: types.length ? types : null,
    asOf: asOf && DATE_RE.test(asOf) ? asOf : null,
    expand: (p.get('expand') ?? '').split(',').filter(Boolean),
    view: p.get('view') === 'table' ? 'table' : 'graph',
    all: p.get('all') === '1',
    layout: p.get('layout') || null,
    undated: p.get('undated') === '1',
  };
}

function paramsOf(s: State, withView = true): Record<string, string | number | null> {
  return {
    depth: s.depth,
    asOf: s.asOf,
    types: s.types ? s.types.join(',') : null,
    expand: s.expand.length ? s.expand.join(',') : null,
    all: s.all ? 1 : null,
    undated: s.asOf && s.undated ? 1 : null,
    view: withView && s.view === 'table' ? 'table' : null,
    layout: s.layout,
  };
}

/** The view's hash; for an embed (served at /embed), without the graph/table switch. */
export function networkHash(s: State, forEmbed = false): string {
  return hashFor(['network', s.id], paramsOf(s, !forEmbed));
}

/** What the network shows: the merged neighbourhoods, perhaps cut. */
interface Shown {
  nodes: Map<string, EntityRef>;
  rels: Map<string, Relationship>;
  truncated: boolean;
  /** Before the cut: how many entities and relationships the view holds. */
  total: { nodes: number; rels: number } | null;
  /** With a date: the claims in view that give no date at all (shown or not). */
  undated?: Set<string>;
}

/** A claim that gives no date at all: asOf cannot say whether it was in force. */
export function isUndated(r: Relationship): boolean {
  return !r.start && !r.end;
}

/**
 * The view without its undated claims: what the server answers without
 * includeUndated, worked out here from the answer with them, so that one
 * request gives both the view and the number of undated claims. Entities
 * stay when a dated claim reaches them within the view's hops (the centre's
 * depth, one hop around each expanded entity).
 */
export function withoutUndated(view: Shown, roots: { id: string; depth: number }[]): Shown {
  const rels = new Map([...view.rels].filter(([, r]) => !isUndated(r)));
  const adj = new Map<string, string[]>();
  for (const r of rels.values()) {
    adj.set(r.from.id, [...(adj.get(r.from.id) ?? []), r.to.id]);
    adj.set(r.to.id, [...(adj.get(r.to.id) ?? []), r.from.id]);
  }
  const keep = new Set<string>();
  for (const { id, depth } of roots) {
    if (!view.nodes.has(id)) continue;
    keep.add(id);
    let frontier = [id];
    const seen = new Set([id]);
    for (let d = 0; d < depth && frontier.length; d++) {
      const next: string[] = [];
      for (const f of frontier) for (const o of adj.get(f) ?? []) {
        if (!seen.has(o)) { seen.add(o); keep.add(o); next.push(o); }
      }
      frontier = next;
    }
  }
  return {
    nodes: new Map([...view.nodes].filter(([id]) => keep.has(id))),
    rels: new Map([...rels].filter(([, r]) => keep.has(r.from.id) && keep.has(r.to.id))),
    truncated: view.truncated,
    total: null,
  };
}

/**
 * The NODE_LIMIT entities nearest the centre (and the expanded ones):
 * by hops from them, then most relationships in the view, then name; with
 * the relationships among them. Deterministic, so the URL gives back the view.
 */
export function cut(nodes: Map<string, EntityRef>, rels: Map<string, Relationship>, seeds: string[], limit: number): Shown {
  const adj = new Map<string, string[]>();
  const degree = new Map<string, number>();
  for (const r of rels.values()) {
    adj.set(r.from.id, [...(adj.get(r.from.id) ?? []), r.to.id]);
    adj.set(r.to.id, [...(adj.get(r.to.id) ?? []), r.from.id]);
    degree.set(r.from.id, (degree.get(r.from.id) ?? 0) + 1);
    degree.set(r.to.id, (degree.get(r.to.id) ?? 0) + 1);
  }
  const dist = new Map<string, number>();
  let frontier = seeds.filter((s) => nodes.has(s));
  for (const s of frontier) dist.set(s, 0);
  for (let d = 1; frontier.length; d++) {
    const next: string[] = [];
    for (const f of frontier) for (const o of adj.get(f) ?? []) {
      if (!dist.has(o)) { dist.set(o, d); next.push(o); }
    }
    frontier = next;
  }
  const keep = [...nodes.values()].sort((a, b) =>
    (dist.get(a.id) ?? 99) - (dist.get(b.id) ?? 99) || (degree.get(b.id) ?? 0) - (degree.get(a.id) ?? 0) ||
    a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1)).slice(0, limit);
  const ids = new Set(keep.map((n) => n.id));
  return {
    nodes: new Map(keep.map((n) => [n.id, n])),
    rels: new Map([...rels].filter(([, r]) => ids.has(r.from.id) && ids.has(r.to.id))),
    truncated: false,
    total: { nodes: nodes.size, rels: rels.size },
  };
}

export async function renderNetwork(root: HTMLElement, route: Route): Promise<() => void> {
  const st = stateFrom(route);
  const embed = route.embed;
  let graph: Graph | null = null;
  let shown: Shown = { nodes: new Map(), rels: new Map(), truncated: false, total: null };
  let abort: AbortController | null = null;
  let selected: { node?: string; edge?: string } | null = null;
  let renders = 0;
  let disposed = false;
  let rootName = st.id;
  let typeCountEls = new Map<RelType, HTMLElement>();
  let typeTimer = 0;
  let dateTimer = 0;
  // Fetch the drawing code while the data loads.
  const graphModule = import('../graph');
  // The entity's name, for the heading, whatever becomes of the network.
  const named = entityExists(st.id).then((e) => {
    if (e && !disposed) { rootName = e.name; showTitle(); }
    return e;
  }, () => null);

  // ---- layout -------------------------------------------------------------
  const status = h('p', { class: 'net-status', role: 'status', 'data-testid': 'net-status' }, 'Loading…');
  const cyBox = h('div', {
    class: 'cy', id: 'network-canvas', tabindex: '0', role: 'application',
    'aria-roledescription': 'network graph',
    'aria-label': 'Network graph. Arrow keys move between entities, Enter or Space expands the focused one, O opens its page, plus and minus zoom, 0 fits. The table view lists the same entities and relationships.',
    'data-rendered': '0',
  });
  const tableBox = h('div', { class: 'net-table', id: 'network-table' });
  const info = h('section', { class: 'net-info', 'aria-label': 'Selection', 'aria-live': 'polite' });
  const errors = h('div', { class: 'net-errors' });
  const notice = h('div', { class: 'net-notice', 'data-testid': 'net-notice' });
  // Beside the year slider: the claims that give no date, which a date leaves out, counted and shown apart on demand.
  const undatedBtn = h('button', {
    type: 'button', class: 'small undated-toggle', 'data-testid': 'undated', hidden: true,
    title: 'Claims that give no date at all: a date cannot say whether they were in force, so they are left out unless you show them (drawn in violet).',
  }, 'undated');
  const tools = h('div', { class: 'net-tools' });

  const title = h('h1', { id: 'net-title' }, `Network around ${st.id}`);
  const titleLink = h('a', { href: hashFor(['entity', st.id]) }, st.id);
  const showTitle = () => {
    title.textContent = embed ? rootName : `Network around ${rootName}`;
    titleLink.textContent = rootName;
    document.title = `${rootName} network — survgraph explorer`;
  };

  if (embed) {
    const caption = h('p', { class: 'embed-caption', 'aria-live': 'polite' });
    const footer = h('div', { class: 'embed-footer-wrap' });
    title.className = 'embed-title';
    mount(root,
      h('div', { class: 'embed-network embed-frame' },
        title, notice, errors, cyBox, caption, legend({ compact: true }), footer));
    await load();
    if (disposed) return () => undefined;
    mount(footer,
      h('details', { class: 'embed-table' }, h('summary', null, 'Table of what is shown'), tableBox),
      sourcesFooter([...shown.rels.values()], networkHash(st)));
    root.dataset.ready = 'true';
    return dispose;
  }

  const viewBtns = {
    graph: h('button', { type: 'button', class: 'tab', 'aria-controls': 'network-canvas' }, 'Graph'),
    table: h('button', { type: 'button', class: 'tab', 'aria-controls': 'network-table' }, 'Table'),
  };
  viewBtns.graph.addEventListener('click', () => setView('graph'));
  viewBtns.table.addEventListener('click', () => setView('table'));

  const controls = h('form', { class: 'net-controls', 'aria-label': 'Network settings' });
  controls.addEventListener('submit', (e) => e.preventDefault());
  const downloads = h('div', { class: 'net-downloads' });
  // On a narrow screen the filters fold into a panel below the graph.
  const filters = h('details', { class: 'net-filters', id: 'net-filters' }, h('summary', null, 'Filters: depth, date, types'), controls);
  const wide = window.matchMedia('(min-width: 901px)');
  filters.open = wide.matches;
  const onWidth = () => { filters.open = wide.matches; };
  wide.addEventListener('change', onWidth);

  mount(root,
    h('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumbs' }, h('a', { href: '#/' }, 'Search'), ' › ', titleLink, ' › network'),
    title,
    h('div', { class: 'net-layout' },
      h('div', { class: 'net-main' },
        h('div', { class: 'net-bar' },
          h('div', { class: 'tabs', role: 'group', 'aria-label': 'Show as' }, viewBtns.graph, viewBtns.table),
          status),
        notice, errors, cyBox, tableBox, tools, info),
      h('aside', { class: 'net-side', 'aria-label': 'Filters, downloads and legend' }, filters, downloads, legend()),
    ),
  );
  buildControls();
  applyView();
  focusHeading(root);
  await load();
  return dispose;

  function dispose() {
    disposed = true;
    abort?.abort();
    wide.removeEventListener('change', onWidth);
    graph?.destroy();
    graph = null;
  }

  // ---- data ---------------------------------------------------------------
  async function load(near?: string): Promise<void> {
    void near;
    abort?.abort();
    const ac = new AbortController();
    abort = ac;
    status.textContent = 'Loading…';
    mount(errors);
    try {
      const roots = [st.id, ...st.expand.filter((x) => x !== st.id)];
      const subs = await Promise.all(roots.map((id, i) =>
        neighborhood(id, i === 0 ? st.depth : 1, st.types, st.asOf, ac.signal)));
      if (ac.signal.aborted || disposed) return;
      if (!renders) performance.mark('sgx:network-data');
      const all: Shown = { nodes: new Map(), rels: new Map(), truncated: false, total: null };
      for (const s of subs) {
        for (const n of s.nodes) all.nodes.set(n.id, n);
        for (const r of s.relationships) all.rels.set(r.id, r);
        all.truncated ||= s.truncated;
      }
      if (!all.nodes.has(st.id)) {
        const e = await named;
        if (!e) {
          mount(errors, errorBox(`No entity has the id “${st.id}”.`, [{ label: `a search for “${st.id.replace(/-/g, ' ')}”`, href: hashFor(['search'], { q: st.id.replace(/-/g, ' ') }) }]));
          status.textContent = ''; cyBox.hidden = true; return;
        }
        all.nodes.set(e.id, e);
      }
      // With a date, the server sent the undated claims too: count them, and leave them out unless asked.
      const undated = new Set(st.asOf ? [...all.rels.values()].filter(isUndated).map((r) => r.id) : []);
      const dated = st.asOf && !st.undated && undated.size
        ? withoutUndated(all, roots.map((id, i) => ({ id, depth: i === 0 ? st.depth : 1 }))) : all;
      const next = !st.all && dated.nodes.size > NODE_LIMIT ? cut(dated.nodes, dated.rels, roots, NODE_LIMIT) : dated;
      next.truncated = all.truncated;
      next.undated = undated;
      shown = next;
      showUndated();
      rootName = shown.nodes.get(st.id)!.name;
      showTitle();
      showNotice();
      await draw();
    } catch (err) {
      if ((err as Error).name === 'AbortError') return;
      await named;
      mount(errors, errorBox(err, tries()));
      status.textContent = '';
      if (!graph) cyBox.hidden = true;
    }
  }

  /** What to try when a network cannot be drawn: fewer hops, one type, no expansions. */
  function tries(): { label: string; href: string }[] {
    const out: { label: string; href: string }[] = [];
    const at = (over: Partial<State>) => `/${embed ? '' : ''}${networkHash({ ...st, layout: null, ...over })}`.slice(1);
    if (st.depth > 1) out.push({ label: `${st.depth - 1} hop${st.depth - 1 > 1 ? 's' : ''}`, href: at({ depth: st.depth - 1 }) });
    if (!st.types || st.types.length > 1) out.push({ label: 'Supplied only', href: at({ types: ['SUPPLIED'] }) });
    if (st.expand.length) out.push({ label: 'without the expanded entities', href: at({ expand: [] }) });
    out.push({ label: `${rootName}'s page`, href: hashFor(['entity', st.id]) });
    return out;
  }

  function showUndated() {
    const n = shown.undated?.size ?? 0;
    undatedBtn.hidden = !st.asOf;
    undatedBtn.textContent = `undated (${n})`;
    undatedBtn.setAttribute('aria-pressed', String(st.undated));
    undatedBtn.setAttribute('aria-label', `${n} undated claims: ${st.undated ? 'shown apart, press to leave them out' : 'left out, press to show them apart'}`);
    undatedBtn.disabled = n === 0 && !st.undated;
  }

  /** Says when the view is cut short, and how to see more. */
  function showNotice() {
    if (!shown.total && !shown.truncated) { mount(notice); return; }
    const parts: (Node | string)[] = [];
    if (shown.total) {
      const showAll = h('a', { href: networkHash({ ...st, all: true, layout: null }), 'data-testid': 'show-all' }, `Show all ${shown.total.nodes}`);
      const toFilters = h('a', { href: '#net-filters', 'data-jump': 'filters' }, 'narrow it with the filters');
      toFilters.addEventListener('click', (e) => {
        e.preventDefault();
        filters.open = true;
        filters.querySelector<HTMLElement>('summary')?.scrollIntoView({ block: 'center' });
        controls.querySelector<HTMLElement>('select, input')?.focus();
      });
      parts.push(`Showing the ${shown.nodes.size} entities nearest ${rootName} of ${shown.total.nodes} (${shown.total.rels} relationships), so that the picture stays readable. `,
        showAll, ' (it may be slow and dense), or ', toFilters, `: ${st.depth > 1 ? 'fewer hops, ' : ''}Supplied only, or one year.`);
    }
    if (shown.truncated) parts.push(' The server stopped at its limit of 500 entities: narrow the view to see the rest.');
    mount(notice, h('p', { class: 'notice' }, ...parts));
  }

  async function draw(relayout = false): Promise<void> {
    const nodes = [...shown.nodes.values()];
    const rels = [...shown.rels.values()];
    status.textContent = `${nodes.length} entities · ${rels.length} relationships` +
      (shown.total ? ` (of ${shown.total.nodes} and ${shown.total.rels})` : '') +
      (st.asOf ? ` · in force on ${fmtDate(st.asOf)}` : ' · all dates') +
      (st.asOf && shown.undated?.size ? (st.undated ? ` · ${shown.undated.size} undated shown apart` : ` · ${shown.undated.size} undated left out`) : '') +
      (st.types ? ` · ${st.types.length} of ${REL_TYPES.length} types` : '') +
      (st.expand.length ? ` · ${st.expand.length} expanded` : '') +
      (shown.truncated ? ' · cut short at the node limit' : '');
    renderTable(nodes, rels);
    if (!embed) { buildDownloads(); buildTools(); updateTypeCounts(rels); renderInfo(); }
    if (!graph) {
      const { createGraph } = await graphModule;
      if (disposed) return;
      performance.mark('sgx:graph-code');
      graph = createGraph(cyBox, {
        onActivate: (id) => expand(id),
        onSelect: (sel) => { selected = sel; renderInfo(); },
        onFocusNode: (id) => {
          const n = shown.nodes.get(id);
          if (n) announce(`${n.name}, ${KIND_LABEL[n.kind as Kind] ?? n.kind}, ${degree(id)} relationships shown.${st.expand.includes(id) || id === st.id ? '' : ' Enter expands it.'}`);
        },
        onOpen: (id) => go(hashFor(['entity', id])),
        onMoved: () => {
          if (embed || !graph) return;
          st.layout = encodeLayout(graph.positions());
          syncUrl();
          buildTools();
          announce('Layout saved in the address of this page.');
        },
      });
      // For the browser tests: where a node is drawn, to click it like a person would.
      (window as any).__sgx.nodeAt = (id: string) => {
        const n = graph?.cy.getElementById(id);
        return n && n.nonempty() ? n.renderedPosition() : null;
      };
      (window as any).__sgx.positions = () => Object.fromEntries(graph?.positions() ?? []);
      if (embed) {
        graph.cy.on('tap', 'node, edge', (e) => showEmbedCaption(e.target.isNode() ? { node: e.target.id() } : { edge: e.target.data('rel') }));
      }
    }
    const saved = st.layout ? decodeLayout(st.layout, shown.nodes.keys()) : null;
    if (st.layout && !saved) {
      // Saved for other entities (the data or the filters changed): lay out afresh.
      st.layout = null;
      syncUrl();
    }
    await graph.update(nodes, rels, { root: st.id, expanded: new Set(st.expand), saved, relayout, undated: st.undated ? shown.undated : undefined });
    if (disposed) return;
    renders++;
    cyBox.dataset.rendered = String(renders);
    cyBox.dataset.nodes = String(nodes.length);
    cyBox.dataset.edges = String(rels.length);
    if (renders === 1) {
      performance.mark('sgx:network-drawn');
      document.documentElement.dataset.networkDrawn = String(Math.round(performance.now()));
    }
  }

  function degree(id: string): number {
    let d = 0;
    for (const r of shown.rels.values()) if (r.from.id === id || r.to.id === id) d++;
    return d;
  }

  // ---- pictures -----------------------------------------------------------
  function caption(asOf: string | null): Caption {
    const f: string[] = [`${st.depth} hop${st.depth > 1 ? 's' : ''} from ${rootName}`];
    f.push(st.types ? `types: ${st.types.map(humanEnum).join(', ')}` : 'every relationship type');
    f.push(st.asOf ? `claims in force on ${fmtDate(st.asOf)}` : 'claims of every date');
    if (st.asOf && shown.undated?.size) f.push(st.undated ? `${shown.undated.size} undated claims shown in violet` : `${shown.undated.size} undated claims left out`);
    if (st.expand.length) f.push(`also around ${st.expand.map((x) => shown.nodes.get(x)?.name ?? x).join(', ')}`);
    if (shown.total) f.push(`the ${shown.nodes.size} entities nearest ${rootName} of ${shown.total.nodes}`);
    f.push(`${shown.nodes.size} entities, ${shown.rels.size} claims`);
    return { title: `Network around ${rootName}`, filters: f, asOf, url: absoluteUrl(networkHash({ ...st, view: 'graph' })) };
  }

  async function picture(format: 'png' | 'svg', btn: HTMLButtonElement): Promise<void> {
    if (!graph) return;
    const label = btn.textContent;
    btn.disabled = true;
    btn.textContent = 'Making the picture…';
    try {
      const scene = networkScene({ nodes: [...shown.nodes.values()], rels: [...shown.rels.values()], positions: graph.positions(), root: st.id,
        undated: st.undated ? shown.undated : undefined },
        caption(await dataAsOf()));
      const blob = format === 'svg' ? new Blob([toSVG(scene)], { type: 'image/svg+xml' }) : await toPNG(scene);
      save(blob, fileName('network', st.id, format));
      announce(`The ${format.toUpperCase()} picture is saved.`);
    } catch (err) {
      mount(errors, errorBox(err));
    } finally {
      btn.disabled = false;
      btn.textContent = label;
    }
  }

  function buildTools() {
    const png = h('button', { type: 'button', class: 'small', 'data-testid': 'export-png' }, 'PNG for print');
    const svgB = h('button', { type: 'button', class: 'small', 'data-testid': 'export-svg' }, 'SVG');
    png.addEventListener('click', () => void picture('png', png));
    svgB.addEventListener('click', () => void picture('svg', svgB));
    const reset = st.layout ? h('button', { type: 'button', class: 'small', 'data-testid': 'reset-layout' }, 'Lay out afresh') : null;
    reset?.addEventListener('click', () => { st.layout = null; syncUrl(); buildTools(); void draw(true); });
    mount(tools,
      h('div', { class: 'row' }, h('span', { class: 'tools-label' }, 'Picture, with legend, sources and filters:'), png, svgB,
        reset, st.layout ? h('span', { class: 'muted small' }, 'your layout is saved in the address') : h('span', { class: 'muted small' }, 'drag entities to arrange them; the address keeps the layout')));
  }

  // ---- actions ------------------------------------------------------------
  function syncUrl() {
    if (!embed) replaceHash(networkHash(st));
  }

  async function expand(id: string): Promise<void> {
    if (id === st.id || st.expand.includes(id)) {
      const n = shown.nodes.get(id);
      if (n) announce(`${n.name} is already expanded.`);
      return;
    }
    if (embed) return;
    st.expand.push(id);
    syncUrl();
    const before = shown.nodes.size;
    await load(id);
    const n = shown.nodes.get(id);
    announce(`Expanded ${n?.name ?? id}: ${shown.nodes.size - before} new entities, ${shown.nodes.size} in all.`);
  }

  function setView(v: 'graph' | 'table') {
    st.view = v;
    syncUrl();
    applyView();
  }

  function applyView() {
    if (embed) return;
    const t = st.view === 'table';
    viewBtns.graph.setAttribute('aria-pressed', String(!t));
    viewBtns.table.setAttribute('aria-pressed', String(t));
    cyBox.hidden = t;
    tableBox.hidden = !t;
    if (!t) graph?.cy.resize();
  }

  // ---- controls -----------------------------------------------------------

  function buildControls() {
    const depthId = nextId('depth');
    const depth = h('select', { id: depthId },
      [1, 2, 3].map((d) => h('option', { value: d, selected: d === st.depth }, `${d} hop${d > 1 ? 's' : ''}`)));
    depth.addEventListener('change', () => { st.depth = Number(depth.value); syncUrl(); void load(); });

    // Relationship types.
    typeCountEls = new Map();
    const boxes = REL_TYPES.map((t) => {
      const id = nextId('type');
      const cb = h('input', { type: 'checkbox', id, value: t, checked: !st.types || st.types.includes(t), 'data-type': t });
      const count = h('span', { class: 'count' });
      typeCountEls.set(t, count);
      return h('div', { class: 'check' }, cb, h('label', { for: id, title: REL_HELP[t] }, humanEnum(t), ' ', count));
    });
    const typesMsg = h('p', { class: 'muted small', 'aria-live': 'polite' });
    const typesFs = h('fieldset', { class: 'types' },
      h('legend', null, 'Relationship types'),
      h('div', { class: 'row' },
        h('button', { type: 'button', class: 'small', 'data-all': 'on' }, 'All'),
        h('button', { type: 'button', class: 'small', 'data-all': 'off' }, 'None')),
      h('div', { class: 'checks' }, boxes), typesMsg);
    const readTypes = () => {
      const on = [...typesFs.querySelectorAll<HTMLInputElement>('input[type=checkbox]')].filter((c) => c.checked).map((c) => c.value as RelType);
      clearTimeout(typeTimer);
      if (!on.length) { typesMsg.textContent = 'Pick at least one type.'; return; }
      typesMsg.textContent = '';
      st.types = on.length === REL_TYPES.length ? null : on;
      syncUrl();
      typeTimer = window.setTimeout(() => void load(), 250);
    };
    typesFs.addEventListener('change', readTypes);
    typesFs.addEventListener('click', (e) => {
      const b = (e.target as Element).closest<HTMLButtonElement>('button[data-all]');
      if (!b) return;
      for (const c of typesFs.querySelectorAll<HTMLInputElement>('input[type=checkbox]')) c.checked = b.dataset.all === 'on';
      readTypes();
    });

    // Date slider.
    const sliderId = nextId('year');
    const onId = nextId('ason');
    const year = st.asOf ? Number(st.asOf.slice(0, 4)) : THIS_YEAR;
    const slider = h('input', {
      type: 'range', id: sliderId, min: FIRST_YEAR, max: THIS_YEAR, step: 1, value: Math.min(THIS_YEAR, Math.max(FIRST_YEAR, year)),
      'aria-describedby': `${sliderId}-out`, 'data-testid': 'date-slider',
    });
    const on = h('input', { type: 'checkbox', id: onId, checked: !!st.asOf, 'data-testid': 'date-on' });
    const out = h('output', { id: `${sliderId}-out`, for: sliderId, class: 'date-out' });
    const showDate = () => {
      out.textContent = st.asOf ? `Claims in force on ${fmtDate(st.asOf)}` : 'All claims, whatever their dates';
      slider.setAttribute('aria-valuetext', st.asOf ? `${slider.value}, claims in force on ${fmtDate(st.asOf)}` : `${slider.value}, date filter off`);
    };
    const fromSlider = (now: boolean) => {
      st.asOf = `${slider.value}-12-31`;
      on.checked = true;
      showDate();
      syncUrl();
      clearTimeout(dateTimer);
      dateTimer = window.setTimeout(() => void load(), now ? 0 : 300);
    };
    slider.addEventListener('input', () => fromSlider(false));
    slider.addEventListener('change', () => fromSlider(true));
    on.addEventListener('change', () => {
      if (on.checked) { fromSlider(true); return; }
      st.asOf = null;
      showDate(); syncUrl(); void load();
    });
    showDate();
    undatedBtn.addEventListener('click', () => {
      st.undated = !st.undated;
      syncUrl();
      void load();
    });
    const dateFs = h('fieldset', { class: 'date' },
      h('legend', null, 'Date'),
      h('div', { class: 'check' }, on, h('label', { for: onId }, 'Only claims in force at the end of the year')),
      h('label', { for: sliderId, class: 'slider-label' }, 'Year'),
      h('div', { class: 'slider-row' }, h('span', { 'aria-hidden': 'true' }, FIRST_YEAR), slider, h('span', { 'aria-hidden': 'true' }, THIS_YEAR)),
      out, h('div', { class: 'undated-row' }, undatedBtn));

    const resetBtn = h('button', { type: 'button', class: 'small' }, 'Collapse expanded entities');
    resetBtn.addEventListener('click', () => { st.expand = []; syncUrl(); void load(); });

    mount(controls,
      h('div', { class: 'field' }, h('label', { for: depthId }, 'Depth (hops from the centre)'), depth),
      dateFs, typesFs, resetBtn);
  }

  function updateTypeCounts(rels: Relationship[]) {
    const c = new Map<string, number>();
    for (const r of rels) c.set(r.type, (c.get(r.type) ?? 0) + 1);
    for (const [t, el] of typeCountEls) el.textContent = c.get(t) ? `(${c.get(t)})` : '';
  }

  function buildDownloads() {
    const rootName = shown.nodes.get(st.id)?.name ?? st.id;
    mount(downloads,
      h('h2', null, 'Download'),
      downloadWidget(`the ${st.depth}-hop neighbourhood of ${rootName}${st.asOf ? ' on ' + fmtDate(st.asOf) : ''}${st.types ? ', these types' : ''}`,
        { id: st.id, depth: st.depth, asOf: st.asOf, types: st.types }, 'download-network'),
      st.expand.length ? h('p', { class: 'muted small' }, 'Expanded entities are not in the download; centre the network on one to get its neighbourhood.') : null,
      downloadWidget('the whole graph', 'all', 'download-all'),
      embedWidget(networkHash(st, true)),
    );
  }

  // ---- table and selection ------------------------------------------------
  function renderTable(nodes: EntityRef[], rels: Relationship[]) {
    const byName = [...nodes].sort((a, b) => a.name.localeCompare(b.name));
    const capN = nextId('cap');
    const capR = nextId('cap');
    mount(tableBox,
      scrollBox(h('table', { class: 'data', 'aria-labelledby': capN, 'data-testid': 'nodes-table' },
        h('caption', { id: capN }, `Entities shown (${nodes.length})`),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Kind'),
          h('th', { scope: 'col' }, 'Relationships shown'), embed ? null : h('th', { scope: 'col' }, 'Actions'))),
        h('tbody', null, byName.map((n) => h('tr', { 'data-node': n.id },
          h('th', { scope: 'row' }, entityLink(n, embed ? { target: '_blank' } : {})),
          h('td', null, kindBadge(n.kind)),
          h('td', { class: 'num' }, degree(n.id)),
          embed ? null : h('td', { class: 'actions-cell' }, expandButton(n), ' ',
            h('a', { href: hashFor(['network', n.id], { depth: st.depth }), 'aria-label': `Centre here: ${n.name}` }, 'Centre here')),
        ))),
      ), 'Entities shown, as a table'),
      scrollBox(h('table', { class: 'data', 'aria-labelledby': capR, 'data-testid': 'edges-table' },
        h('caption', { id: capR }, `Relationships shown (${rels.length})`),
        h('thead', null, h('tr', null, ['From', 'Relationship', 'To', 'Status', 'Period', 'Sources'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', null, rels.map((r) => h('tr', { 'data-rel': r.id },
          h('td', null, shown.nodes.get(r.from.id)?.name ?? r.from.name),
          h('td', null, REL_VERB[r.type]?.[0] ?? r.type),
          h('td', null, shown.nodes.get(r.to.id)?.name ?? r.to.name),
          h('td', null, statusBadge(r.status)),
          h('td', null, fmtPeriod(r.start, r.end)),
          h('td', { class: 'sources-cell' }, [...new Map(r.citations.map((c) => [c.source.id, c])).values()]
            .map((c, i) => [i ? '; ' : '', `${c.source.publisher} ${fmtDate(c.source.publishedAt)}`, c.stance === 'DISPUTES' ? ' (denial)' : ''])),
        ))),
      ), 'Relationships shown, as a table'),
    );
  }

  function expandButton(n: EntityRef): HTMLElement {
    const done = n.id === st.id || st.expand.includes(n.id);
    const b = h('button', {
      type: 'button', class: 'small', 'data-expand': n.id, disabled: done,
      'aria-label': done ? `${n.name} is expanded` : `Expand ${n.name}`,
    }, done ? 'Expanded' : 'Expand');
    b.addEventListener('click', () => void expand(n.id).then(() => {
      tableBox.querySelector<HTMLElement>(`tr[data-node="${CSS.escape(n.id)}"] a`)?.focus();
    }));
    return b;
  }

  function renderInfo() {
    if (embed) return;
    if (!selected) {
      mount(info, h('p', { class: 'muted' }, 'Click an entity to expand it, or a line to read the claim and its sources. With the keyboard: focus the graph, move with the arrow keys, Enter expands.'));
      return;
    }
    if (selected.node) {
      const n = shown.nodes.get(selected.node);
      if (!n) { mount(info); return; }
      const rels = [...shown.rels.values()].filter((r) => r.from.id === n.id || r.to.id === n.id);
      mount(info,
        h('h2', null, n.name, ' ', kindBadge(n.kind)),
        h('p', null,
          h('a', { class: 'button', href: hashFor(['entity', n.id]) }, 'Open page'), ' ',
          expandButton(n), ' ',
          h('a', { class: 'button', href: hashFor(['network', n.id], { depth: st.depth, asOf: st.asOf, types: st.types?.join(',') }) }, 'Centre here')),
        h('details', null, h('summary', null, `${rels.length} relationships shown`),
          rels.map((r) => relationshipCard(r, n.id))),
      );
      return;
    }
    // A line may bundle several claims of one type and status between two entities.
    const ids: string[] = graph?.cy.getElementById(selected.edge ?? '').data('rels') ?? [selected.edge];
    const rs = ids.map((x) => shown.rels.get(x)).filter((x): x is Relationship => x != null);
    mount(info,
      rs.length > 1 ? h('h2', null, `${rs.length} claims on this line`) : null,
      rs.slice(0, 10).map((r) => relationshipCard(r, null, { headingLevel: 'h3' })),
      rs.length > 10 ? h('p', { class: 'muted' }, `and ${rs.length - 10} more: the table view lists them all.`) : null);
  }

  function showEmbedCaption(sel: { node?: string; edge?: string }) {
    const cap = root.querySelector('.embed-caption');
    if (!cap) return;
    if (sel.node) {
      const n = shown.nodes.get(sel.node);
      if (n) mount(cap, entityLink(n, { target: '_blank' }), ' — ', KIND_LABEL[n.kind as Kind]);
    } else if (sel.edge) {
      const r = shown.rels.get(sel.edge);
      if (r) mount(cap, r.from.name, ' ', REL_VERB[r.type][0], ' ', r.to.name, ' — ', statusBadge(r.status), ' ',
        fmtPeriod(r.start, r.end), ' — ', r.citations.map((c) => c.source.publisher).filter((v, i, a) => a.indexOf(v) === i).join(', '));
    }
  }
}
