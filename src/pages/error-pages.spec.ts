import { parseSettings } from '../config/settings';
import { TemplatesService } from '../templates/templates.service';
import { ErrorPages } from './error-pages';

describe('ErrorPages', () => {
  const templates = new TemplatesService(parseSettings({}));
  templates.onModuleInit();
  const pages = new ErrorPages(templates);
  const titleOf = (page: string | null) => /<title>(.*?) ·/.exec(page ?? '')?.[1];

  it.each([
    [400, 'Demande refusée', 'Request refused'],
    [404, 'Page introuvable', 'Page not found'],
    [413, 'Envoi trop volumineux', 'Too large'],
    [415, 'Format non pris en charge', 'Format not supported'],
    [429, 'Trop de demandes', 'Too many requests'],
    [500, 'Erreur du serveur', 'Server error'],
    [503, 'Erreur du serveur', 'Server error'],
    [409, 'Erreur', 'Error'],
  ])('titles the page of a %i in French, with the English below', (status, french, english) => {
    const page = pages.render(status, '/rsvp/some-token');
    expect(titleOf(page)).toBe(french);
    expect(page).toContain(`<h1>${french}</h1>`);
    expect(page).toContain(`<h2>${english}</h2>`);
  });

  it('names the fields of a refused request, never the details of a server error', () => {
    const body = { statusCode: 400, error: 'Bad Request', message: 'x', fields: { page: ['page must be from 1'] } };
    expect(pages.render(400, '/', body)).toContain('<li><code>page</code>: page must be from 1</li>');
    expect(pages.render(500, '/', { ...body, statusCode: 500 })).not.toContain('<code>page</code>');
    expect(pages.render(404, '/rsvp/x', { statusCode: 404, error: 'Not Found', message: 'x' })).not.toContain('<ul');
  });

  it('leaves the API and health to JSON', () => {
    expect(pages.render(404, '/api/members')).toBeNull();
    expect(pages.render(500, '/health')).toBeNull();
  });
});
