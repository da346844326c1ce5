import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A room of the space (meeting room, the "bubble" for calls, the privatisable open space). */
@Entity('room')
export class Room {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 120, unique: true })
  name: string;

  /** Seats in the room; an event in it without its own capacity takes this one. */
  @Column({ type: 'integer', nullable: true })
  capacity: number | null;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column()
  createdAt: Date;

  @Column()
  updatedAt: Date;
}
