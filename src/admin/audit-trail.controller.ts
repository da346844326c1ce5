import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DateTime } from 'luxon';
import { AuditService } from '../audit/audit.service';
import { formatInstant } from '../common/when';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { FieldError, LanguageQuery } from '../signin/pages';
import { SignedIn } from '../signin/session.decorators';
import { TemplatesService } from '../templates/templates.service';
import { AdminPages } from './admin-pages';

/** Changes shown on one page of the trail. */
export const AUDIT_PAGE_SIZE = 50;
/** The kinds of thing the trail names (src/audit/audit-change.ts), for the filter. */
const THING_KINDS = ['member', 'event', 'series', 'room', 'cohort', 'mail', 'api-token'];

/** The filters of GET /api/audit, as a form sends them: days in the space's zone, a page number. */
class AuditPageQuery extends LanguageQuery {
  @IsOptional() @IsString() @MaxLength(50) kind?: string;
  @IsOptional() @IsString() @MaxLength(100) thingId?: string;
  @IsOptional() @IsString() @MaxLength(100) actor?: string;
  @IsOptional() @IsString() @MaxLength(20) from?: string;
  @IsOptional() @IsString() @MaxLength(20) to?: string;
  @IsOptional() @IsString() @MaxLength(10) page?: string;
}

/** The audit trail: every change made through /api or /admin, latest first, filtered and in pages. */
@ApiExcludeController()
@SignedIn('organiser')
@Controller('admin/audit')
export class AuditTrailController {
  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly audit: AuditService,
    private readonly templates: TemplatesService,
    private readonly pages: AdminPages,
  ) {}

  @Get()
  async show(@Query() query: AuditPageQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const { locale } = this.pages.organiser(request);
    const text = (key: string) => this.templates.text(locale, key);
    const zone = this.settings.timezone;
    const errors: FieldError[] = [];
    const day = (field: 'from' | 'to') => {
      const value = query[field]?.trim();
      if (!value) return undefined;
      const start = DateTime.fromISO(value, { zone });
      if (/^\d{4}-\d{2}-\d{2}$/.test(value) && start.isValid) return start;
      errors.push({ field, message: text('admin-dashboard.audit.error.day') });
      return undefined;
    };
    const from = day('from');
    // The last day is included: the trail stops before the next one starts.
    const to = day('to')?.plus({ days: 1 });
    const page = Math.max(1, Math.min(Number(query.page) || 1, 1_000_000));
    const filter = {
      kind: query.kind || undefined,
      thingId: query.thingId?.trim() || undefined,
      actor: query.actor?.trim() || undefined,
    };
    const [entries, total] = errors.length
      ? [[], 0]
      : await this.audit.list({
          ...filter,
          from: from?.toJSDate(),
          to: to?.toJSDate(),
          limit: AUDIT_PAGE_SIZE,
          offset: (page - 1) * AUDIT_PAGE_SIZE,
        });
    const trail = entries.map((entry) => ({
      ...entry,
      when: formatInstant(entry.at, zone, locale),
      who: entry.actorKind === 'admin-token' ? text('admin.adminToken') : entry.actorName,
      whoId: entry.actorKind === 'admin-token' ? 'admin-token' : (entry.actorTokenId ?? entry.actorMemberId),
      fieldList: entry.fields.join(', '),
    }));
    // The other pages keep the filters.
    const kept = Object.entries({ ...filter, from: query.from, to: query.to }).filter(
      (entry): entry is [string, string] => Boolean(entry[1]),
    );
    const link = (to: number) => `/admin/audit?${new URLSearchParams([...kept, ['page', String(to)]]).toString()}`;
    const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
    return this.pages.send(request, reply, {
      name: 'pages/admin/audit',
      section: 'audit',
      status: errors.length ? 400 : 200,
      context: {
        errors,
        trail,
        total,
        filter: { ...filter, from: query.from ?? '', to: query.to ?? '' },
        kinds: THING_KINDS.map((kind) => ({ value: kind, selected: kind === filter.kind })),
        pageOf: this.templates.text(locale, 'admin-dashboard.audit.pageOf', { page, pages }),
        previous: page > 1 ? link(page - 1) : null,
        next: page < pages ? link(page + 1) : null,
      },
    });
  }
}
