import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Response } from '../registrations/registration.entity';

/** What was done with a message that arrived: what organisers see in the inbox. */
export const INBOX_OUTCOMES = [
  'pending',
  'applied',
  'stale',
  'duplicate',
  'unknown-address',
  'no-calendar',
  'ignored',
] as const;
export type InboxOutcome = (typeof INBOX_OUTCOMES)[number];

export type InboxChannel = 'smtp' | 'imap';

/** A message received on a reply address (by SMTP or IMAP), kept with what was done with it. */
@Entity('inbox_message')
export class InboxMessage {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column()
  receivedAt: Date;

  @Column({ type: 'varchar', length: 8 })
  via: InboxChannel;

  @Column({ type: 'varchar', length: 998, nullable: true })
  messageId: string | null;

  /**
   * The Message-ID (or, without one, a hash of the message) of the first copy; null on later copies. Unique, so a
   * message seen twice (two listeners, or SMTP and IMAP) is processed once.
   */
  @Column({ type: 'varchar', length: 998, nullable: true, unique: true })
  firstCopyOf: string | null;

  @Column({ type: 'varchar', length: 320, nullable: true })
  sender: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  subject: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  token: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  memberId: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  eventId: string | null;

  @Column({ type: 'varchar', length: 16 })
  outcome: InboxOutcome;

  /** Why, in a few words, when nothing changed. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  reason: string | null;

  /** The answer the calendar sent, once applied. */
  @Column({ type: 'varchar', length: 8, nullable: true })
  response: Response | null;

  /** What the person wrote (a human reply such as "I'll be ten minutes late"), shortened. */
  @Column({ type: 'text', nullable: true })
  text: string | null;

  /** The message as received; cleared after 30 days. */
  @Column({ type: 'text', nullable: true })
  raw: string | null;

  /** The process handling a pending message holds it until then; past it, another may take it (its process died). */
  @Column({ nullable: true, type: Date })
  claimedUntil: Date | null;
}
