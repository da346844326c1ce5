import { Column, Entity, PrimaryColumn } from 'typeorm';

export const MAIL_KINDS = [
  'invitation',
  'update',
  'cancellation',
  'reminder',
  'promotion',
  'quorum-reached',
  'quorum-missed',
  'cohort-welcome',
  'cohort-summary',
  'signin',
  'waitlisted',
  'digest',
  'guest-confirmation',
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

export const OUTBOX_STATUSES = ['pending', 'sent', 'failed', 'skipped'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** Where an event takes place, and when, as an update's details keep them. */
export interface Place {
  roomId: string | null;
  location: string | null;
}
export interface Times {
  startsAt: string;
  endsAt: string;
  timezone: string;
}

/** What a mail says beyond its kind: for an update, what changed. */
export interface MailDetails {
  when?: { from: Times; to: Times };
  where?: { from: Place; to: Place };
  /** Mails about a workclub cohort name it. */
  cohortId?: string;
  /** A weekly digest names its week ("2026-W50", in the space's zone). */
  week?: string;
  /** A guest's confirmation mail names their ask (which holds their name and address). */
  guestRequestId?: string;
  /**
   * What only the mail may hold (a sign-in link and code, kept hashed elsewhere): carried to the composer, and
   * removed from the row once it is sent, skipped or given up.
   */
  secret?: Record<string, string>;
}

/**
 * A mail to send, written in the same unit of work as the change that causes it; a worker sends it. What to say is
 * rendered at send time from `kind`, the member, the event and `details`.
 */
@Entity('outbox')
export class OutboxMessage {
  /** Also the Message-ID's local part: the same on every attempt. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 32 })
  kind: MailKind;

  /** Null for a mail to someone who is not a member yet (a guest confirming their address). */
  @Column({ type: 'varchar', length: 36, nullable: true })
  memberId: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  eventId: string | null;

  @Column({ type: 'simple-json' })
  details: MailDetails;

  @Column({ type: 'varchar', length: 16 })
  status: OutboxStatus;

  @Column({ type: 'integer' })
  attempts: number;

  @Column()
  nextAttemptAt: Date;

  /** A worker holds the row until then; past it, another may take it (its process died). */
  @Column({ nullable: true, type: Date })
  claimedUntil: Date | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  claimedBy: string | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  /** "Name <address>". */
  @Column({ type: 'varchar', length: 600, nullable: true })
  recipient: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  subject: string | null;

  @Column()
  createdAt: Date;

  @Column({ nullable: true, type: Date })
  sentAt: Date | null;
}

/** The members some mails are to, once each (a guest's confirmation is to an address, not a member). */
export function recipientsOf(rows: readonly OutboxMessage[]): string[] {
  return [...new Set(rows.flatMap((row) => (row.memberId ? [row.memberId] : [])))];
}
