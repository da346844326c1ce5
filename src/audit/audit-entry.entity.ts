import { ActorKind } from '../common/actor';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One change made through /api or /admin: who, when, what. Never a secret value: only the names of the fields. */
@Entity('audit_entry')
@Index('IDX_audit_entry_thing', ['thingKind', 'thingId'])
@Index('IDX_audit_entry_at', ['at'])
@Index('IDX_audit_entry_actor', ['actorMemberId'])
export class AuditEntry {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column()
  at: Date;

  @Column({ type: 'varchar', length: 16 })
  actorKind: ActorKind;

  /** The organiser, signed in or owning the personal token; null for the admin token. */
  @Column({ type: 'varchar', length: 36, nullable: true })
  actorMemberId: string | null;

  @Column({ type: 'varchar', length: 36, nullable: true })
  actorTokenId: string | null;

  /** The organiser's name, the token's name, or "admin token", as they were at the time. */
  @Column({ type: 'varchar', length: 200 })
  actorName: string;

  /** `create`, `update`, `delete`, `cancel`, `registrations.update`... */
  @Column({ type: 'varchar', length: 100 })
  action: string;

  /** `member`, `event`, `series`, `api-token`... */
  @Column({ type: 'varchar', length: 50 })
  thingKind: string;

  @Column({ type: 'varchar', length: 100, nullable: true })
  thingId: string | null;

  /** The other ids of the route, e.g. `{"memberId": "..."}` for an answer to an event. */
  @Column({ type: 'simple-json' })
  related: Record<string, string>;

  /** Names of the fields sent, never their values. */
  @Column({ type: 'simple-json' })
  fields: string[];
}
