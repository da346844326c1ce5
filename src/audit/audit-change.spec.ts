import { changeOf } from './audit-change';

describe('changeOf', () => {
  it('reads create, update and delete from the route, with the id of the route or of the answer', () => {
    expect(changeOf('POST', '/api/members', {}, { name: 'A', email: 'a@b.c' }, 'm1')).toEqual({
      action: 'create',
      thingKind: 'member',
      thingId: 'm1',
      related: {},
      fields: ['name', 'email'],
    });
    expect(changeOf('PATCH', '/api/members/:id', { id: 'm1' }, { role: 'organiser' }, null)).toMatchObject({
      action: 'update',
      thingId: 'm1',
      fields: ['role'],
    });
  });

  it('names the step of an action route and keeps the other ids', () => {
    expect(changeOf('POST', '/api/events/:id/cancel', { id: 'e1' }, { reason: 'rain' }, null)).toMatchObject({
      action: 'cancel',
      thingKind: 'event',
      thingId: 'e1',
    });
    expect(
      changeOf(
        'PUT',
        '/api/events/:id/registrations/:memberId',
        { id: 'e1', memberId: 'm1' },
        { response: 'yes' },
        null,
      ),
    ).toMatchObject({ action: 'registrations.update', thingId: 'e1', related: { memberId: 'm1' } });
    expect(
      changeOf('DELETE', '/api/events/:id/checkins/:memberId', { id: 'e1', memberId: 'm1' }, undefined, null),
    ).toMatchObject({ action: 'checkins.delete', fields: [] });
    expect(changeOf('POST', '/admin/tokens/:id/revoke', { id: 't1' }, { _csrf: 'x' }, null)).toMatchObject({
      action: 'revoke',
      thingKind: 'api-token',
      fields: [],
    });
  });

  it('ignores reads and routes outside /api and /admin', () => {
    expect(changeOf('GET', '/api/members', {}, undefined, null)).toBeNull();
    expect(changeOf('POST', '/rsvp/:token', { token: 't' }, { response: 'yes' }, null)).toBeNull();
  });
});
