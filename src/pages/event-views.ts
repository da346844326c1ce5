import { Injectable } from '@nestjs/common';
import { formatWhen } from '../common/when';
import { EventResponse } from '../events/event.dto';
import { Locale } from '../common/locale';
import { MembersService } from '../members/members.service';
import { RoomsService } from '../rooms/rooms.service';
import { QUORUM_NOT_REACHED } from '../events/event-writes';
import { TemplatesService } from '../templates/templates.service';

/** What a page or a mail shows of an event: every value already a text for the reader. */
export interface EventView {
  id: string;
  kind: string;
  title: string;
  theme: string | null;
  description: string | null;
  when: string;
  where: string | null;
  hosts: string | null;
  limited: boolean;
  seatsLeft: number | null;
  streamUrl: string | null;
  cancelled: boolean;
  /** Why it was cancelled, in the reader's language; null unless cancelled with a reason. */
  cancelReason: string | null;
}

@Injectable()
export class EventViews {
  constructor(
    private readonly members: MembersService,
    private readonly rooms: RoomsService,
    private readonly templates: TemplatesService,
  ) {}

  async of(event: EventResponse, locale: Locale): Promise<EventView> {
    return (await this.many([event], locale))[0];
  }

  /** Views of many events (the home page's list) with one read of their hosts and one of the rooms. */
  async many(events: EventResponse[], locale: Locale): Promise<EventView[]> {
    const hostIds = [...new Set(events.flatMap((event) => event.hostIds ?? []))];
    const names = new Map((await this.members.profiles(hostIds)).map((host) => [host.id, host.name]));
    const rooms = events.some((event) => event.roomId)
      ? new Map((await this.rooms.list()).map((room) => [room.id, room.name]))
      : new Map<string, string>();
    return events.map((event) => ({
      id: event.id,
      kind: event.kind,
      title: event.title,
      theme: event.theme ?? null,
      description: event.description ?? null,
      when: formatWhen(event.startsAt, event.endsAt, event.timezone!, locale),
      where: [event.roomId && rooms.get(event.roomId), event.location].filter(Boolean).join(', ') || null,
      hosts:
        (event.hostIds ?? [])
          .map((id) => names.get(id))
          .filter(Boolean)
          .join(', ') || null,
      limited: event.seatsLeft !== null,
      seatsLeft: event.seatsLeft,
      streamUrl: event.streamUrl ?? null,
      cancelled: event.status === 'cancelled',
      cancelReason:
        event.cancelReason === QUORUM_NOT_REACHED
          ? this.templates.text(locale, 'mail.quorumNotReached')
          : (event.cancelReason ?? null),
    }));
  }
}
