import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { EntityManager, Repository } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError, ErrorCode, invalidField, notFound } from '../common/domain-error';
import { Transactions } from '../database/transactions';
import { unlessTaken } from '../database/unique-violation';
import { CreateRoomDto, RoomResponse, UpdateRoomDto } from './room.dto';
import { Room } from './room.entity';

@Injectable()
export class RoomsService {
  constructor(
    @InjectRepository(Room) private readonly rooms: Repository<Room>,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
  ) {}

  async create(input: CreateRoomDto): Promise<RoomResponse> {
    const now = this.clock.now();
    const room = this.rooms.create({
      id: randomUUID(),
      name: input.name,
      capacity: input.capacity ?? null,
      description: input.description ?? null,
      createdAt: now,
      updatedAt: now,
    });
    return this.saveUnique(room);
  }

  list(): Promise<RoomResponse[]> {
    return this.rooms.find({ order: { name: 'ASC' } });
  }

  async get(id: string): Promise<RoomResponse> {
    const room = await this.rooms.findOneBy({ id });
    if (!room) throw notFound('Room', id);
    return room;
  }

  async update(id: string, changes: UpdateRoomDto): Promise<RoomResponse> {
    const room = await this.get(id);
    return this.saveUnique(Object.assign(room, changes, { updatedAt: this.clock.now() }));
  }

  /**
   * Inside a unit of work that books the room: locks its row (on PostgreSQL) so that two bookings of one room
   * are checked one after the other. An unknown room is the caller's bad input.
   */
  async lockForBooking(manager: EntityManager, id: string): Promise<RoomResponse> {
    const room = await this.transactions.lock(manager, Room, id);
    if (!room) throw invalidField('roomId', `${id} names no room`);
    return room;
  }

  /** No feed shows a room (only the event's own location): a room's edits touch nothing a reader derives. */
  private saveUnique(room: Room): Promise<Room> {
    return unlessTaken(
      () => this.transactions.run((manager) => manager.save(room), { touches: [] }),
      () => new DomainError(ErrorCode.ROOM_NAME_TAKEN, `A room is already named ${room.name}`, { field: 'name' }),
    );
  }
}
