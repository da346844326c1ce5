import { Body, Controller, Get, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiTokensService } from '../api-tokens/api-tokens.service';
import { noteCreated } from '../audit/audit.interceptor';
import { formatInstant } from '../common/when';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { CsrfForm, FieldError } from '../signin/pages';
import { SignedIn } from '../signin/session.decorators';
import { TemplatesService } from '../templates/templates.service';
import { AdminPages } from './admin-pages';

class TokenForm extends CsrfForm {
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  name?: string;
}

/** An organiser's personal API tokens: made here (shown once), listed with their last use, revoked. */
@ApiExcludeController()
@SignedIn('organiser')
@Controller('admin/tokens')
export class TokensController {
  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly tokens: ApiTokensService,
    private readonly templates: TemplatesService,
    private readonly pages: AdminPages,
  ) {}

  @Get()
  show(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.page(request, reply, {});
  }

  @Post()
  async create(@Body() form: TokenForm, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const { visitor, locale } = this.pages.organiser(request);
    const name = form.name?.trim() ?? '';
    if (!name || name.length > 100) {
      const errors: FieldError[] = [{ field: 'name', message: this.templates.text(locale, 'admin.error.tokenName') }];
      return this.page(request, reply, { errors, name }, 400);
    }
    const { token, view } = await this.tokens.create(visitor.member.id, name);
    noteCreated(request, view.id);
    // Shown once, on this answer: a redirect would have to keep the secret somewhere.
    return this.page(request, reply, { created: { name, token } }, 201);
  }

  @Post(':id/revoke')
  async revoke(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    await this.tokens.revoke(this.pages.organiser(request).visitor.member.id, id);
    return reply.header('Cache-Control', 'no-store').redirect('/admin/tokens', 303);
  }

  private async page(request: FastifyRequest, reply: FastifyReply, context: Record<string, unknown>, status = 200) {
    const { visitor, locale } = this.pages.organiser(request);
    const when = (at: Date | null) =>
      at ? formatInstant(at, this.settings.timezone, locale) : this.templates.text(locale, 'admin.never');
    const tokens = (await this.tokens.list(visitor.member.id)).map((token) => ({
      ...token,
      created: when(token.createdAt),
      lastUsed: when(token.lastUsedAt),
    }));
    return this.pages.send(request, reply, {
      name: 'pages/admin/tokens',
      section: 'tokens',
      status,
      context: { member: visitor.member, tokens, created: null, name: '', ...context },
    });
  }
}
