// survgraph explorer: a small single-page app over the public GraphQL API.
import './style.css';
import { h, mount } from './dom';
import { parseHash, type Route } from './router';
import { requestLog } from './api';
import { renderSearch } from './views/search';
import { renderEntity } from './views/entity';
import { renderNetwork } from './views/network';
import { renderPath } from './views/path';

performance.mark('sgx:boot');

export type Cleanup = () => void;
export type View = (root: HTMLElement, route: Route) => Promise<Cleanup | void> | Cleanup | void;

const main = document.getElementById('main') as HTMLElement;
let cleanup: Cleanup | void;
let generation = 0;

// For the browser tests: read-only hooks (the requests sent, the current view).
(window as any).__sgx = { requests: requestLog };

async function render(): Promise<void> {
  const hash = location.hash;
  if (hash && !hash.startsWith('#/')) return; // in-page anchors such as #main
  const route = parseHash(hash, location.pathname);
  const gen = ++generation;
  if (cleanup) { try { cleanup(); } catch { /* ignore */ } cleanup = undefined; }
  document.body.classList.toggle('embed', route.embed);
  for (const a of document.querySelectorAll<HTMLAnchorElement>('[data-nav]')) {
    const current = (a.dataset.nav === 'search' && (route.name === 'home' || route.name === 'search')) || a.dataset.nav === route.name;
    if (current) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  main.dataset.view = route.name;
  // "Skip to graph" on the views that have one (the path finder's graph is its list of paths).
  const skipGraph = document.getElementById('skip-graph') as HTMLAnchorElement | null;
  if (skipGraph) {
    const target = route.name === 'network' ? 'network-canvas' : route.name === 'path' && route.args.length === 2 ? 'path-results' : '';
    skipGraph.hidden = !target || route.embed;
    skipGraph.dataset.target = target;
    skipGraph.href = `#${target || 'main'}`;
    skipGraph.textContent = route.name === 'path' ? 'Skip to the paths' : 'Skip to graph';
  }
  main.dataset.embed = String(route.embed);
  mount(main);
  let view: View;
  switch (route.name) {
    case 'home':
    case 'search': view = renderSearch; break;
    case 'entity': view = renderEntity; break;
    case 'network': view = renderNetwork; break;
    case 'path': view = renderPath; break;
    default:
      view = (root) => mount(root, h('h1', { tabindex: '-1' }, 'Not found'),
        h('p', null, 'There is no such view. ', h('a', { href: '#/' }, 'Search the graph')));
  }
  const c = await view(main, route);
  if (gen !== generation) { if (c) c(); return; }
  cleanup = c;
}

document.getElementById('skip')?.addEventListener('click', (e) => {
  e.preventDefault();
  main.focus();
});
document.getElementById('skip-graph')?.addEventListener('click', (e) => {
  e.preventDefault();
  const id = (e.currentTarget as HTMLElement).dataset.target;
  const el = id ? document.getElementById(id) : null;
  if (!el) return;
  // The table view hides the graph: show the graph first.
  if (el.hidden) document.querySelector<HTMLButtonElement>('button.tab[aria-controls="network-canvas"]')?.click();
  el.focus();
  el.scrollIntoView({ block: 'nearest' });
});

window.addEventListener('hashchange', () => { void render(); });
void render();
