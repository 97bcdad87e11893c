import { dataAsOf, entityExists, paths as fetchPaths, search, type EntityRef, type Hit } from '../api';
import { announce, focusHeading, h, mount, nextId } from '../dom';
import { KIND_LABEL } from '../model';
import { fileName, pathScene, save, toPNG, toSVG } from '../picture';
import { absoluteUrl, go, hashFor, replaceHash, type Route } from '../router';
import {
  downloadWidget, embedWidget, entityLink, errorBox, legend, loading, pathChain, sourcesFooter,
} from '../ui';

const MAX_HOPS = 6;

interface Picker {
  field: HTMLElement;
  input: HTMLInputElement;
  /** Shows an entity as chosen: its name in the box, its kind (and id) beside it. */
  choose(e: EntityRef | null): void;
  /** The chosen entity, or else an id or the best search hit for the text. */
  resolve(): Promise<EntityRef | null>;
}

/**
 * A box for an entity: type a name and pick a suggestion, or type an id.
 * The box shows the chosen entity's name, and its kind beside it.
 */
function entityPicker(label: string, name: string): Picker {
  const id = nextId(name);
  const listId = `${id}-list`;
  const kindId = `${id}-kind`;
  const input = h('input', {
    id, name, required: true, autocomplete: 'off', list: listId, 'data-testid': `path-${name}`,
    placeholder: 'A name or an id', 'aria-describedby': `${kindId} path-help`,
  });
  const list = h('datalist', { id: listId });
  const kind = h('p', { class: 'picked muted small', id: kindId, 'data-testid': `path-${name}-kind` });
  let chosen: EntityRef | null = null;
  let hits: Hit[] = [];
  let timer = 0;
  let last = '';
  const choose = (e: EntityRef | null) => {
    chosen = e;
    if (e) input.value = e.name;
    kind.className = `picked muted small${e ? ` kind-${e.kind}` : ''}`;
    mount(kind, e ? [h('span', { class: 'dot', 'aria-hidden': 'true' }), `${KIND_LABEL[e.kind]} · `, h('code', null, e.id)] : null);
  };
  input.addEventListener('input', () => {
    // A suggestion picked from the list puts its name in the box.
    const picked = hits.find((x) => x.name === input.value);
    if (picked) { choose(picked); return; }
    if (chosen && input.value !== chosen.name) choose(null);
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 2 || q === last) return;
    timer = window.setTimeout(async () => {
      last = q;
      try {
        hits = await search(q, [], 8);
        mount(list, hits.map((e) => h('option', { value: e.name, label: `${KIND_LABEL[e.kind]}${e.countryName ? ', ' + e.countryName : ''}` })));
      } catch { /* suggestions are optional */ }
    }, 250);
  });
  const resolve = async (): Promise<EntityRef | null> => {
    const t = input.value.trim();
    if (!t) return null;
    if (chosen && chosen.name === t) return chosen;
    const byId = await entityExists(t);
    if (byId) return byId;
    const found = await search(t, [], 1);
    return found[0] ?? null;
  };
  return { field: h('div', { class: 'field grow' }, h('label', { for: id }, label), input, list, kind), input, choose, resolve };
}

export async function renderPath(root: HTMLElement, route: Route): Promise<void> {
  const [from = '', to = ''] = route.args;
  const maxHops = Math.min(MAX_HOPS, Math.max(1, Number(route.params.get('maxHops')) || 4));
  const embed = route.embed;

  if (embed) {
    const box = h('div', { class: 'embed-path embed-frame' }, loading('the path'));
    mount(root, box);
    try {
      const all = await fetchPaths(from, to, maxHops, 5);
      if (!all.length) { mount(box, h('p', null, `No path of at most ${maxHops} hops.`)); return; }
      // The shortest paths (all of the shortest length: parallel claims count).
      const ps = all.filter((p) => p.length === all[0].length);
      const p = ps[0];
      mount(box,
        h('h1', { class: 'embed-title' }, `${p.nodes[0].name} → ${p.nodes[p.nodes.length - 1].name}`),
        h('div', { class: 'embed-body', role: 'region', 'aria-label': 'The path', tabindex: '0' },
          ps.length > 1 ? h('ol', { class: 'embed-paths' }, ps.map((x) => h('li', null, pathChain(x, { compact: true, target: '_blank' }))))
            : pathChain(p, { compact: true, target: '_blank' }),
          legend({ compact: true, kinds: new Set(ps.flatMap((x) => x.nodes.map((n) => n.kind))) })),
        sourcesFooter(ps.flatMap((x) => x.relationships), hashFor(['path', from, to], { maxHops })),
      );
      root.dataset.ready = 'true';
    } catch (err) {
      mount(box, errorBox(err));
    }
    return;
  }

  const a = entityPicker('From', 'from');
  const b = entityPicker('To', 'to');
  a.input.value = from;
  b.input.value = to;
  const hopsId = nextId('hops');
  const hops = h('select', { id: hopsId },
    Array.from({ length: MAX_HOPS }, (_, i) => i + 1).map((n) => h('option', { value: n, selected: n === maxHops }, `${n}`)));
  const swap = h('button', { type: 'button', class: 'small swap', 'aria-label': 'Swap from and to' }, '⇄');
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
      const [x, y] = await Promise.all([a.resolve(), b.resolve()]);
      if (!x || !y) {
        formMsg.textContent = `Nothing matches “${!x ? a.input.value : b.input.value}”. Try another spelling, or pick a suggestion.`;
        (!x ? a.input : b.input).focus();
        return;
      }
      formMsg.textContent = '';
      go(hashFor(['path', x.id, y.id], { maxHops: hops.value }));
    } catch (err) {
      formMsg.textContent = err instanceof Error ? err.message : String(err);
    }
  });

  const results = h('section', { class: 'path-results', id: 'path-results', 'aria-label': 'Paths', 'aria-live': 'polite', tabindex: '-1' });
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
  if (!to) {
    void entityExists(from).then((e) => a.choose(e), () => undefined);
    b.input.focus();
    return;
  }

  mount(results, loading('paths'));
  try {
    const [ps, fe, te] = await Promise.all([fetchPaths(from, to, maxHops, 5), entityExists(from), entityExists(to)]);
    a.choose(fe);
    b.choose(te);
    if (!fe || !te) {
      const missing = !fe ? from : to;
      mount(results, errorBox(`No entity has the id “${missing}”.`, [{ label: `a search for “${missing.replace(/-/g, ' ')}”`, href: hashFor(['search'], { q: missing.replace(/-/g, ' ') }) }]));
      return;
    }
    document.title = `${fe.name} → ${te.name} — survgraph explorer`;
    replaceHash(hashFor(['path', from, to], { maxHops }));
    if (!ps.length) {
      mount(results, h('h2', null, 'No path'),
        h('p', null, `No chain of at most ${maxHops} hops links ${fe.name} and ${te.name}.`,
          maxHops < MAX_HOPS ? [' Try ', h('a', { href: hashFor(['path', from, to], { maxHops: MAX_HOPS }) }, `${MAX_HOPS} hops`), '.'] : ''));
      return;
    }
    const shortest = ps[0].length;
    const png = h('button', { type: 'button', class: 'small', 'data-testid': 'export-png' }, 'PNG for print');
    const svgB = h('button', { type: 'button', class: 'small', 'data-testid': 'export-svg' }, 'SVG');
    const picture = async (format: 'png' | 'svg', btn: HTMLButtonElement) => {
      const label = btn.textContent;
      btn.disabled = true;
      btn.textContent = 'Making the picture…';
      try {
        const scene = pathScene(ps, {
          title: `${fe.name} → ${te.name}`,
          filters: [`paths of at most ${maxHops} hops, shortest first`, `${ps.length} path${ps.length > 1 ? 's' : ''}; the shortest has ${shortest} hop${shortest > 1 ? 's' : ''}`],
          asOf: await dataAsOf(), url: absoluteUrl(hashFor(['path', from, to], { maxHops })),
        });
        const blob = format === 'svg' ? new Blob([toSVG(scene)], { type: 'image/svg+xml' }) : await toPNG(scene);
        save(blob, fileName('path', `${from}-${to}`, format));
        announce(`The ${format.toUpperCase()} picture is saved.`);
      } catch (err) {
        results.prepend(errorBox(err));
      } finally {
        btn.disabled = false;
        btn.textContent = label;
      }
    };
    png.addEventListener('click', () => void picture('png', png));
    svgB.addEventListener('click', () => void picture('svg', svgB));
    mount(results,
      h('h2', null, `${ps.length} path${ps.length > 1 ? 's' : ''} from `, entityLink(fe), ' to ', entityLink(te)),
      h('p', { class: 'muted' }, `The shortest has ${shortest} hop${shortest > 1 ? 's' : ''}.`),
      h('div', { class: 'net-tools' }, h('div', { class: 'row' },
        h('span', { class: 'tools-label' }, 'Picture, with legend, sources and filters:'), png, svgB)),
      // The first path open, the others folded to their entities' names.
      h('ol', { class: 'paths' }, ps.map((p, i) => h('li', { class: 'path-item' },
        i === 0 ? [h('h3', null, `Path ${i + 1}: ${p.length} hop${p.length > 1 ? 's' : ''}`), pathChain(p, {})]
          : h('details', { class: 'path-fold' },
            h('summary', null, h('h3', null, `Path ${i + 1}: ${p.length} hop${p.length > 1 ? 's' : ''}`),
              h('span', { class: 'muted' }, ` ${p.nodes.map((n) => n.name).join(' → ')}`)),
            pathChain(p, {})),
      ))),
      h('div', { class: 'path-tools' },
        downloadWidget(shortest <= 3
          ? `the ${shortest}-hop neighbourhood of ${fe.name}, which holds the shortest path`
          : `the 3-hop neighbourhood of ${fe.name} (the path is longer)`,
          { id: fe.id, depth: Math.min(3, shortest) }, 'download-path'),
        embedWidget(hashFor(['path', from, to], { maxHops })),
      ),
    );
    root.dataset.ready = 'true';
  } catch (err) {
    mount(results, errorBox(err, [
      maxHops > 2 ? { label: `${maxHops - 1} hops`, href: hashFor(['path', from, to], { maxHops: maxHops - 1 }) } : null,
      { label: 'the network of the first', href: hashFor(['network', from], { depth: 1 }) },
    ].filter((x): x is { label: string; href: string } => x != null)));
  }
}
