import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';

/** `assets/` at the project root, from `src/templates` and from `dist/templates` alike. */
export const ASSETS_ROOT = join(__dirname, '..', '..', 'assets');

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

function assetOf(body: Buffer, type: string): Asset {
  return { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
}

/**
 * What the pages load, read once at start: the one stylesheet, `app.css`, joined from `assets/styles/*.css` in
 * the order of their names (so that each part of the app keeps its rules in its own file), and the files of
 * `assets/public/`. Nothing comes from another host.
 */
export class Assets {
  readonly files = new Map<string, Asset>();

  constructor(root = ASSETS_ROOT) {
    const styles = join(root, 'styles');
    const parts = readdirSync(styles)
      .filter((name) => name.endsWith('.css'))
      .sort()
      .map((name) => readFileSync(join(styles, name)));
    this.files.set('app.css', assetOf(Buffer.concat(parts), TYPES['.css']));
    const open = join(root, 'public');
    for (const name of readdirSync(open)) {
      const type = TYPES[extname(name)];
      if (type) this.files.set(name, assetOf(readFileSync(join(open, name)), type));
    }
  }

  /** Changes whenever the stylesheet does, so pages may let browsers keep it for a year. */
  get version(): string {
    return this.files.get('app.css')!.etag.slice(1, 11);
  }
}
