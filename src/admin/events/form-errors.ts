import { Injectable } from '@nestjs/common';
import { Locale } from '../../common/locale';
import { FieldError } from '../../signin/pages';
import { TemplatesService } from '../../templates/templates.service';

/**
 * The message beside a field the organiser got wrong, in their language: one text per field
 * (`<prefix>.<field>`) saying what it takes, whichever of the API's rules refused it.
 */
@Injectable()
export class FormErrors {
  constructor(private readonly templates: TemplatesService) {}

  text(locale: Locale, field: string, prefix = 'adminEvents.error'): string {
    return this.templates.text(locale, `${prefix}.${field}`);
  }

  /** One error per field, in the order given. */
  of(locale: Locale, fields: string[], prefix?: string): FieldError[] {
    return [...new Set(fields)].map((field) => ({ field, message: this.text(locale, field, prefix) }));
  }
}
