import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A member's seat at an event: the table plan. `tentative` seats are those planned ahead for a later occurrence of
 * the series; the planner starts from them when that occurrence's own plan is asked for.
 */
@Entity('table_seat')
export class TableSeat {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  eventId: string;

  @PrimaryColumn({ type: 'varchar', length: 36 })
  memberId: string;

  /** 1, 2, 3... */
  @Column({ type: 'integer' })
  tableNumber: number;

  @Column({ type: 'boolean' })
  tentative: boolean;

  @Column()
  plannedAt: Date;
}
