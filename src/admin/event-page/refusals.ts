import { DomainError, ErrorCode } from '../../common/domain-error';
import { Locale } from '../../common/locale';
import { FieldError } from '../../signin/pages';
import { TemplatesService } from '../../templates/templates.service';

/** The rules' refusals a form shows beside a field, with the status of the page that shows them. */
const SHOWN: Partial<Record<ErrorCode, { key: string; status: number }>> = {
  [ErrorCode.EVENT_CANCELLED]: { key: 'adminEvent.error.cancelled', status: 409 },
  [ErrorCode.EVENT_PAST]: { key: 'adminEvent.error.past', status: 409 },
  [ErrorCode.NOT_FOUND]: { key: 'adminEvent.error.noMember', status: 422 },
};

/** A message beside a field, from the texts of these pages. */
export function fieldError(templates: TemplatesService, locale: Locale, field: string, key: string): FieldError {
  return { field, message: templates.text(locale, key) };
}

/**
 * A refusal of the registrations' or invitations' rules as the message beside `field`; anything else is thrown again
 * (the exception filter answers it).
 */
export function refusalOf(
  error: unknown,
  field: string,
  locale: Locale,
  templates: TemplatesService,
): { errors: FieldError[]; status: number } {
  const shown = error instanceof DomainError ? SHOWN[error.code] : undefined;
  if (!shown) throw error;
  return { errors: [fieldError(templates, locale, field, shown.key)], status: shown.status };
}
