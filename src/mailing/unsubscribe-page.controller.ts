import { Body, Controller, Get, Header, HttpCode, NotFoundException, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/public.decorator';
import { SessionNotUsed } from '../signin/session.decorators';
import { MembersService } from '../members/members.service';
import { TemplatesService } from '../templates/templates.service';
import { topicsText, UnsubscribeGrant, UnsubscribeLinks } from './unsubscribe-links';

/** The form of the page, and of a one-click POST from a mail client (RFC 8058: `List-Unsubscribe=One-Click`). */
class UnsubscribeForm {
  @IsOptional()
  @IsString()
  subscribe?: string;

  @IsOptional()
  @IsString()
  'List-Unsubscribe'?: string;
}

/**
 * GET shows a button and changes nothing (mail scanners open links); POST turns off the kinds of mail the link names
 * (the kind it came in), without cookies.
 */
@ApiExcludeController()
@Public()
@SessionNotUsed()
@Controller('unsubscribe')
export class UnsubscribePageController {
  constructor(
    private readonly links: UnsubscribeLinks,
    private readonly members: MembersService,
    private readonly templates: TemplatesService,
  ) {}

  @Get(':token')
  @Header('Cache-Control', 'no-store')
  async show(@Param('token') token: string, @Res() reply: FastifyReply) {
    return this.page(reply, token, await this.grant(token), null);
  }

  @Post(':token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async change(@Param('token') token: string, @Body() form: UnsubscribeForm, @Res() reply: FastifyReply) {
    const { member, topics } = await this.grant(token);
    const resubscribe = form.subscribe === 'yes';
    const preferences = await this.members.setMailPreferences(
      member.id,
      Object.fromEntries(topics.map((topic) => [topic, resubscribe])),
    );
    const done = resubscribe ? 'unsubscribe.resubscribed' : 'unsubscribe.done';
    return this.page(reply, token, { member: { ...member, mailPreferences: preferences }, topics }, done);
  }

  private async grant(token: string): Promise<UnsubscribeGrant> {
    const grant = await this.links.grantOf(token);
    if (!grant) throw new NotFoundException('This link is not valid');
    return grant;
  }

  private page(reply: FastifyReply, token: string, { member, topics }: UnsubscribeGrant, done: string | null) {
    const locale = member.locale;
    const values = { name: member.name, topics: topicsText(this.templates, locale, topics) };
    const context = {
      title: this.templates.text(locale, 'unsubscribe.title'),
      member,
      values,
      done: done && this.templates.text(locale, done, values),
      subscribed: topics.some((topic) => member.mailPreferences[topic]),
      action: `/unsubscribe/${token}`,
    };
    return reply
      .type('text/html; charset=utf-8')
      .send(this.templates.render('pages/unsubscribe', locale, context, 'pages/layout'));
  }
}
