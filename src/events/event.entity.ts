import { Column, Entity, PrimaryColumn } from 'typeorm';

export const EVENT_KINDS = [
  'colunch',
  'workshop',
  'open-coffee',
  'talk',
  'round-table',
  'training',
  'workclub-session',
  'other',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const VISIBILITIES = ['members', 'public'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** `scheduled` until a quorum confirms it (or for good when it has none); `cancelled` stays visible to calendars. */
export const EVENT_STATUSES = ['scheduled', 'confirmed', 'cancelled'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

@Entity('event')
export class Event {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** The iCalendar UID, stored once and never regenerated: every feed and invitation of the event uses it. */
  @Column({ type: 'varchar', length: 255, unique: true })
  uid: string;

  @Column({ type: 'varchar', length: 36, nullable: true })
  seriesId: string | null;

  /** A workclub session belongs to its cohort: only the cohort's members see it in their feeds. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  cohortId: string | null;

  @Column({ type: 'varchar', length: 32 })
  kind: EventKind;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  theme: string | null;

  @Column()
  startsAt: Date;

  @Column()
  endsAt: Date;

  /** The IANA zone the event's wall-clock times belong to. */
  @Column({ type: 'varchar', length: 64 })
  timezone: string;

  @Column({ type: 'varchar', length: 300, nullable: true })
  location: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  roomId: string | null;

  @Column({ type: 'integer', nullable: true })
  capacity: number | null;

  @Column({ type: 'integer', nullable: true })
  minAttendees: number | null;

  @Column({ nullable: true, type: Date })
  quorumDeadline: Date | null;

  @Column({ type: 'varchar', length: 16 })
  visibility: Visibility;

  @Column({ type: 'varchar', length: 500, nullable: true })
  streamUrl: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: EventStatus;

  @Column({ type: 'text', nullable: true })
  cancelReason: string | null;

  /** When the quorum was decided (the outcome is the status: confirmed or cancelled). */
  @Column({ nullable: true, type: Date })
  quorumDecidedAt: Date | null;

  @Column({ nullable: true, type: Date })
  cancelledAt: Date | null;

  /** iCalendar SEQUENCE: starts at 0, grows by one whenever time, place or status changes. */
  @Column({ type: 'integer' })
  sequence: number;

  /** Answer counts, kept by the registrations in the same unit of work; `goingCount` is the seat counter. */
  @Column({ type: 'integer' })
  goingCount: number;

  @Column({ type: 'integer' })
  waitlistedCount: number;

  @Column({ type: 'integer' })
  maybeCount: number;

  @Column({ type: 'integer' })
  declinedCount: number;

  /** The last waitlist ticket handed out: tickets order the waitlist even when two answers share a millisecond. */
  @Column({ type: 'integer', default: 0 })
  waitlistTickets: number;

  /** When the reminders of this event were queued, so that each member gets one. */
  @Column({ nullable: true, type: Date })
  remindersQueuedAt: Date | null;

  @Column()
  createdAt: Date;

  @Column()
  updatedAt: Date;
}
