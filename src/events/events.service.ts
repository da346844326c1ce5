import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Between, In, Not, Repository } from 'typeorm';
import { notFound } from '../common/domain-error';
import { localIso } from '../common/when';
import { EventQuery, EventResponse } from './event.dto';
import { Event, EventKind, EventStatus, Visibility } from './event.entity';
import { EventHost } from './event-host.entity';

/** A feed never holds more events than this (Google drops feeds near 1 MB). */
export const MAX_FEED_EVENTS = 2000;

/** Events as the API, pages, mails and feeds read them; writes are EventWrites'. */
@Injectable()
export class EventsService {
  constructor(
    @InjectRepository(Event) private readonly events: Repository<Event>,
    @InjectRepository(EventHost) private readonly hosts: Repository<EventHost>,
  ) {}

  async get(id: string): Promise<EventResponse> {
    const event = await this.events.findOneBy({ id });
    if (!event) throw notFound('Event', id);
    return (await this.toResponses([event]))[0];
  }

  /** Events starting in a window, oldest first, for calendar feeds; cancelled ones stay so that calendars drop them. */
  async inWindow(
    from: Date,
    to: Date,
    filter: { visibility?: Visibility; kind?: EventKind; cohortId?: string } = {},
  ): Promise<EventResponse[]> {
    const events = await this.events.find({
      where: {
        startsAt: Between(from, to),
        ...(filter.visibility && { visibility: filter.visibility }),
        ...(filter.kind && { kind: filter.kind }),
        ...(filter.cohortId && { cohortId: filter.cohortId }),
      },
      order: { startsAt: 'ASC', id: 'ASC' },
      take: MAX_FEED_EVENTS,
    });
    return this.toResponses(events);
  }

  /** Title and start of each event, for other modules' listings. */
  async summaries(ids: string[]): Promise<Map<string, Pick<Event, 'id' | 'title' | 'startsAt' | 'endsAt'>>> {
    if (ids.length === 0) return new Map();
    const events = await this.events.find({
      where: { id: In(ids) },
      select: { id: true, title: true, startsAt: true, endsAt: true },
    });
    return new Map(events.map((event) => [event.id, event]));
  }

  /** `statuses` (one of several) is for pages; the API filters on one `status`. */
  async list(query: EventQuery & { statuses?: EventStatus[] }): Promise<{ events: EventResponse[]; total: number }> {
    const qb = this.events.createQueryBuilder('event');
    if (query.title) {
      // Any case, and the text taken literally: LIKE's wildcards in it are escaped.
      const pattern = `%${query.title.toLowerCase().replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
      qb.andWhere("LOWER(event.title) LIKE :title ESCAPE '\\'", { title: pattern });
    }
    if (query.statuses) qb.andWhere('event.status IN (:...statuses)', { statuses: query.statuses });
    if (query.from) qb.andWhere('event.startsAt >= :from', { from: new Date(query.from) });
    if (query.to) qb.andWhere('event.startsAt < :to', { to: new Date(query.to) });
    for (const field of ['kind', 'visibility', 'status', 'roomId', 'seriesId'] as const) {
      if (query[field]) qb.andWhere(`event.${field} = :${field}`, { [field]: query[field] });
    }
    if (query.hostId) {
      qb.andWhere(
        `event.id IN ${qb.subQuery().select('host.eventId').from(EventHost, 'host').where('host.memberId = :hostId').getQuery()}`,
        { hostId: query.hostId },
      );
    }
    const [events, total] = await qb
      .orderBy('event.startsAt', 'ASC')
      .addOrderBy('event.id', 'ASC')
      .take(query.limit)
      .skip(query.offset)
      .getManyAndCount();
    return { events: await this.toResponses(events), total };
  }

  /**
   * The last occurrence of each series that ends between `now` and `before` (it is about to run out: extend it). One
   * grouped query finds the series; their few occurrences left give the last one.
   */
  async seriesEnding(now: Date, before: Date): Promise<Pick<Event, 'id' | 'seriesId' | 'title' | 'startsAt'>[]> {
    const ending: { seriesId: string }[] = await this.events
      .createQueryBuilder('event')
      .select('event.seriesId', 'seriesId')
      .where('event.seriesId IS NOT NULL')
      .andWhere('event.status <> :cancelled', { cancelled: 'cancelled' })
      .groupBy('event.seriesId')
      .having('MAX(event.startsAt) >= :now AND MAX(event.startsAt) < :before', { now, before })
      .getRawMany();
    if (ending.length === 0) return [];
    const left = await this.events.find({
      where: {
        seriesId: In(ending.map((series) => series.seriesId)),
        startsAt: Between(now, before),
        status: Not('cancelled' as const),
      },
      select: { id: true, seriesId: true, title: true, startsAt: true },
      order: { startsAt: 'DESC' },
    });
    const last = new Map<string, (typeof left)[number]>();
    for (const event of left) if (!last.has(event.seriesId!)) last.set(event.seriesId!, event);
    return [...last.values()].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  }

  async toResponses(events: Event[]): Promise<EventResponse[]> {
    const hosts = events.length ? await this.hosts.findBy({ eventId: In(events.map((event) => event.id)) }) : [];
    const hostsOf = new Map<string, string[]>();
    for (const host of hosts) hostsOf.set(host.eventId, [...(hostsOf.get(host.eventId) ?? []), host.memberId]);
    return events.map((event) => {
      const {
        goingCount,
        waitlistedCount,
        maybeCount,
        declinedCount,
        waitlistTickets: _tickets,
        remindersQueuedAt: _reminded,
        ...rest
      } = event;
      return {
        ...rest,
        localStartsAt: localIso(event.startsAt, event.timezone),
        localEndsAt: localIso(event.endsAt, event.timezone),
        hostIds: hostsOf.get(event.id) ?? [],
        seatsLeft: event.capacity === null ? null : Math.max(0, event.capacity - goingCount),
        counts: { going: goingCount, waitlisted: waitlistedCount, maybe: maybeCount, declined: declinedCount },
      };
    });
  }
}
