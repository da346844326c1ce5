import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { subscribeLinks } from '../calendar/subscribe-links';
import { BuiltFeed } from '../calendar/feed-cache';
import { Clock } from '../common/clock';
import { DomainError, ErrorCode } from '../common/domain-error';
import { Locale } from '../common/locale';
import { Settings } from '../config/settings';
import { ChangeLog } from '../database/change-log';
import { SETTINGS } from '../config/settings.module';
import { EventResponse } from '../events/event.dto';
import { EventsService } from '../events/events.service';
import { memberScope } from '../members/members.service';
import { closedError } from '../registrations/answer-window';
import { seatsScope } from '../registrations/answers';
import { FieldError } from '../signin/pages';
import type { Visitor } from '../signin/visitor';
import { TemplatesService } from '../templates/templates.service';
import { EventView, EventViews } from './event-views';
import { builtPage, PageCache } from './page-cache';

/** The home page lists the public events starting within this many days. */
export const HOME_DAYS = 60;
/** Events on one page of the home page: a phone gets a page it can scroll, and a busy space's page stays quick to build. */
export const HOME_PAGE_SIZE = 30;
/** The ChangeLog scope of what every feed and page shows of events. */
const EVENTS = 'events';

/** Who is looking: a cached page differs only by this, never by who exactly is signed in. */
/** Who reads a page: anyone, a signed-in member, or a signed-in guest (who comes from outside for public events). */
export type Audience = 'anyone' | 'member' | 'guest';

export const audienceOf = (visitor: Visitor | undefined): Audience =>
  !visitor ? 'anyone' : visitor.member.membership === 'guest' ? 'guest' : 'member';

/** What a visitor typed in the guest form, and what was wrong with it. */
export interface GuestForm {
  name: string;
  email: string;
  errors: FieldError[];
}

/**
 * The pages anyone may open: the space's home page and the public event pages. Each is rendered once per change of
 * what it shows (PageCache, the feeds' mechanism) and is the same for everyone of its audience.
 */
@Injectable()
export class PublicPages {
  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly events: EventsService,
    private readonly views: EventViews,
    private readonly templates: TemplatesService,
    private readonly cache: PageCache,
    private readonly changes: ChangeLog,
    private readonly clock: Clock,
  ) {}

  /** The home page: the space's name, its coming public events, the public feed and a way in. */
  home(locale: Locale, audience: Audience, page = 1): BuiltFeed | Promise<BuiltFeed | null> {
    return this.cache.get(`home:${locale}:${audience}:${page}`, async (scopes) => {
      scopes.guard(EVENTS);
      const moves = this.changes.moves;
      let coming = await this.coming(page);
      for (const event of coming.events) {
        scopes.guard(seatsScope(event.id));
        for (const hostId of event.hostIds ?? []) scopes.guard(memberScope(hostId));
      }
      // Something committed while the events were read (whose seats were not guarded yet): read them again.
      if (this.changes.moves !== moves) coming = await this.coming(page);
      const events = await this.views.many(coming.events, locale);
      const feed = subscribeLinks(`${this.settings.publicUrl}/calendar/public.ics`);
      const pageHref = (number: number) => `/?page=${number}${locale === 'fr' ? '' : `&lang=${locale}`}`;
      const context = {
        title: this.templates.text(locale, 'home.title'),
        events: events.map((event) => ({ ...event, seats: this.seatsText(event, locale) })),
        pages: pagesOf(page, coming.total, pageHref),
        feed,
        signedIn: audience !== 'anyone',
        langQuery: this.langQuery(locale),
        meta: {
          title: this.settings.spaceName,
          description: this.templates.text(locale, 'home.description', { space: this.settings.spaceName }),
          type: 'website',
          url: `${this.settings.publicUrl}/`,
          jsonLd: null,
        },
      };
      return builtPage(this.templates.render('pages/home', locale, context, 'pages/layout'));
    });
  }

  /**
   * An event's page for its audience; null when there is none to show: no such event, or a members-only one for an
   * anonymous visitor (who must not see even its title) or a guest.
   */
  event(id: string, locale: Locale, audience: Audience): BuiltFeed | Promise<BuiltFeed | null> {
    return this.cache.get(`event:${id}:${locale}:${audience}`, async (scopes) => {
      scopes.guard(EVENTS);
      scopes.guard(seatsScope(id));
      const event = await this.events.get(id).catch(orNullIfNotFound);
      if (!event || (event.visibility !== 'public' && audience !== 'member')) return null;
      for (const hostId of event.hostIds ?? []) scopes.guard(memberScope(hostId));
      const form = { name: '', email: '', errors: [] };
      return builtPage(await this.eventHtml(event, locale, audience, form));
    });
  }

  /** The event page as HTML; with what a guest typed when their form comes back refused. */
  async eventHtml(event: EventResponse, locale: Locale, audience: Audience, form: GuestForm): Promise<string> {
    const view = await this.views.of(event, locale);
    const isPublic = event.visibility === 'public';
    const open = !closedError(event, this.clock.now());
    const url = `${this.settings.publicUrl}/events/${event.id}`;
    const context = {
      title: event.title,
      event: view,
      icsUrl: `/events/${event.id}.ics`,
      signedIn: audience !== 'anyone',
      guestForm: audience === 'anyone' && isPublic && open ? { action: `/events/${event.id}/guests`, ...form } : null,
      langQuery: this.langQuery(locale),
      errors: form.errors.length ? form.errors : null,
      errorOf: Object.fromEntries(form.errors.map((error) => [error.field, error.message])),
      csrf: null,
      meta: isPublic
        ? {
            title: event.title,
            description: this.summary(view),
            type: 'website',
            url,
            jsonLd: jsonForScript(this.schemaOrg(event, view, url)),
          }
        : null,
    };
    return this.templates.render('pages/event', locale, context, 'pages/layout');
  }

  /** One page of the public events from now to HOME_DAYS ahead, the cancelled ones left out, and how many in all. */
  private coming(page: number): Promise<{ events: EventResponse[]; total: number }> {
    const now = DateTime.fromJSDate(this.clock.now());
    return this.events.list({
      from: now.toISO()!,
      to: now.plus({ days: HOME_DAYS }).toISO()!,
      visibility: 'public',
      statuses: ['scheduled', 'confirmed'],
      limit: HOME_PAGE_SIZE,
      offset: (page - 1) * HOME_PAGE_SIZE,
    });
  }

  private seatsText(event: EventView, locale: Locale): string | null {
    if (!event.limited) return null;
    if (!event.seatsLeft) return this.templates.text(locale, 'event.seatsFull');
    return this.templates.text(locale, 'home.seatsLeft', { count: event.seatsLeft });
  }

  /** What a shared link shows under the title: the description, else the theme, else when and where. */
  private summary(view: EventView): string {
    const text = view.description ?? view.theme ?? [view.when, view.where].filter(Boolean).join(' · ');
    return text.length > 300 ? `${text.slice(0, 297)}…` : text;
  }

  /** schema.org's Event, as search engines read it. */
  private schemaOrg(event: EventResponse, view: EventView, url: string) {
    const place = view.where && { '@type': 'Place', name: view.where, address: view.where };
    const online = event.streamUrl && { '@type': 'VirtualLocation', url: event.streamUrl };
    const mode = place && online ? 'Mixed' : online ? 'Online' : 'Offline';
    return {
      '@context': 'https://schema.org',
      '@type': 'Event',
      name: event.title,
      description: this.summary(view),
      url,
      startDate: event.localStartsAt,
      endDate: event.localEndsAt,
      eventStatus: `https://schema.org/${event.status === 'cancelled' ? 'EventCancelled' : 'EventScheduled'}`,
      eventAttendanceMode: `https://schema.org/${mode}EventAttendanceMode`,
      location: [place, online].filter(Boolean),
      organizer: { '@type': 'Organization', name: this.settings.spaceName, url: `${this.settings.publicUrl}/` },
      ...(view.hosts && { performer: view.hosts.split(', ').map((name) => ({ '@type': 'Person', name })) }),
    };
  }

  private langQuery(locale: Locale): string {
    return locale === 'fr' ? '' : `?lang=${locale}`;
  }
}

/**
 * JSON inside a `<script type="application/ld+json">`: data the browser never runs (so the CSP has nothing to
 * allow), but whose text must not close the element; `<` is written as `\u003c`, which JSON reads back the same.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function orNullIfNotFound(error: unknown): null {
  if (error instanceof DomainError && error.code === ErrorCode.NOT_FOUND) return null;
  throw error;
}

/** Links to the pages before and after this one of the home page, or null when all fits on one. */
function pagesOf(page: number, total: number, href: (page: number) => string) {
  const previous = page > 1 ? href(page - 1) : null;
  const next = page * HOME_PAGE_SIZE < total ? href(page + 1) : null;
  return previous || next ? { previous, next } : null;
}
