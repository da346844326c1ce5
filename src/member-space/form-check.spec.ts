import { UpdateMemberDto } from '../members/member.dto';
import { checkForm } from './form-check';

const FIELDS = ['name', 'locale', 'skills', 'bio', 'company'];
const message = (field: string) => `fix ${field}`;

describe('checkForm', () => {
  it('names each field at fault in the form’s order, with the text for the person', async () => {
    const { errors } = await checkForm(
      UpdateMemberDto,
      { bio: 'a\nb', name: '', locale: 'de', skills: ['x'.repeat(101)], company: null },
      FIELDS,
      message,
    );
    expect(errors).toEqual([
      { field: 'name', message: 'fix name' },
      { field: 'locale', message: 'fix locale' },
      { field: 'skills', message: 'fix skills' },
      { field: 'bio', message: 'fix bio' },
    ]);
  });

  it('gives back the value as the API would take it, trimmed', async () => {
    const { value, errors } = await checkForm(
      UpdateMemberDto,
      { name: '  Léa  ', locale: 'en', skills: ['DRH'], bio: null, company: ' Coop ' },
      FIELDS,
      message,
    );
    expect(errors).toEqual([]);
    expect(value).toMatchObject({ name: 'Léa', locale: 'en', skills: ['DRH'], bio: null, company: 'Coop' });
  });
});
