import { Body, Controller, Get, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiTokensService } from '../api-tokens/api-tokens.service';
import { noteCreated } from '../audit/audit.interceptor';
import { AuditService } from '../audit/audit.service';
import { formatInstant } from '../common/when';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { Locale } from '../common/locale';
import { CsrfForm, FieldError, LanguageQuery, localeOf } from '../signin/pages';
import { AdminPages } from './admin-pages';
import { SignedIn } from '../signin/session.decorators';
import { Visitor, visitorOf } from '../signin/visitor';
import { TemplatesService } from '../templates/templates.service';

/** The latest changes shown on the page; the whole trail is at GET /api/audit. */
const AUDIT_SHOWN = 50;

class TokenForm extends CsrfForm {
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  name?: string;
}

/** The organisers' app; for now their personal API tokens and the audit trail. The next issues grow it. */
@ApiExcludeController()
@SignedIn('organiser')
@Controller('admin')
export class AdminController {
  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly tokens: ApiTokensService,
    private readonly audit: AuditService,
    private readonly templates: TemplatesService,
    private readonly pages: AdminPages,
  ) {}

  @Get()
  async show(@Query() { lang }: LanguageQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const visitor = visitorOf(request)!;
    return this.page(request, reply, visitor, localeOf(lang, visitor), {});
  }

  @Post('tokens')
  async createToken(
    @Body() form: TokenForm,
    @Query() { lang }: LanguageQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const visitor = visitorOf(request)!;
    const locale = localeOf(lang, visitor);
    const name = form.name?.trim() ?? '';
    if (!name || name.length > 100) {
      const errors: FieldError[] = [{ field: 'name', message: this.templates.text(locale, 'admin.error.tokenName') }];
      return this.page(request, reply, visitor, locale, { errors, name }, 400);
    }
    const { token, view } = await this.tokens.create(visitor.member.id, name);
    noteCreated(request, view.id);
    return this.page(request, reply, visitor, locale, { created: { name, token } }, 201);
  }

  @Post('tokens/:id/revoke')
  async revokeToken(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    await this.tokens.revoke(visitorOf(request)!.member.id, id);
    return reply.header('Cache-Control', 'no-store').redirect('/admin', 303);
  }

  private async page(
    request: FastifyRequest,
    reply: FastifyReply,
    visitor: Visitor,
    locale: Locale,
    context: Record<string, unknown>,
    status = 200,
  ) {
    const zone = this.settings.timezone;
    const when = (at: Date | null) =>
      at ? formatInstant(at, zone, locale) : this.templates.text(locale, 'admin.never');
    const tokens = (await this.tokens.list(visitor.member.id)).map((token) => ({
      ...token,
      created: when(token.createdAt),
      lastUsed: when(token.lastUsedAt),
    }));
    const [entries] = await this.audit.list({ limit: AUDIT_SHOWN, offset: 0 });
    const trail = entries.map((entry) => ({
      ...entry,
      when: when(entry.at),
      who: entry.actorKind === 'admin-token' ? this.templates.text(locale, 'admin.adminToken') : entry.actorName,
      fieldList: entry.fields.join(', '),
    }));
    return this.pages.send(request, reply, {
      name: 'pages/admin',
      section: 'tokens',
      status,
      context: { member: visitor.member, tokens, trail, created: null, name: '', ...context },
    });
  }
}
