import { Injectable } from '@nestjs/common';
import { TemplatesService } from '../templates/templates.service';

/** Paths whose errors a person sees in a browser: they get a page, not JSON. */
const PAGE_PATHS = /^\/(rsvp|events|unsubscribe|mail|cohorts|calendar|signin|signout|me|admin)(\/|$)/;

const MESSAGE_OF_STATUS: Record<number, string> = {
  404: 'error.notFound',
  400: 'error.badRequest',
  403: 'error.forbidden',
};
const TITLE_OF_STATUS: Record<number, string> = { 403: 'error.forbiddenTitle' };

/** The error page, in French with the English below it: the reader of a broken link is not known. */
@Injectable()
export class ErrorPages {
  constructor(private readonly templates: TemplatesService) {}

  render(status: number, path: string): string | null {
    if (!PAGE_PATHS.test(path)) return null;
    const key = MESSAGE_OF_STATUS[status] ?? 'error.other';
    const heading = this.templates.text('fr', TITLE_OF_STATUS[status] ?? 'error.title');
    return this.templates.render(
      'pages/error',
      'fr',
      {
        title: heading,
        heading,
        message: this.templates.text('fr', key),
        secondLocale: this.templates.text('en', key),
      },
      'pages/layout',
    );
  }
}
