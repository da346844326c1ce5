import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** An organiser's personal API token: shown once at creation, only its SHA-256 kept. */
@Entity('api_token')
@Index('IDX_api_token_member', ['memberId'])
export class ApiToken {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  /** The organiser who made it; the token acts as them, and stops when they are no longer an organiser. */
  @Column({ type: 'varchar', length: 36 })
  memberId: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  tokenHash: string;

  @Column()
  createdAt: Date;

  @Column({ nullable: true, type: Date })
  lastUsedAt: Date | null;

  @Column({ nullable: true, type: Date })
  revokedAt: Date | null;
}
