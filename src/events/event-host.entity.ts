import { Entity, PrimaryColumn } from 'typeorm';

/** A member who hosts or speaks at an event. */
@Entity('event_host')
export class EventHost {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  eventId: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  memberId: string;
}
