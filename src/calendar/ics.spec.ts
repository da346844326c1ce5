import { calendarText, CalendarEntry, invitationTexts } from './ics';

const entry: CalendarEntry = {
  uid: 'f3b1c2d4-0000-4000-8000-000000000001@rencontres.example.org',
  sequence: 2,
  status: 'confirmed',
  title: 'Colunch : facturer en freelance, « TVA » et autres joies; avec des virgules, et un titre long',
  description: 'Une ligne\net une autre',
  location: 'Grande table, 2e étage',
  startsAt: new Date('2027-03-28T00:30:00Z'),
  endsAt: new Date('2027-03-28T02:00:00Z'),
  timezone: 'Europe/Paris',
  createdAt: new Date('2027-01-02T10:00:00Z'),
  updatedAt: new Date('2027-01-03T11:00:00Z'),
  url: 'https://rencontres.example.org/events/f3b1c2d4;x,y',
};
const organizer = (token: string) => ({ name: 'Rencontres', email: `rencontres+${token}@example.org` });

describe('invitationTexts', () => {
  it('writes each member the bytes calendarText writes, whatever came before', () => {
    const invitation = invitationTexts(entry, 'REQUEST');
    const people = [
      { organizer: organizer('abcdefghijklmnopqrst'), attendee: { name: 'Zoé "Zo" Élan', email: 'zoe@example.org' } },
      {
        organizer: organizer('zyxwvutsrqponmlkjihg'),
        attendee: { name: 'Un nom très long, avec une virgule; et un point-virgule', email: 'long@example.org' },
      },
    ];
    for (const each of [...people, ...people]) {
      expect(invitation(each)).toBe(calendarText([entry], { method: 'REQUEST', ...each }));
    }
  });

  it('keeps the method it was made for', () => {
    const each = { organizer: organizer('abcdefghijklmnopqrst'), attendee: { name: 'A', email: 'a@example.org' } };
    expect(invitationTexts(entry, 'CANCEL')(each)).toBe(calendarText([entry], { method: 'CANCEL', ...each }));
  });
});
