import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { entryOf, invitationTexts, mailbox } from '../calendar/ics';
import { CohortMails } from '../cohorts/cohort-mails';
import { formatWhen } from '../common/when';
import { DigestMail } from '../digest/digest-mail';
import { Settings } from '../config/settings';
import { SETTINGS } from '../config/settings.module';
import { EncountersService } from '../encounters/encounters.service';
import { EventsService } from '../events/events.service';
import { Locale } from '../common/locale';
import { MAIL_TOPICS, MailTopic } from '../members/mail-preferences';
import { MemberProfile, MembersService } from '../members/members.service';
import { EventViews } from '../pages/event-views';
import { REGISTRATION_STATUSES } from '../registrations/registration.entity';
import { RegistrationsService } from '../registrations/registrations.service';
import { RsvpLinks } from '../registrations/rsvp-links';
import { ReplyAddresses } from '../replies/reply-addresses';
import { RoomsService } from '../rooms/rooms.service';
import { TemplatesService } from '../templates/templates.service';
import { SigninMails } from '../signin/signin-mails';
import { GuestMails } from '../guests/guest-mails';
import { OutgoingMail } from './mail-transport';
import { WaitlistMail } from './waitlist-mail';
import { MailDetails, MailKind, OutboxMessage, Place, Times } from '../outbox/outbox-message.entity';
import { topicsText, UnsubscribeLinks } from './unsubscribe-links';

/**
 * The kind of mail each one is in the member's preferences; a mail of no kind (one about an event they answered, a
 * sign-in) carries an unsubscribe link that turns every kind off.
 */
const TOPIC_OF: Partial<Record<MailKind, MailTopic>> = {
  invitation: 'invitations',
  reminder: 'reminders',
  digest: 'digest',
};
const CALENDAR_METHOD: Partial<Record<MailKind, 'REQUEST' | 'CANCEL'>> = {
  invitation: 'REQUEST',
  update: 'REQUEST',
  promotion: 'REQUEST',
  'quorum-reached': 'REQUEST',
  cancellation: 'CANCEL',
  'quorum-missed': 'CANCEL',
};
/** Mails that say how many of those going the member has not met yet: the reason to come. */
const TELLS_NEW_FACES: MailKind[] = ['invitation', 'reminder'];
/** Mails that carry the Yes / Maybe / No links. */
const ASKS_FOR_ANSWER: MailKind[] = ['invitation', 'update', 'reminder'];
/** The mails about one event, written here (`eventContent`); the others come from the module they are about. */
const ABOUT_AN_EVENT: MailKind[] = [
  'invitation',
  'update',
  'cancellation',
  'reminder',
  'promotion',
  'quorum-reached',
  'quorum-missed',
];

/** The mail of one row of a batch, or why it is not sent. */
export type ComposeMail = (row: OutboxMessage) => Promise<OutgoingMail | { skip: string }>;

/** Values the mails of one batch share (an event, its view in a language), made by the first mail that needs them. */
class Shared {
  private readonly values = new Map<string, unknown>();

  get<T>(key: string, make: () => T): T {
    if (!this.values.has(key)) this.values.set(key, make());
    return this.values.get(key) as T;
  }
}

/** What the mails of one batch read once for all of them. */
class BatchReads {
  /** Per event: the members who answered it (anything), how many of those going each has not met, reply addresses. */
  readonly answered = new Map<string, Set<string>>();
  readonly newFaces = new Map<string, Map<string, number>>();
  readonly replyTo = new Map<string, Map<string, string>>();
  readonly shared = new Shared();

  constructor(
    private readonly members: Map<string, MemberProfile>,
    /** The organisers' mail page writes each mail to its reader instead of the row's member. */
    readonly preview?: MemberProfile,
  ) {}

  readerOf(row: OutboxMessage): MemberProfile | undefined {
    return this.preview ?? (row.memberId ? this.members.get(row.memberId) : undefined);
  }
}

/** What a mail says, whichever module writes it; the composer adds the envelope. */
interface ComposedContent {
  subject: string;
  /** Template context for `mail/<template>` and `mail/<template>.txt`. */
  template: string;
  context: Record<string, unknown>;
  attachments?: OutgoingMail['attachments'];
  icalEvent?: OutgoingMail['icalEvent'];
  replyTo?: string;
}

/**
 * Turns an outbox row into the mail itself, in the member's language, at send time: the mails about one event are
 * written here, those of a workclub cohort by CohortMails.
 */
@Injectable()
export class MailComposer {
  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly members: MembersService,
    private readonly events: EventsService,
    private readonly registrations: RegistrationsService,
    private readonly rooms: RoomsService,
    private readonly views: EventViews,
    private readonly rsvpLinks: RsvpLinks,
    private readonly unsubscribeLinks: UnsubscribeLinks,
    private readonly templates: TemplatesService,
    private readonly replyAddresses: ReplyAddresses,
    private readonly cohortMails: CohortMails,
    private readonly signinMails: SigninMails,
    private readonly waitlistMail: WaitlistMail,
    private readonly guestMails: GuestMails,
    private readonly encounters: EncountersService,
    private readonly digestMail: DigestMail,
  ) {}

  /**
   * The mail of an outbox row. A preview (the organisers' mail page) gives the reader to write it to instead of the
   * row's member, and is only read: no reply address is handed out for it.
   */
  async compose(row: OutboxMessage, preview?: MemberProfile): Promise<OutgoingMail | { skip: string }> {
    return (await this.batch([row], preview))(row);
  }

  /**
   * Composes the mails of a batch of rows: what they share (each event, its hosts and room, its view in each
   * language) is read once, and what is each member's (profile, answer, reply address, new faces) in one query for
   * all of them, before the first mail. Each mail is then written when asked for, and fails alone.
   */
  async batch(rows: OutboxMessage[], preview?: MemberProfile): Promise<ComposeMail> {
    const memberIds = [...new Set(rows.flatMap((row) => (row.memberId ? [row.memberId] : [])))];
    const members = preview ? [] : await this.members.profiles(memberIds);
    const reads = new BatchReads(new Map(members.map((member) => [member.id, member])), preview);
    const byEvent = new Map<string, { row: OutboxMessage; member: MemberProfile }[]>();
    for (const row of rows) {
      const member = reads.readerOf(row);
      if (!ABOUT_AN_EVENT.includes(row.kind) || !member) continue;
      const mails = byEvent.get(row.eventId!) ?? [];
      mails.push({ row, member });
      byEvent.set(row.eventId!, mails);
    }
    for (const [eventId, mails] of byEvent) {
      const answered = new Set(await this.registrations.memberIds(eventId, [...REGISTRATION_STATUSES]));
      reads.answered.set(eventId, answered);
      const told = mails.filter(({ row }) => TELLS_NEW_FACES.includes(row.kind)).map(({ member }) => member.id);
      if (told.length) reads.newFaces.set(eventId, await this.encounters.notMetGoingTo(eventId, told));
      const replying = mails
        .filter(({ row, member }) => CALENDAR_METHOD[row.kind] && !this.turnedOff(row, member, answered))
        .map(({ member }) => member.id);
      if (replying.length && !preview) {
        reads.replyTo.set(eventId, await this.replyAddresses.addressesFor(eventId, replying));
      }
    }
    return (row) => this.write(row, reads);
  }

  private async write(row: OutboxMessage, reads: BatchReads): Promise<OutgoingMail | { skip: string }> {
    if (row.kind === 'guest-confirmation') return this.toGuest(row, reads.preview);
    const member = reads.readerOf(row);
    if (!member) return { skip: 'the member no longer exists' };
    const content = await this.content(row, member, reads);
    if ('skip' in content) return content;
    const locale = member.locale;
    const topic = TOPIC_OF[row.kind];
    const topics = topic ? [topic] : MAIL_TOPICS;
    const unsubscribe = this.unsubscribeLinks.url(member, topics);
    const context = {
      ...content.context,
      title: content.subject,
      member,
      unsubscribe,
      unsubscribeTopics: reads.shared.get(`topics:${locale}:${topics.join()}`, () =>
        topicsText(this.templates, locale, topics),
      ),
    };
    return {
      ...this.envelope(row),
      to: { name: member.name, address: member.email },
      subject: content.subject,
      text: this.templates.render(`mail/${content.template}.txt`, locale, context, 'mail/layout.txt'),
      html: this.templates.render(`mail/${content.template}`, locale, context, 'mail/layout'),
      headers: {
        'List-Unsubscribe': `<${unsubscribe}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
      attachments: content.attachments,
      icalEvent: content.icalEvent,
      replyTo: content.replyTo,
    };
  }

  /** A guest's confirmation, to the address they typed: no unsubscribe link, they asked for this one mail. */
  private async toGuest(row: OutboxMessage, preview?: MemberProfile): Promise<OutgoingMail | { skip: string }> {
    const content = await this.guestMails.content(row, preview);
    if ('skip' in content) return content;
    const context = { ...content.context, title: content.subject, unsubscribe: null };
    return {
      ...this.envelope(row),
      to: content.to,
      subject: content.subject,
      text: this.templates.render(`mail/${content.template}.txt`, content.locale, context, 'mail/layout.txt'),
      html: this.templates.render(`mail/${content.template}`, content.locale, context, 'mail/layout'),
    };
  }

  /** The same Message-ID on every attempt (the row's id). */
  private envelope(row: OutboxMessage) {
    return {
      outboxId: row.id,
      messageId: `<${row.id}@${new URL(this.settings.publicUrl).hostname}>`,
      from: this.settings.mailFrom,
    };
  }

  private content(
    row: OutboxMessage,
    member: MemberProfile,
    reads: BatchReads,
  ): Promise<ComposedContent | { skip: string }> {
    switch (row.kind) {
      case 'cohort-welcome':
        return this.cohortMails.welcome(row.details.cohortId!, member);
      case 'cohort-summary':
        return this.cohortMails.summary(row.details.cohortId!, member);
      case 'signin':
        return this.signinMails.content(row, member);
      case 'waitlisted':
        return this.waitlistMail.content(row, member);
      case 'digest':
        return this.digestMail.content(row, member);
      default:
        return this.eventContent(row, member, reads);
    }
  }

  /** A member who turned this kind of mail off still hears of an event they answered. */
  private turnedOff(row: OutboxMessage, member: MemberProfile, answered: Set<string>): MailTopic | null {
    const topic = TOPIC_OF[row.kind];
    return topic && !member.mailPreferences[topic] && !answered.has(member.id) ? topic : null;
  }

  /** The mails about one event: what it is, what changed, the answer links and the iTIP part. */
  private async eventContent(
    row: OutboxMessage,
    member: MemberProfile,
    reads: BatchReads,
  ): Promise<ComposedContent | { skip: string }> {
    const turnedOff = this.turnedOff(row, member, reads.answered.get(row.eventId!)!);
    if (turnedOff) return { skip: `the member turned ${turnedOff} off` };
    const locale = member.locale;
    const { event, view } = await reads.shared.get(`event:${row.eventId}:${locale}`, async () => {
      const event = await reads.shared.get(`event:${row.eventId}`, () => this.events.get(row.eventId!));
      return { event, view: await this.views.of(event, locale) };
    });
    const subject = reads.shared.get(`subject:${event.id}:${row.kind}:${locale}`, () =>
      this.templates.text(locale, `mail.${row.kind}.subject`, {
        title: event.title,
        date: DateTime.fromJSDate(event.startsAt, { zone: event.timezone })
          .setLocale(locale)
          .toFormat('cccc d LLLL, HH:mm'),
      }),
    );
    const count = reads.newFaces.get(event.id)?.get(member.id);
    const context = {
      kind: row.kind,
      event: view,
      intro: this.templates.text(locale, `mail.${row.kind}.intro`, { name: member.name, title: event.title }),
      reason: view.cancelReason && this.templates.text(locale, 'mail.reason', { reason: view.cancelReason }),
      changes: await reads.shared.get(`changes:${JSON.stringify(row.details)}:${locale}`, () =>
        this.changes(row.details, locale),
      ),
      // "6 people you haven't met are coming", or nothing when the member has met them all.
      newFaces: count ? this.templates.text(locale, 'mail.newFaces', { count }) : null,
      answers:
        ASKS_FOR_ANSWER.includes(row.kind) && event.status !== 'cancelled'
          ? this.rsvpLinks.answers(member, event)
          : null,
      eventUrl: `${this.settings.publicUrl}/events/${event.id}`,
    };
    const method = CALENDAR_METHOD[row.kind];
    // nodemailer's icalEvent: a text/calendar alternative whose method= matches the METHOD inside.
    // The calendar's own Yes / Maybe / No buttons answer to the member's reply address (src/replies).
    const replyTo =
      method && (reads.preview ? mailbox(this.settings.mailFrom).email : reads.replyTo.get(event.id)!.get(member.id)!);
    const invitation = method && {
      method,
      // The iTIP part: the member as ATTENDEE, the space at the reply address as ORGANIZER, the event's UID and SEQUENCE.
      content: reads.shared.get(`calendar:${event.id}:${method}`, () =>
        invitationTexts(entryOf(event, this.settings.publicUrl), method),
      )({
        organizer: { ...mailbox(this.settings.mailFrom), email: replyTo! },
        attendee: { name: member.name, email: member.email },
      }),
    };
    return { subject, template: 'message', context, icalEvent: invitation, replyTo };
  }

  /** "What changed" lines of an update, in the member's language. */
  private async changes(details: MailDetails, locale: Locale) {
    const lines: { label: string; from: string; to: string }[] = [];
    if (details.when) {
      const text = (times: Times) =>
        formatWhen(new Date(times.startsAt), new Date(times.endsAt), times.timezone, locale);
      lines.push({
        label: this.templates.text(locale, 'event.when'),
        from: text(details.when.from),
        to: text(details.when.to),
      });
    }
    if (details.where) {
      const text = async (place: Place) =>
        [place.roomId && (await this.rooms.get(place.roomId)).name, place.location].filter(Boolean).join(', ') || '—';
      lines.push({
        label: this.templates.text(locale, 'event.where'),
        from: await text(details.where.from),
        to: await text(details.where.to),
      });
    }
    return lines.length ? lines : null;
  }
}
