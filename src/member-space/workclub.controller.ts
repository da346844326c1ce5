import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CohortAdmissions } from '../cohorts/cohort-admissions';
import { ProjectDto } from '../cohorts/cohort.dto';
import { IdParam } from '../common/id-param';
import { CsrfForm, FieldError, LanguageQuery } from '../signin/pages';
import { SignedIn } from '../signin/session.decorators';
import { TemplatesService } from '../templates/templates.service';
import { checkForm } from './form-check';
import { MemberPages } from './member-pages';
import { MyCohorts } from './my-cohorts';

/** The application's fields, in the form's order. */
const FIELDS = ['projectTitle', 'projectGoal', 'helpNeeded'] as const;

/** What the form sends, as typed; the API's rules (ProjectDto) judge it. */
class ApplicationForm extends CsrfForm {
  @IsOptional() @IsString() projectTitle?: string;
  @IsOptional() @IsString() projectGoal?: string;
  @IsOptional() @IsString() helpNeeded?: string;
}

type Typed = Required<Pick<ApplicationForm, (typeof FIELDS)[number]>>;

/** A member applies to an open workclub cohort with a project; organisers then accept or decline (/admin). */
@ApiExcludeController()
@SignedIn()
@Controller('me/workclub')
export class WorkclubController {
  constructor(
    private readonly pages: MemberPages,
    private readonly cohorts: MyCohorts,
    private readonly admissions: CohortAdmissions,
    private readonly templates: TemplatesService,
  ) {}

  @Get(':id')
  async show(
    @IdParam() id: string,
    @Query() _lang: LanguageQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { place } = await this.cohorts.openOne(id, this.pages.member(request).visitor.member.id);
    const typed: Typed = {
      projectTitle: place?.projectTitle ?? '',
      projectGoal: place?.projectGoal ?? '',
      helpNeeded: place?.helpNeeded ?? '',
    };
    return this.form(request, reply, id, typed);
  }

  @Post(':id')
  async apply(
    @IdParam() id: string,
    @Body() form: ApplicationForm,
    @Query() _lang: LanguageQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const { visitor, locale } = this.pages.member(request);
    await this.cohorts.openOne(id, visitor.member.id);
    const typed: Typed = {
      projectTitle: form.projectTitle ?? '',
      projectGoal: form.projectGoal ?? '',
      helpNeeded: form.helpNeeded ?? '',
    };
    const project = {
      memberId: visitor.member.id,
      projectTitle: typed.projectTitle,
      // An optional field left empty means "not given".
      projectGoal: typed.projectGoal.trim() || null,
      helpNeeded: typed.helpNeeded.trim() || null,
    };
    const { value, errors } = await checkForm(ProjectDto, project, FIELDS, (field) =>
      this.templates.text(locale, `me.apply.error.${field}`),
    );
    if (errors.length) return this.form(request, reply, id, typed, errors, 400);
    await this.admissions.apply(id, value);
    return this.pages.redirect(request, reply, '/me?saved=application', '#workclub');
  }

  private async form(
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    typed: Typed,
    errors: FieldError[] = [],
    status = 200,
  ) {
    const { visitor, locale } = this.pages.member(request);
    const { cohort, place } = await this.cohorts.openOne(id, visitor.member.id);
    return this.pages.send(request, reply, {
      name: 'pages/me-apply',
      section: 'me',
      status,
      context: {
        errors,
        typed,
        cohort,
        title: this.templates.text(locale, 'me-apply.title', { title: cohort.title }),
        dates: this.templates.text(locale, 'me.workclub.dates', this.cohorts.dates(cohort, locale)),
        applied: place !== null,
      },
    });
  }
}
