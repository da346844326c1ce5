import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Locale } from '../common/locale';
import { localeOf, sendPage } from '../signin/pages';
import { Visitor, visitorOf } from '../signin/visitor';
import { TemplatesService } from '../templates/templates.service';

/** The pages of a member's space, in the order of its menu; the last three are other parts' (mail, people). */
const MEMBER_SECTIONS = [
  { key: 'me', href: '/me' },
  { key: 'profile', href: '/me/profile' },
  { key: 'mail', href: '/me/mail' },
  { key: 'people', href: '/me/people' },
] as const;
export type MemberSection = (typeof MEMBER_SECTIONS)[number]['key'];

export interface MemberPage {
  /** The template, e.g. `pages/me-profile`. */
  name: string;
  section: MemberSection;
  context: Record<string, unknown>;
  status?: number;
}

/** Sends the pages of the member's space in the layout with its menu, in the member's language (or `?lang=`). */
@Injectable()
export class MemberPages {
  constructor(private readonly templates: TemplatesService) {}

  /** The signed-in member (the controllers are `@SignedIn()`), their language, and `?lang=` to keep in links. */
  member(request: FastifyRequest): { visitor: Visitor; locale: Locale; langQuery: string } {
    const visitor = visitorOf(request)!;
    const asked = (request.query as { lang?: unknown } | undefined)?.lang;
    const lang = asked === 'fr' || asked === 'en' ? asked : undefined;
    return { visitor, locale: localeOf(lang, visitor), langQuery: lang ? `?lang=${lang}` : '' };
  }

  send(request: FastifyRequest, reply: FastifyReply, page: MemberPage) {
    const { visitor, locale, langQuery } = this.member(request);
    const text = (key: string) => this.templates.text(locale, key);
    const items = MEMBER_SECTIONS.map(({ key, href }) => ({
      href: `${href}${langQuery}`,
      label: text(`me.nav.${key}`),
      current: key === page.section,
    }));
    if (visitor.member.role === 'organiser')
      items.push({ href: '/admin', label: text('me.nav.admin'), current: false });
    return sendPage(reply, this.templates, {
      name: page.name,
      locale,
      visitor,
      status: page.status,
      context: { langQuery, ...page.context, nav: { label: text('me.nav'), items, signOut: true } },
    });
  }

  /** Post/redirect/get: back to a page of the space, in the language the form was sent in. */
  redirect(request: FastifyRequest, reply: FastifyReply, path: string, anchor = '') {
    const { langQuery } = this.member(request);
    const query = langQuery ? `${path.includes('?') ? '&' : '?'}${langQuery.slice(1)}` : '';
    return reply.header('Cache-Control', 'no-store').redirect(`${path}${query}${anchor}`, 303);
  }
}
