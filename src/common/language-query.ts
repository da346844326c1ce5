import { IsIn, IsOptional } from 'class-validator';
import { Locale, LOCALES } from './locale';

/** `?lang=` of the pages a reader opens without being known (event page, cohort page). */
export class LanguageQuery {
  @IsOptional()
  @IsIn(LOCALES)
  lang?: Locale;
}
