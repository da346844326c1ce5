import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, LessThanOrEqual, MoreThan, Not, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { Event } from './event.entity';
import { EventWrites, QUORUM_NOT_REACHED } from './event-writes';

/** How a quorum was decided, and the event as it now stands. */
export interface QuorumOutcome {
  reached: boolean;
  event: Event;
}

/** Events that happen only if enough people say yes by a deadline: confirmed then, or cancelled. */
@Injectable()
export class Quorums {
  constructor(
    @InjectRepository(Event) private readonly events: Repository<Event>,
    private readonly writes: EventWrites,
    private readonly clock: Clock,
  ) {}

  /** The events whose quorum deadline has passed and that are not decided yet. */
  async due(): Promise<string[]> {
    const due = await this.events.find({
      where: {
        status: 'scheduled',
        minAttendees: Not(IsNull()),
        quorumDeadline: LessThanOrEqual(this.clock.now()),
        quorumDecidedAt: IsNull(),
      },
      select: { id: true },
    });
    return due.map((event) => event.id);
  }

  /** Events still to come whose quorum is not decided yet, the nearest deadline first (the dashboard's watch list). */
  waiting(): Promise<Event[]> {
    return this.events.find({
      where: {
        status: 'scheduled',
        minAttendees: Not(IsNull()),
        quorumDecidedAt: IsNull(),
        startsAt: MoreThan(this.clock.now()),
      },
      order: { quorumDeadline: 'ASC', id: 'ASC' },
    });
  }

  /** Confirms the event with enough "yes" (SEQUENCE+1), cancels it otherwise; null when already decided. */
  async decide(manager: EntityManager, id: string): Promise<QuorumOutcome | null> {
    const now = this.clock.now();
    const event = await this.writes.lock(manager, id);
    if (event.status !== 'scheduled' || event.quorumDecidedAt) return null;
    await manager.update(Event, { id }, { quorumDecidedAt: now });
    if (event.goingCount < event.minAttendees!) {
      const [cancelled] = await this.writes.cancel(manager, [event], QUORUM_NOT_REACHED);
      return { reached: false, event: cancelled };
    }
    const confirmed = { status: 'confirmed' as const, sequence: event.sequence + 1, updatedAt: now };
    await manager.update(Event, { id }, confirmed);
    return { reached: true, event: { ...event, ...confirmed } };
  }
}
