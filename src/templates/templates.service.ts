import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import Handlebars from 'handlebars';
import { IntlMessageFormat } from 'intl-messageformat';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { Locale, LOCALES } from '../common/locale';
import { Assets } from './assets';

/** `templates/` at the project root, from `src/templates` and from `dist/templates` alike. */
export const TEMPLATES_ROOT = join(__dirname, '..', '..', 'templates');

type Messages = Record<string, string>;

/** A text that counts (`{count, plural, one {# person} other {# people}}`) or chooses goes through ICU. */
const ICU_SYNTAX = /\{\s*\w+\s*,\s*(plural|select|selectordinal)\s*,/;
type Context = Record<string, unknown>;

function filesUnder(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(folder, entry.name)) : [join(folder, entry.name)],
  );
}

/** The texts of a language: its main file, then one file per part of the app; a key given twice stops the start. */
function readMessages(locale: Locale): Messages {
  const folder = join(TEMPLATES_ROOT, 'i18n', locale);
  const files = [join(TEMPLATES_ROOT, 'i18n', `${locale}.json`)];
  if (existsSync(folder))
    files.push(
      ...filesUnder(folder)
        .filter((file) => file.endsWith('.json'))
        .sort(),
    );
  const messages: Messages = {};
  for (const file of files) {
    for (const [key, text] of Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Messages)) {
      if (key in messages) throw new Error(`Text "${key}" given twice (${relative(TEMPLATES_ROOT, file)})`);
      messages[key] = text;
    }
  }
  return messages;
}

/**
 * Every Handlebars template under `templates/`, compiled once at start. Texts come from `templates/i18n/<locale>.json`
 * and `templates/i18n/<locale>/*.json` (one file per part of the app) through the `t` helper
 * (`{{t "rsvp.hello" name=member.name}}`), so one template serves French and English; a key missing in one language
 * stops the start. HTML is escaped; plain-text templates (`*.txt.hbs`) are compiled without escaping so that links
 * stay intact.
 */
@Injectable()
export class TemplatesService implements OnModuleInit {
  private readonly handlebars = Handlebars.create();
  private readonly compiled = new Map<string, Handlebars.TemplateDelegate>();
  private readonly messages = new Map<Locale, Messages>();
  private readonly formats = new Map<string, IntlMessageFormat>();
  readonly assets = new Assets();

  constructor(@Inject(SETTINGS) private readonly settings: Settings) {}

  get spaceName(): string {
    return this.settings.spaceName;
  }

  onModuleInit(): void {
    for (const locale of LOCALES) this.messages.set(locale, readMessages(locale));
    const [first, ...others] = LOCALES;
    for (const locale of others) {
      for (const [a, b] of [
        [first, locale],
        [locale, first],
      ]) {
        const missing = Object.keys(this.messages.get(a)!).filter((key) => !(key in this.messages.get(b)!));
        if (missing.length) throw new Error(`Texts in ${a} but not in ${b}: ${missing.join(', ')}`);
      }
    }
    this.registerHelpers();
    for (const file of filesUnder(TEMPLATES_ROOT).filter((path) => path.endsWith('.hbs'))) {
      const source = readFileSync(file, 'utf8');
      const name = relative(TEMPLATES_ROOT, file).replace(/\.hbs$/, '');
      if (name.startsWith('partials/')) this.handlebars.registerPartial(basename(name), source);
      else this.compiled.set(name, this.handlebars.compile(source, { strict: true, noEscape: name.endsWith('.txt') }));
    }
  }

  /** Renders `name` (e.g. `pages/rsvp`) in the locale, inside `layout` when given. */
  render(name: string, locale: Locale, context: Context, layout?: string): string {
    const data = {
      spaceName: this.settings.spaceName,
      assetsVersion: this.assets.version,
      nav: null,
      meta: null,
      ...context,
      locale,
    };
    const body = this.template(name)(data);
    return layout ? this.template(layout)({ ...data, body }) : body;
  }

  /** One text in a locale, with `{placeholders}` filled. */
  text(locale: Locale, key: string, values: Record<string, unknown> = {}): string {
    const message = this.messages.get(locale)?.[key];
    if (message === undefined) throw new Error(`No text "${key}" in ${locale}`);
    if (ICU_SYNTAX.test(message)) return this.format(locale, key, message).format(values) as string;
    return message.replace(/\{(\w+)\}/g, (_match, name: string) => String(values[name] ?? ''));
  }

  private format(locale: Locale, key: string, message: string): IntlMessageFormat {
    const id = `${locale}:${key}`;
    let format = this.formats.get(id);
    if (!format) {
      format = new IntlMessageFormat(message, locale);
      this.formats.set(id, format);
    }
    return format;
  }

  private template(name: string): Handlebars.TemplateDelegate {
    const template = this.compiled.get(name);
    if (!template) throw new Error(`No template ${name}`);
    return template;
  }

  private registerHelpers(): void {
    this.handlebars.registerHelper('t', (key: string, options: Handlebars.HelperOptions) =>
      this.text(options.data.root.locale, key, options.hash),
    );
    this.handlebars.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    this.handlebars.registerHelper('concat', (...parts: unknown[]) => parts.slice(0, -1).join(''));
  }
}
