import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { UpdateMemberDto } from '../members/member.dto';
import { MembersService } from '../members/members.service';
import { CsrfForm, FieldError, LanguageQuery } from '../signin/pages';
import { SignedIn } from '../signin/session.decorators';
import { TemplatesService } from '../templates/templates.service';
import { checkForm } from './form-check';
import { MemberPages } from './member-pages';

/** The profile fields a member edits, in the form's order. */
const FIELDS = ['name', 'locale', 'skills', 'bio', 'company'] as const;

/** What the form sends, as typed; the API's rules (UpdateMemberDto) judge it, so the page can say what is wrong. */
class ProfileForm extends CsrfForm {
  @IsOptional() @IsString() name?: string;
  @IsOptional() @IsString() locale?: string;
  /** Trades, separated by commas. */
  @IsOptional() @IsString() skills?: string;
  @IsOptional() @IsString() bio?: string;
  @IsOptional() @IsString() company?: string;
}

type Typed = Required<Pick<ProfileForm, (typeof FIELDS)[number]>>;

/** The member's profile: name, language, trades, a line on what they do, company. */
@ApiExcludeController()
@SignedIn()
@Controller('me/profile')
export class ProfileController {
  constructor(
    private readonly pages: MemberPages,
    private readonly members: MembersService,
    private readonly templates: TemplatesService,
  ) {}

  @Get()
  async show(@Query() _lang: LanguageQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const profile = await this.members.get(this.pages.member(request).visitor.member.id);
    const typed: Typed = {
      ...profile,
      skills: profile.skills.join(', '),
      bio: profile.bio ?? '',
      company: profile.company ?? '',
    };
    return this.form(request, reply, typed);
  }

  @Post()
  async save(
    @Body() form: ProfileForm,
    @Query() _lang: LanguageQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { visitor, locale } = this.pages.member(request);
    const typed: Typed = {
      name: form.name ?? '',
      locale: form.locale ?? '',
      skills: form.skills ?? '',
      bio: form.bio ?? '',
      company: form.company ?? '',
    };
    const changes = {
      name: typed.name,
      locale: typed.locale,
      skills: typed.skills
        .split(',')
        .map((skill) => skill.trim())
        .filter(Boolean),
      // An emptied optional field means "none".
      bio: typed.bio.trim() || null,
      company: typed.company.trim() || null,
    };
    const { value, errors } = await checkForm(UpdateMemberDto, changes, FIELDS, (field) =>
      this.templates.text(locale, `me.profile.error.${field}`),
    );
    if (errors.length) return this.form(request, reply, typed, errors, 400);
    await this.members.update(visitor.member.id, value);
    return this.pages.redirect(request, reply, '/me?saved=profile', '#profile');
  }

  private form(request: FastifyRequest, reply: FastifyReply, typed: Typed, errors: FieldError[] = [], status = 200) {
    return this.pages.send(request, reply, {
      name: 'pages/me-profile',
      section: 'profile',
      status,
      context: { errors, typed },
    });
  }
}
