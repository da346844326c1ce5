import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Locale } from '../common/locale';
import { localeOf, sendPage } from '../signin/pages';
import { Visitor, visitorOf } from '../signin/visitor';
import { TemplatesService } from '../templates/templates.service';

/** The parts of the organisers' app, in the order of its menu; each is at `/admin/<section>` (the dashboard at /admin). */
export const ADMIN_SECTIONS = [
  'dashboard',
  'events',
  'members',
  'encounters',
  'rooms',
  'cohorts',
  'mail',
  'tokens',
  'audit',
] as const;
export type AdminSection = (typeof ADMIN_SECTIONS)[number];

export interface AdminPage {
  /** The template, e.g. `pages/admin/events`. */
  name: string;
  section: AdminSection;
  context: Record<string, unknown>;
  status?: number;
}

/** Sends the organisers' pages in the layout with the app's menu, in the organiser's language (or `?lang=`). */
@Injectable()
export class AdminPages {
  constructor(private readonly templates: TemplatesService) {}

  /** The signed-in organiser (the controllers are `@SignedIn('organiser')`) and the language of their pages. */
  organiser(request: FastifyRequest): { visitor: Visitor; locale: Locale } {
    const visitor = visitorOf(request)!;
    const lang = (request.query as { lang?: unknown } | undefined)?.lang;
    return { visitor, locale: localeOf(lang === 'fr' || lang === 'en' ? lang : undefined, visitor) };
  }

  send(request: FastifyRequest, reply: FastifyReply, page: AdminPage) {
    const { visitor, locale } = this.organiser(request);
    const text = (key: string) => this.templates.text(locale, key);
    const nav = {
      label: text('nav.admin'),
      items: ADMIN_SECTIONS.map((section) => ({
        href: section === 'dashboard' ? '/admin' : `/admin/${section}`,
        label: text(`nav.admin.${section}`),
        current: section === page.section,
      })),
      signOut: true,
    };
    return sendPage(reply, this.templates, {
      name: page.name,
      locale,
      visitor,
      status: page.status,
      context: { ...page.context, nav },
    });
  }
}
