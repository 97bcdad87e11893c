import { entityExists, neighborhood, type EntityRef, type Relationship } from '../api';
import { announce, focusHeading, h, mount, nextId } from '../dom';
import type { Graph } from '../graph';
import {
  FIRST_YEAR, KIND_LABEL, REL_HELP, REL_TYPES, REL_VERB, THIS_YEAR, fmtDate, fmtPeriod, humanEnum,
  isRelType, type Kind, type RelType,
} from '../model';
import { go, hashFor, replaceHash, type Route } from '../router';
import {
  downloadWidget, embedWidget, entityLink, errorBox, kindBadge, legend, relationshipCard,
  sourcesFooter, statusBadge,
} from '../ui';

interface State {
  id: string;
  depth: number;
  types: RelType[] | null; // null: every type
  asOf: string | null;
  expand: string[];
  view: 'graph' | 'table';
}

const DATE_RE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

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
  };
}

function paramsOf(s: State, withView = true): Record<string, string | number | null> {
  return {
    depth: s.depth,
    asOf: s.asOf,
    types: s.types ? s.types.join(',') : null,
    expand: s.expand.length ? s.expand.join(',') : null,
    view: withView && s.view === 'table' ? 'table' : null,
  };
}

/** The view's hash; for an embed (served at /embed), without the graph/table switch. */
export function networkHash(s: State, forEmbed = false): string {
  return hashFor(['network', s.id], paramsOf(s, !forEmbed));
}

/** What the network shows: the merged neighbourhoods. */
interface Shown {
  nodes: Map<string, EntityRef>;
  rels: Map<string, Relationship>;
  truncated: boolean;
}

export async function renderNetwork(root: HTMLElement, route: Route): Promise<() => void> {
  const st = stateFrom(route);
  const embed = route.embed;
  let graph: Graph | null = null;
  let shown: Shown = { nodes: new Map(), rels: new Map(), truncated: false };
  let abort: AbortController | null = null;
  let selected: { node?: string; edge?: string } | null = null;
  let renders = 0;
  let disposed = false;
  let typeCountEls = new Map<RelType, HTMLElement>();
  let typeTimer = 0;
  let dateTimer = 0;
  // Fetch the drawing code while the data loads.
  const graphModule = import('../graph');

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

  const title = h('h1', null, `Network around ${st.id}`);
  const titleLink = h('a', { href: hashFor(['entity', st.id]) }, st.id);

  if (embed) {
    const caption = h('p', { class: 'embed-caption', 'aria-live': 'polite' });
    const footer = h('div', { class: 'embed-footer-wrap' });
    mount(root,
      h('div', { class: 'embed-network' },
        h('h1', { class: 'embed-title' }, title.textContent),
        errors, cyBox, caption, legend({ compact: true }), footer));
    const embedTitle = root.querySelector('.embed-title')!;
    await load();
    if (disposed) return () => undefined;
    embedTitle.textContent = title.textContent;
    mount(footer,
      h('details', { class: 'embed-table' }, h('summary', null, 'Table of what is shown'), tableBox),
      sourcesFooter([...shown.rels.values()], networkHash(st)));
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

  mount(root,
    h('nav', { class: 'breadcrumbs', 'aria-label': 'Breadcrumbs' }, h('a', { href: '#/' }, 'Search'), ' › ', titleLink, ' › network'),
    title,
    h('div', { class: 'net-layout' },
      h('aside', { class: 'net-side' }, controls, downloads, legend()),
      h('div', { class: 'net-main' },
        h('div', { class: 'net-bar' },
          h('div', { class: 'tabs', role: 'group', 'aria-label': 'Show as' }, viewBtns.graph, viewBtns.table),
          status),
        errors, cyBox, tableBox, info),
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
    graph?.destroy();
    graph = null;
  }

  // ---- data ---------------------------------------------------------------
  async function load(near?: string): Promise<void> {
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
      const next: Shown = { nodes: new Map(), rels: new Map(), truncated: false };
      for (const s of subs) {
        for (const n of s.nodes) next.nodes.set(n.id, n);
        for (const r of s.relationships) next.rels.set(r.id, r);
        next.truncated ||= s.truncated;
      }
      if (!next.nodes.has(st.id)) {
        const e = await entityExists(st.id);
        if (!e) { mount(errors, errorBox(`No entity has the id “${st.id}”.`)); status.textContent = ''; cyBox.hidden = true; return; }
        next.nodes.set(e.id, e);
      }
      shown = next;
      const rootNode = shown.nodes.get(st.id)!;
      title.textContent = `Network around ${rootNode.name}`;
      titleLink.textContent = rootNode.name;
      document.title = `${rootNode.name} network — survgraph explorer`;
      await draw(near);
    } catch (err) {
      if ((err as Error).name === 'AbortError') return;
      mount(errors, errorBox(err));
      status.textContent = '';
      if (!graph) cyBox.hidden = true;
    }
  }

  async function draw(near?: string): Promise<void> {
    const nodes = [...shown.nodes.values()];
    const rels = [...shown.rels.values()];
    status.textContent = `${nodes.length} entities · ${rels.length} relationships` +
      (st.asOf ? ` · in force on ${fmtDate(st.asOf)}` : ' · all dates') +
      (st.types ? ` · ${st.types.length} of ${REL_TYPES.length} types` : '') +
      (st.expand.length ? ` · ${st.expand.length} expanded` : '') +
      (shown.truncated ? ' · cut short at the node limit' : '');
    renderTable(nodes, rels);
    if (!embed) { buildDownloads(); updateTypeCounts(rels); renderInfo(); }
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
      });
      // For the browser tests: where a node is drawn, to click it like a person would.
      (window as any).__sgx.nodeAt = (id: string) => {
        const n = graph?.cy.getElementById(id);
        return n && n.nonempty() ? n.renderedPosition() : null;
      };
      if (embed) {
        graph.cy.on('tap', 'node, edge', (e) => showEmbedCaption(e.target.isNode() ? { node: e.target.id() } : { edge: e.target.data('rel') }));
      }
    }
    await graph.update(nodes, rels, { root: st.id, expanded: new Set(st.expand), near });
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
    const dateFs = h('fieldset', { class: 'date' },
      h('legend', null, 'Date'),
      h('div', { class: 'check' }, on, h('label', { for: onId }, 'Only claims in force at the end of the year')),
      h('label', { for: sliderId, class: 'slider-label' }, 'Year'),
      h('div', { class: 'slider-row' }, h('span', { 'aria-hidden': 'true' }, FIRST_YEAR), slider, h('span', { 'aria-hidden': 'true' }, THIS_YEAR)),
      out);

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
      h('table', { class: 'data', 'aria-labelledby': capN, 'data-testid': 'nodes-table' },
        h('caption', { id: capN }, `Entities shown (${nodes.length})`),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Kind'),
          h('th', { scope: 'col' }, 'Relationships shown'), embed ? null : h('th', { scope: 'col' }, 'Actions'))),
        h('tbody', null, byName.map((n) => h('tr', { 'data-node': n.id },
          h('th', { scope: 'row' }, entityLink(n, embed ? { target: '_blank' } : {})),
          h('td', null, kindBadge(n.kind)),
          h('td', null, degree(n.id)),
          embed ? null : h('td', null, expandButton(n), ' ',
            h('a', { href: hashFor(['network', n.id], { depth: st.depth }), 'aria-label': `Centre here: ${n.name}` }, 'Centre here')),
        ))),
      ),
      h('table', { class: 'data', 'aria-labelledby': capR, 'data-testid': 'edges-table' },
        h('caption', { id: capR }, `Relationships shown (${rels.length})`),
        h('thead', null, h('tr', null, ['From', 'Relationship', 'To', 'Status', 'Period', 'Sources'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', null, rels.map((r) => h('tr', { 'data-rel': r.id },
          h('td', null, shown.nodes.get(r.from.id)?.name ?? r.from.name),
          h('td', null, REL_VERB[r.type]?.[0] ?? r.type),
          h('td', null, shown.nodes.get(r.to.id)?.name ?? r.to.name),
          h('td', null, statusBadge(r.status)),
          h('td', null, fmtPeriod(r.start, r.end)),
          h('td', null, [...new Map(r.citations.map((c) => [c.source.id, c])).values()]
            .map((c, i) => [i ? '; ' : '', `${c.source.publisher} ${fmtDate(c.source.publishedAt)}`, c.stance === 'DISPUTES' ? ' (denial)' : ''])),
        ))),
      ),
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
    const r = [...shown.rels.values()].find((x) => 'e:' + x.id === selected!.edge || x.id === selected!.edge);
    mount(info, r ? relationshipCard(r, null, { headingLevel: 'h3' }) : null);
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
