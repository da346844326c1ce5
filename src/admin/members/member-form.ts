import { plainToInstance } from 'class-transformer';
import { IsOptional, IsString, MaxLength, validate } from 'class-validator';
import { CreateMemberDto, UpdateMemberDto } from '../../members/member.dto';
import { CsrfForm } from '../../signin/pages';

/** The fields of a member as a page or a CSV row gives them: text, checked by the API's own rules. */
export const MEMBER_FIELDS = ['name', 'email', 'locale', 'skills', 'membership', 'company'] as const;
export type MemberField = (typeof MEMBER_FIELDS)[number];
export type MemberText = Partial<Record<MemberField, string>>;

/** The add and edit form; every field is the API's, the skills one line separated by commas. */
export class MemberForm extends CsrfForm {
  @IsOptional() @IsString() @MaxLength(1000) name?: string;
  @IsOptional() @IsString() @MaxLength(1000) email?: string;
  @IsOptional() @IsString() @MaxLength(10) locale?: string;
  @IsOptional() @IsString() @MaxLength(6000) skills?: string;
  @IsOptional() @IsString() @MaxLength(20) membership?: string;
  @IsOptional() @IsString() @MaxLength(1000) company?: string;
}

/** Skills written on one line: "graphiste, illustratrice" (a CSV cell may use ; or | as well). */
export function skillsOf(text: string): string[] {
  return text
    .split(/[,;|]/)
    .map((skill) => skill.trim())
    .filter(Boolean);
}

/**
 * The API's input from the text typed or imported: an empty field is "not given" (the API's default for a new
 * member, unchanged for an edit), except the company, which an edit may clear.
 */
export function inputOf(text: MemberText, clearsCompany: boolean): Record<string, unknown> {
  const given = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);
  const input: Record<string, unknown> = {
    name: given(text.name),
    email: given(text.email),
    locale: given(text.locale),
    skills: text.skills?.trim() ? skillsOf(text.skills) : undefined,
    membership: given(text.membership),
    company: given(text.company) ?? (clearsCompany ? null : undefined),
  };
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}

/** The API's rules (CreateMemberDto or UpdateMemberDto) applied to an input: the valid DTO, or the fields at fault. */
export async function checkMember<T extends CreateMemberDto | UpdateMemberDto>(
  dto: new () => T,
  input: Record<string, unknown>,
): Promise<{ valid: T; faults: [] } | { valid: null; faults: MemberField[] }> {
  const valid = plainToInstance(dto, input);
  const errors = await validate(valid, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length === 0) return { valid, faults: [] };
  const faults = MEMBER_FIELDS.filter((field) => errors.some((error) => error.property === field));
  return { valid: null, faults };
}
