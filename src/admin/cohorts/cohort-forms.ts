import { plainToInstance } from 'class-transformer';
import { IsOptional, IsString, MaxLength, validateSync } from 'class-validator';
import { CreateCohortDto, ProjectDto } from '../../cohorts/cohort.dto';
import { CsrfForm } from '../../signin/pages';

/** The cohort form as a browser sends it: every control a string, an empty one meaning "not given". */
export class CohortForm extends CsrfForm {
  @IsOptional() @IsString() @MaxLength(1000) title?: string;
  @IsOptional() @IsString() @MaxLength(1000) theme?: string;
  @IsOptional() @IsString() @MaxLength(1000) sponsor?: string;
  @IsOptional() @IsString() @MaxLength(100) startsOn?: string;
  @IsOptional() @IsString() @MaxLength(100) durationDays?: string;
  @IsOptional() @IsString() @MaxLength(100) capacity?: string;
  @IsOptional() @IsString() @MaxLength(100) sessionTime?: string;
  @IsOptional() @IsString() @MaxLength(100) sessionMinutes?: string;
  @IsOptional() @IsString() @MaxLength(100) checkInWeekday?: string;
}

export const COHORT_FIELDS = [
  'title',
  'theme',
  'sponsor',
  'startsOn',
  'durationDays',
  'capacity',
  'sessionTime',
  'sessionMinutes',
  'checkInWeekday',
] as const;
const NUMBERS = new Set(['durationDays', 'capacity', 'sessionMinutes', 'checkInWeekday']);

/** A member's project, as the page's form sends it (the API's ProjectDto, in strings). */
export class ProjectForm extends CsrfForm {
  @IsOptional() @IsString() @MaxLength(100) memberId?: string;
  @IsOptional() @IsString() @MaxLength(1000) projectTitle?: string;
  @IsOptional() @IsString() @MaxLength(5000) projectGoal?: string;
  @IsOptional() @IsString() @MaxLength(5000) helpNeeded?: string;
}

/** A progress note for one session, as the page's form sends it. */
export class NoteForm extends CsrfForm {
  @IsOptional() @IsString() @MaxLength(100) memberId?: string;
  @IsOptional() @IsString() @MaxLength(100) eventId?: string;
  @IsOptional() @IsString() @MaxLength(5000) note?: string;
}

/**
 * Checks a form with the API's own DTO, so a page refuses exactly what the API refuses: the typed values (empty ones
 * left out, whole numbers as numbers) and the names of the fields at fault.
 */
export function checkForm<T extends object>(
  type: new () => T,
  form: Record<string, string | undefined>,
  fields: readonly string[],
): { input: T; invalid: string[] } {
  const plain: Record<string, unknown> = {};
  for (const field of fields) {
    const value = form[field]?.trim();
    if (!value) continue;
    plain[field] = NUMBERS.has(field) && /^-?\d+$/.test(value) ? Number(value) : value;
  }
  const input = plainToInstance(type, plain);
  const invalid = validateSync(input).map((error) => error.property);
  return { input, invalid };
}

export const cohortInput = (form: CohortForm) => checkForm(CreateCohortDto, { ...form }, COHORT_FIELDS);
export const projectInput = (form: ProjectForm) =>
  checkForm(ProjectDto, { ...form }, ['memberId', 'projectTitle', 'projectGoal', 'helpNeeded']);
