import { isValidCep, isValidCpf, normalizePhone, passwordViolations } from '#domain/identity/rules.js';

describe('CPF check digits', () => {
  it.each(['529.982.247-25', '52998224725', '111.444.777-35'])('accepts %s', (cpf) => {
    expect(isValidCpf(cpf)).toBe(true);
  });
  it.each(['529.982.247-24', '52998224715', '111.111.111-11', '00000000000', '1234567890', 'abc.def.ghi-jk', ''])('rejects %s', (cpf) => {
    expect(isValidCpf(cpf)).toBe(false);
  });
});

describe('CEP', () => {
  it.each(['01310100', '01310-100'])('accepts %s', (cep) => expect(isValidCep(cep)).toBe(true));
  it.each(['0131010', '013101000', '01310-10a', '01.310-100', ''])('rejects %s', (cep) => expect(isValidCep(cep)).toBe(false));
});

describe('phone normalisation', () => {
  it.each([
    ['+5511987654321', '+5511987654321'],
    ['(11) 98765-4321', '+5511987654321'],
    ['11 3456-7890', '+551134567890'],
    ['011987654321', '+5511987654321'],
    ['+1 415 555 2671', '+14155552671'],
  ])('%s -> %s', (input, expected) => expect(normalizePhone(input)).toBe(expected));
  it.each(['12345', '(00) 98765-4321', '11 8765-432', '+0123456789', 'phone', '(11) 18765-4321'])('rejects %s', (input) => {
    expect(normalizePhone(input)).toBeUndefined();
  });
});

describe('password policy', () => {
  it('accepts a password meeting every rule', () => expect(passwordViolations('Segura#123')).toEqual([]));
  it('names each broken rule', () => {
    expect(passwordViolations('abc')).toEqual(['at least 8 characters', 'an uppercase letter', 'a digit', 'a symbol']);
    expect(passwordViolations('ABCDEFGH1!')).toEqual(['a lowercase letter']);
    expect(passwordViolations('x'.repeat(129) + 'A1!')).toContain('at most 128 characters');
  });
});
