import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A workclub: a few members, one personal project each, moved forward together in a fixed number of days. */
@Entity('cohort')
export class Cohort {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  theme: string | null;

  /** A partner company whose employees join. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  sponsor: string | null;

  /** First and last day (inclusive), YYYY-MM-DD in the cohort's zone. */
  @Column({ type: 'varchar', length: 10 })
  startsOn: string;

  @Column({ type: 'varchar', length: 10 })
  endsOn: string;

  @Column({ type: 'integer' })
  durationDays: number;

  @Column({ type: 'integer' })
  capacity: number;

  /** Local start of every session, HH:MM. */
  @Column({ type: 'varchar', length: 5 })
  sessionTime: string;

  @Column({ type: 'integer' })
  sessionMinutes: number;

  /** 1 = Monday ... 7 = Sunday. */
  @Column({ type: 'integer' })
  checkInWeekday: number;

  @Column({ type: 'varchar', length: 64 })
  timezone: string;

  /** The secret in the cohort feed's URL. */
  @Column({ type: 'varchar', length: 64, unique: true })
  feedToken: string;

  @Column({ nullable: true, type: Date })
  summaryQueuedAt: Date | null;

  @Column()
  createdAt: Date;

  @Column()
  updatedAt: Date;
}
