import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, MaxLength, validate } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { DateTime } from 'luxon';
import { DomainError, ErrorCode } from '../../common/domain-error';
import { fieldErrors } from '../../common/validation';
import {
  CreateEventDto,
  CreateSeriesDto,
  EDIT_SCOPES,
  EditScope,
  EventResponse,
  UpdateEventDto,
} from '../../events/event.dto';
import { Locale } from '../../common/locale';
import { CsrfForm, LanguageQuery } from '../../signin/pages';
import { ENDINGS, FREQUENCIES, RecurrenceWords } from './recurrence-words';

export class HostSkillQuery extends LanguageQuery {
  /** Narrows the hosts offered to members with a skill containing this text. */
  @IsOptional() @IsString() @MaxLength(100) hostSkill?: string;
}

/** `?lang=` carried over to the links and forms of a page opened with it. */
export const langSuffix = (lang: Locale | undefined) => (lang ? `?lang=${lang}` : '');

/** A form control sent once is a string, sent several times (checkboxes) a list: always a list here. */
const asList = ({ value }: { value: unknown }) => (typeof value === 'string' ? [value] : value);

/**
 * The event form as the browser sends it: every control a string, named as the API's fields. Only its shape is
 * checked here; the rules are the API's own (`CreateEventDto`, `EventChanges`), applied once the strings are read.
 */
export class EventForm extends CsrfForm {
  @IsOptional() @IsString() @MaxLength(100) kind?: string;
  @IsOptional() @IsString() @MaxLength(1000) title?: string;
  @IsOptional() @IsString() @MaxLength(10_000) description?: string;
  @IsOptional() @IsString() @MaxLength(1000) theme?: string;
  @IsOptional() @IsString() @MaxLength(100) startsAt?: string;
  @IsOptional() @IsString() @MaxLength(100) endsAt?: string;
  @IsOptional() @IsString() @MaxLength(1000) location?: string;
  @IsOptional() @IsString() @MaxLength(100) roomId?: string;
  @IsOptional() @IsString() @MaxLength(100) capacity?: string;
  @IsOptional() @IsString() @MaxLength(100) minAttendees?: string;
  @IsOptional() @IsString() @MaxLength(100) quorumDeadline?: string;
  @IsOptional() @IsString() @MaxLength(100) visibility?: string;
  @IsOptional() @IsString() @MaxLength(1000) streamUrl?: string;

  @IsOptional()
  @Transform(asList)
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  hostIds?: string[];
}

export class EditEventForm extends EventForm {
  @IsOptional() @IsIn(EDIT_SCOPES) scope?: EditScope;
}

export const CANCEL_SCOPES = ['this', 'coming'] as const;

export class CancelEventForm extends CsrfForm {
  @IsOptional() @IsString() @MaxLength(2000) reason?: string;
  @IsOptional() @IsIn(CANCEL_SCOPES) cancelScope?: (typeof CANCEL_SCOPES)[number];
}

export const SERIES_ACTIONS = ['preview', 'create'] as const;

/** The series form: the event's fields (its times come from the words) and the recurrence in words. */
export class SeriesForm extends EventForm {
  @IsOptional() @IsString() @MaxLength(100) firstDay?: string;
  @IsOptional() @IsString() @MaxLength(100) startTime?: string;
  @IsOptional() @IsString() @MaxLength(100) endTime?: string;
  @IsOptional() @IsIn(FREQUENCIES) frequency?: string;

  @IsOptional()
  @Transform(asList)
  @IsArray()
  @ArrayMaxSize(7)
  @IsString({ each: true })
  @MaxLength(10, { each: true })
  weekdays?: string[];

  @IsOptional() @IsString() @MaxLength(10) monthWeek?: string;
  @IsOptional() @IsString() @MaxLength(10) monthWeekday?: string;
  @IsOptional() @IsIn(ENDINGS) ending?: string;
  @IsOptional() @IsString() @MaxLength(100) count?: string;
  @IsOptional() @IsString() @MaxLength(100) until?: string;
  @IsOptional() @IsIn(SERIES_ACTIONS) action?: (typeof SERIES_ACTIONS)[number];
}

export function wordsOf(form: SeriesForm): RecurrenceWords {
  return {
    firstDay: form.firstDay ?? '',
    startTime: form.startTime ?? '',
    endTime: form.endTime ?? '',
    frequency: form.frequency ?? '',
    weekdays: form.weekdays ?? [],
    monthWeek: form.monthWeek ?? '',
    monthWeekday: form.monthWeekday ?? '',
    ending: form.ending ?? '',
    count: form.count ?? '',
    until: form.until ?? '',
  };
}

const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;
const WHOLE = /^\d{1,9}$/;

/** A `datetime-local` value read in the zone, as the API takes it; anything else is left for the API to refuse. */
export function instantOf(local: string, zone: string): string {
  const at = LOCAL_TIME.test(local) ? DateTime.fromISO(local, { zone }) : null;
  return at?.isValid ? at.toISO({ suppressMilliseconds: true })! : local;
}

/** An instant as a `datetime-local` control shows it, in the zone. */
export function localOf(at: Date | null, zone: string): string {
  return at ? DateTime.fromJSDate(at, { zone }).toFormat("yyyy-MM-dd'T'HH:mm") : '';
}

/** The controls of the event form, as the API names its fields (`hostIds` apart: a list). */
export const EVENT_FIELDS = [
  'kind',
  'title',
  'theme',
  'description',
  'startsAt',
  'endsAt',
  'location',
  'roomId',
  'capacity',
  'visibility',
  'minAttendees',
  'quorumDeadline',
  'streamUrl',
] as const;
export type EventField = (typeof EVENT_FIELDS)[number];

const NULLABLE: string[] = [
  'description',
  'theme',
  'location',
  'roomId',
  'capacity',
  'minAttendees',
  'quorumDeadline',
  'streamUrl',
];

/**
 * The API's input from the form's strings. An empty optional control is "not given" on a new event and "none" on an
 * edit (the form shows every current value, so emptying one clears it); numbers and local times are read, and
 * what cannot be read is passed on as typed for the API's checks to name.
 */
export function inputOf(form: EventForm, zone: string, empty: 'absent' | 'none'): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const name of EVENT_FIELDS) {
    const raw = form[name];
    if (typeof raw !== 'string') continue;
    const value = name === 'description' ? raw.replace(/\r\n/g, '\n') : raw.trim();
    if (value === '') {
      if (empty === 'none' && NULLABLE.includes(name)) input[name] = null;
      else if (!NULLABLE.includes(name)) input[name] = value;
      continue;
    }
    if (['startsAt', 'endsAt', 'quorumDeadline'].includes(name)) input[name] = instantOf(value, zone);
    else if (['capacity', 'minAttendees'].includes(name)) input[name] = WHOLE.test(value) ? Number(value) : value;
    else input[name] = value;
  }
  if (form.hostIds) input.hostIds = form.hostIds;
  return input;
}

/** The form of a stored event: what its edit page shows, and what an edit is compared with. */
export function formOf(event: EventResponse): EventForm {
  const text = (value: string | number | null | undefined) =>
    value === null || value === undefined ? '' : String(value);
  return {
    kind: event.kind,
    title: event.title,
    theme: text(event.theme),
    description: text(event.description),
    startsAt: localOf(event.startsAt, event.timezone!),
    endsAt: localOf(event.endsAt, event.timezone!),
    location: text(event.location),
    roomId: text(event.roomId),
    capacity: text(event.capacity),
    visibility: event.visibility,
    minAttendees: text(event.minAttendees),
    quorumDeadline: localOf(event.quorumDeadline, event.timezone!),
    streamUrl: text(event.streamUrl),
    hostIds: event.hostIds ?? [],
  };
}

/** Only what the organiser changed: an edit of "this and following" then leaves the rest of each occurrence alone. */
export function changesOf(form: EventForm, before: EventForm): EventForm {
  const changed: EventForm = {};
  for (const name of EVENT_FIELDS) {
    const value = form[name] ?? '';
    if ((name === 'description' ? value.replace(/\r\n/g, '\n') : value.trim()) !== before[name]) changed[name] = value;
  }
  const hosts = [...new Set(form.hostIds ?? [])].sort();
  if (hosts.join() !== [...(before.hostIds ?? [])].sort().join()) changed.hostIds = hosts;
  return changed;
}

/** The API's DTO checks on the input, each field at fault with the API's message (the page shows its own text). */
export async function checkInput<T extends object>(
  dto: new () => T,
  input: Record<string, unknown>,
): Promise<{ value: T; fields: string[] }> {
  const value = plainToInstance(dto, input);
  const errors = await validate(value, { whitelist: true, forbidNonWhitelisted: true });
  return { value, fields: Object.keys(fieldErrors(errors)).map((path) => path.split('.')[0]) };
}

export const checkCreate = (input: Record<string, unknown>) => checkInput(CreateEventDto, input);
export const checkUpdate = (input: Record<string, unknown>) => checkInput(UpdateEventDto, input);
export const checkSeries = (input: Record<string, unknown>) => checkInput(CreateSeriesDto, input);

/** What a refused use case says about the form: the fields it names, or the event that holds the room. */
export type Refusal =
  | { kind: 'fields'; fields: string[] }
  | { kind: 'room'; other: { id: string; title: string; startsAt: Date; endsAt: Date } };

/** Reads a rule's refusal (a 400 naming fields, the room taken); any other error is not the form's to show. */
export function refusalOf(error: unknown): Refusal | null {
  if (!(error instanceof DomainError)) return null;
  if (error.code === ErrorCode.ROOM_TAKEN) {
    const other = error.details.conflictingEvent as { id: string; title: string; startsAt: Date; endsAt: Date };
    return { kind: 'room', other };
  }
  const fields = error.details.fields as Record<string, unknown> | undefined;
  if (error.code === ErrorCode.INVALID_INPUT && fields) return { kind: 'fields', fields: Object.keys(fields) };
  return null;
}
