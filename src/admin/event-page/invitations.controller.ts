import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IdParam } from '../../common/id-param';
import { Locale } from '../../common/locale';
import { EventResponse } from '../../events/event.dto';
import { EventsService } from '../../events/events.service';
import { InviteDto } from '../../mailing/mailing.dto';
import { MailingService } from '../../mailing/mailing.service';
import { MEMBERSHIPS } from '../../members/member.entity';
import { FieldError } from '../../signin/pages';
import { SignedIn } from '../../signin/session.decorators';
import { TemplatesService } from '../../templates/templates.service';
import { AdminPages } from '../admin-pages';
import { AllMembers } from './all-members';
import { AUDIENCES, Audience, InviteForm } from './event-page.forms';
import { EventPage } from './event-page.view';
import { fieldError, refusalOf } from './refusals';

/**
 * Invitations from the event's page: all members, those of a membership, those with a trade, or chosen ones. A GET
 * shows who will get a mail (and who was invited already) before anything is sent; the POST queues them through
 * the invitations' use case, as `POST /api/events/:id/invitations` does.
 */
@ApiExcludeController()
@SignedIn('organiser')
@Controller('admin/events')
export class InvitationsController {
  constructor(
    private readonly events: EventsService,
    private readonly mailing: MailingService,
    private readonly allMembers: AllMembers,
    private readonly eventPage: EventPage,
    private readonly templates: TemplatesService,
    private readonly pages: AdminPages,
  ) {}

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
    if ('errors' in chosen) return this.refused(request, reply, event, form, { errors: chosen.errors, status: 422 });
    let preview;
    try {
      preview = await this.mailing.preview(id, chosen.input);
    } catch (error) {
      return this.refused(request, reply, event, form, refusalOf(error, 'audience', locale, this.templates));
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
    if ('errors' in chosen) return this.refused(request, reply, event, form, { errors: chosen.errors, status: 422 });
    let queued: number;
    try {
      queued = (await this.mailing.invite(id, chosen.input)).queued;
    } catch (error) {
      return this.refused(request, reply, event, form, refusalOf(error, 'audience', locale, this.templates));
    }
    return reply.header('Cache-Control', 'no-store').redirect(`/admin/events/${id}?invited=${queued}#invitations`, 303);
  }

  /** The event's page again, with the invitation form as typed and what was wrong with it. */
  private refused(
    request: FastifyRequest,
    reply: FastifyReply,
    event: EventResponse,
    form: InviteForm,
    refusal: { errors: FieldError[]; status: number },
  ) {
    return this.eventPage.send(
      request,
      reply,
      event,
      { errors: refusal.errors, typed: { invite: form } },
      refusal.status,
    );
  }

  /** The members the invitation form names, as the invitations' use case takes them; or what is wrong with it. */
  private async audienceOf(form: InviteForm, locale: Locale): Promise<{ input: InviteDto } | { errors: FieldError[] }> {
    const resend = form.resend === 'yes';
    const audience = form.audience as Audience;
    const members = await this.allMembers.list();
    const chosen = (field: string, ids: string[], key: string) =>
      ids.length
        ? { input: { memberIds: ids, resend } }
        : { errors: [fieldError(this.templates, locale, field, `adminEvent.error.${key}`)] };
    switch (AUDIENCES.includes(audience) ? audience : null) {
      case 'all':
        return { input: { all: true, resend } };
      case 'membership':
        if (!MEMBERSHIPS.includes(form.membership as never))
          return { errors: [fieldError(this.templates, locale, 'membership', 'adminEvent.error.pickMembership')] };
        return chosen(
          'membership',
          members.filter((member) => member.membership === form.membership).map((member) => member.id),
          'nobodyOfMembership',
        );
      case 'skill': {
        const skill = form.skill?.trim().toLowerCase() ?? '';
        if (!skill) return { errors: [fieldError(this.templates, locale, 'skill', 'adminEvent.error.pickSkill')] };
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
        return { errors: [fieldError(this.templates, locale, 'audience', 'adminEvent.error.pickAudience')] };
    }
  }
}
