import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../common/domain-error';
import { IdParam } from '../common/id-param';
import { Public } from '../auth/public.decorator';
import { FeedsService } from '../calendar/feeds.service';
import { EventsService } from '../events/events.service';
import { LanguageQuery, localeOf } from '../signin/pages';
import { visitorOf } from '../signin/visitor';
import { sendCachedPage } from './page-cache';
import { audienceOf, PublicPages } from './public-pages';

/**
 * The page feeds and mails link to: what, when, where, who hosts, seats left, and the event as a .ics file. A
 * public event's page is for anyone (with a form for guests, and what link previews and search engines read); a
 * members-only event's is for signed-in members: anyone else is sent to sign in, and sees nothing of it (a guest,
 * signed in, gets a 404 as for no such event).
 */
@ApiExcludeController()
@Public()
@Controller('events')
export class EventPageController {
  constructor(
    private readonly events: EventsService,
    private readonly feeds: FeedsService,
    private readonly pages: PublicPages,
  ) {}

  @Get(':file')
  async show(
    @IdParam('file', '.ics') file: string,
    @Query() { lang }: LanguageQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const ics = file.endsWith('.ics');
    const id = ics ? file.slice(0, -4) : file;
    const visitor = visitorOf(request);
    const locale = localeOf(lang, visitor);
    const audience = audienceOf(visitor);
    if (!ics) {
      const page = await this.pages.event(id, locale, audience);
      if (page) return sendCachedPage(request, reply, page);
    }
    const event = await this.events.get(id);
    if (event.visibility !== 'public' && !visitor) {
      const next = encodeURIComponent(`/events/${file}${lang ? `?lang=${lang}` : ''}`);
      return reply.redirect(`/signin?next=${next}${lang ? `&lang=${lang}` : ''}`, 303);
    }
    if (event.visibility !== 'public' && audience === 'guest') throw notFound('Event', id);
    if (ics) {
      return reply
        .header('Content-Type', 'text/calendar; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="rencontres-${event.id}.ics"`)
        .send(this.feeds.eventsFile(event.title, [event]));
    }
    // Made public within the last minute, while the cache still remembers it as hidden: rendered afresh.
    const html = await this.pages.eventHtml(event, locale, audience, { name: '', email: '', errors: [] });
    return reply.header('Cache-Control', 'no-store').type('text/html; charset=utf-8').send(html);
  }
}
