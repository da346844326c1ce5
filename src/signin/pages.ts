import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { Locale, LOCALES } from '../common/locale';
import { TemplatesService } from '../templates/templates.service';
import { Visitor } from './visitor';

/** Every form posted with the session carries its CSRF token; the session guard checks it, the DTO lets it in. */
export class CsrfForm {
  @IsOptional()
  @IsString()
  @MaxLength(100)
  _csrf?: string;
}

export class LanguageQuery {
  @IsOptional()
  @IsIn(LOCALES)
  lang?: Locale;
}

/** A field a person got wrong: the error summary links to it, the message shows beside it. */
export interface FieldError {
  field: string;
  message: string;
}

/** `?lang=` first, then the signed-in member's language, then French. */
export function localeOf(lang: Locale | undefined, visitor: Visitor | undefined): Locale {
  return lang ?? visitor?.member.locale ?? 'fr';
}

/**
 * Sends a page in the layout, never cached (it may show who is signed in), with the session's CSRF token for the
 * `{{> csrf}}` partial of its forms. Its title is the text `<page>.title` unless the context gives one.
 */
export function sendPage(
  reply: FastifyReply,
  templates: TemplatesService,
  page: { name: string; locale: Locale; context: Record<string, unknown>; visitor?: Visitor; status?: number },
) {
  const errors = (page.context.errors as FieldError[] | undefined) ?? [];
  const errorOf = Object.fromEntries(errors.map((error) => [error.field, error.message]));
  const context = {
    ...page.context,
    title: page.context.title ?? templates.text(page.locale, `${page.name.replace(/^pages\//, '')}.title`),
    errors: errors.length ? errors : null,
    errorOf,
    csrf: page.visitor?.csrf ?? null,
  };
  return reply
    .status(page.status ?? 200)
    .header('Cache-Control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(templates.render(page.name, page.locale, context, 'pages/layout'));
}
