// Pictures for publication: a network or a path as SVG and as PNG at print
// resolution, each with its legend, the filters used, a numbered list of the
// sources and the date of the data. Both come from one scene (shapes, lines
// and text in picture units), so the two say the same; both are functions of
// the view alone (positions, names, sources, filters, date), so exporting the
// same view twice gives the same bytes.
import type { EntityRef, Path, Relationship, SourceRef } from './api';
import { KIND_LABEL, KIND_SHAPE, REL_VERB, STATUSES, fmtDate, fmtPeriod, humanEnum, type Kind, type Status } from './model';

type Pt = [number, number];
type Item =
  | { t: 'text'; x: number; y: number; text: string; size: number; bold?: boolean; color?: string; anchor?: 'start' | 'middle' | 'end'; italic?: boolean; halo?: boolean }
  | { t: 'line'; pts: Pt[]; color: string; width: number; dash?: number[]; round?: boolean }
  | { t: 'poly'; pts: Pt[]; fill: string; stroke?: string; width?: number }
  | { t: 'circle'; x: number; y: number; r: number; fill: string; stroke?: string; width?: number }
  | { t: 'rect'; x: number; y: number; w: number; h: number; fill: string; stroke?: string; width?: number; rx?: number };

export interface Scene { width: number; height: number; items: Item[]; title: string }

/** What a picture says beside its drawing. */
export interface Caption {
  title: string;
  filters: string[]; // the view's filters, in words
  asOf: string | null; // the date of the data
  url: string; // the view's address
}

const FONT = 'DejaVu Sans, Verdana, Arial, Helvetica, sans-serif';
const W = 1200; // content width, in picture units (CSS px)
const M = 40; // margin
const INK = '#111827', MUTED = '#4b5563';

// Kind colours as in style.css (--kind-*), fixed here so that a picture does
// not depend on the page's styles.
const KIND_COLOR: Record<Kind, string> = {
  COMPANY: '#d55e00', PRODUCT: '#e69f00', GOVERNMENT: '#0072b2', AGENCY: '#56b4e9', LEGAL_ACTION: '#cc79a7',
  ORGANIZATION: '#009e73', PERSON: '#f0e442', PROJECT: '#8c6d31', SOURCE: '#9e9e9e',
};

interface EdgeStyle { color: string; width: number; dash?: number[]; round?: boolean; double?: boolean }
const STATUS_STYLE: Record<Status, EdgeStyle> = {
  ALLEGED: { color: '#4b5563', width: 2, dash: [7, 4] },
  REPORTED: { color: '#4b5563', width: 2 },
  CONFIRMED: { color: '#1f2937', width: 4.5 },
  DENIED: { color: '#9ca3af', width: 2, dash: [1.5, 4], round: true },
  ADJUDICATED: { color: '#111827', width: 2.5, double: true },
};

let measurer: CanvasRenderingContext2D | null = null;
function measure(text: string, size: number, bold = false): number {
  measurer ??= document.createElement('canvas').getContext('2d');
  if (!measurer) return text.length * size * 0.6;
  measurer.font = `${bold ? 'bold ' : ''}${size}px ${FONT}`;
  return measurer.measureText(text).width;
}

/** Breaks text into lines no wider than width; a word too long is cut. */
export function wrap(text: string, width: number, size: number, bold = false): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (measure(next, size, bold) <= width || !line) {
      line = next;
      while (measure(line, size, bold) > width && line.length > 4) {
        // One word wider than the line: cut it.
        let cut = line.length - 1;
        while (cut > 1 && measure(line.slice(0, cut), size, bold) > width) cut--;
        lines.push(line.slice(0, cut));
        line = line.slice(cut);
      }
    } else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

/** The points of a kind's shape, centred on (x, y), of radius r (as in the network). */
function shape(kind: Kind, x: number, y: number, r: number): Item {
  const fill = KIND_COLOR[kind] ?? '#888888';
  const s = KIND_SHAPE[kind];
  const poly = (pts: number[][]): Item => ({ t: 'poly', pts: pts.map(([px, py]) => [x + ((px - 8) / 8) * r, y + ((py - 8) / 8) * r] as Pt), fill, stroke: '#1f2937', width: 1.5 });
  switch (s) {
    case 'diamond': return poly([[8, 0], [16, 8], [8, 16], [0, 8]]);
    case 'hexagon': return poly([[4, 1], [12, 1], [16, 8], [12, 15], [4, 15], [0, 8]]);
    case 'octagon': return poly([[5, 0], [11, 0], [16, 5], [16, 11], [11, 16], [5, 16], [0, 11], [0, 5]]);
    case 'triangle': return poly([[8, 0], [16, 16], [0, 16]]);
    case 'star': return poly([[8, 0], [10.1, 5.6], [16, 5.9], [11.4, 9.6], [13, 15.4], [8, 12], [3, 15.4], [4.6, 9.6], [0, 5.9], [5.9, 5.6]]);
    case 'rhomboid': return poly([[4, 2], [16, 2], [12, 14], [0, 14]]);
    case 'rectangle': return { t: 'rect', x: x - r, y: y - r * 0.8, w: 2 * r, h: 1.6 * r, fill, stroke: '#1f2937', width: 1.5 };
    case 'round-rectangle': return { t: 'rect', x: x - r, y: y - r * 0.8, w: 2 * r, h: 1.6 * r, fill, stroke: '#1f2937', width: 1.5, rx: r * 0.3 };
    default: return { t: 'circle', x, y, r, fill, stroke: '#1f2937', width: 1.5 };
  }
}

const UNDATED = '#7c3aed';

/** A line of a claim's status, with an arrowhead at its end when asked; violet for an undated claim shown apart. */
function claimLine(items: Item[], a: Pt, b: Pt, status: Status, arrow: boolean, undated = false): void {
  const st = undated ? { ...STATUS_STYLE[status], color: UNDATED } : STATUS_STYLE[status];
  if (st.double) items.push({ t: 'line', pts: [a, b], color: st.color, width: st.width + 4 });
  items.push({ t: 'line', pts: [a, b], color: st.double ? '#ffffff' : st.color, width: st.width, dash: st.dash, round: st.round });
  if (!arrow) return;
  const dx = b[0] - a[0], dy = b[1] - a[1];
  const len = Math.hypot(dx, dy) || 1;
  const ux = dx / len, uy = dy / len;
  const s = 9 + st.width;
  items.push({ t: 'poly', pts: [b, [b[0] - ux * s - uy * s * 0.45, b[1] - uy * s + ux * s * 0.45], [b[0] - ux * s + uy * s * 0.45, b[1] - uy * s - ux * s * 0.45]], fill: st.color });
}

/** Numbers the sources behind the claims: newest first, then by title. */
function numberSources(rels: Relationship[]): { list: (SourceRef & { disputes: boolean })[]; index: Map<string, number> } {
  const m = new Map<string, SourceRef & { disputes: boolean }>();
  for (const r of [...rels].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    for (const c of r.citations) {
      const e = m.get(c.source.id) ?? { ...c.source, disputes: false };
      if (c.stance === 'DISPUTES') e.disputes = true;
      m.set(c.source.id, e);
    }
  }
  const list = [...m.values()].sort((a, b) => b.publishedAt.localeCompare(a.publishedAt) || a.title.localeCompare(b.title) || (a.id < b.id ? -1 : 1));
  return { list, index: new Map(list.map((s, i) => [s.id, i + 1])) };
}

function refs(r: Relationship, index: Map<string, number>): string {
  const ns = [...new Set(r.citations.map((c) => index.get(c.source.id)!))].sort((a, b) => a - b);
  return ns.length ? `[${ns.join(',')}]` : '';
}

/** Title, filters and date at the top; returns the y below them. */
function header(items: Item[], cap: Caption, y: number): number {
  for (const line of wrap(cap.title, W, 26, true)) {
    items.push({ t: 'text', x: M, y: y + 26, text: line, size: 26, bold: true, color: INK });
    y += 34;
  }
  const meta = [cap.asOf ? `Data as of ${fmtDate(cap.asOf)}` : 'Data as read from survgraph', ...cap.filters].join(' · ');
  for (const line of wrap(meta, W, 14)) {
    items.push({ t: 'text', x: M, y: y + 16, text: line, size: 14, color: MUTED });
    y += 20;
  }
  return y + 10;
}

/** The legend: the kinds shown and the line of each status; returns the y below it. */
function legend(items: Item[], kinds: Set<string>, y: number, undated = false): number {
  items.push({ t: 'text', x: M, y: y + 14, text: 'Legend', size: 14, bold: true, color: INK });
  y += 24;
  let x = M;
  for (const k of Object.keys(KIND_LABEL) as Kind[]) {
    if (!kinds.has(k)) continue;
    const label = KIND_LABEL[k];
    const w = 26 + measure(label, 13) + 18;
    if (x + w > M + W) { x = M; y += 24; }
    items.push(shape(k, x + 8, y + 8, 8));
    items.push({ t: 'text', x: x + 22, y: y + 13, text: label, size: 13, color: INK });
    x += w;
  }
  y += 28;
  x = M;
  for (const s of STATUSES) {
    const label = humanEnum(s);
    const w = 52 + measure(label, 13) + 18;
    if (x + w > M + W) { x = M; y += 24; }
    claimLine(items, [x, y + 8], [x + 42, y + 8], s, false);
    items.push({ t: 'text', x: x + 50, y: y + 13, text: label, size: 13, color: INK });
    x += w;
  }
  if (undated) {
    const label = 'Undated (no date given)';
    if (x + 70 + measure(label, 13) > M + W) { x = M; y += 24; }
    claimLine(items, [x, y + 8], [x + 42, y + 8], 'REPORTED', false, true);
    items.push({ t: 'text', x: x + 50, y: y + 13, text: label, size: 13, color: INK });
  }
  return y + 30;
}

/** The numbered sources and the credit; returns the y below them. */
function sourcesAndCredit(items: Item[], sources: (SourceRef & { disputes: boolean })[], cap: Caption, y: number): number {
  items.push({ t: 'text', x: M, y: y + 14, text: `Sources (${sources.length})`, size: 14, bold: true, color: INK });
  y += 24;
  sources.forEach((s, i) => {
    const text = `${s.publisher}, “${s.title}”, ${fmtDate(s.publishedAt)}${s.url ? `, ${s.url}` : s.locator ? ` (${s.locator})` : ''}${s.disputes ? ' — includes a denial' : ''}`;
    const num = `${i + 1}.`;
    const lines = wrap(text, W - 40, 12);
    items.push({ t: 'text', x: M + 30, y: y + 12, text: num, size: 12, color: INK, anchor: 'end' });
    for (const line of lines) {
      items.push({ t: 'text', x: M + 38, y: y + 12, text: line, size: 12, color: INK });
      y += 16;
    }
    y += 2;
  });
  y += 10;
  for (const line of wrap(`survgraph, an open knowledge graph of the surveillance-technology trade. Curated data CC BY 4.0 (survgraph contributors); each source keeps its own terms. Every line is a claim with a status and its sources. ${cap.url}`, W, 12)) {
    items.push({ t: 'text', x: M, y: y + 12, text: line, size: 12, color: MUTED, italic: true });
    y += 16;
  }
  return y + M - 10;
}

export interface NetworkPicture {
  nodes: EntityRef[];
  rels: Relationship[];
  positions: Map<string, { x: number; y: number }>;
  root: string;
  undated?: Set<string>; // claims with no date, shown apart
}

/** A network: the nodes where the view has them, the claims between them. */
export function networkScene(net: NetworkPicture, cap: Caption): Scene {
  const items: Item[] = [];
  let y = header(items, cap, M - 10);
  const { list, index } = numberSources(net.rels);
  const pts = net.nodes.map((n) => net.positions.get(n.id) ?? { x: 0, y: 0 });
  const minX = Math.min(...pts.map((p) => p.x)), maxX = Math.max(...pts.map((p) => p.x));
  const minY = Math.min(...pts.map((p) => p.y)), maxY = Math.max(...pts.map((p) => p.y));
  const bw = Math.max(1, maxX - minX), bh = Math.max(1, maxY - minY);
  const pad = 70;
  const scale = Math.min((W - 2 * pad) / bw, 760 / bh, 3);
  const gh = Math.max(240, bh * scale + 2 * pad);
  const ox = M + (W - bw * scale) / 2 - minX * scale;
  const oy = y + pad - minY * scale;
  const at = (id: string): Pt => {
    const p = net.positions.get(id) ?? { x: 0, y: 0 };
    return [Math.round((ox + p.x * scale) * 10) / 10, Math.round((oy + p.y * scale) * 10) / 10];
  };
  items.push({ t: 'rect', x: M, y, w: W, h: gh, fill: '#fcfcfd', stroke: '#d1d5db', width: 1 });

  // Parallel claims of the same type and status between two entities are
  // drawn once, with their number.
  const bundles = new Map<string, Relationship[]>();
  for (const r of [...net.rels].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const key = `${r.from.id}|${r.to.id}|${r.type}|${r.status}${net.undated?.has(r.id) ? '|undated' : ''}`;
    bundles.set(key, [...(bundles.get(key) ?? []), r]);
  }
  const perPair = new Map<string, number>();
  const labels: Item[] = [];
  const labelEdges = bundles.size <= 60;
  for (const [, rs] of [...bundles].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const r = rs[0];
    const a = at(r.from.id), b = at(r.to.id);
    const pair = [r.from.id, r.to.id].sort().join('|');
    const k = perPair.get(pair) ?? 0;
    perPair.set(pair, k + 1);
    const dx = b[0] - a[0], dy = b[1] - a[1];
    const len = Math.hypot(dx, dy) || 1;
    const ux = dx / len, uy = dy / len;
    const off = k === 0 ? 0 : (k % 2 ? 1 : -1) * Math.ceil(k / 2) * 5;
    const nx = -uy * off, ny = ux * off;
    const rFrom = r.from.id === net.root ? 19 : 13, rTo = r.to.id === net.root ? 19 : 13;
    claimLine(items, [a[0] + ux * rFrom + nx, a[1] + uy * rFrom + ny], [b[0] - ux * (rTo + 2) + nx, b[1] - uy * (rTo + 2) + ny], r.status, true, net.undated?.has(r.id));
    if (labelEdges) {
      const srcRefs = [...new Set(rs.flatMap((x) => refs(x, index).replace(/[[\]]/g, '').split(',').filter(Boolean).map(Number)))].sort((p, q) => p - q);
      const text = `${REL_VERB[r.type]?.[0] ?? r.type}${rs.length > 1 ? ` ×${rs.length}` : ''}${srcRefs.length ? ` [${srcRefs.join(',')}]` : ''}`;
      labels.push({ t: 'text', x: Math.round(((a[0] + b[0]) / 2 + nx) * 10) / 10, y: Math.round(((a[1] + b[1]) / 2 + ny - 3) * 10) / 10, text, size: 10, color: '#374151', anchor: 'middle', halo: true });
    }
  }
  items.push(...labels);
  for (const n of [...net.nodes].sort((p, q) => (p.id < q.id ? -1 : 1))) {
    const [x, yy] = at(n.id);
    const root = n.id === net.root;
    items.push(shape(n.kind, x, yy, root ? 17 : 11));
    items.push({ t: 'text', x, y: yy + (root ? 34 : 26), text: truncate(n.name, 34), size: root ? 13 : 11, bold: root, color: INK, anchor: 'middle', halo: true });
  }
  y += gh + 20;
  if (!labelEdges) {
    items.push({ t: 'text', x: M, y: y + 12, text: `${net.rels.length} claims: too many to label each; the sources of every claim are listed below.`, size: 12, color: MUTED });
    y += 24;
  }
  y = legend(items, new Set(net.nodes.map((n) => n.kind)), y, net.rels.some((r) => net.undated?.has(r.id)));
  y = sourcesAndCredit(items, list, cap, y);
  return { width: W + 2 * M, height: Math.ceil(y), items, title: cap.title };
}

/** Paths side by side, each from top to bottom: boxes with names and kinds, hops between. */
export function pathScene(paths: Path[], cap: Caption): Scene {
  const items: Item[] = [];
  let y = header(items, cap, M - 10);
  const { list, index } = numberSources(paths.flatMap((p) => p.relationships));
  const cols = Math.max(1, paths.length);
  const gap = 24;
  const colW = Math.min(380, (W - gap * (cols - 1)) / cols);
  const left = M + (W - (colW * cols + gap * (cols - 1))) / 2;
  let bottom = y;
  paths.forEach((p, i) => {
    const x = left + i * (colW + gap);
    let cy = y;
    items.push({ t: 'text', x, y: cy + 14, text: `Path ${i + 1}: ${p.length} hop${p.length === 1 ? '' : 's'}`, size: 14, bold: true, color: INK });
    cy += 26;
    p.nodes.forEach((n, j) => {
      const name = wrap(n.name, colW - 30, 14, true).slice(0, 3);
      const bh = 12 + name.length * 18 + 18;
      items.push({ t: 'rect', x, y: cy, w: colW, h: bh, fill: '#ffffff', stroke: KIND_COLOR[n.kind], width: 2.5, rx: 6 });
      items.push({ t: 'rect', x, y: cy, w: 8, h: bh, fill: KIND_COLOR[n.kind], rx: 3 });
      name.forEach((line, k) => items.push({ t: 'text', x: x + 18, y: cy + 26 + k * 18, text: line, size: 14, bold: true, color: INK }));
      items.push({ t: 'text', x: x + 18, y: cy + 26 + name.length * 18, text: KIND_LABEL[n.kind], size: 12, color: MUTED });
      cy += bh;
      const r = p.relationships[j];
      if (!r) return;
      const forward = r.from.id === n.id;
      const verb = REL_VERB[r.type]?.[forward ? 0 : 1] ?? r.type;
      const text = wrap(`${verb} · ${humanEnum(r.status)} · ${fmtPeriod(r.start, r.end)} ${refs(r, index)}`, colW - 50, 12);
      const hh = Math.max(46, 14 + text.length * 16);
      claimLine(items, [x + 22, cy + 2], [x + 22, cy + hh - 4], r.status, true);
      text.forEach((line, k) => items.push({ t: 'text', x: x + 40, y: cy + 20 + k * 16, text: line, size: 12, color: INK }));
      cy += hh;
    });
    bottom = Math.max(bottom, cy);
  });
  y = bottom + 24;
  y = legend(items, new Set(paths.flatMap((p) => p.nodes.map((n) => n.kind))), y);
  y = sourcesAndCredit(items, list, cap, y);
  return { width: W + 2 * M, height: Math.ceil(y), items, title: cap.title };
}

// ---- renderers ------------------------------------------------------------

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
const num = (n: number) => String(Math.round(n * 100) / 100);

export function toSVG(scene: Scene): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${scene.width}" height="${scene.height}" viewBox="0 0 ${scene.width} ${scene.height}" font-family="${esc(FONT)}">`,
    `<title>${esc(scene.title)}</title>`,
    `<rect x="0" y="0" width="${scene.width}" height="${scene.height}" fill="#ffffff"/>`,
  ];
  for (const it of scene.items) {
    switch (it.t) {
      case 'text':
        out.push(`<text x="${num(it.x)}" y="${num(it.y)}" font-size="${it.size}"${it.bold ? ' font-weight="bold"' : ''}${it.italic ? ' font-style="italic"' : ''}` +
          ` fill="${it.color ?? INK}"${it.anchor && it.anchor !== 'start' ? ` text-anchor="${it.anchor}"` : ''}` +
          `${it.halo ? ' stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"' : ''}>${esc(it.text)}</text>`);
        break;
      case 'line':
        out.push(`<polyline points="${it.pts.map((p) => `${num(p[0])},${num(p[1])}`).join(' ')}" fill="none" stroke="${it.color}" stroke-width="${it.width}"` +
          `${it.dash ? ` stroke-dasharray="${it.dash.join(' ')}"` : ''}${it.round ? ' stroke-linecap="round"' : ''}/>`);
        break;
      case 'poly':
        out.push(`<polygon points="${it.pts.map((p) => `${num(p[0])},${num(p[1])}`).join(' ')}" fill="${it.fill}"` +
          `${it.stroke ? ` stroke="${it.stroke}" stroke-width="${it.width ?? 1}"` : ''}/>`);
        break;
      case 'circle':
        out.push(`<circle cx="${num(it.x)}" cy="${num(it.y)}" r="${num(it.r)}" fill="${it.fill}"${it.stroke ? ` stroke="${it.stroke}" stroke-width="${it.width ?? 1}"` : ''}/>`);
        break;
      case 'rect':
        out.push(`<rect x="${num(it.x)}" y="${num(it.y)}" width="${num(it.w)}" height="${num(it.h)}"${it.rx ? ` rx="${num(it.rx)}"` : ''} fill="${it.fill}"` +
          `${it.stroke ? ` stroke="${it.stroke}" stroke-width="${it.width ?? 1}"` : ''}/>`);
        break;
    }
  }
  out.push('</svg>', '');
  return out.join('\n');
}

/** Draws the scene on a canvas, scale pixels per picture unit. */
export function toCanvas(scene: Scene, scale: number): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = Math.ceil(scene.width * scale);
  c.height = Math.ceil(scene.height * scale);
  const g = c.getContext('2d')!;
  g.scale(scale, scale);
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, scene.width, scene.height);
  for (const it of scene.items) {
    switch (it.t) {
      case 'text':
        g.font = `${it.italic ? 'italic ' : ''}${it.bold ? 'bold ' : ''}${it.size}px ${FONT}`;
        g.fillStyle = it.color ?? INK;
        g.textAlign = it.anchor === 'middle' ? 'center' : it.anchor === 'end' ? 'right' : 'left';
        g.textBaseline = 'alphabetic';
        if (it.halo) {
          g.strokeStyle = '#ffffff';
          g.lineWidth = 3;
          g.lineJoin = 'round';
          g.strokeText(it.text, it.x, it.y);
        }
        g.fillText(it.text, it.x, it.y);
        break;
      case 'line':
        g.beginPath();
        g.moveTo(it.pts[0][0], it.pts[0][1]);
        for (const p of it.pts.slice(1)) g.lineTo(p[0], p[1]);
        g.strokeStyle = it.color;
        g.lineWidth = it.width;
        g.setLineDash(it.dash ?? []);
        g.lineCap = it.round ? 'round' : 'butt';
        g.stroke();
        g.setLineDash([]);
        break;
      case 'poly':
        g.beginPath();
        g.moveTo(it.pts[0][0], it.pts[0][1]);
        for (const p of it.pts.slice(1)) g.lineTo(p[0], p[1]);
        g.closePath();
        g.fillStyle = it.fill;
        g.fill();
        if (it.stroke) { g.strokeStyle = it.stroke; g.lineWidth = it.width ?? 1; g.stroke(); }
        break;
      case 'circle':
        g.beginPath();
        g.arc(it.x, it.y, it.r, 0, Math.PI * 2);
        g.fillStyle = it.fill;
        g.fill();
        if (it.stroke) { g.strokeStyle = it.stroke; g.lineWidth = it.width ?? 1; g.stroke(); }
        break;
      case 'rect':
        g.beginPath();
        if (it.rx) g.roundRect(it.x, it.y, it.w, it.h, it.rx); else g.rect(it.x, it.y, it.w, it.h);
        g.fillStyle = it.fill;
        g.fill();
        if (it.stroke) { g.strokeStyle = it.stroke; g.lineWidth = it.width ?? 1; g.stroke(); }
        break;
    }
  }
  return c;
}

/** Print resolution: a picture 1280 units wide is 13.3 inches at 96 units an inch, 4,000 pixels at 300 dpi. */
export const PRINT_DPI = 300;
export const PRINT_SCALE = PRINT_DPI / 96;

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Adds a pHYs chunk (pixels per metre) after IHDR, so that print software knows the resolution. */
export function withResolution(png: Uint8Array, dpi: number): Uint8Array {
  const ppm = Math.round(dpi / 0.0254);
  const chunk = new Uint8Array(21);
  const v = new DataView(chunk.buffer);
  v.setUint32(0, 9);
  chunk.set([0x70, 0x48, 0x59, 0x73], 4); // pHYs
  v.setUint32(8, ppm);
  v.setUint32(12, ppm);
  chunk[16] = 1; // unit: metre
  v.setUint32(17, crc32(chunk.subarray(4, 17)));
  const ihdrEnd = 8 + 25; // signature, then IHDR (4 + 4 + 13 + 4)
  const out = new Uint8Array(png.length + chunk.length);
  out.set(png.subarray(0, ihdrEnd), 0);
  out.set(chunk, ihdrEnd);
  out.set(png.subarray(ihdrEnd), ihdrEnd + chunk.length);
  return out;
}

export async function toPNG(scene: Scene, scale = PRINT_SCALE): Promise<Blob> {
  const canvas = toCanvas(scene, scale);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('The browser could not make the PNG (the picture may be too large).');
  const bytes = withResolution(new Uint8Array(await blob.arrayBuffer()), PRINT_DPI);
  return new Blob([bytes as BlobPart], { type: 'image/png' });
}

/** Saves a blob under a file name, as a download. */
export function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name from a title: "network-gamma-international". */
export function fileName(prefix: string, id: string, ext: string): string {
  return `survgraph-${prefix}-${id.replace(/[^a-z0-9-]+/gi, '-').slice(0, 80)}.${ext}`;
}
