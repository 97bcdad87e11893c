import { entityExists, paths as fetchPaths, search, type EntityRef, type Path } from '../api';
import { focusHeading, h, mount, nextId } from '../dom';
import { KIND_LABEL, REL_VERB, fmtPeriod, type Kind } from '../model';
import { go, hashFor, replaceHash, type Route } from '../router';
import {
  citationList, downloadWidget, embedWidget, entityLink, errorBox, kindBadge, legend, loading,
  sourcesFooter, statusBadge,
} from '../ui';

const MAX_HOPS = 6;

/** An id, or else the best search hit for the text. */
async function resolve(text: string): Promise<EntityRef | null> {
  const t = text.trim();
  if (!t) return null;
  const byId = await entityExists(t);
  if (byId) return byId;
  const hits = await search(t, [], 1);
  return hits[0] ?? null;
}

function entityPicker(label: string, value: string, name: string): { field: HTMLElement; input: HTMLInputElement } {
  const id = nextId(name);
  const listId = `${id}-list`;
  const input = h('input', {
    id, name, value, required: true, autocomplete: 'off', list: listId, 'data-testid': `path-${name}`,
    placeholder: 'Name or id', 'aria-describedby': 'path-help',
  });
  const list = h('datalist', { id: listId });
  let timer = 0;
  let last = '';
  input.addEventListener('input', () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 2 || q === last) return;
    timer = window.setTimeout(async () => {
      last = q;
      try {
        const hits = await search(q, [], 8);
        mount(list, hits.map((e) => h('option', { value: e.id, label: `${e.name} (${KIND_LABEL[e.kind as Kind]})` })));
      } catch { /* suggestions are optional */ }
    }, 250);
  });
  return { field: h('div', { class: 'field grow' }, h('label', { for: id }, label), input, list), input };
}

export async function renderPath(root: HTMLElement, route: Route): Promise<void> {
  const [from = '', to = ''] = route.args;
  const maxHops = Math.min(MAX_HOPS, Math.max(1, Number(route.params.get('maxHops')) || 4));
  const embed = route.embed;

  if (embed) {
    const box = h('div', { class: 'embed-path' }, loading('the path'));
    mount(root, box);
    try {
      const all = await fetchPaths(from, to, maxHops, 5);
      if (!all.length) { mount(box, h('p', null, `No path of at most ${maxHops} hops.`)); return; }
      // The shortest paths (all of the shortest length: parallel claims count).
      const ps = all.filter((p) => p.length === all[0].length);
      const p = ps[0];
      mount(box,
        h('h1', { class: 'embed-title' }, `${p.nodes[0].name} → ${p.nodes[p.nodes.length - 1].name}`),
        ps.length > 1 ? h('ol', { class: 'embed-paths' }, ps.map((x) => h('li', null, pathChain(x, { compact: true, target: '_blank' }))))
          : pathChain(p, { compact: true, target: '_blank' }),
        legend({ compact: true, kinds: new Set(ps.flatMap((x) => x.nodes.map((n) => n.kind))) }),
        sourcesFooter(ps.flatMap((x) => x.relationships), hashFor(['path', from, to], { maxHops })),
      );
      root.dataset.ready = 'true';
    } catch (err) {
      mount(box, errorBox(err));
    }
    return;
  }

  const a = entityPicker('From', from, 'from');
  const b = entityPicker('To', to, 'to');
  const hopsId = nextId('hops');
  const hops = h('select', { id: hopsId },
    Array.from({ length: MAX_HOPS }, (_, i) => i + 1).map((n) => h('option', { value: n, selected: n === maxHops }, `${n}`)));
  const swap = h('button', { type: 'button', class: 'small', 'aria-label': 'Swap from and to' }, '⇄');
  swap.addEventListener('click', () => { [a.input.value, b.input.value] = [b.input.value, a.input.value]; });
  const formMsg = h('p', { class: 'form-msg', role: 'alert' });
  const form = h('form', { class: 'path-form', 'aria-label': 'Find paths' },
    a.field, swap, b.field,
    h('div', { class: 'field' }, h('label', { for: hopsId }, 'At most hops'), hops),
    h('button', { type: 'submit', class: 'primary' }, 'Find paths'));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    formMsg.textContent = 'Looking up the two entities…';
    try {
      const [x, y] = await Promise.all([resolve(a.input.value), resolve(b.input.value)]);
      if (!x || !y) {
        formMsg.textContent = `Nothing matches “${!x ? a.input.value : b.input.value}”.`;
        (!x ? a.input : b.input).focus();
        return;
      }
      formMsg.textContent = '';
      go(hashFor(['path', x.id, y.id], { maxHops: hops.value }));
    } catch (err) {
      formMsg.textContent = err instanceof Error ? err.message : String(err);
    }
  });

  const results = h('section', { class: 'path-results', 'aria-label': 'Paths', 'aria-live': 'polite' });
  mount(root,
    h('h1', null, 'Path finder'),
    h('p', { class: 'lede' }, 'How are two entities linked? The shortest chains of claims between them, in either direction along each link, each hop with its sources.'),
    form,
    h('p', { id: 'path-help', class: 'muted' }, 'Type a name and pick a suggestion, or type an id such as qosmos or syria-government.'),
    formMsg,
    results,
  );
  focusHeading(root);
  if (!from) { a.input.focus(); return; }
  if (!to) { b.input.focus(); return; }

  mount(results, loading('paths'));
  try {
    const [ps, fe, te] = await Promise.all([fetchPaths(from, to, maxHops, 5), entityExists(from), entityExists(to)]);
    if (fe) a.input.value = fe.id;
    if (te) b.input.value = te.id;
    if (!fe || !te) {
      mount(results, errorBox(`No entity has the id “${!fe ? from : to}”.`));
      return;
    }
    document.title = `${fe.name} → ${te.name} — survgraph explorer`;
    replaceHash(hashFor(['path', from, to], { maxHops }));
    if (!ps.length) {
      mount(results, h('h2', null, 'No path'),
        h('p', null, `No chain of at most ${maxHops} hops links ${fe.name} and ${te.name}.`,
          maxHops < MAX_HOPS ? ' Try more hops.' : ''));
      return;
    }
    const shortest = ps[0].length;
    mount(results,
      h('h2', null, `${ps.length} path${ps.length > 1 ? 's' : ''} from `, entityLink(fe), ' to ', entityLink(te)),
      h('p', { class: 'muted' }, `The shortest has ${shortest} hop${shortest > 1 ? 's' : ''}.`),
      h('div', { class: 'path-tools' },
        downloadWidget(shortest <= 3
          ? `the ${shortest}-hop neighbourhood of ${fe.name}, which holds the shortest path`
          : `the 3-hop neighbourhood of ${fe.name} (the path is longer)`,
          { id: fe.id, depth: Math.min(3, shortest) }, 'download-path'),
        embedWidget(hashFor(['path', from, to], { maxHops })),
      ),
      h('ol', { class: 'paths' }, ps.map((p, i) => h('li', { class: 'path-item' },
        h('h3', null, `Path ${i + 1}: ${p.length} hop${p.length > 1 ? 's' : ''}`),
        pathChain(p, {}),
      ))),
    );
    root.dataset.ready = 'true';
  } catch (err) {
    mount(results, errorBox(err));
  }
}

/** A path as a list: entity, hop (with its claim and citations), entity, … */
function pathChain(p: Path, opts: { compact?: boolean; target?: string }): HTMLElement {
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
          h('strong', null, verb), ' ', statusBadge(r.status), ' ', h('span', { class: 'period' }, fmtPeriod(r.start, r.end)),
          h('span', { class: 'visually-hidden' }, ` (claim recorded as ${r.from.name} ${REL_VERB[r.type][0]} ${r.to.name})`)),
        r.summary ? h('p', { class: 'summary' }, r.summary) : null,
        opts.compact ? null : citationList(r.citations),
      )));
  });
  return h('ol', { class: `path-chain${opts.compact ? ' compact' : ''}`, 'aria-label': p.nodes.map((n) => n.name).join(' to ') }, items);
}
