import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { IdParam } from '../common/id-param';
import { Public } from '../auth/public.decorator';
import { FeedsService } from '../calendar/feeds.service';
import { EventsService } from '../events/events.service';
import { Locale, LOCALES } from '../members/member.entity';
import { TemplatesService } from '../templates/templates.service';
import { EventViews } from './event-views';

class LanguageQuery {
  @IsOptional()
  @IsIn(LOCALES)
  lang?: Locale;
}

/** The page feeds and mails link to: what, when, where, who hosts, seats left, and the event as a .ics file. */
@ApiExcludeController()
@Public()
@Controller('events')
export class EventPageController {
  constructor(
    private readonly events: EventsService,
    private readonly feeds: FeedsService,
    private readonly views: EventViews,
    private readonly templates: TemplatesService,
  ) {}

  @Get(':file')
  async show(@IdParam('file', '.ics') file: string, @Query() { lang }: LanguageQuery, @Res() reply: FastifyReply) {
    const ics = file.endsWith('.ics');
    const event = await this.events.get(ics ? file.slice(0, -4) : file);
    if (ics) {
      return reply
        .header('Content-Type', 'text/calendar; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="rencontres-${event.id}.ics"`)
        .send(this.feeds.eventsFile(event.title, [event]));
    }
    const locale = lang ?? 'fr';
    const view = await this.views.of(event, locale);
    const context = { title: event.title, event: view, icsUrl: `/events/${event.id}.ics` };
    return reply
      .type('text/html; charset=utf-8')
      .send(this.templates.render('pages/event', locale, context, 'pages/layout'));
  }
}
