// A network's layout, saved in its URL: node positions in id order, as
// whole numbers, packed into base64url, behind a checksum of the node ids so
// that a layout saved for other data is recognised and not applied.

export interface Pos { x: number; y: number }

/** A 32-bit FNV-1a hash, for layout seeds and checksums. */
export function fnv(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function sortedIds(ids: Iterable<string>): string[] {
  return [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function encodeLayout(positions: Map<string, Pos>): string {
  const ids = sortedIds(positions.keys());
  const bytes = new Uint8Array(ids.length * 4);
  const v = new DataView(bytes.buffer);
  ids.forEach((id, i) => {
    const p = positions.get(id)!;
    v.setInt16(i * 4, Math.max(-32768, Math.min(32767, Math.round(p.x))));
    v.setInt16(i * 4 + 2, Math.max(-32768, Math.min(32767, Math.round(p.y))));
  });
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  const b64 = btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return `${fnv(ids.join('\n')).toString(36)}.${b64}`;
}

/** The positions a saved layout gives these nodes, or null when it was saved for others. */
export function decodeLayout(saved: string, nodeIds: Iterable<string>): Map<string, Pos> | null {
  const [sum, b64] = saved.split('.');
  const ids = sortedIds(nodeIds);
  if (!b64 || sum !== fnv(ids.join('\n')).toString(36)) return null;
  let bin: string;
  try { bin = atob(b64.replace(/-/g, '+').replace(/_/g, '/')); } catch { return null; }
  if (bin.length !== ids.length * 4) return null;
  const bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  const v = new DataView(bytes.buffer);
  return new Map(ids.map((id, i) => [id, { x: v.getInt16(i * 4), y: v.getInt16(i * 4 + 2) }]));
}
