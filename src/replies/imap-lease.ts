import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, IsNull, LessThan, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { Transactions } from '../database/transactions';
import { InboxLease } from './inbox-lease.entity';

const IMAP = 'imap';

/**
 * One IMAP reader at a time across server processes on one database: a lease row taken or renewed with one
 * conditional UPDATE (as the outbox claims its rows); a process that dies lets it lapse and another takes over.
 */
@Injectable()
export class ImapLease {
  constructor(
    @InjectRepository(InboxLease) private readonly leases: Repository<InboxLease>,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  /** Takes or renews the lease for `seconds`; false while another process holds it. */
  async take(holder: string, seconds: number): Promise<boolean> {
    const now = this.clock.now();
    const result = await this.transactions.run(
      (manager) =>
        manager
          .createQueryBuilder()
          .update(InboxLease)
          .set({ holder, until: new Date(now.getTime() + seconds * 1000) })
          .where({ name: IMAP })
          .andWhere(
            new Brackets((free) =>
              free
                .where({ holder })
                .orWhere({ until: IsNull() })
                .orWhere({ until: LessThan(now) }),
            ),
          )
          .execute(),
      { touches: [] },
    );
    return result.affected === 1;
  }

  async release(holder: string): Promise<void> {
    await this.transactions.run((manager) => manager.update(InboxLease, { name: IMAP, holder }, { until: null }), {
      touches: [],
    });
  }

  /** Who reads the mailbox now (for tests and diagnostics). */
  async holder(): Promise<string | null> {
    const lease = await this.leases.findOneBy({ name: IMAP });
    return lease?.until && lease.until > this.clock.now() ? lease.holder : null;
  }
}
