// Pieces shared by the views: badges, citations, legends, download and embed widgets.
import { dataAsOf, exportUrl, type Citation, type Correction, type EntityRef, type Path, type Relationship, type SourceRef } from './api';
import { h, svg, nextId } from './dom';
import {
  BASIS_HELP, BASIS_LABEL, EXPORT_FORMATS, KINDS, KIND_LABEL, KIND_SHAPE, REL_VERB, STATUSES, STATUS_HELP, STATUS_LINE,
  fmtAmount, fmtDate, fmtPeriod, humanEnum, type Kind, type Status,
} from './model';
import { hashFor } from './router';

export function kindBadge(kind: Kind): HTMLElement {
  return h('span', { class: `badge kind kind-${kind}` }, KIND_LABEL[kind] ?? kind);
}

export function statusBadge(status: Status): HTMLElement {
  return h('span', { class: `badge status status-${status}`, title: STATUS_HELP[status] }, humanEnum(status));
}

/** What a claim rests on: a leak, a court record, a measurement… */
export function basisBadge(r: Relationship): HTMLElement | null {
  if (!r.basis) return null;
  return h('span', { class: `badge basis basis-${r.basis}`, title: BASIS_HELP[r.basis] ?? '' }, 'basis: ', BASIS_LABEL[r.basis] ?? r.basis);
}

/** A "corrected" mark, and the corrections folded out with their reasons and sources. */
export function correctionsNote(cs: Correction[] | undefined, what = 'record'): HTMLElement | null {
  if (!cs?.length) return null;
  return h('details', { class: 'corrections', 'data-testid': 'corrected' },
    h('summary', null, h('span', { class: 'badge corrected' }, '✎ corrected'), ` ${cs.length} correction${cs.length === 1 ? '' : 's'} of the imported ${what}`),
    h('ul', null, cs.map((c) => h('li', null, c.reason,
      c.source ? [' — ', sourceTitle(c.source), ', ', c.source.publisher, ', ', h('time', { datetime: c.source.publishedAt }, fmtDate(c.source.publishedAt))] : null))));
}

/** "Unidentified exporter in …": a party the sources do not name. */
export function placeholderBadge(e: EntityRef): HTMLElement | null {
  return e.placeholder ? h('span', { class: 'badge placeholder', title: 'An unknown party: its claims name nobody.' }, 'unidentified') : null;
}

export function entityLink(e: EntityRef, opts: { target?: string } = {}): HTMLElement {
  // From an embed (target set), links open the full explorer at /.
  const href = opts.target ? `/${hashFor(['entity', e.id])}` : hashFor(['entity', e.id]);
  return h('a', { href, class: `entity-link kind-${e.kind}`, target: opts.target, rel: opts.target ? 'noopener' : null },
    h('span', { class: 'dot', 'aria-hidden': 'true' }), e.name);
}

export function sourceTitle(s: SourceRef, opts: { target?: string } = {}): HTMLElement {
  if (s.url) {
    return h('a', { href: s.url, rel: 'noopener noreferrer', target: opts.target ?? '_blank', class: 'source-title' }, s.title);
  }
  return h('span', { class: 'source-title' }, s.title);
}

const STANCE_LABEL: Record<Citation['stance'], string> = {
  SUPPORTS: 'Supports',
  DISPUTES: 'Denial — disputes this claim',
  CONTEXT: 'Context',
};

export function citationItem(c: Citation): HTMLElement {
  const s = c.source;
  return h('li', { class: `citation stance-${c.stance}` },
    h('span', { class: `badge stance stance-${c.stance}` }, c.stance === 'DISPUTES' ? '✕ ' : '', STANCE_LABEL[c.stance]),
    c.quote ? h('blockquote', { class: 'quote' }, '“', c.quote, '”') : null,
    h('div', { class: 'cite' },
      sourceTitle(s), ' — ', h('span', { class: 'publisher' }, s.publisher), ', ',
      h('time', { datetime: s.publishedAt }, fmtDate(s.publishedAt)),
      c.locator ? h('div', { class: 'locator' }, 'At: ', c.locator) : null,
      !s.url && s.locator ? h('div', { class: 'locator' }, 'Where to find it: ', s.locator) : null,
      h('a', { class: 'source-page', href: hashFor(['entity', s.id]) }, 'source page'),
    ),
  );
}

export function citationList(cs: Citation[]): HTMLElement {
  if (!cs.length) return h('p', { class: 'muted' }, 'No citations.');
  const sorted = [...cs].sort((a, b) => (a.stance === 'DISPUTES' ? 1 : 0) - (b.stance === 'DISPUTES' ? 1 : 0));
  return h('ul', { class: 'citations' }, sorted.map(citationItem));
}

/** One claim, told from the point of view of `self` (or from→to when null). */
export function relationshipCard(r: Relationship, self: string | null, opts: { headingLevel?: 'h3' | 'h4' } = {}): HTMLElement {
  const out = self == null || r.from.id === self;
  const other = out ? r.to : r.from;
  const verb = REL_VERB[r.type]?.[out ? 0 : 1] ?? r.type;
  const disputed = r.citations.some((c) => c.stance === 'DISPUTES');
  const head = h(opts.headingLevel ?? 'h4', { class: 'claim-head' },
    self == null ? [entityLink(r.from), ' '] : null,
    h('span', { class: 'verb' }, verb), ' ', entityLink(other),
  );
  return h('article', { class: `claim status-${r.status}${disputed ? ' disputed' : ''}`, 'data-rel': r.id },
    head,
    h('p', { class: 'claim-meta' },
      statusBadge(r.status), ' ', basisBadge(r), ' ',
      h('span', { class: 'period' }, fmtPeriod(r.start, r.end)),
      r.product ? [' · product: ', h('a', { href: hashFor(['entity', r.product.id]) }, r.product.name)] : null,
      r.amount != null ? [' · worth ', fmtAmount(r.amount, r.currency)] : null,
      disputed ? [' ', h('span', { class: 'badge denial' }, '✕ Denied by a party')] : null,
    ),
    r.summary ? h('p', { class: 'summary' }, r.summary) : null,
    correctionsNote(r.corrections, 'claim'),
    citationList(r.citations),
  );
}

/** The little shape of a kind, as drawn in the network, for legends. */
export function kindSymbol(kind: Kind): SVGElement {
  const shape = KIND_SHAPE[kind];
  const pts: Record<string, string> = {
    diamond: '8,1 15,8 8,15 1,8',
    hexagon: '4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8',
    octagon: '5,1 11,1 15,5 15,11 11,15 5,15 1,11 1,5',
    triangle: '8,1 15,15 1,15',
    star: '8,0.5 10,6 15.5,6 11,9.5 12.8,15 8,11.7 3.2,15 5,9.5 0.5,6 6,6',
    rhomboid: '4,2 15.5,2 12,14 0.5,14',
  };
  let el: SVGElement;
  if (shape === 'ellipse') el = svg('circle', { cx: 8, cy: 8, r: 7 });
  else if (shape === 'rectangle') el = svg('rect', { x: 1.5, y: 2.5, width: 13, height: 11 });
  else if (shape === 'round-rectangle') el = svg('rect', { x: 1.5, y: 2.5, width: 13, height: 11, rx: 3 });
  else el = svg('polygon', { points: pts[shape] });
  el.setAttribute('class', `sym kind-${kind}`);
  return svg('svg', { width: 16, height: 16, viewBox: '0 0 16 16', 'aria-hidden': 'true', focusable: 'false' }, el);
}

function statusSymbol(status: Status): SVGElement {
  if (status === 'ADJUDICATED') {
    return svg('svg', { width: 36, height: 12, viewBox: '0 0 36 12', 'aria-hidden': 'true', focusable: 'false' },
      svg('line', { x1: 1, y1: 3.5, x2: 35, y2: 3.5, class: `edge-sym status-${status}` }),
      svg('line', { x1: 1, y1: 8.5, x2: 35, y2: 8.5, class: `edge-sym status-${status}` }));
  }
  return svg('svg', { width: 36, height: 12, viewBox: '0 0 36 12', 'aria-hidden': 'true', focusable: 'false' },
    svg('line', { x1: 1, y1: 6, x2: 35, y2: 6, class: `edge-sym status-${status}` }));
}

export function legend(opts: { compact?: boolean; kinds?: Set<string> } = {}): HTMLElement {
  const kinds = KINDS.filter((k) => !opts.kinds || opts.kinds.has(k));
  return h('div', { class: `legend${opts.compact ? ' compact' : ''}` },
    h('div', { class: 'legend-group', role: 'group', 'aria-label': 'Colour and shape by kind of entity' },
      opts.compact ? null : h('h3', null, 'Entities'),
      h('ul', null, kinds.map((k) => h('li', null, kindSymbol(k), ' ', KIND_LABEL[k]))),
    ),
    h('div', { class: 'legend-group', role: 'group', 'aria-label': 'Line style by claim status' },
      opts.compact ? null : h('h3', null, 'Claims'),
      h('ul', null, STATUSES.map((s) => h('li', { title: STATUS_HELP[s] }, statusSymbol(s), ' ', humanEnum(s),
        opts.compact ? null : h('span', { class: 'muted' }, ` (${STATUS_LINE[s]})`)))),
    ),
  );
}

/** A format picker and a download link to the export endpoint. */
export function downloadWidget(label: string, scope: Parameters<typeof exportUrl>[1], testid: string): HTMLElement {
  const id = nextId('fmt');
  const select = h('select', { id, 'aria-label': `Format for: ${label}` },
    EXPORT_FORMATS.map((f) => h('option', { value: f.value }, f.label)));
  const link = h('a', { class: 'button download', download: '', 'data-testid': testid, href: exportUrl('graphml', scope) },
    '⬇ Download');
  link.setAttribute('aria-label', `Download ${label}`);
  select.addEventListener('change', () => { link.href = exportUrl(select.value, scope); });
  return h('div', { class: 'download-widget' },
    h('label', { for: id }, label), h('div', { class: 'row' }, select, link));
}

/**
 * The iframe code for an embed of a view (hash such as #/network/ID?...), with
 * a copy button. Embeds are served at /embed, where every view drops its chrome
 * (#/embed/network/ID at / does the same).
 */
export function embedWidget(hash: string, opts: { height?: number } = {}): HTMLElement {
  const src = `${location.origin}/embed${hash}`;
  const code = `<iframe src="${src}" width="100%" height="${opts.height ?? 560}" title="survgraph" loading="lazy"></iframe>`;
  const id = nextId('embed');
  const ta = h('textarea', { id, readonly: true, rows: 3, class: 'embed-code', 'data-testid': 'embed-code' });
  ta.value = code;
  const btn = h('button', { type: 'button' }, 'Copy');
  btn.addEventListener('click', async () => {
    ta.select();
    try {
      await navigator.clipboard.writeText(code);
      btn.textContent = 'Copied';
    } catch {
      btn.textContent = 'Press Ctrl+C';
    }
  });
  return h('details', { class: 'embed-widget' },
    h('summary', null, 'Embed this view'),
    h('label', { for: id }, 'Paste this into your article:'), ta,
    h('div', { class: 'row' }, btn, h('a', { href: `/embed${hash}`, target: '_blank', rel: 'noopener' }, 'Preview the embed')),
  );
}

/** Unique sources behind a set of claims (and of other citations), newest first. */
export function sourcesOf(rels: Relationship[], extra: Citation[] = []): { source: SourceRef; disputes: boolean }[] {
  const m = new Map<string, { source: SourceRef; disputes: boolean }>();
  for (const c of [...rels.flatMap((r) => r.citations), ...extra]) {
    const e = m.get(c.source.id) ?? { source: c.source, disputes: false };
    if (c.stance === 'DISPUTES') e.disputes = true;
    m.set(c.source.id, e);
  }
  return [...m.values()].sort((a, b) => b.source.publishedAt.localeCompare(a.source.publishedAt) || a.source.title.localeCompare(b.source.title));
}

/** "Data as of 7 Dec 2026", filled in when the server has said. */
export function dataAsOfNote(cls = 'data-asof'): HTMLElement {
  const el = h('span', { class: cls, 'data-testid': 'data-asof' }, 'Data as of …');
  void dataAsOf().then((d) => {
    el.textContent = d ? `Data as of ${fmtDate(d)}` : `Data as read on ${fmtDate(new Date().toISOString().slice(0, 10))}`;
    if (d) el.dataset.date = d;
  });
  return el;
}

/**
 * The footer of an embed: every source behind what is shown, numbered, the
 * date of the data and the credit. The credit line stays in view however
 * small the frame: the list scrolls in a box of its own (style.css).
 */
export function sourcesFooter(rels: Relationship[], fullHash: string, extra: Citation[] = []): HTMLElement {
  const srcs = sourcesOf(rels, extra);
  const listId = nextId('srcs');
  return h('footer', { class: 'embed-footer', 'aria-label': 'Sources and credit' },
    h('h2', { id: `${listId}-h` }, `Sources (${srcs.length})`),
    h('div', { class: 'embed-sources-box', role: 'region', 'aria-labelledby': `${listId}-h`, tabindex: '0' },
      h('ol', { class: 'embed-sources', id: listId }, srcs.map(({ source: s, disputes }) => h('li', null,
        sourceTitle(s), ' — ', s.publisher, ', ', h('time', { datetime: s.publishedAt }, fmtDate(s.publishedAt)),
        !s.url && s.locator ? h('span', { class: 'locator' }, ` (${s.locator})`) : null,
        disputes ? h('span', { class: 'badge denial' }, ' includes a denial') : null,
      )))),
    h('p', { class: 'embed-credit' },
      h('a', { href: `/${fullHash}`, target: '_blank', rel: 'noopener' }, 'Explore on survgraph'),
      ' · ', dataAsOfNote(), ' · every line is a claim with a status and its sources'),
  );
}

/** What went wrong, and what to try instead (links). */
export function errorBox(err: unknown, tries: { label: string; href: string }[] = []): HTMLElement {
  const msg = err instanceof Error ? err.message : String(err);
  return h('div', { class: 'error', role: 'alert' }, h('strong', null, 'Something went wrong: '), msg,
    tries.length ? h('p', { class: 'try' }, 'Try ', tries.map((t, i) => [
      i ? (i === tries.length - 1 ? ', or ' : ', ') : '', h('a', { href: t.href }, t.label)]), '.') : null);
}

/**
 * The first `visible` items, and a button that shows the rest in a box that
 * scrolls on its own, so a long list never makes the page long.
 */
export function showMore(items: HTMLElement[], visible: number, what: string, tag: 'ul' | 'ol' | 'div' = 'ul', cls = ''): HTMLElement {
  const first = h(tag, { class: cls }, items.slice(0, visible));
  if (items.length <= visible) return first;
  const restId = nextId('more');
  const rest = h('div', { class: 'more-box', id: restId, hidden: true, role: 'region', 'aria-label': `All ${items.length} ${what}`, tabindex: '0' },
    h(tag, { class: cls }, items.slice(visible)));
  const btn = h('button', { type: 'button', class: 'small more', 'aria-expanded': 'false', 'aria-controls': restId },
    `Show all ${items.length} ${what}`);
  btn.addEventListener('click', () => {
    const open = rest.hidden;
    rest.hidden = !open;
    btn.setAttribute('aria-expanded', String(open));
    btn.textContent = open ? `Show the first ${visible} only` : `Show all ${items.length} ${what}`;
  });
  return h('div', { class: 'show-more' }, first, rest, btn);
}

/** A table in a box that scrolls sideways on its own when the screen is narrow. */
export function tableBox(table: HTMLElement, label: string): HTMLElement {
  return h('div', { class: 'table-scroll', role: 'region', 'aria-label': label, tabindex: '0' }, table);
}

export function loading(what: string): HTMLElement {
  return h('p', { class: 'loading', role: 'status' }, `Loading ${what}…`);
}

/** A path as a list: entity, hop (with its claim and citations), entity, … */
export function pathChain(p: Path, opts: { compact?: boolean; target?: string }): HTMLElement {
  const items: HTMLElement[] = [];
  p.nodes.forEach((n, i) => {
    items.push(h('li', { class: `path-node kind-${n.kind}` },
      entityLink(n, opts.target ? { target: opts.target } : {}),
      ' ', kindBadge(n.kind)));
    const r = p.relationships[i];
    if (!r) return;
    const forward = r.from.id === n.id;
    const verb = REL_VERB[r.type]?.[forward ? 0 : 1] ?? r.type;
    items.push(h('li', { class: `path-hop status-${r.status}`, 'data-rel': r.id, 'data-type': r.type, 'data-from': r.from.id, 'data-to': r.to.id },
      h('div', { class: 'hop-line', 'aria-hidden': 'true' }),
      h('div', { class: 'hop-body' },
        h('p', { class: 'hop-head' },
          h('span', { class: 'arrow', 'aria-hidden': 'true' }, '↓ '),
          h('strong', null, verb), ' ', statusBadge(r.status), ' ', basisBadge(r), ' ', h('span', { class: 'period' }, fmtPeriod(r.start, r.end)),
          h('span', { class: 'visually-hidden' }, ` (claim recorded as ${r.from.name} ${REL_VERB[r.type][0]} ${r.to.name})`)),
        r.summary ? h('p', { class: 'summary' }, r.summary) : null,
        opts.compact ? null : correctionsNote(r.corrections, 'claim'),
        opts.compact ? null : citationList(r.citations),
      )));
  });
  return h('ol', { class: `path-chain${opts.compact ? ' compact' : ''}`, 'aria-label': p.nodes.map((n) => n.name).join(' to ') }, items);
}
