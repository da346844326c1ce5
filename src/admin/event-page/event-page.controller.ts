import { Body, Controller, Get, Header, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsNumberString, IsOptional, isUUID, MaxLength } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IdParam } from '../../common/id-param';
import { Locale } from '../../common/locale';
import { formatInstant } from '../../common/when';
import { Settings } from '../../config/settings';
import { SETTINGS } from '../../config/settings.module';
import { EventResponse } from '../../events/event.dto';
import { QUORUM_NOT_REACHED } from '../../events/event-writes';
import { EventsService } from '../../events/events.service';
import { InviteDto } from '../../mailing/mailing.dto';
import { MailingService } from '../../mailing/mailing.service';
import { MEMBERSHIPS } from '../../members/member.entity';
import { EventViews } from '../../pages/event-views';
import { Answers } from '../../registrations/answers';
import { attendeesCsv } from '../../registrations/attendees-csv';
import { REGISTRATION_STATUSES, RESPONSES, Response } from '../../registrations/registration.entity';
import { RegistrationsService } from '../../registrations/registrations.service';
import { FieldError, LanguageQuery } from '../../signin/pages';
import { SignedIn } from '../../signin/session.decorators';
import { TemplatesService } from '../../templates/templates.service';
import { AdminPages } from '../admin-pages';
import { AllMembers } from './all-members';
import { AnswerForm, AUDIENCES, Audience, InviteForm } from './event-page.forms';
import { refusalOf } from './refusals';

class EventPageQuery extends LanguageQuery {
  /** How many invitations the form just queued (post/redirect/get). */
  @IsOptional()
  @IsNumberString({ no_symbols: true })
  @MaxLength(6)
  invited?: string;
}

/** What the page's forms show again when one is refused: what was typed. */
interface Typed {
  answer: AnswerForm;
  invite: InviteForm;
}

/**
 * An event as its organisers run it: attendees by status with counts, answers added, changed or removed (the
 * registrations' own use cases: seats, waitlist, quorum), invitations with who will get a mail before it is sent,
 * the attendee CSV, and links to the public page, the feed, the check-in and the table plan.
 */
@ApiExcludeController()
@SignedIn('organiser')
@Controller('admin/events')
export class EventPageController {
  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly events: EventsService,
    private readonly registrations: RegistrationsService,
    private readonly answers: Answers,
    private readonly mailing: MailingService,
    private readonly allMembers: AllMembers,
    private readonly views: EventViews,
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
    return this.page(request, reply, await this.events.get(id), { sent });
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
    if (!form.memberId || !isUUID(form.memberId, 'all')) errors.push(this.error(locale, 'memberId', 'pickMember'));
    if (!RESPONSES.includes(form.response as Response)) errors.push(this.error(locale, 'response', 'pickResponse'));
    if (errors.length) return this.page(request, reply, event, { errors, typed: { answer: form } }, 422);
    try {
      await this.answers.answer(id, form.memberId!.toLowerCase(), form.response as Response);
    } catch (error) {
      const refused = refusalOf(error, 'memberId', locale, this.templates);
      return this.page(request, reply, event, { errors: refused.errors, typed: { answer: form } }, refused.status);
    }
    return this.back(reply, `/admin/events/${id}#attendees`);
  }

  /** Takes a member off the event; a seat they free goes to the first on the waitlist. */
  @Post(':id/registrations/:memberId/remove')
  async remove(@IdParam() id: string, @IdParam('memberId') memberId: string, @Res() reply: FastifyReply) {
    await this.answers.remove(id, memberId);
    return this.back(reply, `/admin/events/${id}#attendees`);
  }

  /** Before sending: how many will get a mail, who was invited already, who unsubscribed. Changes nothing. */
  @Get(':id/invitations')
  async preview(
    @IdParam() id: string,
    @Query() form: InviteForm,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const event = await this.events.get(id);
    const { locale } = this.pages.organiser(request);
    const chosen = await this.audienceOf(form, locale);
    if ('errors' in chosen)
      return this.page(request, reply, event, { errors: chosen.errors, typed: { invite: form } }, 422);
    let preview;
    try {
      preview = await this.mailing.preview(id, chosen.input);
    } catch (error) {
      const refused = refusalOf(error, 'audience', locale, this.templates);
      return this.page(request, reply, event, { errors: refused.errors, typed: { invite: form } }, refused.status);
    }
    const names = await this.allMembers.names();
    const named = (ids: string[]) =>
      ids.map((memberId) => names.get(memberId) ?? '').sort((a, b) => a.localeCompare(b));
    return this.pages.send(request, reply, {
      name: 'pages/admin/event-invite',
      section: 'events',
      context: {
        title: this.templates.text(locale, 'adminEvent.invite.title', { title: event.title }),
        event: { id: event.id, title: event.title },
        toSend: named(preview.toSend),
        alreadyInvited: named(preview.alreadyInvited),
        unsubscribed: preview.unsubscribed,
        form: {
          audience: form.audience,
          membership: form.membership ?? '',
          skill: form.skill ?? '',
          memberIds: form.memberIds ?? [],
          resend: form.resend ?? '',
        },
      },
    });
  }

  /** Queues the invitations the preview showed. */
  @Post(':id/invitations')
  async invite(
    @IdParam() id: string,
    @Body() form: InviteForm,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const event = await this.events.get(id);
    const { locale } = this.pages.organiser(request);
    const chosen = await this.audienceOf(form, locale);
    if ('errors' in chosen)
      return this.page(request, reply, event, { errors: chosen.errors, typed: { invite: form } }, 422);
    let queued: number;
    try {
      queued = (await this.mailing.invite(id, chosen.input)).queued;
    } catch (error) {
      const refused = refusalOf(error, 'audience', locale, this.templates);
      return this.page(request, reply, event, { errors: refused.errors, typed: { invite: form } }, refused.status);
    }
    return this.back(reply, `/admin/events/${id}?invited=${queued}#invitations`);
  }

  /** The attendee list as the API gives it: going members (hosts included) and anyone checked in. */
  @Get(':id/attendees.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="attendees.csv"')
  @Header('Cache-Control', 'no-store')
  async csv(@IdParam() id: string): Promise<string> {
    return attendeesCsv(await this.registrations.attendees(id));
  }

  /** The members the invitation form names, as the invitations' use case takes them; or what is wrong with it. */
  private async audienceOf(form: InviteForm, locale: Locale): Promise<{ input: InviteDto } | { errors: FieldError[] }> {
    const resend = form.resend === 'yes';
    const audience = form.audience as Audience;
    const members = await this.allMembers.list();
    const chosen = (field: string, ids: string[], key: string) =>
      ids.length ? { input: { memberIds: ids, resend } } : { errors: [this.error(locale, field, key)] };
    switch (AUDIENCES.includes(audience) ? audience : null) {
      case 'all':
        return { input: { all: true, resend } };
      case 'membership':
        if (!MEMBERSHIPS.includes(form.membership as never))
          return { errors: [this.error(locale, 'membership', 'pickMembership')] };
        return chosen(
          'membership',
          members.filter((member) => member.membership === form.membership).map((member) => member.id),
          'nobodyOfMembership',
        );
      case 'skill': {
        const skill = form.skill?.trim().toLowerCase() ?? '';
        if (!skill) return { errors: [this.error(locale, 'skill', 'pickSkill')] };
        return chosen(
          'skill',
          members
            .filter((member) => member.skills.some((one) => one.toLowerCase() === skill))
            .map((member) => member.id),
          'nobodyWithSkill',
        );
      }
      case 'chosen': {
        const ids = [...new Set((form.memberIds ?? []).map((memberId) => memberId.toLowerCase()))];
        const known = new Set(members.map((member) => member.id));
        return chosen(
          'memberIds',
          ids.filter((memberId) => known.has(memberId)),
          'pickMembers',
        );
      }
      default:
        return { errors: [this.error(locale, 'audience', 'pickAudience')] };
    }
  }

  private async page(
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventResponse,
    extra: { errors?: FieldError[]; typed?: Partial<Typed>; sent?: number | null },
    status = 200,
  ) {
    const { locale } = this.pages.organiser(request);
    const text = (key: string, values?: Record<string, unknown>) => this.templates.text(locale, key, values);
    const zone = this.settings.timezone;
    const [view, registrations, invitations, members] = await Promise.all([
      this.views.of(event, locale),
      this.registrations.list(event.id),
      this.mailing.invitations(event.id),
      this.allMembers.list(),
    ]);
    const names = new Map(members.map((member) => [member.id, member.name]));
    const groups = REGISTRATION_STATUSES.map((status) => {
      const rows = registrations
        .filter((registration) => registration.status === status)
        .map((registration) => ({
          ...registration,
          host: registration.role === 'host',
          checkedIn: registration.checkedInAt ? formatInstant(registration.checkedInAt, zone, locale) : null,
        }));
      return {
        status,
        id: `status-${status}`,
        heading: text(`adminEvent.group.${status}`, { count: rows.length }),
        rows,
      };
    });
    const answer = extra.typed?.answer ?? {};
    const invite = extra.typed?.invite ?? {};
    const chosenIds = new Set(invite.memberIds ?? []);
    const skills = [...new Set(members.flatMap((member) => member.skills))].sort((a, b) => a.localeCompare(b));
    return this.pages.send(request, reply, {
      name: 'pages/admin/event',
      section: 'events',
      status,
      context: {
        title: event.title,
        errors: extra.errors ?? [],
        event: {
          ...view,
          kindLabel: text(`kind.${event.kind}`),
          status: text(`adminEvent.status.${event.status}`),
          capacity: event.capacity ?? null,
          visibility: text(`adminEvent.visibility.${event.visibility ?? 'members'}`),
        },
        links: {
          public: `/events/${event.id}`,
          ics: `/events/${event.id}.ics`,
          feed: `/calendar/kinds/${event.kind}`,
          edit: `/admin/events/${event.id}/edit`,
          checkin: `/admin/events/${event.id}/checkin`,
          tablePlan: `/admin/events/${event.id}/table-plan`,
          csv: `/admin/events/${event.id}/attendees.csv`,
        },
        quorum: this.quorumOf(event, locale),
        counts: {
          ...event.counts,
          checkedIn: registrations.filter((registration) => registration.checkedInAt).length,
        },
        groups,
        sent:
          extra.sent === undefined || extra.sent === null
            ? null
            : text('adminEvent.invite.sent', { count: extra.sent }),
        answerForm: {
          members: members.map((member) => ({ ...member, selected: member.id === answer.memberId })),
          responses: RESPONSES.map((response) => ({
            value: response,
            label: text(`adminEvent.response.${response}`),
            checked: response === (answer.response ?? 'yes'),
          })),
        },
        inviteForm: {
          audiences: AUDIENCES.map((value) => ({
            value,
            label: text(`adminEvent.audience.${value}`),
            checked: value === (invite.audience ?? 'all'),
          })),
          memberships: MEMBERSHIPS.map((value) => ({
            value,
            label: text(`adminEvent.membership.${value}`),
            selected: value === invite.membership,
          })),
          skills: skills.map((value) => ({
            value,
            selected: value.toLowerCase() === invite.skill?.trim().toLowerCase(),
          })),
          members: members.map((member) => ({ id: member.id, name: member.name, checked: chosenIds.has(member.id) })),
          resend: invite.resend === 'yes',
        },
        invited: invitations.map((invitation) => ({
          name: names.get(invitation.memberId) ?? '',
          when: formatInstant(invitation.invitedAt, zone, locale),
          sends: invitation.sends,
        })),
      },
    });
  }

  /** A training's quorum: how many said yes against the minimum, by when; then reached or missed. */
  private quorumOf(event: EventResponse, locale: Locale) {
    if (!event.minAttendees) return null;
    if (event.status === 'cancelled' && event.cancelReason !== QUORUM_NOT_REACHED) return null;
    const state = { confirmed: 'reached', cancelled: 'missed', scheduled: 'waiting' }[event.status];
    return {
      state,
      text: this.templates.text(locale, `adminEvent.quorum.${state}`, {
        going: event.counts.going,
        min: event.minAttendees,
        deadline: event.quorumDeadline ? formatInstant(event.quorumDeadline, this.settings.timezone, locale) : '',
      }),
    };
  }

  private error(locale: Locale, field: string, key: string): FieldError {
    return { field, message: this.templates.text(locale, `adminEvent.error.${key}`) };
  }

  private back(reply: FastifyReply, to: string) {
    return reply.header('Cache-Control', 'no-store').redirect(to, 303);
  }
}
