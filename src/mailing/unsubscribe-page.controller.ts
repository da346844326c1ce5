import { Body, Controller, Get, Header, HttpCode, NotFoundException, Param, Post, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/public.decorator';
import { MemberProfile, MembersService } from '../members/members.service';
import { TemplatesService } from '../templates/templates.service';
import { UnsubscribeLinks } from './unsubscribe-links';

/** The form of the page, and of a one-click POST from a mail client (RFC 8058: `List-Unsubscribe=One-Click`). */
class UnsubscribeForm {
  @IsOptional()
  @IsString()
  subscribe?: string;

  @IsOptional()
  @IsString()
  'List-Unsubscribe'?: string;
}

/** GET shows a button and changes nothing (mail scanners open links); POST unsubscribes, without cookies. */
@ApiExcludeController()
@Public()
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
    const member = await this.member(token);
    return this.page(reply, token, member, null);
  }

  @Post(':token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  async change(@Param('token') token: string, @Body() form: UnsubscribeForm, @Res() reply: FastifyReply) {
    const member = await this.member(token);
    const resubscribe = form.subscribe === 'yes';
    await this.members.setUnsubscribed(member.id, !resubscribe);
    const updated = await this.members.profile(member.id);
    return this.page(
      reply,
      token,
      updated,
      this.templates.text(member.locale, resubscribe ? 'unsubscribe.resubscribed' : 'unsubscribe.done'),
    );
  }

  private async member(token: string): Promise<MemberProfile> {
    const member = await this.links.memberOf(token);
    if (!member) throw new NotFoundException('This link is not valid');
    return member;
  }

  private page(reply: FastifyReply, token: string, member: MemberProfile, done: string | null) {
    const context = {
      title: this.templates.text(member.locale, 'unsubscribe.title'),
      member,
      done,
      subscribed: !member.unsubscribedAt,
      action: `/unsubscribe/${token}`,
    };
    return reply
      .type('text/html; charset=utf-8')
      .send(this.templates.render('pages/unsubscribe', member.locale, context, 'pages/layout'));
  }
}
