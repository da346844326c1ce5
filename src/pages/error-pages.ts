import { Injectable } from '@nestjs/common';
import type { ErrorBody } from '../common/all-exceptions.filter';
import { TemplatesService } from '../templates/templates.service';

/** Paths whose errors programs read: they get JSON. Every other path is a page a person sees in a browser. */
const JSON_PATHS = /^\/(api|health)(\/|$)/;

/** The statuses with words of their own; any other gets the general page (a 5xx the server error's). */
const WORDED_STATUSES = [400, 403, 404, 413, 415, 429, 500];

/** The error page, in French with the English below it: the reader of a broken link is not known. */
@Injectable()
export class ErrorPages {
  constructor(private readonly templates: TemplatesService) {}

  render(status: number, path: string, body?: ErrorBody): string | null {
    if (JSON_PATHS.test(path)) return null;
    // A refused request names its fields at fault (a link edited by hand, `?page=0`), as the API would.
    const fields = status < 500 && body?.fields && typeof body.fields === 'object' ? body.fields : {};
    const refused = Object.entries(fields as Record<string, string[]>).map(([field, messages]) => ({
      field,
      message: [messages].flat().join('; '),
    }));
    const worded = status >= 500 ? 500 : status;
    const key = `error.${WORDED_STATUSES.includes(worded) ? worded : 'other'}`;
    const [fr, en] = (['fr', 'en'] as const).map((locale) => ({
      heading: this.templates.text(locale, `${key}.title`),
      message: this.templates.text(locale, `${key}.message`),
      refused: this.templates.text(locale, 'error.refused'),
    }));
    return this.templates.render('pages/error', 'fr', { title: fr.heading, fr, en, refused }, 'pages/layout');
  }
}
