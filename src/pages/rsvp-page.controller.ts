import { Body, Controller, Get, Header, HttpCode, NotFoundException, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/public.decorator';
import { Clock } from '../common/clock';
import { SessionNotUsed } from '../signin/session.decorators';
import { DomainError } from '../common/domain-error';
import { EventResponse } from '../events/event.dto';
import { EventsService } from '../events/events.service';
import { CLOSED_CODES, closedError } from '../registrations/answer-window';
import { Answers } from '../registrations/answers';
import { Response, RESPONSES } from '../registrations/registration.entity';
import { RegistrationsService } from '../registrations/registrations.service';
import { RsvpGrant, RsvpLinks } from '../registrations/rsvp-links';
import { TemplatesService } from '../templates/templates.service';
import { EventViews } from './event-views';

class RsvpForm {
  @IsIn(RESPONSES)
  response: Response;
}

class RsvpQuery {
  @IsOptional()
  @IsIn(RESPONSES)
  response?: Response;
}

/**
 * The pages behind the links in invitation mails. Mail scanners open every link, so GET only shows the event and
 * three buttons in a POST form; nothing on the page submits by itself.
 */
@ApiExcludeController()
@Public()
@SessionNotUsed()
@Controller('rsvp')
export class RsvpPageController {
  constructor(
    private readonly links: RsvpLinks,
    private readonly events: EventsService,
    private readonly registrations: RegistrationsService,
    private readonly answers: Answers,
    private readonly views: EventViews,
    private readonly templates: TemplatesService,
    private readonly clock: Clock,
  ) {}

  @Get(':token')
  @Header('Cache-Control', 'no-store')
  async show(@Param('token') token: string, @Query() { response }: RsvpQuery, @Res() reply: FastifyReply) {
    const grant = await this.grant(token);
    const current = await this.registrations.find(grant.eventId, grant.member);
    const event = await this.events.get(grant.eventId);
    const closed = closedError(event, this.clock.now())?.code;
    return this.page(
      reply,
      200,
      'pages/rsvp',
      token,
      grant,
      {
        current: current && this.statusText(grant, current.status, current.position),
        preselect: response ?? null,
        closed: closed && this.templates.text(grant.member.locale, `closed.${closed}`),
      },
      event,
    );
  }

  @Post(':token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async answer(@Param('token') token: string, @Body() { response }: RsvpForm, @Res() reply: FastifyReply) {
    const grant = await this.grant(token);
    try {
      const { registration, event } = await this.answers.answer(grant.eventId, grant.member, response);
      const [shown] = await this.events.toResponses([event]);
      const result = this.statusText(grant, registration.status, registration.position);
      return this.page(reply, 200, 'pages/rsvp-done', token, grant, { status: registration.status, result }, shown);
    } catch (error) {
      const closed = error instanceof DomainError && CLOSED_CODES.includes(error.code);
      if (!closed) throw error;
      const text = this.templates.text(grant.member.locale, `closed.${error.code}`);
      return this.page(reply, 409, 'pages/rsvp', token, grant, { current: null, preselect: null, closed: text });
    }
  }

  private async grant(token: string): Promise<RsvpGrant> {
    const grant = await this.links.verify(token);
    if (!grant) throw new NotFoundException('This link is not valid');
    return grant;
  }

  private statusText(grant: RsvpGrant, status: string, position: number | null): string {
    return this.templates.text(grant.member.locale, `status.${status}`, { position });
  }

  private async page(
    reply: FastifyReply,
    status: number,
    name: string,
    token: string,
    grant: RsvpGrant,
    context: Record<string, unknown>,
    shown?: EventResponse,
  ) {
    const locale = grant.member.locale;
    const event = await this.views.of(shown ?? (await this.events.get(grant.eventId)), locale);
    const page = { ...context, event, member: grant.member, title: event.title, action: `/rsvp/${token}` };
    return reply
      .status(status)
      .type('text/html; charset=utf-8')
      .send(this.templates.render(name, locale, page, 'pages/layout'));
  }
}
