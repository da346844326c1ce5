import { createEvent, createMember, createSeries } from '../factories/api.factory';
import { FixedClock } from '../helpers/fixed-clock';
import { parseCalendar, vevents } from '../helpers/ics';
import { feedShowing } from '../helpers/feeds';
import { createTestApp, TestApp } from '../helpers/test-app';
import { Clock } from '../../src/common/clock';

/** The raw lines of a feed, unfolded (RFC 5545 §3.1). */
const unfolded = (text: string) => text.replace(/\r\n[ \t]/g, '').split('\r\n');

describe('calendar feeds', () => {
  let t: TestApp;
  const clock = new FixedClock('2027-01-04T09:00:00+01:00');
  beforeAll(async () => (t = await createTestApp({ overrides: [{ provide: Clock, useValue: clock }] })));
  afterAll(() => t.close());

  const getText = (path: string) => t.getText(path);
  const publicFeed = () => getText('/calendar/public.ics');
  /** The public feed once it shows an event titled so (it is rebuilt after each write). */
  const publicFeedWith = (title: string) =>
    feedShowing(t, '/calendar/public.ics', (text) => summaries(text).includes(title));
  const summaries = (text: string) => vevents(text).map((event) => event.getFirstPropertyValue('summary'));

  it('serves public events as iCalendar with every property calendar clients need', async () => {
    const event = await createEvent(t, {
      visibility: 'public',
      kind: 'open-coffee',
      title: 'Open coffee de janvier',
      startsAt: '2027-01-14T08:30:00+01:00',
      endsAt: '2027-01-14T10:00:00+01:00',
    });
    const hidden = await createEvent(t, { visibility: 'members', title: 'Réservé aux membres' });
    const res = await publicFeed().set('Accept', 'application/json').expect(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.headers.etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/);
    const text: string = res.body;
    const calendar = parseCalendar(text);
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getAllProperties('prodid')).toHaveLength(1);
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    const lines = unfolded(text);
    expect(lines).toEqual(
      expect.arrayContaining([
        'REFRESH-INTERVAL;VALUE=DURATION:PT6H',
        'X-PUBLISHED-TTL:PT6H',
        'NAME:Rencontres · événements publics',
        'X-WR-CALNAME:Rencontres · événements publics',
      ]),
    );
    expect(lines.filter((line) => line.startsWith('ATTENDEE'))).toEqual([]);
    expect(summaries(text)).toContain('Open coffee de janvier');
    expect(summaries(text)).not.toContain(hidden.title);
    const [vevent] = vevents(text).filter((e) => e.getFirstPropertyValue('uid') === event.uid);
    expect(vevent.getFirstPropertyValue('sequence')).toBe(0);
    expect(vevent.getFirstPropertyValue('url')).toBe(`http://rencontres.test/events/${event.id}`);
    for (const name of ['DTSTAMP', 'LAST-MODIFIED', 'CREATED']) {
      expect(lines.filter((line) => line.startsWith(`${name}:`)).every((line) => /:\d{8}T\d{6}Z$/.test(line))).toBe(
        true,
      );
    }
    expect(lines).toContain('DTSTART;TZID=Europe/Paris:20270114T083000');
    expect(calendar.getAllSubcomponents('vtimezone').map((zone) => zone.getFirstPropertyValue('tzid'))).toEqual([
      'Europe/Paris',
    ]);
  });

  it('answers 304 to an unchanged feed, HEAD without a body, and the same bytes after unrelated writes', async () => {
    await createEvent(t, { visibility: 'public', title: 'Stable' });
    const first = await publicFeedWith('Stable');
    await t.http.get('/calendar/public.ics').set('If-None-Match', first.headers.etag).expect(304);
    await t.http.get('/calendar/public.ics').set('If-None-Match', `"other", ${first.headers.etag}`).expect(304);
    const head = await t.http.head('/calendar/public.ics').expect(200);
    expect(head.headers.etag).toBe(first.headers.etag);
    await createMember(t);
    const again = await publicFeed().expect(200);
    expect(again.body).toBe(first.body);
    expect(again.headers.etag).toBe(first.headers.etag);
    await createEvent(t, { visibility: 'public', title: 'Nouveau' });
    await publicFeedWith('Nouveau');
    const changed = await t.http.get('/calendar/public.ics').set('If-None-Match', first.headers.etag).expect(200);
    expect(changed.headers.etag).not.toBe(first.headers.etag);
  });

  it('keeps a weekly lunch at 12:30 in Paris across the March change, each occurrence with its own UID', async () => {
    const series = await createSeries(t, {
      visibility: 'public',
      title: 'Colunch DST',
      startsAt: '2027-03-16T12:30:00+01:00',
      endsAt: '2027-03-16T14:00:00+01:00',
      rrule: 'FREQ=WEEKLY;COUNT=4',
    });
    const text: string = (await publicFeedWith('Colunch DST')).body;
    const occurrences = vevents(text).filter((event) => event.getFirstPropertyValue('summary') === 'Colunch DST');
    expect(occurrences).toHaveLength(4);
    expect(new Set(occurrences.map((event) => event.getFirstPropertyValue('uid'))).size).toBe(4);
    expect(occurrences.every((event) => !event.hasProperty('rrule'))).toBe(true);
    const starts = occurrences.map((event) => event.getFirstPropertyValue('dtstart') as any);
    expect(starts.map((start) => `${start.zone.tzid} ${start.hour}:${start.minute}`)).toEqual(
      Array(4).fill('Europe/Paris 12:30'),
    );
    expect(starts.map((start) => start.toJSDate().toISOString())).toEqual(
      series.occurrences.map((o: { startsAt: string }) => o.startsAt),
    );
    expect(series.occurrences.map((o: { startsAt: string }) => o.startsAt.slice(11, 16))).toEqual([
      '11:30',
      '11:30',
      '10:30',
      '10:30',
    ]);
  });

  it('escapes a text that tries to inject properties, and folds a long French title at 75 octets', async () => {
    // Titles are one line (the API refuses a line break there); a description may hold them.
    const title = 'Atelier; virgules, points-virgules; et \\ barres';
    const hostile = 'Atelier\nATTENDEE:mailto:pirate@example.org\r\nEND:VEVENT; virgules';
    const long = `Conférence « élégance » ${'déjà été à la crèche, où l’âme s’éveille '.repeat(8)}`.slice(0, 300);
    await createEvent(t, { visibility: 'public', title, description: hostile });
    await createEvent(t, { visibility: 'public', title: long.slice(0, 200), description: long });
    const res = await publicFeedWith(long.slice(0, 200));
    const text: string = res.body;
    expect(summaries(text)).toEqual(expect.arrayContaining([title, long.slice(0, 200)]));
    const injected = vevents(text).find((event) => event.getFirstPropertyValue('summary') === title)!;
    expect(injected.getFirstPropertyValue('description')).toBe(hostile.replace(/\r\n/g, '\n'));
    expect(unfolded(text).filter((line) => line.startsWith('ATTENDEE') || line === 'END:VEVENT; virgules')).toEqual([]);
    const described = vevents(text).find((event) => event.getFirstPropertyValue('summary') === long.slice(0, 200))!;
    expect(described.getFirstPropertyValue('description')).toBe(long);
    const bytes = Buffer.from(text, 'utf8');
    let start = 0;
    for (let i = 0; i < bytes.length - 1; i++) {
      if (bytes[i] === 0x0d && bytes[i + 1] === 0x0a) {
        const line = bytes.subarray(start, i);
        expect(line.length).toBeLessThanOrEqual(75);
        expect(line.toString('utf8')).not.toContain('\uFFFD');
        start = i + 2;
      }
    }
  });

  it('keeps a cancelled event in the feed with STATUS:CANCELLED and a higher SEQUENCE', async () => {
    const event = await createEvent(t, { visibility: 'public', title: 'Table ronde annulée', kind: 'round-table' });
    await t.api.post(`/api/events/${event.id}/cancel`).send({ reason: 'Intervenant absent' }).expect(200);
    const theEvent = (text: string) => vevents(text).find((e) => e.getFirstPropertyValue('uid') === event.uid);
    const feed = await feedShowing(
      t,
      '/calendar/public.ics',
      (text) => theEvent(text)?.getFirstPropertyValue('status') === 'CANCELLED',
    );
    const vevent = theEvent(feed.body)!;
    expect(vevent.getFirstPropertyValue('sequence')).toBe(1);
  });

  it('serves the public events of one kind, and 404 for an unknown kind', async () => {
    await createEvent(t, { visibility: 'public', kind: 'colunch', title: 'Juste un colunch' });
    await createEvent(t, { visibility: 'public', kind: 'talk', title: 'Une conférence' });
    const res = await getText('/calendar/kinds/colunch.ics').expect(200);
    expect(summaries(res.body)).toContain('Juste un colunch');
    expect(summaries(res.body)).not.toContain('Une conférence');
    expect(unfolded(res.body)).toContain('X-WR-CALNAME:Rencontres · événements publics · Colunch');
    await t.http.get('/calendar/kinds/party.ics').expect(404);
  });

  it('gives each member a private feed with members-only events and their own answer, and a token they can rotate', async () => {
    const member = await createMember(t, { name: 'Zoé' });
    const other = await createMember(t);
    const full = await createEvent(t, { title: 'Colunch complet', capacity: 1 });
    const maybe = await createEvent(t, { title: 'Atelier peut-être' });
    const going = await createEvent(t, { title: 'Talk oui', visibility: 'public' });
    await t.api.put(`/api/events/${full.id}/registrations/${other.id}`).send({ response: 'yes' }).expect(200);
    await t.api.put(`/api/events/${full.id}/registrations/${member.id}`).send({ response: 'yes' }).expect(200);
    await t.api.put(`/api/events/${maybe.id}/registrations/${member.id}`).send({ response: 'maybe' }).expect(200);
    await t.api.put(`/api/events/${going.id}/registrations/${member.id}`).send({ response: 'yes' }).expect(200);
    const path = new URL(member.feedUrl).pathname;
    const res = await getText(path).expect(200);
    expect(res.headers['cache-control']).toBe('private, max-age=300');
    const byUid = new Map(vevents(res.body).map((event) => [event.getFirstPropertyValue('uid'), event]));
    expect(byUid.get(full.uid)!.getFirstPropertyValue('summary')).toBe('[Liste d’attente] Colunch complet');
    expect(byUid.get(full.uid)!.getFirstPropertyValue('status')).toBe('TENTATIVE');
    expect(byUid.get(maybe.uid)!.getFirstPropertyValue('summary')).toBe('[Peut-être] Atelier peut-être');
    expect(byUid.get(going.uid)!.getFirstPropertyValue('summary')).toBe('Talk oui');
    expect(byUid.get(going.uid)!.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(unfolded(res.body).some((line) => line.startsWith('ATTENDEE'))).toBe(false);

    await t.api.put(`/api/events/${full.id}/registrations/${other.id}`).send({ response: 'no' }).expect(200);
    // The member's own scope moved: their feed is rebuilt before it is answered.
    const promoted = await getText(path).set('If-None-Match', res.headers.etag).expect(200);
    expect(summaries(promoted.body)).toContain('Colunch complet');
    expect(summaries(promoted.body)).not.toContain('[Liste d’attente] Colunch complet');

    const rotated = (await t.api.post(`/api/members/${member.id}/feed-token`).expect(200)).body;
    expect(rotated.feedUrl).not.toBe(member.feedUrl);
    await t.http.get(path).expect(404);
    await t.http.get(new URL(rotated.feedUrl).pathname).expect(200);
  });

  it('offers a subscribe page with webcal:// and Google Calendar links', async () => {
    const html = (await t.http.get('/calendar/public').expect(200)).text.replace(/&#x3D;/g, '=');
    expect(html).toContain('href="webcal://rencontres.test/calendar/public.ics"');
    expect(html).toContain(
      `href="https://calendar.google.com/calendar/r?cid=${encodeURIComponent('webcal://rencontres.test/calendar/public.ics')}"`,
    );
    const member = await createMember(t);
    const token = new URL(member.feedUrl).pathname.split('/').pop()!.replace('.ics', '');
    expect((await t.http.get(`/calendar/members/${token}`).expect(200)).text).toContain('Ce lien est personnel');
    await t.http.get('/calendar/members/unknown-token').expect(404);
  });
});
