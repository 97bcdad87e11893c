import { search } from '../api';
import { focusHeading, h, mount } from '../dom';
import { KINDS, KIND_LABEL, isKind, type Kind } from '../model';
import { go, hashFor, type Route } from '../router';
import { downloadWidget, errorBox, kindBadge, loading } from '../ui';

const EXAMPLES: [string, string][] = [
  ['qosmos', 'Qosmos'], ['hacking-team', 'Hacking Team'], ['syria-government', 'Government of Syria'],
];

export async function renderSearch(root: HTMLElement, route: Route): Promise<void> {
  const q = route.params.get('q') ?? '';
  const kinds = (route.params.get('kind') ?? '').split(',').filter(isKind) as Kind[];

  const input = h('input', {
    id: 'q', type: 'search', name: 'q', value: q, required: true, autocomplete: 'off',
    placeholder: 'A company, product, government, case…', 'aria-describedby': 'q-help',
  });
  const kindSel = h('select', { id: 'kind', name: 'kind' },
    h('option', { value: '' }, 'All kinds'),
    KINDS.map((k) => h('option', { value: k, selected: kinds.length === 1 && kinds[0] === k }, KIND_LABEL[k])));
  const form = h('form', { class: 'search-form', role: 'search', 'aria-label': 'Search the graph' },
    h('div', { class: 'field grow' }, h('label', { for: 'q' }, 'Search names and aliases'), input),
    h('div', { class: 'field' }, h('label', { for: 'kind' }, 'Kind'), kindSel),
    h('button', { type: 'submit', class: 'primary' }, 'Search'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) { input.focus(); return; }
    go(hashFor(['search'], { q: text, kind: kindSel.value }));
  });

  const results = h('section', { class: 'results', 'aria-label': 'Results', 'aria-live': 'polite' });
  mount(root,
    h('h1', null, route.name === 'home' ? 'Who sold surveillance technology to whom?' : `Search: ${q}`),
    route.name === 'home' ? h('p', { class: 'lede' },
      'survgraph is an open knowledge graph of the surveillance-technology trade. Every link is a claim with a status — alleged, reported, confirmed, denied or adjudicated — a period, and the public sources behind it, denials included.') : null,
    form,
    h('p', { id: 'q-help', class: 'muted' }, 'Matches ignore case and accents.'),
    results,
  );
  focusHeading(root);

  if (!q) {
    mount(results,
      h('h2', null, 'Start from'),
      h('ul', { class: 'examples' }, EXAMPLES.map(([id, name]) => h('li', null,
        h('a', { href: hashFor(['entity', id]) }, name), ' · ',
        h('a', { href: hashFor(['network', id], { depth: 2 }) }, 'network'),
      ))),
      h('p', null, h('a', { href: hashFor(['path', 'qosmos', 'syria-government']) }, 'How is Qosmos linked to the Government of Syria?')),
      h('h2', null, 'The whole graph'),
      downloadWidget('the whole graph', 'all', 'download-all'),
    );
    if (route.name === 'home') input.focus();
    return;
  }

  mount(results, loading('results'));
  try {
    const hits = await search(q, kinds);
    if (!hits.length) {
      mount(results, h('p', null, `Nothing matches “${q}”${kinds.length ? ' among ' + kinds.map((k) => KIND_LABEL[k]).join(', ') : ''}.`));
      return;
    }
    mount(results,
      h('h2', null, `${hits.length} result${hits.length === 1 ? '' : 's'}`),
      h('ol', { class: 'hits' }, hits.map((e) => h('li', { class: 'hit' },
        h('div', { class: 'hit-head' },
          h('a', { href: hashFor(['entity', e.id]), class: 'hit-name' }, e.name), ' ', kindBadge(e.kind),
          e.countryName ? h('span', { class: 'muted' }, ` ${e.countryName}`) : null),
        e.aliases?.length ? h('div', { class: 'muted aliases' }, 'Also: ', e.aliases.join(', ')) : null,
        e.description ? h('p', { class: 'hit-desc' }, e.description) : null,
        h('div', { class: 'hit-actions' },
          h('a', { href: hashFor(['network', e.id], { depth: 1 }) }, 'Network'), ' · ',
          h('a', { href: hashFor(['path', e.id]) }, 'Find a path from here')),
      ))),
    );
  } catch (err) {
    mount(results, errorBox(err));
  }
}
