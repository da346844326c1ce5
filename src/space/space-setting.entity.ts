import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A value the space keeps across restarts: the signing secret, the organiser token's hash. */
@Entity('space_setting')
export class SpaceSetting {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key: string;

  @Column({ type: 'text' })
  value: string;

  @Column()
  createdAt: Date;
}
