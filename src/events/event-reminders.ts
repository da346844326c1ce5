import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Between, EntityManager, IsNull, Not, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { Event } from './event.entity';

/** Which events still wait for their reminders, and the mark that they were queued (each event once). */
@Injectable()
export class EventReminders {
  constructor(
    @InjectRepository(Event) private readonly events: Repository<Event>,
    private readonly clock: Clock,
  ) {}

  /** Events not cancelled, without reminders yet, starting between now and `until`. */
  due(until: Date): Promise<Event[]> {
    return this.events.find({
      where: { status: Not('cancelled'), remindersQueuedAt: IsNull(), startsAt: Between(this.clock.now(), until) },
      order: { startsAt: 'ASC' },
    });
  }

  /** False when another pass marked it first: its reminders are queued already. */
  async markQueued(manager: EntityManager, id: string): Promise<boolean> {
    const result = await manager.update(
      Event,
      { id, remindersQueuedAt: IsNull() },
      { remindersQueuedAt: this.clock.now() },
    );
    return (result.affected ?? 0) > 0;
  }
}
