import { Injectable } from '@nestjs/common';
import { TemplatesService } from '../templates/templates.service';

/** Paths whose errors programs read: they get JSON. Every other path is a page a person sees in a browser. */
const JSON_PATHS = /^\/(api|health)(\/|$)/;

/** The statuses with words of their own; any other gets the general page (a 5xx the server error's). */
const WORDED_STATUSES = [400, 403, 404, 413, 415, 429, 500];

/** The error page, in French with the English below it: the reader of a broken link is not known. */
@Injectable()
export class ErrorPages {
  constructor(private readonly templates: TemplatesService) {}

  render(status: number, path: string): string | null {
    if (JSON_PATHS.test(path)) return null;
    const worded = status >= 500 ? 500 : status;
    const key = `error.${WORDED_STATUSES.includes(worded) ? worded : 'other'}`;
    const [fr, en] = (['fr', 'en'] as const).map((locale) => ({
      heading: this.templates.text(locale, `${key}.title`),
      message: this.templates.text(locale, `${key}.message`),
    }));
    return this.templates.render('pages/error', 'fr', { title: fr.heading, fr, en }, 'pages/layout');
  }
}
