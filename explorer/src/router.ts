// Hash routes, so every view has a URL that can be shared and is restored on
// load: #/search?q=..&kind=.., #/entity/ID, #/network/ID?depth=2&asOf=..&types=A,B,
// #/path/FROM/TO?maxHops=4, and #/embed/network/ID?.., #/embed/path/FROM/TO or
// #/embed/entity/ID.
// A page served at /embed shows every route in embed mode too.

export interface Route {
  name: 'home' | 'search' | 'entity' | 'network' | 'path' | 'notfound';
  args: string[];
  params: URLSearchParams;
  embed: boolean;
}

export function parseHash(hash: string, pathname = '/'): Route {
  let h = hash.replace(/^#/, '');
  const q = h.indexOf('?');
  const params = new URLSearchParams(q >= 0 ? h.slice(q + 1) : '');
  if (q >= 0) h = h.slice(0, q);
  let segs = h.split('/').filter(Boolean).map((s) => {
    try { return decodeURIComponent(s); } catch { return s; }
  });
  let embed = /\/embed\/?$/.test(pathname);
  if (segs[0] === 'embed') {
    embed = true;
    segs = segs.slice(1);
  }
  const [name, ...args] = segs;
  switch (name) {
    case undefined:
      return { name: 'home', args: [], params, embed };
    case 'search':
      return { name: 'search', args: [], params, embed: false };
    case 'entity':
      if (args.length === 1) return { name: 'entity', args, params, embed };
      break;
    case 'network':
      if (args.length === 1) return { name: 'network', args, params, embed };
      break;
    case 'path':
      if (args.length <= 2) return { name: 'path', args, params, embed: embed && args.length === 2 };
      break;
  }
  return { name: 'notfound', args: segs, params, embed: false };
}

/** Builds a hash such as #/network/qosmos?depth=2. Empty params are left out. */
export function hashFor(segs: string[], params: Record<string, string | number | null | undefined> = {}): string {
  const path = segs.map((s) => encodeURIComponent(s)).join('/');
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v != null && v !== '') p.set(k, String(v));
  }
  const qs = p.toString().replace(/%2C/g, ',');
  return `#/${path}${qs ? '?' + qs : ''}`;
}

/** Updates the URL for the current view without adding a history entry or re-rendering. */
export function replaceHash(hash: string): void {
  if (location.hash !== hash) history.replaceState(history.state, '', hash);
}

export function go(hash: string): void {
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = hash;
}

/** The full address of a view, e.g. for an embed code. */
export function absoluteUrl(hash: string, path = '/'): string {
  return `${location.origin}${path}${hash}`;
}
