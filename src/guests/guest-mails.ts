import { Inject, Injectable } from '@nestjs/common';
import { Locale } from '../common/locale';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { EventsService } from '../events/events.service';
import { MemberProfile } from '../members/members.service';
import { OutboxMessage } from '../outbox/outbox-message.entity';
import { EventViews } from '../pages/event-views';
import { TemplatesService } from '../templates/templates.service';
import { GuestsService, VALID_HOURS } from './guests.service';

/** What a guest's mail says and to whom: the address they typed, in the language of the page they asked from. */
export interface GuestMailContent {
  to: { name: string; address: string };
  locale: Locale;
  subject: string;
  template: string;
  context: Record<string, unknown>;
}

/** The confirmation mail: the event, and the link to the page whose button registers them. */
@Injectable()
export class GuestMails {
  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly guests: GuestsService,
    private readonly events: EventsService,
    private readonly views: EventViews,
    private readonly templates: TemplatesService,
  ) {}

  /** The mail of a guest's ask; a preview (the organisers' mail page) shows it as if its reader had asked. */
  async content(row: OutboxMessage, preview?: MemberProfile): Promise<GuestMailContent | { skip: string }> {
    const link = preview ? 'preview' : row.details.secret?.link;
    const request = preview
      ? { name: preview.name, email: preview.email, locale: preview.locale, eventId: row.eventId! }
      : row.details.guestRequestId
        ? await this.guests.byId(row.details.guestRequestId)
        : null;
    if (!link || !request) return { skip: 'the guest confirmation was already sent or given up' };
    const locale = request.locale;
    const event = await this.views.of(await this.events.get(request.eventId), locale);
    return {
      to: { name: request.name, address: request.email },
      locale,
      subject: this.templates.text(locale, 'guest.mail.subject', { title: event.title }),
      template: 'guest-confirmation',
      context: {
        intro: this.templates.text(locale, 'guest.mail.intro', { name: request.name, space: this.templates.spaceName }),
        event,
        link: `${this.settings.publicUrl}/guests/${link}${locale === 'fr' ? '' : `?lang=${locale}`}`,
        hours: VALID_HOURS,
      },
    };
  }
}
