import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import { noteCreated } from '../../audit/audit.interceptor';
import { Clock } from '../../common/clock';
import { IdParam } from '../../common/id-param';
import { Locale } from '../../common/locale';
import { formatWhen } from '../../common/when';
import { Settings } from '../../config/settings';
import { SETTINGS } from '../../config/settings.module';
import { CancelEventDto, EventResponse } from '../../events/event.dto';
import { EVENT_KINDS, EventKind, EventStatus } from '../../events/event.entity';
import { EventsService } from '../../events/events.service';
import { EventChanges } from '../../planning/event-changes';
import { SeriesService } from '../../planning/series.service';
import { RoomsService } from '../../rooms/rooms.service';
import { FieldError, LanguageQuery } from '../../signin/pages';
import { SignedIn } from '../../signin/session.decorators';
import { TemplatesService } from '../../templates/templates.service';
import { AdminPages } from '../admin-pages';
import {
  CANCEL_SCOPES,
  CancelEventForm,
  changesOf,
  checkCreate,
  checkInput,
  checkUpdate,
  EditEventForm,
  EventForm,
  formOf,
  HostSkillQuery,
  inputOf,
  langSuffix,
  Refusal,
  refusalOf,
} from './event-form';
import { EventFormView } from './event-form-view';
import { FormErrors } from './form-errors';

/** Events shown on one page of the list. */
const PAGE_SIZE = 50;

/** The list's status filter, in the organisers' words: to come (the default), cancelled, past, or all. */
const LIST_STATUSES = ['scheduled', 'cancelled', 'past', 'all'] as const;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The list's filters as typed: each is read by the page, which names the one it cannot read. */
class EventListQuery extends LanguageQuery {
  @IsOptional() @IsString() @MaxLength(200) title?: string;
  @IsOptional() @IsString() @MaxLength(100) kind?: string;
  @IsOptional() @IsString() @MaxLength(100) from?: string;
  @IsOptional() @IsString() @MaxLength(100) to?: string;
  @IsOptional() @IsString() @MaxLength(100) status?: string;
  @IsOptional() @IsString() @MaxLength(100) page?: string;
}

/**
 * The organisers' events: the list with its filters, the event form, the edit of one occurrence or of it and the
 * following ones, and cancelling one or all to come. Each form goes through the API's own checks and use cases.
 */
@ApiExcludeController()
@SignedIn('organiser')
@Controller('admin/events')
export class AdminEventsController {
  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly events: EventsService,
    private readonly changes: EventChanges,
    private readonly series: SeriesService,
    private readonly rooms: RoomsService,
    private readonly view: EventFormView,
    private readonly pages: AdminPages,
    private readonly templates: TemplatesService,
    private readonly errors: FormErrors,
    private readonly clock: Clock,
  ) {}

  @Get()
  async list(@Query() query: EventListQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const { locale } = this.pages.organiser(request);
    const zone = this.settings.timezone;
    const errors: FieldError[] = [];
    const refuse = (field: string) =>
      errors.push({ field, message: this.errors.text(locale, field, 'adminEvents.error.filter') });
    const title = query.title?.trim() ?? '';
    if (/[\p{Cc}]/u.test(title)) refuse('title');
    const kind = query.kind ?? '';
    if (kind && !(EVENT_KINDS as readonly string[]).includes(kind)) refuse('kind');
    const dayOf = (field: 'from' | 'to') => {
      const text = query[field] ?? '';
      const day = DAY.test(text) ? DateTime.fromISO(text, { zone }) : null;
      if (text && !day?.isValid) refuse(field);
      return day?.isValid ? day : null;
    };
    const from = dayOf('from');
    const to = dayOf('to');
    const status = query.status ?? 'scheduled';
    if (!(LIST_STATUSES as readonly string[]).includes(status)) refuse('status');
    const page = /^\d{1,6}$/.test(query.page ?? '1') ? Math.max(1, Number(query.page ?? '1')) : NaN;
    if (Number.isNaN(page)) refuse('page');

    let events: EventResponse[] = [];
    let total = 0;
    if (!errors.length) {
      const now = DateTime.fromJSDate(this.clock.now(), { zone });
      const statuses: EventStatus[] | undefined =
        status === 'scheduled' ? ['scheduled', 'confirmed'] : status === 'cancelled' ? ['cancelled'] : undefined;
      const fromAt = status === 'scheduled' ? DateTime.max(from ?? now, now) : from;
      const toAt = status === 'past' ? DateTime.min(to?.plus({ days: 1 }) ?? now, now) : to?.plus({ days: 1 });
      ({ events, total } = await this.events.list({
        title: title || undefined,
        kind: (kind || undefined) as EventKind | undefined,
        from: fromAt?.toISO() ?? undefined,
        to: toAt?.toISO() ?? undefined,
        statuses,
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
      }));
    }
    const roomNames = new Map((await this.rooms.list()).map((room) => [room.id, room.name]));
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const filters = { title, kind, from: query.from ?? '', to: query.to ?? '', status };
    const linkTo = (to: number) => {
      const params = new URLSearchParams({ ...filters, page: String(to) });
      if (query.lang) params.set('lang', query.lang);
      return `/admin/events?${params.toString()}`;
    };
    const text = (key: string, values?: Record<string, unknown>) => this.templates.text(locale, key, values);
    return this.pages.send(request, reply, {
      name: 'pages/admin/events',
      section: 'events',
      status: errors.length ? 400 : 200,
      context: {
        errors,
        filters,
        lang: query.lang ?? null,
        kinds: this.view.options(locale, 'kind', EVENT_KINDS, kind),
        statuses: this.view.options(locale, 'adminEvents.status', LIST_STATUSES, status),
        total: text('adminEvents.list.total', { count: total }),
        rows: events.map((event) => ({
          id: event.id,
          title: event.title,
          kind: text(`kind.${event.kind}`),
          when: formatWhen(event.startsAt, event.endsAt, zone, locale),
          room: (event.roomId && roomNames.get(event.roomId)) ?? event.location ?? '',
          status: text(`adminEvents.eventStatus.${event.status}`),
          cancelled: event.status === 'cancelled',
          going: event.capacity
            ? text('adminEvents.list.goingOf', { going: event.counts.going, capacity: event.capacity })
            : String(event.counts.going),
          seriesId: event.seriesId,
        })),
        pager: {
          label: text('adminEvents.list.page', { page: Math.min(page || 1, pages), pages }),
          previous: page > 1 ? linkTo(page - 1) : null,
          next: page < pages ? linkTo(page + 1) : null,
        },
        newEvent: `/admin/events/new${langSuffix(query.lang)}`,
        newSeries: `/admin/series/new${langSuffix(query.lang)}`,
      },
    });
  }

  @Get('new')
  async newEvent(@Query() query: HostSkillQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.eventForm(request, reply, query.lang, { visibility: 'members' }, [], query.hostSkill ?? '');
  }

  @Post()
  async create(
    @Body() form: EventForm,
    @Query() { lang }: LanguageQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { locale } = this.pages.organiser(request);
    const { value, fields } = await checkCreate(inputOf(form, this.settings.timezone, 'absent'));
    if (fields.length) return this.eventForm(request, reply, lang, form, this.errors.of(locale, fields), '', 400);
    try {
      const event = await this.changes.create(value);
      noteCreated(request, event.id);
      return reply.redirect(`/admin/events/${event.id}${langSuffix(lang)}`, 303);
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      return this.eventForm(request, reply, lang, form, this.refused(locale, refusal), '', statusOf(refusal));
    }
  }

  @Get(':id/edit')
  async edit(
    @IdParam() id: string,
    @Query() query: HostSkillQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const event = await this.events.get(id);
    return this.editForm(request, reply, query.lang, event, { form: formOf(event), hostSkill: query.hostSkill ?? '' });
  }

  @Post(':id/edit')
  async update(
    @IdParam() id: string,
    @Body() form: EditEventForm,
    @Query() { lang }: LanguageQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { locale } = this.pages.organiser(request);
    const event = await this.events.get(id);
    const changed = changesOf(form, formOf(event));
    const { value, fields } = await checkUpdate(inputOf(changed, event.timezone!, 'none'));
    const shown = { form, hostSkill: '', scope: form.scope ?? 'this' };
    if (fields.length) {
      return this.editForm(request, reply, lang, event, { ...shown, errors: this.errors.of(locale, fields) }, 400);
    }
    try {
      await this.changes.update(id, value, form.scope ?? 'this');
      return reply.redirect(`/admin/events/${id}${langSuffix(lang)}`, 303);
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      const errors = this.refused(locale, refusal);
      return this.editForm(request, reply, lang, event, { ...shown, errors }, statusOf(refusal));
    }
  }

  /** Cancels (skips) this occurrence, or every occurrence of its series still to come; invitees are told by mail. */
  @Post(':id/cancel')
  async cancel(
    @IdParam() id: string,
    @Body() form: CancelEventForm,
    @Query() { lang }: LanguageQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { locale } = this.pages.organiser(request);
    const event = await this.events.get(id);
    const reason = form.reason?.trim() || undefined;
    const { fields } = await checkInput(CancelEventDto, { reason });
    if (fields.length) {
      const errors = fields.map((field) => ({ field, message: this.errors.text(locale, field) }));
      return this.editForm(request, reply, lang, event, { form: formOf(event), hostSkill: '', errors, reason }, 400);
    }
    if (form.cancelScope === 'coming' && event.seriesId) {
      await this.series.cancel(event.seriesId, reason);
      return reply.redirect(`/admin/series/${event.seriesId}${langSuffix(lang)}`, 303);
    }
    await this.changes.cancel(id, reason);
    return reply.redirect(`/admin/events/${id}${langSuffix(lang)}`, 303);
  }

  private refused(locale: Locale, refusal: Refusal): FieldError[] {
    if (refusal.kind === 'fields') return this.errors.of(locale, refusal.fields);
    const { title, startsAt, endsAt } = refusal.other;
    const when = formatWhen(new Date(startsAt), new Date(endsAt), this.settings.timezone, locale);
    return [{ field: 'roomId', message: this.templates.text(locale, 'adminEvents.error.roomTaken', { title, when }) }];
  }

  private async eventForm(
    request: FastifyRequest,
    reply: FastifyReply,
    lang: Locale | undefined,
    form: EventForm,
    errors: FieldError[],
    hostSkill: string,
    status = 200,
  ) {
    const { locale } = this.pages.organiser(request);
    const errorOf = Object.fromEntries(errors.map((error) => [error.field, error.message]));
    const fields = await this.view.eventFields(locale, form, errorOf, { times: true, hostSkill });
    return this.pages.send(request, reply, {
      name: 'pages/admin/events-new',
      section: 'events',
      status,
      context: {
        errors,
        fields,
        hostSkill,
        lang: lang ?? null,
        action: `/admin/events${langSuffix(lang)}`,
      },
    });
  }

  private async editForm(
    request: FastifyRequest,
    reply: FastifyReply,
    lang: Locale | undefined,
    event: EventResponse,
    shown: { form: EventForm; hostSkill: string; errors?: FieldError[]; scope?: string; reason?: string },
    status = 200,
  ) {
    const { locale } = this.pages.organiser(request);
    const errors = shown.errors ?? [];
    const errorOf = Object.fromEntries(errors.map((error) => [error.field, error.message]));
    const cancelled = event.status === 'cancelled';
    const fields = cancelled
      ? []
      : await this.view.eventFields(locale, shown.form, errorOf, { times: true, hostSkill: shown.hostSkill });
    const inSeries = event.seriesId !== null;
    const field = this.view.field.bind(this.view);
    return this.pages.send(request, reply, {
      name: 'pages/admin/events-edit',
      section: 'events',
      status,
      context: {
        title: this.templates.text(locale, 'adminEvents.edit.title', { title: event.title }),
        errors,
        event: {
          id: event.id,
          title: event.title,
          when: formatWhen(event.startsAt, event.endsAt, this.settings.timezone, locale),
          cancelled,
          seriesLink: inSeries ? `/admin/series/${event.seriesId}${langSuffix(lang)}` : null,
          page: `/admin/events/${event.id}${langSuffix(lang)}`,
        },
        fields,
        hostSkill: shown.hostSkill,
        lang: lang ?? null,
        scope: inSeries
          ? field(
              locale,
              {
                name: 'scope',
                control: 'radios',
                options: this.view.options(locale, 'adminEvents.scope', ['this', 'following'], shown.scope ?? 'this'),
              },
              {},
              errorOf,
            )
          : null,
        cancelFields: [
          field(locale, { name: 'reason', control: 'textarea', hint: true, value: shown.reason ?? '' }, {}, errorOf),
          ...(inSeries
            ? [
                field(
                  locale,
                  {
                    name: 'cancelScope',
                    control: 'radios',
                    options: this.view.options(locale, 'adminEvents.cancelScope', CANCEL_SCOPES, 'this'),
                  },
                  {},
                  errorOf,
                ),
              ]
            : []),
        ],
        editAction: `/admin/events/${event.id}/edit${langSuffix(lang)}`,
        cancelAction: `/admin/events/${event.id}/cancel${langSuffix(lang)}`,
      },
    });
  }
}

/** A room taken is a conflict, as the API says; every other refusal names a field the organiser can fix. */
function statusOf(refusal: Refusal): number {
  return refusal.kind === 'room' ? 409 : 400;
}
