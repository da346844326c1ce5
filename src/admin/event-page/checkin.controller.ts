import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { isUUID } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IdParam } from '../../common/id-param';
import { formatInstant } from '../../common/when';
import { Settings } from '../../config/settings';
import { SETTINGS } from '../../config/settings.module';
import { EventResponse } from '../../events/event.dto';
import { EventsService } from '../../events/events.service';
import { RegistrationsService } from '../../registrations/registrations.service';
import { FieldError } from '../../signin/pages';
import { SignedIn } from '../../signin/session.decorators';
import { TemplatesService } from '../../templates/templates.service';
import { AdminPages } from '../admin-pages';
import { AllMembers } from './all-members';
import { CheckinForm, CheckinQuery } from './event-page.forms';
import { fieldError, refusalOf } from './refusals';

/** Names compared as people type them: no case, no accents. */
export function searchable(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .trim();
}

/** Walk-ins shown for one filter: enough to find someone, few enough to read on a phone. */
const WALK_INS_SHOWN = 10;

/**
 * Check-in at the door, on a phone: one large button per going or waitlisted member, undo, a name filter that is a
 * plain GET form, and walk-ins found among all members (checking one in records them as going, as the API does).
 */
@ApiExcludeController()
@SignedIn('organiser')
@Controller('admin/events')
export class CheckinController {
  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly events: EventsService,
    private readonly registrations: RegistrationsService,
    private readonly allMembers: AllMembers,
    private readonly templates: TemplatesService,
    private readonly pages: AdminPages,
  ) {}

  @Get(':id/checkin')
  async show(
    @IdParam() id: string,
    @Query() { q }: CheckinQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.page(request, reply, await this.events.get(id), q ?? '', []);
  }

  @Post(':id/checkins')
  async checkIn(
    @IdParam() id: string,
    @Query() { q }: CheckinQuery,
    @Body() form: CheckinForm,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const event = await this.events.get(id);
    const { locale } = this.pages.organiser(request);
    if (!form.memberId || !isUUID(form.memberId, 'all')) {
      const errors = [fieldError(this.templates, locale, 'q', 'adminEvent.error.pickMember')];
      return this.page(request, reply, event, q ?? '', errors, 422);
    }
    try {
      await this.registrations.checkIn(id, form.memberId.toLowerCase());
    } catch (error) {
      const refused = refusalOf(error, 'q', locale, this.templates);
      return this.page(request, reply, event, q ?? '', refused.errors, refused.status);
    }
    return this.back(reply, id, q, form.memberId.toLowerCase());
  }

  @Post(':id/checkins/:memberId/undo')
  async undo(
    @IdParam() id: string,
    @IdParam('memberId') memberId: string,
    @Query() { q }: CheckinQuery,
    @Res() reply: FastifyReply,
  ) {
    await this.registrations.undoCheckIn(id, memberId);
    return this.back(reply, id, q, memberId);
  }

  private async page(
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventResponse,
    q: string,
    errors: FieldError[],
    status = 200,
  ) {
    const { locale } = this.pages.organiser(request);
    const text = (key: string, values?: Record<string, unknown>) => this.templates.text(locale, key, values);
    const registrations = await this.registrations.list(event.id);
    const expected = registrations.filter(
      (registration) => registration.status === 'going' || registration.status === 'waitlisted',
    );
    const wanted = searchable(q);
    const matches = (...texts: string[]) => texts.some((one) => searchable(one).includes(wanted));
    const people = expected
      .filter((registration) => matches(registration.name))
      .map((registration) => ({
        memberId: registration.memberId,
        name: registration.name,
        waiting:
          registration.status === 'waitlisted'
            ? text('adminEvent.checkin.waitlisted', { position: registration.position })
            : null,
        checkedIn: registration.checkedInAt
          ? text('adminEvent.checkin.arrivedAt', {
              time: formatInstant(registration.checkedInAt, this.settings.timezone, locale),
            })
          : null,
      }));
    const listed = new Set(expected.map((registration) => registration.memberId));
    const answered = new Map(registrations.map((registration) => [registration.memberId, registration.status]));
    const walkIns = wanted
      ? (await this.allMembers.list())
          .filter((member) => !listed.has(member.id) && matches(member.name, member.email))
          .slice(0, WALK_INS_SHOWN)
          .map((member) => {
            const status = answered.get(member.id);
            return {
              ...member,
              answer: status ? text(`adminEvent.checkin.answered.${status}`) : text('adminEvent.checkin.noAnswer'),
            };
          })
      : [];
    return this.pages.send(request, reply, {
      name: 'pages/admin/checkin',
      section: 'events',
      status,
      context: {
        title: text('adminEvent.checkin.title', { title: event.title }),
        errors,
        event: { id: event.id, title: event.title },
        here: text('adminEvent.checkin.here', {
          here: registrations.filter((registration) => registration.checkedInAt).length,
          expected: expected.length,
        }),
        q,
        query: q ? `?q=${encodeURIComponent(q)}` : '',
        people,
        walkIns,
        filtered: Boolean(wanted),
      },
    });
  }

  /** Back to the list as it was filtered, at the person just pressed. */
  private back(reply: FastifyReply, id: string, q: string | undefined, memberId: string) {
    const query = q ? `?q=${encodeURIComponent(q)}` : '';
    return reply.header('Cache-Control', 'no-store').redirect(`/admin/events/${id}/checkin${query}#m-${memberId}`, 303);
  }
}
