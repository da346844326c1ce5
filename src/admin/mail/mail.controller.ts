import { Controller, Get, Inject, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IdParam } from '../../common/id-param';
import { Locale, LOCALES } from '../../common/locale';
import { formatInstant } from '../../common/when';
import { Settings } from '../../config/settings';
import { SETTINGS } from '../../config/settings.module';
import { MembersService } from '../../members/members.service';
import { MAIL_KINDS, MailKind, OUTBOX_STATUSES, OutboxStatus, recipientsOf } from '../../outbox/outbox-message.entity';
import { OutboxService } from '../../outbox/outbox.service';
import { InboxService } from '../../replies/inbox.service';
import { SignedIn } from '../../signin/session.decorators';
import { TemplatesService } from '../../templates/templates.service';
import { AdminPages } from '../admin-pages';
import { MailPreviews } from './mail-previews';

/** Mails or calendar replies on one page. */
export const MAIL_PAGE_SIZE = 50;

class PagedQuery {
  @IsOptional() @IsIn(LOCALES) lang?: Locale;
  @IsOptional() @IsString() @MaxLength(10) page?: string;
}

class OutboxPageQuery extends PagedQuery {
  @IsOptional() @IsIn(OUTBOX_STATUSES) status?: OutboxStatus;
}

const pageNumber = (page: string | undefined) => Math.max(1, Math.min(Number(page) || 1, 1_000_000));

/**
 * Mail in the organisers' app: the outbox (waiting, sent, failed with the reason, skipped) with retry, a preview of
 * each kind of mail in French and English, and the calendar replies that came to the reply addresses.
 */
@ApiExcludeController()
@SignedIn('organiser')
@Controller('admin/mail')
export class AdminMailController {
  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly outbox: OutboxService,
    private readonly inbox: InboxService,
    private readonly members: MembersService,
    private readonly previews: MailPreviews,
    private readonly templates: TemplatesService,
    private readonly pages: AdminPages,
  ) {}

  @Get()
  async list(@Query() query: OutboxPageQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const { locale } = this.pages.organiser(request);
    const page = pageNumber(query.page);
    const [rows, total] = await this.outbox.list(query.status, MAIL_PAGE_SIZE, (page - 1) * MAIL_PAGE_SIZE);
    const names = new Map((await this.members.profiles(recipientsOf(rows))).map((m) => [m.id, m.name]));
    const when = (at: Date | null) => (at ? formatInstant(at, this.settings.timezone, locale) : '');
    const mails = rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      status: row.status,
      to: row.recipient ?? (row.memberId && names.get(row.memberId)) ?? '',
      subject: row.subject ?? '',
      created: when(row.createdAt),
      sent: when(row.sentAt),
      next: row.status === 'pending' ? when(row.nextAttemptAt) : '',
      attempts: row.attempts,
      reason: row.lastError ?? '',
      retry: row.status === 'failed',
    }));
    const filters = [undefined, ...OUTBOX_STATUSES].map((status) => ({
      href: status ? `/admin/mail?status=${status}` : '/admin/mail',
      status: status ?? 'all',
      current: status === query.status,
    }));
    const base = query.status ? `/admin/mail?status=${query.status}&` : '/admin/mail?';
    return this.pages.send(request, reply, {
      name: 'pages/admin/mail',
      section: 'mail',
      context: { mails, total, filters, back: query.status ?? '', ...this.pager(locale, page, total, base) },
    });
  }

  /** Puts a mail back in the queue, from scratch (the API's retry); the worker sends it at its next pass. */
  @Post(':id/retry')
  async retry(@IdParam() id: string, @Query() { status }: OutboxPageQuery, @Res() reply: FastifyReply) {
    await this.outbox.retry(id);
    return reply
      .header('Cache-Control', 'no-store')
      .redirect(status ? `/admin/mail?status=${status}` : '/admin/mail', 303);
  }

  @Get('previews')
  previewList(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.pages.send(request, reply, {
      name: 'pages/admin/mail-previews',
      section: 'mail',
      context: { kinds: MAIL_KINDS.map((kind) => ({ kind, locales: LOCALES })) },
    });
  }

  @Get('previews/:kind/:locale')
  async preview(
    @Param('kind') kind: string,
    @Param('locale') mailLocale: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { visitor } = this.pages.organiser(request);
    const { kind: known, locale } = this.known(kind, mailLocale);
    const preview = await this.previews.of(known, locale, visitor.member.id);
    return this.pages.send(request, reply, {
      name: 'pages/admin/mail-preview',
      section: 'mail',
      context: { kind: known, mailLocale: locale, preview, missing: 'missing' in preview ? preview.missing : null },
    });
  }

  /** The HTML part alone, as a mail client shows it (the app's CSP leaves out the mail's inline styles). */
  @Get('previews/:kind/:locale/html')
  async previewHtml(
    @Param('kind') kind: string,
    @Param('locale') mailLocale: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { visitor } = this.pages.organiser(request);
    const { kind: known, locale } = this.known(kind, mailLocale);
    const preview = await this.previews.of(known, locale, visitor.member.id);
    if ('missing' in preview) return reply.redirect(`/admin/mail/previews/${known}/${locale}`, 303);
    return reply.header('Cache-Control', 'no-store').type('text/html; charset=utf-8').send(preview.html);
  }

  @Get('inbox')
  async inboxPage(@Query() query: PagedQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const { locale } = this.pages.organiser(request);
    const page = pageNumber(query.page);
    const { messages, total } = await this.inbox.list(MAIL_PAGE_SIZE, (page - 1) * MAIL_PAGE_SIZE);
    return this.pages.send(request, reply, {
      name: 'pages/admin/inbox',
      section: 'mail',
      context: {
        total,
        messages: messages.map((message) => ({
          ...message,
          received: formatInstant(message.receivedAt, this.settings.timezone, locale),
        })),
        ...this.pager(locale, page, total, '/admin/mail/inbox?'),
      },
    });
  }

  /** An unknown kind or language names no page: 404, as an unknown id does. */
  private known(kind: string, locale: string): { kind: MailKind; locale: Locale } {
    if (!(MAIL_KINDS as readonly string[]).includes(kind) || !(LOCALES as readonly string[]).includes(locale))
      throw new NotFoundException();
    return { kind: kind as MailKind, locale: locale as Locale };
  }

  private pager(locale: Locale, page: number, total: number, base: string) {
    const pages = Math.max(1, Math.ceil(total / MAIL_PAGE_SIZE));
    return {
      pageOf: this.templates.text(locale, 'admin-dashboard.audit.pageOf', { page, pages }),
      previous: page > 1 ? `${base}page=${page - 1}` : null,
      next: page < pages ? `${base}page=${page + 1}` : null,
    };
  }
}
