import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DateTime, WeekdayNumbers } from 'luxon';
import { noteCreated } from '../../audit/audit.interceptor';
import { CohortAdmissions } from '../../cohorts/cohort-admissions';
import { COHORT_PHASES, CohortPhase, CohortResponse, CreateCohortDto } from '../../cohorts/cohort.dto';
import { CohortsService } from '../../cohorts/cohorts.service';
import { sessionPlan, endsOn } from '../../cohorts/session-plan';
import { DomainError, ErrorCode } from '../../common/domain-error';
import { IdParam } from '../../common/id-param';
import { Locale, LOCALES } from '../../common/locale';
import { formatWhen } from '../../common/when';
import { Settings } from '../../config/settings';
import { SETTINGS } from '../../config/settings.module';
import { MembersService } from '../../members/members.service';
import { FieldError } from '../../signin/pages';
import { SignedIn } from '../../signin/session.decorators';
import { TemplatesService } from '../../templates/templates.service';
import { AdminPages } from '../admin-pages';
import { COHORT_FIELDS, CohortForm, cohortInput, NoteForm, ProjectForm, projectInput } from './cohort-forms';

/** Members offered in the "add a member" list. */
const MEMBERS_LISTED = 500;
const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

class CohortListQuery {
  @IsOptional() @IsIn(LOCALES) lang?: Locale;
  @IsOptional() @IsIn(COHORT_PHASES) status?: CohortPhase;
}

/** The new-cohort form asks for a preview first: its controls, `lang`, and the preview button. */
class NewCohortQuery extends CohortForm {
  @IsOptional() @IsIn(LOCALES) lang?: Locale;
  @IsOptional() @IsString() @MaxLength(10) preview?: string;
}

/** Domain errors a cohort's page shows in its error summary rather than as an error page. */
const SHOWN_ON_PAGE = [ErrorCode.COHORT_FULL, ErrorCode.ALREADY_MEMBER, ErrorCode.INVALID_INPUT, ErrorCode.NOT_FOUND];

/**
 * Workclub cohorts in the organisers' app: the list, a new cohort with its session plan previewed, and each cohort
 * with its applications, members, projects, notes and sessions. Every change goes through the cohorts' use cases.
 */
@ApiExcludeController()
@SignedIn('organiser')
@Controller('admin/cohorts')
export class AdminCohortsController {
  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly cohorts: CohortsService,
    private readonly admissions: CohortAdmissions,
    private readonly members: MembersService,
    private readonly templates: TemplatesService,
    private readonly pages: AdminPages,
  ) {}

  @Get()
  async list(@Query() { status }: CohortListQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const { locale } = this.pages.organiser(request);
    const cohorts = (await this.cohorts.list(status)).map((cohort) => ({
      ...this.dates(cohort, locale),
      ...cohort,
      accepted: cohort.members.filter((place) => place.status === 'accepted').length,
      applications: cohort.members.filter((place) => place.status === 'applied').length,
    }));
    const filters = [undefined, ...COHORT_PHASES].map((phase) => ({
      href: phase ? `/admin/cohorts?status=${phase}` : '/admin/cohorts',
      phase: phase ?? 'all',
      current: phase === status,
    }));
    return this.pages.send(request, reply, {
      name: 'pages/admin/cohorts',
      section: 'cohorts',
      context: { cohorts, filters },
    });
  }

  @Get('new')
  preview(@Query() query: NewCohortQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    if (query.preview === undefined) return this.form(request, reply, query, [], null);
    const { input, invalid } = cohortInput(query);
    if (invalid.length) return this.form(request, reply, query, invalid, null, 400);
    return this.form(request, reply, query, [], input);
  }

  @Post()
  async create(@Body() form: CohortForm, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const { input, invalid } = cohortInput(form);
    if (invalid.length) return this.form(request, reply, form, invalid, null, 400);
    const cohort = await this.cohorts.create(input);
    noteCreated(request, cohort.id);
    return reply.header('Cache-Control', 'no-store').redirect(`/admin/cohorts/${cohort.id}`, 303);
  }

  @Get(':id')
  show(@IdParam() id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.cohortPage(request, reply, id, {});
  }

  /** An organiser adds a member with their project: accepted at once, enrolled in the sessions, welcomed by mail. */
  @Post(':id/members')
  async add(
    @IdParam() id: string,
    @Body() form: ProjectForm,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { locale } = this.pages.organiser(request);
    const { input, invalid } = projectInput(form);
    const project = { ...form };
    if (invalid.length) {
      const errors = invalid.map((field) => this.fieldError(locale, field));
      return this.cohortPage(request, reply, id, { errors, project }, 400);
    }
    return this.change(request, reply, id, { project }, () => this.admissions.admit(id, input.memberId, input));
  }

  @Post(':id/applications/:memberId/accept')
  accept(
    @IdParam() id: string,
    @IdParam('memberId') memberId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.change(request, reply, id, {}, () => this.admissions.admit(id, memberId), 'applications');
  }

  @Post(':id/applications/:memberId/decline')
  decline(
    @IdParam() id: string,
    @IdParam('memberId') memberId: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.change(request, reply, id, {}, () => this.admissions.decline(id, memberId), 'applications');
  }

  /** A member's progress note for one session (the organiser writes what was said at the check-in). */
  @Post(':id/notes')
  async note(
    @IdParam() id: string,
    @Body() form: NoteForm,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { locale } = this.pages.organiser(request);
    const note = { memberId: form.memberId ?? '', eventId: form.eventId ?? '', note: form.note ?? '' };
    const missing = (['memberId', 'eventId', 'note'] as const).filter((field) => !note[field].trim());
    if (missing.length) {
      const errors = missing.map((field) => this.fieldError(locale, `note-${field}`));
      return this.cohortPage(request, reply, id, { errors, note }, 400);
    }
    return this.change(
      request,
      reply,
      id,
      { note },
      () => this.cohorts.writeNote(id, note.eventId, note.memberId, note.note.trim()),
      'note-memberId',
    );
  }

  /** Runs a use case, then back to the cohort (303); a rule it breaks comes back on the page beside the form. */
  private async change(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    typed: Record<string, unknown>,
    useCase: () => Promise<unknown>,
    field = 'memberId',
  ) {
    try {
      await useCase();
    } catch (error) {
      if (!(error instanceof DomainError) || !SHOWN_ON_PAGE.includes(error.code)) throw error;
      // An unknown cohort is the 404 page; an unknown application or session is said on the cohort's page.
      if (error.code === ErrorCode.NOT_FOUND) await this.cohorts.get(id);
      const { locale } = this.pages.organiser(request);
      const message = this.templates.text(locale, `admin-dashboard.cohort.refused.${error.code}`);
      const status = error.code === ErrorCode.COHORT_FULL || error.code === ErrorCode.ALREADY_MEMBER ? 409 : 422;
      return this.cohortPage(request, reply, id, { ...typed, errors: [{ field, message }] }, status);
    }
    return reply.header('Cache-Control', 'no-store').redirect(`/admin/cohorts/${id}`, 303);
  }

  private fieldError(locale: Locale, field: string): FieldError {
    return { field, message: this.templates.text(locale, `admin-dashboard.cohort.error.${field}`) };
  }

  /** The new-cohort form, with what was typed, the messages beside the fields, and the session plan once valid. */
  private form(
    request: FastifyRequest,
    reply: FastifyReply,
    form: CohortForm,
    invalid: string[],
    input: CreateCohortDto | null,
    status = 200,
  ) {
    const { locale } = this.pages.organiser(request);
    const values = Object.fromEntries(COHORT_FIELDS.map((field) => [field, form[field] ?? '']));
    const weekdayText = (weekday: number) =>
      DateTime.fromObject({ weekday: weekday as WeekdayNumbers })
        .setLocale(locale)
        .toFormat('cccc');
    return this.pages.send(request, reply, {
      name: 'pages/admin/cohort-new',
      section: 'cohorts',
      status,
      context: {
        values,
        errors: invalid.map((field) => this.fieldError(locale, field)),
        weekdays: WEEKDAYS.map((weekday) => ({
          value: weekday,
          label: weekdayText(weekday),
          selected: String(weekday) === values.checkInWeekday,
        })),
        plan: input && this.plan(input, locale),
      },
    });
  }

  /** The sessions the cohort will have, as CohortsService.create will write them (src/cohorts/session-plan.ts). */
  private plan(input: CreateCohortDto, locale: Locale) {
    const zone = input.timezone ?? this.settings.timezone;
    const days = input.durationDays ?? 45;
    const first = DateTime.fromISO(input.startsOn, { zone });
    const [hour, minute] = (input.sessionTime ?? '12:30').split(':').map(Number);
    const sessions = sessionPlan(input.startsOn, days, input.checkInWeekday ?? first.weekday).map((session) => {
      const startsAt = DateTime.fromISO(session.date, { zone }).set({ hour, minute });
      const endsAt = startsAt.plus({ minutes: input.sessionMinutes ?? 90 });
      return {
        title: this.templates.text(locale, `cohort.session.${session.kind}`, { number: session.number }),
        when: formatWhen(startsAt.toJSDate(), endsAt.toJSDate(), zone, locale),
      };
    });
    const last = DateTime.fromISO(endsOn(input.startsOn, days)).setLocale(locale).toFormat('d LLLL yyyy');
    return { sessions, endsOn: last, count: sessions.length };
  }

  private dates(cohort: CohortResponse, locale: Locale) {
    const day = (date: string) => DateTime.fromISO(date).setLocale(locale).toFormat('d LLLL yyyy');
    return { from: day(cohort.startsOn), to: day(cohort.endsOn) };
  }

  private async cohortPage(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    context: Record<string, unknown>,
    status = 200,
  ) {
    const { locale } = this.pages.organiser(request);
    const cohort = await this.cohorts.get(id);
    const { members } = await this.members.list({ limit: MEMBERS_LISTED, offset: 0 });
    const inCohort = new Set(cohort.members.filter((place) => place.status !== 'declined').map((p) => p.memberId));
    const sessionTitles = new Map(cohort.sessions.map((session) => [session.eventId, session.title]));
    const project = (context.project as Record<string, string> | undefined) ?? {};
    const note = (context.note as Record<string, string> | undefined) ?? {};
    const accepted = cohort.members.filter((place) => place.status === 'accepted');
    return this.pages.send(request, reply, {
      name: 'pages/admin/cohort',
      section: 'cohorts',
      status,
      context: {
        ...context,
        title: cohort.title,
        cohort,
        ...this.dates(cohort, locale),
        applications: cohort.members.filter((place) => place.status === 'applied'),
        accepted: accepted.map((place) => ({
          ...place,
          notes: place.notes.map((entry) => ({ session: sessionTitles.get(entry.eventId) ?? '', note: entry.note })),
        })),
        declined: cohort.members.filter((place) => place.status === 'declined'),
        sessions: cohort.sessions.map((session) => ({
          ...session,
          when: formatWhen(session.startsAt, session.endsAt, cohort.timezone, locale),
          selected: session.eventId === note.eventId,
        })),
        candidates: members
          .filter((member) => !inCohort.has(member.id))
          .map((member) => ({ id: member.id, name: member.name, selected: member.id === project.memberId })),
        noteMembers: accepted.map((place) => ({ ...place, selected: place.memberId === note.memberId })),
        project: { projectTitle: '', projectGoal: '', helpNeeded: '', ...project },
        note: { note: '', ...note },
      },
    });
  }
}
