import { Column, Entity, PrimaryColumn } from 'typeorm';

export const RESPONSES = ['yes', 'no', 'maybe'] as const;
export type Response = (typeof RESPONSES)[number];

export const REGISTRATION_STATUSES = ['going', 'waitlisted', 'maybe', 'declined'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** A host takes a seat without asking; an attendee answered. */
export type RegistrationRole = 'host' | 'attendee';

/** A member's answer to one event, and whether they came. */
@Entity('registration')
export class Registration {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 36 })
  eventId: string;

  @Column({ type: 'varchar', length: 36 })
  memberId: string;

  @Column({ type: 'varchar', length: 16 })
  role: RegistrationRole;

  @Column({ type: 'varchar', length: 8 })
  response: Response;

  @Column({ type: 'varchar', length: 16 })
  status: RegistrationStatus;

  @Column({ nullable: true, type: Date })
  waitlistedAt: Date | null;

  /** Orders the waitlist, first come first served (from the event's ticket counter). */
  @Column({ type: 'integer', nullable: true })
  waitlistTicket: number | null;

  @Column({ nullable: true, type: Date })
  checkedInAt: Date | null;

  @Column()
  answeredAt: Date;

  @Column()
  createdAt: Date;

  @Column()
  updatedAt: Date;
}
