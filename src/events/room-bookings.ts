import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { Brackets, EntityManager } from 'typeorm';
import { DomainError, ErrorCode } from '../common/domain-error';
import { RoomsService } from '../rooms/rooms.service';
import { Event } from './event.entity';
import { EventFields } from './event-fields';

/** Who has a room when: an event may not overlap another one in its room (back-to-back is fine). */
@Injectable()
export class RoomBookings {
  constructor(private readonly rooms: RoomsService) {}

  /**
   * Refuses an event that would overlap another one in its room; `moving` are the events edited together, which do
   * not collide. The room row is locked first, so two bookings of one room arriving at once are checked one after
   * the other. Returns the capacity: the event's own, else the room's.
   */
  async book(manager: EntityManager, fields: EventFields, moving: string[]): Promise<number | null> {
    if (!fields.roomId) return fields.capacity;
    const room = await this.rooms.lockForBooking(manager, fields.roomId);
    const qb = manager
      .createQueryBuilder(Event, 'event')
      .where('event.roomId = :roomId', { roomId: room.id })
      .andWhere("event.status <> 'cancelled'")
      .andWhere('event.startsAt < :endsAt', { endsAt: fields.endsAt.toJSDate() })
      .andWhere('event.endsAt > :startsAt', { startsAt: fields.startsAt.toJSDate() });
    if (moving.length) qb.andWhere(new Brackets((where) => where.where('event.id NOT IN (:...moving)', { moving })));
    const other = await qb.orderBy('event.startsAt', 'ASC').getOne();
    if (other) {
      const when = DateTime.fromJSDate(other.startsAt, { zone: other.timezone }).toFormat('yyyy-MM-dd HH:mm');
      throw new DomainError(
        ErrorCode.ROOM_TAKEN,
        `Room ${room.name} is taken at that time by "${other.title}" (${when}, event ${other.id})`,
        {
          field: 'roomId',
          conflictingEvent: { id: other.id, title: other.title, startsAt: other.startsAt, endsAt: other.endsAt },
        },
      );
    }
    return fields.capacity ?? room.capacity;
  }
}
