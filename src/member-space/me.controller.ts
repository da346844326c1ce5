import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { subscribeLinks } from '../calendar/subscribe-links';
import { DomainError } from '../common/domain-error';
import { IdParam } from '../common/id-param';
import { IsId } from '../common/validation';
import { MembersService } from '../members/members.service';
import { CLOSED_CODES } from '../registrations/answer-window';
import { Answers } from '../registrations/answers';
import { Response, RESPONSES } from '../registrations/registration.entity';
import { CsrfForm, FieldError, LanguageQuery } from '../signin/pages';
import { SignedIn } from '../signin/session.decorators';
import { TemplatesService } from '../templates/templates.service';
import { MemberPages } from './member-pages';
import { MyCohorts } from './my-cohorts';
import { MyData } from './my-data';
import { MyEvents } from './my-events';

/** What a form of the space just saved, told once back on /me. */
const SAVED = ['profile', 'feed', 'application'] as const;

class MeQuery extends LanguageQuery {
  /** The event whose answer was just recorded: /me says what it led to (going, waitlisted in position n). */
  @IsOptional()
  @IsId()
  answered?: string;

  @IsOptional()
  @IsIn(SAVED)
  saved?: (typeof SAVED)[number];
}

class AnswerForm extends CsrfForm {
  @IsIn(RESPONSES)
  response: Response;
}

/**
 * The member's own space: their coming events with buttons that answer (the Answers use case, as the API and the
 * RSVP links), the events they came to, their private feed, their profile, their workclub, their data.
 */
@ApiExcludeController()
@SignedIn()
@Controller('me')
export class MeController {
  constructor(
    private readonly pages: MemberPages,
    private readonly events: MyEvents,
    private readonly cohorts: MyCohorts,
    private readonly data: MyData,
    private readonly members: MembersService,
    private readonly answers: Answers,
    private readonly templates: TemplatesService,
  ) {}

  @Get()
  async show(@Query() query: MeQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.page(request, reply, query);
  }

  @Post('events/:id/answer')
  async answer(
    @IdParam() id: string,
    @Body() { response }: AnswerForm,
    @Query() _lang: LanguageQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { visitor, locale } = this.pages.member(request);
    await this.events.answerable(id, visitor.member);
    try {
      await this.answers.answer(id, visitor.member, response);
    } catch (error) {
      if (!(error instanceof DomainError && CLOSED_CODES.includes(error.code))) throw error;
      const closed = { field: `event-${id}`, message: this.templates.text(locale, `closed.${error.code}`) };
      return this.page(request, reply, {}, [closed], 409);
    }
    return this.pages.redirect(request, reply, `/me?answered=${id}`, `#event-${id}`);
  }

  /** A new private feed address: calendars subscribed to the old one get 404 from now on. */
  @Post('feed')
  async newFeedAddress(@Query() _lang: LanguageQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    await this.members.rotateFeedToken(this.pages.member(request).visitor.member.id);
    return this.pages.redirect(request, reply, '/me?saved=feed', '#feed');
  }

  @Get('data.json')
  async download(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const data = await this.data.of(this.pages.member(request).visitor.member.id);
    return reply
      .header('Cache-Control', 'no-store')
      .header('Content-Disposition', 'attachment; filename="my-data.json"')
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(data, null, 2));
  }

  private async page(
    request: FastifyRequest,
    reply: FastifyReply,
    query: MeQuery,
    errors: FieldError[] = [],
    status = 200,
  ) {
    const { visitor, locale } = this.pages.member(request);
    const member = visitor.member;
    const text = (key: string, values?: Record<string, unknown>) => this.templates.text(locale, key, values);
    const profile = await this.members.get(member.id);
    const coming = await this.events.coming(member, locale);
    const answered = query.answered && coming.find((item) => item.event.id === query.answered);
    const notice = answered
      ? text('me.answered', { title: answered.event.title, answer: answered.answer })
      : query.saved && text(`me.saved.${query.saved}`);
    const places = (await this.cohorts.places(member.id)).map(({ cohort, place }) => ({
      title: cohort.title,
      dates: text('me.workclub.dates', this.cohorts.dates(cohort, locale)),
      project: place.projectTitle,
      status: text(`me.workclub.status.${place.status}`),
      page: place.status === 'accepted' ? new URL(cohort.pageUrl).pathname : null,
    }));
    const open = (await this.cohorts.open(member.id)).map((cohort) => ({
      id: cohort.id,
      title: cohort.title,
      dates: text('me.workclub.dates', this.cohorts.dates(cohort, locale)),
      seats: text('me.workclub.seats', { count: cohort.seatsLeft }),
    }));
    return this.pages.send(request, reply, {
      name: 'pages/me',
      section: 'me',
      status,
      context: {
        errors,
        member,
        notice: notice || null,
        events: coming,
        attended: await this.events.attended(member.id, locale),
        feed: subscribeLinks(profile.feedUrl),
        profile: {
          ...profile,
          language: text(`me.profile.locale.${profile.locale}`),
          skillList: profile.skills.join(', '),
        },
        places,
        open,
      },
    });
  }
}
