import { Inject, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Locale } from '../../common/locale';
import { formatInstant } from '../../common/when';
import { Settings } from '../../config/settings';
import { SETTINGS } from '../../config/settings.module';
import { EventResponse } from '../../events/event.dto';
import { QUORUM_NOT_REACHED } from '../../events/event-writes';
import { MailingService } from '../../mailing/mailing.service';
import { MEMBERSHIPS } from '../../members/member.entity';
import { EventViews } from '../../pages/event-views';
import { REGISTRATION_STATUSES, RESPONSES } from '../../registrations/registration.entity';
import { RegistrationsService } from '../../registrations/registrations.service';
import { FieldError } from '../../signin/pages';
import { TemplatesService } from '../../templates/templates.service';
import { AdminPages } from '../admin-pages';
import { AllMembers } from './all-members';
import { AnswerForm, AUDIENCES, InviteForm } from './event-page.forms';

/** What the page's forms show again when one is refused: what was typed. */
interface Typed {
  answer: AnswerForm;
  invite: InviteForm;
}

/**
 * The event's page: the event, its attendees by status with counts, the quorum, the answer and invitation forms
 * (with what was typed when one comes back refused) and who was invited already.
 */
@Injectable()
export class EventPage {
  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly registrations: RegistrationsService,
    private readonly mailing: MailingService,
    private readonly allMembers: AllMembers,
    private readonly views: EventViews,
    private readonly templates: TemplatesService,
    private readonly pages: AdminPages,
  ) {}

  async send(
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
}
