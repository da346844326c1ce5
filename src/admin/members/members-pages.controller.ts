import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { noteCreated, noteUnchanged } from '../../audit/audit.interceptor';
import { DomainError, ErrorCode } from '../../common/domain-error';
import { IdParam } from '../../common/id-param';
import { Locale } from '../../common/locale';
import { MAX_OFFSET } from '../../common/pagination';
import { TakesFiles } from '../../common/request-bodies';
import { ErasureService } from '../../erasure/erasure.service';
import { CreateMemberDto, MemberResponse, UpdateMemberDto } from '../../members/member.dto';
import { MEMBERSHIPS, Membership, ROLES, Role } from '../../members/member.entity';
import { MembersService } from '../../members/members.service';
import { CsrfForm, FieldError, LanguageQuery } from '../../signin/pages';
import { SignedIn } from '../../signin/session.decorators';
import { TemplatesService } from '../../templates/templates.service';
import { AdminPages } from '../admin-pages';
import { checkMember, inputOf, MEMBER_FIELDS, MemberField, MemberForm, MemberText, skillsOf } from './member-form';
import { planImport } from './member-import';

/** Members shown on one page of the list; more are a "next" link away. */
const PAGE_SIZE = 50;

class MemberSearch extends LanguageQuery {
  @IsOptional() @IsString() @MaxLength(200) q?: string;
  @IsOptional() @IsIn(['', ...MEMBERSHIPS]) membership?: Membership | '';
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset?: number;
  /** What the last form did, said once above the list (post/redirect/get). */
  @IsOptional() @IsIn(['erased']) done?: 'erased';
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) created?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) updated?: number;
}

class DoneQuery extends LanguageQuery {
  @IsOptional() @IsIn(['created', 'updated', 'role']) done?: 'created' | 'updated' | 'role';
}

class RoleForm extends CsrfForm {
  @IsIn(ROLES) role: Role;
}

/** The CSV as a file, or pasted; the confirmation sends back the text the preview showed. */
class ImportForm extends CsrfForm {
  @IsOptional() @IsString() file?: string;
  @IsOptional() @IsString() csv?: string;
}

/** The organisers' members: search, add, edit, the organiser role, a CSV import, erasure. */
@ApiExcludeController()
@SignedIn('organiser')
@Controller('admin/members')
export class MembersPagesController {
  constructor(
    private readonly members: MembersService,
    private readonly erasure: ErasureService,
    private readonly templates: TemplatesService,
    private readonly pages: AdminPages,
  ) {}

  @Get()
  async list(@Query() search: MemberSearch, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const offset = Math.min(search.offset ?? 0, MAX_OFFSET);
    const { members, total } = await this.members.search(
      { text: search.q?.trim() || undefined, membership: search.membership || undefined },
      { limit: PAGE_SIZE, offset },
    );
    const query = (at: number) =>
      `?${new URLSearchParams({ q: search.q ?? '', membership: search.membership ?? '', offset: String(at) })}`;
    return this.pages.send(request, reply, {
      name: 'pages/admin/members',
      section: 'members',
      context: {
        q: search.q ?? '',
        memberships: this.memberships(request, search.membership ?? ''),
        members: members.map((member) => ({ ...member, skillList: member.skills.join(', ') })),
        total,
        previous: offset > 0 ? query(Math.max(0, offset - PAGE_SIZE)) : null,
        next: offset + PAGE_SIZE < total ? query(offset + PAGE_SIZE) : null,
        erased: search.done === 'erased',
        imported: search.created !== undefined ? { created: search.created, updated: search.updated ?? 0 } : null,
      },
    });
  }

  @Get('new')
  newMember(@Query() _query: LanguageQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.form(request, reply, null, { membership: 'nomad', locale: 'fr' }, []);
  }

  @Post()
  async create(
    @Body() form: MemberForm,
    @Query() _query: LanguageQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const text = textOf(form);
    const { valid, faults } = await checkMember(CreateMemberDto, inputOf(text, false));
    if (!valid) return this.form(request, reply, null, text, faults, 400);
    try {
      const member = await this.members.create(valid);
      noteCreated(request, member.id);
      return see(reply, `/admin/members/${member.id}?done=created`);
    } catch (error) {
      if (!isEmailTaken(error)) throw error;
      return this.form(request, reply, null, text, [], 409, [this.emailTaken(request)]);
    }
  }

  @Get('import')
  importForm(@Query() _query: LanguageQuery, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.importPage(request, reply, { csv: '', plan: null, fileFault: null });
  }

  /** Shows what the import would do, row by row; writes nothing. */
  @Post('import/preview')
  @TakesFiles()
  async previewImport(
    @Body() form: ImportForm,
    @Query() _query: LanguageQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    // The preview writes nothing: not a change for the audit trail.
    noteUnchanged(request);
    const csv = form.file?.trim() ? form.file : (form.csv ?? '');
    const plan = await planImport(csv, this.members);
    const status = plan.fileFault ? 400 : 200;
    return this.importPage(
      request,
      reply,
      { csv, plan: plan.fileFault ? null : plan.rows, fileFault: plan.fileFault },
      status,
    );
  }

  /** Checks the text again (whatever the preview said) and writes its good rows in one unit of work. */
  @Post('import')
  @TakesFiles()
  async confirmImport(
    @Body() form: ImportForm,
    @Query() _query: LanguageQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const csv = form.csv ?? '';
    const plan = await planImport(csv, this.members);
    const good = plan.rows.flatMap((row) => (row.input ? [row.input] : []));
    if (plan.fileFault || good.length === 0) {
      return this.importPage(
        request,
        reply,
        { csv, plan: plan.fileFault ? null : plan.rows, fileFault: plan.fileFault ?? 'nothing' },
        400,
      );
    }
    const { created, updated } = await this.members.upsert(good);
    return see(reply, `/admin/members?created=${created}&updated=${updated}`);
  }

  @Get(':id')
  async show(
    @IdParam() id: string,
    @Query() { done }: DoneQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const member = await this.members.get(id);
    return this.form(request, reply, member, textOfMember(member), [], 200, [], done ?? null);
  }

  @Post(':id')
  async update(
    @IdParam() id: string,
    @Body() form: MemberForm,
    @Query() _query: LanguageQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const member = await this.members.get(id);
    const text = textOf(form);
    const { valid, faults } = await checkMember(UpdateMemberDto, {
      ...inputOf(text, true),
      // Left empty on the edit form, a name or an email is refused, and skills are cleared.
      name: text.name?.trim() ?? '',
      email: text.email?.trim() ?? '',
      skills: skillsOf(text.skills ?? ''),
    });
    if (!valid) return this.form(request, reply, member, text, faults, 400);
    try {
      await this.members.update(id, valid);
      return see(reply, `/admin/members/${id}?done=updated`);
    } catch (error) {
      if (!isEmailTaken(error)) throw error;
      return this.form(request, reply, member, text, [], 409, [this.emailTaken(request)]);
    }
  }

  @Post(':id/role')
  async setRole(@IdParam() id: string, @Body() form: RoleForm, @Res() reply: FastifyReply) {
    await this.members.update(id, { role: form.role });
    return see(reply, `/admin/members/${id}?done=role`);
  }

  @Get(':id/erase')
  async confirmErase(
    @IdParam() id: string,
    @Query() _query: LanguageQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const member = await this.members.get(id);
    return this.pages.send(request, reply, {
      name: 'pages/admin/member-erase',
      section: 'members',
      context: { member },
    });
  }

  @Post(':id/erase')
  async erase(@IdParam() id: string, @Body() _form: CsrfForm, @Res() reply: FastifyReply) {
    await this.erasure.erase(id);
    return see(reply, '/admin/members?done=erased');
  }

  /** The add form (member null) or a member's page with the edit form. */
  private form(
    request: FastifyRequest,
    reply: FastifyReply,
    member: MemberResponse | null,
    text: MemberText,
    faults: MemberField[],
    status = 200,
    more: FieldError[] = [],
    done: string | null = null,
  ) {
    const { locale } = this.pages.organiser(request);
    const errors = [...faults.map((field) => this.fault(locale, field)), ...more];
    const values = Object.fromEntries(MEMBER_FIELDS.map((field) => [field, text[field] ?? '']));
    return this.pages.send(request, reply, {
      name: member ? 'pages/admin/member' : 'pages/admin/member-new',
      section: 'members',
      status,
      context: {
        ...(member ? { title: member.name } : {}),
        member,
        values,
        errors,
        memberships: this.memberships(request, values.membership),
        locales: ['fr', 'en'].map((value) => ({
          value,
          label: this.templates.text(locale, `members.locale.${value}`),
          selected: value === values.locale,
        })),
        organiser: member?.role === 'organiser',
        done: done ? this.templates.text(locale, `members.done.${done}`) : null,
      },
    });
  }

  private importPage(
    request: FastifyRequest,
    reply: FastifyReply,
    page: { csv: string; plan: Awaited<ReturnType<typeof planImport>>['rows'] | null; fileFault: string | null },
    status = 200,
  ) {
    const { locale } = this.pages.organiser(request);
    const rows = page.plan?.map((row) => ({
      ...row,
      problems: row.faults.map((fault) => this.templates.text(locale, `members.import.fault.${fault}`)).join(' '),
    }));
    const errors = page.fileFault
      ? [{ field: 'file', message: this.templates.text(locale, `members.import.file.${page.fileFault}`) }]
      : [];
    return this.pages.send(request, reply, {
      name: 'pages/admin/member-import',
      section: 'members',
      status,
      context: {
        csv: page.csv,
        errors,
        rows: rows ?? null,
        counts: rows
          ? {
              created: rows.filter((row) => row.input && !row.updates).length,
              updated: rows.filter((row) => row.updates).length,
              refused: rows.filter((row) => !row.input).length,
            }
          : null,
        importable: rows?.some((row) => row.input) ?? false,
      },
    });
  }

  private memberships(request: FastifyRequest, selected: string) {
    const { locale } = this.pages.organiser(request);
    return MEMBERSHIPS.map((value) => ({
      value,
      label: this.templates.text(locale, `members.membership.${value}`),
      selected: value === selected,
    }));
  }

  private fault(locale: Locale, field: MemberField): FieldError {
    return { field, message: this.templates.text(locale, `members.error.${field}`) };
  }

  private emailTaken(request: FastifyRequest): FieldError {
    return {
      field: 'email',
      message: this.templates.text(this.pages.organiser(request).locale, 'members.error.emailTaken'),
    };
  }
}

function see(reply: FastifyReply, location: string) {
  return reply.header('Cache-Control', 'no-store').redirect(location, 303);
}

function isEmailTaken(error: unknown): boolean {
  return error instanceof DomainError && error.code === ErrorCode.EMAIL_TAKEN;
}

function textOf(form: MemberForm): MemberText {
  return Object.fromEntries(MEMBER_FIELDS.map((field) => [field, form[field] ?? '']));
}

function textOfMember(member: MemberResponse): MemberText {
  return { ...member, skills: member.skills.join(', '), company: member.company ?? '' };
}
