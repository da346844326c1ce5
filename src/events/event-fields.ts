import { DateTime } from 'luxon';
import { invalidField } from '../common/domain-error';
import { CreateEventDto } from './event.dto';
import { Event, EventKind, Visibility } from './event.entity';

/** An event's fields once checked and with its times read in its zone. */
export interface EventFields {
  kind: EventKind;
  title: string;
  description: string | null;
  theme: string | null;
  startsAt: DateTime;
  endsAt: DateTime;
  timezone: string;
  location: string | null;
  roomId: string | null;
  capacity: number | null;
  minAttendees: number | null;
  quorumDeadline: DateTime | null;
  hostIds: string[];
  visibility: Visibility;
  streamUrl: string | null;
}

/** Checks the rules across fields (end after start, quorum) that a single-field decorator cannot. */
export function resolveFields(input: CreateEventDto, defaultZone: string): EventFields {
  const timezone = input.timezone ?? defaultZone;
  const at = (iso: string) => DateTime.fromISO(iso, { zone: timezone });
  const fields: EventFields = {
    kind: input.kind,
    title: input.title,
    description: input.description ?? null,
    theme: input.theme ?? null,
    startsAt: at(input.startsAt),
    endsAt: at(input.endsAt),
    timezone,
    location: input.location ?? null,
    roomId: input.roomId ?? null,
    capacity: input.capacity ?? null,
    minAttendees: input.minAttendees ?? null,
    quorumDeadline: input.quorumDeadline ? at(input.quorumDeadline) : null,
    hostIds: input.hostIds ?? [],
    visibility: input.visibility ?? 'members',
    streamUrl: input.streamUrl ?? null,
  };
  if (fields.endsAt <= fields.startsAt) throw invalidField('endsAt', 'must be after startsAt');
  if ((fields.minAttendees === null) !== (fields.quorumDeadline === null)) {
    const missing = fields.minAttendees === null ? 'minAttendees' : 'quorumDeadline';
    throw invalidField(missing, 'is required when the event has a quorum (minAttendees with quorumDeadline)');
  }
  if (fields.quorumDeadline && fields.quorumDeadline > fields.startsAt) {
    throw invalidField('quorumDeadline', 'must be at or before startsAt');
  }
  if (fields.capacity !== null && fields.hostIds.length > fields.capacity) {
    throw invalidField('capacity', `cannot be below the number of hosts (${fields.hostIds.length}): hosts take a seat`);
  }
  if (fields.minAttendees && fields.capacity && fields.minAttendees > fields.capacity) {
    throw invalidField('minAttendees', 'cannot exceed capacity');
  }
  return fields;
}

/** The stored event as the input it would take to create it again: the base an edit is merged onto. */
export function asInput(event: Event, hostIds: string[]): CreateEventDto {
  return {
    kind: event.kind,
    title: event.title,
    description: event.description,
    theme: event.theme,
    startsAt: event.startsAt.toISOString(),
    endsAt: event.endsAt.toISOString(),
    timezone: event.timezone,
    location: event.location,
    roomId: event.roomId,
    capacity: event.capacity,
    minAttendees: event.minAttendees,
    quorumDeadline: event.quorumDeadline?.toISOString() ?? null,
    hostIds,
    visibility: event.visibility,
    streamUrl: event.streamUrl,
  };
}

/**
 * Calendars must be told (SEQUENCE+1) when the time or the place changes. A change of status bumps SEQUENCE where it
 * happens (cancellation, quorum decided), never through an edit.
 */
export function isSignificantChange(before: Event, after: EventFields): boolean {
  return (
    before.startsAt.getTime() !== after.startsAt.toMillis() ||
    before.endsAt.getTime() !== after.endsAt.toMillis() ||
    before.timezone !== after.timezone ||
    before.location !== after.location ||
    before.roomId !== after.roomId
  );
}

/**
 * The times of a later occurrence when "this and following" is edited: moved the way the edited occurrence moved
 * (the same number of days, the new wall-clock start, the new length), so that a change to 13:00 puts every
 * following lunch at 13:00 local whatever the daylight-saving offset; its quorum deadline keeps its distance.
 */
export function movedLike(
  edited: Event,
  editedFields: EventFields,
  changes: Partial<CreateEventDto>,
  occurrence: Event,
): Partial<CreateEventDto> {
  const times: Partial<CreateEventDto> = {};
  const zone = editedFields.timezone;
  let start = DateTime.fromJSDate(occurrence.startsAt, { zone });
  if (changes.startsAt !== undefined || changes.endsAt !== undefined || changes.timezone !== undefined) {
    const before = DateTime.fromJSDate(edited.startsAt, { zone: edited.timezone }).setZone(zone);
    const days = Math.round(editedFields.startsAt.startOf('day').diff(before.startOf('day'), 'days').days);
    const { hour, minute, second } = editedFields.startsAt;
    start = start.plus({ days }).set({ hour, minute, second, millisecond: 0 });
    times.startsAt = start.toISO()!;
    times.endsAt = start.plus(editedFields.endsAt.diff(editedFields.startsAt)).toISO()!;
  }
  const deadlineOffset =
    changes.quorumDeadline !== undefined
      ? editedFields.quorumDeadline?.diff(editedFields.startsAt)
      : occurrence.quorumDeadline &&
        DateTime.fromJSDate(occurrence.quorumDeadline).diff(DateTime.fromJSDate(occurrence.startsAt));
  if (deadlineOffset) times.quorumDeadline = start.plus(deadlineOffset).toISO()!;
  else if (changes.quorumDeadline === null) times.quorumDeadline = null;
  return times;
}
