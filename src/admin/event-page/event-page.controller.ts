import { Body, Controller, Get, Header, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsNumberString, IsOptional, isUUID, MaxLength } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IdParam } from '../../common/id-param';
import { EventsService } from '../../events/events.service';
import { Answers } from '../../registrations/answers';
import { attendeesCsv } from '../../registrations/attendees-csv';
import { RESPONSES, Response } from '../../registrations/registration.entity';
import { RegistrationsService } from '../../registrations/registrations.service';
import { FieldError, LanguageQuery } from '../../signin/pages';
import { SignedIn } from '../../signin/session.decorators';
import { TemplatesService } from '../../templates/templates.service';
import { AdminPages } from '../admin-pages';
import { AnswerForm } from './event-page.forms';
import { EventPage } from './event-page.view';
import { fieldError, refusalOf } from './refusals';

class EventPageQuery extends LanguageQuery {
  /** How many invitations the form just queued (post/redirect/get). */
  @IsOptional()
  @IsNumberString({ no_symbols: true })
  @MaxLength(6)
  invited?: string;
}

/**
 * An event as its organisers run it: attendees by status with counts, answers added, changed or removed (the
 * registrations' own use cases: seats, waitlist, quorum), the attendee CSV, and links to the public page, the
 * feed, the check-in and the table plan. Invitations have their own controller.
 */
@ApiExcludeController()
@SignedIn('organiser')
@Controller('admin/events')
export class EventPageController {
  constructor(
    private readonly events: EventsService,
    private readonly registrations: RegistrationsService,
    private readonly answers: Answers,
    private readonly eventPage: EventPage,
    private readonly templates: TemplatesService,
    private readonly pages: AdminPages,
  ) {}

  @Get(':id')
  async show(
    @IdParam() id: string,
    @Query() query: EventPageQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const sent = query.invited === undefined ? null : Number(query.invited);
    return this.eventPage.send(request, reply, await this.events.get(id), { sent });
  }

  /** Adds a member's answer or changes it, under the same rules as their own answer. */
  @Post(':id/registrations')
  async answer(
    @IdParam() id: string,
    @Body() form: AnswerForm,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const event = await this.events.get(id);
    const { locale } = this.pages.organiser(request);
    const errors: FieldError[] = [];
    if (!form.memberId || !isUUID(form.memberId, 'all'))
      errors.push(fieldError(this.templates, locale, 'memberId', 'adminEvent.error.pickMember'));
    if (!RESPONSES.includes(form.response as Response))
      errors.push(fieldError(this.templates, locale, 'response', 'adminEvent.error.pickResponse'));
    if (errors.length) return this.eventPage.send(request, reply, event, { errors, typed: { answer: form } }, 422);
    try {
      await this.answers.answer(id, form.memberId!.toLowerCase(), form.response as Response);
    } catch (error) {
      const refused = refusalOf(error, 'memberId', locale, this.templates);
      return this.eventPage.send(
        request,
        reply,
        event,
        { errors: refused.errors, typed: { answer: form } },
        refused.status,
      );
    }
    return this.back(reply, `/admin/events/${id}#attendees`);
  }

  /** Takes a member off the event; a seat they free goes to the first on the waitlist. */
  @Post(':id/registrations/:memberId/remove')
  async remove(@IdParam() id: string, @IdParam('memberId') memberId: string, @Res() reply: FastifyReply) {
    await this.answers.remove(id, memberId);
    return this.back(reply, `/admin/events/${id}#attendees`);
  }

  /** The attendee list as the API gives it: going members (hosts included) and anyone checked in. */
  @Get(':id/attendees.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="attendees.csv"')
  @Header('Cache-Control', 'no-store')
  async csv(@IdParam() id: string): Promise<string> {
    return attendeesCsv(await this.registrations.attendees(id));
  }

  private back(reply: FastifyReply, to: string) {
    return reply.header('Cache-Control', 'no-store').redirect(to, 303);
  }
}
