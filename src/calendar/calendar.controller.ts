import { Controller, Get, Inject, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { TokenParam } from '../common/id-param';
import { Public } from '../auth/public.decorator';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { EVENT_KINDS, EventKind } from '../events/event.entity';
import { MembersService } from '../members/members.service';
import { TemplatesService } from '../templates/templates.service';
import { FeedsService } from './feeds.service';
import { subscribeLinks } from './subscribe-links';

/** The subscribe page of each feed (the feed's address without `.ics`); the feeds themselves are answered by FeedFrontDoor. */
@ApiExcludeController()
@Public()
@Controller('calendar')
export class CalendarController {
  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly members: MembersService,
    private readonly feeds: FeedsService,
    private readonly templates: TemplatesService,
  ) {}

  @Get('public')
  publicPage(@Res() reply: FastifyReply) {
    return this.subscribePage(reply, this.feeds.publicTitle(), '/calendar/public.ics', false);
  }

  @Get('kinds/:kind')
  kindPage(@Param('kind') kind: string, @Res() reply: FastifyReply) {
    if (!(EVENT_KINDS as readonly string[]).includes(kind)) throw new NotFoundException(`No feed for kind ${kind}`);
    return this.subscribePage(reply, this.feeds.publicTitle(kind as EventKind), `/calendar/kinds/${kind}.ics`, false);
  }

  @Get('members/:token')
  async memberPage(@TokenParam() token: string, @Res() reply: FastifyReply) {
    const member = await this.members.byFeedToken(token);
    if (!member) throw new NotFoundException('No such feed');
    return this.subscribePage(
      reply,
      this.feeds.memberTitle(member),
      `/calendar/members/${token}.ics`,
      true,
      member.locale,
    );
  }

  private subscribePage(
    reply: FastifyReply,
    name: string,
    path: string,
    personal: boolean,
    locale: 'fr' | 'en' = 'fr',
  ) {
    const context = { title: name, name, personal, ...subscribeLinks(`${this.settings.publicUrl}${path}`) };
    return reply
      .header('Cache-Control', personal ? 'no-store' : 'public, max-age=300')
      .type('text/html; charset=utf-8')
      .send(this.templates.render('pages/subscribe', locale, context, 'pages/layout'));
  }
}
