import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import { noteCreated, noteUnchanged } from '../../audit/audit.interceptor';
import { Clock } from '../../common/clock';
import { IdParam } from '../../common/id-param';
import { Locale } from '../../common/locale';
import { formatWhen } from '../../common/when';
import { Settings } from '../../config/settings';
import { SETTINGS } from '../../config/settings.module';
import { CancelEventDto, CreateSeriesDto } from '../../events/event.dto';
import { EventsService } from '../../events/events.service';
import { MAX_OCCURRENCES } from '../../events/recurrence';
import { SeriesService } from '../../planning/series.service';
import { FieldError, LanguageQuery } from '../../signin/pages';
import { SignedIn } from '../../signin/session.decorators';
import { TemplatesService } from '../../templates/templates.service';
import { AdminPages } from '../admin-pages';
import {
  CancelEventForm,
  checkInput,
  checkSeries,
  HostSkillQuery,
  inputOf,
  langSuffix,
  refusalOf,
  SeriesForm,
  wordsOf,
} from './event-form';
import { EventFormView, FieldView } from './event-form-view';
import { FormErrors } from './form-errors';
import { ENDINGS, FREQUENCIES, MONTH_WEEKS, recurrenceOfWords, WEEKDAYS } from './recurrence-words';

/** The API's fields whose errors the series form shows beside the words that gave them. */
const WORDS_OF_FIELD: Record<string, string> = { startsAt: 'startTime', endsAt: 'endTime', rrule: 'frequency' };

/**
 * Series of events with the recurrence in words: a preview of the coming occurrences that changes nothing, then the
 * series made by the API's use case (`POST /api/series`); a series' page lists its occurrences.
 */
@ApiExcludeController()
@SignedIn('organiser')
@Controller('admin/series')
export class AdminSeriesController {
  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly series: SeriesService,
    private readonly events: EventsService,
    private readonly view: EventFormView,
    private readonly pages: AdminPages,
    private readonly templates: TemplatesService,
    private readonly errors: FormErrors,
    private readonly clock: Clock,
  ) {}

  @Get('new')
  async newSeries(@Query() query: HostSkillQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const tomorrow = DateTime.fromJSDate(this.clock.now(), { zone: this.settings.timezone }).plus({ days: 1 });
    const form: SeriesForm = {
      visibility: 'members',
      firstDay: tomorrow.toISODate()!,
      startTime: '12:30',
      endTime: '14:00',
      frequency: 'weekly',
      weekdays: [WEEKDAYS[tomorrow.weekday - 1]],
      monthWeek: '1',
      monthWeekday: WEEKDAYS[tomorrow.weekday - 1],
      ending: 'count',
      count: '10',
    };
    return this.seriesForm(request, reply, query.lang, form, { hostSkill: query.hostSkill ?? '' });
  }

  /** "Preview" shows the occurrences and writes nothing; "create" makes the series. */
  @Post()
  async create(
    @Body() form: SeriesForm,
    @Query() { lang }: LanguageQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { locale } = this.pages.organiser(request);
    const zone = this.settings.timezone;
    const refused = (errors: FieldError[], status: number) => {
      noteUnchanged(request);
      return this.seriesForm(request, reply, lang, form, { errors, status });
    };
    const words = recurrenceOfWords(wordsOf(form), zone);
    const input = inputOf(form, zone, 'absent');
    const { value, fields } = await checkSeries(
      Array.isArray(words) ? { ...input, startsAt: '', endsAt: '', rrule: '' } : { ...input, ...words },
    );
    const shown = (field: string) => WORDS_OF_FIELD[field] ?? field;
    const errors = [
      ...(Array.isArray(words)
        ? words.map(({ field, key }) => ({ field, message: this.errors.text(locale, key) }))
        : []),
      ...this.errors.of(
        locale,
        fields.filter((field) => !Array.isArray(words) || !(field in WORDS_OF_FIELD)),
      ),
    ];
    if (errors.length) return refused(errors, 400);
    let occurrences: { startsAt: DateTime; endsAt: DateTime }[];
    try {
      occurrences = await this.series.preview(value);
      if (form.action === 'preview') {
        noteUnchanged(request);
        return this.seriesForm(request, reply, lang, form, { occurrences });
      }
      // The first occurrence is the first day that fits the words, on or after the day given.
      const [first] = occurrences;
      const input: CreateSeriesDto = { ...value, startsAt: first.startsAt.toISO()!, endsAt: first.endsAt.toISO()! };
      const created = await this.series.create(input);
      noteCreated(request, created.id);
      return reply.redirect(`/admin/series/${created.id}${langSuffix(lang)}`, 303);
    } catch (error) {
      const refusal = refusalOf(error);
      if (!refusal) throw error;
      if (refusal.kind === 'fields') return refused(this.errors.of(locale, refusal.fields.map(shown)), 400);
      const { title, startsAt, endsAt } = refusal.other;
      const when = formatWhen(new Date(startsAt), new Date(endsAt), zone, locale);
      const message = this.templates.text(locale, 'adminEvents.error.roomTaken', { title, when });
      return refused([{ field: 'roomId', message }], 409);
    }
  }

  @Get(':id')
  async show(
    @IdParam() id: string,
    @Query() { lang }: LanguageQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.seriesPage(request, reply, lang, id, []);
  }

  /** Cancels every occurrence still to come, with a reason; invitees are told by mail. */
  @Post(':id/cancel')
  async cancel(
    @IdParam() id: string,
    @Body() form: CancelEventForm,
    @Query() { lang }: LanguageQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { locale } = this.pages.organiser(request);
    const reason = form.reason?.trim() || undefined;
    const { fields } = await checkInput(CancelEventDto, { reason });
    if (fields.length) return this.seriesPage(request, reply, lang, id, this.errors.of(locale, fields), 400, reason);
    await this.series.cancel(id, reason);
    return reply.redirect(`/admin/series/${id}${langSuffix(lang)}`, 303);
  }

  private async seriesPage(
    request: FastifyRequest,
    reply: FastifyReply,
    lang: Locale | undefined,
    id: string,
    errors: FieldError[],
    status = 200,
    reason = '',
  ) {
    const { locale } = this.pages.organiser(request);
    // A series unknown is a 404; its occurrences are then read with what the page shows of each.
    await this.series.get(id);
    const { events } = await this.events.list({ seriesId: id, limit: MAX_OCCURRENCES, offset: 0 });
    const text = (key: string, values?: Record<string, unknown>) => this.templates.text(locale, key, values);
    const now = this.clock.now();
    const first = events[0];
    const errorOf = Object.fromEntries(errors.map((error) => [error.field, error.message]));
    return this.pages.send(request, reply, {
      name: 'pages/admin/series',
      section: 'events',
      status,
      context: {
        title: first ? first.title : text('adminEvents.series.title'),
        errors,
        heading: first?.title ?? text('adminEvents.series.title'),
        summary: text('adminEvents.series.count', { count: events.length }),
        occurrences: events.map((event) => ({
          id: event.id,
          when: formatWhen(event.startsAt, event.endsAt, this.settings.timezone, locale),
          status: text(`adminEvents.eventStatus.${event.status}`),
          cancelled: event.status === 'cancelled',
          past: event.startsAt < now,
          going: String(event.counts.going),
          page: `/admin/events/${event.id}${langSuffix(lang)}`,
          edit: `/admin/events/${event.id}/edit${langSuffix(lang)}`,
        })),
        anyToCome: events.some((event) => event.status !== 'cancelled' && event.startsAt >= now),
        reason: this.view.field(
          locale,
          { name: 'reason', control: 'textarea', hint: true, value: reason },
          {},
          errorOf,
        ),
        cancelAction: `/admin/series/${id}/cancel${langSuffix(lang)}`,
        list: `/admin/events${langSuffix(lang)}`,
      },
    });
  }

  private async seriesForm(
    request: FastifyRequest,
    reply: FastifyReply,
    lang: Locale | undefined,
    form: SeriesForm,
    shown: {
      errors?: FieldError[];
      occurrences?: { startsAt: DateTime; endsAt: DateTime }[];
      hostSkill?: string;
      status?: number;
    },
  ) {
    const { locale } = this.pages.organiser(request);
    const errors = shown.errors ?? [];
    const errorOf = Object.fromEntries(errors.map((error) => [error.field, error.message]));
    const hostSkill = shown.hostSkill ?? '';
    const eventFields = await this.view.eventFields(locale, form, errorOf, { times: false, hostSkill });
    const values = form as Record<string, unknown>;
    const field = (spec: Parameters<EventFormView['field']>[1]): FieldView =>
      this.view.field(locale, spec, values, errorOf);
    const options = (texts: string, all: readonly string[], name: string) =>
      this.view.options(locale, `adminEvents.${texts}`, all, values[name]);
    const zone = this.settings.timezone;
    return this.pages.send(request, reply, {
      name: 'pages/admin/series-new',
      section: 'events',
      status: shown.status ?? 200,
      context: {
        errors,
        eventFields,
        when: [
          field({ name: 'firstDay', control: 'input', type: 'date', hint: true }),
          field({ name: 'startTime', control: 'input', type: 'time' }),
          field({ name: 'endTime', control: 'input', type: 'time' }),
        ],
        frequency: field({
          name: 'frequency',
          control: 'radios',
          options: options('frequency', FREQUENCIES, 'frequency'),
        }),
        weekdays: field({
          name: 'weekdays',
          control: 'checkboxes',
          options: options('weekday', WEEKDAYS, 'weekdays'),
          hint: true,
        }),
        monthly: [
          field({ name: 'monthWeek', control: 'select', options: options('monthWeek', MONTH_WEEKS, 'monthWeek') }),
          field({ name: 'monthWeekday', control: 'select', options: options('weekday', WEEKDAYS, 'monthWeekday') }),
        ],
        ending: field({ name: 'ending', control: 'radios', options: options('ending', ENDINGS, 'ending') }),
        end: [
          field({ name: 'count', control: 'input', type: 'number', hint: true }),
          field({ name: 'until', control: 'input', type: 'date' }),
        ],
        hostSkill,
        lang: lang ?? null,
        action: `/admin/series${langSuffix(lang)}`,
        preview: shown.occurrences
          ? {
              count: this.templates.text(locale, 'adminEvents.preview.count', { count: shown.occurrences.length }),
              dates: shown.occurrences.map(({ startsAt, endsAt }) =>
                formatWhen(startsAt.toJSDate(), endsAt.toJSDate(), zone, locale),
              ),
            }
          : null,
      },
    });
  }
}
