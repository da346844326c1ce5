/**
 * Where to go after signing in, from `?next=`: only a path of this site. A single leading "/", then no "/" or "\"
 * right after it (a "//host" is another site), no backslash, space or control character anywhere (browsers drop
 * tabs and newlines, so "/\t/host" would become "//host").
 */
export function safeNext(next: unknown): string | null {
  if (typeof next !== 'string' || next.length > 2000) return null;
  if (!/^\/(?![/\\])/.test(next)) return null;
  // eslint-disable-next-line no-control-regex
  if (/[\\\s\u0000-\u001f\u007f]/.test(next)) return null;
  return next;
}
