import { searchWithSummary, type Facet, type SearchSummary } from '../api';
import { announce, focusHeading, h, mount } from '../dom';
import { KINDS, KIND_LABEL, isKind, type Kind } from '../model';
import { go, hashFor, type Route } from '../router';
import { downloadWidget, errorBox, kindBadge, loading } from '../ui';

const EXAMPLES: [string, string, string][] = [
  ['qosmos', 'Qosmos', 'a French company investigated over Syria'],
  ['hacking-team', 'Hacking Team', 'an Italian spyware maker'],
  ['bahrain-government', 'Government of Bahrain', 'who supplied it'],
  ['syria-government', 'Government of Syria', 'who supplied it'],
];

const regionNames = typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames(['en'], { type: 'region' }) : null;

/** A country's name from its ISO code ("" for entities with none). */
export function countryName(code: string): string {
  if (!code) return 'No country';
  try { return regionNames?.of(code) ?? code; } catch { return code; }
}

export async function renderSearch(root: HTMLElement, route: Route): Promise<void> {
  const q = route.params.get('q') ?? '';
  const kinds = (route.params.get('kind') ?? '').split(',').filter(isKind) as Kind[];
  const countries = (route.params.get('country') ?? '').split(',').filter((c) => /^[A-Z]{2}$/.test(c));

  const input = h('input', {
    id: 'q', type: 'search', name: 'q', value: q, required: true, autocomplete: 'off',
    placeholder: 'A company, product, government, country, case…', 'aria-describedby': 'q-help',
  });
  const kindSel = h('select', { id: 'kind', name: 'kind' },
    h('option', { value: '' }, 'All kinds'),
    KINDS.map((k) => h('option', { value: k, selected: kinds.length === 1 && kinds[0] === k }, KIND_LABEL[k])));
  const form = h('form', { class: 'search-form', role: 'search', 'aria-label': 'Search the graph' },
    h('div', { class: 'field grow' }, h('label', { for: 'q' }, 'Search names, aliases and countries'), input),
    h('div', { class: 'field' }, h('label', { for: 'kind' }, 'Kind'), kindSel),
    h('button', { type: 'submit', class: 'primary' }, 'Search'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) { input.focus(); return; }
    go(hashFor(['search'], { q: text, kind: kindSel.value, country: text === q ? countries.join(',') : null }));
  });

  const results = h('section', { class: 'results', 'aria-label': 'Results' });
  mount(root,
    h('h1', null, route.name === 'home' ? 'Who sold surveillance technology to whom?' : `Search: ${q}`),
    route.name === 'home' ? h('p', { class: 'lede' },
      'survgraph is an open knowledge graph of the surveillance-technology trade. Every link is a claim with a status — alleged, reported, confirmed, denied or adjudicated — a period, and the public sources behind it, denials included.') : null,
    form,
    h('p', { id: 'q-help', class: 'muted' }, 'Matches ignore case and accents and forgive a typo; a country’s name finds its government, agencies and companies.'),
    results,
  );
  focusHeading(root);

  if (!q) {
    mount(results,
      h('h2', null, 'Start from'),
      h('ul', { class: 'examples' }, EXAMPLES.map(([id, name, what]) => h('li', null,
        h('a', { href: hashFor(['entity', id]) }, name), h('span', { class: 'muted' }, ` — ${what}`), ' · ',
        h('a', { href: hashFor(['network', id], { depth: 1 }), 'aria-label': `${name}: network` }, 'network'),
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
    const { hits, summary } = await searchWithSummary(q, kinds, countries);
    const facets = facetBar(q, kinds, countries, summary);
    const suggestion = didYouMean(q, kinds, summary);
    if (!hits.length) {
      announce(`Nothing matches “${q}”.`);
      mount(results,
        h('p', null, `Nothing matches “${q}”${kinds.length ? ' among ' + kinds.map((k) => KIND_LABEL[k]).join(', ') : ''}${countries.length ? ' in ' + countries.map(countryName).join(', ') : ''}.`),
        suggestion, facets);
      return;
    }
    const more = summary.total > hits.length ? ` (the best ${hits.length} of ${summary.total})` : '';
    announce(`${summary.total} result${summary.total === 1 ? '' : 's'}.${summary.exact === 0 && summary.didYouMean.length ? ` Did you mean ${summary.didYouMean[0]}?` : ''}`);
    mount(results,
      h('h2', null, `${summary.total} result${summary.total === 1 ? '' : 's'}${more}`),
      suggestion,
      facets,
      h('ol', { class: 'hits' }, hits.map((e) => h('li', { class: 'hit', 'data-id': e.id },
        h('div', { class: 'hit-head' },
          h('a', { href: hashFor(['entity', e.id]), class: 'hit-name' }, e.name), ' ', kindBadge(e.kind),
          e.countryName ? h('span', { class: 'muted' }, ` ${e.countryName}`) : null),
        e.aliases?.length ? h('div', { class: 'muted aliases' }, 'Also: ', e.aliases.join(', ')) : null,
        e.description ? h('p', { class: 'hit-desc' }, e.description) : null,
        h('div', { class: 'hit-actions' },
          h('a', { href: hashFor(['network', e.id], { depth: 1 }), 'aria-label': `${e.name}: network` }, 'Network'), ' · ',
          h('a', { href: hashFor(['path', e.id]), 'aria-label': `${e.name}: find a path from here` }, 'Find a path from here')),
      ))),
    );
  } catch (err) {
    mount(results, errorBox(err, [{ label: 'fewer words', href: hashFor(['search'], { q: q.split(/\s+/)[0] }) }]));
  }
}

/** "Did you mean Hacking Team?" when no name holds the words as typed. */
function didYouMean(q: string, kinds: Kind[], s: SearchSummary): HTMLElement | null {
  if (s.exact > 0 || !s.didYouMean.length) return null;
  return h('p', { class: 'did-you-mean', 'data-testid': 'did-you-mean' },
    s.total ? `No name holds “${q}” as typed; these are close spellings. ` : '',
    'Did you mean ',
    s.didYouMean.map((name, i) => [i ? (i === s.didYouMean.length - 1 ? ' or ' : ', ') : '',
      h('a', { href: hashFor(['search'], { q: name, kind: kinds.join(',') }) }, name)]),
    '?');
}

/** Narrow by kind or by country, with counts. */
function facetBar(q: string, kinds: Kind[], countries: string[], s: SearchSummary): HTMLElement | null {
  const link = (label: string, n: number, params: Record<string, string>, current: boolean) =>
    h('li', null, h('a', { href: hashFor(['search'], { q, ...params }), 'aria-current': current ? 'true' : null }, label),
      h('span', { class: 'muted' }, ` ${n}`));
  const byCountry = [...s.byCountry].filter((f) => f.value).sort((a, b) => b.count - a.count || countryName(a.value).localeCompare(countryName(b.value)));
  const kindList = (fs: Facet[]) => fs.filter((f) => isKind(f.value));
  if (!byCountry.length && kindList(s.byKind).length < 2) return null;
  const kindParam = kinds.join(',');
  const countryParam = countries.join(',');
  return h('nav', { class: 'facets', 'aria-label': 'Narrow the results' },
    kindList(s.byKind).length > 1 || kinds.length ? h('div', { class: 'facet' },
      h('h3', null, 'Kind'),
      h('ul', null,
        kinds.length ? h('li', null, h('a', { href: hashFor(['search'], { q, country: countryParam }) }, 'Any kind')) : null,
        kindList(s.byKind).map((f) => link(KIND_LABEL[f.value as Kind], f.count, { kind: f.value, country: countryParam }, kinds.includes(f.value as Kind))))) : null,
    byCountry.length ? h('div', { class: 'facet', 'data-testid': 'country-facet' },
      h('h3', null, 'Country'),
      h('ul', null,
        countries.length ? h('li', null, h('a', { href: hashFor(['search'], { q, kind: kindParam }) }, 'Any country')) : null,
        byCountry.slice(0, 12).map((f) => link(countryName(f.value), f.count, { kind: kindParam, country: f.value }, countries.includes(f.value))))) : null,
  );
}
