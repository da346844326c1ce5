import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { LOCALES, Locale } from '../../common/locale';
import { CsrfForm } from '../../signin/pages';

/** Who an invitation is for, as the event page's form says it. */
export const AUDIENCES = ['all', 'membership', 'skill', 'chosen'] as const;
export type Audience = (typeof AUDIENCES)[number];

/**
 * The forms of the organisers' event pages take text and check it in the controller, so that a wrong value comes
 * back beside its field instead of as a bare 400; these DTOs only bound what may arrive.
 */
class PageForm extends CsrfForm {
  @IsOptional()
  @IsIn(LOCALES)
  lang?: Locale;
}

/** A form field given once is a string, given several times a list. */
const asList = ({ value }: { value: unknown }) => (value === undefined ? undefined : [value].flat());

export class AnswerForm extends PageForm {
  @IsOptional()
  @IsString()
  @MaxLength(100)
  memberId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(20)
  response?: string;
}

export class InviteForm extends PageForm {
  @IsOptional()
  @IsString()
  @MaxLength(20)
  audience?: string;

  @IsOptional()
  @IsString()
  @MaxLength(20)
  membership?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  skill?: string;

  @IsOptional()
  @Transform(asList)
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  memberIds?: string[];

  @IsOptional()
  @IsString()
  @MaxLength(10)
  resend?: string;
}

export class CheckinForm extends PageForm {
  @IsOptional()
  @IsString()
  @MaxLength(100)
  memberId?: string;
}

/** The check-in page's name filter, also kept by its forms so that the list stays as it was. */
export class CheckinQuery {
  @IsOptional()
  @IsIn(LOCALES)
  lang?: Locale;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class TablePlanForm extends PageForm {
  @IsOptional()
  @IsString()
  @MaxLength(20)
  tableSize?: string;

  @IsOptional()
  @IsString()
  @MaxLength(20)
  tables?: string;
}
