import { DataSource } from 'typeorm';
import { createEvent, createMember } from '../factories/api.factory';
import { createTestApp, TestApp } from '../helpers/test-app';

describe('queries per answer (not committed)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp({ env: { OUTBOX_POLL_MS: '3600000' } })));
  afterAll(() => t.close());

  it('counts', async () => {
    const ds = t.app.get(DataSource);
    const seen: string[] = [];
    const logger = (ds as any).logger;
    const orig = logger.logQuery?.bind(logger);
    (ds as any).logger = new Proxy(logger, {
      get(target, prop) {
        if (prop === 'logQuery') return (q: string) => seen.push(q);
        return target[prop];
      },
    });
    void orig;
    const member = await createMember(t);
    const other = await createMember(t);
    const event = await createEvent(t, { capacity: 1 });
    await t.api.put(`/api/events/${event.id}/registrations/${other.id}`).send({ response: 'yes' }).expect(200);
    const url = (await t.api.get(`/api/events/${event.id}/registrations/${member.id}/rsvp-link`).expect(200)).body.url;
    const path = new URL(url).pathname;
    const report = async (label: string, run: () => Promise<unknown>) => {
      seen.length = 0;
      await run();
      const lines = seen.map((q) => q.replace(/\s+/g, ' ').slice(0, 110));
      console.log(`${label}: ${seen.length} statements\n  ${lines.join('\n  ')}`);
    };
    await report('PUT maybe (first answer)', () =>
      t.api.put(`/api/events/${event.id}/registrations/${member.id}`).send({ response: 'maybe' }).expect(200),
    );
    await report('PUT yes (joins waitlist)', () =>
      t.api.put(`/api/events/${event.id}/registrations/${member.id}`).send({ response: 'yes' }).expect(200),
    );
    await report('PUT no by going (promotes)', () =>
      t.api.put(`/api/events/${event.id}/registrations/${other.id}`).send({ response: 'no' }).expect(200),
    );
    await report('POST /rsvp maybe', () => t.http.post(path).type('form').send({ response: 'maybe' }).expect(200));
    await report('POST /rsvp yes', () => t.http.post(path).type('form').send({ response: 'yes' }).expect(200));
  });
});
