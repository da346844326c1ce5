import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A recurring event (weekly colunch, monthly open coffee); each occurrence is an event of its own. */
@Entity('series')
export class Series {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** RFC 5545 RRULE, without DTSTART: the first occurrence's start gives it. */
  @Column({ type: 'varchar', length: 500 })
  rrule: string;

  @Column()
  firstStartsAt: Date;

  @Column({ type: 'varchar', length: 64 })
  timezone: string;

  @Column()
  createdAt: Date;

  @Column()
  updatedAt: Date;
}
