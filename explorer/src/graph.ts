// The network drawing, with Cytoscape.js (canvas). Loaded on demand, so the
// search and entity pages do not pay for it.
import cytoscape, { type Core, type ElementDefinition, type NodeSingular } from 'cytoscape';
import type { EntityRef, Relationship } from './api';
import { fnv, type Pos } from './layoutcodec';
import { KIND_LABEL, KIND_SHAPE, REL_VERB, type Kind } from './model';

export interface GraphHandlers {
  /** The user dragged nodes to new places. */
  onMoved?(): void;
  /** A node was clicked, or Enter/Space was pressed on the focused node. */
  onActivate(id: string): void;
  /** A node or edge became the selection (null: nothing). */
  onSelect(sel: { node?: string; edge?: string } | null): void;
  /** Keyboard focus moved to a node (for announcements). */
  onFocusNode(id: string): void;
  /** The user asked to open the focused node's page (O key). */
  onOpen(id: string): void;
}

export interface Graph {
  cy: Core;
  /**
   * Shows these nodes and relationships. The layout is a function of them
   * alone (see layoutSeed): the same view gives the same picture, whatever
   * the screen or the way there, unless saved positions are given (a layout
   * from the URL), which are used as they are when they place every node.
   */
  update(nodes: EntityRef[], rels: Relationship[], opts: { root: string; expanded: Set<string>; saved?: Map<string, Pos> | null; relayout?: boolean; undated?: Set<string> }): Promise<void>;
  /** Where every node is, in layout coordinates. */
  positions(): Map<string, Pos>;
  focusNode(id: string): void;
  destroy(): void;
}

// The box the layout fills, whatever the size of the screen: positions do not
// depend on the container, so a picture exported on a phone is the one
// exported on a desktop.
const LAYOUT_BOX = { x1: 0, y1: 0, w: 1000, h: 700 };

/** mulberry32: a small seeded generator, in place of Math.random during a layout. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed of a view's layout: its nodes and relationships, by id. */
export function layoutSeed(nodeIds: string[], relIds: string[]): number {
  return fnv([...nodeIds].sort().join('\n') + '\u0000' + [...relIds].sort().join('\n'));
}

function kindColors(): Record<string, string> {
  const cs = getComputedStyle(document.documentElement);
  const out: Record<string, string> = {};
  for (const k of Object.keys(KIND_SHAPE)) out[k] = cs.getPropertyValue(`--kind-${k}`).trim() || '#888';
  return out;
}

function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

// Cytoscape prepends a one-rule <style> element unless an element with this
// id exists; under a CSP of style-src 'self' that element would be refused.
// The rule (position: relative on the container) is in style.css instead.
function preventInjectedStylesheet(): void {
  const id = '__________cytoscape_stylesheet';
  if (!document.getElementById(id)) {
    const m = document.createElement('meta');
    m.id = id;
    m.name = 'cytoscape-stylesheet';
    m.content = 'provided by style.css';
    document.head.appendChild(m);
  }
}

export function createGraph(container: HTMLElement, handlers: GraphHandlers): Graph {
  preventInjectedStylesheet();
  const colors = kindColors();
  const cy = cytoscape({
    container,
    minZoom: 0.15,
    maxZoom: 4,
    wheelSensitivity: 0.4,
    boxSelectionEnabled: false,
    style: [
      {
        selector: 'node',
        style: {
          'background-color': 'data(color)',
          shape: 'data(shape)' as any,
          label: 'data(label)',
          width: 24, height: 24,
          'border-width': 1.5, 'border-color': '#1f2937',
          'font-size': 10, 'font-family': 'system-ui, sans-serif', color: '#111827',
          'text-valign': 'bottom', 'text-margin-y': 3,
          'text-wrap': 'wrap', 'text-max-width': '130px',
          'text-background-color': '#ffffff', 'text-background-opacity': 0.75, 'text-background-padding': '1px',
          'min-zoomed-font-size': 6,
        },
      },
      { selector: 'node.root', style: { width: 38, height: 38, 'border-width': 3, 'font-size': 12, 'font-weight': 'bold' } },
      { selector: 'node.expanded', style: { 'border-width': 3, 'border-style': 'double', 'border-color': '#111827' } },
      { selector: 'node:selected', style: { 'border-color': '#1d4ed8', 'border-width': 4 } },
      { selector: 'node.kbfocus', style: { 'underlay-color': '#1d4ed8', 'underlay-opacity': 0.3, 'underlay-padding': 9, 'underlay-shape': 'ellipse' } as any },
      {
        selector: 'edge',
        style: {
          width: 2, 'line-color': '#4b5563', 'target-arrow-color': '#4b5563', 'target-arrow-shape': 'triangle',
          'arrow-scale': 0.9, 'curve-style': 'bezier',
          label: 'data(label)', 'font-size': 8, color: '#374151', 'text-rotation': 'autorotate',
          'text-background-color': '#ffffff', 'text-background-opacity': 0.8, 'text-background-padding': '1px',
          'min-zoomed-font-size': 7,
        },
      },
      { selector: 'edge[status = "ALLEGED"]', style: { 'line-style': 'dashed', 'line-dash-pattern': [7, 4] } },
      { selector: 'edge[status = "REPORTED"]', style: { 'line-style': 'solid' } },
      { selector: 'edge[status = "CONFIRMED"]', style: { width: 4.5, 'line-color': '#1f2937', 'target-arrow-color': '#1f2937' } },
      { selector: 'edge[status = "DENIED"]', style: { 'line-style': 'dotted', 'line-color': '#9ca3af', 'target-arrow-color': '#9ca3af', color: '#6b7280' } },
      {
        // A double line: a light core inside a dark outline.
        selector: 'edge[status = "ADJUDICATED"]',
        style: { width: 2.5, 'line-color': '#ffffff', 'line-outline-width': 4, 'line-outline-color': '#111827', 'target-arrow-color': '#111827' } as any,
      },
      { selector: 'edge:selected', style: { 'overlay-color': '#1d4ed8', 'overlay-opacity': 0.2, 'overlay-padding': 5 } as any },
      { selector: 'edge.nolabel', style: { label: '' } },
      // Claims that give no date, shown apart when asked beside a date.
      { selector: 'edge.undated', style: { 'line-color': '#7c3aed', 'target-arrow-color': '#7c3aed', opacity: 0.7 } },
    ],
  });

  let focused: string | null = null;
  let laidOut = false;

  const order = () => cy.nodes().sort((a, b) => String(a.data('name')).localeCompare(String(b.data('name'))));

  function setFocus(n: NodeSingular) {
    cy.nodes('.kbfocus').removeClass('kbfocus');
    n.addClass('kbfocus');
    focused = n.id();
    const ext = cy.extent();
    const p = n.position();
    if (p.x < ext.x1 || p.x > ext.x2 || p.y < ext.y1 || p.y > ext.y2) cy.center(n);
    handlers.onFocusNode(n.id());
  }

  cy.on('tap', 'node', (e) => {
    const n = e.target as NodeSingular;
    setFocus(n);
    handlers.onSelect({ node: n.id() });
    handlers.onActivate(n.id());
  });
  cy.on('tap', 'edge', (e) => handlers.onSelect({ edge: e.target.id() }));
  cy.on('tap', (e) => { if (e.target === cy) handlers.onSelect(null); });
  cy.on('mouseover', 'node, edge', () => { container.style.cursor = 'pointer'; });
  cy.on('mouseout', 'node, edge', () => { container.style.cursor = ''; });

  container.addEventListener('keydown', (ev) => {
    const nodes = order();
    if (!nodes.length) return;
    const i = focused ? nodes.toArray().findIndex((n) => n.id() === focused) : -1;
    let next: NodeSingular | null = null;
    switch (ev.key) {
      case 'ArrowRight': case 'ArrowDown': next = nodes[(i + 1) % nodes.length] as NodeSingular; break;
      case 'ArrowLeft': case 'ArrowUp': next = nodes[(i - 1 + nodes.length) % nodes.length] as NodeSingular; break;
      case 'Home': next = nodes[0] as NodeSingular; break;
      case 'End': next = nodes[nodes.length - 1] as NodeSingular; break;
      case 'Enter': case ' ':
        if (focused) {
          ev.preventDefault();
          cy.$(':selected').unselect();
          cy.getElementById(focused).select();
          handlers.onSelect({ node: focused });
          handlers.onActivate(focused);
        }
        return;
      case 'o': case 'O':
        if (focused) { ev.preventDefault(); handlers.onOpen(focused); }
        return;
      case '+': case '=': cy.zoom({ level: cy.zoom() * 1.2, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } }); ev.preventDefault(); return;
      case '-': cy.zoom({ level: cy.zoom() / 1.2, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } }); ev.preventDefault(); return;
      case '0': cy.fit(undefined, 30); ev.preventDefault(); return;
      case 'Escape': cy.nodes('.kbfocus').removeClass('kbfocus'); focused = null; handlers.onSelect(null); return;
      default: return;
    }
    if (next) { ev.preventDefault(); setFocus(next); }
  });
  container.addEventListener('focus', () => {
    if (!focused) {
      const root = cy.nodes('.root');
      if (root.length) setFocus(root[0] as NodeSingular);
    }
  });

  async function update(nodes: EntityRef[], rels: Relationship[], opts: { root: string; expanded: Set<string>; saved?: Map<string, Pos> | null; relayout?: boolean; undated?: Set<string> }): Promise<void> {
    // Claims of one type and status between the same two entities are drawn
    // as one line, with their number (the table lists each).
    const bundles = new Map<string, Relationship[]>();
    for (const r of [...rels].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
      const key = `b:${r.from.id}|${r.to.id}|${r.type}|${r.status}${opts.undated?.has(r.id) ? '|undated' : ''}`;
      bundles.set(key, [...(bundles.get(key) ?? []), r]);
    }
    const want = new Set<string>([...nodes.map((n) => n.id), ...bundles.keys()]);
    const before = cy.nodes().map((n) => n.id()).sort().join('\n') + '|' + cy.edges().map((e) => e.id()).sort().join('\n');
    cy.elements().filter((el) => !want.has(el.id())).remove();
    const showEdgeLabels = bundles.size <= 80;
    const added: ElementDefinition[] = [];
    // Elements go in by id, so the layout sees them in the same order every time.
    for (const n of [...nodes].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
      const existing = cy.getElementById(n.id);
      const cls = [n.id === opts.root ? 'root' : '', opts.expanded.has(n.id) ? 'expanded' : ''].filter(Boolean).join(' ');
      if (existing.nonempty()) { existing.classes(cls); continue; }
      added.push({
        group: 'nodes',
        data: {
          id: n.id, name: n.name, kind: n.kind,
          label: truncate(n.name, 40),
          color: colors[n.kind] ?? '#888', shape: KIND_SHAPE[n.kind as Kind] ?? 'ellipse',
          kindLabel: KIND_LABEL[n.kind as Kind] ?? n.kind,
        },
        classes: cls,
        position: { x: 0, y: 0 },
      });
    }
    for (const [id, rs] of [...bundles].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      const r = rs[0];
      const label = `${REL_VERB[r.type]?.[0] ?? r.type}${rs.length > 1 ? ` ×${rs.length}` : ''}`;
      const existing = cy.getElementById(id);
      if (existing.nonempty()) { existing.data({ rels: rs.map((x) => x.id), rel: r.id, label }); continue; }
      added.push({
        group: 'edges',
        data: { id, rel: r.id, rels: rs.map((x) => x.id), source: r.from.id, target: r.to.id, status: r.status, type: r.type, label },
        classes: id.endsWith('|undated') ? 'undated' : '',
      });
    }
    cy.batch(() => {
      cy.add(added);
      cy.edges().toggleClass('nolabel', !showEdgeLabels);
    });
    const after = cy.nodes().map((n) => n.id()).sort().join('\n') + '|' + cy.edges().map((e) => e.id()).sort().join('\n');
    const saved = opts.saved && cy.nodes().toArray().every((n) => opts.saved!.has(n.id())) ? opts.saved : null;
    if (saved) {
      cy.nodes().positions((n) => ({ ...saved.get((n as NodeSingular).id())! }));
    } else if (after !== before || !laidOut || opts.relayout) {
      layout(nodes.map((n) => n.id), rels.map((r) => r.id));
    }
    if (!laidOut) performance.mark('sgx:layout-done');
    laidOut = true;
    cy.fit(undefined, 30);
    // Wait for the frame that draws this state.
    await new Promise<void>((resolve) => {
      let done = false;
      const finish = () => { if (!done) { done = true; resolve(); } };
      cy.one('render', () => requestAnimationFrame(finish));
      setTimeout(finish, 500);
      (cy as any).forceRender?.();
    });
    if (focused && cy.getElementById(focused).empty()) focused = null;
  }

  /**
   * Lays the nodes out afresh with cose, in a fixed box, its random numbers
   * drawn from a generator seeded by the view itself: cose runs synchronously
   * when not animated, so Math.random is swapped only while it runs.
   */
  function layout(nodeIds: string[], relIds: string[]) {
    const random = Math.random;
    Math.random = seeded(layoutSeed(nodeIds, relIds));
    // In id order, whatever order the elements came in.
    const eles = cy.elements().sort((a, b) => (a.group() === b.group() ? (a.id() < b.id() ? -1 : 1) : a.isNode() ? -1 : 1));
    try {
      eles.layout({
        name: 'cose', animate: false, randomize: true, fit: false, boundingBox: LAYOUT_BOX,
        nodeRepulsion: () => 9000, idealEdgeLength: () => 90, edgeElasticity: () => 80,
        nodeOverlap: 12, gravity: 0.6, numIter: 1000, componentSpacing: 60,
      } as any).run();
    } finally {
      Math.random = random;
    }
    // Whole numbers, so that a layout saved in a URL gives back the same picture.
    cy.nodes().positions((n) => ({ x: Math.round(n.position('x')), y: Math.round(n.position('y')) }));
  }

  cy.on('dragfree', 'node', () => {
    cy.nodes().positions((n) => ({ x: Math.round(n.position('x')), y: Math.round(n.position('y')) }));
    handlers.onMoved?.();
  });

  return {
    cy,
    update,
    positions() {
      const m = new Map<string, Pos>();
      cy.nodes().forEach((n) => { m.set(n.id(), { x: n.position('x'), y: n.position('y') }); });
      return m;
    },
    focusNode(id: string) {
      const n = cy.getElementById(id);
      if (n.nonempty()) setFocus(n as NodeSingular);
    },
    destroy() { cy.destroy(); },
  };
}
