import { simpleParser } from 'mailparser';
import { replyMail, ReplyShape, ReplyValues } from '../../test/helpers/reply-fixtures';
import { readReply, responseOf } from './imip-reply';

const values: ReplyValues = {
  to: 'rencontres+abcdefghijklmnopqrst@coworking.example',
  from: 'camille@example.org',
  attendee: 'camille.martin@icloud.com',
  uid: '4f1c2d3e-0000-4000-8000-000000000001@rencontres',
  sequence: 2,
  partstat: 'ACCEPTED',
  stamp: new Date('2026-12-01T10:15:02Z'),
  messageId: '<reply-1@mail.example>',
  startsAt: new Date('2026-12-08T11:30:00Z'),
  endsAt: new Date('2026-12-08T13:00:00Z'),
};

const read = async (shape: ReplyShape, overrides: Partial<ReplyValues> = {}) =>
  readReply(await simpleParser(replyMail(shape, { ...values, ...overrides })));

describe('readReply', () => {
  it.each(['gmail', 'outlook', 'apple'] as const)('reads the %s shape', async (shape) => {
    expect(await read(shape)).toEqual({
      found: 'reply',
      reply: {
        uid: values.uid,
        sequence: 2,
        stamp: values.stamp,
        partstat: 'ACCEPTED',
        attendee: 'camille.martin@icloud.com',
      },
    });
  });

  it('reads each answer and the sequence', async () => {
    expect(await read('outlook', { partstat: 'TENTATIVE', sequence: 0 })).toMatchObject({
      reply: { partstat: 'TENTATIVE', sequence: 0 },
    });
    expect(await read('apple', { partstat: 'DECLINED' })).toMatchObject({ reply: { partstat: 'DECLINED' } });
  });

  it('finds nothing in a human reply', async () => {
    expect(await read('human')).toEqual({ found: 'nothing' });
  });

  it('tells a calendar that is not a reply from a reply', async () => {
    const request = replyMail('apple', values).replace('METHOD:REPLY=0D', 'METHOD:REQUEST=0D');
    expect(readReply(await simpleParser(request))).toEqual({ found: 'other-calendar', method: 'REQUEST' });
  });

  it('survives malformed calendars', async () => {
    const broken = replyMail('apple', values).replace('PARTSTAT=3DACCEPTED', 'PARTSTAT=3D"ACC');
    expect((await simpleParser(broken)).attachments.length).toBeGreaterThan(0);
    expect(readReply(await simpleParser(broken))).toEqual({ found: 'nothing' });
  });

  it('maps participation statuses to answers; the rest is no answer', () => {
    expect(['ACCEPTED', 'TENTATIVE', 'DECLINED', 'NEEDS-ACTION', 'DELEGATED'].map(responseOf)).toEqual([
      'yes',
      'maybe',
      'no',
      null,
      null,
    ]);
  });
});
