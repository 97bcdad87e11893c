// The network drawing, with Cytoscape.js (canvas). Loaded on demand, so the
// search and entity pages do not pay for it.
import cytoscape, { type Core, type ElementDefinition, type NodeSingular } from 'cytoscape';
import type { EntityRef, Relationship } from './api';
import { KIND_LABEL, KIND_SHAPE, REL_VERB, type Kind } from './model';

export interface GraphHandlers {
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
  update(nodes: EntityRef[], rels: Relationship[], opts: { root: string; expanded: Set<string>; near?: string }): Promise<void>;
  focusNode(id: string): void;
  destroy(): void;
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

  /** Stretches the layout (at most 2x) so it fills a container of another shape. */
  function fitAspect() {
    const nodes = cy.nodes();
    if (nodes.length < 3) return;
    const bb = nodes.boundingBox({ includeLabels: false });
    const w = cy.width(), hgt = cy.height();
    if (!bb.w || !bb.h || !w || !hgt) return;
    const want = w / hgt, have = bb.w / bb.h;
    const sx = have < want ? Math.min(2, want / have) : 1;
    const sy = have > want ? Math.min(2, have / want) : 1;
    if (sx < 1.1 && sy < 1.1) return;
    const cx = bb.x1 + bb.w / 2, cyy = bb.y1 + bb.h / 2;
    nodes.positions((n) => {
      const p = n.position();
      return { x: cx + (p.x - cx) * sx, y: cyy + (p.y - cyy) * sy };
    });
  }

  async function update(nodes: EntityRef[], rels: Relationship[], opts: { root: string; expanded: Set<string>; near?: string }): Promise<void> {
    const want = new Set<string>([...nodes.map((n) => n.id), ...rels.map((r) => 'e:' + r.id)]);
    cy.elements().filter((el) => !want.has(el.id())).remove();
    const showEdgeLabels = rels.length <= 80;
    const added: ElementDefinition[] = [];
    const near = opts.near ? cy.getElementById(opts.near) : null;
    const center = near && near.nonempty() ? near.position() : { x: 0, y: 0 };
    for (const n of nodes) {
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
        position: { x: center.x + (Math.random() - 0.5) * 80, y: center.y + (Math.random() - 0.5) * 80 },
      });
    }
    for (const r of rels) {
      if (cy.getElementById('e:' + r.id).nonempty()) continue;
      added.push({
        group: 'edges',
        data: { id: 'e:' + r.id, rel: r.id, source: r.from.id, target: r.to.id, status: r.status, type: r.type, label: REL_VERB[r.type]?.[0] ?? r.type },
      });
    }
    cy.batch(() => {
      cy.add(added);
      cy.edges().toggleClass('nolabel', !showEdgeLabels);
    });
    const grew = added.some((a) => a.group === 'nodes');
    if (grew || !laidOut) {
      await new Promise<void>((resolve) => {
        const layout = cy.layout({
          name: 'cose', animate: false, randomize: !laidOut, fit: true, padding: 30,
          nodeRepulsion: () => 9000, idealEdgeLength: () => 90, edgeElasticity: () => 80,
          nodeOverlap: 12, gravity: 0.6, numIter: 1000, componentSpacing: 60,
        } as any);
        layout.one('layoutstop', () => resolve());
        layout.run();
      });
      fitAspect();
      if (!laidOut) performance.mark('sgx:layout-done');
      laidOut = true;
    }
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

  return {
    cy,
    update,
    focusNode(id: string) {
      const n = cy.getElementById(id);
      if (n.nonempty()) setFocus(n as NodeSingular);
    },
    destroy() { cy.destroy(); },
  };
}
